import XCTest
import Optim
import Tensors

/// A scheduler's `stateDict()` loaded into a freshly built twin continues the
/// schedule exactly: what resuming a training run relies on.
final class SchedulerStateTests: XCTestCase {
    /// Runs `make` for `steps` steps straight, and again stopping after
    /// `stop` steps, handing the position (and the optimizer's lr, as a
    /// checkpoint does) to a new scheduler on a new optimizer.
    func assertResumes(stop: Int, steps: Int, _ make: (Optimizer) -> LRScheduler,
                       file: StaticString = #filePath, line: UInt = #line) throws {
        let straight = make(makeOptimizer())
        var expected = [straight.optimizer.lr]
        for _ in 1..<steps { straight.step(); expected.append(straight.optimizer.lr) }

        let first = make(makeOptimizer())
        var resumed = [first.optimizer.lr]
        for _ in 1..<stop { first.step(); resumed.append(first.optimizer.lr) }
        let second = make(makeOptimizer())
        XCTAssertEqual(second.optimizer.lr, expected[0], "a new scheduler starts over", file: file, line: line)
        try second.loadStateDict(first.stateDict())
        second.optimizer.paramGroups[0].lr = first.optimizer.lr
        for _ in stop..<steps { second.step(); resumed.append(second.optimizer.lr) }
        XCTAssertEqual(resumed, expected, file: file, line: line)
        XCTAssertEqual(second.lastEpoch, straight.lastEpoch, file: file, line: line)
    }

    func testSchedulersContinueFromTheirState() throws {
        try assertResumes(stop: 9, steps: 30) { StepLR($0, stepSize: 4, gamma: 0.5) }
        try assertResumes(stop: 5, steps: 20) { CosineAnnealingLR($0, tMax: 20) }
        // Its position is more than last_epoch: T_cur and T_i of the current cycle.
        try assertResumes(stop: 11, steps: 40) { CosineAnnealingWarmRestarts($0, t0: 3, tMult: 2) }
        // Warm-up then restarts: the inner schedulers' positions travel too.
        try assertResumes(stop: 7, steps: 40) { optimizer in
            SequentialLR(optimizer, schedulers: [LinearLR(optimizer, startFactor: 0.1, totalIters: 4),
                                                 CosineAnnealingWarmRestarts(optimizer, t0: 5)], milestones: [4])
        }
    }

    func testStateUsesPyTorchsNames() {
        let optimizer = makeOptimizer()
        let scheduler = CosineAnnealingWarmRestarts(optimizer, t0: 3)
        for _ in 0..<4 { scheduler.step() }
        let state = scheduler.stateDict()
        XCTAssertEqual(state["last_epoch"], [4])
        XCTAssertEqual(state["base_lrs"], [0.1])
        XCTAssertEqual(state["_last_lr"], [optimizer.lr])
        XCTAssertEqual(state["T_cur"], [1])
        XCTAssertEqual(state["T_i"], [3])
    }

    func testAStateThatDoesNotFitIsRefusedAndChangesNothing() {
        let donor = CosineAnnealingWarmRestarts(makeOptimizer(), t0: 3)
        donor.step()
        let scheduler = CosineAnnealingWarmRestarts(makeOptimizer(), t0: 3)
        var state = donor.stateDict()
        state["T_i"] = nil
        XCTAssertThrowsError(try scheduler.loadStateDict(state)) { error in
            XCTAssertTrue("\(error)".contains("T_i"), "\(error)")
        }
        state = donor.stateDict()
        state["base_lrs"] = [0.1, 0.1]
        XCTAssertThrowsError(try scheduler.loadStateDict(state)) { error in
            XCTAssertTrue("\(error)".contains("1 parameter group"), "\(error)")
        }
        XCTAssertEqual(scheduler.lastEpoch, 0)
    }
}
