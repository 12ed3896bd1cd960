import Foundation
import XCTest
import NN
import Tensors

/// Random and mutated safetensors files into the reader, with a fixed seed and
/// a small budget: each must decode or throw `FormatError`, never trap (a trap
/// ends this test process, and with it the test).
final class SafetensorsFuzzTests: XCTestCase {
    let random = Generator(seed: 0x15B)

    func below(_ n: Int) -> Int { n <= 1 ? 0 : random.int(in: 0..<n) }

    /// A valid file of three tensors, and its JSON header.
    func valid() -> (bytes: [UInt8], header: String) {
        let state: StateDict = [("a.weight", Tensor.rand([3, 4], generator: random)), ("a.bias", Tensor([1, 2, 3])),
                                ("scale", Tensor([0.5]))]
        let bytes = Safetensors.encode(state, metadata: ["epoch": "7"], digest: true)
        let length = bytes.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        return (bytes, String(decoding: bytes[8..<(8 + length)], as: UTF8.self))
    }

    /// The header with one of its numbers (a size or an offset) replaced.
    func withNumberReplaced(_ header: String) -> String {
        let numbers = header.ranges(of: try! Regex("-?[0-9]+"))
        guard !numbers.isEmpty else { return header }
        let values = ["-1", "0", "18446744073709551615", "9223372036854775807", "-9223372036854775808",
                      "4611686018427387904", "1e308", "2.5", "\(random.next() % 100_000)"]
        var out = header
        out.replaceSubrange(numbers[below(numbers.count)], with: values[below(values.count)])
        return out
    }

    func mutate(_ bytes: [UInt8], header: String) -> [UInt8] {
        var out = bytes
        switch below(6) {
        case 0:
            for _ in 0...below(8) { out[below(out.count)] ^= 1 << UInt8(below(8)) }
        case 1:
            out = Array(out.prefix(below(out.count + 1)))
        case 2:
            let values: [UInt64] = [.max, 1 << 63, UInt64(out.count), UInt64(out.count - 7), 0, random.next() % 4096]
            withUnsafeBytes(of: values[below(values.count)].littleEndian) { out.replaceSubrange(0..<8, with: $0) }
        case 3, 4:
            let json = Array(withNumberReplaced(withNumberReplaced(header)).utf8)
            var prefix: [UInt8] = []
            withUnsafeBytes(of: UInt64(json.count).littleEndian) { prefix += $0 }
            out = prefix + json + out[(8 + header.utf8.count)...]
        default:
            out = (0..<below(128)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        }
        return out
    }

    func testReaderNeverTraps() {
        let (bytes, header) = valid()
        var decoded = 0, refused = 0
        for _ in 0..<1500 {
            do {
                let state = try Safetensors.decode(mutate(bytes, header: header)).state
                for (_, tensor) in state { XCTAssertEqual(tensor.scalars.count, tensor.shape.reduce(1, *)) }
                decoded += 1
            } catch is Safetensors.FormatError {
                refused += 1
            } catch {
                XCTFail("not a FormatError: \(error)")
            }
        }
        // Not vacuous: the digest refuses flipped data bits, a few mutants survive (a flip in padding).
        XCTAssertGreaterThan(refused, 1000)
        XCTAssertGreaterThan(decoded, 0)
    }
}
