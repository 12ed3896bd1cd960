import Foundation
import XCTest
import Optim
import Tensors

/// Steps `scheduler` and returns the first group's lr at epochs 0..<steps.
func schedule(_ scheduler: LRScheduler, steps: Int = 100) -> [Double] {
    var lrs: [Double] = []
    for k in 0..<steps {
        if k > 0 { scheduler.step() }
        XCTAssertEqual(scheduler.lastEpoch, k)
        XCTAssertEqual(scheduler.lastLR[0], scheduler.optimizer.lr)
        lrs.append(scheduler.optimizer.lr)
    }
    return lrs
}

func assertSchedule(_ actual: [Double], _ expected: (Int) -> Double,
                    file: StaticString = #filePath, line: UInt = #line) {
    for (t, lr) in actual.enumerated() {
        let e = expected(t)
        XCTAssertEqual(lr, e, accuracy: 1e-12 * max(abs(e), 1e-3), "epoch \(t)", file: file, line: line)
    }
}

func makeOptimizer(lr: Double = 0.1) -> SGD {
    SGD([Tensor([1, 2], requiresGrad: true)], lr: lr, momentum: 0.9)
}

final class SchedulerTests: XCTestCase {
    func testStepLR() {
        let lrs = schedule(StepLR(makeOptimizer(), stepSize: 7, gamma: 0.5))
        assertSchedule(lrs) { 0.1 * pow(0.5, Double($0 / 7)) }
    }

    func testMultiStepLRSeedExample() {
        let lrs = schedule(MultiStepLR(makeOptimizer(), milestones: [8, 24, 28], gamma: 0.5))
        assertSchedule(lrs) { t in 0.1 * pow(0.5, Double([8, 24, 28].filter { $0 <= t }.count)) }
        XCTAssertEqual(lrs[7], 0.1)
        XCTAssertEqual(lrs[8], 0.05)
        XCTAssertEqual(lrs[23], 0.05)
        XCTAssertEqual(lrs[24], 0.025)
        XCTAssertEqual(lrs[28], 0.0125)
        XCTAssertEqual(lrs[99], 0.0125)
    }

    func testMultiStepLRRepeatedMilestone() {
        let lrs = schedule(MultiStepLR(makeOptimizer(), milestones: [3, 3], gamma: 0.1), steps: 5)
        XCTAssertEqual(lrs[3], 0.001, accuracy: 1e-15)
    }

    func testExponentialLR() {
        assertSchedule(schedule(ExponentialLR(makeOptimizer(), gamma: 0.95))) { 0.1 * pow(0.95, Double($0)) }
    }

    func testLinearLR() {
        let lrs = schedule(LinearLR(makeOptimizer()))
        assertSchedule(lrs) { t in 0.1 * (1.0 / 3 + (2.0 / 3) * Double(min(t, 5)) / 5) }
        let down = schedule(LinearLR(makeOptimizer(), startFactor: 1, endFactor: 0.1, totalIters: 40))
        assertSchedule(down) { t in 0.1 * (1 - 0.9 * Double(min(t, 40)) / 40) }
    }

    func testConstantLR() {
        assertSchedule(schedule(ConstantLR(makeOptimizer(), factor: 0.5, totalIters: 4))) { $0 < 4 ? 0.05 : 0.1 }
    }

    func testCosineAnnealingFromEtaMinIsFlat() {
        // The seed notebook's example: lr = eta_min = 1e-4 gives a flat line.
        let lrs = schedule(CosineAnnealingLR(makeOptimizer(lr: 1e-4), tMax: 32, etaMin: 1e-4))
        for lr in lrs { XCTAssertEqual(lr, 1e-4, accuracy: 1e-18) }
    }

