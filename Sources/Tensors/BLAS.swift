import CBLAS

/// Thin Swift wrappers over OpenBLAS.
public enum BLAS {
    /// C ← α·op(A)·op(B) + β·C for row-major matrices, where op(A) is m×k and
    /// op(B) is k×n. Transposes are passed to sgemm, never materialised.
    @inline(__always)
    public static func sgemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                             alpha: Float = 1, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                             beta: Float = 0, c: UnsafeMutablePointer<Float>) {
        guard m > 0 && n > 0 else { return }
        withThreadPolicy(multiplyAdds: m * n * k) {
            cblas_sgemm(CblasRowMajor,
                        transposeA ? CblasTrans : CblasNoTrans,
                        transposeB ? CblasTrans : CblasNoTrans,
                        Int32(m), Int32(n), Int32(k), alpha,
                        a, Int32(transposeA ? m : k),
                        b, Int32(transposeB ? k : n),
                        beta, c, Int32(n))
        }
    }

    /// The name of the kernel set OpenBLAS chose for this CPU, e.g. "Haswell".
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// OpenBLAS's build configuration string.
    public static var config: String {
        guard let c = openblas_get_config() else { return "unknown" }
        return String(cString: c)
    }

    /// The threads OpenBLAS splits a large product over (`OPENBLAS_NUM_THREADS`).
    public static var threadCount: Int { Int(openblas_get_num_threads()) }

    public static func setThreadCount(_ n: Int) { openblas_set_num_threads(Int32(n)) }
}
