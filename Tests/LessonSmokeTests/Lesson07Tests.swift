import Foundation
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
                                                                        "--evaluate", logs + "/classifier.safetensors"])
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
        try checkWithPython(checkpoint: logs + "/classifier.safetensors", probabilities: Array(probabilities))
    }

    func checkWithPython(checkpoint: String, probabilities: [Double]) throws {
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = ["python3", "-c", "import safetensors.numpy, numpy"]
        check.standardError = FileHandle.nullDevice
        guard (try? check.run()) != nil else { throw XCTSkip("python3 not found") }
        check.waitUntilExit()
        guard check.terminationStatus == 0 else { throw XCTSkip("python3 has no safetensors/numpy (pip install safetensors numpy)") }
        let images = ["/usr/share/datasets/fashion-mnist", "data/fashion-mnist"].map { $0 + "/t10k-images-idx3-ubyte.gz" }
            .first { FileManager.default.fileExists(atPath: $0) }
        guard let images else { throw XCTSkip("no t10k-images-idx3-ubyte.gz for the Python check") }
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
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", script, checkpoint, images]
        let pipe = Pipe()
        python.standardOutput = pipe
        try python.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        python.waitUntilExit()
        XCTAssertEqual(python.terminationStatus, 0)
        let fromPython = output.split(whereSeparator: \.isWhitespace).compactMap { Double($0) }
        XCTAssertEqual(fromPython.count, 10)
        for (a, b) in zip(fromPython, probabilities) { XCTAssertEqual(a, b, accuracy: 2e-4) }
    }

    func testUnknownOptimizerExplainsTheFix() throws {
        let r = try LessonRunner.run("lesson-07-fashion-mnist", ["--quick", "--lang", "en", "--no-figures", "--optimizer", "lbfgs",
                                                                 "--logdir", NSTemporaryDirectory() + "l07-\(UUID().uuidString)"])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("--optimizer lbfgs"), r.stderr)
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
        let r = try LessonRunner.run("lesson-07-fashion-mnist", ["--quick", "--lang", "en", "--no-figures", "--section", "6",
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
