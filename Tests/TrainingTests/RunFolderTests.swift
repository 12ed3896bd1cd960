import Foundation
import XCTest
@testable import Training

/// Versioned run folders: a new run never reuses, and so never overwrites, an earlier one.
final class RunFolderTests: XCTestCase {
    var scratch: URL!

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("run-folder-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: scratch) }

    func testEachRunGetsTheNextVersionAndLeavesEarlierOnesAlone() throws {
        let first = try LogDirectory.createNextVersion(saveDir: scratch, name: "sgd")
        let kept = scratch.appendingPathComponent("sgd/version_\(first)/metrics.csv")
        try Data("epoch\n".utf8).write(to: kept)
        let second = try LogDirectory.createNextVersion(saveDir: scratch, name: "sgd")
        XCTAssertEqual([first, second], [0, 1])
        XCTAssertEqual(try String(contentsOf: kept, encoding: .utf8), "epoch\n")
        // A gap (version_5 made by hand) is skipped over, as Lightning does.
        try FileManager.default.createDirectory(at: scratch.appendingPathComponent("sgd/version_5"), withIntermediateDirectories: true)
        XCTAssertEqual(try LogDirectory.createNextVersion(saveDir: scratch, name: "sgd"), 6)
        XCTAssertEqual(try LogDirectory.createNextVersion(saveDir: scratch, name: ""), 0)
    }

    /// What two runs started together meet: the version a run chose was created by the
    /// other one in between. The run takes the next number instead of sharing the folder.
    func testAVersionTakenAfterTheLookIsSkipped() throws {
        XCTAssertEqual(try LogDirectory.createNextVersion(saveDir: scratch, name: "sgd"), 0)
        let base = scratch.appendingPathComponent("sgd")
        XCTAssertEqual(try LogDirectory.createVersion(in: base, from: 0), 1)
        XCTAssertEqual(try LogDirectory.createVersion(in: base, from: 0), 2)
    }

    func testRunsStartedTogetherGetDifferentFolders() throws {
        let count = 8
        let lock = NSLock()
        var versions: [Int] = [], failures: [String] = []
        DispatchQueue.concurrentPerform(iterations: count) { _ in
            do {
                let v = try LogDirectory.createNextVersion(saveDir: scratch, name: "race")
                lock.lock(); versions.append(v); lock.unlock()
            } catch {
                lock.lock(); failures.append("\(error)"); lock.unlock()
            }
        }
        XCTAssertEqual(failures, [])
        XCTAssertEqual(versions.sorted(), Array(0..<count))
    }

    func testAnUnwritableFolderIsNamedInTheError() throws {
        let file = scratch.appendingPathComponent("a-file")
        try Data().write(to: file)
        XCTAssertThrowsError(try LogDirectory.createNextVersion(saveDir: file, name: "sgd")) { error in
            XCTAssertTrue("\(error)".contains(file.path), "\(error)")
        }
    }
}
