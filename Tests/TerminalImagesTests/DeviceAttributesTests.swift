import Foundation
import XCTest
@testable import TerminalImages

/// The query against a real pseudo-terminal; the test plays the terminal on the master side.
final class DeviceAttributesTests: XCTestCase {
    private var master: Int32 = -1
    private var slave: Int32 = -1

    override func setUpWithError() throws {
        guard openpty(&master, &slave, nil, nil, nil) == 0 else {
            throw XCTSkip("no pseudo-terminal available: \(String(cString: strerror(errno)))")
        }
    }

    override func tearDown() {
        if slave >= 0 { close(slave) }
        if master >= 0 { close(master) }
    }

    /// Plays a terminal: waits for the query on the master and types `reply` (after `typed`).
    private func answer(with reply: String?, typedFirst typed: String = "") -> Thread {
        let master = self.master
        let thread = Thread {
            var buffer = [UInt8](repeating: 0, count: 16)
            var seen: [UInt8] = []
            while !seen.elementsEqual([0x1B, 0x5B, 0x63]) {
                let count = read(master, &buffer, buffer.count)
                guard count > 0 else { return }
                seen += buffer[0..<count]
            }
            guard let reply else { return }
            let bytes = Array((typed + reply).utf8)
            _ = write(master, bytes, bytes.count)
        }
        thread.start()
        return thread
    }

    private func localFlags() -> tcflag_t {
        var settings = termios()
        tcgetattr(slave, &settings)
        return settings.c_lflag
    }

    func testTheAnswerIsReadAndTheTerminalRestored() {
        let before = localFlags()
        XCTAssertNotEqual(before & tcflag_t(ECHO | ICANON), 0)
        _ = answer(with: "\u{1B}[?63;1;2;4;6c")
        let reply = DeviceAttributes.queryPrimary(input: slave, output: slave, timeout: 2)
        XCTAssertEqual(reply, "\u{1B}[?63;1;2;4;6c")
        XCTAssertTrue(InlineImageDetection.supportsSixel(primaryDeviceAttributes: reply ?? ""))
        XCTAssertEqual(localFlags(), before, "echo and line editing are back as they were")
    }

    func testKeysTypedBeforeTheAnswerAreNotTakenForIt() {
        _ = answer(with: "\u{1B}[?1;2c", typedFirst: "x")
        XCTAssertEqual(DeviceAttributes.queryPrimary(input: slave, output: slave, timeout: 2), "\u{1B}[?1;2c")
    }

    func testNoAnswerGivesUpAfterTheTimeout() {
        let before = localFlags()
        _ = answer(with: nil)
        let start = Date()
        XCTAssertNil(DeviceAttributes.queryPrimary(input: slave, output: slave, timeout: 0.2))
        XCTAssertLessThan(Date().timeIntervalSince(start), 1.5)
        XCTAssertEqual(localFlags(), before)
    }

    func testNothingIsSentWhenTheInputIsNotATerminal() {
        let pipeEnds = UnsafeMutablePointer<Int32>.allocate(capacity: 2)
        defer { pipeEnds.deallocate() }
        XCTAssertEqual(pipe(pipeEnds), 0)
        defer { close(pipeEnds[0]); close(pipeEnds[1]) }
        XCTAssertNil(DeviceAttributes.queryPrimary(input: pipeEnds[0], output: slave, timeout: 0.2))
        var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        XCTAssertEqual(poll(&descriptor, 1, 100), 0, "no query reached the terminal")
    }
}
