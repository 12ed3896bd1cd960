import CCairo
import Foundation
import Usage

/// A figure of `rows × columns` axes, sized in points and rendered at `scale`×
/// (2 = retina) to PNG. Like `fig, axs = plt.subplots(rows, columns, figsize=...)`.
///
///     let figure = Figure(width: 640, height: 420)
///     figure.ax.plot(x: epochs, y: loss, label: "train")
///     figure.ax.legend()
///     try figure.savePNG(to: url)   // url.png and url.csv
public final class Figure {
    public let width: Double
    public let height: Double
    public let rows: Int
    public let columns: Int
    /// Figure title above all panels (matplotlib's `suptitle`); markup allowed.
    public var title: (any DisplayText)? {
        get { titleText }
        set { titleText = newValue?.displayText }
    }
    var titleText: String?
    /// Device pixels per point in the PNG.
    public var scale: Double = 2
    /// Space between neighbouring panels, in points (on top of their labels).
    public var spacing: Double = 14

    private let panels: [Axes]

    public init(width: Double = 640, height: Double = 420, rows: Int = 1, columns: Int = 1) {
        checkUsage(width >= 50 && height >= 50, "Figure", "a size of \(width) × \(height) points is too small to draw in",
                   valid: "width and height of at least 50 points, e.g. Figure(width: 640, height: 420)",
                   russian: ("размер \(width) × \(height) точек слишком мал для рисунка",
                             "ширина и высота не меньше 50 точек, например Figure(width: 640, height: 420)"))
        checkUsage(rows >= 1 && columns >= 1, "Figure", "a grid of \(rows) × \(columns) axes has no axes",
                   valid: "at least one row and one column: rows >= 1, columns >= 1",
                   russian: ("в сетке \(rows) × \(columns) нет ни одних осей",
                             "хотя бы одна строка и один столбец: rows >= 1, columns >= 1"))
        self.width = width
        self.height = height
        self.rows = rows
        self.columns = columns
        panels = (0..<(rows * columns)).map { _ in Axes() }
    }

    /// The axes at (row, column), counted from the top left.
    public func axes(_ row: Int, _ column: Int) -> Axes {
        checkUsage(row >= 0 && row < rows && column >= 0 && column < columns, "Figure.axes",
                   "no axes at (\(row), \(column)) in a \(rows) × \(columns) grid",
                   valid: "row in 0..<\(rows), column in 0..<\(columns) (counted from 0, top left)",
                   russian: ("нет осей в (\(row), \(column)) в сетке \(rows) × \(columns)",
                             "строка в 0..<\(rows), столбец в 0..<\(columns) (счёт с 0, от левого верхнего угла)"))
        return panels[row * columns + column]
    }

    public subscript(row: Int, column: Int) -> Axes { axes(row, column) }

    /// The first (or only) axes.
    public var ax: Axes { panels[0] }

    /// All axes, row by row.
    public var allAxes: [Axes] { panels }

    // MARK: Layout

    static let outerPadding = 8.0

    /// Places every panel: margins come from the measured tick labels, axis labels
    /// and titles, aligned per row and column, iterated until stable.
    func layout(painter: Painter) {
        var top = Figure.outerPadding
        if let title = titleText, !title.isEmpty {
            top += painter.measure(title, size: Theme.suptitleSize).height + 8
        }
        let area = Box(minX: Figure.outerPadding, minY: top, maxX: width - Figure.outerPadding, maxY: height - Figure.outerPadding)
        let cellWidth = (area.width - spacing * Double(columns - 1)) / Double(columns)
        let cellHeight = (area.height - spacing * Double(rows - 1)) / Double(rows)

        var left = [Double](repeating: 45, count: columns), right = [Double](repeating: 10, count: columns)
        var above = [Double](repeating: 20, count: rows), below = [Double](repeating: 35, count: rows)
        func boxes() -> [Box] {
            (0..<(rows * columns)).map { i in
                let r = i / columns, c = i % columns
                let x = area.minX + Double(c) * (cellWidth + spacing), y = area.minY + Double(r) * (cellHeight + spacing)
                let w = max(20, cellWidth - left[c] - right[c]), h = max(20, cellHeight - above[r] - below[r])
                return Box(x: x + left[c], y: y + above[r], width: w, height: h)
            }
        }
        for _ in 0..<3 {
            let current = boxes()
            var newLeft = [Double](repeating: 0, count: columns), newRight = newLeft
            var newAbove = [Double](repeating: 0, count: rows), newBelow = newAbove
            for (i, axes) in panels.enumerated() {
                axes.resolve(box: current[i], painter: painter)
                let m = axes.margins(painter: painter)
                let r = i / columns, c = i % columns
                newLeft[c] = max(newLeft[c], m.left); newRight[c] = max(newRight[c], m.right)
                newAbove[r] = max(newAbove[r], m.top); newBelow[r] = max(newBelow[r], m.bottom)
            }
            let stable = newLeft == left && newRight == right && newAbove == above && newBelow == below
            left = newLeft; right = newRight; above = newAbove; below = newBelow
            if stable { break }
        }
        for (i, box) in boxes().enumerated() { panels[i].resolve(box: box, painter: painter) }
    }

    // MARK: Rendering

    /// Draws the figure onto a new image surface (the caller destroys it).
    func renderSurface() -> OpaquePointer {
        let pixelWidth = Int32((width * scale).rounded()), pixelHeight = Int32((height * scale).rounded())
        let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pixelWidth, pixelHeight)!
        let cr = cairo_create(surface)!
        defer { cairo_destroy(cr) }
        cairo_scale(cr, scale, scale)
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        let painter = Painter(context: cr)
        layout(painter: painter)
        if let title = titleText, !title.isEmpty {
            painter.drawText(title, at: (width / 2, Figure.outerPadding), size: Theme.suptitleSize, .center, .top)
        }
        for axes in panels { axes.draw(painter: painter, deviceScale: scale) }
        cairo_surface_flush(surface)
        return surface
    }

    /// The legend location each axes ends up with (`.best` resolved), row by row; nil where no legend.
    public func legendLocations() -> [LegendLocation?] {
        let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1)!
        let cr = cairo_create(surface)!
        defer { cairo_destroy(cr); cairo_surface_destroy(surface) }
        let painter = Painter(context: cr)
        layout(painter: painter)
        return panels.map { $0.resolvedLegendLocation(painter: painter) }
    }

    /// The plot area of each axes in figure points (x, y from the top left, width, height), row by row.
    public func plotAreas() -> [(x: Double, y: Double, width: Double, height: Double)] {
        let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1)!
        let cr = cairo_create(surface)!
        defer { cairo_destroy(cr); cairo_surface_destroy(surface) }
        let painter = Painter(context: cr)
        layout(painter: painter)
        return panels.map { axes in
            let b = axes.resolved!.transform.box
            return (b.minX, b.minY, b.width, b.height)
        }
    }
}
