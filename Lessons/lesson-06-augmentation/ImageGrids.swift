// Image grids for the lesson's figures: many 28×28 images drawn as one
// picture, with a compact CSV beside the PNG that says which sample is where
// (a pixel dump of ~50 images would be a megabyte of numbers nobody reads).
import Course
import Foundation

/// Tiles of `tileHeight × tileWidth` pixels (values in [0, 1]) laid out in
/// `rows × columns` with `gap` pixels of white between them, as one image.
struct Mosaic {
    let rows: Int, columns: Int, tileHeight: Int, tileWidth: Int, gap: Int
    private(set) var pixels: [Double]

    init(rows: Int, columns: Int, tileHeight: Int = 28, tileWidth: Int = 28, gap: Int = 2) {
        self.rows = rows
        self.columns = columns
        self.tileHeight = tileHeight
        self.tileWidth = tileWidth
        self.gap = gap
        pixels = [Double](repeating: 1, count: (rows * (tileHeight + gap) - gap) * (columns * (tileWidth + gap) - gap))
    }

    var height: Int { rows * (tileHeight + gap) - gap }
    var width: Int { columns * (tileWidth + gap) - gap }

    /// The pixel coordinates of the centre of tile (row, column).
    func center(row: Int, column: Int) -> (x: Double, y: Double) {
        (Double(column * (tileWidth + gap)) + Double(tileWidth - 1) / 2,
         Double(row * (tileHeight + gap)) + Double(tileHeight - 1) / 2)
    }

    mutating func place(_ tile: [Float], row: Int, column: Int) {
        precondition(tile.count == tileHeight * tileWidth, "Mosaic: a tile of \(tile.count) values is not \(tileHeight)×\(tileWidth)")
        let top = row * (tileHeight + gap), left = column * (tileWidth + gap)
        for y in 0..<tileHeight {
            for x in 0..<tileWidth {
                pixels[(top + y) * width + left + x] = Double(tile[y * tileWidth + x])
            }
        }
    }

    /// Draws the mosaic in gray (0 black, 1 white), without axes.
    func draw(on ax: Axes) {
        ax.imshow(pixels: pixels, height: height, width: width, colormap: .gray, vmin: 0, vmax: 1)
        ax.hideAxes()
    }
}

/// Saves `figure` as PNG, then replaces the CSV that `savePNG` wrote (every
/// pixel of every tile) with `header` and `rows`: which sample sits where.
/// Both files are replaced atomically.
func saveImageGrid(_ figure: Figure, to url: URL, header: [String], rows: [[String]]) throws {
    try figure.savePNG(to: url)
    func field(_ text: String) -> String {
        text.contains(",") || text.contains("\"") ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
    let lines = [header] + rows
    let csv = lines.map { $0.map(field).joined(separator: ",") }.joined(separator: "\n") + "\n"
    try Data(csv.utf8).write(to: url.deletingPathExtension().appendingPathExtension("csv"), options: .atomic)
}

/// `samples[label]` (nine indices into `data` per class) as a 2 × 5 figure of
/// 3 × 3 mosaics titled "label: name", and the rows of its CSV.
func classGrid(_ data: FashionMNIST, samples: [[Int]], names: [any DisplayText]) -> (figure: Figure, rows: [[String]]) {
    let fig = Figure(width: 860, height: 430, rows: 2, columns: 5)
    fig.spacing = 10
    var rows: [[String]] = []
    for label in 0..<10 {
        var mosaic = Mosaic(rows: 3, columns: 3, gap: 2)
        for (k, index) in samples[label].enumerated() {
            mosaic.place(data[index].image.scalars, row: k / 3, column: k % 3)
            rows.append(["\(label)", FashionMNIST.classNames[label], FashionMNIST.russianClassNames[label],
                         "\(k / 3)", "\(k % 3)", "\(index)"])
        }
        let ax = fig.axes(label / 5, label % 5)
        mosaic.draw(on: ax)
        ax.title = "\(label): \(names[label].displayText)"
    }
    return (fig, rows)
}

/// The images `indices` of `data` as they are (top row) and under each of
/// `choices` (one row each, its random draws from `generator`), every row
/// labelled with its code (green if it suits the data, red if not) and why;
/// with the rows of its CSV.
func transformGrid(_ data: FashionMNIST, indices: [Int], choices: [AugmentationChoice], generator: Generator,
                   original: any DisplayText) -> (figure: Figure, rows: [[String]]) {
    var mosaic = Mosaic(rows: choices.count + 1, columns: indices.count, gap: 3)
    var records: [[String]] = []
    for (column, index) in indices.enumerated() {
        mosaic.place(data[index].image.scalars, row: 0, column: column)
        records.append(["0", "original", "\(column)", "\(index)", FashionMNIST.classNames[data.label(at: index)]])
    }
    for (k, choice) in choices.enumerated() {
        for (column, index) in indices.enumerated() {
            let image = data.sample(at: index, transform: Compose([ToTensor(), choice.transform]), generator: generator).image
            mosaic.place(image.scalars, row: k + 1, column: column)
            records.append(["\(k + 1)", choice.code, "\(column)", "\(index)", FashionMNIST.classNames[data.label(at: index)]])
        }
    }
    let labelSpace = 250.0   // pixels of the mosaic's scale left of the images, for the row labels
    let fig = Figure(width: 760, height: 600)
    let ax = fig.ax
    mosaic.draw(on: ax)
    ax.xlim = (-labelSpace, Double(mosaic.width) - 0.5)
    ax.ylim = (Double(mosaic.height) - 0.5, -0.5)
    let good = Color(hex: "#1B7F3B"), bad = Color(hex: "#C0392B")
    ax.text(-6, mosaic.center(row: 0, column: 0).y, original, size: 10.5, align: .right, bold: true)
    for (k, choice) in choices.enumerated() {
        let y = mosaic.center(row: k + 1, column: 0).y
        ax.text(-6, y - 6, (choice.suits ? "✓ " : "✗ ") + choice.code, size: 9.5,
                color: choice.suits ? good : bad, align: .right, bold: true)
        ax.text(-6, y + 7, choice.why, size: 9, color: Color(hex: "#555555"), align: .right)
    }
    return (fig, records)
}
