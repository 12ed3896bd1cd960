@_exported import Files
import Foundation
import Tensors

/// The safetensors file format (what `safetensors.torch.save_file` writes):
/// an 8-byte little-endian header length N, N bytes of JSON mapping each name
/// to {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}
/// (offsets into the data that follows), then the raw little-endian data.
public enum Safetensors {
    public struct FormatError: Error, CustomStringConvertible {
        public let path: String
        public let message: String
        public var description: String { "\(path): \(message)" }
    }

    /// Writes `state` (and string `metadata`) atomically to `url`.
    public static func save(_ state: StateDict, metadata: [String: String] = [:], to url: URL) throws {
        try AtomicFile.write(encode(state, metadata: metadata), to: url)
    }

    /// The file's bytes. Tensors are laid out sorted by name, as safetensors does
    /// for tensors of one dtype, so equal state dicts give equal bytes.
    public static func encode(_ state: StateDict, metadata: [String: String] = [:]) -> [UInt8] {
        let sorted = state.sorted { $0.name < $1.name }
        var entries: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.sorted { $0.key < $1.key }.map { "\(jsonString($0.key)):\(jsonString($0.value))" }
            entries.append("\"__metadata__\":{" + pairs.joined(separator: ",") + "}")
        }
        var offset = 0
        for (name, tensor) in sorted {
            let end = offset + tensor.count * 4
            entries.append("\(jsonString(name)):{\"dtype\":\"F32\",\"shape\":[\(tensor.shape.map(String.init).joined(separator: ","))],\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }
        var header = Array(("{" + entries.joined(separator: ",") + "}").utf8)
        // Pad with spaces so the data starts 8-byte aligned, as the reference writer does.
        while (header.count % 8) != 0 { header.append(0x20) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + header.count + offset)
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { bytes.append(contentsOf: $0) }
        bytes += header
        for (_, tensor) in sorted {
            tensor.withUnsafeBufferPointer { buffer in
                for v in buffer { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
            }
        }
        return bytes
    }

    /// Reads a safetensors file of F32 tensors, in file order, with its metadata.
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
        let dataStart = 8 + Int(headerLength)
        guard let json = try? JSONSerialization.jsonObject(with: Data(bytes[8..<dataStart])),
              let header = json as? [String: Any] else {
            throw fail("corrupt JSON header in bytes 8..<\(dataStart)")
        }
        let dataLength = bytes.count - dataStart
        var metadata: [String: String] = [:]
        var entries: [(name: String, begin: Int, end: Int, shape: [Int])] = []
        for (name, value) in header {
            if name == "__metadata__" {
                metadata = (value as? [String: String]) ?? [:]
                continue
            }
            guard let info = value as? [String: Any], let dtype = info["dtype"] as? String,
                  let shape = info["shape"] as? [Int], let offsets = info["data_offsets"] as? [Int], offsets.count == 2 else {
                throw fail("tensor \"\(name)\": header entry lacks dtype, shape or data_offsets")
            }
            guard dtype == "F32" else { throw fail("tensor \"\(name)\": dtype \(dtype) is not supported (only F32)") }
            let (begin, end) = (offsets[0], offsets[1])
            guard begin >= 0, begin <= end, end <= dataLength else {
                throw fail("tensor \"\(name)\": data_offsets [\(begin), \(end)] lie outside the \(dataLength) data bytes starting at byte \(dataStart)")
            }
            guard end - begin == shape.reduce(1, *) * 4 else {
                throw fail("tensor \"\(name)\": shape \(shape) needs \(shape.reduce(1, *) * 4) bytes, data_offsets give \(end - begin) (at byte \(dataStart + begin))")
            }
            entries.append((name, begin, end, shape))
        }
        entries.sort { $0.begin < $1.begin }
        let state: StateDict = entries.map { entry in
            let tensor = Tensor(shape: entry.shape) { out in
                bytes.withUnsafeBytes { raw in
                    for i in 0..<out.count {
                        out[i] = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: dataStart + entry.begin + 4 * i, as: UInt32.self)))
                    }
                }
            }
            return (entry.name, tensor)
        }
        return (state, metadata)
    }

    static func jsonString(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}

extension Module {
    /// Saves the state dict as safetensors, loadable in PyTorch with
    /// `model.load_state_dict(safetensors.torch.load_file(path))`.
    public func save(to url: URL, metadata: [String: String] = [:]) throws {
        try Safetensors.save(stateDict(), metadata: metadata, to: url)
    }

    /// Loads a safetensors checkpoint into this model (strict by default, like PyTorch).
    @discardableResult
    public func load(from url: URL, strict: Bool = true) throws -> (missingKeys: [String], unexpectedKeys: [String]) {
        try loadStateDict(Safetensors.load(from: url).state, strict: strict)
    }
}
