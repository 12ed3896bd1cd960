import CZlib
import Foundation

/// Checks data files against the official MD5s and remembers each digest by
/// path, device and inode, size, modification time and status-change time
/// (ctime), so that a lesson hashes ~30 MB only the
/// first time. The cache lives in `$XDG_CACHE_HOME/fcnn-course` (or
/// `~/.cache/fcnn-course`); a cache that cannot be read or written only costs
/// the hashing again.
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

    /// Passes when the file's MD5 is the official one of its .gz form
    /// (`FashionMNIST.expectedMD5`) or its uncompressed contents have the official
    /// MD5 (`FashionMNIST.expectedContentMD5`: recompressed or unpacked copies).
    /// Throws `DataError.checksumMismatch` naming the file otherwise. Files with
    /// no known MD5 pass.
    public static func verify(_ url: URL) throws {
        let name = url.lastPathComponent
        let isGzip = name.hasSuffix(".gz")
        let expectedFile = FashionMNIST.expectedMD5[name]
        let expectedContents = FashionMNIST.expectedContentMD5[isGzip ? String(name.dropLast(3)) : name]
        guard expectedFile != nil || expectedContents != nil else { return }

        var fileDigest: String? = nil
        if isGzip, let expectedFile {
            let digest = try md5(of: url, kind: "file") { try MD5.hex(fileAt: url) }
            if digest == expectedFile { return }
            fileDigest = digest
        }
        var contentsDigest: String? = nil
        if let expectedContents {
            let digest = try md5(of: url, kind: "contents") { try md5OfContents(url) }
            if digest == expectedContents { return }
            contentsDigest = digest
        }
        var details: [String] = []
        if let fileDigest { details.append("its MD5 is \(fileDigest), the official one is \(expectedFile!)") }
        if let contentsDigest {
            details.append("its \(isGzip ? "uncompressed " : "")contents have MD5 \(contentsDigest), "
                           + "the official ones \(expectedContents!)")
        }
        throw DataError(.checksumMismatch, file: url, """
            \(url.path): \(details.joined(separator: "; ")): the file is damaged or not the original.
            Reinstall it (sudo apt-get install --reinstall dataset-fashion-mnist) or download it again (--download).
            """)
    }

    /// The MD5 of the bytes a gzip'd (or plain) file decompresses to, streamed.
    public static func md5OfContents(_ url: URL) throws -> String {
        guard let file = gzopen(url.path, "rb") else {
            throw DataError(.io, file: url, "\(url.path): cannot open the file to check it")
        }
        defer { gzclose(file) }
        var md5 = MD5()
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32($0.count)) }
            if n < 0 {
                throw DataError(.badFile, file: url, "\(url.path): the gzip data is damaged (zlib read error); "
                                + "reinstall or download the file again")
            }
            if n == 0 { break }
            chunk.withUnsafeBytes { md5.update(UnsafeRawBufferPointer(rebasing: $0[0..<Int(n)])) }
        }
        return md5.hexDigest
    }

    /// The digest of `kind` for the file, from the cache when its path and
    /// `identity` match, else from `compute` (and then stored).
    static func md5(of url: URL, kind: String, compute: () throws -> String) throws -> String {
        let path = url.standardizedFileURL.path
        let key = "\(kind)\t\(path)\t\(identity(path))"
        var entries = load()
        if let digest = entries[key] { return digest }
        let digest: String
        do {
            digest = try compute()
        } catch let error as DataError {
            throw error
        } catch {
            throw DataError(.io, file: url, "\(path): cannot read the file to check it: \(error.localizedDescription)")
        }
        // Older entries of this file (other size or mtime) are dropped.
        entries = entries.filter { !$0.key.hasPrefix("\(kind)\t\(path)\t") }
        entries[key] = digest
        save(entries)
        return digest
    }

    private static func load() -> [String: String] {
        guard let text = try? String(contentsOf: resolvedURL, encoding: .utf8) else { return [:] }
        var entries: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            // Lines of older versions (keyed on size and mtime only) have fewer fields and are dropped.
            guard fields.count == 7 else { continue }
            entries[fields[1...].joined(separator: "\t")] = String(fields[0])
        }
        return entries
    }

    private static func save(_ entries: [String: String]) {
        let url = resolvedURL
        let text = entries.sorted { $0.key < $1.key }.map { "\($0.value)\t\($0.key)\n" }.joined()
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? DataFile.write(Data(text.utf8), to: url)
    }

    /// What changes whenever the file's bytes may have: device and inode (a
    /// file replaced), size, mtime, and ctime, which the kernel sets on every
    /// write and which no user can set back (`touch -r` restores the mtime only).
    static func identity(_ path: String) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { return "missing\t-1\t0\t0" }
        #if os(Linux)
        let (modified, changed) = (info.st_mtim, info.st_ctim)
        #else
        let (modified, changed) = (info.st_mtimespec, info.st_ctimespec)
        #endif
        return "\(info.st_dev):\(info.st_ino)\t\(info.st_size)\t\(modified.tv_sec).\(modified.tv_nsec)"
            + "\t\(changed.tv_sec).\(changed.tv_nsec)"
    }
}
