import Foundation
import TestSupport
import XCTest

final class Lesson07Tests: XCTestCase {
    func testQuickRunTrainsTestsLogsAndItsCheckpointIsReadByPython() throws {
        let folder = try LessonRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let logs = folder.appendingPathComponent("runs").path
        let r = try LessonRunner.run("lesson-07-fashion-mnist", ["--quick", "--lang", "en", "--no-figures", "--logdir", logs])
        XCTAssertEqual(r.status, 0, r.stderr)
        let out = r.stdout
        XCTAssertTrue(out.contains("train_dataset size: 5000") && out.contains("val_dataset size:   1000"), out)
        XCTAssertTrue(out.contains("keys: layers.0.weight [196, 784], layers.0.bias [196], layers.2.weight [10, 196], layers.2.bias [10]"))
        XCTAssertTrue(out.contains("Total params: 155,830") || out.contains("155830"), "summary counts 784·196+196+196·10+10")
        XCTAssertTrue(out.contains("tensorboard --logdir \(logs)"))

        // Per-class accuracies and their mean, as the seed prints them; the mean is their average.
        let perClass = out.split(separator: "\n").filter { $0.hasSuffix(" %") && $0.contains(": ") && !$0.contains("mean_accuracy") }
            .prefix(10).map { Double($0.split(separator: " ").dropLast().last!)! }
        XCTAssertEqual(perClass.count, 10)
        let mean = try XCTUnwrap(out.range(of: #"mean_accuracy: [0-9.]+"#, options: .regularExpression)).lowerBound
        let meanValue = Double(out[mean...].dropFirst("mean_accuracy: ".count).prefix { $0 == "." || $0.isNumber })!
        XCTAssertEqual(meanValue, perClass.reduce(0, +) / 10, accuracy: 0.01)

        // The trainer's CSV has one row per epoch (2 with --quick), TensorBoard an event file, both hparams.
        let csv = try String(contentsOfFile: logs + "/sgd/version_0/metrics.csv", encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(csv.count, 3)
        XCTAssertEqual(csv[0], "epoch,step,lr-SGD,train/loss,val/acc,val/loss")
        let files = try FileManager.default.contentsOfDirectory(atPath: logs + "/sgd/version_0")
        XCTAssertTrue(files.contains { $0.hasPrefix("events.out.tfevents.") } && files.contains("hparams.yaml"), "\(files)")
        let checkpoints = try FileManager.default.contentsOfDirectory(atPath: logs + "/sgd/version_0/checkpoints")
        XCTAssertEqual(checkpoints.count, 1)

        // --evaluate on the saved checkpoints gives the same test accuracy as the lesson printed.
        let evaluated = try LessonRunner.run("lesson-07-fashion-mnist", ["--quick", "--lang", "en", "--no-figures",
                                                                        "--evaluate", logs + "/loop/version_0/classifier.safetensors"])
        XCTAssertEqual(evaluated.status, 0, evaluated.stderr)
        XCTAssertTrue(evaluated.stdout.contains(String(format: "mean_accuracy: %.2f %%", meanValue)), evaluated.stdout)
        let lightning = try LessonRunner.run("lesson-07-fashion-mnist", ["--quick", "--lang", "en", "--no-figures", "--evaluate",
                                                                        logs + "/sgd/version_0/checkpoints/" + checkpoints[0]])
        XCTAssertEqual(lightning.status, 0, lightning.stderr)
        XCTAssertTrue(lightning.stdout.contains("mean_accuracy:"))

        // PyTorch's layout, read by Python's safetensors: the seed's Classifier names and shapes, and
        // the same probabilities for test image 102 from a NumPy forward pass.
        let afterPrediction = out[try XCTUnwrap(out.range(of: "Predicted class:")).upperBound...]
        let probabilities = afterPrediction.split(separator: "\n").compactMap { line -> Double? in
            let parts = line.split(separator: " ")
            guard parts.count >= 2, let p = Double(parts.last!), line.hasPrefix("  "), parts.last!.count == 6 else { return nil }
            return p
        }.prefix(10)
        XCTAssertEqual(probabilities.count, 10)
        try checkWithPython(checkpoint: logs + "/loop/version_0/classifier.safetensors", probabilities: Array(probabilities))
    }

    func checkWithPython(checkpoint: String, probabilities: [Double]) throws {
        if let reason = Python.missing(["safetensors.numpy", "numpy"]) {
            if Python.checksRequired { return XCTFail(reason) }
            throw XCTSkip(reason)
        }
        let images = ["/usr/share/datasets/fashion-mnist", "data/fashion-mnist"].map { $0 + "/t10k-images-idx3-ubyte.gz" }
            .first { FileManager.default.fileExists(atPath: $0) }
        let fromEnvironment = ProcessInfo.processInfo.environment["FASHION_MNIST_DIR"].map { $0 + "/t10k-images-idx3-ubyte.gz" }
        guard let images = fromEnvironment ?? images else { throw XCTSkip("no t10k-images-idx3-ubyte.gz for the Python check") }
        let script = """
        import gzip, sys, numpy as np
        from safetensors.numpy import load_file
        sd = load_file(sys.argv[1])
        want = {"layers.0.weight": (196, 784), "layers.0.bias": (196,), "layers.2.weight": (10, 196), "layers.2.bias": (10,)}
        assert {k: v.shape for k, v in sd.items()} == want, {k: v.shape for k, v in sd.items()}
        x = np.frombuffer(gzip.open(sys.argv[2]).read(), np.uint8, offset=16).reshape(-1, 784)[102] / np.float32(255)
        h = np.maximum(sd["layers.0.weight"] @ x + sd["layers.0.bias"], 0)
        z = sd["layers.2.weight"] @ h + sd["layers.2.bias"]
        p = np.exp(z - z.max()); p /= p.sum()
        print(" ".join("%.4f" % v for v in p))
        """
        let (status, output, errors) = try Python.run(script, arguments: [checkpoint, images])
        XCTAssertEqual(status, 0, errors)
        let fromPython = output.split(whereSeparator: \.isWhitespace).compactMap { Double($0) }
        XCTAssertEqual(fromPython.count, 10)
        for (a, b) in zip(fromPython, probabilities) { XCTAssertEqual(a, b, accuracy: 2e-4) }
    }

    /// A second run into the same log folder gets its own version folders and leaves the first
    /// run's checkpoint as it was; a run that trains nothing tests nothing, not an earlier checkpoint.
    func testRunsNeverOverwriteEarlierRunsAndTestOnlyTheirOwnCheckpoint() throws {
        let folder = try LessonRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let logs = folder.appendingPathComponent("runs").path
        let arguments = ["--quick", "--lang", "en", "--no-figures", "--logdir", logs, "--epochs", "1"]
        let first = try LessonRunner.run("lesson-07-fashion-mnist", arguments)
        XCTAssertEqual(first.status, 0, first.stderr)
        let kept = try Data(contentsOf: URL(fileURLWithPath: logs + "/loop/version_0/classifier.safetensors"))
        let second = try LessonRunner.run("lesson-07-fashion-mnist", arguments + ["--hidden", "32"])
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertTrue(second.stdout.contains("loop/version_1/classifier.safetensors"), second.stdout)
        XCTAssertTrue(second.stdout.contains("keys: layers.0.weight [32, 784]"), "the second run tests its own model")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: logs + "/loop/version_0/classifier.safetensors")), kept)
        for name in ["sgd", "adam-lr0.1", "adam-lr0.001"] {
            let versions = try FileManager.default.contentsOfDirectory(atPath: logs + "/" + name).sorted()
            XCTAssertEqual(versions, ["version_0", "version_1"], name)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: logs + "/sgd/version_0/checkpoints").count, 1)

