import XCTest
import Optim
import Tensors

final class ReduceLROnPlateauTests: XCTestCase {
    private func lrs(_ scheduler: ReduceLROnPlateau, _ metrics: [Double]) -> [Double] {
        metrics.map { metric in
            scheduler.step(metric: metric)
            XCTAssertEqual(scheduler.getLastLR()[0], scheduler.optimizer.lr)
            return scheduler.optimizer.lr
        }
    }

    func testPatience() {
        // Improvements at 1 and 2; then bad epochs 1, 2, 3: the third exceeds patience 2.
        let scheduler = ReduceLROnPlateau(makeOptimizer(), factor: 0.5, patience: 2)
        let result = lrs(scheduler, [1.0, 0.9, 0.95, 0.95, 0.95, 0.95, 0.95, 0.8, 0.95])
        XCTAssertEqual(result, [0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.05])
        XCTAssertEqual(scheduler.best, 0.8)
        XCTAssertEqual(scheduler.lastEpoch, 9)
    }

    func testCooldownIgnoresBadEpochs() {
        // Constant metric: reduce at the 3rd epoch (2 bad > patience 1), then 2
        // cooldown epochs count no bad epochs, then 2 more bad epochs reduce again.
        let scheduler = ReduceLROnPlateau(makeOptimizer(), patience: 1, cooldown: 2)
        let result = lrs(scheduler, Array(repeating: 1.0, count: 8))
        let expected = [0.1, 0.1, 0.01, 0.01, 0.01, 0.01, 0.001, 0.001]
        for (a, e) in zip(result, expected) { XCTAssertEqual(a, e, accuracy: 1e-15) }
    }

    func testRelativeAndAbsoluteThresholds() {
        let relative = ReduceLROnPlateau(makeOptimizer(), threshold: 0.1, thresholdMode: .rel)
        XCTAssertFalse(relative.isBetter(9.5, than: 10), "rel needs < 10·(1 − 0.1) = 9")
        XCTAssertTrue(relative.isBetter(8.9, than: 10))
        let absolute = ReduceLROnPlateau(makeOptimizer(), threshold: 0.1, thresholdMode: .abs)
        XCTAssertTrue(absolute.isBetter(9.5, than: 10), "abs needs < 10 − 0.1")
        XCTAssertFalse(absolute.isBetter(9.95, than: 10))

        let maxRelative = ReduceLROnPlateau(makeOptimizer(), mode: .max, threshold: 0.1)
        XCTAssertFalse(maxRelative.isBetter(10.5, than: 10), "max rel needs > 10·1.1")
        XCTAssertTrue(maxRelative.isBetter(11.5, than: 10))
        let maxAbsolute = ReduceLROnPlateau(makeOptimizer(), mode: .max, threshold: 0.1, thresholdMode: .abs)
        XCTAssertTrue(maxAbsolute.isBetter(10.5, than: 10))
        XCTAssertFalse(maxAbsolute.isBetter(.nan, than: 10))

        // Scripted: small relative gains do not reset patience; absolute ones do.
        let metrics = [10.0, 9.5, 9.2, 9.0, 8.9]
        let rel = ReduceLROnPlateau(makeOptimizer(), factor: 0.5, patience: 2, threshold: 0.1)
        XCTAssertEqual(lrs(rel, metrics), [0.1, 0.1, 0.1, 0.05, 0.05])
        let abs = ReduceLROnPlateau(makeOptimizer(), factor: 0.5, patience: 2, threshold: 0.1, thresholdMode: .abs)
        XCTAssertEqual(lrs(abs, metrics), [0.1, 0.1, 0.1, 0.1, 0.1])
    }

    func testMaxModeMinLRAndEps() {
        let optimizer = SGD([ParameterGroup(parameters: [Tensor([1])], lr: 1),
                             ParameterGroup(parameters: [Tensor([2])])], lr: 0.1)
        let scheduler = ReduceLROnPlateau(optimizer, mode: .max, factor: 0.1, patience: 0,
                                          minLRs: [0.05, 0], eps: 1e-3)
        scheduler.step(metric: 0.5)
        scheduler.step(metric: 0.4)
        XCTAssertEqual(scheduler.getLastLR()[0], 0.1, accuracy: 1e-15)
        XCTAssertEqual(scheduler.getLastLR()[1], 0.01, accuracy: 1e-15)
        scheduler.step(metric: 0.4)
        // Group 0 is floored at 0.05; group 1 would fall by 0.009 (> eps).
        XCTAssertEqual(scheduler.getLastLR()[0], 0.05, accuracy: 1e-15)
        XCTAssertEqual(scheduler.getLastLR()[1], 0.001, accuracy: 1e-15)
        scheduler.step(metric: 0.4)
        // Group 1 would fall by 0.0009 (< eps = 1e-3): left alone.
        XCTAssertEqual(scheduler.getLastLR()[1], 0.001, accuracy: 1e-15)
    }
}

