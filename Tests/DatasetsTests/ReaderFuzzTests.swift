import Datasets
import Foundation
import Tensors
import XCTest

/// Random and mutated files into the IDX and PNG readers, with a fixed seed
/// and a small budget: each must read or throw a `DataError`, never trap
/// (a trap ends this test process, and with it the test).
final class ReaderFuzzTests: XCTestCase {
    var folder: URL!
    let random = Generator(seed: 0x15B)

    override func setUpWithError() throws { folder = try Fixtures.temporaryDirectory() }

    /// Bit flips, a truncation, a header field overwritten with a huge,
    /// negative or random value, or a random tail: one of them, at random.
    func mutate(_ bytes: [UInt8], fields: [Range<Int>]) -> [UInt8] {
        var out = bytes
        switch random.below(5) {
        case 0:
            for _ in 0...random.below(8) where !out.isEmpty { out[random.below(out.count)] ^= 1 << UInt8(random.below(8)) }
        case 1:
            out = Array(out.prefix(random.below(out.count + 1)))
        case 2:
            let field = fields[random.below(fields.count)].clamped(to: 0..<out.count)
            let values: [UInt64] = [.max, 0x8000_0000, 0x7FFF_FFFF, 0, 1, random.next(), 0xFFFF_FFFF_FFFF_FFF0]
            let value = values[random.below(values.count)]
            for (k, i) in field.enumerated() { out[i] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(k))) }
        case 3:
            out += (0..<random.below(64)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        default:
            out = (0..<random.below(96)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        }
        return out
    }

    /// Writes each input and reads it with `read`; counts what read and what threw.
    func fuzz(_ name: String, _ valid: [UInt8], fields: [Range<Int>], budget: Int,
              read: (URL) throws -> Void) throws -> (read: Int, refused: Int) {
        var counts = (read: 0, refused: 0)
        let url = folder.appendingPathComponent(name)
        for _ in 0..<budget {
            try Data(mutate(valid, fields: fields)).write(to: url)
            do { try read(url); counts.read += 1 } catch is DataError { counts.refused += 1 }
        }
        return counts
    }

    func testIDXReaderNeverTraps() throws {
        let original = folder.appendingPathComponent("images")
        try IDX.write(dimensions: [3, 4, 5], bytes: (0..<60).map { UInt8($0) }, to: original, gzip: false)
        let raw = [UInt8](try Data(contentsOf: original))
        let gz = [UInt8](try IDX.gzipCompress(Data(raw)))
        let header = [0..<4, 4..<8, 8..<12, 12..<16]
        let rawCounts = try fuzz("raw", raw, fields: header, budget: 300) { _ = try IDX.readImages($0) }
        let gzCounts = try fuzz("gz", gz, fields: [4..<8, 10..<14, 14..<18], budget: 300) { _ = try IDX.readImages($0) }
        // Not vacuous: some mutants still read (a flipped pixel), most are refused.
        XCTAssertGreaterThan(rawCounts.read, 0)
        XCTAssertGreaterThan(rawCounts.refused, 100)
        XCTAssertGreaterThan(gzCounts.refused, 100)
        XCTAssertGreaterThan(try fuzz("labels", raw, fields: header, budget: 100) { _ = try IDX.readLabels($0) }.refused, 50)
    }

    func testPNGReaderNeverTraps() throws {
        let url = folder.appendingPathComponent("valid.png")
        let pixels = (0..<48).map { UInt8($0 * 5) }
        try pixels.withUnsafeBufferPointer { try PNG.writeGrayscale($0, width: 8, height: 6, to: url) }
        let png = [UInt8](try Data(contentsOf: url))
        // IHDR's length, width, height, and the depth and colour type.
        let counts = try fuzz("mutant.png", png, fields: [8..<12, 16..<20, 20..<24, 24..<26], budget: 300) {
            let image = try PNG.readGrayscale($0)
            XCTAssertEqual(image.pixels.count, image.width * image.height)
        }
        XCTAssertGreaterThan(counts.read, 0)
        XCTAssertGreaterThan(counts.refused, 100)
    }
}

extension Generator {
    /// 0..<n, and 0 for an empty range (the mutators' sizes may be 0).
    func below(_ n: Int) -> Int { n <= 1 ? 0 : int(in: 0..<n) }
}
