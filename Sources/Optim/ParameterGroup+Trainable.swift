import Tensors

extension ParameterGroup {
    /// A group of the parameters that train (`requiresGrad`), leaving frozen ones
    /// out, like `optim.SGD(filter(lambda p: p.requires_grad, model.parameters()), ...)`.
    /// Frozen parameters get no gradient and optimizers skip them anyway; leaving
    /// them out keeps the optimizer's state and state dict to what trains.
    public static func trainable(_ parameters: [Tensor], lr: Double? = nil,
                                 weightDecay: Double? = nil) -> ParameterGroup {
        ParameterGroup(parameters: parameters.filter(\.requiresGrad), lr: lr, weightDecay: weightDecay)
    }

    /// One group per part with its own learning rate ("discriminative" learning
    /// rates), e.g. a small lr for a pretrained body and a larger one for a new
    /// head — PyTorch's
    ///
    ///     optim.Adam([{"params": model.features.parameters(), "lr": 1e-4},
    ///                 {"params": model.head.parameters(), "lr": 1e-3}])
    ///
    /// Frozen parameters are left out and parts with nothing to train are
    /// dropped; it is a programmer error if nothing trains at all, or if a
    /// tensor is in two parts.
    public static func perPart(_ parts: [(parameters: [Tensor], lr: Double)]) -> [ParameterGroup] {
        var seen = Set<ObjectIdentifier>()
        for part in parts {
            for p in part.parameters {
                checkUsage(seen.insert(ObjectIdentifier(p)).inserted, "ParameterGroup.perPart", "a parameter is in two parts; give each part its own parameters")
            }
        }
        let groups = parts.map { trainable($0.parameters, lr: $0.lr) }.filter { !$0.parameters.isEmpty }
        checkUsage(!groups.isEmpty, "ParameterGroup.perPart", "no part has a parameter that trains (all frozen?)")
        return groups
    }
}
