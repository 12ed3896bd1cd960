import Datasets
import Foundation
import XCTest

/// `AtomicFile`: what an interrupted run leaves is cleaned by the next, and
/// its errors read as sentences.
final class AtomicFileTests: XCTestCase {
    /// The id of a process that has exited (so no process has it, barring reuse).
    func deadPID() throws -> pid_t {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    func testTheNextWriteRemovesTemporariesOfDeadWriters() throws {
        let folder = try Fixtures.temporaryDirectory()
        let dead = try deadPID()
        let names = [".model.safetensors.\(dead)-12345.tmp",            // interrupted run: removed
                     ".model.safetensors.\(getppid())-7.tmp",           // a live writer: kept
                     ".notes.tmp", "model.\(dead)-1.tmp", "keep.txt"]   // not ours: kept
        for name in names { try Data("x".utf8).write(to: folder.appendingPathComponent(name)) }
        try AtomicFile.write("new", to: folder.appendingPathComponent("other.txt"))
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        XCTAssertEqual(left, (names.dropFirst() + ["other.txt"]).sorted())
    }

    func testWriteErrorsAreSentences() throws {
        let folder = try Fixtures.temporaryDirectory()
        let blocker = folder.appendingPathComponent("file")
        try Data().write(to: blocker)
        do {
            try AtomicFile.write("x", to: blocker.appendingPathComponent("inside.txt"))
            XCTFail("a file is not a folder")
        } catch {
            XCTAssertTrue(error.localizedDescription.hasPrefix("cannot write \(blocker.path)/inside.txt: "),
                          error.localizedDescription)
            XCTAssertFalse(error.localizedDescription.contains("error 1"), error.localizedDescription)
            XCTAssertTrue(error.localizedDescription.hasSuffix("cannot be created (File exists)"), error.localizedDescription)
        }
    }
}
