import Console

/// How a lesson's printed output is laid out on a screen of fixed width.
enum OutputLines {
    /// `line` behind `gutter`, broken into screen lines of at most `width` columns:
    /// at the last space (or after a comma) that fits, else mid-word; continuation
    /// lines are indented by two more spaces. `continuing`: the line's start is
    /// already on screen, so its first part gets no gutter.
    static func wrapped(_ line: String, continuing: Bool, width: Int, gutter: String) -> String {
        let gutterWidth = Style.visibleWidth(gutter)
        let room = max(width - gutterWidth, 10)
        let first = continuing ? "" : gutter
        guard Style.visibleWidth(line) > room, !continuing else { return first + line }
        var parts: [String] = []
        var rest = Substring(line)
        var limit = room
        while Style.visibleWidth(String(rest)) > limit {
            let cut = breakIndex(rest, limit: limit)
            parts.append(String(rest[..<cut]).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression))
            rest = rest[cut...].drop(while: { $0 == " " })
            limit = room - 2
        }
        parts.append(String(rest))
        return first + parts[0] + parts.dropFirst().map { "\n" + gutter + "  " + $0 }.joined()
    }

    /// Where to end a screen line of `text` that may hold `limit` columns.
    private static func breakIndex(_ text: Substring, limit: Int) -> Substring.Index {
        var index = text.startIndex
        var lastBreak: Substring.Index?
        var count = 0
        while index < text.endIndex, count < limit {
            let next = text.index(after: index)
            if text[index] == " " && count > limit / 3 { lastBreak = index }
            if text[index] == "," && count + 1 <= limit && count > limit / 3 { lastBreak = next }
            index = next
            count += 1
        }
        return lastBreak ?? index
    }
}
