import Console
import Foundation

extension LessonRun {
    /// `--help`: what the lesson is, its common flags and its own options, in the chosen language.
    func helpText() -> String {
        let lang = settings.lang
        let style = self.style
        let id = lesson.id
        var out = style.bold("\(id) — \(lesson.title[lang])") + "\n"
        if let summary = lesson.summary {
            out += "\n" + ProseRenderer.terminal(summary[lang], width: textWidth, style: style) + "\n"
        }
        out += "\n" + style.bold(lang == .ru ? "Запуск:" : "Usage:")
            + " swift run \(id) [" + (lang == .ru ? "флаги" : "flags") + "]\n"
        out += "       .build/debug/\(id) [" + (lang == .ru ? "флаги" : "flags") + "]\n"

        let common: [(String, L)] = [
            ("--lang ru|en", L(ru: "язык текста (по умолчанию из LANG: \(Language.preferred(environment: environment).rawValue))",
                               en: "language of the text (default from LANG: \(Language.preferred(environment: environment).rawValue))")),
            ("--quick", L(ru: "быстрый прогон: мало данных и эпох", en: "quick run: little data, few epochs")),
            ("--seed N", L(ru: "зерно генератора случайных чисел (по умолчанию 42)",
                           en: "seed of the random generator (default 42)")),
            ("--figures DIR", L(ru: "папка для рисунков (по умолчанию runs/\(id)/figures, с --quick runs/\(id)/quick/figures; рисунки курса: --figures Figures/\(id))",
                                en: "folder for the figures (default runs/\(id)/figures, with --quick runs/\(id)/quick/figures; the course's: --figures Figures/\(id))")),
            ("--no-figures", L(ru: "обойтись без рисунков (ни PNG, ни CSV)", en: "do not draw figures")),
            ("--inline-figures M", L(ru: "рисунки прямо в терминале: auto (по умолчанию, если терминал умеет), iterm, kitty, sixel, off",
                                     en: "figures right in the terminal: auto (default, when the terminal can), iterm, kitty, sixel, off")),
            ("--no-code", L(ru: "не показывать код разделов (в документе --export он остаётся)",
                            en: "do not show the sections' code (an --export document keeps it)")),
            ("--list", L(ru: "показать список разделов и выйти", en: "list the sections and exit")),
            ("--section N[,M]", L(ru: "показать только раздел N (предыдущие выполняются молча, чтобы восстановить состояние)",
                                  en: "show only section N (earlier sections run silently to rebuild the state)")),
            ("--pause", L(ru: "ждать Enter между разделами (для занятия)", en: "wait for Enter between sections (for class)")),
            ("--export FILE.md", L(ru: "записать урок целиком в документ: текст, код, вывод, рисунки; "
                                       + "FILE.ipynb — блокнот Jupyter",
                                   en: "write the whole lesson as a document: text, code, output, figures; "
                                       + "FILE.ipynb writes a Jupyter notebook")),
            ("--no-timings", L(ru: "не печатать время работы (чтобы документ при том же --seed не менялся)",
                               en: "print no run times (so that a document made with the same --seed stays the same)")),
            ("--verbose", L(ru: "печатать диагностику фреймворка (ядро OpenBLAS, время разделов)",
                            en: "print framework diagnostics (OpenBLAS core, section times)")),
            ("-h, --help", L(ru: "эта справка", en: "this help")),
        ]
        out += "\n" + style.bold(lang == .ru ? "Общие флаги:" : "Common flags:") + "\n"
        out += flagLines(common)

        if !lesson.options.isEmpty {
            let own: [(String, L)] = lesson.options.map { option in
                let flag = option.isFlag ? "--\(option.name)" : "--\(option.name) \(option.metavar)"
                // An empty default (e.g. "no folder given") says nothing worth printing.
                var text = option.isFlag || option.defaultText.isEmpty
                    ? option.help
                    : L(ru: option.help.ru + " (по умолчанию \(option.defaultText))",
                        en: option.help.en + " (default \(option.defaultText))")
                if let range = option.rangeText {
                    text = L(ru: text.ru + "; допустимо: \(range.ru)", en: text.en + "; valid: \(range.en)")
                }
                return (flag, text)
            }
            out += "\n" + style.bold(lang == .ru ? "Параметры урока:" : "Lesson options:") + "\n"
            out += flagLines(own)
        }
        let footer = lang == .ru
            ? "Урок считает на CPU (OpenBLAS); видеокарта не нужна. Значения флагов пишутся как --flag значение или --flag=значение."
            : "The lesson computes on the CPU (OpenBLAS); no GPU is needed. Flags take values as --flag value or --flag=value."
        out += "\n" + Inline.wrap([InlineSpan(text: footer)], width: textWidth, style: Style(enabled: false))
            .joined(separator: "\n") + "\n"
        return out
    }

