import Foundation

/// Writes files so that nobody ever sees half of one: the bytes go to a new
/// temporary file in the same folder (so the rename is atomic), are synced,
/// and the temporary file is renamed over the target. On any failure the
/// temporary file is removed and the target is left as it was.
public enum AtomicFile {
    public struct WriteError: Error, CustomStringConvertible, LocalizedError {
        public let path: String
        public let reason: String
        public var description: String { "cannot write \(path): \(reason)" }
        /// What `localizedDescription` and the lesson runner show (not "WriteError error 1").
        public var errorDescription: String? { description }
    }

    /// Writes `bytes` to `url`, creating missing folders.
    public static func write(_ bytes: [UInt8], to url: URL) throws {
        try write(to: url) { temporary in
            let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw WriteError(path: url.path, reason: systemReason()) }
            defer { close(fd) }
            var written = 0
            try bytes.withUnsafeBytes { buffer in
                while written < buffer.count {
                    let n = Foundation.write(fd, buffer.baseAddress! + written, buffer.count - written)
                    if n < 0 {
                        if errno == EINTR { continue }
                        throw WriteError(path: url.path, reason: "write failed: " + systemReason())
                    }
                    written += n
                }
            }
            guard fsync(fd) == 0 else { throw WriteError(path: url.path, reason: "fsync failed: " + systemReason()) }
        }
    }

    public static func write(_ data: Data, to url: URL) throws { try write([UInt8](data), to: url) }

    public static func write(_ text: String, to url: URL) throws { try write(Array(text.utf8), to: url) }

    /// Lets `body` write the temporary file (for libraries that write to a
    /// path themselves, like Cairo's PNG writer), then renames it onto `url`.
    public static func write(to url: URL, _ body: (URL) throws -> Void) throws {
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw WriteError(path: url.path, reason: "the folder \(folder.path) cannot be created (\(reason(of: error)))")
        }
        StaleTemporaries.removeOnce(in: folder)
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp")
        do {
            try body(temporary)
            guard rename(temporary.path, url.path) == 0 else {
                throw WriteError(path: url.path, reason: "rename failed: " + systemReason())
            }
        } catch let error as WriteError {
            unlink(temporary.path)
            throw error
        } catch {
            unlink(temporary.path)
            throw WriteError(path: url.path, reason: reason(of: error))
        }
    }

    static func systemReason() -> String { String(cString: strerror(errno)) }

    static func reason(of error: Error) -> String {
        let ns = error as NSError
        // On Linux the underlying error is stored as a Swift error, not as an NSError.
        if let underlying = (ns.userInfo[NSUnderlyingErrorKey] as? Error).map({ $0 as NSError }),
           underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return ns.localizedDescription
    }
}
