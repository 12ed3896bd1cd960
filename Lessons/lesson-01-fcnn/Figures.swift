// The figures of lesson 01, drawn from numbers the sections computed.
import Course

/// ReLU on `grid` (left) and its derivative, the indicator 𝕀[z > 0] (right).
func reluFigure(grid: [Double], relu: [Double]) -> Figure {
    let fig = Figure(width: 560, height: 280, rows: 1, columns: 2)
    let left = fig.axes(0, 0), right = fig.axes(0, 1)
    left.plot(x: grid, y: relu, label: "a[z] = ReLU[z]", lineWidth: 2.5)
    left.title = "ReLU[z] = max(0, z)"
    left.ylabel = "a[z]"
    // The derivative jumps at 0: two pieces, so no vertical line is drawn there.
    let negative = grid.filter { $0 < 0 }, positive = grid.filter { $0 > 0 }
    right.plot(x: negative, y: negative.map { _ in 0 }, label: "_𝕀[z > 0], z < 0", color: Color.palette(1), lineWidth: 2.5)
    right.plot(x: positive, y: positive.map { _ in 1 }, label: "𝕀[z > 0]", color: Color.palette(1), lineWidth: 2.5)
    right.ylim = (-0.1, 1.2)
    right.title = L(ru: "Производная da/dz = 𝕀[z > 0]", en: "Derivative da/dz = 𝕀[z > 0]")
    right.ylabel = "da/dz"
    for ax in [left, right] { ax.xlabel = L(ru: "предактивация z", en: "pre-activation z") }
    return fig
}

/// The network as circles and lines, one column per layer, from the model's sizes.
func networkFigure(_ sizes: [Int]) -> Figure {
    let fig = Figure(width: 640, height: 360)
    let ax = fig.axes(0, 0)
    ax.hideAxes()
    let tallest = Double(sizes.max() ?? 1)
    let colors = [Color.palette(0)] + Array(repeating: Color.palette(2), count: max(0, sizes.count - 2)) + [Color.palette(3)]
    func position(_ layer: Int, _ unit: Int) -> (Double, Double) {
        (Double(layer), (Double(sizes[layer] - 1) / 2 - Double(unit)))
    }
    for k in 0..<(sizes.count - 1) {
        for i in 0..<sizes[k] { for j in 0..<sizes[k + 1] {
            ax.line(from: position(k, i), to: position(k + 1, j), color: Color.gray.withAlpha(0.55), width: 1,
                    shrinkStart: 13, shrinkEnd: 13)
        } }
    }
    for k in 0..<sizes.count {
        for i in 0..<sizes[k] {
            ax.circle(center: position(k, i), radiusPoints: 12, fill: colors[k].lighter(0.35), stroke: colors[k], lineWidth: 1.5)
        }
        let name = k == 0 ? L(ru: "вход", en: "input")
            : k == sizes.count - 1 ? L(ru: "выход", en: "output") : L(ru: "скрытый h_\(k)", en: "hidden h_\(k)")
        let sizeLabel = k == 0 ? "D_i = \(sizes[k])" : (k == sizes.count - 1 ? "D_o = \(sizes[k])" : "D_\(k) = \(sizes[k])")
        ax.text(Double(k), -tallest / 2 - 0.55, name, size: 12, bold: true)
        ax.text(Double(k), -tallest / 2 - 1.0, sizeLabel, size: 11)
    }
    for k in 0..<(sizes.count - 1) {
        ax.text(Double(k) + 0.5, tallest / 2 + 0.45, "β_\(k), Ω_\(k)", size: 11, color: Color.palette(4))
    }
    ax.xlim = (-0.5, Double(sizes.count) - 0.5)
    ax.ylim = (-tallest / 2 - 1.3, tallest / 2 + 0.8)
    return fig
}

/// "2" → "₂", "i" → "ᵢ": subscripts for the lecture's notation in plain text.
func unicodeSubscript(_ s: String) -> String {
    let map: [Character: Character] = ["0": "₀", "1": "₁", "2": "₂", "3": "₃", "4": "₄", "5": "₅", "6": "₆",
                                       "7": "₇", "8": "₈", "9": "₉", "i": "ᵢ", "o": "ₒ", "k": "ₖ"]
    return String(s.map { map[$0] ?? $0 })
}

/// The size of layer k of `count` sizes: Dᵢ, D₁, D₂, …, Dₒ.
func sizeName(_ k: Int, of count: Int) -> String {
    "D" + unicodeSubscript(k == 0 ? "i" : (k == count - 1 ? "o" : "\(k)"))
}
