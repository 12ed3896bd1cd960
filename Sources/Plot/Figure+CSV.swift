import Foundation

extension Figure {
    /// Turns a text as drawn (a label, title or category) into its name in the CSV.
    /// The lesson runner sets it so that CSV headers keep one language-independent
    /// form (English) whatever language the figure is drawn in, and scripts that
    /// read the CSVs work with every `--lang`. nil keeps the texts as drawn.
    nonisolated(unsafe) public static var csvName: ((String) -> String)?

    static func csvName(_ text: String) -> String { csvName?(text) ?? text }

    /// The plotted data as CSV with a header row.
    ///
    /// - Line, scatter, bar and fill series become a wide table: first column the
    ///   x variable (named after the x label, else `x`), one column per series,
    ///   rows joined on equal x values (empty cells where a series has no value).
    /// - Fields (contour, imshow), diagrams and mixed content become a long table
    ///   with the columns among `x,y,z,label,series` that are used.
    /// With several panels, series names are prefixed by the panel's title.
    public func csvText() -> String {
        let used = allAxes.filter { !$0.artists.flatMap(\.csv).isEmpty }
        var parts: [CSVPart] = []
        var xNames: [String] = []
        for (index, axes) in used.enumerated() {
            let prefix: String
            if used.count > 1 {
                let title = Figure.csvName(axes.titleText.map(RichText.plainText) ?? "")
                prefix = (title.isEmpty ? "panel \(index + 1)" : title) + ": "
            } else {
                prefix = ""
            }
            var unnamed = 0
            let seriesCount = axes.artists.flatMap(\.csv).filter { if case .series = $0 { return true } else { return false } }.count
            for part in axes.artists.flatMap(\.csv) {
                switch part {
                case .series(let name, let x, let y):
                    let drawn = RichText.plainText(name)
                    var label = Figure.csvName(drawn.hasPrefix("_") ? String(drawn.dropFirst()) : drawn)
                    if label.isEmpty { unnamed += 1; label = seriesCount == 1 ? "y" : "series \(unnamed)" }
                    parts.append(.series(name: prefix + label, x: x.map { Double($0) == nil ? Figure.csvName($0) : $0 }, y: y))
                case .records(let name, let rows):
                    let rows = rows.map { $0.mapValues { Double($0) == nil ? Figure.csvName($0) : $0 } }
                    parts.append(.records(name: prefix + Figure.csvName(RichText.plainText(name)), rows: rows))
                }
            }
            xNames.append(axes.xlabelText.map(RichText.plainText).map(Figure.csvName).flatMap { $0.isEmpty ? nil : $0 } ?? (axes.categories != nil ? "category" : "x"))
        }
        let xName = Set(xNames).count == 1 ? xNames[0] : "x"
        if parts.isEmpty { return "x,y\n" }
        if let wide = Figure.wideTable(parts, xName: xName) { return wide }
        return Figure.longTable(parts)
    }

    /// One row per distinct x; nil when some part is not a series or a series repeats an x.
    static func wideTable(_ parts: [CSVPart], xName: String) -> String? {
        var series: [(name: String, x: [String], y: [Double])] = []
        for part in parts {
            guard case .series(let name, let x, let y) = part else { return nil }
            guard Set(x).count == x.count else { return nil }
            series.append((name, x, y))
        }
        var keys: [String] = []
        var seen = Set<String>()
        for s in series { for k in s.x where !seen.contains(k) { seen.insert(k); keys.append(k) } }
        // Numeric x values in increasing order; categories keep their order.
        if keys.allSatisfy({ Double($0) != nil }) && series.count > 1 {
            keys.sort { Double($0)! < Double($1)! }
        }
        let lookups = series.map { s in Dictionary(uniqueKeysWithValues: zip(s.x, s.y)) }
        var out = ([xName] + series.map(\.name)).map(csvField).joined(separator: ",") + "\n"
        for key in keys {
            let cells = [csvField(key)] + lookups.map { $0[key].map(csvNumber) ?? "" }
            out += cells.joined(separator: ",") + "\n"
        }
        return out
    }

    static func longTable(_ parts: [CSVPart]) -> String {
        var rows: [[String: String]] = []
        for part in parts {
            switch part {
            case .series(let name, let x, let y):
                for (u, v) in zip(x, y) { rows.append(["x": u, "y": csvNumber(v), "series": name]) }
            case .records(let name, let records):
                for r in records { var r = r; r["series"] = name; rows.append(r) }
            }
        }
        var columns = ["x", "y", "z", "label", "series"].filter { c in rows.contains { !($0[c] ?? "").isEmpty } }
        if Set(rows.map { $0["series"] ?? "" }).count <= 1 { columns.removeAll { $0 == "series" } }
        var out = columns.joined(separator: ",") + "\n"
        for r in rows { out += columns.map { csvField(r[$0] ?? "") }.joined(separator: ",") + "\n" }
        return out
    }
}

/// Quotes a CSV field when it holds a comma, quote or newline (RFC 4180).
func csvField(_ s: String) -> String {
    guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
    return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}
