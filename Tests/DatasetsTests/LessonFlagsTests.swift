import Datasets
import Foundation
import XCTest

/// `FashionMNIST.splits(dataDirectory:download:)`: the lessons' `--data-dir` and `--download`.
final class LessonFlagsTests: XCTestCase {
    var savedMD5: [String: String] = [:]
    var savedDebian = FashionMNIST.debianDirectory
    var savedEnv: String?
    var server: TinyHTTPServer?

    override func setUpWithError() throws {
        savedMD5 = FashionMNIST.expectedMD5
        savedDebian = FashionMNIST.debianDirectory
        savedEnv = ProcessInfo.processInfo.environment["FASHION_MNIST_DIR"]
        unsetenv("FASHION_MNIST_DIR")
        ChecksumCache.fileURL = try Fixtures.temporaryDirectory("cache").appendingPathComponent("md5.tsv")
    }

    override func tearDown() {
        server?.stop()
        FashionMNIST.expectedMD5 = savedMD5
        FashionMNIST.debianDirectory = savedDebian
        if let savedEnv { setenv("FASHION_MNIST_DIR", savedEnv, 1) } else { unsetenv("FASHION_MNIST_DIR") }
        ChecksumCache.fileURL = nil
    }

    func testDataDirectoryIsUsedAndOnlyIt() throws {
        let folder = try Fixtures.temporaryDirectory("given")
        FashionMNIST.expectedMD5 = try Fixtures.writeFashionMNIST(to: folder, trainCount: 14, testCount: 6)
        let (train, test) = try FashionMNIST.splits(dataDirectory: folder.path, download: false)
        XCTAssertEqual(train.count, 14)
        XCTAssertEqual(test.count, 6)
        XCTAssertEqual(train.directory.standardizedFileURL.path, folder.standardizedFileURL.path)
        XCTAssertNil(try FashionMNIST.prepareDirectory(dataDirectory: "", download: false))

        let empty = try Fixtures.temporaryDirectory("empty")
        XCTAssertThrowsError(try FashionMNIST.splits(dataDirectory: empty.path, download: false)) { error in
            XCTAssertEqual((error as? DataError)?.kind, .missingData)
            XCTAssertTrue("\(error)".contains(empty.path), "\(error)")
        }
    }

    func testMissingEverywhereNamesTheInstallCommandAndDownload() throws {
        let empty = try Fixtures.temporaryDirectory("nowhere")
        FashionMNIST.debianDirectory = empty
        let cwd = FileManager.default.currentDirectoryPath
        _ = FileManager.default.changeCurrentDirectoryPath(empty.path)
        defer { _ = FileManager.default.changeCurrentDirectoryPath(cwd) }
        XCTAssertThrowsError(try FashionMNIST.splits(dataDirectory: "", download: false)) { error in
            let message = "\(error)"
            XCTAssertEqual((error as? DataError)?.kind, .missingData)
            XCTAssertTrue(message.contains(FashionMNIST.installCommand), message)
            XCTAssertTrue(message.contains("--download"), message)
        }
    }

    func testDownloadFetchesIntoTheGivenFolderThenLoadsFromIt() throws {
        let source = try Fixtures.temporaryDirectory("source")
        FashionMNIST.expectedMD5 = try Fixtures.writeFashionMNIST(to: source, trainCount: 11, testCount: 3)
        var routes: [String: TinyHTTPServer.Response] = [:]
        for name in FashionMNIST.allFiles {
            routes["/data/" + name] = .ok(try Data(contentsOf: source.appendingPathComponent(name)))
        }
        do { server = try TinyHTTPServer(routes: routes) } catch { throw XCTSkip("cannot listen on 127.0.0.1: \(error)") }
        let target = try Fixtures.temporaryDirectory("target").appendingPathComponent("fashion-mnist")
        var log: [String] = []
        let (train, test) = try FashionMNIST.splits(dataDirectory: target.path, download: true,
                                                    baseURL: server!.baseURL) { log.append($0) }
        XCTAssertEqual(train.count, 11)
        XCTAssertEqual(test.count, 3)
        XCTAssertEqual(train.directory.standardizedFileURL.path, target.standardizedFileURL.path)
        XCTAssertTrue(log.first?.contains(target.path) ?? false, "\(log)")
        XCTAssertEqual(server!.requests.count, 4)
    }
}
