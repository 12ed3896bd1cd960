import Foundation

/// What an output stream can show: colour or not, and how wide it is.
///
/// Colour follows the common conventions: only on a TTY, never when `NO_COLOR`
/// is set (to any value, https://no-color.org), never when `TERM=dumb`.
public struct Terminal {
    public var isTerminal: Bool
    public var colorEnabled: Bool
    public var columns: Int

    public init(isTerminal: Bool, colorEnabled: Bool, columns: Int) {
        self.isTerminal = isTerminal
        self.colorEnabled = colorEnabled
        self.columns = columns
    }

    /// The terminal behind `sink`, with colour and width decided from `environment`.
    public init(sink: TextSink, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.init(isTerminal: sink.isTerminal,
                  colorEnabled: Terminal.colorEnabled(isTerminal: sink.isTerminal, environment: environment),
                  columns: Terminal.columns(windowColumns: sink.columns, environment: environment))
    }

    public static var standardOutput: Terminal { Terminal(sink: FileSink.standardOutput) }
    public static var standardError: Terminal { Terminal(sink: FileSink.standardError) }

    public var style: Style { Style(enabled: colorEnabled) }

    /// Colour only on a TTY, without `NO_COLOR` (any value, even empty) and with a TERM other than "dumb".
    public static func colorEnabled(isTerminal: Bool, environment: [String: String]) -> Bool {
        guard isTerminal, environment["NO_COLOR"] == nil else { return false }
        return environment["TERM"] != "dumb"
    }

    /// The window's width if known, else `COLUMNS`, else 80.
    public static func columns(windowColumns: Int?, environment: [String: String]) -> Int {
        if let c = windowColumns, c > 0 { return c }
        if let text = environment["COLUMNS"], let c = Int(text.trimmingCharacters(in: .whitespaces)), c > 0 { return c }
        return 80
    }

    public static func isTerminal(_ descriptor: Int32) -> Bool { isatty(descriptor) == 1 }

    /// The window width reported by the kernel (ioctl TIOCGWINSZ), or nil when not a terminal.
    public static func windowColumns(_ descriptor: Int32) -> Int? {
        var size = winsize()
        guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }
}

/// Text styles as ANSI escape codes; with `enabled == false` every helper returns the text unchanged.
///
/// Each style switches itself off with its own reset code (not the global `ESC[0m`),
/// so styles nest: `bold(cyan("x") + " y")` keeps " y" bold.
public struct Style {
    public var enabled: Bool

    public init(enabled: Bool) { self.enabled = enabled }

    private func wrap(_ text: String, _ on: String, _ off: String) -> String {
        enabled && !text.isEmpty ? "\u{1B}[\(on)m\(text)\u{1B}[\(off)m" : text
    }

    public func bold(_ text: String) -> String { wrap(text, "1", "22") }
    public func dim(_ text: String) -> String { wrap(text, "2", "22") }
    public func italic(_ text: String) -> String { wrap(text, "3", "23") }
    public func underline(_ text: String) -> String { wrap(text, "4", "24") }

    public func red(_ text: String) -> String { wrap(text, "31", "39") }
    public func green(_ text: String) -> String { wrap(text, "32", "39") }
    public func yellow(_ text: String) -> String { wrap(text, "33", "39") }
    public func blue(_ text: String) -> String { wrap(text, "34", "39") }
    public func magenta(_ text: String) -> String { wrap(text, "35", "39") }
    public func cyan(_ text: String) -> String { wrap(text, "36", "39") }
    public func grey(_ text: String) -> String { wrap(text, "90", "39") }

    /// The number of columns `text` takes on screen: escape codes take none.
    /// (Counts one column per Character; fine for Latin, Cyrillic, Greek and maths symbols.)
    public static func visibleWidth(_ text: String) -> Int {
        var width = 0
        var inEscape = false
        for ch in text {
            if inEscape {
                if ch.isLetter { inEscape = false }
            } else if ch == "\u{1B}" {
                inEscape = true
            } else {
                width += 1
            }
        }
        return width
    }
}
