import Console
import Foundation
import Tensors

extension LessonRun {
    /// Makes a framework usage failure (`usageFailure` in Tensors) read like the
    /// lesson's other errors: the output so far flushed first, the message in the
    /// lesson's language with the lesson line and the section, the call stack only
    /// with `--verbose`. Tensors cannot import LessonKit, so it calls back here.
    func installUsageFailureReporter() {
        UsageFailure.showsStack = settings.verbose
        UsageFailure.reporter = { [unowned self] failure in
            self.closeOutput()
            self.stdout.flush()
            self.stderr.write(self.usageFailureText(failure))
            self.stderr.flush()
        }
    }

    /// Restores the default reporter when the lesson returns (a test may run several lessons).
    func removeUsageFailureReporter() {
        UsageFailure.reporter = nil
        UsageFailure.showsStack = false
    }

    func usageFailureText(_ failure: UsageFailure) -> String {
        let ru = settings.lang == .ru
        let problem = ru ? failure.russian?.problem ?? failure.problem : failure.problem
        let valid = ru && failure.russian != nil ? failure.russian?.valid : failure.valid
        var out = errorStyle.red(ru ? "ошибка: " : "error: ") + "\(failure.operation): \(problem)\n"
        if let valid {
            out += (ru ? "Допустимо: " : "Valid: ") + valid + "\n"
        }
        if let location = failure.location {
            out += (ru ? "Вызвано здесь: " : "Called at: ") + errorStyle.bold("\(location.file):\(location.line)") + "\n"
        }
        if let index = currentSectionIndex {
            let title = lesson.sections[index - 1].title[settings.lang]
            out += errorStyle.dim(ru ? "(в разделе \(index) «\(title)»)" : "(in section \(index), “\(title)”)") + "\n"
        }
        if settings.verbose {
            out += (ru ? "Стек вызовов:\n" : "Call stack:\n") + failure.stack.map { "  \($0)\n" }.joined()
        } else {
            out += errorStyle.dim(ru ? "Стек вызовов фреймворка покажет флаг --verbose."
                                     : "The framework's call stack: run again with --verbose.") + "\n"
        }
        return out
    }
}
