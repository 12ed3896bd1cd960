import Datasets
import Foundation
import XCTest

final class IDXTests: XCTestCase {
    func testRoundTripGzipAndRaw() throws {
        let dir = try Fixtures.temporaryDirectory()
        let pixels = Fixtures.pixels(count: 3)
        for gzip in [true, false] {
            let url = dir.appendingPathComponent(gzip ? "images.gz" : "images")
            try IDX.write(dimensions: [3, 28, 28], bytes: pixels, to: url, gzip: gzip)
            let raw = try Data(contentsOf: url)
            XCTAssertEqual(raw.prefix(2) == Data([0x1f, 0x8b]), gzip, "gzip magic present only when gzip'd")
            let images = try IDX.readImages(url)
            XCTAssertEqual([images.count, images.rows, images.columns], [3, 28, 28])
            XCTAssertEqual(images.pixels, pixels)
        }
        let labelsURL = dir.appendingPathComponent("labels.gz")
        try IDX.write(dimensions: [4], bytes: [9, 0, 3, 1], to: labelsURL, gzip: true)
        XCTAssertEqual(try IDX.readLabels(labelsURL), [9, 0, 3, 1])
        // The header is big-endian: 0x00000801 then the count 4.
        XCTAssertEqual([UInt8](try Data(contentsOf: dir.appendingPathComponent("images")).prefix(8)),
                       [0, 0, 8, 3, 0, 0, 0, 3])
    }

    func testWrongMagicIsRejectedWithTheFileName() throws {
        let dir = try Fixtures.temporaryDirectory()
        let url = dir.appendingPathComponent("train-labels-idx1-ubyte.gz")
        try IDX.write(dimensions: [4], bytes: [1, 2, 3, 4], to: url, gzip: true)
        XCTAssertThrowsError(try IDX.readImages(url)) { error in
            let e = error as? DataError
            XCTAssertEqual(e?.kind, .badFile)
            XCTAssertTrue(e?.message.contains(url.path) == true, "\(error)")
            XCTAssertTrue(e?.message.contains("magic") == true, "\(error)")
        }
    }

    func testTruncatedFilesThrow() throws {
        let dir = try Fixtures.temporaryDirectory()
        let full = dir.appendingPathComponent("full")
        try IDX.write(dimensions: [2, 28, 28], bytes: Fixtures.pixels(count: 2), to: full, gzip: false)
        let data = try Data(contentsOf: full)
        // Raw file cut in the data, and in the header.
        for (name, cut) in [("raw-data", data.count - 100), ("raw-header", 10)] {
            let url = dir.appendingPathComponent(name)
            try data.prefix(cut).write(to: url)
            XCTAssertThrowsError(try IDX.readImages(url), name) { error in
                XCTAssertEqual((error as? DataError)?.kind, .badFile)
                XCTAssertTrue("\(error)".contains(url.path) && "\(error)".contains("truncated"), "\(error)")
            }
        }
        // A gzip stream cut in half.
        let gz = try IDX.gzipCompress(data)
        let cutGz = dir.appendingPathComponent("cut.gz")
        try gz.prefix(gz.count / 2).write(to: cutGz)
        XCTAssertThrowsError(try IDX.readImages(cutGz)) { error in
            XCTAssertEqual((error as? DataError)?.kind, .badFile)
            XCTAssertTrue("\(error)".contains(cutGz.path), "\(error)")
        }
    }

    func testMisSizedFilesThrow() throws {
        let dir = try Fixtures.temporaryDirectory()
        // Header says 3 labels, the file holds 5.
        var data = Data([0, 0, 8, 1, 0, 0, 0, 3])
        data.append(contentsOf: [1, 2, 3, 4, 5])
        let long = dir.appendingPathComponent("long")
        try data.write(to: long)
        XCTAssertThrowsError(try IDX.readLabels(long)) { error in
            XCTAssertTrue("\(error)".contains("more data"), "\(error)")
        }
        // A file that is not IDX at all.
        let text = dir.appendingPathComponent("text.gz")
        try Data("hello, this is not an IDX file".utf8).write(to: text)
        XCTAssertThrowsError(try IDX.readLabels(text)) { error in
            XCTAssertEqual((error as? DataError)?.kind, .badFile)
        }
        // A missing file.
        XCTAssertThrowsError(try IDX.readLabels(dir.appendingPathComponent("absent"))) { error in
            XCTAssertEqual((error as? DataError)?.kind, .io)
            XCTAssertTrue("\(error)".contains("absent"))
        }
    }
}

/// Headers that lie about the sizes: refused before anything of that size is allocated.
final class IDXLyingHeaderTests: XCTestCase {
    func header(_ magic: UInt32, _ dims: [UInt32]) -> Data {
        var data = Data()
        for v in [magic] + dims { withUnsafeBytes(of: v.bigEndian) { data.append(contentsOf: $0) } }
        return data
    }

    func testDimensionsBeyondTheFileAreRefused() throws {
        let dir = try Fixtures.temporaryDirectory()
        // 1,000,000,000 bytes announced by a raw file of 116 bytes, and by a tiny gzip file.
        let lie = header(IDX.imagesMagic, [1_000_000, 1000, 1]) + Data(repeating: 7, count: 100)
        for gzip in [false, true] {
            let url = dir.appendingPathComponent(gzip ? "lie.gz" : "lie")
            try (gzip ? IDX.gzipCompress(lie) : lie).write(to: url)
            XCTAssertThrowsError(try IDX.readImages(url)) { error in
                XCTAssertEqual((error as? DataError)?.kind, .badFile)
                XCTAssertTrue("\(error)".contains("dimensions [1000000, 1000, 1] announce 1000000000 bytes, more than this"), "\(error)")
            }
        }
        // Overflowing and over-the-cap products.
        for dims: [UInt32] in [[.max, .max, .max], [1 << 16, 1 << 16, 1]] {
            let url = dir.appendingPathComponent("huge")
            try header(IDX.imagesMagic, dims).write(to: url)
            XCTAssertThrowsError(try IDX.readImages(url)) { error in
                XCTAssertTrue("\(error)".contains("implausible dimensions"), "\(error)")
            }
        }
        // A count smaller than the data: the extra bytes are named.
        let url = dir.appendingPathComponent("short-count")
        try (header(IDX.labelsMagic, [3]) + Data([1, 2, 3, 4])).write(to: url)
        XCTAssertThrowsError(try IDX.readLabels(url)) { error in
            XCTAssertTrue("\(error)".contains("more data than the header's dimensions [3] announce"), "\(error)")
        }
    }
}
