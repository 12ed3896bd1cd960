import Datasets
import Foundation
import XCTest

/// The MD5 verdict cache must not vouch for a file whose bytes changed, even
/// when its size and modification time were put back as they were.
final class ChecksumCacheTests: XCTestCase {
    var savedMD5: [String: String] = [:]

    override func setUpWithError() throws {
        savedMD5 = FashionMNIST.expectedMD5
        ChecksumCache.fileURL = try Fixtures.temporaryDirectory("cache").appendingPathComponent("md5.tsv")
    }

    override func tearDown() {
        FashionMNIST.expectedMD5 = savedMD5
        ChecksumCache.fileURL = nil
    }

    /// Overwrites one byte in place (same inode, same size: a byte of the gzip
    /// header's timestamp, so the file still unpacks), then sets the
    /// modification time back to the nanosecond, as `touch -r copy file` does.
    func alterInPlaceKeepingSizeAndMtime(_ url: URL) throws {
        var before = stat()
        XCTAssertEqual(stat(url.path, &before), 0)
        // File times come from a coarse clock: let it tick so the ctime differs.
        Thread.sleep(forTimeInterval: 0.05)
        let handle = try FileHandle(forUpdating: url)
        try handle.seek(toOffset: 5)
        let byte = try handle.read(upToCount: 1)![0]
        try handle.seek(toOffset: 5)
        try handle.write(contentsOf: [byte ^ 0xFF])
        try handle.close()
        var times = [before.st_atim, before.st_mtim]
        XCTAssertEqual(utimensat(AT_FDCWD, url.path, &times, 0), 0)
        var after = stat()
        XCTAssertEqual(stat(url.path, &after), 0)
        XCTAssertEqual([after.st_size, after.st_mtim.tv_sec, after.st_mtim.tv_nsec, Int(after.st_ino)],
                       [before.st_size, before.st_mtim.tv_sec, before.st_mtim.tv_nsec, Int(before.st_ino)])
    }

    func testAFileAlteredWithItsMtimeRestoredIsHashedAgain() throws {
        let dir = try Fixtures.temporaryDirectory()
        FashionMNIST.expectedMD5 = try Fixtures.writeFashionMNIST(to: dir)
        let images = dir.appendingPathComponent("train-images-idx3-ubyte.gz")
        XCTAssertNoThrow(try ChecksumCache.verify(images))   // the good verdict is cached
        try alterInPlaceKeepingSizeAndMtime(images)
        XCTAssertThrowsError(try ChecksumCache.verify(images)) { error in
            XCTAssertEqual((error as? DataError)?.kind, .checksumMismatch, "\(error)")
        }
    }

    func testAFileReplacedByAnotherInodeIsHashedAgain() throws {
        let dir = try Fixtures.temporaryDirectory()
        FashionMNIST.expectedMD5 = try Fixtures.writeFashionMNIST(to: dir)
        let labels = dir.appendingPathComponent("t10k-labels-idx1-ubyte.gz")
        XCTAssertNoThrow(try ChecksumCache.verify(labels))
        // Another file of the same size moved over it, its mtime set to the old one's.
        var old = stat()
        XCTAssertEqual(stat(labels.path, &old), 0)
        var bytes = try Data(contentsOf: labels)
        bytes[5] ^= 0x01
        let other = dir.appendingPathComponent("other")
        try bytes.write(to: other)
        var times = [old.st_atim, old.st_mtim]
        XCTAssertEqual(utimensat(AT_FDCWD, other.path, &times, 0), 0)
        XCTAssertEqual(rename(other.path, labels.path), 0)
        XCTAssertThrowsError(try ChecksumCache.verify(labels))
    }
}
