import Console

/// A code cell on the terminal: a dim `›` gutter, light syntax colouring (keywords,
/// strings, comments, numbers) when colour is on, and long lines folded to the width
/// with a `↪` mark where they continue.
enum CodeRenderer {
    enum Colour { case plain, keyword, string, comment, number }

    static let keywords: Set<String> = [
        "let", "var", "func", "if", "else", "for", "in", "while", "repeat", "guard", "return", "throw", "throws",
        "rethrows", "try", "switch", "case", "default", "break", "continue", "class", "struct", "enum", "final",
        "init", "self", "Self", "nil", "true", "false", "import", "where", "as", "is", "do", "catch", "defer",
        "inout", "static", "private", "fileprivate", "public", "internal", "override", "some", "any", "extension",
        "protocol", "await", "async", "lazy", "weak", "unowned", "typealias", "mutating", "fallthrough",
    ]

    /// The lines of `text`, each character with its colour.
    static func coloured(_ text: String) -> [[(Character, Colour)]] {
        let bytes = Array(text.utf8)
        var lines: [[(Character, Colour)]] = [[]]
        for token in SwiftLexer.tokens(text) {
            let piece = token.text(in: bytes)
            let colour: Colour
            switch token.kind {
            case .string: colour = .string
            case .comment: colour = .comment
            case .number: colour = .number
            case .word: colour = keywords.contains(piece) ? .keyword : .plain
            default: colour = .plain
            }
            for ch in piece {
                if ch == "\n" { lines.append([]) } else { lines[lines.count - 1].append((ch, colour)) }
            }
        }
        return lines
    }

    /// `cell` ready to write: every line behind the gutter, folded to `width` columns.
    static func terminal(_ cell: String, width: Int, style: Style) -> String {
        let gutter = style.dim("› ")
        let continuation = style.dim("↪ ")
        let room = max(width - 2, 20)
        var out = ""
        for line in coloured(cell) {
            guard !line.isEmpty else { out += style.dim("›") + "\n"; continue }
            // A folded line goes on under its own indentation, a little deeper.
            let indent = min(line.prefix { $0.0 == " " }.count + 4, room / 3)
            var rest = line[...]
            var first = true
            repeat {
                let room = first ? room : room - indent
                var take = min(rest.count, room)
                if take < rest.count {
                    // Fold at the last space in the final third of the room, else mid-word.
                    let window = rest.prefix(take)
                    if let space = window.lastIndex(where: { $0.0 == " " }), space - rest.startIndex >= room * 2 / 3 {
                        take = space - rest.startIndex + 1
                    }
                }
                let piece = rest.prefix(take)
                rest = rest.dropFirst(take)
                out += (first ? gutter : continuation + String(repeating: " ", count: indent))
                    + paint(piece, style) + "\n"
                first = false
            } while !rest.isEmpty
        }
        return out
    }

    private static func paint(_ piece: ArraySlice<(Character, Colour)>, _ style: Style) -> String {
        var out = ""
        var run = ""
        var colour = Colour.plain
        func flush() {
            guard !run.isEmpty else { return }
            switch colour {
            case .plain: out += run
            case .keyword: out += style.magenta(run)
            case .string: out += style.green(run)
            case .comment: out += style.grey(run)
            case .number: out += style.yellow(run)
            }
            run = ""
        }
        for (ch, c) in piece {
            if c != colour { flush(); colour = c }
            run.append(ch)
        }
        flush()
        // Trailing spaces of a folded piece carry no meaning on screen.
        while out.hasSuffix(" ") { out.removeLast() }
        return out
    }
}
