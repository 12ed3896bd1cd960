@_exported import Files
import Foundation
import Tensors

/// The safetensors file format (what `safetensors.torch.save_file` writes):
/// an 8-byte little-endian header length N, N bytes of JSON mapping each name
/// to {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}
/// (offsets into the data that follows), then the raw little-endian data.
public enum Safetensors {
    public struct FormatError: Error, CustomStringConvertible, LocalizedError {
        public let path: String
        public let message: String
        public var description: String { "\(path): \(message)" }
        public var errorDescription: String? { description }
    }

    /// The metadata key of the tensor data's MD5 (see `save(_:metadata:digest:to:)`).
    public static let digestKey = "weights_md5"

    /// Writes `state` (and string `metadata`) atomically to `url`. With
    /// `digest`, the MD5 of the tensor data goes into the metadata too
    /// (`weights_md5`), and `load` then notices damaged weights.
    public static func save(_ state: StateDict, metadata: [String: String] = [:], digest: Bool = false,
                            to url: URL) throws {
        try AtomicFile.write(encode(state, metadata: metadata, digest: digest), to: url)
    }

    /// The file's bytes. Tensors are laid out sorted by name, as safetensors does
    /// for tensors of one dtype, so equal state dicts give equal bytes.
    public static func encode(_ state: StateDict, metadata: [String: String] = [:], digest: Bool = false) -> [UInt8] {
        let sorted = state.sorted { $0.name < $1.name }
        var metadata = metadata
        var data: [UInt8] = []
        for (_, tensor) in sorted {
            tensor.withUnsafeBufferPointer { buffer in
                for v in buffer { withUnsafeBytes(of: v.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
            }
        }
        if digest { metadata[digestKey] = data.withUnsafeBytes { raw in var md5 = MD5(); md5.update(raw); return md5.hexDigest } }
        var entries: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.sorted { $0.key < $1.key }.map { "\(jsonQuoted($0.key)):\(jsonQuoted($0.value))" }
            entries.append("\"__metadata__\":{" + pairs.joined(separator: ",") + "}")
        }
        var offset = 0
        for (name, tensor) in sorted {
            let end = offset + tensor.count * 4
            entries.append("\(jsonQuoted(name)):{\"dtype\":\"F32\",\"shape\":[\(tensor.shape.map(String.init).joined(separator: ","))],\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }
        var header = Array(("{" + entries.joined(separator: ",") + "}").utf8)
        // Pad with spaces so the data starts 8-byte aligned, as the reference writer does.
        while (header.count % 8) != 0 { header.append(0x20) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + header.count + offset)
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { bytes.append(contentsOf: $0) }
        return bytes + header + data
    }
}

extension Module {
    /// Saves the state dict as safetensors, loadable in PyTorch with
    /// `model.load_state_dict(safetensors.torch.load_file(path))`.
    public func save(to url: URL, metadata: [String: String] = [:], digest: Bool = false) throws {
        try Safetensors.save(stateDict(), metadata: metadata, digest: digest, to: url)
    }

    /// Loads a safetensors checkpoint into this model (strict by default, like PyTorch).
    @discardableResult
    public func load(from url: URL, strict: Bool = true) throws -> (missingKeys: [String], unexpectedKeys: [String]) {
        try loadStateDict(Safetensors.load(from: url).state, strict: strict)
    }
}
