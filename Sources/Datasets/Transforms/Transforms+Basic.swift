import Tensors

extension Generator {
    /// U(low, high), like `torch.empty(1).uniform_(low, high)`.
    @inline(__always)
    func uniform(_ low: Float, _ high: Float) -> Float { low + (high - low) * nextUniform() }
}

/// `T.ToTensor()`: bytes 0…255 become floats in [0, 1] (x / 255). On data that
/// is already in [0, 1] it does nothing.
public struct ToTensor: Transform {
    public init() {}
    public func apply(to image: inout ImageBuffer, generator: Generator) {
        divide(image.pixels, count: image.count, by: image.pixelMaximum)
        image.pixelMaximum = 1
    }
}

/// `T.Normalize(mean, std)`: x ← (x − mean) / std, per channel (here one channel).
/// Fashion-MNIST's training set has mean 0.2860 and std 0.3530.
public struct Normalize: Transform {
    public let mean: Float
    public let std: Float
    public init(mean: Float, std: Float) {
        checkUsage(std > 0, "Normalize", "std must be positive, got \(std)")
        self.mean = mean
        self.std = std
    }
    /// torchvision's form with one value per channel; our images have one channel.
    public init(mean: [Float], std: [Float]) {
        checkUsage(mean.count == 1 && std.count == 1, "Normalize", "one-channel images take one mean and one std")
        self.init(mean: mean[0], std: std[0])
    }
    public func apply(to image: inout ImageBuffer, generator: Generator) {
        let p = image.pixels, inverse = 1 / std, shift = mean
        for i in 0..<image.count { p[i] = (p[i] - shift) * inverse }
    }
}

/// `T.RandomHorizontalFlip(p)`: mirrors left–right with probability `p`.
public struct RandomHorizontalFlip: Transform {
    public let p: Float
    public init(p: Float = 0.5) { self.p = p }
    public func apply(to image: inout ImageBuffer, generator: Generator) {
        guard generator.nextUniform() < p else { return }
        let w = image.width, px = image.pixels
        for row in 0..<image.height {
            let r = px + row * w
            var a = 0, b = w - 1
            while a < b { swap(&r[a], &r[b]); a += 1; b -= 1 }
        }
    }
}

/// `T.RandomVerticalFlip(p)`: mirrors top–bottom with probability `p`.
public struct RandomVerticalFlip: Transform {
    public let p: Float
    public init(p: Float = 0.5) { self.p = p }
    public func apply(to image: inout ImageBuffer, generator: Generator) {
        guard generator.nextUniform() < p else { return }
        let w = image.width, px = image.pixels
        var a = 0, b = image.height - 1
        while a < b {
            for x in 0..<w { swap(&px[a * w + x], &px[b * w + x]) }
            a += 1; b -= 1
        }
    }
}

/// A transform made of a closure (`T.Lambda`).
public struct Lambda: Transform {
    let body: (inout ImageBuffer, Generator) -> Void
    public init(_ body: @escaping (inout ImageBuffer, Generator) -> Void) { self.body = body }
    public func apply(to image: inout ImageBuffer, generator: Generator) { body(&image, generator) }
}
