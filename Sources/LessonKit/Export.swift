import Files
import Foundation

/// The lesson woven into one Markdown document, like a notebook with its outputs.
final class ExportDocument {
    enum Block {
        case heading(String)
        case prose(String)
        /// A code cell's source.
        case code(String)
        case output(String)
        case table(TextTable)
        case figure(URL, caption: String)
    }

    private(set) var blocks: [Block] = []

    func add(_ block: Block) {
        // Consecutive prints form one output block, as in a notebook cell.
        if case .output(let more) = block, case .output(let text)? = blocks.last {
            blocks[blocks.count - 1] = .output(text + more)
        } else {
            blocks.append(block)
        }
    }

    /// The document; figure links are relative to `exportFile`'s folder.
    func markdown(title: String, preamble: [String], exportFile: URL) -> String {
        var parts = ["# " + title] + preamble
        let base = exportFile.deletingLastPathComponent()
        for block in blocks {
            switch block {
            case .heading(let text):
                parts.append("## " + text)
            case .prose(let source):
                parts.append(ProseRenderer.markdown(source))
            case .code(let text):
                let fence = text.contains("```") ? "~~~~" : "```"
                parts.append(fence + "swift\n" + text + "\n" + fence)
            case .output(let text):
                var body = text
                if body.hasSuffix("\n") { body.removeLast() }
                let fence = body.contains("```") ? "~~~~" : "```"
                parts.append(fence + "text\n" + body + "\n" + fence)
            case .table(let table):
                parts.append(table.markdown())
            case .figure(let url, let caption):
                var link = relativePath(from: base, to: url)
                if link.contains(" ") { link = "<" + link + ">" }
                let alt = caption.replacingOccurrences(of: "]", with: "\\]").replacingOccurrences(of: "\n", with: " ")
                parts.append("![\(alt)](\(link))\n\n*\(caption)*")
            }
        }
        return parts.joined(separator: "\n\n") + "\n"
    }
}

/// The path of `target` as seen from the folder `base`, e.g. "../Figures/lesson-03-init/layer.png".
func relativePath(from base: URL, to target: URL) -> String {
    let from = base.standardizedFileURL.resolvingSymlinksInPath().pathComponents
    let toURL = target.deletingLastPathComponent().standardizedFileURL.resolvingSymlinksInPath()
    let to = toURL.pathComponents + [target.lastPathComponent]
    var common = 0
    while common < from.count && common < to.count - 1 && from[common] == to[common] { common += 1 }
    let ups = Array(repeating: "..", count: from.count - common)
    return (ups + to[common...]).joined(separator: "/")
}

/// Writes `text` atomically (see `AtomicFile`).
func writeAtomically(_ text: String, to url: URL) throws {
    try AtomicFile.write(text, to: url)
}

/// Checks that files can be created in `folder` (creating it, `mkdir -p`, when `create`)
/// by creating and removing a probe file. Returns nil when they can, else the system's reason.
func writabilityProblem(folder: URL, create: Bool) -> String? {
    func systemReason(_ path: String) -> String { "\(path): \(String(cString: strerror(errno)))" }
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) {
        guard isDirectory.boolValue else { return "\(folder.path): not a folder" }
    } else {
        guard create else { return "\(folder.path): no such folder" }
        var path = ""
        for component in folder.pathComponents {
            path = path.isEmpty ? component : (path as NSString).appendingPathComponent(component)
            if mkdir(path, 0o755) != 0 && errno != EEXIST { return systemReason(path) }
        }
    }
    let probe = folder.appendingPathComponent(".write-test-\(getpid())").path
    let descriptor = open(probe, O_WRONLY | O_CREAT | O_EXCL, 0o644)
    guard descriptor >= 0 else { return systemReason(folder.path) }
    close(descriptor)
    unlink(probe)
    return nil
}

/// The operating system's words for why a file operation failed, e.g. "Permission denied".
func reason(_ error: Error) -> String {
    let nsError = error as NSError
    if let posix = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain {
        return String(cString: strerror(Int32(posix.code)))
    }
    var text = nsError.localizedDescription
    while text.hasSuffix(".") { text.removeLast() }
    return text
}
