import Console
import Foundation
import Tensors

/// A lesson script runs each section where it is declared, so top-level code between two
/// sections runs between them, as a reader of the script expects, not before the title.
///
/// The first `section` call starts the run: it parses the command line (a mistake ends the
/// run there) and shows the title. `--help` and `--list` need every section's title and run
/// no body: then sections are only collected, and `run()` answers at the end as before.
final class LiveRun {
    enum State {
        case running(LessonRun)
        /// Collecting titles for `--help` or `--list`, which `run()` answers.
        case collecting
        /// The run ended early (a failed section, or the last section `--section` shows).
        case finished(Int32)
    }

    var state: State
    /// A real process exits as soon as the run ends; an in-process test keeps going.
    let exits: Bool
    let arguments: [String]
    let environment: [String: String]
    let stdout: TextSink
    let stderr: TextSink

    init(state: State, exits: Bool, arguments: [String], environment: [String: String], stdout: TextSink, stderr: TextSink) {
        self.state = state
        self.exits = exits
        self.arguments = arguments
        self.environment = environment
        self.stdout = stdout
        self.stderr = stderr
    }
}

extension Lesson {
    /// Starts a live run: later `section` calls run their bodies at once. A lesson script
    /// does this on its first `section`; tests call it directly with their own sinks.
    func startLive(arguments: [String], environment: [String: String], stdout: TextSink, stderr: TextSink,
                   exits: Bool, sourceFile: String?) {
        let wantsHelpOrList = arguments.contains { ["--help", "-h", "--list"].contains($0) || $0.hasPrefix("--list=") }
        let live = LiveRun(state: .collecting, exits: exits, arguments: arguments, environment: environment,
                           stdout: stdout, stderr: stderr)
        self.live = live
        // The section count is known only at the end; the source gives it now for `--section N`.
        expectedSectionCount = sourceFile.flatMap(Lesson.sectionCount(inFile:)) ?? Int.max
        defer { expectedSectionCount = nil }
        guard !wantsHelpOrList else { return }
        // A mistake on the command line ends the run here, before any top-level work.
        let run = LessonRun(lesson: self, arguments: arguments, environment: environment, stdout: stdout, stderr: stderr)
        if let code = run.prepare() {
            end(live, code)
        } else {
            live.state = .running(run)
        }
    }

    /// Runs the section just declared, when a live run is going.
    func runDeclaredSection(file: String) {
        if live == nil {
            guard isScript else { return }
            OpenBLASCore.ensureFastCore()
            startLive(arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment,
                      stdout: FileSink.standardOutput, stderr: FileSink.standardError, exits: true, sourceFile: file)
        }
        guard let live, case .running(let run) = live.state else { return }
        let index = sections.count
        if let code = run.runSection(index) {
            end(live, code)
        } else if let last = run.settings.shownSections?.max(), index >= last {
            // Nothing more to show: the rest of the script need not run.
            end(live, run.finish())
        }
    }

    /// Ends a live run: the exit code of the whole lesson. nil when no live run was started.
    func finishLive() -> Int32? {
        guard let live else { return nil }
        switch live.state {
        case .running(let run):
            let code = run.finish()
            live.state = .finished(code)
            return code
        case .finished(let code):
            return code
        case .collecting:
            // Every title is known now: help, list or the mistake, without running a body.
            let code = LessonRun(lesson: self, arguments: live.arguments, environment: live.environment,
                                 stdout: live.stdout, stderr: live.stderr).execute()
            live.state = .finished(code)
            return code
        }
    }

    private func end(_ live: LiveRun, _ code: Int32) {
        live.state = .finished(code)
        guard live.exits else { return }
        live.stdout.flush()
        live.stderr.flush()
        exit(code)
    }

    /// The number of `.section(` calls at the top level of a script, or nil when unreadable.
    static func sectionCount(inFile path: String) -> Int? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let source = SourceText(text)
        var depth = 0, count = 0
        for (k, token) in source.tokens.enumerated() where token.kind == .punctuation || token.kind == .word {
            let t = source.text(token)
            if "([{".contains(t) { depth += 1 } else if ")]}".contains(t) { depth -= 1 }
            if depth == 0, t == "section", k > 0, source.text(source.tokens[k - 1]) == ".",
               let next = source.nextSignificant(after: k), source.text(source.tokens[next]) == "(" {
                count += 1
            }
        }
        return count > 0 ? count : nil
    }
}
