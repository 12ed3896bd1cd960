import Foundation

/// The code of one section body, cut into cells at its prose calls, like a notebook's
/// code cells between its markdown cells.
///
/// The body of `lesson.section(title) { s in … }` is found in the lesson's source by
/// matching braces. Each `s.prose(…)` statement at the top of the body ends one cell and
/// starts the next, so prose is never shown as code; `s.prose` nested in an `if` or a loop
/// stays inside its cell as one line `s.prose(…)` that marks where the text appears.
/// Shown lines are the source's own lines, less the cell's common indentation.
struct SectionCode: Equatable {
    struct Cell: Equatable {
        /// The lines as shown.
        var lines: [String]
        /// For each shown line, its 1-based line number in the source file.
        var sourceLines: [Int]
        /// The indentation removed from every line.
        var indent: Int
        var isEmpty: Bool { lines.isEmpty }
        var text: String { lines.joined(separator: "\n") }
    }

    /// `cells[0]` runs first; `cells[k + 1]` follows the top-level prose statement `prose[k]`.
    var cells: [Cell]
    /// Lines (1-based, inclusive) of the top-level prose statements, in source order.
    var prose: [ClosedRange<Int>]
    /// Lines of the prose statements nested in other statements (shown as one marker line each).
    var nestedProse: [ClosedRange<Int>]
    /// Lines of the body between the braces.
    var body: ClosedRange<Int>?

    /// The cell that follows the top-level prose statement containing `line`, if any.
    func cellIndex(afterProseAt line: Int) -> Int? {
        prose.firstIndex { $0.contains(line) }.map { $0 + 1 }
    }

    enum Failure: Error, Equatable {
        case noSection(line: Int)
        case noBody(line: Int)
    }

    /// Finds the section whose `section(` call starts on `line` (1-based) of `source`.
    static func extract(source: String, line: Int) throws -> SectionCode {
        try extract(file: SourceText(source), line: line)
    }

    static func extract(file: SourceText, line: Int) throws -> SectionCode {
        let tokens = file.tokens
        guard line >= 1 && line <= file.lineStarts.count else { throw Failure.noSection(line: line) }
        let lineStart = file.lineStarts[line - 1]
        // `section` on that line (or the call's continuation), then its argument list.
        guard let name = tokens.indices.first(where: { tokens[$0].start >= lineStart && file.text(tokens[$0]) == "section" }),
              let open = file.nextSignificant(after: name), file.text(tokens[open]) == "(",
              let close = file.matching(open)
        else { throw Failure.noSection(line: line) }
        guard let brace = file.nextSignificant(after: close), file.text(tokens[brace]) == "{",
              let end = file.matching(brace)
        else { throw Failure.noBody(line: line) }

        // The closure's parameter, `s` in `{ s in`, names the section inside the body.
        var parameter = "$0"
        var headerEnd = brace
        var k = brace + 1
        var squareDepth = 0
        while k < end, tokens[k].kind != .newline {
            let text = file.text(tokens[k])
            if text == "[" { squareDepth += 1 } else if text == "]" { squareDepth -= 1 }
            if tokens[k].kind == .word, squareDepth == 0 {
                if text == "in" { headerEnd = k; break }
                if parameter == "$0" { parameter = text }
            }
            k += 1
        }
        if headerEnd == brace { parameter = "$0" }

        let firstLine = file.line(of: tokens[headerEnd].start) + 1
        let lastLine = file.line(of: tokens[end].start) - 1
        var code = SectionCode(cells: [], prose: [], nestedProse: [], body: firstLine <= lastLine ? firstLine...lastLine : nil)

        // Prose statements: `s.prose(…)` alone on its lines.
        var depth = 0
        k = headerEnd + 1
        while k < end {
            let token = tokens[k]
            let text = file.text(token)
            if token.kind == .punctuation {
                if "([{".contains(text) { depth += 1 } else if ")]}".contains(text) { depth -= 1 }
            } else if token.kind == .word, text == parameter,
                      let dot = file.nextSignificant(after: k), file.text(tokens[dot]) == ".",
                      let method = file.nextSignificant(after: dot), file.text(tokens[method]) == "prose",
                      let paren = file.nextSignificant(after: method), file.text(tokens[paren]) == "(",
                      let closing = file.matching(paren),
                      file.aloneOnItsLines(from: k, to: closing) {
                let lines = file.line(of: token.start)...file.line(of: tokens[closing].start)
                if depth == 0 { code.prose.append(lines) } else { code.nestedProse.append(lines) }
                k = closing + 1
                continue
            }
            k += 1
        }

        // Cells: the body's lines between top-level prose statements.
        var current: [(text: String, line: Int)] = []
        func finishCell() {
            code.cells.append(Cell.dedented(current))
            current = []
        }
        if let body = code.body {
            var n = body.lowerBound
            while n <= body.upperBound {
                if let range = code.prose.first(where: { $0.lowerBound == n }) {
                    finishCell()
                    n = range.upperBound + 1
                    continue
                }
                if let range = code.nestedProse.first(where: { $0.lowerBound == n }) {
                    current.append((Self.proseMarker(file.lineText(n)), n))
                    n = range.upperBound + 1
                    continue
                }
                current.append((file.lineText(n), n))
                n += 1
            }
        }
        finishCell()
        while code.cells.count < code.prose.count + 1 { code.cells.append(Cell(lines: [], sourceLines: [], indent: 0)) }
        return code
    }

