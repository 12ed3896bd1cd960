import Console
import LessonKit
import Tensors
import TestSupport
import XCTest

/// A framework mistake inside a section: the lesson's output so far is kept, the
/// message speaks the lesson's language and names the section and the lesson
/// line; the stack appears only with --verbose. Exit code 1, not a signal.
final class UsageFailureReportTests: XCTestCase {
    static let mistakeLine = #line + 8
    private func lessonWithAMistake() -> Lesson {
        let lesson = Lesson(id: "lesson-97-mistake", title: L(ru: "Ошибка", en: "A mistake"))
        lesson.section(L(ru: "Подготовка", en: "Preparation")) { s in
            s.print("before the mistake")
        }
        lesson.section(L(ru: "Слой", en: "The layer")) { s in
            s.print("output of section 2")
            _ = Tensor.zeros([2, 3]).matmul(Tensor.zeros([4, 5]))
            s.print("never printed")
        }
        return lesson
    }

    private func runLesson(_ arguments: [String], function: String = #function) throws -> UsageFailureProcess.Result {
        try UsageFailureProcess.run(self, function: function) {
            _ = lessonWithAMistake().run(arguments: arguments + ["--no-figures", "--no-code"], environment: ["NO_COLOR": "1"],
                                         stdout: FileSink.standardOutput, stderr: FileSink.standardError)
        }
    }

    func testTheMessageNamesTheSectionAndTheLine() throws {
        let result = try runLesson(["--lang", "en"])
        XCTAssertTrue(result.exited, result.stderr)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stdout.contains("before the mistake"), result.stdout)
        XCTAssertTrue(result.stdout.contains("output of section 2"), result.stdout)
        XCTAssertFalse(result.stdout.contains("never printed"), result.stdout)
        let expected = """
            error: matmul: inner sizes differ: [2, 3] · [4, 5] (3 ≠ 4)
            Valid: [m, k] · [k, n]: the columns of the first equal the rows of the second
            Called at: Tests/LessonKitTests/UsageFailureReportTests.swift:\(Self.mistakeLine)
            (in section 2, “The layer”)
            The framework's call stack: run again with --verbose.

            """
        XCTAssertEqual(result.stderr, expected)
    }

    func testRussian() throws {
        let result = try runLesson(["--lang", "ru"])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.hasPrefix("ошибка: matmul: внутренние размеры не совпадают: [2, 3] · [4, 5] (3 ≠ 4)\n"),
                      result.stderr)
        XCTAssertTrue(result.stderr.contains("Допустимо: [m, k] · [k, n]: число столбцов первой матрицы равно числу строк второй\n"),
                      result.stderr)
        XCTAssertTrue(result.stderr.contains("Вызвано здесь: Tests/LessonKitTests/UsageFailureReportTests.swift:"), result.stderr)
        XCTAssertTrue(result.stderr.contains("(в разделе 2 «Слой»)"), result.stderr)
        XCTAssertTrue(result.stderr.contains("флаг --verbose"), result.stderr)
    }

    func testVerboseShowsTheCallStack() throws {
        let result = try runLesson(["--lang", "en", "--verbose"])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("Call stack:\n"), result.stderr)
        XCTAssertTrue(result.stderr.contains("Tensor.matmul"), result.stderr)
        XCTAssertFalse(result.stderr.contains("run again with --verbose"), result.stderr)
    }

    func testADefaultOutsideItsRangeStopsTheLesson() throws {
        let result = try UsageFailureProcess.run(self) {
            let lesson = Lesson(id: "lesson-96-default", title: L(ru: "Умолчание", en: "Default"))
            _ = lesson.option("epochs", default: 0, range: 1...10, help: L(ru: "эпохи", en: "epochs"))
        }
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("error: Lesson.option: the default 0 of --epochs is outside its range [1, 10]"),
                      result.stderr)
    }

    func testAnOptionNameWithDashes() throws {
        let result = try UsageFailureProcess.run(self) {
            _ = Lesson(id: "lesson-96-dashes", title: L(ru: "Флаг", en: "Flag"))
                .option("--epochs", default: 1, help: L(ru: "эпохи", en: "epochs"))
        }
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("error: Lesson.option: the option name '--epochs' is not a plain name"), result.stderr)
    }
}
