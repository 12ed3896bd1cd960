import Foundation
import XCTest
@testable import Plot

final class OutputTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("plot-tests-\(UUID().uuidString)")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func lossFigure() -> Figure {
        let figure = Figure(width: 400, height: 300)
        figure.title = "Функция потерь, σ^2_Ω = 10^{-3}"
        figure.ax.plot(x: [1, 2, 3, 4], y: [2.0, 1.2, 0.8, 0.7], label: "train loss")
        figure.ax.plot(x: [1, 2, 3, 4], y: [2.1, 1.4, 1.1, 1.05], label: "val loss", dash: .dashed, marker: .circle)
        figure.ax.axhline(0.75, label: "target")
        figure.ax.xlabel = "epoch"
        figure.ax.legend()
        return figure
    }

    func testSameFigureGivesSameBytes() {
        let a = lossFigure().pngData(), b = lossFigure().pngData()
        XCTAssertGreaterThan(a.count, 1000)
        XCTAssertEqual(Array(a.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "PNG signature")
        XCTAssertEqual(a, b)
        let changed = lossFigure()
        changed.ax.title = "другой"
        XCTAssertNotEqual(changed.pngData(), a)
    }

    func testPNGIsRenderedAtTwiceThePointSize() throws {
        let image = try Image.decodePNG(lossFigure().pngData())
        XCTAssertEqual(image.width, 800)
        XCTAssertEqual(image.height, 600)
        XCTAssertEqual(Array(image.pixels[0..<4]), [255, 255, 255, 255], "white background")
    }

    func testCSVHasHeaderAndOneColumnPerSeries() {
        let lines = lossFigure().csvText().split(separator: "\n").map(String.init)
        XCTAssertEqual(lines, ["epoch,train loss,val loss", "1,2,2.1", "2,1.2,1.4", "3,0.8,1.1", "4,0.7,1.05"])
    }

    func testCSVJoinsSeriesWithDifferentX() {
        let figure = Figure()
        figure.ax.plot(x: [0, 1, 2], y: [5, 6, 7], label: "a")
        figure.ax.plot(x: [1, 3], y: [0.5, 0.25], label: "b")
        XCTAssertEqual(figure.csvText(), "x,a,b\n0,5,\n1,6,0.5\n2,7,\n3,,0.25\n")
    }

    func testCSVForBarsUsesCategories() {
        let figure = Figure()
        figure.ax.bar(labels: ["SGD", "Adam, β=0.9"], heights: [0.84, 0.88], label: "test accuracy")
        XCTAssertEqual(figure.csvText(), "category,test accuracy\nSGD,0.84\n\"Adam, β=0.9\",0.88\n")
    }

    func testCSVForFieldsIsLongFormat() {
        let figure = Figure()
        figure.ax.contourf(x: [0, 1], y: [0, 10, 20], z: [[1, 2], [3, 4], [5, 6]], levels: 4)
        let lines = figure.csvText().split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "x,y,z")
        XCTAssertEqual(lines.count, 7)
        XCTAssertTrue(lines.contains("1,10,4"))
    }

    func testCSVForDiagramsListsNodes() {
        let figure = Figure()
        figure.ax.circle(center: (0, 1), radiusPoints: 10, label: "x_1")
        figure.ax.circle(center: (2, 0.5), radiusPoints: 10, label: "h_{1}")
        figure.ax.line(from: (0, 1), to: (2, 0.5))
        figure.ax.hideAxes()
        XCTAssertEqual(figure.csvText(), "x,y,label\n0,1,x_1\n2,0.5,h_1\n")
    }

    func testSaveWritesPNGAndCSVAndLeavesNoTemporaryFiles() throws {
        let url = folder.appendingPathComponent("nested/deeper/loss.png")
        try lossFigure().savePNG(to: url)
        let dir = url.deletingLastPathComponent()
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        XCTAssertEqual(names, ["loss.csv", "loss.png"])
        XCTAssertEqual(try Data(contentsOf: url), Data(lossFigure().pngData()))
        let image = try Image.readPNG(url)
        XCTAssertEqual(image.width, 800)
        // Saving again replaces both files in place.
        try lossFigure().savePNG(to: url)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted(), ["loss.csv", "loss.png"])
    }

    func testSaveIntoAnImpossibleFolderThrowsNamingThePath() {
        let url = URL(fileURLWithPath: "/proc/plot-test-\(getpid())/figure.png")
        XCTAssertThrowsError(try lossFigure().savePNG(to: url)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("/proc/plot-test-\(getpid())"), message)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: url.path))
    }

    func testSaveIntoReadOnlyFolderThrowsAndLeavesNothing() throws {
        try XCTSkipIf(geteuid() == 0, "root ignores directory permissions")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path) }
        let url = folder.appendingPathComponent("figure.png")
        XCTAssertThrowsError(try lossFigure().savePNG(to: url)) { error in
            XCTAssertTrue("\(error)".contains(self.folder.path), "\(error)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [])
    }

    func testWritingOverADirectoryFailsWithoutLeftovers() throws {
        // The destination is a non-empty folder: rename fails, the temporary file must be removed.
        let target = folder.appendingPathComponent("figure.png")
        try FileManager.default.createDirectory(at: target.appendingPathComponent("inside"), withIntermediateDirectories: true)
        XCTAssertThrowsError(try Figure.writeAtomically([1, 2, 3], to: target)) { error in
            XCTAssertTrue("\(error)".contains(target.path), "\(error)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["figure.png"])
    }

    func testReadingAMissingPNGThrows() {
        XCTAssertThrowsError(try Image.readPNG(folder.appendingPathComponent("missing.png")))
    }
}

final class RobustnessTests: XCTestCase {
    func testDegenerateFiguresStillRender() throws {
        let empty = Figure(width: 200, height: 150)
        empty.ax.legend()
        XCTAssertEqual(try Image.decodePNG(empty.pngData()).width, 400)
        XCTAssertEqual(empty.csvText(), "x,y\n")

        let gaps = Figure()
        gaps.ax.plot(x: [0, 1, 2, 3, 4], y: [1, .nan, 0, -1, .infinity], label: "gaps")
        gaps.ax.yscale = .log // only y = 1 is drawable
        gaps.ax.legend()
        XCTAssertGreaterThan(gaps.pngData().count, 1000)
        XCTAssertEqual(gaps.csvText(), "x,gaps\n0,1\n1,\n2,0\n3,-1\n4,\n")

        let flat = Figure()
        flat.ax.plot(x: [1, 1], y: [5, 5])
        let area = flat.plotAreas()[0]
        XCTAssertGreaterThan(area.width, 400)
        XCTAssertGreaterThan(area.height, 250)
    }
}

/// `Figure.csvName` renames what the CSV shows (headers, titles, categories), not numbers.
final class CSVNameHookTests: XCTestCase {
    override func tearDown() { Figure.csvName = nil }

    func testTheHookRenamesHeadersAndCategoriesButNotNumbers() {
        let figure = Figure(width: 200, height: 100)
        let ax = figure.axes(0, 0)
        ax.bar(labels: ["пальто", "1.5"], heights: [0.8, 0.9], label: "точность")
        Figure.csvName = { ["пальто": "coat", "точность": "accuracy", "1.5": "wrong"][$0] ?? $0 }
        XCTAssertEqual(figure.csvText(), "category,accuracy\ncoat,0.8\n1.5,0.9\n")
        Figure.csvName = nil
        XCTAssertEqual(figure.csvText(), "category,точность\nпальто,0.8\n1.5,0.9\n")
    }
}
