/// Which protocol, if any, to draw figures with: from `--inline-figures`, the environment
/// the terminal sets, and (for sixel) the terminal's own answer to a device-attributes query.
public enum InlineImageDetection {
    /// The target for `mode`, or nil for none. Never draws into a pipe or file, even when a
    /// protocol is forced. `deviceAttributes` is asked only when the environment does not
    /// already name a protocol; `tmuxPassthroughAllowed` only inside tmux.
    public static func target(mode: InlineImageMode, environment: [String: String], outputIsTerminal: Bool,
                              deviceAttributes: () -> String?,
                              tmuxPassthroughAllowed: () -> Bool) -> InlineImageTarget? {
        guard outputIsTerminal, mode != .off else { return nil }
        let inTmux = !(environment["TMUX"] ?? "").isEmpty
        // tmux draws sixel itself (when built with it) but must pass the other protocols on.
        func through(_ proto: InlineImageProtocol) -> InlineImageTarget? {
            guard inTmux, proto != .sixel else { return InlineImageTarget(proto: proto) }
            return tmuxPassthroughAllowed() ? InlineImageTarget(proto: proto, tmuxPassthrough: true) : nil
        }
        if let forced = mode.forcedProtocol { return through(forced) }

        if environment["TERM"] == "dumb" { return nil }
        // GNU screen swallows the sequences and has no passthrough we can rely on.
        if !inTmux, !(environment["STY"] ?? "").isEmpty { return nil }
        if let named = protocolNamed(by: environment) { return through(named) }
        if let answer = deviceAttributes(), supportsSixel(primaryDeviceAttributes: answer) {
            return InlineImageTarget(proto: .sixel)
        }
        return nil
    }

    /// The protocol a terminal announces through the variables it sets, or nil when it does not.
    public static func protocolNamed(by environment: [String: String]) -> InlineImageProtocol? {
        func has(_ key: String) -> Bool { !(environment[key] ?? "").isEmpty }
        let term = environment["TERM"] ?? ""
        let program = environment["TERM_PROGRAM"] ?? ""
        if has("KITTY_WINDOW_ID") || term == "xterm-kitty" { return .kitty }
        if term == "xterm-ghostty" || program == "ghostty" { return .kitty }
        // WezTerm speaks both; its iTerm2 support is the more complete one.
        if program == "WezTerm" || environment.keys.contains(where: { $0.hasPrefix("WEZTERM_") }) { return .iterm }
        if program == "iTerm.app" || environment["LC_TERMINAL"] == "iTerm2" { return .iterm }
        if has("KONSOLE_VERSION") { return .kitty }
        return nil
    }

    /// Whether a primary device-attributes answer (`ESC [ ? 62 ; 4 ; … c`) lists 4, sixel graphics.
    public static func supportsSixel(primaryDeviceAttributes answer: String) -> Bool {
        guard let start = answer.range(of: "\u{1B}[?"),
              let end = answer[start.upperBound...].firstIndex(of: "c") else { return false }
        return answer[start.upperBound..<end].split(separator: ";").contains("4")
    }
}
