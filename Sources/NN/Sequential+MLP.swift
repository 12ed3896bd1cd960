import Tensors

extension Sequential {
    /// A multilayer perceptron as one `nn.Sequential`, the way PyTorch code
    /// usually writes it:
    ///
    ///     nn.Sequential(nn.Flatten(),
    ///                   nn.Linear(784, 512), nn.ReLU(), nn.Dropout(p),
    ///                   nn.Linear(512, 512), nn.ReLU(), nn.Dropout(p),
    ///                   nn.Linear(512, 10))
    ///
    /// `sizes` are the layer widths D_i, D_1, …, D_o. A `Dropout(dropout)`
    /// follows every hidden ReLU when `dropout` > 0 (never after the output
    /// layer); `inputDropout` > 0 also drops input features before the first
    /// layer (Srivastava et al. used about 0.2 there). `flatten` turns
    /// [B, 1, H, W] images into [B, H·W] first. All weights and dropout masks
    /// draw from `generator`, so two models built from generators with the same
    /// seed start equal and drop the same units.
    public static func mlp(_ sizes: [Int], dropout: Float = 0, inputDropout: Float = 0, flatten: Bool = true,
                           generator: Generator = .default) -> Sequential {
        checkUsage(sizes.count >= 2 && sizes.allSatisfy { $0 > 0 }, "Sequential.mlp", "needs at least two positive sizes (input and output), got \(sizes)",
                   valid: "sizes like [784, 196, 10]: the input, the hidden layers, the output")
        var layers: [Module] = []
        if flatten { layers.append(Flatten()) }
        if inputDropout > 0 { layers.append(Dropout(inputDropout, generator: generator)) }
        for k in 0..<(sizes.count - 1) {
            layers.append(Linear(sizes[k], sizes[k + 1], generator: generator))
            guard k < sizes.count - 2 else { break }
            layers.append(ReLU())
            if dropout > 0 { layers.append(Dropout(dropout, generator: generator)) }
        }
        return Sequential(layers)
    }
}
