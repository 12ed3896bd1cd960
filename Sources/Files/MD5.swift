import Foundation

/// MD5 (RFC 1321), enough to check downloaded data against published hashes
/// and checkpoints against the digest stored in them (here, below both `NN`
/// and `Datasets`, so that both can use it).
/// (There is no CryptoKit on Linux.) Not for security: MD5 is broken for that.
///
///     var md5 = MD5(); md5.update(data); md5.hexDigest  // "d41d8cd9…" for ""
public struct MD5 {
    private var a0: UInt32 = 0x6745_2301, b0: UInt32 = 0xefcd_ab89
    private var c0: UInt32 = 0x98ba_dcfe, d0: UInt32 = 0x1032_5476
    private var pending = [UInt8](repeating: 0, count: 64)
    private var pendingCount = 0
    private var totalBytes: UInt64 = 0

    public init() {}

    /// The hex digest of `data` in one call.
    public static func hex(_ data: Data) -> String {
        var md5 = MD5()
        md5.update(data)
        return md5.hexDigest
    }

    /// The hex digest of a file, read in memory-mapped form.
    public static func hex(fileAt url: URL) throws -> String {
        hex(try Data(contentsOf: url, options: .alwaysMapped))
    }

    public mutating func update(_ data: Data) {
        data.withUnsafeBytes { update(UnsafeRawBufferPointer($0)) }
    }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var p = bytes.baseAddress else { return }
        var n = bytes.count
        totalBytes &+= UInt64(n)
        if pendingCount > 0 {
            let take = min(64 - pendingCount, n)
            pending.withUnsafeMutableBytes { ($0.baseAddress! + pendingCount).copyMemory(from: p, byteCount: take) }
            pendingCount += take; p += take; n -= take
            if pendingCount == 64 {
                pending.withUnsafeBytes { compress($0.baseAddress!) }
                pendingCount = 0
            }
        }
        while n >= 64 {
            compress(p)
            p += 64; n -= 64
        }
        if n > 0 {
            pending.withUnsafeMutableBytes { $0.baseAddress!.copyMemory(from: p, byteCount: n) }
            pendingCount = n
        }
    }

    /// The 16-byte digest (the state is not changed: more data may follow).
    public var digest: [UInt8] {
        var copy = self
        let bitLength = totalBytes &* 8
        var tail: [UInt8] = [0x80] + [UInt8](repeating: 0, count: (55 &- pendingCount) & 63)
        for i in 0..<8 { tail.append(UInt8(truncatingIfNeeded: bitLength >> (8 * UInt64(i)))) }
        tail.withUnsafeBytes { copy.update($0) }
        var out: [UInt8] = []
        for word in [copy.a0, copy.b0, copy.c0, copy.d0] {
            for i in 0..<4 { out.append(UInt8(truncatingIfNeeded: word >> (8 * UInt32(i)))) }
        }
        return out
    }

    public var hexDigest: String {
        digest.map { String(format: "%02x", $0) }.joined()
    }

    private static let shifts: [UInt32] = [7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
                                           5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
                                           4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
                                           6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21]
    /// K[i] = floor(2^32 · |sin(i + 1)|).
    private static let constants: [UInt32] = (0..<64).map { UInt32(truncatingIfNeeded: Int64(abs(sin(Double($0 + 1))) * 4_294_967_296)) }

    /// One 64-byte block (RFC 1321 section 3.4).
    private mutating func compress(_ block: UnsafeRawPointer) {
        var m = (UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0),
                 UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0))
        withUnsafeMutableBytes(of: &m) { $0.copyMemory(from: UnsafeRawBufferPointer(start: block, count: 64)) }
        var a = a0, b = b0, c = c0, d = d0
        withUnsafeBytes(of: &m) { raw in
            let words = raw.bindMemory(to: UInt32.self)
            Self.shifts.withUnsafeBufferPointer { s in
                Self.constants.withUnsafeBufferPointer { k in
                    for i in 0..<64 {
                        var f: UInt32
                        let g: Int
                        switch i >> 4 {
                        case 0: f = (b & c) | (~b & d); g = i
                        case 1: f = (d & b) | (~d & c); g = (5 &* i &+ 1) & 15
                        case 2: f = b ^ c ^ d; g = (3 &* i &+ 5) & 15
                        default: f = c ^ (b | ~d); g = (7 &* i) & 15
                        }
                        f = f &+ a &+ k[i] &+ UInt32(littleEndian: words[g])
                        a = d; d = c; c = b
                        b = b &+ (f << s[i] | f >> (32 - s[i]))
                    }
                }
            }
        }
        a0 = a0 &+ a; b0 = b0 &+ b; c0 = c0 &+ c; d0 = d0 &+ d
    }
}
