import Course
import Foundation
import TestSupport
import XCTest

/// The lesson-facing API as a lesson writes it, with `import Course` alone:
/// L texts passed as they are, figures returned from `s.figure`, enum options.
final class LessonAPITests: LessonRunTestCase {
    enum Activation: String, CaseIterable, OptionValue { case relu, tanh, sigmoid }
    enum Augmentation: String, CaseIterable, OptionValue { case hflip, crop, noise }

    /// The same figure every time, its texts given as L.
    static func lossFigure() -> Figure {
        let fig = Figure(width: 320, height: 220)
        fig.title = L(ru: "Обучение", en: "Training")
        fig.ax.plot(x: [1, 2, 3], y: [0.9, 0.5, 0.4], label: L(ru: "обучение", en: "training"))
        fig.ax.plot(x: [1, 2, 3], y: [1.0, 0.7, 0.65], label: "val")
        fig.ax.title = L(ru: "потери", en: "loss")
        fig.ax.xlabel = L(ru: "эпоха", en: "epoch")
        fig.ax.ylabel = "loss"
        fig.ax.legend()
        return fig
    }

    // MARK: L everywhere

    func textLesson(seen: @escaping (Figure) -> Void = { _ in }) -> Lesson {
        let lesson = Lesson(id: "lesson-97-texts", title: L(ru: "Тексты", en: "Texts"))
        lesson.section(L(ru: "Всё сразу", en: "All at once")) { s in
            s.print(L(ru: "файлы из:", en: "files from:"), "/data", 3)
            s.table(headers: ["y", L(ru: "класс", en: "class")], rows: [["0", "T-shirt"]])
            let bar = s.progress(total: 1, label: L(ru: "эпоха", en: "epoch"))
            bar.finish()
            let fig = LessonAPITests.lossFigure()
            seen(fig)
        }
        return lesson
    }

    func testTextsShowInTheRunsLanguage() {
        var figures: [String: Figure] = [:]
        for lang in ["ru", "en"] {
            let result = run(textLesson { figures[lang] = $0 }, ["--lang", lang, "--no-figures"])
            XCTAssertEqual(result.code, 0, result.stderr)
            let (said, table) = lang == "ru" ? ("файлы из: /data 3", "класс") : ("files from: /data 3", "class")
            XCTAssertTrue(result.stdout.contains(said), result.stdout)
            XCTAssertTrue(result.stdout.contains(table), result.stdout)
            XCTAssertFalse(result.stdout.contains("LocalizedText"), result.stdout)
        }
        let ru = try! XCTUnwrap(figures["ru"]), en = try! XCTUnwrap(figures["en"])
        XCTAssertEqual(ru.ax.title?.displayText, "потери")
        XCTAssertEqual(ru.ax.xlabel?.displayText, "эпоха")
        XCTAssertEqual(ru.title?.displayText, "Обучение")
        XCTAssertEqual(en.ax.title?.displayText, "loss")
        XCTAssertEqual(en.ax.ylabel?.displayText, "loss")
        // The legend and the CSV carry the labels too: the Russian figure draws Russian labels.
        XCTAssertTrue(ru.pngData() != en.pngData(), "the two languages drew the same PNG")
    }

    /// Table rows mix Strings and L like headers do, each cell in the run's language and
    /// aligned by its shown width; rows of plain Strings still work beside them.
    func testTableRowsShowLTextsInTheRunsLanguage() {
        let lesson = Lesson(id: "lesson-97-table", title: L(ru: "Таблица", en: "Table"))
        let plain: [[String]] = [["SGD", "0.84"]]
        lesson.section(L(ru: "Таблица", en: "Table")) { s in
            s.table(headers: [L(ru: "метод", en: "method"), "acc", L(ru: "вывод", en: "verdict")],
                    rows: [["Adam", "0.87", L(ru: "лучше", en: "better")],
                           [L(ru: "без регуляризации", en: "no regularization"), "0.81", L(ru: "хуже", en: "worse")]])
            s.table(headers: ["optimizer", "acc"], rows: plain)
        }
        let expected: [String: [String]] = [
            "ru": ["  метод               acc  вывод", "  Adam               0.87  лучше", "  без регуляризации  0.81  хуже"],
            "en": ["  method              acc  verdict", "  Adam               0.87  better", "  no regularization  0.81  worse"],
        ]
        for (lang, lines) in expected {
            let result = run(lesson, ["--lang", lang, "--no-figures", "--no-code"])
            XCTAssertEqual(result.code, 0, result.stderr)
            for line in lines { XCTAssertTrue(result.stdout.contains(line + "\n"), "\(lang): \(line)\n\(result.stdout)") }
            for other in lang == "ru" ? ["better", "method"] : ["лучше", "метод"] {
                XCTAssertFalse(result.stdout.contains(other), result.stdout)
            }
            XCTAssertFalse(result.stdout.contains("LocalizedText"), result.stdout)
            XCTAssertTrue(result.stdout.contains("  SGD        0.84\n"), result.stdout)
        }
    }

