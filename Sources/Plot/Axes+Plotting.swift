import Foundation
import Usage

extension Axes {
    /// A line through (x[i], y[i]), like `ax.plot(x, y)`. NaN values break the line.
    public func plot(x: [Double], y: [Double], label: (any DisplayText)? = nil, color: Color? = nil,
                     lineWidth: Double = Theme.lineWidth, dash: LineStyle = .solid,
                     marker: Marker = .none, markerSize: Double = Theme.markerSize) {
        checkUsage(x.count == y.count, "plot", "x has \(x.count) values but y has \(y.count)",
                   valid: "one y per x: x.count == y.count",
                   russian: ("в x \(x.count) значений, а в y \(y.count)", "по одному y на каждый x: x.count == y.count"))
        add(LineArtist(x: x, y: y, label: label?.displayText, color: color ?? nextColor(), width: lineWidth, style: dash,
                       marker: marker, markerSize: markerSize))
    }

    /// A line against 0, 1, 2, ... (`ax.plot(y)`).
    public func plot(_ y: [Double], label: (any DisplayText)? = nil, color: Color? = nil,
                     lineWidth: Double = Theme.lineWidth, dash: LineStyle = .solid, marker: Marker = .none) {
        plot(x: y.indices.map(Double.init), y: y, label: label, color: color, lineWidth: lineWidth, dash: dash, marker: marker)
    }

    /// Points without lines; `size` is the marker diameter in points.
    public func scatter(x: [Double], y: [Double], label: (any DisplayText)? = nil, color: Color? = nil,
                        size: Double = 6, marker: Marker = .circle, alpha: Double = 0.9) {
        checkUsage(x.count == y.count, "scatter", "x has \(x.count) values but y has \(y.count)",
                   valid: "one y per x: x.count == y.count",
                   russian: ("в x \(x.count) значений, а в y \(y.count)", "по одному y на каждый x: x.count == y.count"))
        add(ScatterArtist(x: x, y: y, label: label?.displayText, color: color ?? nextColor(), size: size, marker: marker, alpha: alpha))
    }

    /// Bars over categories. Several `bar` calls on the same categories are
    /// grouped side by side; `valueFormat` (e.g. `"%.3f"`) prints each height.
    public func bar(labels: [any DisplayText], heights: [Double], color: Color? = nil, label: (any DisplayText)? = nil,
                    width: Double = 0.8, valueFormat: String? = nil) {
        let labels = labels.map(\.displayText)
        checkUsage(labels.count == heights.count, "bar", "\(labels.count) labels but \(heights.count) heights",
                   valid: "one height per label: labels.count == heights.count",
                   russian: ("подписей \(labels.count), а высот \(heights.count)",
                             "по одной высоте на подпись: labels.count == heights.count"))
        if let categories {
            checkUsage(categories == labels, "bar", "these bars are over \(labels), but this axes already has bars over \(categories)",
                       valid: "the same labels, in the same order, for every bar series of one axes",
                       russian: ("эти столбцы над \(labels), а на этих осях уже есть столбцы над \(categories)",
                                 "одни и те же подписи в одном порядке для всех серий столбцов на одних осях"))
        } else {
            categories = labels
            xTickOverride = (labels.indices.map(Double.init), labels)
        }
        add(BarArtist(positions: labels.indices.map(Double.init), categoryNames: labels, heights: heights, bottom: 0,
                      label: label?.displayText, color: color ?? nextColor(), width: width, valueFormat: valueFormat))
        groupCategoricalBars()
    }

    /// Bars at numeric positions (a histogram-like chart); `width` in data units.
    public func bar(x: [Double], heights: [Double], color: Color? = nil, label: (any DisplayText)? = nil,
                    width: Double = 0.8, bottom: Double = 0, valueFormat: String? = nil) {
        checkUsage(x.count == heights.count, "bar", "\(x.count) positions but \(heights.count) heights",
                   valid: "one height per position: x.count == heights.count",
                   russian: ("позиций \(x.count), а высот \(heights.count)",
                             "по одной высоте на позицию: x.count == heights.count"))
        add(BarArtist(positions: x, categoryNames: nil, heights: heights, bottom: bottom, label: label?.displayText,
                      color: color ?? nextColor(), width: width, valueFormat: valueFormat))
    }

    /// Splits the category width among the categorical bar series.
    private func groupCategoricalBars() {
        let group = artists.compactMap { $0 as? BarArtist }.filter { $0.categoryNames != nil }
        guard group.count > 1 else { return }
        let total = 0.8, each = total / Double(group.count)
        for (i, bar) in group.enumerated() {
            bar.width = each * 0.95
            bar.offset = -total / 2 + each * (Double(i) + 0.5)
        }
    }

    /// Shades the area between `y1` and `y2` (e.g. mean ± std).
    public func fillBetween(x: [Double], y1: [Double], y2: [Double], color: Color? = nil, alpha: Double = 0.25,
                            label: (any DisplayText)? = nil) {
        checkUsage(x.count == y1.count && x.count == y2.count, "fillBetween",
                   "x, y1 and y2 need equal lengths, got \(x.count), \(y1.count) and \(y2.count)",
                   valid: "one lower and one upper value per x: x.count == y1.count == y2.count",
                   russian: ("у x, y1 и y2 должна быть одна длина, получено \(x.count), \(y1.count) и \(y2.count)",
                             "по одному нижнему и верхнему значению на x: x.count == y1.count == y2.count"))
        add(FillArtist(x: x, y1: y1, y2: y2, label: label?.displayText, color: color ?? nextColor(), alpha: alpha))
    }

    /// A horizontal reference line across the axes at `y`.
    public func axhline(_ y: Double, color: Color = .gray, lineWidth: Double = 1.25, dash: LineStyle = .dashed,
                        label: (any DisplayText)? = nil) {
        add(ReferenceLineArtist(value: y, horizontal: true, label: label?.displayText, color: color, width: lineWidth, style: dash))
    }

    /// A vertical reference line across the axes at `x`.
    public func axvline(_ x: Double, color: Color = .gray, lineWidth: Double = 1.25, dash: LineStyle = .dashed,
                        label: (any DisplayText)? = nil) {
        add(ReferenceLineArtist(value: x, horizontal: false, label: label?.displayText, color: color, width: lineWidth, style: dash))
    }
}
