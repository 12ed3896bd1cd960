/// A small Swift lexer: enough to match braces in a lesson's source and to colour its code.
///
/// It knows the parts that can hide a brace or a parenthesis: string literals (single-line,
/// multi-line `"""`, raw `#"…"#` with any number of `#`, interpolations `\(…)` that hold
/// code and strings of their own) and comments (`//`, nested `/* */`). Everything else is
/// words, numbers and single punctuation characters.
struct SwiftToken: Equatable {
    enum Kind: Equatable { case word, number, string, comment, punctuation, space, newline }
    var kind: Kind
    /// UTF-8 offsets into the lexed text.
    var start: Int
    var end: Int
}

struct SwiftLexer {
    let bytes: [UInt8]
    private var i = 0
    private(set) var tokens: [SwiftToken] = []

    static func tokens(_ text: String) -> [SwiftToken] {
        var lexer = SwiftLexer(bytes: Array(text.utf8))
        lexer.run()
        return lexer.tokens
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private func at(_ k: Int) -> UInt8 { k < bytes.count ? bytes[k] : 0 }

    private mutating func run() {
        while i < bytes.count {
            let start = i
            let kind = next()
            if let last = tokens.last, last.kind == kind, kind == .space {
                tokens[tokens.count - 1].end = i
            } else {
                tokens.append(SwiftToken(kind: kind, start: start, end: i))
            }
        }
    }

    private static func isWordByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x5F || b >= 0x80
    }

    /// Lexes one token starting at `i` and returns its kind.
    private mutating func next() -> SwiftToken.Kind {
        let b = bytes[i]
        switch b {
        case UInt8(ascii: "\n"):
            i += 1
            return .newline
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
            i += 1
            return .space
        case UInt8(ascii: "/") where at(i + 1) == UInt8(ascii: "/"):
            while i < bytes.count && bytes[i] != UInt8(ascii: "\n") { i += 1 }
            return .comment
        case UInt8(ascii: "/") where at(i + 1) == UInt8(ascii: "*"):
            skipBlockComment()
            return .comment
        case UInt8(ascii: "\""):
            skipString(hashes: 0)
            return .string
        case UInt8(ascii: "#"):
            var hashes = 0
            while at(i + hashes) == UInt8(ascii: "#") { hashes += 1 }
            if at(i + hashes) == UInt8(ascii: "\"") {
                i += hashes
                skipString(hashes: hashes)
                return .string
            }
            // `#if`, `#available`, `#filePath`: one word.
            i += 1
            while i < bytes.count && Self.isWordByte(bytes[i]) { i += 1 }
            return .word
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            while i < bytes.count && (Self.isWordByte(bytes[i]) || (bytes[i] == UInt8(ascii: ".")
                                                                     && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(at(i + 1)))) {
                i += 1
            }
            return .number
        default:
            if Self.isWordByte(b) || b == UInt8(ascii: "$") || b == UInt8(ascii: "@") {
                i += 1
                while i < bytes.count && Self.isWordByte(bytes[i]) { i += 1 }
                return .word
            }
            i += 1
            return .punctuation
        }
    }

    private mutating func skipBlockComment() {
        var depth = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "/") && at(i + 1) == UInt8(ascii: "*") {
                depth += 1
                i += 2
            } else if bytes[i] == UInt8(ascii: "*") && at(i + 1) == UInt8(ascii: "/") {
                depth -= 1
                i += 2
                if depth == 0 { return }
            } else {
                i += 1
            }
        }
    }

    /// Skips a string literal whose opening quote is at `i`, preceded by `hashes` `#`.
    private mutating func skipString(hashes: Int) {
        let multiline = at(i + 1) == UInt8(ascii: "\"") && at(i + 2) == UInt8(ascii: "\"")
        i += multiline ? 3 : 1
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\n") && !multiline { return }  // unterminated: stop at the line's end
            if b == UInt8(ascii: "\\") && hashesFollow(i + 1, hashes) {
                let after = i + 1 + hashes
                if at(after) == UInt8(ascii: "(") {
                    i = after + 1
                    skipInterpolation()
                } else {
                    i = after + 1  // an escaped character, e.g. \" or \n
                }
                continue
            }
            if b == UInt8(ascii: "\"") {
                let quotes = multiline ? 3 : 1
                if (0..<quotes).allSatisfy({ at(i + $0) == UInt8(ascii: "\"") }) && hashesFollow(i + quotes, hashes) {
                    i += quotes + hashes
                    return
                }
            }
            i += 1
        }
    }

    private func hashesFollow(_ k: Int, _ count: Int) -> Bool {
        (0..<count).allSatisfy { at(k + $0) == UInt8(ascii: "#") }
    }

    /// Skips the code of `\( … )` up to and including its closing parenthesis.
    private mutating func skipInterpolation() {
        var depth = 1
        while i < bytes.count {
            let start = i
            let kind = next()
            if kind == .punctuation {
                if bytes[start] == UInt8(ascii: "(") { depth += 1 }
                if bytes[start] == UInt8(ascii: ")") {
                    depth -= 1
                    if depth == 0 { return }
                }
            }
        }
    }
}

extension SwiftToken {
    func text(in bytes: [UInt8]) -> String { String(decoding: bytes[start..<end], as: UTF8.self) }
}
