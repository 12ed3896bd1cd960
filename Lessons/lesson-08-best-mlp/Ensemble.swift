// Averaging several nets' logits, written as the one fully connected net it is.
import Course

/// `nets` (one shape, `hidden`) side by side as a single MLP: every hidden layer k times wider
/// with block-diagonal weights, so the units of net j see only net j's units below them, and the
/// output layer is the k output layers side by side, divided by k. Its logits are exactly the
/// mean of the k nets' logits: an ensemble that averages logits is itself one fully connected net.
func sideBySide(_ nets: [MLP], hidden: [Int]) throws -> MLP {
    let k = nets.count
    let merged = MLP(hidden: hidden.map { $0 * k }, dropout: 0, generator: Generator(seed: 0))
    var state: StateDict = []
    let layerCount = hidden.count + 1
    for l in 0..<layerCount {
        let (first, last) = (l == 0, l == layerCount - 1)
        let (outs, ins) = (nets[0].linears[l].weight.shape[0], nets[0].linears[l].weight.shape[1])
        let rows = last ? outs : outs * k, columns = first ? ins : ins * k
        var weight = [Float](repeating: 0, count: rows * columns), bias = [Float](repeating: 0, count: rows)
        let scale: Float = last ? 1 / Float(k) : 1
        for (j, net) in nets.enumerated() {
            let w = net.linears[l].weight.scalars, b = net.linears[l].bias!.scalars
            let (row0, column0) = (last ? 0 : j * outs, first ? 0 : j * ins)
            for r in 0..<outs {
                for c in 0..<ins { weight[(row0 + r) * columns + column0 + c] += scale * w[r * ins + c] }
                bias[row0 + r] += scale * b[r]
            }
        }
        // Without dropout the merged net's Linear layers sit at 0, 2, 4, … (a ReLU between them).
        state.append((name: "layers.\(2 * l).weight", tensor: Tensor(weight, shape: [rows, columns])))
        state.append((name: "layers.\(2 * l).bias", tensor: Tensor(bias, shape: [rows])))
    }
    try merged.loadStateDict(state, strict: true)
    merged.eval()
    return merged
}

/// For every image of `dataset`, in order: does `model` (in evaluation mode) classify it right?
func rightAnswers(_ model: MLP, on dataset: any Dataset, transform: any Transform) -> [Bool] {
    let loader = DataLoader(dataset, batchSize: 1000, transform: transform)
    model.eval()
    var right: [Bool] = []
    noGrad {
        for (images, labels) in loader {
            right += zip(model(images).argmax(dim: 1), labels).map { $0 == $1 }
        }
    }
    return right
}
