import Foundation

/// Checks data files against `FashionMNIST.expectedMD5` and remembers each
/// file's MD5 by path, size and modification time, so that a lesson hashes
/// ~30 MB only the first time. The cache lives in `$XDG_CACHE_HOME/fcnn-course`
/// (or `~/.cache/fcnn-course`); a cache that cannot be read or written only
/// costs the hashing again.
public enum ChecksumCache {
    /// Overrides the cache file (tests, benchmarks); `nil` means the default place.
    public static var fileURL: URL? = nil

    static var resolvedURL: URL {
        if let fileURL { return fileURL }
        let env = ProcessInfo.processInfo.environment
        let base = env["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache")
        return base.appendingPathComponent("fcnn-course/md5-cache.tsv")
    }

    /// Throws `DataError.checksumMismatch` when `url` is a file with an official
    /// MD5 and its contents differ. Files without one (uncompressed) pass.
    public static func verify(_ url: URL) throws {
        guard let expected = FashionMNIST.expectedMD5[url.lastPathComponent] else { return }
        let actual = try md5(of: url)
        guard actual == expected else {
            throw DataError(.checksumMismatch, file: url, """
                \(url.path): MD5 is \(actual), the official one is \(expected): the file is damaged or not the original.
                Reinstall it (sudo apt-get install --reinstall dataset-fashion-mnist) or download it again (--download).
                """)
        }
    }

    /// The file's MD5, from the cache when its path, size and mtime match.
    public static func md5(of url: URL) throws -> String {
        let path = url.standardizedFileURL.path
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let size = (attributes?[.size] as? NSNumber)?.int64Value ?? -1
        let mtime = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        let key = "\(path)\t\(size)\t\(mtime)"
        var entries = load()
        if let digest = entries[key] { return digest }
        let digest: String
        do {
            digest = try MD5.hex(fileAt: url)
        } catch {
            throw DataError(.io, file: url, "\(path): cannot read the file to check it: \(error.localizedDescription)")
        }
        entries = entries.filter { !$0.key.hasPrefix(path + "\t") }
        entries[key] = digest
        save(entries)
        return digest
    }

    private static func load() -> [String: String] {
        guard let text = try? String(contentsOf: resolvedURL, encoding: .utf8) else { return [:] }
        var entries: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 4 else { continue }
            entries[fields[1...3].joined(separator: "\t")] = String(fields[0])
        }
        return entries
    }

    private static func save(_ entries: [String: String]) {
        let url = resolvedURL
        let text = entries.sorted { $0.key < $1.key }.map { "\($0.value)\t\($0.key)\n" }.joined()
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? AtomicFile.write(Data(text.utf8), to: url)
    }
}
