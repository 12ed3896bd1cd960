import XCTest
@testable import LessonKit

final class DataOptionsTests: LessonTestCase {
    func testDataDirAndDownloadParseAndShowInHelp() {
        let lesson = Lesson(id: "data", title: L(ru: "Данные", en: "Data"))
        let data = lesson.dataOptions()
        lesson.section(L(ru: "С", en: "S")) { _ in }
        XCTAssertEqual(run(lesson, ["--no-figures", "--data-dir", "/tmp/fm", "--download"]).code, 0)
        XCTAssertEqual(data.directory, "/tmp/fm")
        XCTAssertTrue(data.download)
        XCTAssertEqual(run(lesson, ["--no-figures"]).code, 0)
        XCTAssertEqual(data.directory, "", "no --data-dir means the usual search order")
        XCTAssertFalse(data.download)
        let help = run(lesson, ["--help"]).stdout
        XCTAssertTrue(help.contains("--data-dir") && help.contains("--download"), help)
    }
}
