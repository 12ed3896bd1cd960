// The checkpoint cache: a rung trained once is read back on the next run.
import Course
import Foundation

/// Checkpoints of trained rungs in `directory`, one safetensors file per
/// configuration: `<rung>-<hash of its key>.safetensors`, with the full key
/// and the run's numbers in the metadata. A file is used only when its stored
/// key equals the rung's key exactly and its weights still have the MD5 stored
/// with them (`Safetensors.load` checks it): anything else is retrained, since a
/// header that reads fine over damaged weights would give a garbage test accuracy.
struct RungCache {
    let directory: URL
    /// False with `--retrain` (and `--quick` without `--checkpoints`): train, then overwrite.
    let readsCheckpoints: Bool

    enum Lookup {
        case hit(RungResult)
        case miss(reason: String)
    }

    func url(for config: RungConfig, dataKey: String) -> URL {
        directory.appendingPathComponent("\(config.id)-\(hash(for: config, dataKey: dataKey)).safetensors")
    }

    /// The part of the file name that stands for every setting and the data.
    func hash(for config: RungConfig, dataKey: String) -> String { fnv1a(Self.fullKey(config, dataKey)) }

    static func fullKey(_ config: RungConfig, _ dataKey: String) -> String { "v1 \(dataKey) \(config.key)" }

    func lookup(_ config: RungConfig, dataKey: String) -> Lookup {
        let file = url(for: config, dataKey: dataKey)
        guard readsCheckpoints else { return .miss(reason: "retrain") }
        guard FileManager.default.fileExists(atPath: file.path) else { return .miss(reason: "absent") }
        do {
            let (state, metadata) = try Safetensors.load(from: file)
            guard metadata["config"] == Self.fullKey(config, dataKey) else {
                // The stored key is long; the lesson's line only says why the file is not used.
                return .miss(reason: metadata["config"] == nil ? "mismatch: no settings stored" : "mismatch: other settings stored")
            }
            guard metadata[Safetensors.digestKey] != nil else {
                return .miss(reason: "corrupt: no digest of the weights stored, they cannot be checked")
            }
            func numbers(_ name: String) throws -> [Double] {
                guard let text = metadata[name], case let values = text.split(separator: ",").compactMap({ Double($0) }),
                      !values.isEmpty else { throw CacheError(message: "metadata \(name) missing or unreadable") }
                return values
            }
            let valHistory = try numbers("val_history"), trainHistory = try numbers("train_history")
            let kept = Int(try numbers("kept_epoch")[0]), seconds = try numbers("seconds")[0]
            guard valHistory.count == trainHistory.count, valHistory.indices.contains(kept) else {
                return .miss(reason: "corrupt: inconsistent metadata")
            }
            let model = MLP(hidden: config.hidden, dropout: config.dropout, generator: .init(seed: 0))
            try model.loadStateDict(state, strict: true)
            return .hit(RungResult(config: config, model: model, valHistory: valHistory, trainHistory: trainHistory,
                                   keptEpoch: kept, seconds: seconds, reused: true))
        } catch let error as Safetensors.FormatError {
            return .miss(reason: "corrupt: \(error.message)")   // the lesson names the file itself
        } catch {
            return .miss(reason: "corrupt: \(error)")
        }
    }

    /// Saves the kept weights and the run's numbers (atomically: a temporary file, then a rename).
    func store(_ result: RungResult, dataKey: String) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let list = { (values: [Double]) in values.map { String($0) }.joined(separator: ",") }
        try result.model.save(to: url(for: result.config, dataKey: dataKey), metadata: [
            "config": Self.fullKey(result.config, dataKey),
            "val_history": list(result.valHistory),
            "train_history": list(result.trainHistory),
            "kept_epoch": "\(result.keptEpoch)",
            "val_accuracy": "\(result.valAccuracy)",
            "seconds": "\(result.seconds)",
        ], digest: true)
    }
}

/// 64-bit FNV-1a of the UTF-8 bytes, as 16 hex digits: stable across runs
/// and machines (Swift's `Hasher` is seeded per process).
func fnv1a(_ text: String) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
        hash ^= UInt64(byte)
        hash = hash &* 0x100_0000_01b3
    }
    return String(format: "%016llx", hash)
}

struct CacheError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
