import Foundation
import XCTest

/// A lesson in a real sixel terminal: xterm as a VT340 on a virtual X display. The
/// screenshot must show the figure's own colours, which no text of the lesson has.
/// Needs Xvfb, xterm and ImageMagick (`make deps-test`); skipped with a note without them.
final class InlineFiguresXtermTests: XCTestCase {
    private var processes: [Process] = []
    private var scratch: URL!

    override func tearDown() {
        for process in processes.reversed() where process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        if let scratch { try? FileManager.default.removeItem(at: scratch) }
    }

    func testReLUFigureAppearsInXtermThroughSixel() throws {
        let tools = ["Xvfb", "xterm", "import"].map { ($0, executable($0)) }
        let missing = tools.filter { $0.1 == nil }.map(\.0)
        guard missing.isEmpty else {
            let note = "note: the xterm sixel test is skipped: \(missing.joined(separator: ", ")) not found; `make deps-test` installs them"
            print(note)
            throw XCTSkip(note)
        }
        let lesson = LessonRunner.productsDirectory.appendingPathComponent("lesson-01-fcnn").path
        scratch = try LessonRunner.temporaryDirectory()
        // The section that draws ReLU, by its title, so the test follows the lesson's order.
        let list = try LessonRunner.run("lesson-01-fcnn", ["--list", "--lang", "en"]).stdout
        let line = try XCTUnwrap(list.split(separator: "\n").first { $0.contains("ReLU activation") }, list)
        let section = try XCTUnwrap(Int(line.trimmingCharacters(in: .whitespaces).prefix { $0.isNumber }), list)

        let display = try startXvfb(tools[0].1!)
        let marker = scratch.appendingPathComponent("exit-code")
        let figures = scratch.appendingPathComponent("figures")
        let command = "'\(lesson)' --lang en --section \(section) --figures '\(figures.path)'; echo $? > '\(marker.path)'; sleep 120"
        let xterm = Process()
        xterm.executableURL = URL(fileURLWithPath: tools[1].1!)
        xterm.arguments = ["-display", display, "-ti", "vt340", "-xrm", "XTerm*numColorRegisters: 256",
                           "-fa", "DejaVu Sans Mono", "-fs", "9", "-geometry", "100x40+0+0", "-e", "/bin/sh", "-c", command]
        // Only what a plain xterm session has: nothing that names another terminal, no colour in the text.
        var environment = ["DISPLAY": display, "NO_COLOR": "1", "LANG": "C.UTF-8",
                           "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        environment["HOME"] = ProcessInfo.processInfo.environment["HOME"]
        xterm.environment = environment
        xterm.standardOutput = FileHandle.nullDevice
        xterm.standardError = FileHandle.nullDevice
        try xterm.run()
        processes.append(xterm)

        XCTAssertTrue(waitFor(seconds: 90) { FileManager.default.fileExists(atPath: marker.path) && !((try? String(contentsOf: marker, encoding: .utf8)) ?? "").isEmpty },
                      "the lesson did not finish inside xterm")
        XCTAssertEqual(try String(contentsOf: marker, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines), "0")
        XCTAssertTrue(FileManager.default.fileExists(atPath: figures.appendingPathComponent("relu.png").path))
        usleep(1_000_000)  // let xterm paint the last bytes

        let shot = scratch.appendingPathComponent("screen.ppm")
        let capture = Process()
        capture.executableURL = URL(fileURLWithPath: tools[2].1!)
        capture.arguments = ["-display", display, "-window", "root", "-depth", "8", "ppm:" + shot.path]
        try capture.run()
        capture.waitUntilExit()
        XCTAssertEqual(capture.terminationStatus, 0, "import could not take the screenshot")
        if let keep = ProcessInfo.processInfo.environment["INLINE_FIGURES_SCREENSHOT"] {
            try? FileManager.default.removeItem(atPath: keep)
            try FileManager.default.copyItem(at: shot, to: URL(fileURLWithPath: keep))
        }
        let image = try PPM(Data(contentsOf: shot))
        // The ReLU curve is the plot's blue (76, 114, 176), its derivative orange (221, 132, 82).
        let blue = image.count { abs($0 - 76) + abs($1 - 114) + abs($2 - 176) < 40 }
        let orange = image.count { abs($0 - 221) + abs($1 - 132) + abs($2 - 82) < 40 }
        XCTAssertGreaterThan(blue, 300, "the ReLU curve's blue is not on the screen")
        XCTAssertGreaterThan(orange, 300, "the derivative's orange is not on the screen")
    }

    /// Starts Xvfb on the first free display from :90 and returns its name.
    private func startXvfb(_ path: String) throws -> String {
        for number in 90..<140 {
            let socket = "/tmp/.X11-unix/X\(number)"
            guard !FileManager.default.fileExists(atPath: socket),
                  !FileManager.default.fileExists(atPath: "/tmp/.X\(number)-lock") else { continue }
            let server = Process()
            server.executableURL = URL(fileURLWithPath: path)
            server.arguments = [":\(number)", "-screen", "0", "1024x768x24", "-nolisten", "tcp"]
            server.standardOutput = FileHandle.nullDevice
            server.standardError = FileHandle.nullDevice
            try server.run()
            processes.append(server)
            if waitFor(seconds: 10, { FileManager.default.fileExists(atPath: socket) || !server.isRunning }), server.isRunning {
                return ":\(number)"
            }
        }
        throw XCTSkip("no free X display for Xvfb among :90–:139")
    }

    private func executable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    private func waitFor(seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(100_000)
        }
        return condition()
    }
}

/// A binary PPM (P6, 8 bits per channel), as ImageMagick writes a screenshot.
private struct PPM {
    let width: Int
    let height: Int
    let pixels: [UInt8]

    init(_ data: Data) throws {
        let bytes = [UInt8](data)
        var i = 0
        func token() -> String {
            while i < bytes.count, bytes[i] == 0x23 || bytes[i] <= 0x20 {
                if bytes[i] == 0x23 { while i < bytes.count, bytes[i] != 0x0A { i += 1 } } else { i += 1 }
            }
            let start = i
            while i < bytes.count, bytes[i] > 0x20 { i += 1 }
            return String(decoding: bytes[start..<i], as: UTF8.self)
        }
        guard token() == "P6", let width = Int(token()), let height = Int(token()), token() == "255" else {
            throw NSError(domain: "PPM", code: 1, userInfo: [NSLocalizedDescriptionKey: "not an 8-bit binary PPM"])
        }
        i += 1
        self.width = width
        self.height = height
        pixels = Array(bytes[i..<min(bytes.count, i + width * height * 3)])
    }

    func count(where matches: (Int, Int, Int) -> Bool) -> Int {
        stride(from: 0, to: pixels.count - 2, by: 3).reduce(0) {
            $0 + (matches(Int(pixels[$1]), Int(pixels[$1 + 1]), Int(pixels[$1 + 2])) ? 1 : 0)
        }
    }
}
