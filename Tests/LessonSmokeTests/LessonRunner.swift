import Foundation
import TestSupport
import XCTest

/// Runs the built lesson executables, as a student would from the shell.
enum LessonRunner {
    typealias Result = Subprocess.Result

    /// The folder of the built products (where the test bundle lives).
    static var productsDirectory: URL {
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent()
        }
        return Bundle.main.bundleURL
    }

    /// Every built `lesson-*` executable.
    static var lessons: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: productsDirectory.path)) ?? []
        return names.filter { $0.hasPrefix("lesson-") && !$0.contains(".") }.sorted()
    }

    /// The repository (this file is Tests/LessonSmokeTests/LessonRunner.swift in it).
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The working directory of every lesson run: a scratch folder, so that whatever a
    /// lesson writes by default (runs/, checkpoints/, figures) never lands in the repository.
    static let workingDirectory: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lesson-smoke-cwd-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: LessonRunner.workingDirectory) }
        return url
    }()

    /// Runs `lesson` in `directory` (default: the scratch working directory). Data a student
    /// downloaded into the repository's data/ is still found, through FASHION_MNIST_DIR.
    /// Without `code`, the lesson shows no code cells (`--no-code`), so that tests read only its output.
    static func run(_ lesson: String, _ arguments: [String], environment extra: [String: String] = [:],
                    in directory: URL? = nil, code: Bool = false) throws -> Result {
        var environment = ProcessInfo.processInfo.environment
        let downloaded = repository.appendingPathComponent("data/fashion-mnist")
        if environment["FASHION_MNIST_DIR"] == nil,
           FileManager.default.fileExists(atPath: downloaded.appendingPathComponent("t10k-labels-idx1-ubyte.gz").path) {
            environment["FASHION_MNIST_DIR"] = downloaded.path
        }
        environment["NO_COLOR"] = "1"
        // Wide enough that tables and output lines do not wrap where tests read them;
        // the 80-column check passes COLUMNS itself.
        environment["COLUMNS"] = "200"
        for (k, v) in extra { environment[k] = v }
        return try Subprocess.run(productsDirectory.appendingPathComponent(lesson), code ? arguments : arguments + ["--no-code"],
                                  environment: environment, directory: directory ?? workingDirectory)
    }

    /// A fixed scratch folder per name for this test process (not created).
    static func scratch(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("lesson-smoke-\(getpid())-\(name)")
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lesson-smoke-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
