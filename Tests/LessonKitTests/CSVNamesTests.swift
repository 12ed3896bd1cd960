import Plot
import XCTest
@testable import LessonKit

/// A figure's CSV names its columns in English with every --lang, while the
/// figure's own labels follow the language: scripts reading the CSVs need one form.
final class CSVNamesTests: LessonTestCase {
    func lesson(csv: @escaping (String) -> Void) -> Lesson {
        let lesson = Lesson(id: "lesson-98-csv", title: L(ru: "CSV", en: "CSV"))
        lesson.section(L(ru: "Кривые", en: "Curves")) { s in
            try s.figure("curves", caption: L(ru: "Кривые", en: "Curves")) { url in
                let figure = Figure(width: 300, height: 200, rows: 1, columns: 2)
                let loss = figure.axes(0, 0), classes = figure.axes(0, 1)
                loss.plot(x: [1, 2], y: [0.5, 0.25], label: s.t(L(ru: "обучение", en: "training")))
                loss.plot(x: [1, 2], y: [0.6, 0.4], label: s.t(L(ru: "валидация", en: "validation")))
                loss.xlabel = s.t(L(ru: "эпоха", en: "epoch"))
                loss.title = s.t(L(ru: "потери", en: "loss"))
                classes.bar(labels: [s.t(L(ru: "пальто", en: "coat")), "T-shirt"], heights: [0.8, 0.9],
                            label: s.t(L(ru: "точность", en: "accuracy")) + " (test)")
                classes.title = s.t(L(ru: "по классам", en: "per class"))
                csv(figure.csvText())
                try figure.savePNG(to: url)
            }
        }
        return lesson
    }

    func testHeadersAndCategoriesAreEnglishInEveryLanguage() throws {
        var texts: [String: String] = [:]
        for lang in ["ru", "en"] {
            let folder = temporaryFolder.appendingPathComponent(lang).path
            let result = run(lesson { texts[lang] = $0 }, ["--lang", lang, "--figures", folder])
            XCTAssertEqual(result.code, 0, result.stderr)
            XCTAssertEqual(try String(contentsOfFile: folder + "/curves.csv", encoding: .utf8), texts[lang])
        }
        XCTAssertEqual(texts["ru"], texts["en"])
        let header = try XCTUnwrap(texts["ru"]?.split(separator: "\n").first)
        XCTAssertTrue(header.contains("loss: training") && header.contains("loss: validation"), String(header))
        XCTAssertTrue(header.contains("per class: accuracy (test)"), String(header))
        XCTAssertTrue(texts["ru"]!.contains("coat"), texts["ru"]!)
        XCTAssertNil(Figure.csvName, "the lesson leaves no CSV naming behind")
    }

    /// A short recorded text («с», «обучен») replaces whole words only, never a piece of a
    /// longer word: «обучена» and «классах» stay as they are when no text covers them.
    func testShortTextsReplaceWholeWordsOnly() {
        let names = CSVNames()
        names.record(L(ru: "с", en: "s"), shownIn: .ru)
        names.record(L(ru: "обучен", en: "trained"), shownIn: .ru)
        names.record(L(ru: "классы", en: "classes"), shownIn: .ru)
        XCTAssertEqual(names.name(for: "сеть обучена на классах"), "сеть обучена на классах")
        XCTAssertEqual(names.name(for: "слой обучен, 12 с"), "слой trained, 12 s")
        XCTAssertEqual(names.name(for: "классы"), "classes")
    }
}