    func testCosineAnnealingAnnealsAndKeepsOscillatingPastTMax() {
        let lrs = schedule(CosineAnnealingLR(makeOptimizer(lr: 0.1), tMax: 32, etaMin: 1e-4))
        assertSchedule(lrs) { t in 1e-4 + (0.1 - 1e-4) * (1 + cos(Double.pi * Double(t) / 32)) / 2 }
        XCTAssertEqual(lrs[32], 1e-4, accuracy: 1e-15)
        XCTAssertEqual(lrs[64], 0.1, accuracy: 1e-12, "PyTorch's cosine climbs back to the base lr at 2·T_max")
        XCTAssertGreaterThan(lrs[40], lrs[33])
    }

    func testCosineAnnealingWarmRestarts() {
        let constant = schedule(CosineAnnealingWarmRestarts(makeOptimizer(), t0: 10, etaMin: 1e-3))
        assertSchedule(constant) { t in 1e-3 + (0.1 - 1e-3) * (1 + cos(Double.pi * Double(t % 10) / 10)) / 2 }

        let growing = schedule(CosineAnnealingWarmRestarts(makeOptimizer(), t0: 5, tMult: 2))
        assertSchedule(growing) { t in
            // Cycles of 5, 10, 20, 40, ...: find the one containing t.
            var start = 0, length = 5
            while t >= start + length { start += length; length *= 2 }
            return 0.1 * (1 + cos(Double.pi * Double(t - start) / Double(length))) / 2
        }
        XCTAssertEqual(growing[5], 0.1, "restart at the end of the first cycle")
        XCTAssertEqual(growing[15], 0.1)
    }

    func testCosineAnnealingWarmRestartsFractionalEpochs() {
        let scheduler = CosineAnnealingWarmRestarts(makeOptimizer(), t0: 4, tMult: 2)
        for (epoch, expectedTCur, expectedTI) in [(2.5, 2.5, 4), (4.25, 0.25, 8), (13.0, 1.0, 16), (3.75, 3.75, 4)] {
            scheduler.step(epoch: epoch)
            XCTAssertEqual(scheduler.tCur, expectedTCur, accuracy: 1e-12)
            XCTAssertEqual(scheduler.tI, expectedTI)
            XCTAssertEqual(scheduler.lastEpoch, Int(epoch))
            XCTAssertEqual(scheduler.optimizer.lr,
                           0.1 * (1 + cos(Double.pi * expectedTCur / Double(expectedTI))) / 2, accuracy: 1e-15)
        }
    }

    /// PyTorch's OneCycleLR phases, written out from its documentation.
    private func oneCycle(_ t: Int, total: Int, maxLR: Double, pct: Double, threePhase: Bool,
                          cosine: Bool, low: Double = 0.85, high: Double = 0.95) -> (lr: Double, momentum: Double) {
        let initial = maxLR / 25, minimum = initial / 1e4
        let n = Double(total)
        let ends = threePhase ? [pct * n - 1, 2 * pct * n - 2, n - 1] : [pct * n - 1, n - 1]
        let lrs: [(Double, Double)] = threePhase
            ? [(initial, maxLR), (maxLR, initial), (initial, minimum)]
            : [(initial, maxLR), (maxLR, minimum)]
        let momenta: [(Double, Double)] = threePhase ? [(high, low), (low, high), (high, high)] : [(high, low), (low, high)]
        var phase = ends.count - 1
        for (i, end) in ends.enumerated() where Double(t) <= end { phase = i; break }
        let start = phase == 0 ? 0 : ends[phase - 1]
        let x = (Double(t) - start) / (ends[phase] - start)
        func anneal(_ a: Double, _ b: Double) -> Double {
            cosine ? b + (a - b) / 2 * (1 + cos(Double.pi * x)) : a + (b - a) * x
        }
        return (anneal(lrs[phase].0, lrs[phase].1), anneal(momenta[phase].0, momenta[phase].1))
    }

