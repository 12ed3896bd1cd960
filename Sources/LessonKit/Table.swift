import Console
import Foundation

/// A text table: columns of numbers are right-aligned, others left-aligned.
struct TextTable {
    var headers: [String]
    var rows: [[String]]

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

    func terminal(style: Style, indent: String = "  ") -> String {
        let numeric = numericColumns
        let widths = headers.indices.map { c in
            ([headers[c]] + rows.map { $0[c] }).map(Style.visibleWidth).max() ?? 0
        }
        func line(_ cells: [String], _ decorate: (String) -> String = { $0 }) -> String {
            let text = cells.indices.map { c -> String in
                let pad = String(repeating: " ", count: widths[c] - Style.visibleWidth(cells[c]))
                return numeric[c] ? pad + decorate(cells[c]) : decorate(cells[c]) + pad
            }.joined(separator: "  ")
            return indent + text.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        var out = [line(headers, style.bold)]
        out.append(indent + style.dim(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")))
        out += rows.map { line($0) }
        return out.joined(separator: "\n")
    }

    func markdown() -> String {
        func escape(_ cell: String) -> String { cell.replacingOccurrences(of: "|", with: "\\|") }
        func line(_ cells: [String]) -> String { "| " + cells.map(escape).joined(separator: " | ") + " |" }
        let rule = "|" + numericColumns.map { $0 ? " ---: |" : " :--- |" }.joined()
        return ([line(headers), rule] + rows.map(line)).joined(separator: "\n")
    }
}
