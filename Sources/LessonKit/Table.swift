import Console
import Foundation

/// A text table: columns of numbers are right-aligned, others left-aligned.
///
/// On the terminal a table never grows wider than the window: when it would,
/// its text columns are narrowed (the widest first) and their cells wrap onto
/// further lines, so a projector at 80 columns shows it whole.
struct TextTable {
    var headers: [String]
    var rows: [[String]]

    static let gap = 2

    init(headers: [String], rows: [[String]]) {
        let columns = max(headers.count, rows.map(\.count).max() ?? 0)
        func padded(_ cells: [String]) -> [String] { cells + Array(repeating: "", count: columns - cells.count) }
        self.headers = padded(headers)
        self.rows = rows.map(padded)
    }

    /// A column is numeric when all its filled cells read as numbers ("—" counts as empty).
    var numericColumns: [Bool] {
        headers.indices.map { c in
            let cells = rows.map { $0[c].trimmingCharacters(in: .whitespaces) }.filter { !["", "—", "-"].contains($0) }
            return !cells.isEmpty && cells.allSatisfy { Double($0.replacingOccurrences(of: "%", with: "")) != nil }
        }
    }

    /// The table for a terminal of `width` columns (indent included).
    func terminal(style: Style, indent: String = "  ", width: Int = .max) -> String {
        let numeric = numericColumns
        let widths = columnWidths(room: width - Style.visibleWidth(indent), numeric: numeric)
        let gap = String(repeating: " ", count: Self.gap)
        func lines(_ cells: [String], _ decorate: (String) -> String = { $0 }) -> [String] {
            let wrapped = cells.indices.map { c in
                Style.visibleWidth(cells[c]) <= widths[c] ? [cells[c]] : Self.wrap(cells[c], width: widths[c])
            }
            let height = wrapped.map(\.count).max() ?? 1
            return (0..<height).map { row in
                let text = cells.indices.map { c -> String in
                    let cell = row < wrapped[c].count ? wrapped[c][row] : ""
                    let pad = String(repeating: " ", count: max(0, widths[c] - Style.visibleWidth(cell)))
                    return numeric[c] ? pad + decorate(cell) : decorate(cell) + pad
                }.joined(separator: gap)
                return indent + text.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
            }
        }
        var out = lines(headers, style.bold)
        out.append(indent + style.dim(widths.map { String(repeating: "─", count: $0) }.joined(separator: gap)))
        let body = rows.map { lines($0) }
        // Rows that wrap are set apart by a blank line, so a reader sees where each begins.
        let spaced = body.contains { $0.count > 1 }
        for (i, row) in body.enumerated() {
            if spaced && i > 0 { out.append("") }
            out += row
        }
        return out.joined(separator: "\n")
    }

    /// Natural widths, narrowed until the columns and their gaps fit in `room`.
    /// Text columns give way first, the widest each time, down to their longest word;
    /// then, if still too wide, any column down to 4.
    func columnWidths(room: Int, numeric: [Bool]) -> [Int] {
        var widths = headers.indices.map { c in
            ([headers[c]] + rows.map { $0[c] }).map(Style.visibleWidth).max() ?? 0
        }
        let available = room - Self.gap * max(widths.count - 1, 0)
        func longestWord(_ c: Int) -> Int {
            let cells = numeric[c] ? [headers[c]] : [headers[c]] + rows.map { $0[c] }
            let words = cells.flatMap { $0.split(separator: " ") }.map { Style.visibleWidth(String($0)) }
            let floor = numeric[c] ? (rows.map { Style.visibleWidth($0[c]) }.max() ?? 0) : 0
            return max(words.max() ?? 1, floor, 1)
        }
        let floors = widths.indices.map { min(widths[$0], longestWord($0)) }
        while widths.reduce(0, +) > available {
            guard let c = widths.indices.filter({ widths[$0] > floors[$0] }).max(by: { widths[$0] < widths[$1] }) else { break }
            widths[c] -= 1
        }
        while widths.reduce(0, +) > available {
            guard let c = widths.indices.filter({ widths[$0] > 4 }).max(by: { widths[$0] < widths[$1] }) else { break }
            widths[c] -= 1
        }
        return widths
    }

    /// `text` broken at spaces into lines of at most `width` columns; a word
    /// longer than that is cut.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true).map(String.init) {
            var word = word
            let joined = line.isEmpty ? word : line + " " + word
            if Style.visibleWidth(joined) <= width { line = joined; continue }
            if !line.isEmpty { lines.append(line); line = "" }
            while Style.visibleWidth(word) > width {
                lines.append(String(word.prefix(width)))
                word = String(word.dropFirst(width))
            }
            line = word
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines
    }

    func markdown() -> String {
        func escape(_ cell: String) -> String { cell.replacingOccurrences(of: "|", with: "\\|") }
        func line(_ cells: [String]) -> String { "| " + cells.map(escape).joined(separator: " | ") + " |" }
        let rule = "|" + numericColumns.map { $0 ? " ---: |" : " :--- |" }.joined()
        return ([line(headers), rule] + rows.map(line)).joined(separator: "\n")
    }
}