        let none = try LessonRunner.run("lesson-07-fashion-mnist", ["--quick", "--lang", "en", "--no-figures", "--logdir", logs, "--epochs", "0"])
        XCTAssertNotEqual(none.status, 0, "with no epochs there is no model of this run to test")
        XCTAssertFalse(none.stdout.contains("mean_accuracy"), "an earlier run's checkpoint was tested:\n\(none.stdout)")
    }

    /// Without --logdir, quick runs log under runs/<lesson>/quick, apart from full runs.
    func testQuickRunsLogApartFromFullRuns() throws {
        let folder = try LessonRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let r = try LessonRunner.run("lesson-07-fashion-mnist", ["--quick", "--lang", "en", "--no-figures", "--epochs", "1"], in: folder)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("tensorboard --logdir runs/lesson-07-fashion-mnist/quick\n"), r.stdout)
        let runs = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("runs/lesson-07-fashion-mnist").path)
        XCTAssertEqual(runs, ["quick"])
    }

    func testUnknownOptimizerExplainsTheFix() throws {
        let r = try LessonRunner.run("lesson-07-fashion-mnist", ["--quick", "--lang", "en", "--no-figures", "--optimizer", "lbfgs",
                                                                 "--logdir", NSTemporaryDirectory() + "l07-\(UUID().uuidString)"])
        // The parser rejects it before any training, with the valid choices and a command that works.
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("--optimizer") && r.stderr.contains("lbfgs") && r.stderr.contains("sgd, adam"), r.stderr)
        XCTAssertTrue(r.stderr.contains("To fix: swift run lesson-07-fashion-mnist --optimizer sgd"), r.stderr)
    }

    func testHelpSaysItRunsOnTheCPU() throws {
        let r = try LessonRunner.run("lesson-07-fashion-mnist", ["--help", "--lang", "en"])
        XCTAssertEqual(r.status, 0)
        XCTAssertTrue(r.stdout.contains("CPU"), r.stdout)
        for flag in ["--epochs", "--lr", "--batch-size", "--hidden", "--optimizer", "--evaluate"] {
            XCTAssertTrue(r.stdout.contains(flag), flag)
        }
    }
}

final class Lesson07OwnDatasetTests: XCTestCase {
    /// The hand-written PNG data set reads back the exported pixels exactly, and
    /// the data module feeds the Trainer's fit and test.
    func testOwnDatasetAndDataModuleTrainAndTest() throws {
        let folder = try LessonRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let r = try LessonRunner.run("lesson-07-fashion-mnist", ["--quick", "--lang", "en", "--no-figures", "--section", "7,8",
                                                                "--logdir", folder.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let out = r.stdout
        XCTAssertTrue(out.contains("len(dataset) = 600"), out)
        XCTAssertTrue(out.contains("the same pixels and label as in the IDX files: yes"), out)
        XCTAssertTrue(out.contains("len(dm.trainDataset) = 500   len(dm.valDataset) = 100"), out)
        XCTAssertTrue(out.contains("len(dm.testDataset) = 200"), out)
        // The notebook's mismatched call is named, with the call that works.
        XCTAssertTrue(out.contains("DataSet(DATA_DIR / \"fashion-mnist/train\")") && out.contains("TypeError"), out)
        let line = try XCTUnwrap(out.split(separator: "\n").first { $0.hasPrefix("  val/acc: ") }, out)
        let numbers = line.split(separator: " ").compactMap { Double($0) }
        XCTAssertEqual(numbers.count, 2, String(line))
        // Three epochs on 500 pictures: far above chance (0.1) on validation and test.
        XCTAssertGreaterThan(numbers[0], 0.5, String(line))
        XCTAssertGreaterThan(numbers[1], 0.5, String(line))
    }
}
