import Console
import Foundation

/// Markdown-lite, the prose format of lessons: `#`/`##` headings, paragraphs,
/// `- ` bullets, `1. ` numbered items, lines indented by 4 spaces or fenced
/// with ``` kept as they are (for formulas and code), and inline **bold**,
/// *emphasis* and `code`. Formulas are plain Unicode: h = a[β + Ω·x].
enum ProseBlock: Equatable {
    case heading(level: Int, text: String)
    case paragraph(String)
    case bullet(String)
    /// `marker` is the number with its dot, e.g. "2.".
    case numbered(marker: String, text: String)
    case preformatted([String])

    var isListItem: Bool {
        switch self {
        case .bullet, .numbered: return true
        default: return false
        }
    }

    /// Items of one list follow each other without a blank line.
    func continuesList(after previous: ProseBlock?) -> Bool {
        switch (previous, self) {
        case (.bullet?, .bullet), (.numbered?, .numbered): return true
        default: return false
        }
    }

    static func parse(_ source: String) -> [ProseBlock] {
        var blocks: [ProseBlock] = []
        var current: ProseBlock?
        var fence: [String]?
        func close() {
            if let c = current { blocks.append(c) }
            current = nil
        }
        for rawLine in source.components(separatedBy: "\n") {
            let line = rawLine.replacingOccurrences(of: "\t", with: "    ")
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if fence != nil {
                if trimmed.hasPrefix("```") {
                    blocks.append(.preformatted(fence!))
                    fence = nil
                } else {
                    fence!.append(line)
                }
                continue
            }
            let indent = line.prefix { $0 == " " }.count
            if trimmed.isEmpty {
                close()
            } else if trimmed.hasPrefix("```") {
                close()
                fence = []
            } else if indent >= 4 && !(current?.isListItem ?? false) {
                if case .preformatted(let lines)? = current {
                    current = .preformatted(lines + [String(line.dropFirst(4))])
                } else {
                    close()
                    current = .preformatted([String(line.dropFirst(4))])
                }
            } else if let level = headingLevel(trimmed) {
                close()
                blocks.append(.heading(level: level, text: String(trimmed.dropFirst(level + 1))))
            } else if let item = bulletText(trimmed) {
                close()
                current = .bullet(item)
            } else if let (marker, item) = numberedItem(trimmed) {
                close()
                current = .numbered(marker: marker, text: item)
            } else {
                switch current {
                case .paragraph(let text)?: current = .paragraph(text + " " + trimmed)
                case .bullet(let text)?: current = .bullet(text + " " + trimmed)
                case .numbered(let marker, let text)?: current = .numbered(marker: marker, text: text + " " + trimmed)
                default:
                    close()
                    current = .paragraph(trimmed)
                }
            }
        }
        if let fence { blocks.append(.preformatted(fence)) }
        close()
        return blocks
    }

    private static func headingLevel(_ line: String) -> Int? {
        for level in 1...3 where line.hasPrefix(String(repeating: "#", count: level) + " ") { return level }
        return nil
    }

