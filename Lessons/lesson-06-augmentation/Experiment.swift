// The experiment's parts, kept out of sections 6 and 7 so that they show
// the experiment and its reading: the `--aug` choices, the course network,
// one training run and how its numbers are printed.
import Course
import Foundation

/// What `--aug` can put into the experiment's training transform. Milder than
/// the figure's rows: a fully connected network sees every pixel as its own
/// input, so for it a shifted image is nearly a new one.
enum Augmentation: String, CaseIterable, OptionValue {
    case hflip, vflip, rotate, affine, affine10, crop, crop2, rrc, jitter, noise, erase

    /// The transform and the torchvision call it stands for.
    var transform: (code: String, transform: any Transform) {
        switch self {
        case .hflip: return ("RandomHorizontalFlip()", RandomHorizontalFlip())
        case .vflip: return ("RandomVerticalFlip()", RandomVerticalFlip())
        case .rotate: return ("RandomRotation(10)", RandomRotation(degrees: 10))
        case .affine: return ("RandomAffine(5, translate=(0.05, 0.05), scale=(0.95, 1.05))",
                              RandomAffine(degrees: 5, translate: (0.05, 0.05), scale: 0.95...1.05))
        case .affine10: return ("RandomAffine(10, translate=(0.1, 0.1), scale=(0.9, 1.1))",
                                RandomAffine(degrees: 10, translate: (0.1, 0.1), scale: 0.9...1.1))
        case .crop: return ("RandomCrop(28, padding=1)", RandomCrop(size: 28, padding: 1))
        case .crop2: return ("RandomCrop(28, padding=2)", RandomCrop(size: 28, padding: 2))
        case .rrc: return ("RandomResizedCrop(28)", RandomResizedCrop(size: 28))
        case .jitter: return ("ColorJitter(brightness=0.4, contrast=0.4)", ColorJitter(brightness: 0.4, contrast: 0.4))
        case .noise: return ("GaussianNoise(std=0.1)", GaussianNoise(std: 0.1))
        case .erase: return ("RandomErasing()", RandomErasing())
        }
    }
}

/// The course's classifier (the original notebook's `Classifier(D=196)`): 784 → D → ReLU → 10.
final class Classifier: Module {
    let layers: Sequential
    init(hidden: Int, generator: Generator) {
        layers = Sequential(Linear(28 * 28, hidden, generator: generator), ReLU(), Linear(hidden, 10, generator: generator))
    }
    override func forward(_ x: Tensor) -> Tensor { layers(x.reshape([-1, 28 * 28])) }
}

/// "81.2 ± 0.3": a mean over seeds ± its standard error, fractions in percent.
func inPercent(_ spread: Spread) -> String { spread.formatted("%.1f", scale: 100) }

/// The paired difference "+1.2 ± 0.4" and its 95 % interval "[+0.1, +2.3]",
/// times `scale` (100 turns fractions into percentage points).
func difference(_ c: PairedComparison, scale: Double = 100, digits: Int = 1) -> (spread: String, interval: String) {
    let d = c.differences, h = d.confidenceHalfWidth
    let signed = "%+.\(digits)f", plain = "%.\(digits)f"
    return (String(format: signed + " ± " + plain, scale * d.mean, scale * d.standardError),
            String(format: "[" + signed + ", " + signed + "]", scale * (d.mean - h), scale * (d.mean + h)))
}

/// One training run, measured at a few epochs: accuracy on the clean
/// (undistorted) training images, on validation, and the validation loss.
struct AugRun {
    var epochs: [Int] = [], train: [Double] = [], val: [Double] = [], valLoss: [Double] = []
    /// At the end: accuracy on the validation images passed through the training transforms.
    var distortedVal = 0.0
}

/// The experiment's runs, one per seed and in seed order: seed k trained both
/// networks from the same weights on the same images.
var plain: [AugRun] = [], augmented: [AugRun] = []

/// What one arm of the experiment trains with; the two arms differ only in
/// the training transform, so they take the same number of steps.
struct ExperimentSetup {
    let hidden: Int, lr: Double, cosine: Bool, batch: Int, epochs: Int, measureEvery: Int
    let validation: DataLoader
    /// The validation images through the augmented arm's transforms, drawn with
    /// one seed every time, so both networks see the same distorted images.
    let distortedValidation: DataLoader

    /// Trains a fresh network from `seed`'s weights on `images` through `transform`.
    func train(with transform: any Transform, images: Subset, seed: UInt64) throws -> AugRun {
        let model = Classifier(hidden: hidden, generator: Generator(seed: seed))
        let optimizer = SGD(model.parameters(), lr: lr, momentum: 0.9)
        // Cosine: the lr falls to 0 by the last epoch, so the last weights are not
        // still thrown about by fresh random variants of the pictures.
        let scheduler: LRScheduler? = cosine ? CosineAnnealingLR(optimizer, tMax: epochs) : nil
        let loader = DataLoader(images, batchSize: batch, shuffle: true, dropLast: false,
                                generator: Generator(seed: seed + 1), transform: transform)
        let clean = DataLoader(images, batchSize: 1000, transform: ToTensor())
        var result = AugRun()
        for epoch in 0..<epochs {
            _ = try trainEpoch(model, on: loader, optimizer: optimizer, epoch: epoch)
            scheduler?.step()
            guard (epoch + 1) % measureEvery == 0 || epoch == epochs - 1 else { continue }
            let v = evaluate(model, on: validation)
            result.epochs.append(epoch + 1)
            result.train.append(evaluate(model, on: clean).accuracy)
            result.val.append(v.accuracy)
            result.valLoss.append(v.loss)
        }
        result.distortedVal = evaluate(model, on: distortedValidation).accuracy
        return result
    }
}
