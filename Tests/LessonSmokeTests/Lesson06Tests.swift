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

    /// "label  a ± b  c ± d ..." → the numbers of the row named `name`.
    static func row(_ name: String, in out: String) throws -> [Double] {
        let line = try XCTUnwrap(out.split(separator: "\n").first { $0.hasPrefix("  " + name + " ") }, out)
        return line.replacingOccurrences(of: "±", with: " ").split(separator: " ").compactMap { Double($0) }
    }

    /// A row of section 7's paired comparisons, "name  -2.0 ± 1.1  [-5.6, +1.6]  verdict":
    /// the mean difference, its standard error, the 95 % interval and the verdict.
    static func comparison(_ name: String, in out: String) throws -> (mean: Double, error: Double, low: Double, high: Double, verdict: String) {
        let line = try XCTUnwrap(out.split(separator: "\n").first { $0.hasPrefix("  " + name + " ") }, out)
        let rest = line.dropFirst(2 + name.count)
        let numbers = rest.replacingOccurrences(of: "±", with: " ").replacingOccurrences(of: "[", with: " ")
            .replacingOccurrences(of: "]", with: " ").replacingOccurrences(of: ",", with: " ").replacingOccurrences(of: "+", with: "")
            .split(separator: " ").compactMap { Double($0) }
        let verdict = try XCTUnwrap(["within noise", "better", "worse"].first { rest.hasSuffix($0) }, String(line))
        let n = try XCTUnwrap(numbers.count == 4 ? numbers : nil, "unreadable row: \(line)")
        return (n[0], n[1], n[2], n[3], verdict)
    }

    /// The experiment's claims on the quick data (300 images, 80 epochs, 4 seeds):
    /// the plain network overfits, augmentation closes the train − val gap,
    /// lowers the validation loss and wins on distorted validation images, each
    /// beyond the noise (the 95 % interval of the paired difference excludes
    /// zero); every verdict, in the tables and in the prose, says what its
    /// interval says. (The accuracy gain itself needs the default's 500 images
    /// and 200 epochs; on the quick data it is within noise.)
    func testAugmentationClosesTheGapBeyondNoise() throws {
        let r = try LessonRunner.run(Self.lesson, ["--lang", "en", "--quick", "--no-figures", "--section", "6,7,8"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let plain = try Self.row("no augmentation", in: r.stdout), augmented = try Self.row("augmented", in: r.stdout)
        guard plain.count == 9, augmented.count == 9 else {
            return XCTFail("expected train, val, gap (each ± s.e.), loss, val* (± s.e.): \(plain) \(augmented)")
        }
        XCTAssertGreaterThan(plain[0], 95, "the plain network learns its 300 pictures nearly by heart")
        XCTAssertEqual(plain[4], plain[0] - plain[2], accuracy: 0.2, "gap = train − val")

        let val = try Self.comparison("val acc, points", in: r.stdout)
        let gap = try Self.comparison("train − val gap, points", in: r.stdout)
        let distorted = try Self.comparison("val*, points", in: r.stdout)
        let loss = try Self.comparison("val loss", in: r.stdout)
        XCTAssertLessThan(gap.mean, -3, "the gap closes by points, not fractions")
        XCTAssertLessThan(gap.high, 0, "the whole interval below zero")
        XCTAssertEqual(gap.verdict, "better", "a narrower gap is better")
        XCTAssertEqual(gap.mean, augmented[4] - plain[4], accuracy: 0.2)
        XCTAssertGreaterThan(distorted.mean, 3)
        XCTAssertEqual(distorted.verdict, "better")
        XCTAssertLessThan(loss.high, 0, "a lower validation loss, beyond the noise")
        XCTAssertEqual(loss.mean, augmented[6] - plain[6], accuracy: 0.002)
        // Every verdict follows its interval: higher is better for accuracy, lower for the gap and the loss.
        for (row, higherIsBetter) in [(val, true), (gap, false), (distorted, true), (loss, false)] {
            XCTAssertEqual(row.verdict, Self.verdict(row.low, row.mean, row.high, higherIsBetter: higherIsBetter), "\(row)")
        }
        let prose = r.stdout.replacingOccurrences(of: "\n", with: " ").split(separator: " ").joined(separator: " ")
        XCTAssertTrue(prose.contains("Compose([RandomAffine(5, translate=(0.05, 0.05), scale=(0.95, 1.05)), ToTensor()])"), prose)
        XCTAssertTrue(prose.contains("the lr falling along a cosine to 0"), prose)
        XCTAssertTrue(prose.contains("it narrowed by"), prose)
        XCTAssertTrue(prose.contains("The validation loss (\(String(format: "%.3f", loss.mean))"), prose)
        XCTAssertTrue(prose.contains("the augmented network learned that these transforms do not change the class"), prose)
        // The verdict on the undistorted validation accuracy in the prose is the table's.
        let expected = ["better": "worked as a regularizer", "worse": "these transforms hurt here", "within noise": "that is within noise"]
        XCTAssertTrue(prose.contains(expected[val.verdict]!), "\(val): \(prose)")

        // Section 8: augmentation against the plain network at its best epoch; the sentence's verdict is its interval's.
        let sentence = try XCTUnwrap(prose.range(of: "the difference is ").map { String(prose[$0.upperBound...].prefix(160)) }, prose)
        let numbers = sentence.replacingOccurrences(of: "±", with: " ").replacingOccurrences(of: "[", with: " ")
            .replacingOccurrences(of: "]", with: " ").replacingOccurrences(of: ",", with: " ").replacingOccurrences(of: "+", with: "")
            .replacingOccurrences(of: ":", with: " ").split(separator: " ").prefix(6).compactMap { Double($0) }
        let early = try XCTUnwrap(numbers.count == 4 ? numbers : nil, sentence)
        let phrase = ["better": "augmentation is still ahead, beyond the noise", "worse": "early stopping is better here",
                      "within noise": "here augmentation gives no more than early stopping"]
        let earlyVerdict = Self.verdict(early[2], early[0], early[3], higherIsBetter: true)
        XCTAssertTrue(sentence.contains(phrase[earlyVerdict]!), "\(early) → \(earlyVerdict): \(sentence)")
        XCTAssertLessThanOrEqual(early[0], val.mean + 0.1, "the best epoch of the plain network is at least its last")
    }

    /// The verdict a 95 % interval [low, high] around `mean` allows.
    static func verdict(_ low: Double, _ mean: Double, _ high: Double, higherIsBetter: Bool) -> String {
        XCTAssertLessThanOrEqual(low, mean)
        XCTAssertGreaterThanOrEqual(high, mean)
        return low > 0 ? (higherIsBetter ? "better" : "worse") : (high < 0 ? (higherIsBetter ? "worse" : "better") : "within noise")
    }

    func testTheExperimentRepeatsWithTheSameSeed() throws {
        let arguments = ["--lang", "en", "--quick", "--no-figures", "--section", "6", "--seeds", "2", "--epochs", "3"]
        let first = try LessonRunner.run(Self.lesson, arguments), second = try LessonRunner.run(Self.lesson, arguments)
        XCTAssertEqual(first.status, 0, first.stderr)
        for name in ["no augmentation", "augmented"] {
            XCTAssertEqual(try Self.row(name, in: first.stdout), try Self.row(name, in: second.stdout), name)
        }
        let other = try LessonRunner.run(Self.lesson, arguments + ["--seed", "7"])
        XCTAssertNotEqual(try Self.row("augmented", in: first.stdout), try Self.row("augmented", in: other.stdout),
                          "another seed draws other images and weights")
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
        // A computed count meets a Russian noun in its agreeing form, thousands grouped by a space.
        let prose = r.stdout.replacingOccurrences(of: "\n", with: " ").split(separator: " ").joined(separator: " ")
        XCTAssertTrue(prose.contains("по 6\u{00A0}000 изображений каждого"), prose)
        XCTAssertTrue(prose.contains("из 10: вертикальное отражение"), prose)
    }

    func testMissingDataAndBadFlagsEndWithAMessage() throws {
        let empty = try LessonRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: empty) }
        let missing = try LessonRunner.run(Self.lesson, ["--lang", "en", "--no-figures", "--data-dir", empty.path])
        XCTAssertEqual(missing.status, 1, "a missing data set is an error, not a crash: \(missing.stderr)")
        XCTAssertTrue(missing.stderr.contains(empty.path), missing.stderr)
        XCTAssertTrue(missing.stderr.contains("apt-get install dataset-fashion-mnist"), missing.stderr)

        let bad = try LessonRunner.run(Self.lesson, ["--lang", "en", "--quick", "--no-figures", "--section", "6", "--aug", "hflip,twirl"])
        XCTAssertEqual(bad.status, 2, "the option parser rejects an unknown augmentation")
        XCTAssertTrue(bad.stderr.contains("twirl") && bad.stderr.contains("affine"), bad.stderr)
        XCTAssertTrue(bad.stderr.contains("To fix: swift run lesson-06-augmentation --aug affine"), bad.stderr)
    }
}
