import Foundation

/// Runs a mistake that ends the process (see `usageFailure` in Tensors) in a
/// child process, so a test can check its exit code and message: the test
/// binary runs again with only the calling test selected and an environment
/// variable that tells it to run the mistake instead of spawning.
///
///     func testLinearShapes() throws {
///         let result = try UsageFailureProcess.run(self) { _ = Tensor.linear(x, weight: w, bias: nil) }
///         XCTAssertEqual(result?.status, 1)
///     }
public enum UsageFailureProcess {
    public struct Result {
        public let status: Int32
        /// Whether the child ended by exiting (not by a signal such as SIGILL).
        public let exited: Bool
        public let stdout: String
        public let stderr: String
    }

    static let variable = "USAGE_FAILURE_TEST"

    /// In the parent: the child's result. In the child: runs `mistake`, and when it
    /// returns (the mistake was not caught) exits with 99. `test` is the XCTestCase.
    public static func run(_ test: AnyObject, function: String = #function, arguments: [String] = [],
                           _ mistake: () -> Void) throws -> Result {
        let className = String(reflecting: type(of: test))
        let name = "\(className)/\(function.replacingOccurrences(of: "()", with: ""))"
        let environment = ProcessInfo.processInfo.environment
        if environment[variable] == name {
            mistake()
            FileHandle.standardError.write(Data("the mistake did not stop the process\n".utf8))
            exit(99)
        }
        var childEnvironment = environment
        childEnvironment[variable] = name
        childEnvironment["NO_COLOR"] = "1"
        let child = try Subprocess.run(URL(fileURLWithPath: CommandLine.arguments[0]), [name] + arguments,
                                       environment: childEnvironment)
        return Result(status: child.status, exited: child.exited, stdout: child.stdout, stderr: child.stderr)
    }
}