    private static func bulletText(_ line: String) -> String? {
        for marker in ["- ", "* ", "• "] where line.hasPrefix(marker) {
            return String(line.dropFirst(2)).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    private static func numberedItem(_ line: String) -> (String, String)? {
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 3 else { return nil }
        let rest = line.dropFirst(digits.count)
        guard let mark = rest.first, mark == "." || mark == ")", rest.dropFirst().first == " " else { return nil }
        return (digits + ".", rest.dropFirst(2).trimmingCharacters(in: .whitespaces))
    }
}

/// A run of inline text with its style.
struct InlineSpan: Equatable {
    var text: String
    var bold = false
    var italic = false
    var code = false
}

enum Inline {
    /// Splits `**bold**`, `*emphasis*` and `` `code` `` into spans; unmatched markers stay as text.
    /// An opening `*` must be followed by a non-space, so `a * b` stays a product.
    static func parse(_ text: String) -> [InlineSpan] {
        var spans: [InlineSpan] = []
        let chars = Array(text)
        var plain = ""
        var i = 0
        func flush() {
            if !plain.isEmpty { spans.append(InlineSpan(text: plain)) }
            plain = ""
        }
        func find(_ marker: [Character], from start: Int) -> Int? {
            var j = start
            while j + marker.count <= chars.count {
                if Array(chars[j..<(j + marker.count)]) == marker, j > start, chars[j - 1] != " " {
                    // A single `*` that is half of `**` does not close emphasis.
                    if marker == ["*"] && j + 1 < chars.count && chars[j + 1] == "*" { j += 2; continue }
                    return j
                }
                j += 1
            }
            return nil
        }
        while i < chars.count {
            let c = chars[i]
            if c == "`", let end = chars[(i + 1)...].firstIndex(of: "`"), end > i + 1 {
                flush()
                spans.append(InlineSpan(text: String(chars[(i + 1)..<end]), code: true))
                i = end + 1
            } else if c == "*", i + 1 < chars.count, chars[i + 1] == "*", i + 2 < chars.count, chars[i + 2] != " ",
                      let end = find(["*", "*"], from: i + 2) {
                flush()
                for var span in parse(String(chars[(i + 2)..<end])) {
                    span.bold = true
                    spans.append(span)
                }
                i = end + 2
            } else if c == "*", i + 1 < chars.count, chars[i + 1] != " ", chars[i + 1] != "*",
                      let end = find(["*"], from: i + 1) {
                flush()
                for var span in parse(String(chars[(i + 1)..<end])) {
                    span.italic = true
                    spans.append(span)
                }
                i = end + 1
            } else {
                plain.append(c)
                i += 1
            }
        }
        flush()
        return spans
    }

    static func styled(_ span: InlineSpan, _ style: Style) -> String {
        var text = span.text
        if span.code { text = style.cyan(text) }
        if span.italic { text = style.italic(text) }
        if span.bold { text = style.bold(text) }
        return text
    }

    /// Wraps styled text to `width` columns, breaking at spaces. The first line starts
    /// with `firstPrefix`, the others with `restPrefix` (both count towards the width).
    static func wrap(_ spans: [InlineSpan], width: Int, style: Style,
                     firstPrefix: String = "", restPrefix: String = "") -> [String] {
        // Words are lists of styled pieces: `**Adam**,` is one word of two pieces.
        var words: [[InlineSpan]] = [[]]
        for span in spans {
            let parts = span.text.split(separator: " ", omittingEmptySubsequences: false)
            for (k, part) in parts.enumerated() {
                if k > 0 { words.append([]) }
                if !part.isEmpty {
                    var piece = span
                    piece.text = String(part)
                    words[words.count - 1].append(piece)
                }
            }
        }
        words.removeAll { $0.isEmpty }
        var lines: [String] = []
        var line = firstPrefix
        var lineWidth = Style.visibleWidth(firstPrefix)
        var lineHasWord = false
        for word in words {
            let wordWidth = word.reduce(0) { $0 + $1.text.count }
            if lineHasWord && lineWidth + 1 + wordWidth > width {
                lines.append(line)
                line = restPrefix
                lineWidth = Style.visibleWidth(restPrefix)
                lineHasWord = false
            }
            if lineHasWord {
                line += " "
                lineWidth += 1
            }
            line += word.map { styled($0, style) }.joined()
            lineWidth += wordWidth
            lineHasWord = true
        }
        lines.append(line)
        return lines
    }
}

enum ProseRenderer {
    /// Prose for the terminal, wrapped to `width` columns.
    static func terminal(_ source: String, width: Int, style: Style) -> String {
        var out: [String] = []
        var previous: ProseBlock?
        for block in ProseBlock.parse(source) {
            // Items of one list stay together; every other block is set off by a blank line.
            if !out.isEmpty && !block.continuesList(after: previous) { out.append("") }
            previous = block
            switch block {
            case .heading(let level, let text):
                let plain = Inline.parse(text).map { $0.text }.joined()
                out.append(level == 1 ? style.bold(style.underline(plain)) : style.bold(plain))
            case .paragraph(let text):
                out += Inline.wrap(Inline.parse(text), width: width, style: style)
            case .bullet(let text):
                out += Inline.wrap(Inline.parse(text), width: width, style: style,
                                   firstPrefix: "  • ", restPrefix: "    ")
            case .numbered(let marker, let text):
                let pad = String(repeating: " ", count: marker.count + 3)
                out += Inline.wrap(Inline.parse(text), width: width, style: style,
                                   firstPrefix: "  " + marker + " ", restPrefix: pad)
            case .preformatted(let lines):
                out += lines.map { "    " + $0 }
            }
        }
        return out.joined(separator: "\n")
    }

    /// Prose as Markdown for the export; headings sit below the section's `##`.
    static func markdown(_ source: String) -> String {
        var out: [String] = []
        var previous: ProseBlock?
        for block in ProseBlock.parse(source) {
            if !out.isEmpty && !block.continuesList(after: previous) { out.append("") }
            previous = block
            switch block {
            case .heading(let level, let text): out.append(String(repeating: "#", count: level + 2) + " " + text)
            case .paragraph(let text): out.append(text)
            case .bullet(let text): out.append("- " + text)
            case .numbered(let marker, let text): out.append(marker + " " + text)
            case .preformatted(let lines): out += ["```text"] + lines + ["```"]
            }
        }
        return out.joined(separator: "\n")
    }
}
