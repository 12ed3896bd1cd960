import Foundation
import XCTest

/// lesson-06-augmentation on the real Fashion-MNIST: the data set's facts as the
/// lesson prints them, the split, the loaders, and the experiment's report.
final class Lesson06Tests: XCTestCase {
    static let lesson = "lesson-06-augmentation"

    func testPrintsTheDataSetFactsFromTheData() throws {
        let r = try LessonRunner.run(Self.lesson, ["--lang", "en", "--quick", "--no-figures"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let out = r.stdout
        XCTAssertTrue(out.contains("len(train) = 60000   len(test) = 10000"), out)
        XCTAssertTrue(out.contains("x.shape: [1, 28, 28]   y: 3   class: Dress"))
        XCTAssertTrue(out.contains("bytes from 0 to 255"))
        XCTAssertTrue(out.contains("after ToTensor: x.min() = 0.0  x.max() = 1.0"))
        // Fashion-MNIST's well-known normalisation constants, computed here from the pixels.
        XCTAssertTrue(out.contains("mean and std of all training pixels: 0.2860 0.3530"))
        XCTAssertTrue(out.contains("9  Ankle boot   Ботильоны      6000  1000"))
        XCTAssertTrue(out.contains("balanced: 6000 images of each"))
        XCTAssertTrue(out.contains("len(train_dataset) = 50000   len(val_dataset) = 10000"))
        XCTAssertTrue(out.contains("indices the parts share: 0"))
        XCTAssertTrue(out.contains("len(train_loader) = 48"))
        XCTAssertTrue(out.contains("len(val_loader)   = 10"))
        XCTAssertTrue(out.contains("x.shape: [1024, 1, 28, 28]   y.shape: [1024]"))
    }

    func testSplitHistogramAddsUpAndFootwearIsLeastSymmetric() throws {
        let r = try LessonRunner.run(Self.lesson, ["--lang", "en", "--quick", "--no-figures", "--section", "3,4"])
        XCTAssertEqual(r.status, 0, r.stderr)
        // Rows of the histogram: "  y  name  train  val  share  bar" (the share's "%" is joined by a no-break space); train + val = 6000 for every class.
        var rows = 0
        for line in r.stdout.split(separator: "\n") {
            let fields = line.split(separator: " ").map(String.init)
            guard fields.count >= 5, let y = Int(fields[0]), (0...9).contains(y), fields.last?.hasPrefix("█") == true,
                  let val = Int(fields[fields.count - 3]), let train = Int(fields[fields.count - 4]) else { continue }
            XCTAssertEqual(train + val, 6000, String(line))
            rows += 1
        }
        XCTAssertEqual(rows, 10, r.stdout)
        let prose = r.stdout.replacingOccurrences(of: "\n", with: " ")
        let sentence = try XCTUnwrap(prose.range(of: "The least symmetric are ").map { prose[$0.upperBound...].prefix(40) }, prose)
        for shoe in ["Ankle boot", "Sandal", "Sneaker"] { XCTAssertTrue(sentence.contains(shoe), String(sentence)) }
    }

    func testExperimentReportsBothRunsConsistently() throws {
        let r = try LessonRunner.run(Self.lesson, ["--lang", "en", "--quick", "--no-figures", "--section", "6"])
        XCTAssertEqual(r.status, 0, r.stderr)
        func row(_ name: String) throws -> [Double] {
            let line = try XCTUnwrap(r.stdout.split(separator: "\n").first { $0.hasPrefix("  " + name + " ") }, r.stdout)
            return line.replacingOccurrences(of: "\u{00A0}%", with: "").replacingOccurrences(of: "(", with: " ")
                .replacingOccurrences(of: ")", with: " ").split(separator: " ").compactMap { Double($0) }
        }
        let plain = try row("no augmentation"), augmented = try row("augmented")
        guard plain.count == 6, augmented.count == 6 else {
            return XCTFail("expected train, val, best, (epoch), loss, min loss: \(plain) \(augmented)")
        }
        for values in [plain, augmented] {
            XCTAssertTrue(values[0...2].allSatisfy { $0 > 10 && $0 <= 100 }, "accuracies in % are plausible: \(values)")
            XCTAssertGreaterThanOrEqual(values[2], values[1] - 1e-9, "the best val accuracy is at least the last epochs' mean")
            XCTAssertGreaterThanOrEqual(values[4], values[5], "the final val loss is at least its minimum")
            XCTAssertTrue((1...4).contains(values[3]), "the best epoch is one of the quick run's 4")
        }
        // The summary line restates the table: difference and gaps.
        let summary = try XCTUnwrap(r.stdout.split(separator: "\n").first { $0.contains("val acc (aug − plain):") })
        let numbers = summary.split(separator: " ").compactMap { Double($0.replacingOccurrences(of: "+", with: "")) }
        guard numbers.count >= 3 else { return XCTFail(String(summary)) }
        XCTAssertEqual(numbers[0], augmented[1] - plain[1], accuracy: 0.15, String(summary))
        XCTAssertEqual(numbers[1], plain[0] - plain[1], accuracy: 0.15, String(summary))
        XCTAssertEqual(numbers[2], augmented[0] - augmented[1], accuracy: 0.15, String(summary))
        XCTAssertTrue(r.stdout.contains("Compose([RandomHorizontalFlip(), RandomAffine(5"))
    }

    func testFiguresAndTheirCompactCSV() throws {
        let folder = try LessonRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let r = try LessonRunner.run(Self.lesson, ["--lang", "ru", "--quick", "--figures", folder.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        for name in ["fashion_mnist", "aug", "aug_experiment"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent(name + ".png").path), name)
        }
        let grid = try String(contentsOf: folder.appendingPathComponent("fashion_mnist.csv"), encoding: .utf8)
        let lines = grid.split(separator: "\n")
        XCTAssertEqual(lines.first, "label,class,class_ru,tile_row,tile_column,train_index")
        XCTAssertEqual(lines.count, 1 + 10 * 9)
        let aug = try String(contentsOf: folder.appendingPathComponent("aug.csv"), encoding: .utf8)
        XCTAssertTrue(aug.contains("RandomVerticalFlip(p=1)"))
    }

    func testMissingDataAndBadFlagsEndWithAMessage() throws {
        let empty = try LessonRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: empty) }
        let missing = try LessonRunner.run(Self.lesson, ["--lang", "en", "--no-figures", "--data-dir", empty.path])
        XCTAssertEqual(missing.status, 1, "a missing data set is an error, not a crash: \(missing.stderr)")
        XCTAssertTrue(missing.stderr.contains(empty.path), missing.stderr)
        XCTAssertTrue(missing.stderr.contains("apt-get install dataset-fashion-mnist"), missing.stderr)

        let bad = try LessonRunner.run(Self.lesson, ["--lang", "en", "--quick", "--no-figures", "--section", "6", "--aug", "hflip,twirl"])
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.contains("twirl") && bad.stderr.contains("affine"), bad.stderr)
    }
}
