import Console
import Foundation
import TerminalImages

/// Figures drawn into the terminal under the line that announces them (`--inline-figures`).
///
/// The image goes to the terminal only: it is written to stdout, never added to the
/// export, and never drawn into a pipe or a file. The protocol is settled at the first
/// figure, so a run without figures never queries the terminal.
final class InlineFigures {
    private var target: InlineImageTarget??
    private var shown: Set<String> = []

    /// Draws the PNG at `url` once per run; a failure only costs the picture (the file is there).
    func show(_ url: URL, name: String, run: LessonRun) {
        guard !shown.contains(name), let target = resolve(run) else { return }
        shown.insert(name)
        let realTerminal = run.stdout === FileSink.standardOutput
        let geometry = (realTerminal ? TerminalGeometry.window(STDOUT_FILENO) : nil)
            ?? TerminalGeometry(columns: run.stdoutTerminal.columns)
        do {
            let sequence = try InlineImage.sequence(png: url, target: target, geometry: geometry)
            run.stdout.write(sequence + "\n\n")
        } catch {
            run.diagnostic("inline figure '\(name)' not shown: \(error)")
        }
    }

    private func resolve(_ run: LessonRun) -> InlineImageTarget? {
        if let target { return target }
        // Only the process's own terminal may be asked; a test's string sink has none behind it.
        let realTerminal = run.stdout === FileSink.standardOutput
        let found = InlineImageDetection.target(
            mode: run.settings.inlineFigures, environment: run.environment,
            outputIsTerminal: run.stdoutTerminal.isTerminal,
            deviceAttributes: {
                guard realTerminal else { return nil }
                run.stdout.flush()
                return DeviceAttributes.queryPrimary()
            },
            tmuxPassthroughAllowed: { realTerminal && TmuxPassthrough.isAllowed() })
        run.diagnostic("inline figures: " + (found.map { $0.proto.rawValue + ($0.tmuxPassthrough ? " via tmux" : "") } ?? "off"))
        target = .some(found)
        return found
    }
}
