import Foundation
import XCTest

/// Every lesson's `--list` shows the typical time of each section from its committed
/// `Lessons/section-times/<lesson>.tsv` (made by `make section-times`), in both languages, at
/// 80 columns; a section whose title changed since it was timed shows "—".
final class SectionTimesListTests: XCTestCase {
    /// The measured seconds by section number, for the titles they were measured with.
    func measured(_ lesson: String) -> [Int: (title: String, seconds: Double)]? {
        let url = LessonRunner.repository.appendingPathComponent("Lessons/section-times/\(lesson).tsv")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            XCTFail("\(url.path) is missing: --list shows no times; run make section-times LESSONS_TIMED=\(lesson)")
            return nil
        }
        var rows: [Int: (String, Double)] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if f.count >= 3, let n = Int(f[0]), let s = Double(f[2]) { rows[n] = (f[1], s) }
        }
        return rows
    }

    /// The time as `--list` is expected to print it (an oracle written apart from LessonKit's).
    func shown(_ seconds: Double, _ lang: String) -> String {
        let (s, min) = lang == "ru" ? ("с", "мин") : ("s", "min")
        if seconds < 0.05 { return "< 0.1 \(s)" }
        if seconds < 9.95 { return String(format: "%.1f %@", seconds, s) }
        if seconds < 99.5 { return String(format: "%.0f %@", seconds, s) }
        return String(format: "%.1f %@", seconds / 60, min)
    }

    func testListShowsTheCommittedTimes() throws {
        XCTAssertFalse(LessonRunner.lessons.isEmpty)
        for lesson in LessonRunner.lessons {
            guard let data = measured(lesson) else { continue }
            let titles = try LessonRunner.run(lesson, ["--list"], environment: ["LESSON_LIST_FORMAT": "tsv"]).stdout
                .split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
            XCTAssertFalse(titles.isEmpty, lesson)
            var timed = 0
            for lang in ["ru", "en"] {
                let list = try LessonRunner.run(lesson, ["--list", "--lang", lang], environment: ["COLUMNS": "80"])
                XCTAssertEqual(list.status, 0, lesson)
                let lines = list.stdout.split(separator: "\n").map(String.init)
                for line in lines {
                    XCTAssertLessThanOrEqual(line.count, 80, "\(lesson) --list --lang \(lang): too wide: \(line)")
                }
                for fields in titles {
                    let n = Int(fields[0])!
                    let row = try XCTUnwrap(lines.first { $0.hasPrefix(String(repeating: " ", count: titles.count >= 10 && n < 10 ? 3 : 2) + "\(n). ") },
                                            "\(lesson): no row for section \(n)")
                    let expected = data[n].flatMap { $0.title == fields[1] ? shown($0.seconds, lang) : nil }
                    if expected != nil { timed += 1 }
                    XCTAssertTrue(row.hasSuffix(" " + (expected ?? "—")),
                                  "\(lesson) --lang \(lang), section \(n): expected \(expected ?? "—") at the end of: \(row)")
                }
            }
            XCTAssertGreaterThan(timed, 0, "\(lesson): no section has a time; run make section-times")
        }
    }
}
