import Foundation
import XCTest

final class Lesson01Tests: XCTestCase {
    func testCountsFortyThreeParametersTwoWays() throws {
        let r = try LessonRunner.run("lesson-01-fcnn", ["--lang", "en", "--no-figures"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("by the formula: 43"), r.stdout)
        XCTAssertTrue(r.stdout.contains("in the model (sum of numel() over parameters()): 43"))
        XCTAssertTrue(r.stdout.contains("Total params: 43"))
        XCTAssertTrue(r.stdout.contains("max |y_by_hand − y_model| = 0.0"))
        XCTAssertTrue(r.stdout.contains("y.shape: [5, 2]"))
    }

    func testOtherSizesChangeTheCount() throws {
        let r = try LessonRunner.run("lesson-01-fcnn", ["--lang", "en", "--no-figures", "--sizes", "3,8,8,2", "--batch", "7"])
        XCTAssertEqual(r.status, 0, r.stderr)
        // (8·3 + 8) + (8·8 + 8) + (2·8 + 2) = 122
        XCTAssertTrue(r.stdout.contains("by the formula: 122"))
        XCTAssertTrue(r.stdout.contains("x.shape: [7, 3]"))
    }

    func testBadSizesExplainTheFix() throws {
        let r = try LessonRunner.run("lesson-01-fcnn", ["--lang", "en", "--no-figures", "--sizes", "3"])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("--sizes"), r.stderr)
    }

    func testExportWeavesProseOutputAndFigures() throws {
        let folder = try LessonRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let export = folder.appendingPathComponent("lesson-01.md")
        let r = try LessonRunner.run("lesson-01-fcnn", ["--lang", "ru", "--figures", folder.appendingPathComponent("fig").path,
                                                        "--export", export.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let text = try String(contentsOf: export, encoding: .utf8)
        XCTAssertTrue(text.contains("Полносвязные нейронные сети"))
        XCTAssertTrue(text.contains("![") && text.contains("fig/fcnn.png"))
        XCTAssertTrue(text.contains("Total params: 43"))
    }
}

final class OpenBLASStartupTests: XCTestCase {
    func testVerboseReportsTheCoreAndNeverOverridesTheUser() throws {
        let r = try LessonRunner.run("lesson-01-fcnn", ["--lang", "en", "--no-figures", "--verbose", "--section", "1"],
                                     environment: ["OPENBLAS_CORETYPE": "Prescott"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let all = r.stdout + r.stderr
        XCTAssertTrue(all.contains("core: Prescott"), all)
        XCTAssertTrue(all.contains("OPENBLAS_CORETYPE=Prescott set by the user; left as it is"), all)
        XCTAssertTrue(all.contains("sgemm self-check against a naive product: ok"), all)
    }
}
