import Foundation
import XCTest
@testable import Plot

/// Renders the course's kinds of figures. With `PLOT_DEMO_DIR=/tmp/plot-demo`
/// the PNGs are kept for looking at; otherwise they go to a temporary folder
/// that is removed. Either way each figure must save and read back.
final class DemoFigureTests: XCTestCase {
    var folder: URL!
    var keep = false

    override func setUpWithError() throws {
        if let dir = ProcessInfo.processInfo.environment["PLOT_DEMO_DIR"] {
            folder = URL(fileURLWithPath: dir)
            keep = true
        } else {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("plot-demo-\(UUID().uuidString)")
        }
    }

    override func tearDownWithError() throws {
        if !keep { try? FileManager.default.removeItem(at: folder) }
    }

    private func save(_ figure: Figure, _ name: String) throws {
        let url = folder.appendingPathComponent(name + ".png")
        try figure.savePNG(to: url)
        let image = try Image.readPNG(url)
        XCTAssertEqual(image.width, Int(figure.width * figure.scale))
        let csv = try String(contentsOf: url.deletingPathExtension().appendingPathExtension("csv"), encoding: .utf8)
        XCTAssertGreaterThan(csv.split(separator: "\n").count, 1, "\(name).csv has no data rows")
    }

    func testLossCurves() throws {
        let epochs = (1...30).map(Double.init)
        let train = epochs.map { 2.3 * exp(-$0 / 6) + 0.25 + 0.02 * sin($0) }
        let val = epochs.map { 2.3 * exp(-$0 / 7) + 0.35 + 0.004 * ($0 - 15) * ($0 > 15 ? 1 : 0) }
        let figure = Figure()
        figure.title = "Функция потерь, σ^2_Ω = 10^{-3}"
        let ax = figure.ax
        ax.plot(x: epochs, y: train, label: "обучение (train)")
        ax.plot(x: epochs, y: val, label: "валидация (val)", marker: .circle)
        ax.fillBetween(x: epochs, y1: train.map { $0 - 0.05 }, y2: train.map { $0 + 0.05 }, color: Color.palette[0], alpha: 0.2)
        ax.axhline(0.3, label: "уровень h_{k+1}")
        ax.xlabel = "эпоха"
        ax.ylabel = "потери L(θ)"
        ax.title = "Adam, lr = 10^{-3}, β_1 = 0.9"
        ax.legend()
        try save(figure, "loss")
    }

    func testLogScale() throws {
        let layers = (0...50).map(Double.init)
        let figure = Figure(width: 640, height: 400, rows: 1, columns: 2)
        for (col, direction) in ["прямой проход", "обратный проход"].enumerated() {
            let ax = figure[0, col]
            for (k, s2) in [0.001, 0.01, 0.02, 0.1, 1.0].enumerated() {
                let factor = s2 * 100 / 2
                ax.plot(x: layers, y: layers.map { pow(factor, $0 * (col == 0 ? 1 : 0.8)) }, label: "σ^2 = \(s2)",
                        color: Color.palette(k))
            }
            ax.yscale = .log
            ax.ylim = (1e-30, 1e30)
            ax.title = "Дисперсия: " + direction
            ax.xlabel = "слой k"
            if col == 0 { ax.ylabel = "Var[h_k]" }
        }
        figure[0, 1].legend(location: .best)
        try save(figure, "log")
    }

