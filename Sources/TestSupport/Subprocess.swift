import Foundation

/// Runs a program to its end and collects what it printed, for tests that run
/// lessons or reference tools (Python) as a user would.
public enum Subprocess {
    public struct Result: Sendable {
        public let status: Int32
        /// False when a signal ended the process (`status` is then the signal's number).
        public let exited: Bool
        public let stdout: String
        public let stderr: String
    }

    /// Runs `executable` with `arguments` (stdin empty) in `directory`, with `environment`
    /// (nil: this process's), and returns its exit status and both outputs.
    public static func run(_ executable: URL, _ arguments: [String], environment: [String: String]? = nil,
                           directory: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes while the process runs, so that a full pipe cannot block it.
        final class Box: @unchecked Sendable { var data = Data() }
        let outBox = Box(), group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { outBox.data = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, exited: process.terminationReason == .exit, stdout: String(decoding: outBox.data, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}
