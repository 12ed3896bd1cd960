// Image grids for the lesson's figures: many 28×28 images drawn as one
// picture, with a compact CSV beside the PNG that says which sample is where
// (a pixel dump of ~50 images would be a megabyte of numbers nobody reads).
import Foundation
import Plot

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
