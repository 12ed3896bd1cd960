import Datasets
import Foundation
import Tensors
import XCTest

/// FashionMNIST on fixture files made in code, with their MD5s swapped in for
/// the official ones, and (when installed) on the real Debian files.
final class FashionMNISTTests: XCTestCase {
    var savedMD5: [String: String] = [:]
    let savedContentMD5 = FashionMNIST.expectedContentMD5
    var savedDebian = FashionMNIST.debianDirectory
    var savedEnv: String?
    var cacheFile: URL!

    override func setUpWithError() throws {
        savedMD5 = FashionMNIST.expectedMD5
        savedDebian = FashionMNIST.debianDirectory
        savedEnv = ProcessInfo.processInfo.environment["FASHION_MNIST_DIR"]
        unsetenv("FASHION_MNIST_DIR")
        cacheFile = try Fixtures.temporaryDirectory("cache").appendingPathComponent("fcnn-course/md5-cache.tsv")
        ChecksumCache.fileURL = cacheFile
    }

    override func tearDown() {
        FashionMNIST.expectedMD5 = savedMD5
        FashionMNIST.debianDirectory = savedDebian
        if let savedEnv { setenv("FASHION_MNIST_DIR", savedEnv, 1) } else { unsetenv("FASHION_MNIST_DIR") }
        ChecksumCache.fileURL = nil
    }

    func testLoadsFixtureFilesAndCachesTheChecksums() throws {
        let dir = try Fixtures.temporaryDirectory()
        FashionMNIST.expectedMD5 = try Fixtures.writeFashionMNIST(to: dir)
        let train = try FashionMNIST(train: true, dataDirectory: dir)
        XCTAssertEqual(train.count, 12)
        XCTAssertEqual(train.directory, dir)
        XCTAssertEqual(train.labels, (0..<12).map { $0 % 10 })
        XCTAssertEqual(train.pixels, Fixtures.pixels(count: 12))
        let (image, label) = train[3]
        XCTAssertEqual(label, 3)
        XCTAssertEqual(image.shape, [1, 28, 28])
        XCTAssertEqual(image[0, 0, 5], Float(3 * 7 + 5) / 255, accuracy: 1e-6)
        XCTAssertEqual(try FashionMNIST(train: false, dataDirectory: dir).count, 5)

        // The verdicts were cached: one line per file, keyed by path, inode, size, mtime and ctime.
        let lines = try String(contentsOf: cacheFile, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 4)
        XCTAssertTrue(lines.allSatisfy { $0.split(separator: "\t").count == 7 })
        // The cache is what is consulted: a poisoned entry for the unchanged file is believed.
        let poisoned = lines.map { $0.replacingOccurrences(of: FashionMNIST.expectedMD5["train-labels-idx1-ubyte.gz"]!,
                                                           with: String(repeating: "0", count: 32)) }
        try (poisoned.joined(separator: "\n") + "\n").write(to: cacheFile, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try FashionMNIST(train: true, dataDirectory: dir)) { error in
            XCTAssertEqual((error as? DataError)?.kind, .checksumMismatch)
        }
        XCTAssertNoThrow(try FashionMNIST(train: true, dataDirectory: dir, verifyChecksums: false))
    }

    func testAlteredFileFailsTheChecksumAndNamesIt() throws {
        let dir = try Fixtures.temporaryDirectory()
        FashionMNIST.expectedMD5 = try Fixtures.writeFashionMNIST(to: dir)
        let labels = dir.appendingPathComponent("t10k-labels-idx1-ubyte.gz")
        _ = try FashionMNIST(train: false, dataDirectory: dir)   // cache the good verdict
        // Same size, other contents: rewrite with a different label.
        try IDX.write(dimensions: [5], bytes: [1, 1, 2, 3, 4], to: labels, gzip: true)
        XCTAssertThrowsError(try FashionMNIST(train: false, dataDirectory: dir)) { error in
            let e = error as? DataError
            XCTAssertEqual(e?.kind, .checksumMismatch)
            XCTAssertEqual(e?.file?.lastPathComponent, "t10k-labels-idx1-ubyte.gz")
            XCTAssertTrue("\(error)".contains(labels.path), "\(error)")
        }
    }

