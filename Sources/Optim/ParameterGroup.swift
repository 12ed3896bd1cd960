import Tensors

/// The hyperparameters of one parameter group, as in PyTorch's `param_group`
/// dict. `nil` means "not set": an optimizer fills the fields it uses with its
/// own defaults when it is built, and leaves the others `nil`.
public struct Hyperparameters {
    public var lr: Double?
    public var weightDecay: Double?
    public var momentum: Double?
    public var dampening: Double?
    public var nesterov: Bool?
    public var maximize: Bool?
    public var betas: (Double, Double)?
    public var eps: Double?
    public var amsgrad: Bool?
    public var alpha: Double?
    public var centered: Bool?
    public var lrDecay: Double?
    public var initialAccumulatorValue: Double?

    public init(lr: Double? = nil, weightDecay: Double? = nil, momentum: Double? = nil,
                dampening: Double? = nil, nesterov: Bool? = nil, maximize: Bool? = nil,
                betas: (Double, Double)? = nil, eps: Double? = nil, amsgrad: Bool? = nil,
                alpha: Double? = nil, centered: Bool? = nil, lrDecay: Double? = nil,
                initialAccumulatorValue: Double? = nil) {
        self.lr = lr
        self.weightDecay = weightDecay
        self.momentum = momentum
        self.dampening = dampening
        self.nesterov = nesterov
        self.maximize = maximize
        self.betas = betas
        self.eps = eps
        self.amsgrad = amsgrad
        self.alpha = alpha
        self.centered = centered
        self.lrDecay = lrDecay
        self.initialAccumulatorValue = initialAccumulatorValue
    }

    /// These values, with every unset field taken from `defaults`.
    func filled(from defaults: Hyperparameters) -> Hyperparameters {
        var h = self
        h.lr = lr ?? defaults.lr
        h.weightDecay = weightDecay ?? defaults.weightDecay
        h.momentum = momentum ?? defaults.momentum
        h.dampening = dampening ?? defaults.dampening
        h.nesterov = nesterov ?? defaults.nesterov
        h.maximize = maximize ?? defaults.maximize
        h.betas = betas ?? defaults.betas
        h.eps = eps ?? defaults.eps
        h.amsgrad = amsgrad ?? defaults.amsgrad
        h.alpha = alpha ?? defaults.alpha
        h.centered = centered ?? defaults.centered
        h.lrDecay = lrDecay ?? defaults.lrDecay
        h.initialAccumulatorValue = initialAccumulatorValue ?? defaults.initialAccumulatorValue
        return h
    }
}

/// A set of parameters sharing hyperparameters (PyTorch's `param_groups[i]`).
///
/// Pass groups to an optimizer to give, say, biases no weight decay or the
/// last layer a larger learning rate; fields left `nil` take the optimizer's
/// defaults. Schedulers write `lr` (and OneCycleLR `momentum` / `betas`).
public struct ParameterGroup {
    public var parameters: [Tensor]
    public var hyperparameters: Hyperparameters
    /// The learning rate the first scheduler found (`param_group['initial_lr']`);
    /// schedulers anneal from it. `nil` until a scheduler is attached.
    public var initialLR: Double?

    public init(parameters: [Tensor], lr: Double? = nil, weightDecay: Double? = nil,
                momentum: Double? = nil, dampening: Double? = nil, nesterov: Bool? = nil,
                maximize: Bool? = nil, betas: (Double, Double)? = nil, eps: Double? = nil,
                amsgrad: Bool? = nil, alpha: Double? = nil, centered: Bool? = nil,
                lrDecay: Double? = nil, initialAccumulatorValue: Double? = nil) {
        self.parameters = parameters
        hyperparameters = Hyperparameters(
            lr: lr, weightDecay: weightDecay, momentum: momentum, dampening: dampening,
            nesterov: nesterov, maximize: maximize, betas: betas, eps: eps, amsgrad: amsgrad,
            alpha: alpha, centered: centered, lrDecay: lrDecay,
            initialAccumulatorValue: initialAccumulatorValue)
    }

    private func required<T>(_ value: T?, _ name: String) -> T {
        guard let value else {
            usageFailure("ParameterGroup", "this parameter group has no '\(name)': its optimizer does not use it")
        }
        return value
    }

    /// The learning rate γ.
    public var lr: Double {
        get { required(hyperparameters.lr, "lr") }
        set { hyperparameters.lr = newValue }
    }
    /// λ: an L2 term λθ added to the gradient (SGD, Adam, RMSprop, Adagrad) or
    /// decoupled decay θ ← θ(1 − γλ) (AdamW).
    public var weightDecay: Double {
        get { required(hyperparameters.weightDecay, "weightDecay") }
        set { hyperparameters.weightDecay = newValue }
    }
    public var momentum: Double {
        get { required(hyperparameters.momentum, "momentum") }
        set { hyperparameters.momentum = newValue }
    }
    public var dampening: Double {
        get { required(hyperparameters.dampening, "dampening") }
        set { hyperparameters.dampening = newValue }
    }
    public var nesterov: Bool {
        get { required(hyperparameters.nesterov, "nesterov") }
        set { hyperparameters.nesterov = newValue }
    }
    public var maximize: Bool {
        get { required(hyperparameters.maximize, "maximize") }
        set { hyperparameters.maximize = newValue }
    }
    public var betas: (Double, Double) {
        get { required(hyperparameters.betas, "betas") }
        set { hyperparameters.betas = newValue }
    }
    public var eps: Double {
        get { required(hyperparameters.eps, "eps") }
        set { hyperparameters.eps = newValue }
    }
    public var amsgrad: Bool {
        get { required(hyperparameters.amsgrad, "amsgrad") }
        set { hyperparameters.amsgrad = newValue }
    }
    public var alpha: Double {
        get { required(hyperparameters.alpha, "alpha") }
        set { hyperparameters.alpha = newValue }
    }
    public var centered: Bool {
        get { required(hyperparameters.centered, "centered") }
        set { hyperparameters.centered = newValue }
    }
    public var lrDecay: Double {
        get { required(hyperparameters.lrDecay, "lrDecay") }
        set { hyperparameters.lrDecay = newValue }
    }
    public var initialAccumulatorValue: Double {
        get { required(hyperparameters.initialAccumulatorValue, "initialAccumulatorValue") }
        set { hyperparameters.initialAccumulatorValue = newValue }
    }
}
