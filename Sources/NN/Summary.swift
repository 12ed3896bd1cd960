import Foundation
import Tensors

/// Records module calls during one forward pass, for `summary`.
/// `Module.callAsFunction` reports to it only while a summary runs.
final class ModuleTracer {
    static var current: ModuleTracer?

    final class Record {
        let module: Module
        let depth: Int
        var depthIndex = 0
        var outputShape: [Int] = []
        var children: [Record] = []
        var isRecursive = false
        init(module: Module, depth: Int) { self.module = module; self.depth = depth }
    }

    private(set) var records: [Record] = []
    private var stack: [Record] = []
    private var seen = Set<ObjectIdentifier>()
    private var indexPerDepth: [Int: Int] = [:]

    func enter(_ module: Module) -> Record {
        let record = Record(module: module, depth: stack.count)
        if record.depth > 0 {
            indexPerDepth[record.depth, default: 0] += 1
            record.depthIndex = indexPerDepth[record.depth]!
        }
        record.isRecursive = !seen.insert(ObjectIdentifier(module)).inserted
        stack.last?.children.append(record)
        records.append(record)
        stack.append(record)
        return record
    }

    func exit(_ record: Record, output: Tensor) {
        record.outputShape = output.shape
        stack.removeLast()
    }
}

/// torchinfo's `summary(model, input_size=...)`: one forward pass on zeros of
/// `inputShape`, then a table of every module call with its output shape and
/// parameter count, the totals, mult-adds and memory estimates, computed with
/// torchinfo's rules so the numbers match it for the same model.
public struct ModelSummary: CustomStringConvertible {
    public struct Row {
        public let name: String
        public let depth: Int
        public let outputShape: [Int]
        /// "--", a count like "16", "(16)" when frozen, or "(recursive)".
        public let parameters: String
    }

    public let rows: [Row]
    /// torchinfo's `col_width`: the width of the shape and parameter columns.
    /// The layer column is 15 wider (40 at torchinfo's default 25).
    public let columnWidth: Int
    public let totalParameters: Int
    public let trainableParameters: Int
    public let multAdds: Int
    public let inputBytes: Int
    public let forwardBackwardBytes: Int
    public let parameterBytes: Int

    public var nonTrainableParameters: Int { totalParameters - trainableParameters }
    public var estimatedTotalBytes: Int { inputBytes + forwardBackwardBytes + parameterBytes }

    public var description: String {
        let nameWidth = Swift.max(columnWidth + 15, Int((Double(rows.map { $0.name.count + $0.depth * 5 + 1 }.max() ?? 0) / 5).rounded(.up)) * 5)
        let divider = String(repeating: "=", count: nameWidth + 2 * columnWidth)
        func row(_ a: String, _ b: String, _ c: String) -> String {
            let line = a.padding(toLength: Swift.max(nameWidth, a.count), withPad: " ", startingAt: 0) + " "
                + b.padding(toLength: Swift.max(columnWidth, b.count), withPad: " ", startingAt: 0) + " " + c
            return String(line.reversed().drop(while: { $0 == " " }).reversed())
        }
        func megabytes(_ bytes: Int) -> String { String(format: "%.2f", Double(bytes) / 1e6) }
        let (unit, scaled): (String, Double) = multAdds >= 1_000_000_000_000 ? ("T", Double(multAdds) / 1e12)
            : multAdds >= 1_000_000_000 ? ("G", Double(multAdds) / 1e9) : ("M", Double(multAdds) / 1e6)
        var lines = [divider, row("Layer (type:depth-idx)", "Output Shape", "Param #"), divider]
        for r in rows {
            let prefix = r.depth == 0 ? "" : String(repeating: "│    ", count: r.depth - 1) + (r.depth == 1 ? "├─" : "└─")
            lines.append(row(prefix + r.name, "[" + r.outputShape.map(String.init).joined(separator: ", ") + "]", r.parameters))
        }
        lines += [divider,
                  "Total params: \(grouped(totalParameters))",
                  "Trainable params: \(grouped(trainableParameters))",
                  "Non-trainable params: \(grouped(nonTrainableParameters))",
                  "Total mult-adds (\(unit)): \(String(format: "%.2f", scaled))",
                  divider,
                  "Input size (MB): \(megabytes(inputBytes))",
                  "Forward/backward pass size (MB): \(megabytes(forwardBackwardBytes))",
                  "Params size (MB): \(megabytes(parameterBytes))",
                  "Estimated Total Size (MB): \(megabytes(estimatedTotalBytes))",
                  divider]
        return lines.joined(separator: "\n")
    }
}

