import Foundation

/// A run stopped mid-write (Ctrl-C, a crash, a kill) leaves its hidden
/// temporary file `.<name>.<pid>-<random>.tmp` behind. The first write of a
/// process into a folder removes those whose writer is gone: named by a
/// process that no longer exists, and owned by this user. A live writer's
/// file (another run writing there now) is never touched.
enum StaleTemporaries {
    private static var cleaned = Set<String>()
    private static let lock = NSLock()

    static func removeOnce(in folder: URL) {
        let path = folder.standardizedFileURL.path
        let first = lock.withLock { cleaned.insert(path).inserted }
        guard first, let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return }
        for name in names {
            guard let pid = writer(of: name), pid != getpid(), kill(pid, 0) == -1, errno == ESRCH else { continue }
            var info = stat()
            let file = (path as NSString).appendingPathComponent(name)
            guard lstat(file, &info) == 0, info.st_uid == getuid(), info.st_mode & S_IFMT == S_IFREG else { continue }
            unlink(file)
        }
    }

    /// The process id in an `AtomicFile` temporary's name, or nil for any other name.
    static func writer(of name: String) -> pid_t? {
        guard name.hasPrefix("."), name.hasSuffix(".tmp") else { return nil }
        let stem = name.dropLast(4)
        guard let dot = stem.lastIndex(of: "."), dot > stem.startIndex else { return nil }
        let parts = stem[stem.index(after: dot)...].split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let pid = pid_t(parts[0]), pid > 0, UInt32(parts[1]) != nil else { return nil }
        return pid
    }
}
