@_exported import Files
import Foundation

/// The framework's atomic writes (see `AtomicFile`), failing with a `DataError`
/// that names the file, as every error of this module does.
enum DataFile {
    static func write(_ data: Data, to url: URL) throws {
        try mapped(url) { try AtomicFile.write(data, to: url) }
    }

    static func write(to url: URL, _ body: (URL) throws -> Void) throws {
        try mapped(url) { try AtomicFile.write(to: url, body) }
    }

    private static func mapped(_ url: URL, _ body: () throws -> Void) throws {
        do { try body() } catch let error as AtomicFile.WriteError {
            throw DataError(.io, file: url, "\(url.path): cannot write the file: \(error.reason)")
        }
    }
}