    func testOneCycleLR() {
        for threePhase in [false, true] {
            for cosine in [true, false] {
                let optimizer = makeOptimizer()
                let scheduler = OneCycleLR(optimizer, maxLR: 0.5, totalSteps: 100, pctStart: 0.25,
                                           annealStrategy: cosine ? .cos : .linear, threePhase: threePhase)
                for t in 0..<100 {
                    if t > 0 { scheduler.step() }
                    let expected = oneCycle(t, total: 100, maxLR: 0.5, pct: 0.25, threePhase: threePhase, cosine: cosine)
                    XCTAssertEqual(optimizer.lr, expected.lr, accuracy: 1e-12, "step \(t)")
                    XCTAssertEqual(optimizer.paramGroups[0].momentum, expected.momentum, accuracy: 1e-12)
                }
                XCTAssertEqual(optimizer.paramGroups[0].initialLR, 0.02)
            }
        }
    }

    func testOneCycleLRCyclesBeta1ForAdam() {
        let optimizer = Adam([Tensor([1], requiresGrad: true)])
        let scheduler = OneCycleLR(optimizer, maxLR: 0.01, epochs: 10, stepsPerEpoch: 10)
        XCTAssertEqual(optimizer.paramGroups[0].betas.0, 0.95)
        XCTAssertEqual(optimizer.paramGroups[0].betas.1, 0.999)
        for _ in 0..<29 { scheduler.step() }
        XCTAssertEqual(optimizer.paramGroups[0].betas.0, 0.85, accuracy: 1e-12)
        XCTAssertEqual(optimizer.lr, 0.01, accuracy: 1e-12)
    }

    func testOneCycleWithoutMomentumCycling() {
        let optimizer = Adagrad([Tensor([1], requiresGrad: true)])
        _ = OneCycleLR(optimizer, maxLR: 0.01, totalSteps: 10, cycleMomentum: false)
        XCTAssertEqual(optimizer.lr, 0.0004, accuracy: 1e-15)
    }

    func testSequentialWarmUpThenCosine() {
        let optimizer = makeOptimizer()
        let warmUp = LinearLR(optimizer, startFactor: 0.1, totalIters: 5)
        let cosine = CosineAnnealingLR(optimizer, tMax: 95, etaMin: 1e-3)
        let scheduler = SequentialLR(optimizer, schedulers: [warmUp, cosine], milestones: [5])
        assertSchedule(schedule(scheduler)) { t in
            t < 5 ? 0.1 * (0.1 + 0.9 * Double(t) / 5)
                : 1e-3 + (0.1 - 1e-3) * (1 + cos(Double.pi * Double(t - 5) / 95)) / 2
        }
    }

    func testSequentialPyTorchDocExample() {
        // From PyTorch's SequentialLR documentation: lr 0.05, ConstantLR(0.1, 20) then ExponentialLR(0.9).
        let optimizer = makeOptimizer(lr: 0.05)
        let scheduler = SequentialLR(optimizer, schedulers: [ConstantLR(optimizer, factor: 0.1, totalIters: 20),
                                                             ExponentialLR(optimizer, gamma: 0.9)],
                                     milestones: [20])
        let lrs = schedule(scheduler, steps: 23)
        for t in 0..<20 { XCTAssertEqual(lrs[t], 0.005, accuracy: 1e-15) }
        XCTAssertEqual(lrs[20], 0.05, accuracy: 1e-15)
        XCTAssertEqual(lrs[21], 0.045, accuracy: 1e-15)
        XCTAssertEqual(lrs[22], 0.0405, accuracy: 1e-15)
    }

    func testChainableFormCarriesAManualChange() {
        // As in PyTorch, step() scales the current lr, so a manual change persists.
        let optimizer = makeOptimizer()
        let scheduler = StepLR(optimizer, stepSize: 5, gamma: 0.1)
        for _ in 0..<3 { scheduler.step() }
        optimizer.lr = 0.5
        for _ in 0..<2 { scheduler.step() }
        XCTAssertEqual(optimizer.lr, 0.05, accuracy: 1e-15)
    }