    func testContourWithPath() throws {
        let xs = stride(from: -2.0, through: 2.0, by: 0.05).map { $0 }
        let ys = stride(from: -1.5, through: 1.5, by: 0.05).map { $0 }
        let z = ys.map { y in xs.map { x in 0.5 * x * x + 4 * y * y + 0.3 * sin(3 * x) } }
        var path: [(Double, Double)] = [(-1.8, 1.2)]
        for _ in 0..<25 {
            let (x, y) = path.last!
            path.append((x - 0.15 * (x + 0.9 * cos(3 * x)), y - 0.15 * 8 * y))
        }
        let figure = Figure(width: 640, height: 440)
        let ax = figure.ax
        ax.contourf(x: xs, y: ys, z: z, levels: 12, colorbar: true, colorbarLabel: "L(w_1, w_2)")
        ax.plot(x: path.map(\.0), y: path.map(\.1), label: "SGD, η = 0.15", color: .white, lineWidth: 1.8, marker: .circle,
                markerSize: 5)
        ax.plot(x: path.map { $0.0 * 0.9 }, y: path.map { $0.1 * 0.5 }, label: "Adam", color: Color.palette[1], lineWidth: 1.8)
        ax.annotate("минимум", xy: (path.last!.0, path.last!.1), xytext: (0.8, -0.95))
        ax.xlabel = "w_1"
        ax.ylabel = "w_2"
        ax.title = "Поверхность потерь и траектории"
        ax.aspectEqual = true
        ax.legend()
        try save(figure, "contour")
    }

    func testImageAndConfusion() throws {
        let figure = Figure(width: 640, height: 320, rows: 1, columns: 2)
        var gradient = [UInt8](repeating: 0, count: 28 * 28)
        for i in 0..<(28 * 28) { let level: Int = (i % 28 + i / 28) * 255 / 54; gradient[i] = UInt8(level) }
        let img = figure[0, 0]
        img.imshow(pixels: gradient, height: 28, width: 28, colormap: .gray, colorbar: true)
        img.title = "28×28, градиент"
        img.hideAxes()
        let digits = figure[0, 1]
        let ring = (0..<(28 * 28)).map { i -> Double in
            let x = Double(i % 28) - 13.5, y = Double(i / 28) - 13.5
            let r: Double = (x * x + y * y).squareRoot() - 8
            return exp(-r * r / 6)
        }
        digits.imshow(pixels: ring, height: 28, width: 28, colormap: .viridis, colorbar: true, colorbarLabel: "яркость")
        digits.title = "viridis"
        try save(figure, "image")

        let classes = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
        var counts = [Double](repeating: 0, count: 100)
        for i in 0..<10 {
            for j in 0..<10 { counts[i * 10 + j] = i == j ? Double(850 + 13 * i) : Double((i * 7 + j * 3) % 23) }
        }
        let cm = Figure(width: 640, height: 560)
        let ax = cm.ax
        ax.imshow(pixels: counts, height: 10, width: 10, colormap: .blues, annotateCells: "%.0f", colorbar: true)
        ax.xticks((0..<10).map(Double.init), labels: classes)
        ax.yticks((0..<10).map(Double.init), labels: classes)
        ax.xlabel = "предсказанный класс"
        ax.ylabel = "истинный класс"
        ax.title = "Матрица ошибок (тест, точность 0.883)"
        try save(cm, "confusion")
    }

    func testBarChart() throws {
        let figure = Figure(width: 640, height: 380)
        let ax = figure.ax
        let names = ["SGD", "SGD + momentum", "Adam", "AdamW", "человек"]
        ax.bar(labels: names, heights: [0.842, 0.866, 0.883, 0.887, 0.835], label: "тест", valueFormat: "%.3f")
        ax.bar(labels: names, heights: [0.861, 0.893, 0.912, 0.905, 0.835], label: "обучение", valueFormat: "%.3f")
        ax.ylim = (0.8, 0.93)
        ax.ylabel = "точность"
        ax.title = "Fashion-MNIST: сравнение оптимизаторов"
        ax.legend(location: .upperLeft, columns: 2)
        try save(figure, "bars")
    }

