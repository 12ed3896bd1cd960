import Foundation
import XCTest

final class Lesson02Tests: XCTestCase {
    func testTransferLessonLoadsWithoutTheHeadAndComparesThreeWays() throws {
        let folder = try LessonRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let checkpoint = folder.appendingPathComponent("source.safetensors").path
        let r = try LessonRunner.run("lesson-02-transfer", ["--quick", "--lang", "en", "--no-figures", "--checkpoint", checkpoint,
                                                            "--labelled", "100"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let out = r.stdout
        // Every method of the lecture points to a lesson command.
        for command in ["lesson-03-init", "lesson-04-optimizers", "lesson-05-regularization", "lesson-06-augmentation",
                        "lesson-07-fashion-mnist"] {
            XCTAssertTrue(out.contains("swift run \(command)"), command)
        }
        // The search ran every depth × width.
        XCTAssertEqual(out.components(separatedBy: "\n").filter { $0.range(of: #"^\s+[123]\s+(16|64|256)\s"#, options: .regularExpression) != nil }.count, 9, out)
        // The checkpoint was written, and loading it into a headless model reports the old head like PyTorch.
        XCTAssertTrue(FileManager.default.fileExists(atPath: checkpoint))
        XCTAssertTrue(out.contains("Unexpected key(s) in state_dict: \"head.bias\", \"head.weight\"."), out)
        XCTAssertTrue(out.contains("_IncompatibleKeys(missing_keys=[], unexpected_keys=['head.bias', 'head.weight'])"))
        XCTAssertTrue(out.contains("_IncompatibleKeys(missing_keys=['head.weight', 'head.bias'], unexpected_keys=[])"))
        // 100 labelled images, 20 per class, for all three ways.
        let prose = out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        XCTAssertTrue(prose.contains("\"Few labels\" means 100 images here: 20 per class"), out)
        XCTAssertTrue(prose.contains("All three ways of training get these same 100 images"))
        // The frozen model trains only its head (256·5 + 5 = 1285 parameters), and its body does not move.
        let frozen = try XCTUnwrap(out.components(separatedBy: "\n").first { $0.hasPrefix("  frozen body") && $0.contains("%") })
        XCTAssertTrue(frozen.contains("1 285"), frozen)
        XCTAssertTrue(frozen.hasSuffix(" 0"), frozen)
        XCTAssertTrue(out.contains("Trainable params: 1,285"), out)
        XCTAssertTrue(out.contains("(200,960)"), "the frozen layer's count in parentheses")
        let tuning = try XCTUnwrap(out.components(separatedBy: "\n").first { $0.hasPrefix("  fine tuning") && $0.contains("1e-4, 1e-2") })
        XCTAssertTrue(tuning.contains("2"), tuning)
    }

    func testOverlappingTasksAreRefused() throws {
        let r = try LessonRunner.run("lesson-02-transfer", ["--quick", "--lang", "en", "--no-figures", "--source", "0,1,2", "--target", "2,3"])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("--source and --target share classes [2]"), r.stderr)
    }
}
