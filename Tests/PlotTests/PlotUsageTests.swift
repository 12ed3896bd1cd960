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

    private static let ten = (0..<10).map(Double.init), nine = Array(ten.prefix(9))

    func testPlotWithUnequalLengthsIsAUsageFailure() throws {
        try expectUsageFailure(line: #line + 1, ["error: plot: x has 10 values but y has 9\n", "valid: one y per x"]) {
            Figure().ax.plot(x: Self.ten, y: Self.nine)
        }
    }

    func testScatterWithUnequalLengthsIsAUsageFailure() throws {
        try expectUsageFailure(line: #line + 1, ["error: scatter: x has 9 values but y has 10\n", "valid: one y per x"]) {
            Figure().ax.scatter(x: Self.nine, y: Self.ten)
        }
    }

    func testBarWithMoreLabelsThanHeightsIsAUsageFailure() throws {
        try expectUsageFailure(line: #line + 1, ["error: bar: 3 labels but 2 heights\n", "valid: one height per label"]) {
            Figure().ax.bar(labels: ["a", "b", "c"], heights: [1, 2])
        }
    }

    func testBarSeriesOverOtherCategoriesIsAUsageFailure() throws {
        let ax = Figure().ax
        try expectUsageFailure(line: #line + 2, ["error: bar: these bars are over [\"a\", \"c\"], but this axes already has bars over [\"a\", \"b\"]\n", "valid: the same labels, in the same order"]) {
            ax.bar(labels: ["a", "b"], heights: [1, 2])
            ax.bar(labels: ["a", "c"], heights: [3, 4])
        }
    }

    func testBarAtPositionsWithUnequalLengthsIsAUsageFailure() throws {
        try expectUsageFailure(line: #line + 1, ["error: bar: 10 positions but 9 heights\n", "valid: one height per position"]) {
            Figure().ax.bar(x: Self.ten, heights: Self.nine)
        }
    }

    func testFillBetweenWithUnequalLengthsIsAUsageFailure() throws {
        try expectUsageFailure(line: #line + 1, ["error: fillBetween: x, y1 and y2 need equal lengths, got 10, 10 and 9\n", "valid: one lower and one upper value per x"]) {
            Figure().ax.fillBetween(x: Self.ten, y1: Self.ten, y2: Self.nine)
        }
    }

    func testTicksWithTooFewLabelsAreAUsageFailure() throws {
        try expectUsageFailure(line: #line + 1, ["error: xticks: 3 positions but 2 labels\n", "valid: one label per position"]) {
            Figure().ax.xticks([0, 1, 2], labels: ["a", "b"])
        }
    }

    func testYTicksWithTooManyLabelsAreAUsageFailure() throws {
        try expectUsageFailure(line: #line + 1, ["error: yticks: 1 positions but 2 labels\n", "valid: one label per position"]) {
            Figure().ax.yticks([0], labels: ["a", "b"])
        }
    }

    func testATinyFigureIsAUsageFailure() throws {
        try expectUsageFailure(line: #line + 1, ["error: Figure: a size of 640.0 × 4.0 points is too small to draw in\n", "valid: width and height of at least 50 points"]) {
            _ = Figure(width: 640, height: 4)
        }
    }

    func testAFigureWithoutAxesIsAUsageFailure() throws {
        try expectUsageFailure(line: #line + 1, ["error: Figure: a grid of 0 × 2 axes has no axes\n", "valid: at least one row and one column"]) {
            _ = Figure(rows: 0, columns: 2)
        }
    }

    func testAxesOutsideTheGridAreAUsageFailure() throws {
        try expectUsageFailure(line: #line + 1, ["error: Figure.axes: no axes at (1, 2) in a 2 × 2 grid\n", "valid: row in 0..<2, column in 0..<2"]) {
            _ = Figure(rows: 2, columns: 2)[1, 2]
        }
    }

    func testContourWithOneLevelIsAUsageFailure() throws {
        try expectUsageFailure(line: #line + 1, ["error: contour: levels [0.5] give no band between two levels\n", "valid: at least two level values"]) {
            Figure().ax.contour(x: [0, 1], y: [0, 1], z: [[0, 1], [1, 0]], levels: [0.5])
        }
    }

    func testContourfOnAOneRowGridIsAUsageFailure() throws {
        try expectUsageFailure(line: #line + 1, ["error: contourf: a grid of 3 x × 1 y values is too small\n", "valid: at least 2 values in x and in y"]) {
            Figure().ax.contourf(x: [0, 1, 2], y: [0], z: [[0, 1, 2]])
        }
    }

    func testContourWithMissingRowsIsAUsageFailure() throws {
        try expectUsageFailure(line: #line + 1, ["error: contour: z has 2 rows but y has 3 values\n", "valid: one row of z per y"]) {
            Figure().ax.contour(x: [0, 1], y: [0, 1, 2], z: [[0, 1], [1, 0]])
        }
    }

    func testContourfWithAShortRowIsAUsageFailure() throws {
        try expectUsageFailure(line: #line + 1, ["error: contourf: row 1 of z has 1 values but x has 2\n", "valid: one value per x in every row of z"]) {
            Figure().ax.contourf(x: [0, 1], y: [0, 1], z: [[0, 1], [1]])
        }
    }

    func testImshowWithTheWrongPixelCountIsAUsageFailure() throws {
        try expectUsageFailure(line: #line + 1, ["error: imshow: 783 pixels but height × width = 28 × 28 = 784\n", "valid: pixels.count == height * width"]) {
            Figure().ax.imshow(pixels: Array(repeating: 0.5, count: 783), height: 28, width: 28)
        }
    }

    func testAMalformedHexColourIsAUsageFailure() throws {
        try expectUsageFailure(line: #line + 1, ["error: Color(hex:): \"#12345\" is not a hex colour\n", "valid: #RRGGBB or #RRGGBBAA"]) {
            _ = Color(hex: "#12345")
        }
    }

    func testAColormapOfOneColourIsAUsageFailure() throws {
        try expectUsageFailure(line: #line + 1, ["error: Colormap: 'flat' has 1 anchor colour\n", "valid: at least two colours"]) {
            _ = Colormap(name: "flat", hex: ["#000000"])
        }
    }

    func testANiceStepOverNoSpanIsAUsageFailure() throws {
        try expectUsageFailure(line: #line + 1, ["error: Ticks.niceStep: span 0.0 is not a positive finite number\n", "valid: span > 0 and finite"]) {
            _ = Ticks.niceStep(span: 0, target: 5)
        }
    }

    /// A figure cairo cannot encode (here 40,000 pixels wide) makes `savePNG` throw, naming
    /// the file and the fix, and leaves neither the PNG nor the CSV.
    func testAFigureTooBigToEncodeThrowsFromSaveAndWritesNothing() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plot-usage-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let figure = Figure(width: 400, height: 100)
        figure.ax.plot(x: [0, 1], y: [0, 1])
        figure.scale = 100
        let url = folder.appendingPathComponent("huge.png")
        XCTAssertThrowsError(try figure.savePNG(to: url)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.hasPrefix("Cannot make the PNG \(url.path): cairo could not encode the PNG: "), message)
            XCTAssertTrue(message.contains("make the figure or its scale smaller"), message)
        }
        XCTAssertThrowsError(try figure.encodePNG())
        XCTAssertFalse(FileManager.default.fileExists(atPath: url.path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("huge.csv").path))
        figure.scale = 1
        try figure.savePNG(to: url)
        XCTAssertEqual(try Image.readPNG(url).width, 400)
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