    /// A table cell that lacks a language stops the lesson like any other text.
    func testATableCellWithoutALanguageIsReported() {
        let lesson = Lesson(id: "lesson-97-missing", title: L(ru: "Пропуск", en: "Missing"))
        lesson.section(L(ru: "Таблица", en: "Table")) { s in
            s.table(headers: ["a"], rows: [[L(ru: "", en: "yes")]])
        }
        let result = run(lesson, ["--lang", "en", "--no-figures"])
        XCTAssertEqual(result.code, Lesson.ExitCode.incompleteText, result.stderr)
        XCTAssertTrue(result.stderr.contains("section 1 text: no Russian text"), result.stderr)
    }

    func testAProgressLabelIsInTheRunsLanguage() {
        let lesson = Lesson(id: "lesson-97-progress", title: L(ru: "Ход", en: "Progress"))
        lesson.section(L(ru: "Ход", en: "Progress")) { s in
            let bar = s.progress(total: 2, label: L(ru: "эпоха 1", en: "epoch 1"))
            bar.advance()
            bar.finish()
        }
        let out = StringSink(isTerminal: false, columns: nil), err = StringSink(isTerminal: true, columns: 80)
        XCTAssertEqual(lesson.run(arguments: ["--lang", "ru"], environment: ["LANG": "en_US.UTF-8"], stdout: out, stderr: err), 0)
        XCTAssertTrue(err.text.contains("эпоха 1"), err.text)
        XCTAssertFalse(err.text.contains("epoch 1"), err.text)
    }

