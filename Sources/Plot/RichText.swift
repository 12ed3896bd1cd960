/// A tiny maths markup for every string the figure draws.
///
/// - `x^2`, `x_i`: the next character is a superscript / subscript;
/// - `h_{k+1}`, `10^{-3}`: braces group several characters;
/// - `σ^2_Ω`: a superscript and a subscript on the same base are stacked;
/// - `\^`, `\_`, `\{`, `\}`, `\\`: the literal character.
/// A `^` or `_` with nothing after it, or an unmatched brace, is kept literally,
/// so ordinary text never fails to parse. Newlines split lines.
public enum RichText {
    public indirect enum Node: Equatable, Sendable {
        /// Plain characters on the current baseline.
        case text(String)
        /// Scripts attached to the preceding text; either may be nil.
        case scripts(superscript: [Node]?, subscript: [Node]?)
    }

    /// Parses one line of markup into nodes. Adjacent text is merged.
    public static func parse(_ source: String) -> [Node] {
        var parser = Parser(characters: Array(source))
        return parser.parseSequence(untilBrace: false)
    }

    /// One-line plain text for CSV headers: escapes resolved, scripts written
    /// TeX-like (`σ^2_Ω`, `h_{k+1}`), lines joined by spaces.
    public static func plainText(_ source: String) -> String {
        func flatten(_ nodes: [Node]) -> String {
            nodes.map { node -> String in
                switch node {
                case .text(let s): return s
                case .scripts(let sup, let sub):
                    return (sup.map { "^" + group(flatten($0)) } ?? "") + (sub.map { "_" + group(flatten($0)) } ?? "")
                }
            }.joined()
        }
        func group(_ s: String) -> String { s.count == 1 ? s : "{" + s + "}" }
        return source.split(separator: "\n", omittingEmptySubsequences: false)
            .map { flatten(parse(String($0))) }.joined(separator: " ")
    }

    /// Escapes `^`, `_`, braces and backslashes so the string draws literally.
    public static func escaped(_ literal: String) -> String {
        var out = ""
        for ch in literal {
            if "^_{}\\".contains(ch) { out.append("\\") }
            out.append(ch)
        }
        return out
    }

    private struct Parser {
        let characters: [Character]
        var index = 0

        mutating func parseSequence(untilBrace: Bool) -> [Node] {
            var nodes: [Node] = []
            var pending = ""
            func flush() {
                if !pending.isEmpty { append(.text(pending), to: &nodes); pending = "" }
            }
            while index < characters.count {
                let ch = characters[index]
                if untilBrace && ch == "}" { break }
                if ch == "\\", index + 1 < characters.count, "^_{}\\".contains(characters[index + 1]) {
                    pending.append(characters[index + 1])
                    index += 2
                } else if ch == "^" || ch == "_" {
                    guard let first = parseScriptArgument(at: index + 1) else {
                        pending.append(ch); index += 1; continue
                    }
                    index = first.next
                    var superscript: [Node]? = ch == "^" ? first.nodes : nil
                    var `subscript`: [Node]? = ch == "_" ? first.nodes : nil
                    // The other kind of script right after stacks on the same base.
                    if index < characters.count {
                        let other = characters[index]
                        if (other == "^" && superscript == nil) || (other == "_" && `subscript` == nil),
                           let second = parseScriptArgument(at: index + 1) {
                            index = second.next
                            if other == "^" { superscript = second.nodes } else { `subscript` = second.nodes }
                        }
                    }
                    flush()
                    nodes.append(.scripts(superscript: superscript, subscript: `subscript`))
                } else if ch == "{" {
                    // A bare group: parse its content inline, or keep a lone brace literally.
                    if let close = matchingBrace(from: index) {
                        flush()
                        var inner = Parser(characters: Array(characters[(index + 1)..<close]))
                        for node in inner.parseSequence(untilBrace: false) { append(node, to: &nodes) }
                        index = close + 1
                    } else {
                        pending.append(ch); index += 1
                    }
                } else {
                    pending.append(ch); index += 1
                }
            }
            flush()
            return nodes
        }

        /// The argument of `^`/`_` at `position`: a braced group or one character
        /// (an escaped character counts as one).
        mutating func parseScriptArgument(at position: Int) -> (nodes: [Node], next: Int)? {
            guard position < characters.count else { return nil }
            let ch = characters[position]
            if ch == "{" {
                guard let close = matchingBrace(from: position) else { return nil }
                var inner = Parser(characters: Array(characters[(position + 1)..<close]))
                let nodes = inner.parseSequence(untilBrace: false)
                return (nodes, close + 1)
            }
            if ch == "\\", position + 1 < characters.count, "^_{}\\".contains(characters[position + 1]) {
                return ([.text(String(characters[position + 1]))], position + 2)
            }
            if ch == "^" || ch == "_" || ch == "}" || ch == " " || ch == "\n" { return nil }
            return ([.text(String(ch))], position + 1)
        }

        /// Index of the `}` closing the `{` at `open`, skipping escapes and nesting.
        func matchingBrace(from open: Int) -> Int? {
            var depth = 0
            var i = open
            while i < characters.count {
                let ch = characters[i]
                if ch == "\\" { i += 2; continue }
                if ch == "{" { depth += 1 }
                if ch == "}" { depth -= 1; if depth == 0 { return i } }
                i += 1
            }
            return nil
        }
    }

    private static func append(_ node: Node, to nodes: inout [Node]) {
        if case .text(let s) = node, case .text(let previous)? = nodes.last {
            nodes[nodes.count - 1] = .text(previous + s)
        } else {
            nodes.append(node)
        }
    }
}
