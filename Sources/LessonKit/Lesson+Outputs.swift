import Foundation

extension Lesson {
    /// The folder for what this run writes by default (logs, checkpoints, figures):
    /// `runs/<id>`, or `runs/<id>/quick` with `--quick`, so that a quick run (or a
    /// test) never replaces what a full run left. `runs/` is not tracked by git;
    /// the committed `Figures/<id>` is written only when asked for with
    /// `--figures Figures/<id>` (what `make figures` does).
    public var runsPath: String { quick ? "runs/\(id)/quick" : "runs/\(id)" }

    /// Where figures go without `--figures`.
    var defaultFiguresPath: String { runsPath + "/figures" }
}
