import Foundation
import XCTest
@testable import Plot

/// Checks drawn pixels: where lines, bands and legends end up.
final class PixelTests: XCTestCase {
    struct Raster {
        let width: Int, height: Int, pixels: [UInt8]
        func rgb(_ x: Int, _ y: Int) -> (Int, Int, Int) {
            let i = (y * width + x) * 4
            return (Int(pixels[i]), Int(pixels[i + 1]), Int(pixels[i + 2]))
        }
        func isRed(_ x: Int, _ y: Int) -> Bool {
            let (r, g, b) = rgb(x, y)
            return r > 200 && g < 60 && b < 60
        }
    }

    func render(_ figure: Figure) throws -> Raster {
        let image = try Image.decodePNG(figure.pngData())
        return Raster(width: image.width, height: image.height, pixels: image.pixels)
    }

    func testThickRedLineCrossesTheMiddleOfThePlotAreaOnly() throws {
        let figure = Figure(width: 400, height: 300)
        let ax = figure.ax
        ax.plot(x: [0, 1], y: [0.5, 0.5], color: Color(hex: "#FF0000"), lineWidth: 6)
        ax.xlim = (0, 1)
        ax.ylim = (0, 1)
        ax.title = "red line"
        ax.xlabel = "x"
        ax.ylabel = "y"
        let area = figure.plotAreas()[0]
        let raster = try render(figure)
        let s = figure.scale
        let midRow = Int(((area.y + area.height / 2) * s).rounded())
        let left = Int(((area.x + 2) * s).rounded()), right = Int(((area.x + area.width - 2) * s).rounded())
        for x in stride(from: left, to: right, by: 5) {
            XCTAssertTrue(raster.isRed(x, midRow), "no red at x=\(x) in the middle row")
        }
        // Nothing red in the margins: above, below, left and right of the plot area.
        var redOutside = 0
        for y in 0..<raster.height {
            for x in 0..<raster.width {
                let px = Double(x) / s, py = Double(y) / s
                let inside = px >= area.x - 1 && px <= area.x + area.width + 1 && py >= area.y && py <= area.y + area.height
                if !inside && raster.isRed(x, y) { redOutside += 1 }
            }
        }
        XCTAssertEqual(redOutside, 0)
        // The line is about 6 points thick: red 2 points off the centre, white 8 points off.
        let centreX = Int(((area.x + area.width / 2) * s).rounded())
        XCTAssertTrue(raster.isRed(centreX, midRow - Int(2 * s)))
        XCTAssertFalse(raster.isRed(centreX, midRow - Int(8 * s)))
    }

    func testFilledContoursOfZEqualsXAreVerticalStripes() throws {
        let xs = stride(from: 0.0, through: 1.0, by: 0.1).map { $0 }
        let ys = [0.0, 0.5, 1.0]
        let z = ys.map { _ in xs }
        let levels: [Double] = [0, 0.25, 0.5, 0.75, 1]
        let figure = Figure(width: 400, height: 300)
        figure.ax.contourf(x: xs, y: ys, z: z, levels: .values(levels), colormap: .viridis, lines: false)
        let area = figure.plotAreas()[0]
        let raster = try render(figure)
        let s = figure.scale
        let top = Int(((area.y + 3) * s).rounded()), bottom = Int(((area.y + area.height - 3) * s).rounded())
        for band in 0..<4 {
            let expected = Colormap.viridis.color(at: Double(band) / 3)
            let dataX = (Double(band) + 0.5) * 0.25
            let x = Int(((area.x + dataX * area.width) * s).rounded())
            for y in stride(from: top, through: bottom, by: 7) {
                let (r, g, b) = raster.rgb(x, y)
                XCTAssertEqual(Double(r), expected.red * 255, accuracy: 2, "band \(band) at y=\(y)")
                XCTAssertEqual(Double(g), expected.green * 255, accuracy: 2, "band \(band) at y=\(y)")
                XCTAssertEqual(Double(b), expected.blue * 255, accuracy: 2, "band \(band) at y=\(y)")
            }
        }
        // Band edges are vertical: along a row, colour changes only near x = 0.25, 0.5, 0.75.
        let row = Int(((area.y + area.height / 2) * s).rounded())
        var changes: [Double] = []
        let x0 = Int(((area.x + 2) * s).rounded()), x1 = Int(((area.x + area.width - 2) * s).rounded())
        for x in x0..<x1 where raster.rgb(x, row) != raster.rgb(x + 1, row) {
            changes.append((Double(x) / s - area.x) / area.width)
        }
        XCTAssertFalse(changes.isEmpty)
        for c in changes { XCTAssertTrue([0.25, 0.5, 0.75].contains { abs($0 - c) < 0.01 }, "colour change at x=\(c)") }
        // Each column has one colour from top to bottom.
        for x in stride(from: x0, to: x1, by: 9) {
            let first = raster.rgb(x, top)
            for y in stride(from: top, through: bottom, by: 11) { XCTAssertTrue(raster.rgb(x, y) == first, "column \(x) varies") }
        }
    }

