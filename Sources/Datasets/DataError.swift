import Foundation

/// An error a user can hit while finding, reading, checking or downloading data.
/// Its `description` says what went wrong, with which file, and what fixes it.
public struct DataError: Error, CustomStringConvertible, LocalizedError {
    public enum Kind: Equatable {
        /// The data files are not in any of the places looked at.
        case missingData
        /// A file exists but its contents are not what they must be (truncated, wrong magic, sizes).
        case badFile
        /// A file's MD5 differs from the official one.
        case checksumMismatch
        /// A download failed (network, HTTP status, wrong contents).
        case download
        /// A file or folder could not be read or written.
        case io
    }

    public let kind: Kind
    /// The file the error is about, when there is one.
    public let file: URL?
    public let message: String

    public init(_ kind: Kind, file: URL? = nil, _ message: String) {
        self.kind = kind
        self.file = file
        self.message = message
    }

    public var description: String { message }
    public var errorDescription: String? { message }
}
