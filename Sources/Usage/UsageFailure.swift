import Foundation
#if canImport(Runtime)
import Runtime
#endif

/// A mistake in the use of the framework: shapes that do not fit, a label
/// outside the classes, a learning rate below zero. PyTorch raises an
/// exception with a message; here the process ends with exit code 1 and a
/// message that names the operation, the values, what would be valid and the
/// line of the lesson (or test, or script) that made the call.
///
/// A `precondition` cannot do this: in code compiled with `-O`, as the
/// framework is, it prints nothing and ends the process with SIGILL.
public struct UsageFailure: CustomStringConvertible {
    /// The operation, as the student wrote it: "linear", "crossEntropy", "SGD".
    public let operation: String
    /// What is wrong, with the values and shapes involved.
    public let problem: String
    /// What would be valid, when there is something to say.
    public let valid: String?
    /// `problem` and `valid` in Russian, where the call site gives them (the reporter
    /// of a Russian lesson prefers them; the English text is the fallback).
    public var russian: (problem: String, valid: String?)?
    /// The caller's source file (relative to the package when inside it) and line,
    /// when the binary has debug information.
    public let location: (file: String, line: Int)?
    /// The call stack, one frame a line, innermost first (shown with `--verbose`).
    public let stack: [String]

    /// Receives the failure before the process exits with code 1. LessonKit sets it to
    /// flush the lesson's output and print the message in the lesson's language;
    /// when nil the failure goes to stderr in English.
    nonisolated(unsafe) public static var reporter: ((UsageFailure) -> Void)?
    /// Whether the default reporter prints the stack too (`--verbose`).
    nonisolated(unsafe) public static var showsStack = false

    /// The message in English, the way the default reporter prints it.
    public var description: String {
        var out = "error: \(operation): \(problem)"
        if let valid { out += "\n  valid: \(valid)" }
        if let location { out += "\n  called at \(location.file):\(location.line)" }
        return out
    }

    /// The package root: this file is `<root>/Sources/Usage/UsageFailure.swift`.
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// Whether a source path is the framework's own code (the caller is looked for beyond it).
    static func isFramework(_ path: String) -> Bool {
        path.hasPrefix(packageRoot + "/Sources/") || path.contains("/swift/stdlib/")
            || path.hasPrefix("/opt/swift") || path == "<compiler-generated>" || path.isEmpty
    }

    static func displayPath(_ path: String) -> String {
        path.hasPrefix(packageRoot + "/") ? String(path.dropFirst(packageRoot.count + 1)) : path
    }

    /// The first frame outside the framework, and the whole stack.
    static func caller() -> (location: (file: String, line: Int)?, stack: [String]) {
        #if canImport(Runtime)
        if #available(macOS 26.0, *) {
            guard let captured = try? Backtrace.capture(limit: 256),
                  let symbolicated = captured.symbolicated() else { return (nil, []) }
            var location: (file: String, line: Int)?
            var stack: [String] = []
            // The frames of this file (and their thunks) say nothing about the mistake.
            let frames = symbolicated.frames.drop {
                guard let path = $0.symbol?.sourceLocation?.path else { return true }
                return path == #filePath || path.hasSuffix("<compiler-generated>")
            }
            for frame in frames {
                let name = frame.symbol?.name ?? "?"
                if let source = frame.symbol?.sourceLocation {
                    stack.append("\(name) at \(displayPath(source.path)):\(source.line)")
                    if location == nil, !isFramework(source.path), source.line > 0 {
                        location = (displayPath(source.path), source.line)
                    }
                } else {
                    stack.append(name)
                }
            }
            return (location, stack)
        }
        #endif
        return (nil, [])
    }
}

/// Ends the process with exit code 1 after reporting a mistake in the use of the
/// framework (see `UsageFailure`): `operation` as the student called it,
/// `problem` with the values, `valid` what would have worked.
public func usageFailure(_ operation: String, _ problem: String, valid: String? = nil,
                         russian: (problem: String, valid: String?)? = nil) -> Never {
    let (location, stack) = UsageFailure.caller()
    let failure = UsageFailure(operation: operation, problem: problem, valid: valid, russian: russian,
                               location: location, stack: stack)
    if let reporter = UsageFailure.reporter {
        reporter(failure)
    } else {
        var text = failure.description + "\n"
        if UsageFailure.showsStack {
            text += "stack:\n" + stack.map { "  " + $0 + "\n" }.joined()
        }
        FileHandle.standardError.write(Data(text.utf8))
    }
    exit(1)
}

/// `precondition` for what the student controls: when `condition` is false,
/// `usageFailure(operation, problem, valid:)`. The texts are built only then.
@inline(__always)
public func checkUsage(_ condition: Bool, _ operation: @autoclosure () -> String,
                       _ problem: @autoclosure () -> String, valid: @autoclosure () -> String? = nil,
                       russian: @autoclosure () -> (problem: String, valid: String?)? = nil) {
    if _slowPath(!condition) { usageFailure(operation(), problem(), valid: valid(), russian: russian()) }
}
