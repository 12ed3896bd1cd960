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
