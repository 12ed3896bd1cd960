import Foundation

/// Why the export file itself cannot be replaced, checked before the run like
/// its folder: the rename at the end would fail over a folder, and would
/// silently replace a file its owner made read-only (even for root).
func exportFileProblem(url: URL) -> String? {
    var info = stat()
    guard stat(url.path, &info) == 0 else { return nil }
    if info.st_mode & S_IFMT == S_IFDIR { return "\(url.path) is a folder; name a file in it, e.g. \(url.path)/lesson.md" }
    if info.st_mode & 0o222 == 0 || access(url.path, W_OK) != 0 {
        return "\(url.path): the file is read-only; choose another name or make it writable (chmod u+w)"
    }
    return nil
}
