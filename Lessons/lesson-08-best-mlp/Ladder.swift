// The ladder's plan: which setting each rung changes, and to what.
import Course

/// One rung of the plan: its settings (as if every method before it stays),
/// its name, and the one change it makes to the rung it is built on.
struct Rung {
    let config: RungConfig
    let method: L
    let change: (inout RungConfig) -> Void
    /// How many seeds train it: 2 for the small net's rungs, whose steps are large and cheap to
    /// see; every seed of `--seeds` for the wide net's, which decide the final model and its average.
    let seeds: Int
}

/// The ladder: each rung is the rung it is built on with exactly one setting
/// changed (`RungConfig.changes(from:)` names it).
///
/// --quick: 5,000 images, a quarter of the width, few epochs: a smoke run, not a result.
func makeLadder(quick: Bool, longEpochs: Int, hidden: [Int], batchSize: Int, weightDecay: Double, seeds: Int) -> [Rung] {
    let long = quick ? 6 : longEpochs
    let wide = quick ? hidden.map { max(8, $0 / 4) } : hidden
    var c = RungConfig(id: "seed")
    if quick { c.epochs = 2 }
    let small = c.hidden
    func seedCount(_ config: RungConfig) -> Int { config.hidden == small ? min(2, seeds) : seeds }
    var ladder = [Rung(config: c, method: L(ru: "модель урока 07", en: "lesson 07's model"), change: { _ in },
                       seeds: seedCount(c))]
    func add(_ id: String, _ method: L, _ change: @escaping (inout RungConfig) -> Void) {
        let full: (inout RungConfig) -> Void = { $0.id = id; change(&$0) }
        full(&c)
        ladder.append(Rung(config: c, method: method, change: full, seeds: seedCount(c)))
    }
    add("standardize", L(ru: "+ стандартизация входа", en: "+ standardised input")) { $0.standardize = true }
    add("he-init", L(ru: "+ инициализация He", en: "+ He init")) { $0.heInit = true }
    add("adam", L(ru: "Adam вместо SGD", en: "Adam instead of SGD")) { $0.optimizer = "adam" }
    add("batch", L(ru: "батч \(batchSize) вместо 1000", en: "batch \(batchSize), not 1000")) { $0.batchSize = batchSize }
    // Longer training and early stopping on the small net first: there they are cheap, and with a
    // constant lr the validation accuracy plateaus and wobbles, so early stopping has something to stop.
    let short = c.epochs
    add("longer", L(ru: "\(long) \(russianPlural(long, "эпоха", "эпохи", "эпох")) вместо \(short)", en: "\(long) epochs, not \(short)")) { $0.epochs = long }
    add("early-stopping", L(ru: "+ ранняя остановка", en: "+ early stopping")) { $0.patience = quick ? 1 : 3 }
    add("wider", L(ru: "+ сеть шире и глубже", en: "+ wider and deeper net")) { $0.hidden = wide }
    add("schedule", L(ru: "+ разогрев и косинус", en: "+ warm-up and cosine")) { $0.warmupEpochs = quick ? 1 : 2 }
    add("dropout", L(ru: "+ dropout", en: "+ dropout")) { $0.dropout = 0.2 }
    add("weight-decay", L(ru: "AdamW: + weight decay", en: "AdamW: + weight decay")) { $0.weightDecay = weightDecay }
    // No augmentation rung: left-right flips (a mirrored shirt is still a shirt) were tried at 15
    // epochs and lowered validation accuracy, at 3 more wide-net runs; lesson 06 shows where it helps.
    return ladder
}
