import Foundation

extension Lesson {
    /// A wall-clock duration for the reader, e.g. "12.3 s". With `--no-timings` it is "—":
    /// times differ from run to run, and a document made twice with one seed must not.
    public func seconds(_ seconds: Double, decimals: Int = 1) -> String {
        showsTimings ? String(format: "%.\(decimals)f s", seconds) : "—"
    }
}
