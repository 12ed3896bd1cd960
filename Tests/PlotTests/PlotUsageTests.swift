import CairoPNG
import CCairo
import Plot
import TestSupport
import XCTest

/// A plotting call that cannot be drawn stops like every other mistake: exit 1,
/// the call, the values and the calling line, not a trap.
final class PlotUsageTests: XCTestCase {
    func testErrorbarWithUnequalLengthsIsAUsageFailure() throws {
        let line = #line + 2
        let result = try UsageFailureProcess.run(self) {
            Figure().ax.errorbar(x: [0, 1, 2], y: [1, 2, 3], yerr: [0.1, 0.2])
        }
        XCTAssertTrue(result.exited, "ended by a signal: \(result.stderr)")
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("error: errorbar: x, y and yerr need equal lengths, got 3, 3 and 2"), result.stderr)
        XCTAssertTrue(result.stderr.contains("valid: one error per point"), result.stderr)
        XCTAssertTrue(result.stderr.contains("called at Tests/PlotTests/PlotUsageTests.swift:\(line)\n"), result.stderr)
    }

    /// Plot and TerminalImages share one encoder: a figure's PNG is the encoder's output for its pixels.
    func testTheSharedEncoderWritesAPNGThatDecodesToItsPixels() throws {
        let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 3, 2)!
        defer { cairo_surface_destroy(surface) }
        let cr = cairo_create(surface)!
        cairo_set_source_rgb(cr, 1, 0, 0)
        cairo_paint(cr)
        cairo_destroy(cr)
        let png = try CairoPNG.encode(surface)
        XCTAssertEqual(Array(png.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let decoded = try Image.decodePNG(png)
        XCTAssertEqual(decoded.width, 3)
        XCTAssertEqual(decoded.height, 2)
        XCTAssertEqual(Array(decoded.pixels.prefix(4)), [255, 0, 0, 255])
        XCTAssertEqual(try CairoPNG.encode(surface), png, "the same pixels give the same bytes")
    }
}
