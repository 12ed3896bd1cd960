import XCTest
@testable import LessonKit

final class FlagTests: LessonTestCase {
    func testBothSyntaxesAndTypedOptions() {
        let sample = Sample()
        let result = run(sample.lesson, ["--no-figures", "--depth", "7", "--lr=0.001", "--sigmas", "0.5,1,2",
                                         "--sizes=3,4", "--name", "wide", "--fancy", "--scale=0.25",
                                         "--seed=7", "--quick"])
        XCTAssertEqual(result.code, 0, result.stderr)
        XCTAssertEqual(sample.depth.value, 7)
        XCTAssertEqual(sample.rate.value, 0.001)
        XCTAssertEqual(sample.sigmas.value, [0.5, 1, 2])
        XCTAssertEqual(sample.sizes.value, [3, 4])
        XCTAssertEqual(sample.name.value, "wide")
        XCTAssertTrue(sample.fancy.value)
        XCTAssertEqual(sample.scale.value, 0.25)
        XCTAssertEqual(sample.lesson.seed, 7)
        XCTAssertTrue(sample.lesson.quick)
        XCTAssertEqual(sample.ran, [1, 2, 3])
    }

    func testSeparatorFromSwiftRunIsIgnored() {
        let sample = Sample()
        XCTAssertEqual(run(sample.lesson, ["--", "--no-figures", "--depth", "3"]).code, 0)
        XCTAssertEqual(sample.depth.value, 3)
    }

    func testDefaultsAreRestoredOnTheNextRun() {
        let sample = Sample()
        _ = run(sample.lesson, ["--no-figures", "--depth", "7", "--fancy"])
        _ = run(sample.lesson, ["--no-figures"])
        XCTAssertEqual(sample.depth.value, 50)
        XCTAssertFalse(sample.fancy.value)
        XCTAssertEqual(sample.lesson.seed, 42)
    }

    func testFlagCanBeTurnedOff() {
        let sample = Sample()
        XCTAssertEqual(run(sample.lesson, ["--no-figures", "--fancy=true", "--no-fancy"]).code, 0)
        XCTAssertFalse(sample.fancy.value)
    }

    func testBadValueExitsWithUsageErrorOnStderrOnly() {
        let sample = Sample()
        let result = run(sample.lesson, ["--depth", "many"])
        XCTAssertEqual(result.code, 2)
        XCTAssertEqual(result.stdout, "")
        XCTAssertTrue(result.stderr.contains("--depth"), result.stderr)
        XCTAssertTrue(result.stderr.contains("an integer"), result.stderr)
        XCTAssertTrue(result.stderr.contains("'many'"), result.stderr)
        XCTAssertTrue(result.stderr.contains("Try 'lesson-99-test --help'"), result.stderr)
        XCTAssertEqual(sample.ran, [], "no section may run after a usage error")
    }

    func testBadListElementIsRejected() {
        let sample = Sample()
        let result = run(sample.lesson, ["--sigmas=0.1,x"])
        XCTAssertEqual(result.code, 2)
        XCTAssertTrue(result.stderr.contains("--sigmas"), result.stderr)
        XCTAssertTrue(result.stderr.contains("comma-separated"), result.stderr)
    }

    func testMissingValueIsAnError() {
        let result = run(Sample().lesson, ["--seed"])
        XCTAssertEqual(result.code, 2)
        XCTAssertTrue(result.stderr.contains("--seed needs a value"), result.stderr)
        XCTAssertEqual(run(Sample().lesson, ["--seed", "-3"]).code, 2)
    }

    func testUnknownFlagExitsTwoWithAHint() {
        let sample = Sample()
        let result = run(sample.lesson, ["--dept", "3"])
        XCTAssertEqual(result.code, 2)
        XCTAssertEqual(result.stdout, "")
        XCTAssertTrue(result.stderr.contains("unknown flag --dept"), result.stderr)
        XCTAssertTrue(result.stderr.contains("--depth?"), result.stderr)
        XCTAssertEqual(run(sample.lesson, ["positional"]).code, 2)
    }

    func testSectionOutOfRangeIsAUsageError() {
        let result = run(Sample().lesson, ["--section", "4"])
        XCTAssertEqual(result.code, 2)
        XCTAssertTrue(result.stderr.contains("from 1 to 3"), result.stderr)
    }

    func testLanguageDefaultsFromTheLocale() {
        XCTAssertEqual(Language.preferred(environment: ["LANG": "ru_RU.UTF-8"]), .ru)
        XCTAssertEqual(Language.preferred(environment: ["LANG": "en_GB.UTF-8"]), .en)
        XCTAssertEqual(Language.preferred(environment: [:]), .en)
        XCTAssertEqual(Language.preferred(environment: ["LC_ALL": "ru_RU.UTF-8", "LANG": "en_US.UTF-8"]), .ru)
        XCTAssertEqual(Language.preferred(environment: ["LC_ALL": "C", "LANG": "ru_RU.UTF-8"]), .en)

        let sample = Sample()
        let russian = run(sample.lesson, ["--no-figures"], environment: ["LANG": "ru_RU.UTF-8"])
        XCTAssertEqual(sample.lesson.lang, .ru)
        XCTAssertTrue(russian.stdout.contains("1. Проблема"), russian.stdout)
        let english = run(sample.lesson, ["--no-figures", "--lang", "en"], environment: ["LANG": "ru_RU.UTF-8"])
        XCTAssertTrue(english.stdout.contains("1. The problem"), english.stdout)
    }

    func testUsageErrorSpeaksTheChosenLanguage() {
        let result = run(Sample().lesson, ["--lang=ru", "--depth=x"])
        XCTAssertEqual(result.code, 2)
        XCTAssertTrue(result.stderr.contains("целое число"), result.stderr)
    }

    func testHelpListsFlagsOptionsAndDefaults() {
        let result = run(Sample().lesson, ["--help"])
        XCTAssertEqual(result.code, 0)
        XCTAssertEqual(result.stderr, "")
        for text in ["--lang ru|en", "--quick", "--seed N", "--figures DIR", "--no-figures", "--list",
                     "--section N", "--pause", "--export FILE.md", "--verbose",
                     "--depth N", "number of layers", "default 50", "--sigmas X,X,...", "default 0.001,0.01",
                     "--fancy", "CPU", "A lesson for tests."] {
            XCTAssertTrue(result.stdout.contains(text), "help lacks \(text):\n\(result.stdout)")
        }
        let russian = run(Sample().lesson, ["-h", "--lang", "ru"])
        XCTAssertTrue(russian.stdout.contains("число слоёв"), russian.stdout)
        XCTAssertTrue(russian.stdout.contains("по умолчанию 50"), russian.stdout)
    }

    func testHelpWinsOverOtherMistakes() {
        XCTAssertEqual(run(Sample().lesson, ["--bogus", "--help"]).code, 0)
    }

    func testListPrintsNumberedTitlesAndRunsNothing() {
        let sample = Sample()
        let result = run(sample.lesson, ["--list"])
        XCTAssertEqual(result.code, 0)
        XCTAssertTrue(result.stdout.contains("1. The problem\n"), result.stdout)
        XCTAssertTrue(result.stdout.contains("2. A figure\n"), result.stdout)
        XCTAssertTrue(result.stdout.contains("3. Summary\n"), result.stdout)
        XCTAssertEqual(sample.ran, [])
    }

    func testEditDistance() {
        XCTAssertEqual(editDistance("seed", "sed"), 1)
        XCTAssertEqual(editDistance("", "abc"), 3)
        XCTAssertEqual(editDistance("kitten", "sitting"), 3)
    }
}
