import Datasets
import Foundation
import Tensors
import XCTest

final class ImageFolderTests: XCTestCase {
    func testExportThenReadBack() throws {
        let root = try Fixtures.temporaryDirectory()
        let data = ByteImageDataset(pixels: Fixtures.pixels(count: 13), labels: Fixtures.labels(count: 13),
                                    imageSize: ImageSize(height: 28, width: 28))
        XCTAssertEqual(try ImageFolder.export(data, to: root), 13)
        // train/<label>/<index>.png, 8-bit grayscale (IHDR: depth 8, colour type 0).
        let png = try Data(contentsOf: root.appendingPathComponent("3/3.png"))
        XCTAssertEqual([UInt8](png[1..<4]), Array("PNG".utf8))
        XCTAssertEqual([png[24], png[25]], [8, 0])
        let leftovers = try FileManager.default.subpathsOfDirectory(atPath: root.path).filter { $0.hasSuffix(".tmp") }
        XCTAssertEqual(leftovers, [])

        let folder = try ImageFolder(root: root)
        XCTAssertEqual(folder.count, 13)
        XCTAssertEqual(folder.classes, Array(0...9))
        XCTAssertEqual(folder.imageSize, ImageSize(height: 28, width: 28))
        // Label folders in order, files in numeric order: 0/0.png, 0/10.png, 1/1.png, 1/11.png, ...
        XCTAssertEqual(folder.files.prefix(3).map { $0.pathComponents.suffix(2).joined(separator: "/") },
                       ["0/0.png", "0/10.png", "1/1.png"])
        for (k, file) in folder.files.enumerated() {
            let index = Int(file.deletingPathExtension().lastPathComponent)!
            XCTAssertEqual(folder.label(at: k), data.label(at: index))
            XCTAssertEqual(folder[k].image.scalars, data[index].image.scalars, "pixels of \(file.path)")
        }
    }

    /// The seed's layout: root/train/<label>/<index>.png and root/test/...
    func testFashionMNISTExportInSeedLayout() throws {
        let savedMD5 = FashionMNIST.expectedMD5
        defer { FashionMNIST.expectedMD5 = savedMD5; ChecksumCache.fileURL = nil }
        ChecksumCache.fileURL = try Fixtures.temporaryDirectory("cache").appendingPathComponent("md5.tsv")
        let data = try Fixtures.temporaryDirectory("data"), root = try Fixtures.temporaryDirectory("png")
        FashionMNIST.expectedMD5 = try Fixtures.writeFashionMNIST(to: data, trainCount: 12, testCount: 5)
        try FashionMNIST.exportPNG(to: root, dataDirectory: data)
        let train = try ImageFolder(root: root.appendingPathComponent("train"))
        let test = try ImageFolder(root: root.appendingPathComponent("test"))
        XCTAssertEqual([train.count, test.count], [12, 5])
        XCTAssertTrue(FileManager.default.fileExists(atPath: root.appendingPathComponent("train/1/11.png").path))
        XCTAssertTrue(FileManager.default.fileExists(atPath: root.appendingPathComponent("test/4/4.png").path))
        let original = try FashionMNIST(train: true, dataDirectory: data)
        XCTAssertEqual(train[1].image.scalars, original[10].image.scalars, "train/0/10.png is image 10")
    }

    func testFloatImagesAreScaledToBytes() throws {
        let root = try Fixtures.temporaryDirectory()
        let data = Fixtures.tensorDataset(count: 2, height: 3, width: 5) { _, y, x in Float(y * 5 + x) / 14 }
        try ImageFolder.export(data, to: root)
        let back = try ImageFolder(root: root)
        XCTAssertEqual(back.imageSize, ImageSize(height: 3, width: 5))
        XCTAssertEqual(back[0].image.scalars, data[0].image.scalars, accuracy: 0.5 / 255 + 1e-6)
    }

    func testClearErrors() throws {
        let root = try Fixtures.temporaryDirectory()
        let data = Fixtures.tensorDataset(count: 3, height: 4, width: 4)
        try ImageFolder.export(data, to: root)
        // A damaged PNG.
        let broken = root.appendingPathComponent("1/99.png")
        try Data("not a png".utf8).write(to: broken)
        XCTAssertThrowsError(try ImageFolder(root: root)) { error in
            XCTAssertEqual((error as? DataError)?.file?.lastPathComponent, "99.png")
            XCTAssertTrue("\(error)".contains(broken.path), "\(error)")
        }
        try FileManager.default.removeItem(at: broken)
        XCTAssertEqual(try ImageFolder(root: root).count, 3)
        // A folder that is not an integer label.
        try FileManager.default.createDirectory(at: root.appendingPathComponent("shirts"), withIntermediateDirectories: true)
        XCTAssertThrowsError(try ImageFolder(root: root)) { error in
            XCTAssertTrue("\(error)".contains("\"shirts\" is not a label"), "\(error)")
        }
        // A root that does not exist.
        XCTAssertThrowsError(try ImageFolder(root: root.appendingPathComponent("nowhere"))) { error in
            XCTAssertEqual((error as? DataError)?.kind, .io)
        }
    }
}
