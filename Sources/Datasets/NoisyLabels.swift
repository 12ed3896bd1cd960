import Tensors

/// A data set with part of its labels replaced by wrong ones, the images
/// untouched: `fraction` of the samples (chosen with `generator`) get a class
/// drawn uniformly from the other `numClasses − 1`. Fitting such labels can only
/// be memorisation, which is what regularization is meant to prevent.
public struct NoisyLabels: Dataset {
    public let dataset: any Dataset
    /// The label of every sample after corruption.
    public let targets: [Int]
    /// The indices whose label was replaced, in increasing order.
    public let corruptedIndices: [Int]

    public init(_ dataset: any Dataset, fraction: Double, numClasses: Int = 10, generator: Generator = .default) {
        checkUsage(fraction >= 0 && fraction <= 1, "NoisyLabels", "fraction \(fraction) is outside [0, 1]",
                   valid: "a fraction of wrong labels from 0 to 1")
        checkUsage(numClasses >= 2, "NoisyLabels", "numClasses is \(numClasses)", valid: "at least 2 classes")
        var targets = dataset.labels
        let chosen = generator.permutation(dataset.count).prefix(Int((fraction * Double(dataset.count)).rounded()))
        for index in chosen {
            // A class other than the true one: shift by 1…numClasses−1.
            targets[index] = (targets[index] + 1 + generator.int(in: 0..<(numClasses - 1))) % numClasses
        }
        self.dataset = dataset
        self.targets = targets
        corruptedIndices = chosen.sorted()
    }

    public var count: Int { targets.count }
    public var imageSize: ImageSize { dataset.imageSize }
    public var pixelMaximum: Float { dataset.pixelMaximum }
    public func label(at index: Int) -> Int {
        checkSampleIndex(index, count: count, "label(at:)")
        return targets[index]
    }
    public func sample(at index: Int, into pixels: UnsafeMutablePointer<Float>) -> Int {
        _ = dataset.sample(at: index, into: pixels)
        return targets[index]
    }
    public func sampleInUnitRange(at index: Int, into pixels: UnsafeMutablePointer<Float>) -> Int {
        _ = dataset.sampleInUnitRange(at: index, into: pixels)
        return targets[index]
    }
    public func prefetch(_ index: Int) { dataset.prefetch(index) }
    public var supportsConcurrentReads: Bool { dataset.supportsConcurrentReads }
}
