import Foundation
import XCTest

extension XCTestCase {
    /// Runs `mistake` in a child process (`UsageFailureProcess`) and checks the report
    /// every usage failure gives: exit 1 (not a signal), each of `texts`, no stack, and
    /// `line` of the calling test file as the line that made the call.
    ///
    ///     try expectUsageFailure(line: #line + 1, ["error: plot: x has 10 values but y has 9"]) {
    ///         Figure().ax.plot(x: ten, y: nine)
    ///     }
    public func expectUsageFailure(line: Int, _ texts: [String], function: String = #function,
                                   file: StaticString = #filePath, _ mistake: () -> Void) throws {
        let result = try UsageFailureProcess.run(self, function: function, mistake)
        let at = UInt(line)
        XCTAssertTrue(result.exited, "ended by a signal: \(result.stderr)", file: file, line: at)
        XCTAssertEqual(result.status, 1, result.stderr, file: file, line: at)
        for text in texts {
            XCTAssertTrue(result.stderr.contains(text), "lacks \(text):\n\(result.stderr)", file: file, line: at)
        }
        // The report names the file as the package does: Tests/<Target>/<File>.swift.
        let path = "\(file)", relative = path.range(of: "/Tests/", options: .backwards).map { String(path[$0.lowerBound...].dropFirst()) } ?? path
        XCTAssertTrue(result.stderr.contains("called at \(relative):\(line)\n"), "no calling line \(line):\n\(result.stderr)",
                      file: file, line: at)
        XCTAssertFalse(result.stderr.contains("stack:"), result.stderr, file: file, line: at)
    }
}
