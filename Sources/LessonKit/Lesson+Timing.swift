import Foundation

extension Lesson {
    /// A wall-clock duration for the reader in the run's language, e.g. "12.3 с" or "12.3 s"
    /// (a no-break space keeps the unit with its number). With `--no-timings` it is "—":
    /// times differ from run to run, and a document made twice with one seed must not.
    public func seconds(_ seconds: Double, decimals: Int = 1) -> String {
        let unit = LessonRun.current?.settings.lang == .ru ? "с" : "s"
        return showsTimings ? String(format: "%.\(decimals)f\u{00A0}", seconds) + unit : "—"
    }
}
