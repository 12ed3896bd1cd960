import XCTest
@testable import LessonKit

/// `--list` shows each section's typical time from `Lessons/section-times/<lesson>.tsv`.
final class SectionTimesTests: LessonTestCase {
    /// A lesson whose sections "stand" in `<temporary folder>/lesson-98-times/main.swift`, its
    /// times (`tsv`) in `<temporary folder>/section-times/lesson-98-times.tsv`, as in Lessons/.
    func lesson(tsv: String?) throws -> Lesson {
        let source = temporaryFolder.appendingPathComponent("lesson-98-times/main.swift").path
        if let tsv {
            let url = SectionTimes.url(sourceFile: source, lessonID: "lesson-98-times")
            XCTAssertEqual(url.path, temporaryFolder.appendingPathComponent("section-times/lesson-98-times.tsv").path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try tsv.write(to: url, atomically: true, encoding: .utf8)
        }
        let lesson = Lesson(id: "lesson-98-times", title: L(ru: "Времена", en: "Times"))
        let titles = [L(ru: "Быстрый раздел", en: "A quick section"),
                      L(ru: "Долгое обучение сети с очень длинным названием раздела, которое не помещается в одну строку",
                        en: "Training a network for a long time, with a section title too long for one line of the list"),
                      L(ru: "Переименованный", en: "Renamed"),
                      L(ru: "Новый", en: "New")]
        for title in titles { lesson.section(title, file: StaticString(stringLiteral: "unused"), line: 1) { _ in } }
        // StaticString cannot be built from a runtime path: point the entries at the temporary folder.
        lesson.sections = lesson.sections.map { .init(title: $0.title, body: $0.body, file: source, line: $0.line) }
        return lesson
    }

    let tsv = """
        # lesson-98-times: test data
        # date: 2026-12-02 12:40 UTC
        # cores: 2
        # load: 3.50 (before), 4.0 after
        section\ttitle\tseconds\tcold_seconds
        1\tA quick section\t0.42\t0.5
        2\tTraining a network for a long time, with a section title too long for one line of the list\t6.3\t754.2
        3\tThe old name\t12.0\t

        """

    /// The lines of `--list` that name section `n`, and the lines that continue its title.
    func row(_ text: String, _ n: Int) -> String {
        text.split(separator: "\n").first { $0.hasPrefix("  \(n). ") }.map(String.init) ?? ""
    }

    /// The footer is wrapped to the screen: phrases are searched with its lines joined.
    func flat(_ text: String) -> String { text.replacingOccurrences(of: "\n", with: " ") }

    func testTimesStandAtTheRightOfEachSectionInBothLanguages() throws {
        let lesson = try lesson(tsv: tsv)
        let en = run(lesson, ["--list", "--lang", "en"], environment: ["COLUMNS": "80"])
        XCTAssertEqual(en.code, 0, en.stderr)
        XCTAssertTrue(row(en.stdout, 1).hasSuffix(" 0.4 s"), en.stdout)
        XCTAssertTrue(row(en.stdout, 2).hasSuffix(" 6.3 s"), en.stdout)
        XCTAssertTrue(row(en.stdout, 3).hasSuffix(" —"), "a renamed section has no time:\n\(en.stdout)")
        XCTAssertTrue(row(en.stdout, 4).hasSuffix(" —"), "an unmeasured section has no time:\n\(en.stdout)")
        XCTAssertTrue(flat(en.stdout).contains("measured 2026-12-02 on 2 cores (load average 3.50)"), en.stdout)
        XCTAssertFalse(flat(en.stdout).contains("Section 1 on a first run"), "a cold time within noise is not news")
        XCTAssertTrue(flat(en.stdout).contains("Section 2 on a first run, with nothing cached yet: 12.6 min"), en.stdout)
        // The times form one right-aligned column.
        let ends = (1...4).map { row(en.stdout, $0).count }
        XCTAssertEqual(Set(ends).count, 1, en.stdout)

        let ru = run(lesson, ["--list", "--lang", "ru"], environment: ["COLUMNS": "80"])
        XCTAssertTrue(row(ru.stdout, 1).hasSuffix(" 0.4 с"), ru.stdout)
        XCTAssertTrue(row(ru.stdout, 2).hasSuffix(" 6.3 с"), ru.stdout)
        XCTAssertTrue(row(ru.stdout, 3).hasSuffix(" —"), ru.stdout)
        XCTAssertTrue(flat(ru.stdout).contains("на 2 ядрах"), ru.stdout)
        XCTAssertTrue(flat(ru.stdout).contains("Раздел 2 при первом запуске, пока кэш пуст: 12.6 мин"), ru.stdout)

        for (text, columns) in [(en.stdout, 80), (ru.stdout, 80)] {
            for line in text.split(separator: "\n") {
                XCTAssertLessThanOrEqual(line.count, columns, "too wide: \(line)")
            }
        }
        // The long title wraps under itself, not under the number.
        let lines = en.stdout.split(separator: "\n").map(String.init)
        let second = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("  2. ") })
        XCTAssertTrue(lines[second + 1].hasPrefix("     ") && !lines[second + 1].hasPrefix("      "), en.stdout)
    }

    func testNarrowTerminal() throws {
        let result = run(try lesson(tsv: tsv), ["--list"], environment: ["COLUMNS": "40"])
        for line in result.stdout.split(separator: "\n") {
            XCTAssertLessThanOrEqual(line.count, 40, "too wide: \(line)")
        }
        XCTAssertTrue(row(result.stdout, 2).hasSuffix(" 6.3 s"), result.stdout)
    }

    func testWithoutDataTheListIsPlain() throws {
        let result = run(try lesson(tsv: nil), ["--list"])
        XCTAssertTrue(result.stdout.contains("  1. A quick section\n"), result.stdout)
        XCTAssertFalse(result.stdout.contains("—"), result.stdout)
    }

    func testMachineReadableListForTheTimingScript() throws {
        let result = run(try lesson(tsv: tsv), ["--list"], environment: ["LESSON_LIST_FORMAT": "tsv"])
        XCTAssertEqual(result.stdout.split(separator: "\n").first, "1\tA quick section\tБыстрый раздел")
        XCTAssertEqual(result.stdout.split(separator: "\n").count, 4)
    }

    func testParsingAndDurations() {
        let times = SectionTimes(tsv: tsv + "x\tbroken\n4\tNo number\tabc\n")
        XCTAssertEqual(times.entries.count, 3)
        XCTAssertEqual(times.meta["cores"], "2")
        XCTAssertEqual(times.entry(1, title: "A quick section")?.seconds, 0.42)
        XCTAssertNil(times.entry(1, title: "Another title"))
        XCTAssertEqual(times.entry(1, title: "A quick section")?.coldSeconds, 0.5)
        XCTAssertNil(times.entry(3, title: "The old name")?.coldSeconds)
        XCTAssertEqual(times.entry(2, title: times.entries[2]!.title)?.coldSeconds, 754.2)
        XCTAssertEqual(SectionTimes.duration(0.01, .en), "< 0.1 s")
        XCTAssertEqual(SectionTimes.duration(9.94, .en), "9.9 s")
        XCTAssertEqual(SectionTimes.duration(9.96, .ru), "10 с")
        XCTAssertEqual(SectionTimes.duration(99.4, .en), "99 s")
        XCTAssertEqual(SectionTimes.duration(150, .ru), "2.5 мин")
    }
}