    /// A recompressed copy (other gzip header, same data) passes on the MD5 of its
    /// contents, as Debian's files do; a plain (gunzip'd) file too.
    func testRecompressedAndUncompressedCopiesPassOnTheirContents() throws {
        let dir = try Fixtures.temporaryDirectory()
        try Fixtures.writeFashionMNIST(to: dir, trainCount: 6)
        var contents: [String: String] = [:]
        for name in ["train-images-idx3-ubyte", "train-labels-idx1-ubyte"] {
            contents[name] = try ChecksumCache.md5OfContents(dir.appendingPathComponent(name + ".gz"))
        }
        FashionMNIST.expectedMD5 = ["train-images-idx3-ubyte.gz": String(repeating: "a", count: 32),
                                    "train-labels-idx1-ubyte.gz": String(repeating: "b", count: 32)]
        FashionMNIST.expectedContentMD5 = contents
        defer { FashionMNIST.expectedContentMD5 = savedContentMD5 }
        XCTAssertEqual(try FashionMNIST(train: true, dataDirectory: dir).count, 6)
        // The contents digest agrees with hashing the uncompressed file directly.
        let raw = try Fixtures.temporaryDirectory("raw")
        try IDX.write(dimensions: [6], bytes: Fixtures.labels(count: 6),
                      to: raw.appendingPathComponent("train-labels-idx1-ubyte"), gzip: false)
        try IDX.write(dimensions: [6, 28, 28], bytes: Fixtures.pixels(count: 6),
                      to: raw.appendingPathComponent("train-images-idx3-ubyte"), gzip: false)
        XCTAssertEqual(try MD5.hex(fileAt: raw.appendingPathComponent("train-labels-idx1-ubyte")),
                       contents["train-labels-idx1-ubyte"])
        XCTAssertEqual(try FashionMNIST(train: true, dataDirectory: raw).pixels, Fixtures.pixels(count: 6))
        FashionMNIST.expectedContentMD5["train-labels-idx1-ubyte"] = String(repeating: "c", count: 32)
        XCTAssertThrowsError(try FashionMNIST(train: true, dataDirectory: dir)) { error in
            XCTAssertTrue("\(error)".contains("uncompressed contents"), "\(error)")
        }
    }

    func testUnwritableCacheIsNotAnError() throws {
        ChecksumCache.fileURL = URL(fileURLWithPath: "/proc/no-such-dir/cache.tsv")
        let dir = try Fixtures.temporaryDirectory()
        FashionMNIST.expectedMD5 = try Fixtures.writeFashionMNIST(to: dir)
        XCTAssertEqual(try FashionMNIST(train: true, dataDirectory: dir).count, 12)
    }

    func testMismatchedOrBadFilesAreRejected() throws {
        let dir = try Fixtures.temporaryDirectory()
        try Fixtures.writeFashionMNIST(to: dir, trainCount: 12)
        try IDX.write(dimensions: [11], bytes: Fixtures.labels(count: 11),
                      to: dir.appendingPathComponent("train-labels-idx1-ubyte.gz"), gzip: true)
        XCTAssertThrowsError(try FashionMNIST(train: true, dataDirectory: dir, verifyChecksums: false)) { error in
            XCTAssertTrue("\(error)".contains("11 labels") && "\(error)".contains("12 images"), "\(error)")
        }
        try IDX.write(dimensions: [12], bytes: [UInt8](repeating: 12, count: 12),
                      to: dir.appendingPathComponent("train-labels-idx1-ubyte.gz"), gzip: true)
        XCTAssertThrowsError(try FashionMNIST(train: true, dataDirectory: dir, verifyChecksums: false)) { error in
            XCTAssertTrue("\(error)".contains("label 12"), "\(error)")
        }
    }

