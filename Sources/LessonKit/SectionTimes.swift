import Foundation

/// The typical wall time of each section, measured by `scripts/time-sections.sh` (`make
/// section-times`) and committed as `Lessons/section-times/<lesson>.tsv` (beside the lessons'
/// folders, not in them: SwiftPM would warn about a file that no target declares):
///
///     # date: 2026-12-02 12:40 UTC
///     # cores: 2
///     # load: 4.58 1.98 0.84
///     section	title	seconds	cold_seconds
///     1	The problem	0.21
///     4	The ladder	6.3	812.0
///
/// `title` is the English title: a time is shown only while the section at that number still
/// has that title, so a renamed or inserted section shows "—" instead of another one's time.
/// `cold_seconds` (optional) is the time when nothing is cached yet (lesson 08's ladder).
struct SectionTimes: Equatable {
    struct Entry: Equatable {
        var title: String
        var seconds: Double
        var coldSeconds: Double?
    }

    var entries: [Int: Entry] = [:]
    /// The `# key: value` lines (date, cores, load, …).
    var meta: [String: String] = [:]


    init(entries: [Int: Entry] = [:], meta: [String: String] = [:]) {
        self.entries = entries
        self.meta = meta
    }

    /// Reads the TSV; lines it cannot read are skipped (a hand-edited file never stops `--list`).
    init(tsv: String) {
        for line in tsv.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("#") {
                let body = line.dropFirst().trimmingCharacters(in: .whitespaces)
                if let colon = body.firstIndex(of: ":") {
                    meta[String(body[..<colon]).trimmingCharacters(in: .whitespaces)] =
                        String(body[body.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
                }
                continue
            }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 3, let number = Int(fields[0]), let seconds = Double(fields[2]), seconds >= 0
            else { continue }
            let cold = fields.count > 3 ? Double(fields[3]) : nil
            entries[number] = Entry(title: fields[1], seconds: seconds, coldSeconds: cold)
        }
    }

    /// `<lessons folder>/section-times/<id>.tsv` for a lesson whose sections stand in
    /// `<lessons folder>/<id>/main.swift` (`file` of its sections); nil when there is none.
    static func url(sourceFile file: String, lessonID id: String) -> URL {
        URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("section-times").appendingPathComponent(id + ".tsv")
    }

    static func load(sourceFile file: String, lessonID id: String) -> SectionTimes? {
        let url = url(sourceFile: file, lessonID: id)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
        return SectionTimes(tsv: text)
    }

    /// The entry of section `number` if it was measured with the section titled `title` (English).
    func entry(_ number: Int, title: String) -> Entry? {
        guard let entry = entries[number], entry.title == title else { return nil }
        return entry
    }

    /// "0.4 s", "12 s", "13.5 min" (Russian «с», «мин»); "< 0.1 s" for what is too fast to time.
    static func duration(_ seconds: Double, _ lang: Language) -> String {
        let (s, min) = lang == .ru ? ("с", "мин") : ("s", "min")
        if seconds < 0.05 { return "< 0.1 \(s)" }
        if seconds < 9.95 { return String(format: "%.1f ", seconds) + s }
        if seconds < 99.5 { return String(format: "%.0f ", seconds) + s }
        return String(format: "%.1f ", seconds / 60) + min
    }
}
