import Foundation

extension LogDirectory {
    /// Creates `<saveDir>/<name>/version_N` for the first N after the versions already
    /// there, and returns N. The folder is claimed with `mkdir`, which fails when it
    /// exists: two runs started together get different versions, and no run writes
    /// into (or has to delete) a folder an earlier run left.
    ///
    ///     let version = try LogDirectory.createNextVersion(saveDir: root, name: "sgd")
    ///     let csv = CSVLogger(saveDir: root, name: "sgd", version: version)
    public static func createNextVersion(saveDir: URL, name: String) throws -> Int {
        let base = name.isEmpty ? saveDir : saveDir.appendingPathComponent(name, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        } catch {
            throw RunFolderError(path: base.path, reason: (error as NSError).localizedDescription)
        }
        return try createVersion(in: base, from: nextVersion(in: base))
    }

    /// Creates `base/version_N` for the first N from `first` on whose folder does not exist yet.
    /// Another run may create `version_<first>` after `nextVersion` looked: mkdir then fails
    /// with EEXIST, and the next number is tried.
    static func createVersion(in base: URL, from first: Int) throws -> Int {
        var number = first
        while true {
            let folder = base.appendingPathComponent("version_\(number)", isDirectory: true)
            if mkdir(folder.path, 0o777) == 0 { return number }
            guard errno == EEXIST else { throw RunFolderError(path: folder.path, reason: String(cString: strerror(errno))) }
            number += 1
        }
    }
}

/// A run folder that cannot be created, with the path and the system's reason.
public struct RunFolderError: Error, LocalizedError, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String {
        "cannot create the run folder \(path): \(reason); choose a writable folder (e.g. --logdir /tmp/runs)"
    }
    public var errorDescription: String? { description }
}
