import Foundation
import NN

/// Where a trainer's metrics go (Lightning's `Logger`): CSV files,
/// TensorBoard event files, or your own.
public protocol TrainingLogger: AnyObject {
    /// The run's folder, `<saveDir>/<name>/version_<n>`; checkpoints go into `checkpoints/` inside it.
    var logDirectory: URL { get }
    /// Writes the hyperparameters beside the logs (`hparams.yaml`).
    func logHyperparameters(_ hyperparameters: [(String, String)]) throws
    /// Records one set of metrics (the trainer sends one per epoch, plus step-level ones).
    func logMetrics(_ metrics: [(String, Double)], step: Int, epoch: Int) throws
    /// Flushes and closes files.
    func finalize() throws
}

/// Lightning's run folders: `<saveDir>/<name>/version_0`, `version_1`, ...
public enum LogDirectory {
    /// The folder for `version`, or for the next unused version number.
    /// Two loggers built with the same arguments before either writes share one folder.
    public static func resolve(saveDir: URL, name: String, version: Int?) -> URL {
        let base = name.isEmpty ? saveDir : saveDir.appendingPathComponent(name, isDirectory: true)
        let number = version ?? nextVersion(in: base)
        return base.appendingPathComponent("version_\(number)", isDirectory: true)
    }

    static func nextVersion(in folder: URL) -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let used = names.compactMap { $0.hasPrefix("version_") ? Int($0.dropFirst("version_".count)) : nil }
        return (used.max() ?? -1) + 1
    }

    /// `hparams.yaml` as Lightning writes it: one `name: value` per line.
    static func writeHyperparameters(_ hyperparameters: [(String, String)], in folder: URL) throws {
        let lines = hyperparameters.map { "\($0.0): \(yamlScalar($0.1))" }
        let text = hyperparameters.isEmpty ? "{}\n" : lines.joined(separator: "\n") + "\n"
        try AtomicFile.write(Array(text.utf8), to: folder.appendingPathComponent("hparams.yaml"))
    }

    static func yamlScalar(_ value: String) -> String {
        let plain = value.allSatisfy { $0.isLetter || $0.isNumber || "._-+".contains($0) } && !value.isEmpty
        return plain ? value : "'" + value.replacingOccurrences(of: "'", with: "''") + "'"
    }
}

/// Metrics as CSV, Lightning's `CSVLogger`: `<log dir>/metrics.csv` with a
/// header `epoch,step,<metric names, sorted>` and one row per `logMetrics`
/// call; with the trainer's epoch-level logging that is one row per epoch.
/// A metric missing from a row leaves its cell empty. The file is rewritten
/// atomically after every row, so it is always complete.
public final class CSVLogger: TrainingLogger {
    public let logDirectory: URL
    public var metricsFile: URL { logDirectory.appendingPathComponent("metrics.csv") }
    private var rows: [(epoch: Int, step: Int, values: [String: Double])] = []
    private var columns: [String] = []

    public init(saveDir: URL, name: String = "lightning_logs", version: Int? = nil) {
        logDirectory = LogDirectory.resolve(saveDir: saveDir, name: name, version: version)
    }

    public func logHyperparameters(_ hyperparameters: [(String, String)]) throws {
        try LogDirectory.writeHyperparameters(hyperparameters, in: logDirectory)
    }

    public func logMetrics(_ metrics: [(String, Double)], step: Int, epoch: Int) throws {
        for (name, _) in metrics where !columns.contains(name) { columns.append(name) }
        columns.sort()
        rows.append((epoch, step, Dictionary(metrics, uniquingKeysWith: { $1 })))
        try write()
    }

    public func finalize() throws {}

    private func write() throws {
        var text = (["epoch", "step"] + columns).map(Self.quoted).joined(separator: ",") + "\n"
        for row in rows {
            let cells = ["\(row.epoch)", "\(row.step)"] + columns.map { row.values[$0].map { "\($0)" } ?? "" }
            text += cells.joined(separator: ",") + "\n"
        }
        try AtomicFile.write(Array(text.utf8), to: metricsFile)
    }

    static func quoted(_ field: String) -> String {
        field.contains(where: { ",\"\n".contains($0) }) ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
    }
}
