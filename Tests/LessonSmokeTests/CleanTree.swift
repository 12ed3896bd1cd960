import Foundation

/// A scratch git repository laid out like ours (the real .gitignore, a committed
/// Figures/<lesson>/ per lesson), to run lessons in and see what they leave behind.
enum CleanTree {
    static func make(lessons: [String]) throws -> URL {
        let root = try LessonRunner.temporaryDirectory()
        try FileManager.default.copyItem(at: LessonRunner.repository.appendingPathComponent(".gitignore"),
                                         to: root.appendingPathComponent(".gitignore"))
        for lesson in lessons {
            let folder = root.appendingPathComponent("Figures/\(lesson)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data("committed\n".utf8).write(to: folder.appendingPathComponent("README.md"))
        }
        for arguments in [["init", "-q"], ["add", "-A"],
                          ["-c", "user.name=test", "-c", "user.email=test@example.org", "commit", "-q", "-m", "figures"]] {
            let (status, output) = try git(arguments, in: root)
            guard status == 0 else { throw CleanTreeError(message: "git \(arguments.joined(separator: " ")): \(output)") }
        }
        return root
    }

    /// `git status --porcelain` with untracked files listed one by one ("" when clean).
    static func status(_ root: URL) throws -> String {
        let (status, output) = try git(["status", "--porcelain", "--untracked-files=all"], in: root)
        guard status == 0 else { throw CleanTreeError(message: "git status: \(output)") }
        return output
    }

    /// Every file under `folder` with its size and modification time.
    static func snapshot(_ folder: URL) throws -> [String: String] {
        var files: [String: String] = [:]
        let enumerator = FileManager.default.enumerator(atPath: folder.path)
        while let name = enumerator?.nextObject() as? String {
            let attributes = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(name).path)
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            files[name] = "\(attributes[.size] ?? 0) \(modified)"
        }
        return files
    }

    private static func git(_ arguments: [String], in root: URL) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.currentDirectoryURL = root
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}

struct CleanTreeError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