final class EarlyStoppingTests: XCTestCase {
    func testPatienceCountsEpochsWithoutImprovement() {
        let stopper = EarlyStopping(patience: 3, restoreBestWeights: false)
        let losses = [1.0, 0.8, 0.85, 0.9, 0.7, 0.75, 0.8, 0.9, 0.6]
        var stops: [Bool] = []
        for (epoch, loss) in losses.enumerated() { stops.append(stopper.update(value: loss, epoch: epoch)) }
        XCTAssertEqual(stops, [false, false, false, false, false, false, false, true, false])
        XCTAssertEqual(stopper.stoppedEpoch, 7)
        XCTAssertEqual(stopper.bestValue, 0.6, "updates after the stop are still recorded")
        XCTAssertEqual(stopper.bestEpoch, 8)
    }

    func testMinDeltaMustBeExceeded() {
        let stopper = EarlyStopping(patience: 2, minDelta: 0.1, restoreBestWeights: false)
        XCTAssertFalse(stopper.update(value: 1.0, epoch: 0))
        XCTAssertFalse(stopper.update(value: 0.95, epoch: 1), "0.05 < minDelta: not an improvement")
        XCTAssertEqual(stopper.bestValue, 1.0)
        XCTAssertEqual(stopper.waitCount, 1)
        XCTAssertFalse(stopper.update(value: 0.85, epoch: 2), "0.15 > minDelta: an improvement")
        XCTAssertEqual(stopper.bestValue, 0.85)
        XCTAssertFalse(stopper.update(value: 0.85 - 0.0625, epoch: 3))
        XCTAssertTrue(stopper.update(value: 0.80, epoch: 4))
        XCTAssertEqual(stopper.bestEpoch, 2)
        XCTAssertEqual(stopper.stoppedEpoch, 4)
    }

    func testMaxMode() {
        let stopper = EarlyStopping(monitor: "val_acc", mode: .max, patience: 1, restoreBestWeights: false)
        XCTAssertFalse(stopper.update(value: 0.5, epoch: 0))
        XCTAssertFalse(stopper.update(value: 0.6, epoch: 1))
        XCTAssertTrue(stopper.update(value: 0.6, epoch: 2), "equal is not better")
        XCTAssertEqual(stopper.bestValue, 0.6)
    }

    func testNonFiniteStopsAtOnce() {
        let stopper = EarlyStopping(patience: 10)
        XCTAssertFalse(stopper.update(value: 2.3, epoch: 0))
        XCTAssertTrue(stopper.update(value: .nan, epoch: 1))
        XCTAssertTrue(stopper.stopReason!.contains("not finite"))
        XCTAssertEqual(stopper.bestValue, 2.3)
    }

    func testRestoresBestWeightsFromPreallocatedCopies() {
        let weight = Tensor([1, 2, 3], requiresGrad: true)
        let bias = Tensor([0.5], requiresGrad: true)
        let stopper = EarlyStopping(patience: 2)
        stopper.update(value: 1.0, epoch: 0, parameters: [weight, bias])
        weight.copy(from: Tensor([4, 5, 6]))
        stopper.update(value: 0.5, epoch: 1, parameters: [weight, bias])    // best: [4, 5, 6]
        weight.copy(from: Tensor([7, 8, 9]))
        bias.fill(-1)
        stopper.update(value: 0.6, epoch: 2, parameters: [weight, bias])
        XCTAssertTrue(stopper.update(value: 0.7, epoch: 3, parameters: [weight, bias]))
        stopper.restoreBest(into: [weight, bias])
        XCTAssertEqual(weight.scalars, [4, 5, 6])
        XCTAssertEqual(bias.scalars, [0.5])
        XCTAssertTrue(weight.requiresGrad)
        XCTAssertEqual(stopper.bestEpoch, 1)
    }
}