    /// A plot text that lacks a language stops the lesson like any other text (exit 70, the place named).
    func testAPlotTextWithoutALanguageIsReported() {
        for (place, body) in [
            ("title", { (ax: Axes) in ax.title = L(ru: "", en: "loss") }),
            ("label", { (ax: Axes) in ax.plot(x: [0, 1], y: [0, 1], label: L(ru: "обучение", en: " ")) }),
        ] {
            let lesson = Lesson(id: "lesson-97-missing", title: L(ru: "Пропуск", en: "Missing"))
            lesson.section(L(ru: "Рисунок", en: "A figure")) { s in
                try s.figure("f", caption: L(ru: "Рисунок", en: "A figure")) {
                    let fig = Figure(width: 200, height: 150)
                    body(fig.ax)
                    return fig
                }
            }
            let result = run(lesson, ["--lang", "en", "--figures", temporaryFolder.path])
            XCTAssertEqual(result.code, Lesson.ExitCode.incompleteText, "\(place): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("section 1 text: no"), "\(place): \(result.stderr)")
        }
    }

    func testAPrintedTextWithoutALanguageIsReported() {
        let lesson = Lesson(id: "lesson-97-missing", title: L(ru: "Пропуск", en: "Missing"))
        lesson.section(L(ru: "Вывод", en: "Output")) { s in s.print(L(ru: "", en: "files")) }
        let result = run(lesson, ["--lang", "en", "--no-figures"])
        XCTAssertEqual(result.code, Lesson.ExitCode.incompleteText, result.stderr)
        XCTAssertTrue(result.stderr.contains("section 1 text: no Russian text"), result.stderr)
    }

    // MARK: Figures returned from s.figure

    /// `s.figure { …; return fig }` writes the bytes the `{ url in try fig.savePNG(to: url) }` form writes.
    func testAReturnedFigureIsSavedAsTheURLFormSavesIt() throws {
        var bodies = 0
        let lesson = Lesson(id: "lesson-97-figures", title: L(ru: "Рисунки", en: "Figures"))
        lesson.section(L(ru: "Рисунки", en: "Figures")) { s in
            try s.figure("returned", caption: L(ru: "Потери", en: "Loss")) {
                bodies += 1
                return LessonAPITests.lossFigure()
            }
            try s.figure("written", caption: L(ru: "Потери", en: "Loss")) { url in
                try LessonAPITests.lossFigure().savePNG(to: url)
            }
        }
        for lang in ["ru", "en"] {
            let figures = temporaryFolder.appendingPathComponent(lang)
            let result = run(lesson, ["--lang", lang, "--figures", figures.path])
            XCTAssertEqual(result.code, 0, result.stderr)
            XCTAssertTrue(result.stdout.contains("returned.png"), result.stdout)
            let returned = try Data(contentsOf: figures.appendingPathComponent("returned.png"))
            let written = try Data(contentsOf: figures.appendingPathComponent("written.png"))
            XCTAssertGreaterThan(returned.count, 1000)
            XCTAssertEqual(returned, written, lang)
            XCTAssertEqual(try Data(contentsOf: figures.appendingPathComponent("returned.csv")),
                           try Data(contentsOf: figures.appendingPathComponent("written.csv")), lang)
        }
        XCTAssertEqual(bodies, 2)
        // With --no-figures the body is not even called.
        XCTAssertEqual(run(lesson, ["--no-figures"]).code, 0)
        XCTAssertEqual(bodies, 2)
    }

    // MARK: Enum options

    final class Choices {
        let lesson = Lesson(id: "lesson-97-choices", title: L(ru: "Выбор", en: "Choices"))
        let activation: Option<Activation>
        let augmentations: Option<[Augmentation]>
        var ran = false

        init() {
            activation = lesson.option("activation", default: Activation.relu,
                                       help: L(ru: "функция активации", en: "activation function"))
            augmentations = lesson.option("aug", default: [Augmentation.hflip, .crop],
                                          help: L(ru: "аугментации", en: "augmentations"))
            lesson.section(L(ru: "Работа", en: "Work")) { [unowned self] _ in ran = true }
        }
    }

    func testEnumOptionsParseTheirRawValues() {
        let choices = Choices()
        XCTAssertEqual(run(choices.lesson, ["--activation", "tanh", "--aug", "noise,hflip", "--no-figures"]).code, 0)
        XCTAssertTrue(choices.ran)
        XCTAssertEqual(choices.activation.value, .tanh)
        XCTAssertEqual(choices.augmentations.value, [.noise, .hflip])

        let defaults = Choices()
        XCTAssertEqual(run(defaults.lesson, ["--activation=sigmoid", "--no-figures"]).code, 0)
        XCTAssertEqual(defaults.activation.value, .sigmoid)
        XCTAssertEqual(defaults.augmentations.value, [.hflip, .crop])
    }

    func testAnUnknownChoiceExitsTwoNamingTheChoices() {
        for (arguments, message, fix) in [
            (["--activation", "gelu"], "--activation: expected one of relu, tanh, sigmoid, got 'gelu'",
             "To fix: swift run lesson-97-choices --activation relu\n"),
            (["--activation", "ReLU"], "got 'ReLU'", "To fix: swift run lesson-97-choices --activation relu\n"),
            (["--aug", "hflip,flip"], "--aug: expected comma-separated values (each one of hflip, crop, noise), e.g. hflip,crop, got 'hflip,flip'",
             "To fix: swift run lesson-97-choices --aug hflip,crop\n"),
        ] {
            let choices = Choices()
            let result = run(choices.lesson, arguments + ["--no-figures"])
            XCTAssertEqual(result.code, Lesson.ExitCode.usage, "\(arguments)")
            XCTAssertTrue(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(fix), "\(arguments): \(result.stderr)")
            XCTAssertFalse(choices.ran)
        }
        let russian = run(Choices().lesson, ["--activation", "gelu", "--lang", "ru"])
        XCTAssertTrue(russian.stderr.contains("ожидалось одно из: relu, tanh, sigmoid"), russian.stderr)
    }

    func testHelpListsTheChoicesAndTheDefault() {
        let result = run(Choices().lesson, ["--help"])
        XCTAssertEqual(result.code, 0)
        // A long flag stands on its own line, its help below it.
        XCTAssertTrue(result.stdout.contains("  --activation relu|tanh|sigmoid\n"), result.stdout)
        XCTAssertTrue(result.stdout.contains("activation function (default relu)"), result.stdout)
        XCTAssertTrue(result.stdout.contains("  --aug hflip|crop|noise,...\n"), result.stdout)
        XCTAssertTrue(result.stdout.contains("(default hflip,crop)"), result.stdout)
    }

    /// Numeric lists keep working now that any option value makes a list.
    func testNumericListsStillParse() {
        XCTAssertEqual([Double](optionText: "0.001,0.01"), [0.001, 0.01])
        XCTAssertEqual([Int](optionText: "512,256"), [512, 256])
        XCTAssertNil([Int](optionText: "512,x"))
        XCTAssertEqual([Int].metavar, "N,N,...")
        XCTAssertEqual([Activation](optionText: "relu,tanh"), [.relu, .tanh])
        XCTAssertNil([Activation](optionText: "relu,"))
    }
}
