import Tensors

/// The samples of `dataset` whose label is one of `classes`, relabelled
/// `classes[i] → i`, so a model with `classes.count` outputs can train on them.
///
/// PyTorch has no single class for this; it is the usual
/// `Subset(dataset, [i for i, y in enumerate(targets) if y in classes])` with a
/// `target_transform=lambda y: classes.index(y)`.
///
///     let clothes = ClassSubset(train, classes: [0, 1, 2, 3, 4])   // labels 0…4
///     let shoesAndBags = ClassSubset(train, classes: [5, 6, 7, 8, 9])   // 5 → 0, …, 9 → 4
public struct ClassSubset: Dataset {
    public let dataset: any Dataset
    /// The original labels kept, in the order of the new labels.
    public let classes: [Int]
    /// Indices into `dataset` of the samples kept, in their original order.
    public let indices: [Int]
    private let newLabel: [Int: Int]

    public init(_ dataset: any Dataset, classes: [Int]) {
        checkUsage(!classes.isEmpty, "ClassSubset", "give at least one class")
        checkUsage(Set(classes).count == classes.count, "ClassSubset", "the classes \(classes) repeat a class")
        self.dataset = dataset
        self.classes = classes
        newLabel = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($0.element, $0.offset) })
        let keep = newLabel
        indices = (0..<dataset.count).filter { keep[dataset.label(at: $0)] != nil }
    }

    public var count: Int { indices.count }
    public var imageSize: ImageSize { dataset.imageSize }
    public var pixelMaximum: Float { dataset.pixelMaximum }
    public func label(at index: Int) -> Int {
        checkSampleIndex(index, count: count, "label(at:)")
        return newLabel[dataset.label(at: indices[index])]!
    }
    public func sample(at index: Int, into pixels: UnsafeMutablePointer<Float>) -> Int {
        checkSampleIndex(index, count: count, "sample(at:)")
        return newLabel[dataset.sample(at: indices[index], into: pixels)]!
    }
    public func sampleInUnitRange(at index: Int, into pixels: UnsafeMutablePointer<Float>) -> Int {
        checkSampleIndex(index, count: count, "sample(at:)")
        return newLabel[dataset.sampleInUnitRange(at: indices[index], into: pixels)]!
    }
    public func prefetch(_ index: Int) { dataset.prefetch(indices[index]) }
    public var supportsConcurrentReads: Bool { dataset.supportsConcurrentReads }
}

/// A class-balanced random pick: `perClass` samples of every label
/// `0..<numClasses` (like scikit-learn's stratified `train_test_split` with a
/// fixed number per class), and the rest of the data set as a second part.
/// Both parts keep the order of `dataset`, so a seeded generator gives the
/// same parts every run.
///
///     let (labelled, rest) = balancedSplit(target, perClass: 100, numClasses: 5, generator: Generator(seed: 0))
public func balancedSplit(_ dataset: any Dataset, perClass: Int, numClasses: Int,
                          generator: Generator = .default) -> (picked: Subset, rest: Subset) {
    checkUsage(perClass >= 0, "balancedSplit", "perClass must be >= 0, got \(perClass)")
    var byClass = [[Int]](repeating: [], count: numClasses)
    for i in 0..<dataset.count {
        let label = dataset.label(at: i)
        checkUsage(label >= 0 && label < numClasses, "balancedSplit", "label \(label) of sample \(i) is outside 0..<\(numClasses)")
        byClass[label].append(i)
    }
    var picked = Set<Int>()
    for (label, members) in byClass.enumerated() {
        checkUsage(members.count >= perClass, "balancedSplit", "class \(label) has \(members.count) samples, fewer than perClass = \(perClass)")
        let order = generator.permutation(members.count)
        for k in order.prefix(perClass) { picked.insert(members[k]) }
    }
    let all = 0..<dataset.count
    return (Subset(dataset, indices: all.filter { picked.contains($0) }),
            Subset(dataset, indices: all.filter { !picked.contains($0) }))
}
