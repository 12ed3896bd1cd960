import Datasets
import Foundation
import XCTest

final class MD5Tests: XCTestCase {
    /// The test suite of RFC 1321, appendix A.5.
    func testRFC1321Vectors() {
        let vectors = [
            ("", "d41d8cd98f00b204e9800998ecf8427e"),
            ("a", "0cc175b9c0f1b6a831c399e269772661"),
            ("abc", "900150983cd24fb0d6963f7d28e17f72"),
            ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
            ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
            ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"),
            ("12345678901234567890123456789012345678901234567890123456789012345678901234567890",
             "57edf4a22be3c955ac49da2e2107b67a"),
        ]
        for (input, expected) in vectors {
            XCTAssertEqual(MD5.hex(Data(input.utf8)), expected, "MD5(\"\(input)\")")
        }
    }

    /// Feeding the data in odd-sized pieces gives the same digest as one call.
    func testIncrementalUpdatesMatchOneShot() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let whole = MD5.hex(Data(bytes))
        var md5 = MD5()
        var start = 0
        for size in [1, 63, 64, 65, 3, 200, 604] {
            bytes[start..<start + size].withUnsafeBytes { md5.update($0) }
            start += size
        }
        XCTAssertEqual(start, 1000)
        XCTAssertEqual(md5.hexDigest, whole)
        // Lengths around the 56-byte padding boundary.
        XCTAssertEqual(MD5.hex(Data(repeating: 0x61, count: 55)), "ef1772b6dff9a122358552954ad0df65")
        XCTAssertEqual(MD5.hex(Data(repeating: 0x61, count: 56)), "3b0c8ac703f828b04c6c197006d17218")
    }
}
