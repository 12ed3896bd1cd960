import Foundation
import Usage

/// A progress line for long loops (epochs, batches), like tqdm.
///
/// On a terminal it is one line redrawn in place with `\r`:
///
///     train  [██████████··········]  512/1000  85.3 it/s  0:06 < 0:05  loss 0.4312
///
/// Elsewhere (a log file, a pipe, CI) it writes plain lines with no `\r` or
/// escape codes: one at the start, one each time another quarter is done, one
/// at `finish()`. Terminal redraws are at least `minimumRedrawInterval` apart,
/// so calling `update` on every batch costs one clock read.
public final class ProgressBar {
    public let total: Int
    public let label: String
    public private(set) var completed = 0
    public private(set) var metrics: [(String, String)] = []

    /// While true (a lesson section that runs silently), progress bars write nothing.
    public static var isSilenced = false

    public var minimumRedrawInterval: Double = 0.05

    private let sink: TextSink
    private let terminal: Terminal
    private let clock: () -> Double
    private let start: Double
    private var lastDraw = -Double.infinity
    private var nextQuarter = 1
    private var finished = false

    /// - Parameters:
    ///   - sink: where to write; standard error by default, so results on stdout stay clean.
    ///   - terminal: how to draw; by default decided from `sink` and the environment.
    ///   - clock: seconds from any origin; injectable so tests need no real time.
    public init(total: Int, label: String, sink: TextSink = FileSink.standardError,
                terminal: Terminal? = nil, clock: @escaping () -> Double = ProgressBar.monotonicSeconds) {
        checkUsage(total >= 0, "ProgressBar", "total is \(total) for '\(label)'",
                   valid: "a number of steps of 0 or more, e.g. the number of batches",
                   russian: ("total = \(total) для '\(label)'", "число шагов от 0 и больше, например число батчей"))
        self.total = total
        self.label = label
        self.sink = sink
        self.terminal = terminal ?? Terminal(sink: sink)
        self.clock = clock
        self.start = clock()
        if !ProgressBar.isSilenced && !self.terminal.isTerminal {
            sink.write(plainLine() + "\n")
        }
    }

    /// Sets the number of items done and the metrics shown after the counters.
    public func update(completed: Int, metrics: [(String, String)]? = nil) {
        self.completed = min(max(completed, 0), total)
        if let metrics { self.metrics = metrics }
        guard !ProgressBar.isSilenced, !finished else { return }
        if terminal.isTerminal {
            let now = clock()
            if now - lastDraw >= minimumRedrawInterval || self.completed == total {
                lastDraw = now
                drawInPlace()
            }
        } else if total > 0 {
            // Quarters crossed since the last line; print once however many were crossed.
            var crossed = false
            while nextQuarter <= 3 && self.completed * 4 >= total * nextQuarter {
                nextQuarter += 1
                crossed = true
            }
            if crossed && self.completed < total { sink.write(plainLine() + "\n") }
        }
    }

    public func advance(by count: Int = 1, metrics: [(String, String)]? = nil) {
        update(completed: completed + count, metrics: metrics)
    }

    /// Draws the final state and ends the line. Calling it again does nothing.
    public func finish(metrics: [(String, String)]? = nil) {
        if let metrics { self.metrics = metrics }
        guard !finished else { return }
        finished = true
        guard !ProgressBar.isSilenced else { return }
        if terminal.isTerminal {
            drawInPlace()
            sink.write("\n")
        } else {
            sink.write(plainLine() + "\n")
        }
        sink.flush()
    }

    // MARK: - Drawing

    private var elapsed: Double { max(clock() - start, 0) }

    private func counters() -> (count: String, rate: String, time: String) {
        let elapsed = self.elapsed
        let rate = elapsed > 0 ? Double(completed) / elapsed : 0
        let count = "\(completed)/\(total)"
        let rateText = rate >= 10 ? String(format: "%.0f it/s", rate) : String(format: "%.2f it/s", rate)
        var time = ProgressBar.clockText(elapsed)
        if completed < total, rate > 0 {
            time += " < " + ProgressBar.clockText(Double(total - completed) / rate)
        }
        return (count, rateText, time)
    }

    private func metricsText() -> String {
        metrics.map { "\($0.0) \($0.1)" }.joined(separator: "  ")
    }

    private func plainLine() -> String {
        let c = counters()
        let percent = total > 0 ? completed * 100 / total : 100
        let counters = ["\(label): \(c.count) (\(percent)%)", c.rate, c.time].joined(separator: "  ")
        guard !metrics.isEmpty else { return counters }
        let line = counters + "  " + metricsText()
        // A log read on a narrow screen: metrics that do not fit go on a line of their own.
        return Style.visibleWidth(line) <= terminal.columns ? line : counters + "\n    " + metricsText()
    }

    private func drawInPlace() {
        let style = terminal.style
        let c = counters()
        let tail = [c.count, c.rate, c.time, metricsText()].filter { !$0.isEmpty }.joined(separator: "  ")
        let room = terminal.columns - 1 - Style.visibleWidth(label) - Style.visibleWidth(tail) - 6
        let barWidth = min(30, room)
        var line = style.bold(label)
        if barWidth >= 5 {
            let filled = total > 0 ? completed * barWidth / total : barWidth
            line += "  [" + style.cyan(String(repeating: "█", count: filled))
                + style.dim(String(repeating: "·", count: barWidth - filled)) + "]"
        }
        line += "  " + tail
        // A line wider than the window would wrap and `\r` would then redraw only its last row.
        if Style.visibleWidth(line) >= terminal.columns {
            line = String(("\(label)  " + tail).prefix(max(terminal.columns - 1, 1)))
        }
        sink.write("\r" + line + "\u{1B}[K")
        sink.flush()
    }

    /// "m:ss", or "h:mm:ss" from an hour on.
    public static func clockText(_ seconds: Double) -> String {
        let s = Int(seconds.isFinite ? seconds.rounded() : 0)
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                         : String(format: "%d:%02d", s / 60, s % 60)
    }

    public static func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
}
