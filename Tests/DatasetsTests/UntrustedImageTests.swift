import Datasets
import Foundation
import XCTest

/// PNG files and ImageFolder trees that are damaged or not what they claim:
/// a clear `DataError`, never a trap or an allocation the size of the claim.
final class UntrustedImageTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws { folder = try Fixtures.temporaryDirectory() }

    /// A valid 5×3 grayscale PNG's bytes.
    func validPNG() throws -> [UInt8] {
        let url = folder.appendingPathComponent("valid.png")
        let pixels = [UInt8](0..<15)
        try pixels.withUnsafeBufferPointer { try PNG.writeGrayscale($0, width: 5, height: 3, to: url) }
        return [UInt8](try Data(contentsOf: url))
    }

    func readError(_ bytes: [UInt8], name: String = "image.png") -> String {
        let url = folder.appendingPathComponent(name)
        do {
            try Data(bytes).write(to: url)
            let image = try PNG.readGrayscale(url)
            return "read \(image.width)×\(image.height)"
        } catch {
            return "\(error)"
        }
    }

    func testValidPNGReads() throws {
        XCTAssertEqual(readError(try validPNG()), "read 5×3")
    }

    func testAFileThatIsNotAPNGIsCalledThat() throws {
        for bytes in [Array("GIF89a, not a png at all".utf8), [], [0x89, 0x50]] {
            let message = readError(bytes)
            XCTAssertTrue(message.contains("not a PNG"), message)
            XCTAssertFalse(message.contains("memory"), message)
        }
    }

    func testAbsurdDeclaredSizeIsRefusedBeforeDecoding() throws {
        var png = try validPNG()
        // IHDR's width and height (bytes 16..<24) claim 20000 × 20000: 1.6 GB for Cairo.
        png.replaceSubrange(16..<24, with: [0, 0, 0x4E, 0x20, 0, 0, 0x4E, 0x20])
        let message = readError(png)
        XCTAssertTrue(message.contains("declares a 20000×20000 image, more than the 16777216 pixels"), message)
        png.replaceSubrange(16..<24, with: [0, 0, 0, 0, 0, 0, 0, 3])
        XCTAssertTrue(readError(png).contains("declares a 0×3 image"), readError(png))
    }

    func testDamagedImageDataIsCalledDamaged() throws {
        let png = try validPNG()
        XCTAssertTrue(readError(Array(png.prefix(20))).contains("no image header"))
        var garbled = png
        for i in 41..<(png.count - 12) { garbled[i] = 0xA5 }   // the IDAT data, CRCs and all
        let message = readError(garbled)
        XCTAssertTrue(message.contains("damaged PNG"), message)
        XCTAssertFalse(message.contains("out of memory"), message)
    }

    func testImageFolderLabelAbove255IsAnError() throws {
        let root = folder.appendingPathComponent("root")
        try ImageFolder.export(Fixtures.tensorDataset(count: 2, height: 2, width: 2), to: root)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("300"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: root.appendingPathComponent("0/0.png"), to: root.appendingPathComponent("300/0.png"))
        XCTAssertThrowsError(try ImageFolder(root: root)) { error in
            XCTAssertEqual((error as? DataError)?.kind, .badFile)
            XCTAssertTrue("\(error)".contains("label 300 is above 255"), "\(error)")
        }
    }
}