    func testMarchingSquaresFindsTheLevelLine() {
        let xs = [0.0, 1, 2, 3], ys = [0.0, 1, 2]
        let z = ys.map { _ in xs }
        let segments = MarchingSquares.segments(x: xs, y: ys, z: z, level: 1.5)
        XCTAssertEqual(segments.count, 2)
        for (a, b) in segments {
            XCTAssertEqual(a.0, 1.5, accuracy: 1e-12)
            XCTAssertEqual(b.0, 1.5, accuracy: 1e-12)
        }
        // A circle-like field: every point on the level set of r² = 1 is near radius 1.
        let g = stride(from: -2.0, through: 2.0, by: 0.1).map { $0 }
        let field = g.map { y in g.map { x in x * x + y * y } }
        let ring = MarchingSquares.segments(x: g, y: g, z: field, level: 1)
        XCTAssertGreaterThan(ring.count, 30)
        for (a, _) in ring { XCTAssertEqual((a.0 * a.0 + a.1 * a.1).squareRoot(), 1, accuracy: 0.01) }
    }

    func testBestLegendAvoidsDataInTheUpperRight() throws {
        let figure = Figure(width: 400, height: 300)
        let ax = figure.ax
        let xs = stride(from: 0.0, through: 10, by: 0.25).map { $0 }
        ax.plot(x: xs, y: xs.map { $0 * $0 }, label: "growth")           // rises into the upper right
        ax.plot(x: xs, y: xs.map { _ in 95 }, label: "ceiling")             // runs along the top of the plot
        ax.legend(location: .best)
        let chosen = figure.legendLocations()[0]
        XCTAssertNotNil(chosen)
        XCTAssertNotEqual(chosen, .upperRight)
        XCTAssertNotEqual(chosen, .upperLeft)

        // Nothing in the way: the legend stays in the upper right.
        let quiet = Figure(width: 400, height: 300)
        quiet.ax.plot(x: [0, 1], y: [0, -1], label: "down")
        quiet.ax.legend()
        XCTAssertEqual(quiet.legendLocations()[0], .upperRight)
    }

    func testImageRowsRunTopToBottom() throws {
        // Row 0 black, row 1 white: the top half of the image is dark.
        let figure = Figure(width: 300, height: 300)
        let values: [Double] = [0, 0, 1, 1]
        figure.ax.imshow(pixels: values, height: 2, width: 2, colormap: .gray)
        figure.ax.hideAxes()
        let area = figure.plotAreas()[0]
        let raster = try render(figure)
        let s = figure.scale
        let cx = Int(((area.x + area.width / 2) * s).rounded())
        let upper = raster.rgb(cx, Int(((area.y + area.height * 0.25) * s).rounded()))
        let lower = raster.rgb(cx, Int(((area.y + area.height * 0.75) * s).rounded()))
        XCTAssertEqual(upper.0, 0)
        XCTAssertEqual(lower.0, 255)
        XCTAssertEqual(area.width, area.height, accuracy: 0.5, "square pixels")
    }

    func testColorsAndColormaps() {
        XCTAssertEqual(Color.palette[0], Color(hex: "#4C72B0"))
        XCTAssertEqual(Color.palette.count, 10)
        XCTAssertEqual(Color.palette(10), Color.palette[0])
        XCTAssertEqual(Color(hex: "DD8452").hexString, "#DD8452")
        XCTAssertEqual(Color(hex: "#00000080").alpha, 128.0 / 255, accuracy: 1e-9)
        XCTAssertEqual(Colormap.viridis.color(at: 0).hexString, "#440154")
        XCTAssertEqual(Colormap.viridis.color(at: 1).hexString, "#FDE725")
        XCTAssertEqual(Colormap.viridis.anchors.count, 16)
        XCTAssertEqual(Colormap.gray.color(at: 0.5).red, 0.5, accuracy: 1e-9)
        XCTAssertEqual(Colormap.redBlue.color(at: 0.5).hexString, "#F7F7F7")
        XCTAssertGreaterThan(Colormap.redBlue.color(at: 1).red, Colormap.redBlue.color(at: 1).blue)
    }
}
