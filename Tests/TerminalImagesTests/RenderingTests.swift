import CCairo
import Foundation
import XCTest
@testable import TerminalImages

/// Real PNGs through Cairo and libsixel.
final class RenderingTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("terminal-images-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    /// A 400 × 200 PNG: a red left half and a blue right half.
    private func twoColourPNG() throws -> URL {
        let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 400, 200)!
        let cr = cairo_create(surface)!
        cairo_set_source_rgb(cr, 0.8, 0.1, 0.1)
        cairo_rectangle(cr, 0, 0, 200, 200)
        cairo_fill(cr)
        cairo_set_source_rgb(cr, 0.1, 0.2, 0.9)
        cairo_rectangle(cr, 200, 0, 200, 200)
        cairo_fill(cr)
        cairo_destroy(cr)
        let url = folder.appendingPathComponent("halves.png")
        XCTAssertEqual(cairo_surface_write_to_png(surface, url.path), CAIRO_STATUS_SUCCESS)
        cairo_surface_destroy(surface)
        return url
    }

    private func kittyPayload(_ text: String) -> [UInt8]? {
        let payload = text.components(separatedBy: "\u{1B}\\").dropLast()
            .map { $0[$0.index(after: $0.firstIndex(of: ";")!)...] }.joined()
        return Data(base64Encoded: payload).map(Array.init)
    }

    func testAnImageThatFitsIsSentAsTheFileItself() throws {
        let url = try twoColourPNG()
        let file = Array(try Data(contentsOf: url))
        let wide = TerminalGeometry(columns: 200, rows: 60, pixelWidth: 1600, pixelHeight: 1200)
        let text = try InlineImage.sequence(png: url, target: InlineImageTarget(proto: .kitty), geometry: wide)
        XCTAssertEqual(kittyPayload(text), file)
    }

    func testANarrowWindowGetsAScaledPNGAndTheFileStaysAsItWas() throws {
        let url = try twoColourPNG()
        let file = Array(try Data(contentsOf: url))
        let narrow = TerminalGeometry(columns: 25, rows: 50, pixelWidth: 200, pixelHeight: 1000)
        let kitty = try InlineImage.sequence(png: url, target: InlineImageTarget(proto: .kitty), geometry: narrow)
        let png = try XCTUnwrap(kittyPayload(kitty))
        XCTAssertEqual(InlineImage.pngSize(png).map { [$0.width, $0.height] }, [200, 100])
        XCTAssertEqual(Array(try Data(contentsOf: url)), file, "the PNG on disk is unchanged")

        let iterm = try InlineImage.sequence(png: url, target: InlineImageTarget(proto: .iterm), geometry: narrow)
        XCTAssertTrue(iterm.contains("width=25;"), "200 px of 8-px cells: all 25 columns")
    }

    func testSixelComesFromLibsixelAtTheFittedSizeWithTheImagesColours() throws {
        let url = try twoColourPNG()
        let geometry = TerminalGeometry(columns: 20, rows: 50, pixelWidth: 160, pixelHeight: 1000)
        let text = try InlineImage.sequence(png: url, target: InlineImageTarget(proto: .sixel), geometry: geometry)
        XCTAssertTrue(text.hasPrefix("\u{1B}P"), text.prefix(20).debugDescription)
        XCTAssertTrue(text.hasSuffix("\u{1B}\\"))
        XCTAssertTrue(text.contains("\"1;1;160;80"), "raster attributes: 160 × 80 pixels")
        // Palette entries #n;2;R;G;B are in percent: the red half and the blue half.
        let entries = paletteEntries(text)
        func near(_ entry: [Int], _ rgb: [Int]) -> Bool { zip(entry, rgb).allSatisfy { abs($0 - $1) <= 2 } }
        XCTAssertTrue(entries.contains { near($0, [80, 10, 10]) }, "the red half: \(entries)")
        XCTAssertTrue(entries.contains { near($0, [10, 20, 90]) }, "the blue half: \(entries)")
    }

    /// The RGB colour registers `#n;2;R;G;B` of a sixel image, in percent.
    private func paletteEntries(_ sixel: String) -> [[Int]] {
        sixel.split(separator: "#").compactMap { part in
            let fields = part.prefix { "0123456789;".contains($0) }.split(separator: ";").compactMap { Int($0) }
            return fields.count == 5 && fields[1] == 2 ? Array(fields[2...]) : nil
        }
    }

    func testTmuxPassthroughWrapsTheRenderedSequence() throws {
        let url = try twoColourPNG()
        let text = try InlineImage.sequence(png: url, target: InlineImageTarget(proto: .iterm, tmuxPassthrough: true),
                                            geometry: TerminalGeometry(columns: 100))
        XCTAssertTrue(text.hasPrefix("\u{1B}Ptmux;\u{1B}\u{1B}]1337;File=inline=1;"))
        XCTAssertTrue(text.hasSuffix("\u{07}\u{1B}\\"))
    }

    func testANonPNGIsAnErrorNotACrash() throws {
        let url = folder.appendingPathComponent("fake.png")
        try Data("png".utf8).write(to: url)
        XCTAssertThrowsError(try InlineImage.sequence(png: url, target: InlineImageTarget(proto: .sixel),
                                                      geometry: TerminalGeometry(columns: 80)))
    }
}
