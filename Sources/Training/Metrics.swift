import Tensors

/// How per-class scores are combined, as torchmetrics' `average=`.
public enum Average: Sendable {
    /// One score per class (`average=None`).
    case none
    /// The unweighted mean of the per-class scores (torchmetrics' default).
    case macro
    /// Correct predictions over all predictions, ignoring classes.
    case micro
}

/// Multiclass accuracy with torchmetrics' update / compute / reset protocol.
/// Per class it is recall, TP / (TP + FN); `.macro` averages the classes that
/// occur in the targets or the predictions.
public final class MulticlassAccuracy {
    public let numClasses: Int
    public let average: Average
    public private(set) var confusion: ConfusionMatrix

    public init(numClasses: Int, average: Average = .macro) {
        self.numClasses = numClasses
        self.average = average
        confusion = ConfusionMatrix(numClasses: numClasses)
    }

    /// Adds a batch: logits or probabilities [B, C] (the argmax is the prediction).
    public func update(_ logits: Tensor, _ targets: [Int]) {
        confusion.update(logits, targets)
    }

    /// Adds a batch of predicted labels.
    public func update(predictions: [Int], targets: [Int]) {
        confusion.update(predictions: predictions, targets: targets)
    }

    /// Per-class accuracies for `.none` (0 where a class has no targets), else one value.
    public func compute() -> [Double] {
        let m = confusion.counts
        let perClass = (0..<numClasses).map { c -> Double in
            let support = m[c].reduce(0, +)
            return support == 0 ? 0 : Double(m[c][c]) / Double(support)
        }
        switch average {
        case .none: return perClass
        case .micro:
            let total = m.joined().reduce(0, +)
            return [total == 0 ? 0 : Double((0..<numClasses).map { m[$0][$0] }.reduce(0, +)) / Double(total)]
        case .macro:
            let present = (0..<numClasses).filter { c in m[c].reduce(0, +) > 0 || (0..<numClasses).contains { m[$0][c] > 0 } }
            return [present.isEmpty ? 0 : present.map { perClass[$0] }.reduce(0, +) / Double(present.count)]
        }
    }

    public func reset() { confusion.reset() }
}

/// A running (weighted) mean, like torchmetrics' `MeanMetric`.
public final class MeanMetric {
    private var total = 0.0, weight = 0.0
    public init() {}
    public func update(_ value: Double, weight w: Double = 1) { total += value * w; weight += w }
    public func update(_ value: Tensor, weight w: Double = 1) { update(Double(value.item()), weight: w) }
    /// NaN before any update, as torchmetrics warns and returns nan.
    public func compute() -> Double { weight == 0 ? .nan : total / weight }
    public func reset() { total = 0; weight = 0 }
}

/// Counts of (true class, predicted class) pairs: row = target, column = prediction.
public struct ConfusionMatrix {
    public enum Normalization: Sendable { case none, trueClass, predicted, all }

    public let numClasses: Int
    public private(set) var counts: [[Int]]

    public init(numClasses: Int) {
        self.numClasses = numClasses
        counts = Array(repeating: Array(repeating: 0, count: numClasses), count: numClasses)
    }

    public mutating func update(_ logits: Tensor, _ targets: [Int]) {
        checkUsage(logits.rank == 2 && logits.shape[1] == numClasses, "update",
                   "the metric counts \(numClasses) classes, the logits have shape \(logits.shape)",
                   valid: "logits [B, \(numClasses)]: as many outputs as the metric's numClasses")
        update(predictions: logits.argmax(dim: 1), targets: targets)
    }

    public mutating func update(predictions: [Int], targets: [Int]) {
        checkUsage(predictions.count == targets.count, "update", "\(predictions.count) predictions for \(targets.count) targets",
                   valid: "one prediction per target")
        for (p, t) in zip(predictions, targets) {
            checkUsage((0..<numClasses).contains(t) && (0..<numClasses).contains(p), "update",
                       "class \((0..<numClasses).contains(t) ? p : t) is outside 0..<\(numClasses)",
                       valid: "classes in 0..<\(numClasses) (the metric's numClasses)")
            counts[t][p] += 1
        }
    }

    /// The matrix, normalised over true classes (rows), predictions (columns) or everything.
    public func compute(normalize: Normalization = .none) -> [[Double]] {
        let m = counts.map { $0.map(Double.init) }
        switch normalize {
        case .none: return m
        case .trueClass: return m.map { row in let s = row.reduce(0, +); return row.map { s == 0 ? 0 : $0 / s } }
        case .predicted:
            let columns = (0..<numClasses).map { c in m.reduce(0) { $0 + $1[c] } }
            return m.map { row in row.enumerated().map { columns[$0.offset] == 0 ? 0 : $0.element / columns[$0.offset] } }
        case .all:
            let s = m.joined().reduce(0, +)
            return m.map { row in row.map { s == 0 ? 0 : $0 / s } }
        }
    }

    public mutating func reset() { self = ConfusionMatrix(numClasses: numClasses) }
}
