import Tensors

/// Seeds the process-wide generator (`pl.seed_everything(seed)`): weight
/// initialisation, dropout and every loader built without its own generator
/// draw from it. Returns the seed.
@discardableResult
public func seedEverything(_ seed: UInt64) -> UInt64 {
    Generator.default.manualSeed(seed)
    return seed
}
