import Foundation

/// Makes sure OpenBLAS runs its fast kernels on this CPU.
///
/// Debian's OpenBLAS 0.3.21 does not recognise some newer CPUs and falls back
/// to its generic SSE3 "Prescott" kernels, ~5x slower for sgemm. The kernel set
/// is chosen when the library loads, so the only fix is an environment variable
/// set before the process starts: `OPENBLAS_CORETYPE`. `ensureFastCore()`
/// re-executes the process once with it set when (and only when) OpenBLAS chose
/// a generic core, the CPU has AVX2, and the user has not set the variable.
public enum OpenBLASCore {
    /// What happened at start-up, for `--verbose`.
    public private(set) static var report: [String] = []

    static let genericCores: Set<String> = ["prescott", "core2", "penryn", "dunnington", "nehalem",
                                            "atom", "katmai", "coppermine", "northwood", "banias",
                                            "athlon", "opteron", "opteron_sse3", "barcelona", "generic", "unknown"]
    static let reexecMarker = "FCNN_OPENBLAS_REEXEC"

    /// What to do at start-up, decided from facts alone so it can be tested.
    public enum Decision: Equatable {
        /// Leave the library as it loaded, with the reason for `--verbose`.
        case keep(String)
        /// Re-execute once with `OPENBLAS_CORETYPE` set to this core.
        case reexecute(core: String)
    }

    /// Re-execute only when OpenBLAS chose a generic core, the CPU can do
    /// better, the user has not set OPENBLAS_CORETYPE, and this process is not
    /// itself the result of a re-execution (so it can never loop).
    public static func decide(core: String, environment: [String: String], cpuFlags: Set<String>) -> Decision {
        if let marker = environment[reexecMarker] {
            return .keep("re-executed with OPENBLAS_CORETYPE=\(environment["OPENBLAS_CORETYPE"] ?? "?") because the detected core was \(marker)")
        }
        if let userCore = environment["OPENBLAS_CORETYPE"] {
            return .keep("OPENBLAS_CORETYPE=\(userCore) set by the user; left as it is")
        }
        guard genericCores.contains(core.lowercased()) else { return .keep("\(core) is an optimised core; nothing to do") }
        guard let better = bestCore(cpuFlags: cpuFlags) else {
            return .keep("\(core) is generic, but this CPU has no AVX2: nothing faster to choose")
        }
        return .reexecute(core: better)
    }

    /// Call first thing in `main`. May not return (it replaces the process).
    public static func ensureFastCore() {
        let core = BLAS.coreName
        report.append("\(BLAS.config.split(separator: " ").prefix(2).joined(separator: " ")), core: \(core)")
        switch decide(core: core, environment: ProcessInfo.processInfo.environment, cpuFlags: cpuFlags()) {
        case .keep(let reason):
            report.append(reason)
        case .reexecute(let better):
            report.append("OpenBLAS chose a generic core (\(core)) but this CPU can run \(better) kernels; re-executing with OPENBLAS_CORETYPE=\(better)")
            reexec(with: ["OPENBLAS_CORETYPE": better, reexecMarker: core])
        }
        checkSgemm()
    }

    /// "SkylakeX" with AVX-512, "Haswell" with AVX2 and FMA, else nil.
    static func bestCore(cpuFlags flags: Set<String>) -> String? {
        if flags.isSuperset(of: ["avx512f", "avx512bw", "avx512vl", "avx512dq"]) { return "SkylakeX" }
        if flags.isSuperset(of: ["avx2", "fma"]) { return "Haswell" }
        return nil
    }

    /// The CPU's feature flags from /proc/cpuinfo (empty where it cannot be read).
    static func cpuFlags() -> Set<String> {
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let flagsLine = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return [] }
        return Set(flagsLine.split(separator: " ").map(String.init))
    }

    private static func reexec(with extra: [String: String]) {
        for (key, value) in extra { setenv(key, value, 1) }
        let args = CommandLine.arguments
        var cArgs = args.map { strdup($0) } + [nil]
        execv("/proc/self/exe", &cArgs)
        // exec failed: carry on with the slow core rather than not at all.
        for (key, _) in extra { unsetenv(key) }
        report.append("re-exec failed (\(String(cString: strerror(errno)))); continuing with the generic core")
    }

    /// A tiny sgemm against a naive product: a wrong kernel must fail loudly.
    static func checkSgemm() {
        let (m, n, k) = (7, 5, 9)
        let a = (0..<(m * k)).map { Float(($0 * 37) % 11) - 5 }
        let b = (0..<(k * n)).map { Float(($0 * 17) % 7) - 3 }
        var c = [Float](repeating: 0, count: m * n)
        BLAS.sgemm(transposeA: false, transposeB: false, m: m, n: n, k: k, a: a, b: b, c: &c)
        for i in 0..<m { for j in 0..<n {
            let expected = (0..<k).reduce(Float(0)) { $0 + a[i * k + $1] * b[$1 * n + j] }
            if c[i * n + j] != expected {
                fputs("error: OpenBLAS core \(BLAS.coreName) computes a wrong matrix product (\(c[i * n + j]) instead of \(expected)).\n"
                      + "Try: OPENBLAS_CORETYPE=Prescott \(CommandLine.arguments.joined(separator: " "))\n", stderr)
                exit(70)
            }
        } }
        report.append("sgemm self-check against a naive product: ok")
    }
}
