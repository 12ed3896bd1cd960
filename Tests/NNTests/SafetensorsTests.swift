import Foundation
import XCTest
import NN
import Tensors
import TestSupport

final class SafetensorsTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("safetensors-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func testByteLayout() throws {
        let bytes = Safetensors.encode([("b", Tensor([1.5])), ("a", Tensor([1, 2], shape: [1, 2]))])
        let headerLength = Int(bytes[0]) | Int(bytes[1]) << 8
        XCTAssertEqual(bytes[2..<8].allSatisfy { $0 == 0 }, true)
        XCTAssertEqual(headerLength % 8, 0, "data must start 8-byte aligned")
        let header = String(decoding: bytes[8..<(8 + headerLength)], as: UTF8.self).trimmingCharacters(in: .whitespaces)
        XCTAssertEqual(header, #"{"a":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#)
        // 1.0, 2.0, 1.5 as little-endian IEEE 754.
        XCTAssertEqual(Array(bytes[(8 + headerLength)...]), [0, 0, 0x80, 0x3f, 0, 0, 0, 0x40, 0, 0, 0xc0, 0x3f])
    }

    func testModelRoundTrip() throws {
        let a = SeedNet(), b = SeedNet()
        let url = folder.appendingPathComponent("model.safetensors")
        try a.save(to: url, metadata: ["epoch": "3"])
        try b.load(from: url)
        let x = Tensor.rand([4, 3])
        XCTAssertEqual(a(x).scalars, b(x).scalars)
        XCTAssertEqual(try Safetensors.load(from: url).metadata, ["epoch": "3"])
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tmp") }
        XCTAssertEqual(leftovers, [])
    }

    func testCorruptFilesNameTheProblem() {
        func message(_ bytes: [UInt8]) -> String {
            do { _ = try Safetensors.decode(bytes); return "no error" } catch { return String(describing: error) }
        }
        XCTAssertTrue(message([1, 2, 3]).contains("too short"))
        XCTAssertTrue(message([255, 0, 0, 0, 0, 0, 0, 0, 0x7b]).contains("header length 255 at byte 0"))
        var good = Safetensors.encode([("w", Tensor([1, 2, 3]))])
        good[9] = 0x21  // break the JSON
        XCTAssertTrue(message(good).contains("corrupt JSON header"))
        let truncated = Array(Safetensors.encode([("w", Tensor([1, 2, 3]))]).dropLast(4))
        XCTAssertTrue(message(truncated).contains("tensor \"w\""), message(truncated))
    }

    func testPythonSafetensorsReadsOurFile() throws {
        if let reason = Python.missing(["safetensors.numpy", "numpy"]) {
            if Python.checksRequired { return XCTFail(reason) }
            throw XCTSkip(reason)
        }

        let model = Classifier(hidden: 196)
        let url = folder.appendingPathComponent("classifier.safetensors")
        try model.save(to: url)
        let script = """
        import sys, numpy as np
        from safetensors.numpy import load_file, save_file
        t = load_file(sys.argv[1])
        shapes = {k: list(v.shape) for k, v in t.items()}
        assert shapes == {"layers.0.weight": [196, 784], "layers.0.bias": [196],
                          "layers.2.weight": [10, 196], "layers.2.bias": [10]}, shapes
        print(float(t["layers.0.weight"][3, 5]), float(t["layers.2.bias"][7]))
        # Written back by the reference implementation, doubled.
        save_file({k: v * 2 for k, v in t.items()}, sys.argv[2])
        """
        let back = folder.appendingPathComponent("doubled.safetensors")
        let (status, printed, errors) = try Python.run(script, arguments: [url.path, back.path])
        XCTAssertEqual(status, 0, errors)
        let layer0 = model.layers[0] as! Linear, layer2 = model.layers[2] as! Linear
        XCTAssertEqual(printed.split(separator: " ").compactMap { Float($0.trimmingCharacters(in: .whitespacesAndNewlines)) },
                       [layer0.weight[3, 5], layer2.bias![7]])
        let doubled = try Safetensors.load(from: back).state
        let w = doubled.first { $0.name == "layers.0.weight" }!.tensor
        XCTAssertEqual(w.scalars, layer0.weight.scalars.map { $0 * 2 })
    }

    func testPythonWrittenHalfAndDoubleLoadAsFloat32() throws {
        if let reason = Python.missing(["safetensors.numpy", "numpy"]) {
            if Python.checksRequired { return XCTFail(reason) }
            throw XCTSkip(reason)
        }
        let url = folder.appendingPathComponent("mixed.safetensors")
        let (status, _, errors) = try Python.run("""
            import sys, numpy as np
            from safetensors.numpy import save_file
            save_file({"weight": np.array([[0.1, -2.5, 65504]], dtype=np.float16),
                       "bias": np.array([1 / 3], dtype=np.float64)}, sys.argv[1])
            """, arguments: [url.path])
        XCTAssertEqual(status, 0, errors)
        let model = Linear(3, 1)
        // F16 and F64 into a Float32 model, as load_state_dict copies with a cast.
        try model.load(from: url)
        XCTAssertEqual(model.weight.scalars, [0.0999755859375, -2.5, 65504], "0.1 as F16, exactly")
        XCTAssertEqual(model.bias!.scalars, [Float(1.0 / 3)], "F64 rounded to the nearest Float32")
    }
}
