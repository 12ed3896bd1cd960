import TestSupport
import XCTest
@testable import LessonKit

/// Runs lessons in-process with string sinks (`LessonRunTestCase`, shared with the Course
/// tests), with a sample lesson.
class LessonTestCase: LessonRunTestCase {
    /// A small three-section lesson that records which sections ran.
    final class Sample {
        let lesson = Lesson(id: "lesson-99-test", title: L(ru: "Проверка", en: "A test lesson"),
                            summary: L(ru: "Урок для тестов.", en: "A lesson for tests."))
        let depth: Option<Int>
        let rate: Option<Double>
        let sigmas: Option<[Double]>
        let sizes: Option<[Int]>
        let name: Option<String>
        let fancy: Option<Bool>
        let scale: Option<Float>
        var ran: [Int] = []
        var figureBodies = 0

        init() {
            depth = lesson.option("depth", default: 50, help: L(ru: "число слоёв", en: "number of layers"))
            rate = lesson.option("lr", default: 0.1, help: L(ru: "шаг обучения", en: "learning rate"))
            sigmas = lesson.option("sigmas", default: [0.001, 0.01], help: L(ru: "сигмы", en: "sigmas"))
            sizes = lesson.option("sizes", default: [256, 128], help: L(ru: "размеры слоёв", en: "layer sizes"))
            name = lesson.option("name", default: "mlp", help: L(ru: "имя", en: "name"))
            fancy = lesson.option("fancy", default: false, help: L(ru: "красиво", en: "fancy"))
            scale = lesson.option("scale", default: Float(2), help: L(ru: "масштаб", en: "scale"))

            lesson.section(L(ru: "Проблема", en: "The problem")) { [weak self] s in
                self?.ran.append(1)
                s.prose(L(ru: "Первый **раздел**.", en: "The first **section**."))
                s.print("output of one")
            }
            lesson.section(L(ru: "Рисунок", en: "A figure")) { [weak self] s in
                self?.ran.append(2)
                s.print("before the figure")
                try s.figure("curve", caption: L(ru: "Кривая", en: "The curve")) { url in
                    self?.figureBodies += 1
                    try Data("png".utf8).write(to: url)
                }
                s.table(headers: ["σ²", "std"], rows: [["0.001", "1.5e-10"], ["1.0", "2.3"]])
            }
            lesson.section(L(ru: "Итог", en: "Summary")) { [weak self] s in
                self?.ran.append(3)
                s.prose(L(ru: "- один\n- два", en: "- one\n- two"))
                s.print("h has shape [5, 3]")
            }
        }
    }
}