    func testSearchOrderAndMissingDataMessage() throws {
        let explicit = try Fixtures.temporaryDirectory("explicit"), fromEnv = try Fixtures.temporaryDirectory("env")
        let empty = try Fixtures.temporaryDirectory("empty")
        try Fixtures.writeFashionMNIST(to: explicit, trainCount: 3)
        try Fixtures.writeFashionMNIST(to: fromEnv, trainCount: 4)
        FashionMNIST.debianDirectory = empty
        setenv("FASHION_MNIST_DIR", fromEnv.path, 1)
        XCTAssertEqual(try FashionMNIST.locate(train: true, dataDirectory: explicit).path, explicit.path)
        XCTAssertEqual(try FashionMNIST(train: true, dataDirectory: nil, verifyChecksums: false).count, 4)
        XCTAssertThrowsError(try FashionMNIST.locate(train: true, dataDirectory: empty), "an explicit folder never falls through") {
            XCTAssertTrue("\($0)".contains("--data-dir \(empty.path)"), "\($0)")
        }
        // FASHION_MNIST_DIR set to a folder without the data refuses too, naming the variable.
        setenv("FASHION_MNIST_DIR", empty.path, 1)
        FashionMNIST.debianDirectory = fromEnv
        XCTAssertThrowsError(try FashionMNIST.locate(train: true), "FASHION_MNIST_DIR never falls through") {
            XCTAssertTrue("\($0)".contains("FASHION_MNIST_DIR=\(empty.path)"), "\($0)")
            XCTAssertTrue("\($0)".contains("unset FASHION_MNIST_DIR"), "\($0)")
        }
        XCTAssertEqual(try FashionMNIST.locate(train: true, dataDirectory: explicit).path, explicit.path,
                       "--data-dir still wins over the variable")
        FashionMNIST.debianDirectory = empty
        unsetenv("FASHION_MNIST_DIR")
        XCTAssertThrowsError(try FashionMNIST(train: false, dataDirectory: nil)) { error in
            let message = "\(error)"
            XCTAssertEqual((error as? DataError)?.kind, .missingData)
            XCTAssertTrue(message.contains("sudo apt-get install dataset-fashion-mnist"), message)
            XCTAssertTrue(message.contains("--download"), message)
            XCTAssertTrue(message.contains(empty.path) && message.contains("t10k-images-idx3-ubyte.gz"), message)
        }
    }

    func testClassNames() {
        XCTAssertEqual(FashionMNIST.classNames.count, 10)
        XCTAssertEqual(FashionMNIST.classNames[9], "Ankle boot")
        XCTAssertEqual(FashionMNIST.classNames(russian: true)[0], "Футболка/топ")
        XCTAssertEqual(FashionMNIST.russianClassNames[9], "Ботильоны")
    }

    // MARK: The real data set

    func testRealFashionMNIST() throws {
        FashionMNIST.debianDirectory = savedDebian
        guard FileManager.default.fileExists(atPath: savedDebian.appendingPathComponent("train-images-idx3-ubyte.gz").path)
        else { throw XCTSkip("Fashion-MNIST is not installed (\(FashionMNIST.installCommand))") }
        // Checks the official MD5s for real (fresh cache), then reads from the cache.
        let train = try FashionMNIST(train: true, dataDirectory: savedDebian)
        let test = try FashionMNIST(train: false, dataDirectory: savedDebian)
        XCTAssertEqual(train.count, 60_000)
        XCTAssertEqual(test.count, 10_000)
        XCTAssertEqual(train.pixels.count, 60_000 * 28 * 28)
        XCTAssertEqual(train.label(at: 0), 9, "the first training image is an ankle boot")
        XCTAssertEqual(FashionMNIST.classNames[train.label(at: 0)], "Ankle boot")
        var histogram = [Int](repeating: 0, count: 10)
        for label in train.labels { histogram[label] += 1 }
        XCTAssertEqual(histogram, [Int](repeating: 6000, count: 10))
        histogram = [Int](repeating: 0, count: 10)
        for label in test.labels { histogram[label] += 1 }
        XCTAssertEqual(histogram, [Int](repeating: 1000, count: 10))
        XCTAssertTrue(FileManager.default.fileExists(atPath: cacheFile.path))
        XCTAssertNoThrow(try FashionMNIST(train: true, dataDirectory: savedDebian))
        // The training mean that Normalize is usually given, through the loader.
        var sum: Double = 0
        for batch in DataLoader(train, batchSize: 10_000) { sum += Double(batch.images.sum().item()) }
        XCTAssertEqual(sum / Double(60_000 * 784), 0.2860, accuracy: 0.0005)
    }
}
