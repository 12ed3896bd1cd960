// Lesson 08's ladder plan, checked on the lesson's own code (no training):
// one setting per rung, and AdamW's decay really decoupled.
@testable import lesson_08_best_mlp
import Optim
import Tensors
import XCTest

final class Lesson08LadderTests: XCTestCase {
    func ladder(quick: Bool, seeds: Int = 3) -> [Rung] {
        makeLadder(quick: quick, longEpochs: 20, hidden: [512, 256], batchSize: 128, weightDecay: 0.05, seeds: seeds)
    }

    func testEveryRungChangesExactlyOneSetting() {
        for quick in [false, true] {
            let rungs = ladder(quick: quick)
            XCTAssertEqual(rungs.count, 11)
            for i in rungs.indices.dropFirst() {
                let changed = rungs[i].config.changes(from: rungs[i - 1].config)
                XCTAssertEqual(changed.count, 1, "rung \(i) (\(rungs[i].config.id)) changes \(changed)")
                // The same change applied to an earlier base (when a method was dropped) is still one setting.
                for base in rungs[..<i] {
                    var config = base.config
                    rungs[i].change(&config)
                    XCTAssertLessThanOrEqual(config.changes(from: base.config).count, 1, "rung \(i) on \(base.config.id)")
                }
            }
        }
    }

    func testTheRungsTheLessonNamesChangeWhatTheySay() {
        let rungs = ladder(quick: false)
        func changed(_ id: String) -> [String] {
            let i = rungs.firstIndex { $0.config.id == id }!
            return rungs[i].config.changes(from: rungs[i - 1].config)
        }
        XCTAssertEqual(changed("standardize"), ["standardize"])
        XCTAssertEqual(changed("he-init"), ["heInit"])
        XCTAssertEqual(changed("longer"), ["epochs"])
        XCTAssertEqual(changed("early-stopping"), ["patience"])
        XCTAssertEqual(changed("schedule"), ["warmupEpochs"])
        XCTAssertEqual(changed("weight-decay"), ["weightDecay"])
        // The schedule keeps the long rung's epochs and lr: only the shape of the lr changes.
        let schedule = rungs.first { $0.config.id == "schedule" }!.config
        let longer = rungs.first { $0.config.id == "longer" }!.config
        XCTAssertEqual(schedule.epochs, longer.epochs)
        XCTAssertEqual(schedule.learningRate, longer.learningRate)
    }

    func testWeightDecayRungIsAdamWWithRealDecoupledDecay() throws {
        let rungs = ladder(quick: false)
        let index = try XCTUnwrap(rungs.firstIndex { $0.config.id == "weight-decay" })
        // Before it, Adam runs without decay (and is called Adam); from it on, AdamW with λ > 0.
        for rung in rungs[..<index] where rung.config.optimizer == "adam" {
            XCTAssertTrue(makeOptimizer(rung.config, [Tensor([1], requiresGrad: true)]) is Adam, rung.config.id)
        }
        let config = rungs[index].config
        let theta = Tensor([1, -2], requiresGrad: true)
        let optimizer = try XCTUnwrap(makeOptimizer(config, [theta]) as? AdamW)
        XCTAssertEqual(optimizer.paramGroups[0].weightDecay, 0.05)
        XCTAssertEqual(config.optimizerName, "AdamW")
        // With a zero gradient Adam's step is 0, so what moves θ is the decay alone: θ(1 − γλ).
        theta.grad = Tensor([0, 0])
        optimizer.step()
        let shrink = 1 - config.learningRate * 0.05
        XCTAssertEqual(Double(theta.scalars[0]), shrink, accuracy: 1e-7)
        XCTAssertEqual(Double(theta.scalars[1]), -2 * shrink, accuracy: 1e-7)
    }

    /// Three nets side by side are one MLP whose logits are the mean of theirs.
    func testSideBySideNetGivesTheMeanOfTheLogits() throws {
        let nets = (0..<3).map { MLP(hidden: [6, 5], dropout: 0, generator: Generator(seed: UInt64(10 + $0))) }
        let merged = try sideBySide(nets, hidden: [6, 5])
        XCTAssertEqual(merged.linears.map { $0.weight.shape }, [[18, 784], [15, 18], [10, 15]])
        let x = Tensor((0..<(2 * 784)).map { Float(($0 * 37) % 101) / 101 - 0.5 }, shape: [2, 784])
        let mean = nets.map { $0(x).scalars }.reduce([Float](repeating: 0, count: 20)) { zip($0, $1).map { $0 + $1 / 3 } }
        for (a, b) in zip(merged(x).scalars, mean) { XCTAssertEqual(a, b, accuracy: 1e-4) }
    }

    /// The small net's rungs run 2 seeds, the wide net's every seed of --seeds; never fewer than 2.
    func testSmallNetRungsRunTwoSeedsAndWideNetRungsAll() {
        for seeds in [2, 3, 5] {
            let rungs = ladder(quick: false, seeds: seeds)
            let wider = rungs.firstIndex { $0.config.id == "wider" }!
            XCTAssertEqual(rungs[..<wider].map(\.seeds), Array(repeating: 2, count: wider), "--seeds \(seeds)")
            XCTAssertEqual(rungs[wider...].map(\.seeds), Array(repeating: seeds, count: rungs.count - wider), "--seeds \(seeds)")
        }
    }

    /// A rung is compared with its base seed by seed, on the seeds both ran: a 3-seed rung against
    /// a 2-seed one uses its first 2 seeds only.
    func testLeadPairsTheSeedsBothRungsRan() {
        func runs(_ accuracies: [Double]) -> RungRuns {
            RungRuns(runs: accuracies.map { value in
                RungResult(config: RungConfig(id: "x"), model: MLP(hidden: [2], dropout: 0, generator: Generator(seed: 0)),
                           valHistory: [value], trainHistory: [value], keptEpoch: 0, seconds: 0, reused: false)
            })
        }
        let d = lead(runs([0.90, 0.91, 0.50]), over: runs([0.88, 0.90]))
        XCTAssertEqual(d.count, 2)
        XCTAssertEqual(d.mean, 0.015, accuracy: 1e-12)
        XCTAssertEqual(d.standardError, 0.005, accuracy: 1e-12)
    }

    func testStandardErrorIsSampleSDOverRootN() {
        XCTAssertEqual(standardError([1, 2, 3, 4]), (5.0 / 3).squareRoot() / 2, accuracy: 1e-12)
        XCTAssertEqual(standardError([0.9]), 0)
    }
}
