import CZlib
import Foundation
import Tensors

/// Reader and writer of the IDX format of (Fashion-)MNIST, gzip'd or raw.
///
/// An IDX file is a big-endian header — magic `0x0000TTNN` (`TT` = 0x08 for
/// unsigned bytes, `NN` = number of dimensions), then `NN` 32-bit sizes — and
/// then the elements, row-major. Images are `0x00000803` (count × rows × columns),
/// labels `0x00000801` (count). zlib's `gzread` reads both gzip'd and raw files.
public enum IDX {
    public static let imagesMagic: UInt32 = 0x0000_0803
    public static let labelsMagic: UInt32 = 0x0000_0801

    /// Images as one contiguous buffer of `count × rows × columns` bytes.
    public struct Images {
        public var count: Int
        public var rows: Int
        public var columns: Int
        public var pixels: [UInt8]
    }

    /// Reads an images file (magic 0x00000803).
    public static func readImages(_ url: URL) throws -> Images {
        let (dims, bytes) = try read(url, expectedMagic: imagesMagic)
        return Images(count: dims[0], rows: dims[1], columns: dims[2], pixels: bytes)
    }

    /// Reads a labels file (magic 0x00000801).
    public static func readLabels(_ url: URL) throws -> [UInt8] {
        try read(url, expectedMagic: labelsMagic).bytes
    }

    /// Reads an unsigned-byte IDX file whose magic must be `expectedMagic`; returns
    /// the dimensions and the elements. Throws `DataError.badFile` naming the file
    /// when it is truncated, has another magic, has data past its end, or is not gzip/IDX.
    public static func read(_ url: URL, expectedMagic: UInt32) throws -> (dimensions: [Int], bytes: [UInt8]) {
        let path = url.path
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw DataError(.io, file: url, "\(path): the file does not exist or cannot be read")
        }
        guard let file = gzopen(path, "rb") else {
            throw DataError(.io, file: url, "\(path): cannot open the file")
        }
        defer { gzclose(file) }
        gzbuffer(file, 1 << 20)

        func bad(_ what: String) -> DataError {
            DataError(.badFile, file: url, "\(path): \(what). The file is damaged or is not an IDX file; "
                      + "reinstall it (sudo apt-get install --reinstall dataset-fashion-mnist) or download it again.")
        }
        func readExactly(_ buffer: UnsafeMutableRawPointer, _ count: Int, _ what: String) throws {
            var done = 0
            while done < count {
                let chunk = UInt32(min(count - done, 1 << 30))
                let n = gzread(file, buffer + done, chunk)
                if n < 0 { throw bad("\(zlibError(file)) while reading \(what)") }
                if n == 0 { throw bad("truncated: \(what) ends after \(done) of \(count) bytes") }
                done += Int(n)
            }
        }
        func readUInt32(_ what: String) throws -> UInt32 {
            var raw: UInt32 = 0
            try readExactly(&raw, 4, what)
            return UInt32(bigEndian: raw)
        }

        let magic = try readUInt32("the header")
        guard magic == expectedMagic else {
            throw bad("wrong magic number 0x\(hex(magic)), expected 0x\(hex(expectedMagic)) ("
                      + (expectedMagic == imagesMagic ? "images" : "labels") + ")")
        }
        let rank = Int(magic & 0xFF)
        var dims: [Int] = []
        for d in 0..<rank {
            let size = Int(try readUInt32("dimension \(d) of the header"))
            dims.append(size)
        }
        // Sizes are bounded so a damaged header cannot ask for terabytes, nor
        // for more than the file can hold: deflate packs at most 1032 bytes into one.
        let count = dims.reduce(1) { $0.multipliedReportingOverflow(by: $1).overflow ? Int.max : $0 * $1 }
        guard count <= 1 << 31 else { throw bad("implausible dimensions \(dims)") }
        let fileSize = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        let capacity = gzdirect(file) == 1 ? fileSize - 4 * (1 + rank) : fileSize * 1032
        guard count <= capacity else {
            throw bad("truncated, or its header is damaged: the dimensions \(dims) announce \(count) bytes, "
                      + "more than this \(fileSize)-byte " + (gzdirect(file) == 1 ? "file holds" : "gzip file can unpack to"))
        }

        let bytes = try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            if count > 0 { try readExactly(buffer.baseAddress!, count, "the data (dimensions \(dims))") }
            initialized = count
        }
        var extra: UInt8 = 0
        let more = gzread(file, &extra, 1)
        if more < 0 { throw bad("\(zlibError(file)) at the end of the data") }
        if more > 0 { throw bad("more data than the header's dimensions \(dims) announce") }
        return (dims, bytes)
    }

    /// Writes an unsigned-byte IDX file (gzip'd when `gzip`), atomically.
    public static func write(dimensions: [Int], bytes: [UInt8], to url: URL, gzip: Bool) throws {
        checkUsage(dimensions.allSatisfy { $0 >= 0 } && dimensions.reduce(1, *) == bytes.count, "IDX.write",
                   "\(bytes.count) bytes do not fill dimensions \(dimensions) (\(dimensions.reduce(1, *)) values)",
                   valid: "as many bytes as the dimensions' product")
        var data = Data()
        func append(_ value: UInt32) { withUnsafeBytes(of: value.bigEndian) { data.append(contentsOf: $0) } }
        append(0x0800 | UInt32(dimensions.count))
        for d in dimensions { append(UInt32(d)) }
        data.append(contentsOf: bytes)
        try DataFile.write(gzip ? gzipCompress(data) : data, to: url)
    }

    /// The gzip (RFC 1952) form of `data`, through zlib's deflate.
    public static func gzipCompress(_ data: Data) throws -> Data {
        var stream = z_stream()
        // windowBits 15 + 16 asks deflate for a gzip wrapper.
        guard deflateInit2_(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY,
                            ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DataError(.io, "zlib: deflateInit2 failed")
        }
        defer { deflateEnd(&stream) }
        var input = [UInt8](data)
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(input.count))) + 64)
        let status: Int32 = input.withUnsafeMutableBufferPointer { inp in
            output.withUnsafeMutableBufferPointer { out in
                stream.next_in = inp.baseAddress
                stream.avail_in = UInt32(inp.count)
                stream.next_out = out.baseAddress
                stream.avail_out = UInt32(out.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { throw DataError(.io, "zlib: deflate failed (\(status))") }
        return Data(output[0..<Int(stream.total_out)])
    }

    private static func hex(_ v: UInt32) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 8 - s.count) + s
    }

    private static func zlibError(_ file: gzFile) -> String {
        var code: Int32 = 0
        guard let message = gzerror(file, &code) else { return "read error" }
        return "zlib error: " + String(cString: message)
    }
}