    func testSecondSchedulerKeepsInitialLR() {
        let optimizer = makeOptimizer()
        _ = ExponentialLR(optimizer, gamma: 0.5)
        optimizer.lr = 0.3
        let second = StepLR(optimizer, stepSize: 2)
        XCTAssertEqual(second.baseLRs, [0.1], "the first scheduler's initialLR is the base of later ones")
    }

    func testGroupsAreScheduledFromTheirOwnBase() {
        let optimizer = SGD([ParameterGroup(parameters: [Tensor([1])], lr: 1),
                             ParameterGroup(parameters: [Tensor([2])])], lr: 0.1)
        let scheduler = ExponentialLR(optimizer, gamma: 0.5)
        scheduler.step()
        scheduler.step()
        XCTAssertEqual(scheduler.getLastLR(), [0.25, 0.025])
        XCTAssertEqual(optimizer.paramGroups.map(\.initialLR), [1, 0.1])
    }
}

final class SchedulePreviewTests: XCTestCase {
    private func assertPreviewLeavesSchedulerUntouched(_ make: (Optimizer) -> LRScheduler, advance: Int,
                                                       steps: Int = 60,
                                                       file: StaticString = #filePath, line: UInt = #line) {
        let optimizer = makeOptimizer()
        let scheduler = make(optimizer)
        for _ in 0..<advance { scheduler.step() }
        let epoch = scheduler.lastEpoch, lastLR = scheduler.lastLR
        let lr = optimizer.lr, momentum = optimizer.paramGroups[0].momentum

        let preview = scheduler.preview(steps: steps)

        XCTAssertEqual(scheduler.lastEpoch, epoch, file: file, line: line)
        XCTAssertEqual(scheduler.lastLR, lastLR, file: file, line: line)
        XCTAssertEqual(optimizer.lr, lr, file: file, line: line)
        XCTAssertEqual(optimizer.paramGroups[0].momentum, momentum, file: file, line: line)
        // The real scheduler, stepped afterwards, produces exactly the previewed values.
        var actual = [optimizer.lr]
        for _ in 1..<steps {
            scheduler.step()
            actual.append(optimizer.lr)
        }
        XCTAssertEqual(preview, actual, file: file, line: line)
        XCTAssertEqual(scheduler.lastEpoch, epoch + steps - 1, file: file, line: line)
    }

    func testPreviewRunsOnACopy() {
        assertPreviewLeavesSchedulerUntouched({ MultiStepLR($0, milestones: [8, 24, 28], gamma: 0.5) }, advance: 0)
        assertPreviewLeavesSchedulerUntouched({ CosineAnnealingLR($0, tMax: 32, etaMin: 1e-4) }, advance: 7)
        assertPreviewLeavesSchedulerUntouched({ CosineAnnealingWarmRestarts($0, t0: 5, tMult: 2) }, advance: 13)
        assertPreviewLeavesSchedulerUntouched({ OneCycleLR($0, maxLR: 1, totalSteps: 100) }, advance: 20, steps: 80)
        assertPreviewLeavesSchedulerUntouched({ optimizer in
            SequentialLR(optimizer, schedulers: [LinearLR(optimizer, startFactor: 0.1, totalIters: 5),
                                                 CosineAnnealingLR(optimizer, tMax: 50)],
                         milestones: [5])
        }, advance: 3)
    }

    func testStaticPreview() {
        let lrs = LRScheduler.preview(lr: 0.1, steps: 40) { MultiStepLR($0, milestones: [8, 24, 28], gamma: 0.5) }
        XCTAssertEqual(lrs.count, 40)
        assertSchedule(lrs) { t in 0.1 * pow(0.5, Double([8, 24, 28].filter { $0 <= t }.count)) }
        let oneCycle = LRScheduler.preview(lr: 0.1, steps: 100) { OneCycleLR($0, maxLR: 1, totalSteps: 100) }
        XCTAssertEqual(oneCycle[0], 0.04, accuracy: 1e-15)
        XCTAssertEqual(oneCycle.max()!, 1, accuracy: 1e-12)
    }
}
