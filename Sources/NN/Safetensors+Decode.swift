import Foundation
import Tensors

// Reading safetensors files that may come from anywhere: every number in the
// header is checked before it sizes an allocation or an index, so a damaged or
// hostile file ends in a `FormatError` naming the tensor, never in a trap.
extension Safetensors {
    /// The reference implementation's cap on the JSON header (100 MB).
    public static let maxHeaderLength = 100_000_000

    /// The element types read, each cast to Float32 on load as PyTorch's
    /// `load_state_dict` casts into a float32 model (`param.copy_(input)`).
    enum DType: String {
        case f32 = "F32", f16 = "F16", bf16 = "BF16", f64 = "F64"

        var size: Int { self == .f64 ? 8 : self == .f32 ? 4 : 2 }
    }

    /// Reads a safetensors file (F32, F16, BF16 or F64 tensors, cast to
    /// Float32), in file order, with its metadata.
    public static func load(from url: URL) throws -> (state: StateDict, metadata: [String: String]) {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw FormatError(path: url.path, message: "cannot read the file (\(error.localizedDescription))")
        }
        return try decode([UInt8](data), path: url.path)
    }

    public static func decode(_ bytes: [UInt8], path: String = "<bytes>") throws -> (state: StateDict, metadata: [String: String]) {
        func fail(_ message: String) -> FormatError { FormatError(path: path, message: message) }
        guard bytes.count >= 8 else { throw fail("file is \(bytes.count) bytes, too short for the 8-byte header length at byte 0") }
        let headerLength = bytes[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard headerLength <= UInt64(bytes.count - 8) else {
            throw fail("header length \(headerLength) at byte 0 runs past the end of the file (\(bytes.count) bytes)")
        }
        guard headerLength <= UInt64(maxHeaderLength) else {
            throw fail("header length \(headerLength) at byte 0 is above the \(maxHeaderLength) bytes safetensors allows")
        }
        let dataStart = 8 + Int(headerLength)
        guard let json = try? JSONSerialization.jsonObject(with: Data(bytes[8..<dataStart])),
              let header = json as? [String: Any] else {
            throw fail("corrupt JSON header in bytes 8..<\(dataStart)")
        }
        let dataLength = bytes.count - dataStart
        var metadata: [String: String] = [:]
        var entries: [Entry] = []
        for (name, value) in header {
            if name == "__metadata__" {
                metadata = (value as? [String: String]) ?? [:]
                continue
            }
            let entry = try Entry(name: name, value, fail: { fail("tensor \"\(name)\": " + $0) })
            guard entry.end <= dataLength else {
                throw fail("tensor \"\(name)\": data_offsets [\(entry.begin), \(entry.end)] lie outside the \(dataLength) data bytes starting at byte \(dataStart)")
            }
            entries.append(entry)
        }
        entries.sort { ($0.begin, $0.end) < ($1.begin, $1.end) }
        // Like the reference reader: the tensors tile the data exactly, so a
        // damaged offset cannot make two tensors share bytes or hide a gap.
        var covered = 0
        for (i, entry) in entries.enumerated() {
            guard entry.begin != covered else { covered = entry.end; continue }
            let before = i == 0 ? "the start of the data" : "tensor \"\(entries[i - 1].name)\", which ends at \(covered)"
            throw fail("tensor \"\(entry.name)\": data_offsets [\(entry.begin), \(entry.end)] "
                       + (entry.begin < covered ? "overlap \(before)" : "leave a gap after \(before)"))
        }
        guard covered == dataLength else {
            throw fail("\(dataLength - covered) bytes after the last tensor (at byte \(dataStart + covered)) belong to no tensor")
        }
        if let stored = metadata[digestKey] {
            let actual = bytes.withUnsafeBytes { raw in
                var md5 = MD5()
                md5.update(UnsafeRawBufferPointer(rebasing: raw[dataStart...]))
                return md5.hexDigest
            }
            guard actual == stored else {
                throw fail("the tensor data's MD5 is \(actual), the file records \(stored): the weights are damaged")
            }
        }
        let state: StateDict = entries.map { entry in
            let tensor = Tensor(shape: entry.shape) { out in
                bytes.withUnsafeBytes { raw in
                    Self.cast(UnsafeRawBufferPointer(rebasing: raw[(dataStart + entry.begin)..<(dataStart + entry.end)]),
                              entry.dtype, into: out)
                }
            }
            return (entry.name, tensor)
        }
        return (state, metadata)
    }

    /// One tensor's header entry, checked: a known dtype, sizes that are
    /// non-negative and whose product does not overflow, and offsets that
    /// hold exactly that many elements.
    struct Entry {
        let name: String
        let dtype: DType
        let shape: [Int]
        let begin: Int, end: Int

        init(name: String, _ value: Any, fail: (String) -> FormatError) throws {
            self.name = name
            guard let info = value as? [String: Any], let dtypeName = info["dtype"] as? String,
                  let shape = info["shape"] as? [Any], let offsets = info["data_offsets"] as? [Any] else {
                throw fail("header entry lacks dtype, shape or data_offsets")
            }
            guard let dtype = DType(rawValue: dtypeName) else {
                throw fail("dtype \(dtypeName) is not supported (F32, F16, BF16 and F64 are; "
                           + "in PyTorch convert with tensor.float())")
            }
            let sizes = shape.compactMap { $0 as? Int }
            guard sizes.count == shape.count, sizes.allSatisfy({ $0 >= 0 }) else {
                throw fail("shape \(shape) must list sizes that are whole numbers ≥ 0")
            }
            let offsetValues = offsets.compactMap { $0 as? Int }
            guard offsetValues.count == 2, offsets.count == 2 else {
                throw fail("data_offsets \(offsets) must be two whole numbers [begin, end]")
            }
            let (begin, end) = (offsetValues[0], offsetValues[1])
            guard begin >= 0, begin <= end else {
                throw fail("data_offsets [\(begin), \(end)] are not a range 0 ≤ begin ≤ end")
            }
            var byteCount = dtype.size, overflow = false
            for size in sizes where !overflow { (byteCount, overflow) = byteCount.multipliedReportingOverflow(by: size) }
            guard !overflow else { throw fail("shape \(sizes) has more elements than memory can hold") }
            guard end - begin == byteCount else {
                throw fail("shape \(sizes) of \(dtypeName) needs \(byteCount) bytes, data_offsets [\(begin), \(end)] give \(end - begin)")
            }
            (self.dtype, self.shape, self.begin, self.end) = (dtype, sizes, begin, end)
        }
    }

    /// Little-endian elements of `dtype` as Float32 (F64 rounds to nearest, as `tensor.float()` does).
    static func cast(_ raw: UnsafeRawBufferPointer, _ dtype: DType, into out: UnsafeMutableBufferPointer<Float>) {
        for i in 0..<out.count {
            switch dtype {
            case .f32:
                out[i] = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))
            case .f64:
                out[i] = Float(Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))))
            case .bf16:
                out[i] = Float(bitPattern: UInt32(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))) << 16)
            case .f16:
                out[i] = halfToFloat(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)))
            }
        }
    }

    /// IEEE 754 binary16 to binary32, exactly (Swift's `Float16` is missing on some platforms).
    static func halfToFloat(_ h: UInt16) -> Float {
        let sign: Float = h & 0x8000 != 0 ? -1 : 1
        let exponent = Int(h >> 10 & 0x1F), fraction = Float(h & 0x3FF)
        switch exponent {
        case 0: return sign * fraction * 0x1p-24
        case 31: return fraction == 0 ? sign * .infinity : .nan
        default: return sign * (1 + fraction / 1024) * Float(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }
}
