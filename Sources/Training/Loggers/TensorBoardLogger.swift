import Foundation
import NN

/// Scalars as TensorBoard event files, Lightning's `TensorBoardLogger`:
/// `<log dir>/events.out.tfevents.<time>.<host>.<pid>.0`, which
/// `tensorboard --logdir <saveDir>` shows, plus `hparams.yaml`.
///
/// The file is a sequence of TFRecords, each
///
///     uint64 length | uint32 masked_crc32c(length) | data | uint32 masked_crc32c(data)
///
/// (little-endian), where the data is a serialized `tensorflow.Event`
/// protobuf: the first one carries `file_version = "brain.Event:2"`, the
/// others a `Summary` of `{tag, simple_value}` scalars at a step. Records are
/// appended and flushed as they are logged, as TensorFlow's writer does, so
/// TensorBoard can read a run while it trains.
public final class TensorBoardLogger: TrainingLogger {
    public let logDirectory: URL
    public private(set) var eventFile: URL?
    private var handle: FileHandle?
    private let clock: () -> Double

    public init(saveDir: URL, name: String = "lightning_logs", version: Int? = nil,
                clock: @escaping () -> Double = { Date().timeIntervalSince1970 }) {
        logDirectory = LogDirectory.resolve(saveDir: saveDir, name: name, version: version)
        self.clock = clock
    }

    public func logHyperparameters(_ hyperparameters: [(String, String)]) throws {
        try LogDirectory.writeHyperparameters(hyperparameters, in: logDirectory)
    }

    public func logMetrics(_ metrics: [(String, Double)], step: Int, epoch: Int) throws {
        let values = metrics.filter { $0.0 != "epoch" } + [("epoch", Double(epoch))]
        try append(EventProtobuf.scalars(values.map { ($0.0, Float($0.1)) }, step: Int64(step), wallTime: clock()))
    }

    public func finalize() throws {
        try handle?.synchronize()
        try handle?.close()
        handle = nil
    }

    deinit { try? handle?.close() }

    private func append(_ event: [UInt8]) throws {
        if handle == nil { try open() }
        try handle!.write(contentsOf: TFRecord.frame(event))
    }

    /// Creates the event file with its file-version record. The name has
    /// Lightning's shape; a run with the same second, host and pid gets a
    /// numeric suffix instead of clobbering the earlier file.
    private func open() throws {
        try FileManager.default.createDirectory(at: logDirectory, withIntermediateDirectories: true)
        let time = clock()
        let host = ProcessInfo.processInfo.hostName
        let stem = "events.out.tfevents.\(Int(time)).\(host).\(getpid())"
        var index = 0
        var url = logDirectory.appendingPathComponent("\(stem).\(index)")
        while FileManager.default.fileExists(atPath: url.path) {
            index += 1
            url = logDirectory.appendingPathComponent("\(stem).\(index)")
        }
        // The header record is written to a temporary file and renamed, so the
        // event file never exists without it.
        try AtomicFile.write(TFRecord.frame(EventProtobuf.fileVersion(wallTime: time)), to: url)
        handle = try FileHandle(forWritingTo: url)
        try handle!.seekToEnd()
        eventFile = url
    }
}

/// TFRecord framing of one record.
public enum TFRecord {
    public static func frame(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(data.count + 16)
        let length = withUnsafeBytes(of: UInt64(data.count).littleEndian, Array.init)
        out += length
        withUnsafeBytes(of: CRC32C.masked(length).littleEndian) { out += $0 }
        out += data
        withUnsafeBytes(of: CRC32C.masked(data).littleEndian) { out += $0 }
        return out
    }

    /// Splits framed bytes back into records, checking both CRCs; throws at the first bad byte offset.
    public static func records(in bytes: [UInt8]) throws -> [[UInt8]] {
        struct FramingError: Error, CustomStringConvertible { let description: String }
        func u32(_ at: Int) -> UInt32 { (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[at + $1]) << (8 * UInt32($1)) } }
        var records: [[UInt8]] = []
        var offset = 0
        while offset < bytes.count {
            guard offset + 12 <= bytes.count else { throw FramingError(description: "truncated record header at byte \(offset)") }
            let lengthBytes = Array(bytes[offset..<offset + 8])
            guard u32(offset + 8) == CRC32C.masked(lengthBytes) else { throw FramingError(description: "bad length CRC at byte \(offset + 8)") }
            let length = Int(lengthBytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) })
            let start = offset + 12
            guard start + length + 4 <= bytes.count else { throw FramingError(description: "truncated record data at byte \(start)") }
            let data = Array(bytes[start..<start + length])
            guard u32(start + length) == CRC32C.masked(data) else { throw FramingError(description: "bad data CRC at byte \(start + length)") }
            records.append(data)
            offset = start + length + 4
        }
        return records
    }
}

/// Hand-encoded `tensorflow.Event` protobufs (only the fields scalars need):
///
///     Event   { double wall_time = 1; int64 step = 2; string file_version = 3; Summary summary = 5; }
///     Summary { repeated Value value = 1; }
///     Value   { string tag = 1; float simple_value = 2; }
public enum EventProtobuf {
    public static func fileVersion(wallTime: Double) -> [UInt8] {
        var out: [UInt8] = []
        double(1, wallTime, into: &out)
        bytes(3, Array("brain.Event:2".utf8), into: &out)
        return out
    }

    public static func scalars(_ values: [(String, Float)], step: Int64, wallTime: Double) -> [UInt8] {
        var summary: [UInt8] = []
        for (tag, value) in values {
            var entry: [UInt8] = []
            bytes(1, Array(tag.utf8), into: &entry)
            key(2, wireType: 5, into: &entry)
            withUnsafeBytes(of: value.bitPattern.littleEndian) { entry += $0 }
            bytes(1, entry, into: &summary)
        }
        var out: [UInt8] = []
        double(1, wallTime, into: &out)
        key(2, wireType: 0, into: &out)
        varint(UInt64(bitPattern: step), into: &out)
        bytes(5, summary, into: &out)
        return out
    }

    static func key(_ field: Int, wireType: Int, into out: inout [UInt8]) {
        varint(UInt64(field << 3 | wireType), into: &out)
    }

    static func varint(_ value: UInt64, into out: inout [UInt8]) {
        var v = value
        while v >= 0x80 { out.append(UInt8(v & 0x7F) | 0x80); v >>= 7 }
        out.append(UInt8(v))
    }

    static func double(_ field: Int, _ value: Double, into out: inout [UInt8]) {
        key(field, wireType: 1, into: &out)
        withUnsafeBytes(of: value.bitPattern.littleEndian) { out += $0 }
    }

    static func bytes(_ field: Int, _ value: [UInt8], into out: inout [UInt8]) {
        key(field, wireType: 2, into: &out)
        varint(UInt64(value.count), into: &out)
        out += value
    }
}
