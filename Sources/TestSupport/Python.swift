import Foundation

/// The Python interpreter for the interoperability checks (Python's safetensors,
/// TensorBoard's reader, NumPy): `$PYTHON` when set (CI points it at its own
/// virtual environment), else `python3` on the PATH.
///
/// A check whose modules are missing is skipped on a developer's machine, but
/// must fail where `REQUIRE_PYTHON_CHECKS=1` (CI sets it): there, a skipped
/// check would hide that it never ran.
///
///     if let reason = Python.missing(["safetensors.numpy"]) {
///         if Python.checksRequired { return XCTFail(reason) }
///         throw XCTSkip(reason)
///     }
///     let result = try Python.run(script, arguments: [file.path])
public enum Python {
    static var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// The command that starts the interpreter.
    public static var command: [String] {
        if let python = environment["PYTHON"], !python.isEmpty { return [python] }
        return ["/usr/bin/env", "python3"]
    }

    /// True where a check that cannot run must fail instead of skipping.
    public static var checksRequired: Bool { environment["REQUIRE_PYTHON_CHECKS"] == "1" }

    /// Why the checks cannot run (no interpreter, or a module it cannot import), or nil.
    public static func missing(_ modules: [String]) -> String? {
        let shown = command.last!
        guard let result = try? run("import " + modules.joined(separator: ", "), arguments: []) else {
            return "\(shown) not found (set PYTHON to an interpreter)"
        }
        guard result.status == 0 else {
            let last = result.stderr.split(separator: "\n").last.map(String.init) ?? "exit \(result.status)"
            return "\(shown) cannot import \(modules.joined(separator: ", ")): \(last) "
                + "(pip install safetensors numpy tensorboard, or set PYTHON to a virtual environment's python)"
        }
        return nil
    }

    /// Runs `script` with `python -c`, returning its exit status and output.
    public static func run(_ script: String, arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let result = try Subprocess.run(URL(fileURLWithPath: command[0]), Array(command.dropFirst()) + ["-c", script] + arguments)
        return (result.status, result.stdout, result.stderr)
    }
}