/// Summarises `model` for an input of `inputShape` (batch first), like torchinfo.
///
/// `colWidth` is torchinfo's `col_width`; 18 fits the table in 80 columns.
public func summary(_ model: Module, inputShape: [Int], colWidth: Int = 25) -> ModelSummary {
    let tracer = ModuleTracer()
    ModuleTracer.current = tracer
    defer { ModuleTracer.current = nil }
    let wasTraining = model.training
    model.eval()
    noGrad { _ = model(Tensor.zeros(inputShape)) }
    model.train(wasTraining)

    var rows: [ModelSummary.Row] = []
    var total = 0, trainable = 0, macs = 0, outputBytes = 0, paramBytes = 0
    for record in tracer.records {
        let own = record.module.parameters()
        let count = own.reduce(0) { $0 + $1.count }
        let trainableCount = own.filter(\.requiresGrad).reduce(0) { $0 + $1.count }
        let isLeaf = record.children.isEmpty
        let name = record.depth == 0 ? record.module.typeName : "\(record.module.typeName): \(record.depth)-\(record.depthIndex)"
        let shown: String
        if count == 0 { shown = "--" }
        else if record.isRecursive { shown = "(recursive)" }
        else if isLeaf { shown = trainableCount > 0 ? grouped(count) : "(\(grouped(count)))" }
        else { shown = leftover(record) > 0 ? grouped(leftover(record)) : "--" }
        rows.append(.init(name: name, depth: record.depth, outputShape: record.outputShape, parameters: shown))
        guard isLeaf else {
            if !record.isRecursive { total += leftover(record); trainable += leftover(record, trainable: true) }
            continue
        }
        // torchinfo: mult-adds = batch × (weight + bias elements) for non-conv layers.
        macs += (record.outputShape.first ?? 1) * count
        if count > 0 { outputBytes += record.outputShape.reduce(1, *) * 4 * 2 }  // ×2 for gradients
        if record.isRecursive { continue }
        total += count
        trainable += trainableCount
        paramBytes += count * 4
    }
    /// Parameters of a container not counted by the layers below it (torchinfo's
    /// leftover_params, which sums over all descendants, not just direct children).
    func leftover(_ record: ModuleTracer.Record, trainable: Bool = false) -> Int {
        func count(_ m: Module) -> Int { trainable ? m.trainableParameterCount : m.parameterCount }
        func descendants(_ r: ModuleTracer.Record) -> [ModuleTracer.Record] {
            r.children.flatMap { [$0] + descendants($0) }
        }
        return count(record.module) - descendants(record).filter { !$0.isRecursive }.reduce(0) {
            $0 + ($1.children.isEmpty ? count($1.module) : leftover($1, trainable: trainable))
        }
    }
    return ModelSummary(rows: rows, columnWidth: colWidth, totalParameters: total, trainableParameters: trainable, multAdds: macs,
                        inputBytes: inputShape.reduce(1, *) * 4, forwardBackwardBytes: outputBytes,
                        parameterBytes: paramBytes)
}

/// 153860 → "153,860", as Python's `f"{n:,}"`.
func grouped(_ n: Int) -> String {
    let digits = String(n)
    var out = ""
    for (i, ch) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 && ch != "-" { out.append(",") }
        out.append(ch)
    }
    return out
}
