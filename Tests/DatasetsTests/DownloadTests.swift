import Datasets
import Foundation
import XCTest

/// `FashionMNIST.download` against a local server that serves small fixture files
/// whose MD5s are swapped in for the official ones.
final class DownloadTests: XCTestCase {
    var savedMD5: [String: String] = [:]
    var files: [String: Data] = [:]
    var server: TinyHTTPServer?

    override func setUpWithError() throws {
        savedMD5 = FashionMNIST.expectedMD5
        let source = try Fixtures.temporaryDirectory("source")
        FashionMNIST.expectedMD5 = try Fixtures.writeFashionMNIST(to: source, trainCount: 20, testCount: 10)
        for name in FashionMNIST.allFiles { files[name] = try Data(contentsOf: source.appendingPathComponent(name)) }
        ChecksumCache.fileURL = try Fixtures.temporaryDirectory("cache").appendingPathComponent("md5.tsv")
    }

    override func tearDown() {
        server?.stop()
        FashionMNIST.expectedMD5 = savedMD5
        ChecksumCache.fileURL = nil
    }

    func startServer(_ override: [String: TinyHTTPServer.Response] = [:]) throws -> URL {
        var routes: [String: TinyHTTPServer.Response] = [:]
        for (name, data) in files { routes["/data/" + name] = .ok(data) }
        for (name, response) in override { routes["/data/" + name] = response }
        do {
            server = try TinyHTTPServer(routes: routes)
        } catch {
            throw XCTSkip("cannot listen on 127.0.0.1 here: \(error)")
        }
        return server!.baseURL
    }

    func contents(of directory: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    }

    func testDownloadsVerifiesAndLoads() throws {
        let base = try startServer()
        let target = try Fixtures.temporaryDirectory("target").appendingPathComponent("fashion-mnist")
        var log: [String] = []
        let urls = try FashionMNIST.download(to: target, baseURL: base, timeout: 5) { log.append($0) }
        XCTAssertEqual(urls.map(\.lastPathComponent), FashionMNIST.allFiles)
        XCTAssertEqual(try contents(of: target), FashionMNIST.allFiles.sorted(), "no temporary files left")
        for name in FashionMNIST.allFiles {
            XCTAssertEqual(try Data(contentsOf: target.appendingPathComponent(name)), files[name])
        }
        XCTAssertEqual(try FashionMNIST(train: true, dataDirectory: target).count, 20)
        XCTAssertEqual(try FashionMNIST(train: false, dataDirectory: target).count, 10)
        // A second call keeps the verified files and fetches nothing.
        let before = server!.requests.count
        try FashionMNIST.download(to: target, baseURL: base, timeout: 5)
        XCTAssertEqual(server!.requests.count, before)
        XCTAssertTrue(log.contains { $0.contains("MD5 verified") })
    }

    func testCorruptedDownloadLeavesNoFileAndNamesIt() throws {
        var corrupted = files["t10k-images-idx3-ubyte.gz"]!
        corrupted[corrupted.count / 2] ^= 0xFF
        let base = try startServer(["t10k-images-idx3-ubyte.gz": .ok(corrupted)])
        let target = try Fixtures.temporaryDirectory("target")
        XCTAssertThrowsError(try FashionMNIST.download(to: target, baseURL: base, timeout: 5)) { error in
            let message = "\(error)"
            XCTAssertEqual((error as? DataError)?.kind, .download)
            XCTAssertTrue(message.contains("t10k-images-idx3-ubyte.gz") && message.contains("MD5"), message)
        }
        XCTAssertEqual(try contents(of: target), ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"],
                       "the good files before it are kept, the bad one and temporary files are not")
    }

    func testHTTPErrorsAndCutTransfers() throws {
        let labels = files["train-labels-idx1-ubyte.gz"]!
        let cut = labels.prefix(labels.count / 2)
        let base = try startServer(["train-labels-idx1-ubyte.gz": .truncated(cut, announced: labels.count),
                                    "t10k-labels-idx1-ubyte.gz": .status(404)])
        let target = try Fixtures.temporaryDirectory("target")
        XCTAssertThrowsError(try FashionMNIST.download(to: target, baseURL: base, timeout: 5)) { error in
            let message = "\(error)"
            XCTAssertEqual((error as? DataError)?.kind, .download)
            XCTAssertTrue(message.contains("train-labels-idx1-ubyte.gz"), message)
        }
        XCTAssertEqual(try contents(of: target), ["train-images-idx3-ubyte.gz"])
        // With the labels served whole, the 404 is next.
        server?.stop()
        let base2 = try startServer(["t10k-labels-idx1-ubyte.gz": .status(404)])
        XCTAssertThrowsError(try FashionMNIST.download(to: target, baseURL: base2, timeout: 5)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("t10k-labels-idx1-ubyte.gz") && message.contains("HTTP 404"), message)
        }
        XCTAssertEqual(try contents(of: target).count, 3)
    }

    func testATricklingServerMeetsTheDeadlineInWords() throws {
        let labels = files["train-labels-idx1-ubyte.gz"]!
        let base = try startServer(["train-labels-idx1-ubyte.gz": .trickle(labels, every: 0.05)])
        let target = try Fixtures.temporaryDirectory("target")
        let started = Date()
        XCTAssertThrowsError(try FashionMNIST.download(to: target, baseURL: base, timeout: 5, deadline: 1)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("train-labels-idx1-ubyte.gz") && message.contains("timed out after 1 s"), message)
            XCTAssertFalse(message.contains("NSURLError") || message.contains("error -"), message)
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 4, "the deadline, not the idle timeout, ended it")
        XCTAssertEqual(try contents(of: target), ["train-images-idx3-ubyte.gz"], "no partial file, no temporary file")
    }

    func testAServerSendingMoreThanTheFileCanBeIsStopped() throws {
        let saved = FashionMNIST.maxDownloadBytes
        defer { FashionMNIST.maxDownloadBytes = saved }
        FashionMNIST.maxDownloadBytes = 1000
        let big = Data(repeating: 0x42, count: 50_000)
        // Announced in the Content-Length, and not announced at all.
        for response in [TinyHTTPServer.Response.ok(big), .unannounced(big)] {
            server?.stop()
            let base = try startServer(["train-images-idx3-ubyte.gz": response])
            let target = try Fixtures.temporaryDirectory("target")
            XCTAssertThrowsError(try FashionMNIST.download(to: target, baseURL: base, timeout: 5)) { error in
                let message = "\(error)"
                XCTAssertTrue(message.contains("the server sent more than 1000 bytes"), message)
            }
            XCTAssertEqual(try contents(of: target), [])
        }
    }

    func testARefusedConnectionIsSaidInWords() throws {
        // A port nobody listens on: bind one, close it, connect there.
        let closed = try TinyHTTPServer(routes: [:], lifetime: 0.1)
        let base = closed.baseURL
        closed.stop()
        Thread.sleep(forTimeInterval: 0.3)
        let target = try Fixtures.temporaryDirectory("target")
        XCTAssertThrowsError(try FashionMNIST.download(to: target, baseURL: base, timeout: 5)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("the server refused the connection"), message)
            XCTAssertFalse(message.contains("NSURLErrorDomain"), message)
        }
    }
}
