import Console
import Foundation
import LessonKit
import XCTest

/// Runs lessons in-process through their public entry point (`Lesson.run(arguments:…)`),
/// their output caught in string sinks, with a scratch folder for each test: the one
/// setup LessonKit's tests and the Course API tests share.
open class LessonRunTestCase: XCTestCase {
    public struct Result {
        public var code: Int32
        public var stdout: String
        public var stderr: String
    }

    /// A new empty folder for each test (figures, exports), removed after it.
    public var temporaryFolder: URL!

    open override func setUpWithError() throws {
        temporaryFolder = FileManager.default.temporaryDirectory
            .appendingPathComponent("lesson-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: temporaryFolder, withIntermediateDirectories: true)
    }

    open override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: temporaryFolder)
    }

    /// Runs `lesson` with `arguments` in English by default; `terminal` makes both sinks
    /// an 80-column terminal.
    public func run(_ lesson: Lesson, _ arguments: [String], environment: [String: String] = ["LANG": "en_US.UTF-8"],
                    terminal: Bool = false) -> Result {
        let out = StringSink(isTerminal: terminal, columns: terminal ? 80 : nil)
        let err = StringSink(isTerminal: terminal, columns: terminal ? 80 : nil)
        let code = lesson.run(arguments: arguments, environment: environment, stdout: out, stderr: err)
        return Result(code: code, stdout: out.text, stderr: err.text)
    }
}
