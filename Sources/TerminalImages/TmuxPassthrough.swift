import Foundation

/// Whether the tmux we run inside lets escape sequences through to the outer terminal.
public enum TmuxPassthrough {
    /// Asks tmux for `allow-passthrough` (tmux 3.3 and later; `on` or `all` allows it).
    /// Older tmux or a failing `tmux` command count as not allowed.
    public static func isAllowed() -> Bool {
        for scope in ["-pqv", "-gqv"] {
            if let value = run(["tmux", "show-options", scope, "allow-passthrough"]),
               ["on", "all"].contains(value.trimmingCharacters(in: .whitespacesAndNewlines)) { return true }
        }
        return false
    }

    private static func run(_ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