    /// `        s.prose(L(` becomes `        s.prose(…)`: where the text appears, without the text.
    static func proseMarker(_ line: String) -> String {
        guard let range = line.range(of: "prose(") else { return line }
        return String(line[..<range.upperBound]) + "…)"
    }
}

extension SectionCode.Cell {
    /// Drops blank lines at both ends and the indentation common to all non-blank lines.
    static func dedented(_ lines: [(text: String, line: Int)]) -> SectionCode.Cell {
        func blank(_ s: String) -> Bool { s.allSatisfy { $0 == " " || $0 == "\t" } }
        var slice = lines[...]
        while let first = slice.first, blank(first.text) { slice.removeFirst() }
        while let last = slice.last, blank(last.text) { slice.removeLast() }
        let indent = slice.filter { !blank($0.text) }
            .map { $0.text.prefix { $0 == " " || $0 == "\t" }.count }.min() ?? 0
        return SectionCode.Cell(lines: slice.map { blank($0.text) ? "" : String($0.text.dropFirst(indent)) },
                                sourceLines: slice.map(\.line), indent: indent)
    }
}

/// A source file with its tokens and line starts.
struct SourceText {
    let bytes: [UInt8]
    let tokens: [SwiftToken]
    /// UTF-8 offset of each line's first byte.
    let lineStarts: [Int]

    init(_ text: String) {
        bytes = Array(text.utf8)
        tokens = SwiftLexer.tokens(text)
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
        if starts.last == bytes.count && bytes.count > 0 { starts.removeLast() }
        lineStarts = starts
    }

    func text(_ token: SwiftToken) -> String { token.text(in: bytes) }

    /// 1-based line of a byte offset.
    func line(of offset: Int) -> Int {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low + 1
    }

    func lineText(_ line: Int) -> String {
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start && bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }

    func nextSignificant(after index: Int) -> Int? {
        var k = index + 1
        while k < tokens.count {
            switch tokens[k].kind {
            case .space, .newline, .comment: k += 1
            default: return k
            }
        }
        return nil
    }

    /// The token that closes the bracket at `open`.
    func matching(_ open: Int) -> Int? {
        var depth = 0
        for k in open..<tokens.count where tokens[k].kind == .punctuation {
            let t = text(tokens[k])
            if t == "(" || t == "[" || t == "{" { depth += 1 }
            if t == ")" || t == "]" || t == "}" {
                depth -= 1
                if depth == 0 { return k }
            }
        }
        return nil
    }

    /// True when only spaces precede token `first` on its line and only spaces or a
    /// comment follow token `last` on its line.
    func aloneOnItsLines(from first: Int, to last: Int) -> Bool {
        var k = first - 1
        while k >= 0, tokens[k].kind != .newline {
            if tokens[k].kind != .space { return false }
            k -= 1
        }
        k = last + 1
        while k < tokens.count, tokens[k].kind != .newline {
            if tokens[k].kind != .space && tokens[k].kind != .comment { return false }
            k += 1
        }
        return true
    }
}
