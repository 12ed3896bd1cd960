/// The ways a terminal can be asked to draw a picture among the text.
public enum InlineImageProtocol: String, CaseIterable, Sendable {
    /// `ESC ] 1337 ; File=…` with the PNG itself: iTerm2, WezTerm, VS Code (images enabled).
    case iterm
    /// `ESC _ G …` with the PNG in base64 chunks: kitty, Ghostty, WezTerm, Konsole.
    case kitty
    /// DEC sixel graphics, a palette image: xterm `-ti vt340`, foot, mlterm, Windows Terminal.
    case sixel
}

/// What `--inline-figures` asks for: a protocol, `auto` (ask the terminal) or `off`.
public enum InlineImageMode: String, CaseIterable, Sendable {
    case auto, iterm, kitty, sixel, off

    /// The forced protocol, nil for `auto` and `off`.
    public var forcedProtocol: InlineImageProtocol? { InlineImageProtocol(rawValue: rawValue) }
}

/// Where a picture goes: the protocol, and whether every sequence must pass through tmux.
public struct InlineImageTarget: Equatable, Sendable {
    public var proto: InlineImageProtocol
    /// Inside tmux with `allow-passthrough on`: wrap each sequence for the outer terminal.
    public var tmuxPassthrough: Bool

    public init(proto: InlineImageProtocol, tmuxPassthrough: Bool = false) {
        self.proto = proto
        self.tmuxPassthrough = tmuxPassthrough
    }
}
