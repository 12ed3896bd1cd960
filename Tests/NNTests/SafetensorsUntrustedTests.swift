import Foundation
import XCTest
@testable import NN
import Tensors

/// Safetensors files built byte by byte: other dtypes cast to Float32, and
/// damaged or hostile headers refused with an error that names the tensor.
final class SafetensorsUntrustedTests: XCTestCase {
    /// A file with `header` as its JSON (padded to 8 bytes) and `data` after it.
    static func file(_ header: String, _ data: [UInt8]) -> [UInt8] {
        var json = Array(header.utf8)
        while json.count % 8 != 0 { json.append(0x20) }
        var bytes: [UInt8] = []
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { bytes += $0 }
        return bytes + json + data
    }

    static func littleEndian<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
        values.flatMap { v in withUnsafeBytes(of: v.littleEndian) { Array($0) } }
    }

    func message(_ bytes: [UInt8]) -> String {
        do { _ = try Safetensors.decode(bytes); return "no error" } catch { return String(describing: error) }
    }

    func testHalfBFloatAndDoubleAreCastToFloat32() throws {
        // F16: 1, -2, 0.5, 65504 (largest), 2^-24 (smallest subnormal), -inf.
        let half: [UInt16] = [0x3C00, 0xC000, 0x3800, 0x7BFF, 0x0001, 0xFC00]
        // BF16: the upper halves of 1.0 and -0.15625.
        let bfloat: [UInt16] = [0x3F80, 0xBE20]
        let double: [Double] = [0.1, -1e300, 3]
        let data = Self.littleEndian(half) + Self.littleEndian(bfloat) + Self.littleEndian(double.map(\.bitPattern))
        let bytes = Self.file("""
            {"h":{"dtype":"F16","shape":[2,3],"data_offsets":[0,12]},\
            "b":{"dtype":"BF16","shape":[2],"data_offsets":[12,16]},\
            "d":{"dtype":"F64","shape":[3],"data_offsets":[16,40]}}
            """, data)
        let state = try Safetensors.decode(bytes).state
        XCTAssertEqual(state.map(\.name), ["h", "b", "d"], "file order")
        XCTAssertEqual(state[0].tensor.shape, [2, 3])
        XCTAssertEqual(state[0].tensor.scalars, [1, -2, 0.5, 65504, 0x1p-24, -.infinity])
        XCTAssertEqual(state[1].tensor.scalars, [1, -0.15625])
        // Rounded to nearest, as torch's `.float()`; -1e300 overflows to -inf there too.
        XCTAssertEqual(state[2].tensor.scalars, [Float(0.1), -.infinity, 3])
    }

    func testEveryHalfConvertsExactly() {
        // Swift's Float16 is the reference where it exists (not on Intel Macs).
        #if !(os(macOS) && arch(x86_64))
        for bits in UInt16.min...UInt16.max {
            let ours = Safetensors.halfToFloat(bits), reference = Float(Float16(bitPattern: bits))
            XCTAssertTrue(ours == reference || (ours.isNaN && reference.isNaN), "F16 0x\(String(bits, radix: 16))")
        }
        #endif
    }

    func testLoadStateDictTakesAHalfCheckpoint() throws {
        let model = Linear(2, 1)
        let bytes = Self.file("""
            {"bias":{"dtype":"F16","shape":[1],"data_offsets":[0,2]},\
            "weight":{"dtype":"F16","shape":[1,2],"data_offsets":[2,6]}}
            """, Self.littleEndian([UInt16(0x3800), 0x3C00, 0xC000]))
        try model.loadStateDict(Safetensors.decode(bytes).state)
        XCTAssertEqual(model.weight.scalars, [1, -2])
        XCTAssertEqual(model.bias!.scalars, [0.5])
    }

    func testHostileHeadersAreRefusedNamingTheTensor() {
        let four = [UInt8](repeating: 0, count: 16)
        let cases: [(header: String, data: [UInt8], expected: String)] = [
            (#"{"w":{"dtype":"F32","shape":[-1,-4],"data_offsets":[0,16]}}"#, four, "whole numbers ≥ 0"),
            (#"{"w":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,16]}}"#, four, "more elements than memory"),
            (#"{"w":{"dtype":"F32","shape":[4611686018427387904,0,2],"data_offsets":[0,0]}}"#, [], "more elements than memory"),
            (#"{"w":{"dtype":"F32","shape":[2.5],"data_offsets":[0,16]}}"#, four, "whole numbers"),
            (#"{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,9223372036854775807]}}"#, four, "give 9223372036854775807"),
            (#"{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#, [0, 0, 0, 0, 0, 0, 0, 0], "lie outside the 8 data bytes"),
            (#"{"w":{"dtype":"F32","shape":[4],"data_offsets":[16,0]}}"#, four, "0 ≤ begin ≤ end"),
            (#"{"w":{"dtype":"F32","shape":[4],"data_offsets":[-16,0]}}"#, four, "0 ≤ begin ≤ end"),
            (#"{"w":{"dtype":"F32","shape":[4],"data_offsets":[0]}}"#, four, "two whole numbers"),
            (#"{"w":{"dtype":"I64","shape":[2],"data_offsets":[0,16]}}"#, four, "dtype I64 is not supported"),
            (#"{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,16]}}"#, four, "needs 12 bytes"),
            (#"{"w":{"dtype":"F32","shape":[3],"data_offsets":[4,16]}}"#, four, "gap after the start"),
            (#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, four, "8 bytes after the last tensor"),
            (#"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,12]},"w":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}"#,
             four, "overlap tensor \"a\""),
            (#"{"w":{"dtype":"F32","shape":"4","data_offsets":[0,16]}}"#, four, "lacks dtype, shape or data_offsets"),
        ]
        for (header, data, expected) in cases {
            let text = message(Self.file(header, data))
            XCTAssertTrue(text.contains("tensor \"w\"") || expected.contains("after the last"), "\(header): \(text)")
            XCTAssertTrue(text.contains(expected), "\(header): \(text)")
        }
    }

    func testHeaderLengthBeyondTheFileOrTheLimit() {
        var huge = Self.file("{}", [])
        huge.replaceSubrange(0..<8, with: Self.littleEndian([UInt64.max]))
        XCTAssertTrue(message(huge).contains("header length 18446744073709551615 at byte 0 runs past the end"), message(huge))
        // Within the file, but above the reference implementation's 100 MB.
        var long = Self.file("{}", [UInt8](repeating: 0x20, count: Safetensors.maxHeaderLength))
        long.replaceSubrange(0..<8, with: Self.littleEndian([UInt64(Safetensors.maxHeaderLength + 8)]))
        XCTAssertTrue(message(long).contains("above the 100000000 bytes"), message(long))
    }

    func testEmptyAndScalarTensorsStillLoad() throws {
        let bytes = Self.file("""
            {"e":{"dtype":"F32","shape":[0,3],"data_offsets":[0,0]},\
            "s":{"dtype":"F32","shape":[],"data_offsets":[0,4]}}
            """, Self.littleEndian([Float(7).bitPattern]))
        let state = try Safetensors.decode(bytes).state
        XCTAssertEqual(state.first { $0.name == "e" }?.tensor.shape, [0, 3])
        XCTAssertEqual(state.first { $0.name == "s" }?.tensor.scalars, [7])
    }

    func testDigestNoticesDamagedWeights() throws {
        let model = Linear(3, 2)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("digest-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try model.save(to: url, metadata: ["epoch": "1"], digest: true)
        let (_, metadata) = try Safetensors.load(from: url)
        XCTAssertEqual(metadata["epoch"], "1")
        XCTAssertEqual(metadata[Safetensors.digestKey]?.count, 32)
        var bytes = [UInt8](try Data(contentsOf: url))
        bytes[bytes.count - 3] ^= 0x10   // one bit of the last weight, header intact
        XCTAssertTrue(message(bytes).contains("the weights are damaged"), message(bytes))
        // Without a digest the same damage cannot be seen: that is why the caches store one.
        var plain = Safetensors.encode(model.stateDict())
        plain[plain.count - 3] ^= 0x10
        XCTAssertEqual(message(plain), "no error")
    }
}
