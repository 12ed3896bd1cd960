import Foundation

/// The escape sequences that carry a PNG to the terminal; pure text, so tests can read them.
public enum InlineImageFraming {
    /// The kitty protocol limits one escape sequence's payload to 4096 base64 bytes.
    public static let kittyChunkSize = 4096

    /// kitty graphics: transmit and display (`a=T`) a PNG (`f=100`), quietly (`q=2`: the
    /// terminal sends no "OK" back, which would otherwise arrive as typed input).
    /// Every chunk but the last carries `m=1`; the last `m=0`.
    public static func kitty(png: [UInt8]) -> String {
        let payload = Data(png).base64EncodedString()
        var chunks: [Substring] = []
        var start = payload.startIndex
        repeat {
            let end = payload.index(start, offsetBy: kittyChunkSize, limitedBy: payload.endIndex) ?? payload.endIndex
            chunks.append(payload[start..<end])
            start = end
        } while start < payload.endIndex
        var out = ""
        for (i, chunk) in chunks.enumerated() {
            let more = i == chunks.count - 1 ? 0 : 1
            let keys = i == 0 ? "a=T,f=100,q=2,m=\(more)" : "m=\(more)"
            out += "\u{1B}_G" + keys + ";" + chunk + "\u{1B}\\"
        }
        return out
    }

    /// iTerm2's inline file: the exact PNG bytes in base64, shown `columns` cells wide
    /// (the height follows from the aspect ratio), ended by BEL.
    public static func iterm(png: [UInt8], columns: Int) -> String {
        "\u{1B}]1337;File=inline=1;size=\(png.count);width=\(columns);preserveAspectRatio=1:"
            + Data(png).base64EncodedString() + "\u{07}"
    }

    /// tmux's passthrough (`allow-passthrough on`): the sequence goes to the outer terminal
    /// inside `ESC P tmux ; … ESC \`, every ESC in it doubled.
    public static func tmuxPassthrough(_ sequence: String) -> String {
        "\u{1B}Ptmux;" + sequence.replacingOccurrences(of: "\u{1B}", with: "\u{1B}\u{1B}") + "\u{1B}\\"
    }

    /// Wraps each escape sequence of `text` on its own, since tmux passes one sequence per wrapper.
    public static func tmuxPassthroughEach(_ text: String) -> String {
        // kitty's chunks each end in ESC \ (ST); split there so each chunk is wrapped separately.
        let terminator = "\u{1B}\\"
        var out = ""
        var rest = Substring(text)
        while let range = rest.range(of: terminator) {
            out += tmuxPassthrough(String(rest[..<range.upperBound]))
            rest = rest[range.upperBound...]
        }
        if !rest.isEmpty { out += tmuxPassthrough(String(rest)) }
        return out
    }
}
