import Foundation
import XCTest

/// Every lesson, quick, in both languages: it runs, writes its figures, and
/// answers --help, --list and a bad flag the way the README says.
final class AllLessonsSmokeTests: XCTestCase {
    func testThereAreLessons() {
        XCTAssertFalse(LessonRunner.lessons.isEmpty, "no lesson executables in \(LessonRunner.productsDirectory.path)")
    }

    /// Quick runs in Russian and in English (the English one twice, with the
    /// same seed and folder: the output must not change apart from timings).
    /// The Russian run goes without --figures, as a student types it, inside a git
    /// repository laid out like ours: it must write its figures under runs/ and
    /// leave `git status` clean and the committed Figures/ untouched.
    func testEveryLessonRunsQuickInBothLanguagesReproduciblyAndWritesFigures() throws {
        let repository = try CleanTree.make(lessons: LessonRunner.lessons)
        defer { try? FileManager.default.removeItem(at: repository) }
        let committed = try CleanTree.snapshot(repository.appendingPathComponent("Figures"))
        for lesson in LessonRunner.lessons {
            var englishOutput: String?
            var russianHeaders: [String: String] = [:]
            for (lang, run) in [("ru", 0), ("en", 0), ("en", 1)] {
                let figures = lang == "ru" ? repository.appendingPathComponent("runs/\(lesson)/quick/figures")
                                           : LessonRunner.scratch("\(lesson.prefix(9))-\(lang)")
                if lang == "en" { try? FileManager.default.removeItem(at: figures) }
                defer { if run == 1 { try? FileManager.default.removeItem(at: figures) } }
                let narrow = ["COLUMNS": "80"]
                let result = lang == "ru"
                    ? try LessonRunner.run(lesson, ["--quick", "--lang", lang, "--seed", "7"], environment: narrow,
                                           in: repository, code: true)
                    // The English runs are compared, so they print no wall-clock times: a time's
                    // width changes how a table wraps at 80 columns.
                    : try LessonRunner.run(lesson, ["--quick", "--lang", lang, "--seed", "7", "--no-timings",
                                                    "--figures", figures.path],
                                           environment: narrow, code: true)
                XCTAssertEqual(result.status, 0, "\(lesson) --lang \(lang) failed:\n\(result.stderr)")
                for (stream, text) in [("stdout", result.stdout), ("stderr", result.stderr)] {
                    let wide = Self.linesWiderThan(80, text)
                    XCTAssertTrue(wide.isEmpty, "\(lesson) --lang \(lang) at 80 columns: \(stream) lines wider than 80:\n"
                                  + wide.joined(separator: "\n"))
                }
                XCTAssertGreaterThan(result.stdout.count, 500, "\(lesson) --lang \(lang) printed almost nothing")
                let files = (try? FileManager.default.contentsOfDirectory(atPath: figures.path)) ?? []
                let pngs = files.filter { $0.hasSuffix(".png") }
                XCTAssertFalse(pngs.isEmpty, "\(lesson) wrote no figure into \(figures.path)")
                for png in pngs {
                    XCTAssertTrue(files.contains(png.replacingOccurrences(of: ".png", with: ".csv")), "\(lesson): \(png) has no CSV beside it")
                }
                XCTAssertFalse(files.contains { $0.hasSuffix(".tmp") }, "\(lesson) left a temporary file")
                if lang == "ru" {
                    XCTAssertTrue(result.stdout.contains("→ runs/\(lesson)/quick/figures/"), "\(lesson) does not name where its figures went")
                    XCTAssertEqual(try CleanTree.status(repository), "", "\(lesson) --quick left git status unclean")
                    russianHeaders = try Self.csvHeaders(in: figures)
                    for (csv, header) in russianHeaders {
                        XCTAssertNil(header.range(of: "(series|panel) [0-9]", options: .regularExpression),
                                     "\(lesson) \(csv): every series needs a real name: \(header)")
                    }
                    XCTAssertEqual(try CleanTree.snapshot(repository.appendingPathComponent("Figures")), committed,
                                   "\(lesson) --quick touched the committed Figures/")
                }
                if lang == "en" && run == 0 {
                    let headers = try Self.csvHeaders(in: figures)
                    for (csv, header) in headers {
                        XCTAssertEqual(russianHeaders[csv], header, "\(lesson) \(csv): the CSV header must not depend on --lang")
                    }
                }
                if lang == "en" {
                    if let first = englishOutput {
                        XCTAssertEqual(Self.withoutTimings(first), Self.withoutTimings(result.stdout),
                                       "\(lesson) is not reproducible with --seed")
                    } else {
                        englishOutput = result.stdout
                    }
                }
            }
        }
    }

    /// The first line of every CSV in `folder`, by file name.
    static func csvHeaders(in folder: URL) throws -> [String: String] {
        var headers: [String: String] = [:]
        for csv in try FileManager.default.contentsOfDirectory(atPath: folder.path) where csv.hasSuffix(".csv") {
            let text = try String(contentsOf: folder.appendingPathComponent(csv), encoding: .utf8)
            headers[csv] = String(text.prefix { $0 != "\n" })
        }
        return headers
    }

    func testHelpListAndBadFlags() throws {
        for lesson in LessonRunner.lessons {
            let help = try LessonRunner.run(lesson, ["--help", "--lang", "en"])
            XCTAssertEqual(help.status, 0)
            for flag in ["--lang", "--quick", "--seed", "--figures", "--no-figures", "--list", "--section", "--pause", "--export"] {
                XCTAssertTrue(help.stdout.contains(flag), "\(lesson) --help does not mention \(flag)")
            }
            let list = try LessonRunner.run(lesson, ["--list", "--lang", "en"])
            XCTAssertEqual(list.status, 0)
            XCTAssertTrue(list.stdout.contains("1."), "\(lesson) --list shows no numbered sections")

            let bad = try LessonRunner.run(lesson, ["--no-such-flag"])
            XCTAssertEqual(bad.status, 2, "\(lesson): an unknown flag must exit with 2")
            XCTAssertTrue(bad.stderr.contains("--no-such-flag"), "\(lesson): the usage error must name the flag")
            XCTAssertEqual(bad.stdout, "")
            let badValue = try LessonRunner.run(lesson, ["--seed", "many"])
            XCTAssertEqual(badValue.status, 2)
        }
    }

    /// Lines that take more than `columns` on screen (one column per character).
    static func linesWiderThan(_ columns: Int, _ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { $0.count > columns }
    }

    /// Wall-clock numbers differ between runs; everything else must not.
    /// The output without what rightly differs between two runs: timings (and the
    /// table padding that follows their width), and the number of the run folder
    /// (each run writes into a new version_N).
    static func withoutTimings(_ text: String) -> String {
        text.replacingOccurrences(of: #"[0-9.]+[ \u00A0]?(s|ms|сек|с)\b"#, with: "<time>", options: .regularExpression)
            .replacingOccurrences(of: #"version_[0-9]+"#, with: "version_N", options: .regularExpression)
            .replacingOccurrences(of: #"[ ─]+"#, with: " ", options: .regularExpression)
    }
}
