import Foundation

/// Writes files the framework's way: into a temporary file in the same folder,
/// then `rename` over the target, so a failure never leaves a half-written file.
enum AtomicFile {
    /// A temporary path beside `url` (same folder, so `rename` is atomic).
    static func temporaryURL(for url: URL) -> URL {
        url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max)).tmp")
    }

    static func write(_ data: Data, to url: URL) throws {
        try write(to: url) { tmp in try data.write(to: tmp) }
    }

    /// Lets `body` write the temporary file, then renames it onto `url`;
    /// removes the temporary file if anything fails.
    static func write(to url: URL, _ body: (URL) throws -> Void) throws {
        let tmp = temporaryURL(for: url)
        do {
            try body(tmp)
            guard rename(tmp.path, url.path) == 0 else {
                throw DataError(.io, file: url, "\(url.path): cannot rename the temporary file into place: "
                                + String(cString: strerror(errno)))
            }
        } catch let error as DataError {
            try? FileManager.default.removeItem(at: tmp)
            throw error
        } catch {
            try? FileManager.default.removeItem(at: tmp)
            throw DataError(.io, file: url, "\(url.path): cannot write the file: \(error.localizedDescription)")
        }
    }
}
