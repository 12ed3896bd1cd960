import Foundation

/// Where text goes: a file stream (stdout, stderr) or, in tests, a string.
///
/// A class protocol so that one sink can be shared by the lesson runner, its
/// sections and their progress bars; it is also a `TextOutputStream`, so
/// `print(x, to: &sink)` works.
public protocol TextSink: AnyObject, TextOutputStream {
    func write(_ text: String)
    /// Whether the sink is an interactive terminal (then `\r` redraws and colour make sense).
    var isTerminal: Bool { get }
    /// The terminal's width in columns, or nil when unknown (not a terminal).
    var columns: Int? { get }
    func flush()
}

extension TextSink {
    public func flush() {}
}

/// A sink over a C stdio stream, so that its output interleaves correctly with Swift's `print`.
public final class FileSink: TextSink {
    private let file: UnsafeMutablePointer<FILE>
    private let descriptor: Int32

    public init(file: UnsafeMutablePointer<FILE>, descriptor: Int32) {
        self.file = file
        self.descriptor = descriptor
    }

    public static let standardOutput = FileSink(file: stdout, descriptor: STDOUT_FILENO)
    public static let standardError = FileSink(file: stderr, descriptor: STDERR_FILENO)

    public func write(_ text: String) { fputs(text, file) }
    public func flush() { fflush(file) }
    public var isTerminal: Bool { Terminal.isTerminal(descriptor) }
    public var columns: Int? { Terminal.windowColumns(descriptor) }
}

/// A sink that keeps everything written to it, for tests.
public final class StringSink: TextSink {
    public private(set) var text = ""
    public let isTerminal: Bool
    public let columns: Int?

    public init(isTerminal: Bool = false, columns: Int? = nil) {
        self.isTerminal = isTerminal
        self.columns = columns
    }

    public func write(_ text: String) { self.text += text }
}
