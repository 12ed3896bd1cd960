import Foundation
import XCTest
@testable import TerminalImages

final class FramingTests: XCTestCase {
    private let esc = "\u{1B}"

    private func bytes(_ count: Int) -> [UInt8] {
        var state: UInt32 = 12345
        return (0..<count).map { _ in state = state &* 1_103_515_245 &+ 12345; return UInt8(truncatingIfNeeded: state >> 16) }
    }

    /// The kitty sequences as (keys, payload) pairs; fails the test when one is not framed as ESC _ G … ; … ESC \.
    private func kittyChunks(_ text: String) -> [(keys: String, payload: String)] {
        var chunks: [(String, String)] = []
        for part in text.components(separatedBy: esc + "\\").dropLast() {
            guard part.hasPrefix(esc + "_G"), let semicolon = part.firstIndex(of: ";") else {
                XCTFail("not a kitty graphics sequence: \(part.prefix(40))")
                continue
            }
            chunks.append((String(part[part.index(part.startIndex, offsetBy: 3)..<semicolon]),
                           String(part[part.index(after: semicolon)...])))
        }
        XCTAssertTrue(text.hasSuffix(esc + "\\"))
        return chunks
    }

    func testKittyChunksAreAtMost4096WithMoreFlagOnAllButTheLast() {
        let png = bytes(10_000)  // 13,336 base64 bytes: 4096 + 4096 + 4096 + 1048
        let chunks = kittyChunks(InlineImageFraming.kitty(png: png))
        XCTAssertEqual(chunks.map(\.payload.count), [4096, 4096, 4096, 1048])
        XCTAssertEqual(chunks.map(\.keys), ["a=T,f=100,q=2,m=1", "m=1", "m=1", "m=0"])
        XCTAssertEqual(Data(base64Encoded: chunks.map(\.payload).joined()).map(Array.init), png,
                       "the payload is the exact PNG bytes")
    }

    func testKittyPayloadOfExactlyOneChunkIsFinal() {
        let png = bytes(3072)  // exactly 4096 base64 bytes: no empty trailing chunk
        let chunks = kittyChunks(InlineImageFraming.kitty(png: png))
        XCTAssertEqual(chunks.map(\.keys), ["a=T,f=100,q=2,m=0"])
        XCTAssertEqual(chunks.map(\.payload.count), [4096])
        XCTAssertEqual(kittyChunks(InlineImageFraming.kitty(png: bytes(3073))).map(\.keys),
                       ["a=T,f=100,q=2,m=1", "m=0"])
    }

    func testITermCarriesTheExactBytesWithTheirSize() {
        let png = bytes(5000)
        let text = InlineImageFraming.iterm(png: png, columns: 64)
        let head = esc + "]1337;File=inline=1;size=5000;width=64;preserveAspectRatio=1:"
        XCTAssertTrue(text.hasPrefix(head), text.prefix(80).debugDescription)
        XCTAssertTrue(text.hasSuffix("\u{07}"))
        let payload = text.dropFirst(head.count).dropLast()
        XCTAssertEqual(Data(base64Encoded: String(payload)).map(Array.init), png)
    }

    func testTmuxPassthroughDoublesEveryEscapeInside() {
        let inner = esc + "_Gm=0;QUJD" + esc + "\\"
        let wrapped = InlineImageFraming.tmuxPassthrough(inner)
        XCTAssertEqual(wrapped, esc + "Ptmux;" + esc + esc + "_Gm=0;QUJD" + esc + esc + "\\" + esc + "\\")
    }

    func testTmuxWrapsEachKittyChunkOnItsOwn() {
        let kitty = InlineImageFraming.kitty(png: bytes(10_000))
        let wrapped = InlineImageFraming.tmuxPassthroughEach(kitty)
        let wrappers = wrapped.components(separatedBy: esc + "Ptmux;").dropFirst()
        XCTAssertEqual(wrappers.count, 4)
        for wrapper in wrappers {
            XCTAssertTrue(wrapper.hasSuffix(esc + esc + "\\" + esc + "\\"), "each chunk ends its own wrapper")
        }
        let unwrapped = wrappers.map { String($0.dropLast(2)).replacingOccurrences(of: esc + esc, with: esc) }.joined()
        XCTAssertEqual(unwrapped, kitty)
    }

    func testPNGSizeIsReadFromTheHeader() {
        var header: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]
        header += Array("IHDR".utf8) + [0, 0, 4, 0x60, 0, 0, 2, 0x30]
        XCTAssertEqual(InlineImage.pngSize(header).map { [$0.width, $0.height] }, [1120, 560])
        XCTAssertNil(InlineImage.pngSize(Array("png".utf8)))
    }
}