    /// Flags in a column, their help wrapped beside them (or below a flag too long for the column).
    private func flagLines(_ flags: [(String, L)]) -> String {
        let column = min((flags.map { $0.0.count }.max() ?? 0) + 6, 26)
        let indent = String(repeating: " ", count: column)
        var out = ""
        for (flag, help) in flags {
            let lead = "  " + flag
            var lines = Inline.wrap([InlineSpan(text: help[settings.lang])], width: textWidth, style: Style(enabled: false),
                                    firstPrefix: indent, restPrefix: indent)
            if lead.count + 2 <= column {
                lines[0] = style.bold(lead) + String(lines[0].dropFirst(lead.count))
            } else {
                lines.insert(style.bold(lead), at: 0)
            }
            out += lines.joined(separator: "\n") + "\n"
        }
        return out
    }

    /// `--list`: the numbered section titles, each with its typical run time when the lesson has
    /// measured times (`Lessons/section-times/<lesson>.tsv`, see `SectionTimes`). `LESSON_LIST_FORMAT=tsv` prints
    /// `number<TAB>English title<TAB>Russian title` lines instead, for `scripts/time-sections.sh`.
    func listText() -> String {
        let lang = settings.lang
        if environment["LESSON_LIST_FORMAT"] == "tsv" {
            return lesson.sections.enumerated().map { "\($0.offset + 1)\t\($0.element.title.en)\t\($0.element.title.ru)\n" }.joined()
        }
        var out = lesson.title[lang] + "\n"
        guard let file = lesson.sections.first?.file, let times = SectionTimes.load(sourceFile: file, lessonID: lesson.id) else {
            for (i, section) in lesson.sections.enumerated() {
                out += "  \(i + 1). \(section.title[lang])\n"
            }
            return out
        }
        let entries = lesson.sections.enumerated().map { times.entry($0.offset + 1, title: $0.element.title.en) }
        let cells = entries.map { $0.map { SectionTimes.duration($0.seconds, lang) } ?? "—" }
        let timeWidth = cells.map(\.count).max() ?? 1
        let numberWidth = String(lesson.sections.count).count + 1
        let indent = 2 + numberWidth + 1
        // The times stand in one column right of the longest title; a title too long for the
        // screen wraps in its own column, so the times stay aligned.
        let longest = lesson.sections.map { $0.title[lang].count }.max() ?? 0
        let titleWidth = max(min(longest, textWidth - indent - 2 - timeWidth), 12)
        for (i, section) in lesson.sections.enumerated() {
            let number = "\(i + 1)."
            var lines = Self.wrapWords(section.title[lang], width: titleWidth)
            let first = "  " + String(repeating: " ", count: numberWidth - number.count) + number + " " + lines.removeFirst()
            let gap = String(repeating: " ", count: max(indent + titleWidth + 2 - first.count, 2)
                                                     + timeWidth - cells[i].count)
            out += first + gap + cells[i] + "\n"
            for line in lines { out += String(repeating: " ", count: indent) + line + "\n" }
        }
        out += "\n" + timesFooter(times, entries: entries).map { style.dim($0) }.joined(separator: "\n") + "\n"
        return out
    }

    /// What the times are, and what a first run costs where something is cached.
    private func timesFooter(_ times: SectionTimes, entries: [SectionTimes.Entry?]) -> [String] {
        let lang = settings.lang
        let date = times.meta["date"].map { String($0.prefix(10)) } ?? "?"
        let cores = times.meta["cores"] ?? "?"
        let load = times.meta["load"]?.split(separator: " ").first.map(String.init)
        let coreWord = Int(cores).map { russianPlural($0, "ядре", "ядрах", "ядрах") } ?? "ядрах"
        var text = L(
            ru: "Время — обычный запуск урока (swift run, флаги по умолчанию), измерено \(date) на \(cores) \(coreWord)"
                + (load.map { " (средняя загрузка \($0))" } ?? "") + "; «—» — не измерено или раздел с тех пор изменился. "
                + "Обновить: make section-times.",
            en: "Times: a plain run of the lesson (swift run, default flags), measured \(date) on \(cores) \(cores == "1" ? "core" : "cores")"
                + (load.map { " (load average \($0))" } ?? "") + "; “—”: not measured, or the section changed since. "
                + "To update: make section-times.")[lang]
        for (i, entry) in entries.enumerated() {
            // Only where a cache makes the difference (lesson 08's ladder), not run-to-run noise.
            guard let entry, let cold = entry.coldSeconds, cold > 2 * entry.seconds + 10 else { continue }
            text += L(ru: " Раздел \(i + 1) при первом запуске, пока кэш пуст: \(SectionTimes.duration(cold, .ru)); "
                          + "перед занятием выполните make warm.",
                      en: " Section \(i + 1) on a first run, with nothing cached yet: \(SectionTimes.duration(cold, .en)); "
                          + "run make warm before class.")[lang]
        }
        return Inline.wrap([InlineSpan(text: text)], width: textWidth, style: Style(enabled: false))
    }

    /// Greedy word wrap (a word longer than `width` gets a line of its own).
    static func wrapWords(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if line.isEmpty {
                line = String(word)
            } else if line.count + 1 + word.count <= width {
                line += " " + word
            } else {
                lines.append(line)
                line = String(word)
            }
        }
        return lines.isEmpty || !line.isEmpty ? lines + [line] : lines
    }
}
