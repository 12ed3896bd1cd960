import Foundation
import XCTest

/// A lesson on a pseudo-terminal, with the test as the terminal: it answers the
/// device-attributes query as a sixel terminal would and presses Enter at `--pause`.
final class InlineFiguresPtyTests: XCTestCase {
    func testSixelUnderTheAnnouncementWithPauseAndNoEchoedAnswer() throws {
        // The titles without the times that `--list` shows beside them: number, English, Russian.
        let list = try LessonRunner.run("lesson-01-fcnn", ["--list"], environment: ["LESSON_LIST_FORMAT": "tsv"]).stdout
        let rows = list.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        let reluRow = try XCTUnwrap(rows.firstIndex { $0.count == 3 && $0[1].contains("ReLU activation") }, list)
        let relu = try XCTUnwrap(Int(rows[reluRow][0]))
        let nextTitle = try XCTUnwrap(rows.dropFirst(reluRow + 1).first?.dropFirst().first, list)

        var master: Int32 = -1, slave: Int32 = -1
        var size = winsize(ws_row: 40, ws_col: 100, ws_xpixel: 800, ws_ypixel: 600)
        guard openpty(&master, &slave, nil, nil, &size) == 0 else {
            throw XCTSkip("no pseudo-terminal available: \(String(cString: strerror(errno)))")
        }
        defer { close(master) }
        let figures = try LessonRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: figures) }

        let process = Process()
        process.executableURL = LessonRunner.productsDirectory.appendingPathComponent("lesson-01-fcnn")
        process.arguments = ["--lang", "en", "--section", "\(relu),\(relu + 1)", "--pause", "--figures", figures.path]
        var environment = ["TERM": "xterm", "NO_COLOR": "1", "LANG": "C.UTF-8"]
        environment["PATH"] = ProcessInfo.processInfo.environment["PATH"]
        environment["OPENBLAS_CORETYPE"] = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"]
        process.environment = environment
        let terminal = FileHandle(fileDescriptor: slave, closeOnDealloc: true)
        process.standardInput = terminal
        process.standardOutput = terminal
        process.standardError = terminal
        try process.run()
        try terminal.close()  // the child holds its copies; reading the master ends when it exits

        let answer = "\u{1B}[?62;4;22c"
        var output = "", answered = false, pressed = false, waitedAtPause = false
        var promptSeen: Date?
        var buffer = [UInt8](repeating: 0, count: 65536)
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 200) >= 0 else { break }
            if descriptor.revents != 0 {
                let count = read(master, &buffer, buffer.count)
                if count <= 0 { break }
                output += String(decoding: buffer[0..<count], as: UTF8.self)
            }
            if !answered, output.contains("\u{1B}[c") {
                answered = true
                _ = write(master, answer, answer.utf8.count)
            }
            // Enter only a while after the prompt: until then the lesson must be waiting.
            if promptSeen == nil, output.contains("[Enter — next section]") { promptSeen = Date() }
            if !pressed, let promptSeen, Date().timeIntervalSince(promptSeen) > 0.5 {
                pressed = true
                waitedAtPause = !output.components(separatedBy: "[Enter — next section]").last!.contains(nextTitle)
                _ = write(master, "\n", 1)
            }
        }
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, output)
        XCTAssertTrue(answered, "the lesson did not ask the terminal")
        XCTAssertTrue(waitedAtPause, "--pause did not wait for Enter")
        XCTAssertFalse(output.contains("62;4;22c"), "the terminal's answer was echoed on screen")

        // The query goes out at the first figure, just before its picture; it shows nothing.
        output = output.replacingOccurrences(of: "\u{1B}[c", with: "")
        // The pty turns \n into \r\n; the picture sits right under the caption, 800 px wide.
        let announcement = "relu.png\r\n  ReLU and its derivative\r\n\r\n\u{1B}P"
        let image = try XCTUnwrap(output.range(of: announcement), output.prefix(3000).debugDescription)
        let sixel = output[image.upperBound...]
        XCTAssertTrue(sixel.prefix(40).contains("q\"1;1;800;400"), "the 1120 × 560 figure fitted to 800 pixels: "
                      + sixel.prefix(40).debugDescription)
        let prompt = try XCTUnwrap(output.range(of: "[Enter — next section]"))
        XCTAssertLessThan(image.lowerBound, prompt.lowerBound, "the figure comes before the pause")
        XCTAssertTrue(output[prompt.upperBound...].contains(nextTitle), "the next section ran after Enter")
        XCTAssertEqual(output.components(separatedBy: "\u{1B}P").count - 1, 1, "one picture")
    }
}