    func testNetworkDiagram() throws {
        let sizes = [3, 5, 5, 4, 2]
        let names = ["вход x", "h_1", "h_2", "h_3", "выход y"]
        let figure = Figure(width: 640, height: 360)
        let ax = figure.ax
        let positions = sizes.enumerated().map { layer, n in
            (0..<n).map { i in (Double(layer) * 2.0, (Double(i) - Double(n - 1) / 2) * 1.0) }
        }
        for layer in 0..<(sizes.count - 1) {
            for a in positions[layer] {
                for b in positions[layer + 1] {
                    ax.arrow(from: a, to: b, color: Color(hex: "#9A9A9A"), width: 0.7, headLength: 5,
                             shrinkStart: 13, shrinkEnd: 13)
                }
            }
        }
        for (layer, column) in positions.enumerated() {
            let color = layer == 0 ? Color.palette[2] : layer == sizes.count - 1 ? Color.palette[3] : Color.palette[0]
            for (i, p) in column.enumerated() {
                let label = layer == 0 ? "x_\(i + 1)" : layer == sizes.count - 1 ? "y_\(i + 1)" : "h_{\(layer)\(i + 1)}"
                ax.circle(center: p, radiusPoints: 12, fill: color, stroke: .white, lineWidth: 1.5, label: label, labelSize: 8.5)
            }
            ax.text(Double(layer) * 2.0, -2.9, names[layer], size: 11)
        }
        ax.box(x: 6.6, y: 2.45, width: 2.8, height: 0.6, cornerRadius: 6, label: "Ω = \\{β_k, Ω_k\\}")
        ax.hideAxes()
        ax.aspectEqual = true
        ax.title = "Полносвязная сеть: D_{in} = 3, три скрытых слоя, D_o = 2"
        try save(figure, "network")
    }

    func testPanelGridAndSmallFigure() throws {
        let figure = Figure(width: 640, height: 480, rows: 2, columns: 2)
        figure.title = "Расписания скорости обучения"
        let epochs = (0..<100).map(Double.init)
        let step = figure[0, 0]
        step.plot(x: epochs, y: epochs.map { 0.1 * pow(0.1, Double(Int($0) / 30)) }, label: "MultiStepLR")
        step.yscale = .log
        step.title = "MultiStepLR, γ = 0.1"
        step.ylabel = "lr"
        let cosine = figure[0, 1]
        cosine.plot(x: epochs, y: epochs.map { 1e-4 + (0.1 - 1e-4) * (1 + cos(.pi * $0 / 100)) / 2 }, label: "η_{min} = 10^{-4}")
        cosine.plot(x: epochs, y: epochs.map { _ in 1e-4 }, label: "η_0 = η_{min}: прямая", dash: .dotted)
        cosine.title = "CosineAnnealingLR"
        cosine.legend()
        let stop = figure[1, 0]
        let val = epochs.map { 1 / (1 + $0 / 10) + 0.00004 * $0 * $0 }
        stop.plot(x: epochs, y: val, label: "val loss")
        stop.axvline(25, color: Color.palette[3], label: "остановка")
        stop.xlabel = "эпоха"
        stop.ylabel = "потери"
        stop.legend()
        let relu = figure[1, 1]
        let xs = stride(from: -3.0, through: 3.0, by: 0.05).map { $0 }
        relu.axhline(0, color: .lightGray, dash: .solid)
        relu.axvline(0, color: .lightGray, dash: .solid)
        relu.plot(x: xs, y: xs.map { max(0, $0) }, label: "ReLU(z)")
        relu.plot(x: xs, y: xs.map { $0 > 0 ? 1 : 0 }, label: "ReLU'(z)", dash: .dashed)
        relu.scatter(x: [-2, -1, 0, 1, 2], y: [0, 0, 0, 1, 2], label: "точки")
        relu.xlabel = "z"
        relu.legend(location: .upperLeft)
        try save(figure, "grid")

        let small = Figure(width: 320, height: 220)
        small.ax.bar(labels: ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
                     heights: [600, 600, 600, 600, 600, 600, 600, 600, 600, 600])
        small.ax.title = "Классы Fashion-MNIST"
        small.ax.ylabel = "число примеров"
        try save(small, "small")
    }
}
