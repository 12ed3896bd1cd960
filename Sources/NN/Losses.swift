import Tensors

/// Cross-entropy between logits [B, C] and integer class labels, averaged over
/// the batch by default (`nn.CrossEntropyLoss`): softmax and log are fused
/// inside, so the model outputs raw logits.
public struct CrossEntropyLoss {
    public var reduction: Reduction
    public var labelSmoothing: Float

    public init(reduction: Reduction = .mean, labelSmoothing: Float = 0) {
        self.reduction = reduction
        self.labelSmoothing = labelSmoothing
    }

    public func callAsFunction(_ logits: Tensor, _ targets: [Int]) -> Tensor {
        Tensor.crossEntropy(logits, targets, reduction: reduction, labelSmoothing: labelSmoothing)
    }
}

/// Mean squared error (`nn.MSELoss`).
public struct MSELoss {
    public var reduction: Reduction
    public init(reduction: Reduction = .mean) { self.reduction = reduction }
    public func callAsFunction(_ input: Tensor, _ target: Tensor) -> Tensor {
        Tensor.mseLoss(input, target, reduction: reduction)
    }
}

/// The explicit L2 penalty μ·Σφ² over `parameters`, to add to a loss
/// (the "regularised loss" form; compare `weightDecay` in the optimizers).
public func l2Penalty(_ parameters: [Tensor], strength mu: Float) -> Tensor {
    parameters.map { $0.square().sum() }.reduce(Tensor(scalar: 0), +) * mu
}
