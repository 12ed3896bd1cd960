import Foundation
import Tensors

/// `T.ColorJitter(brightness:, contrast:)` for one-channel images. Factors are
/// drawn from [max(0, 1 − b), 1 + b] and [max(0, 1 − c), 1 + c], and the two
/// adjustments run in a random order, as in torchvision:
/// brightness x ← clamp(f·x), contrast x ← clamp(f·x + (1 − f)·mean(x)),
/// clamped to [0, 1] (or [0, 255] before `ToTensor`).
public struct ColorJitter: Transform {
    public let brightness: ClosedRange<Float>?
    public let contrast: ClosedRange<Float>?

    public init(brightness: Float = 0, contrast: Float = 0) {
        checkUsage(brightness >= 0 && contrast >= 0, "ColorJitter", "brightness and contrast must be ≥ 0")
        self.brightness = brightness == 0 ? nil : max(0, 1 - brightness)...(1 + brightness)
        self.contrast = contrast == 0 ? nil : max(0, 1 - contrast)...(1 + contrast)
    }

    public func apply(to image: inout ImageBuffer, generator: Generator) {
        let brightnessFirst = generator.nextUniform() < 0.5
        let b = brightness.map { generator.uniform($0.lowerBound, $0.upperBound) }
        let c = contrast.map { generator.uniform($0.lowerBound, $0.upperBound) }
        let p = image.pixels, n = image.count, top = image.pixelMaximum
        func adjustBrightness(_ f: Float) {
            for i in 0..<n { p[i] = min(max(p[i] * f, 0), top) }
        }
        func adjustContrast(_ f: Float) {
            var sum: Float = 0
            for i in 0..<n { sum += p[i] }
            let offset = (1 - f) * sum / Float(n)
            for i in 0..<n { p[i] = min(max(f * p[i] + offset, 0), top) }
        }
        if brightnessFirst {
            if let b { adjustBrightness(b) }
            if let c { adjustContrast(c) }
        } else {
            if let c { adjustContrast(c) }
            if let b { adjustBrightness(b) }
        }
    }
}

/// `T.GaussianNoise(mean, sigma, clip)` of torchvision v2: x ← x + N(mean, std²),
/// then clamped to [0, 1] when `clip`. Use after `ToTensor`.
public struct GaussianNoise: Transform {
    public let mean: Float
    public let std: Float
    public let clip: Bool
    public init(mean: Float = 0, std: Float = 0.1, clip: Bool = true) {
        self.mean = mean
        self.std = std
        self.clip = clip
    }
    public func apply(to image: inout ImageBuffer, generator: Generator) {
        let n = image.count, p = image.pixels, noise = image.scratch, top = image.pixelMaximum
        generator.fillNormal(UnsafeMutableBufferPointer(start: noise, count: n), mean: mean, std: std * top)
        if clip {
            for i in 0..<n { p[i] = min(max(p[i] + noise[i], 0), top) }
        } else {
            for i in 0..<n { p[i] += noise[i] }
        }
    }
}

/// `T.RandomErasing(p, scale, ratio, value)`: with probability `p`, fills a random
/// rectangle with `value` (or with N(0, 1) noise when `randomValue`). The
/// rectangle's area is U(scale)·H·W and its aspect h/w = exp(U(log ratio)); up to
/// ten tries find one that fits strictly inside, else nothing is erased.
public struct RandomErasing: Transform {
    public let p: Float
    public let scale: ClosedRange<Float>
    public let ratio: ClosedRange<Float>
    public let value: Float
    public let randomValue: Bool

    public init(p: Float = 0.5, scale: ClosedRange<Float> = 0.02...0.33, ratio: ClosedRange<Float> = 0.3...3.3,
                value: Float = 0, randomValue: Bool = false) {
        self.p = p
        self.scale = scale
        self.ratio = ratio
        self.value = value
        self.randomValue = randomValue
    }

    /// The rectangle to erase (top, left, height, width), or nil after ten misses.
    public func parameters(for size: ImageSize, generator: Generator)
        -> (top: Int, left: Int, height: Int, width: Int)? {
        let area = Float(size.count)
        let logLow = log(ratio.lowerBound), logHigh = log(ratio.upperBound)
        for _ in 0..<10 {
            let eraseArea = area * generator.uniform(scale.lowerBound, scale.upperBound)
            let aspect = exp(generator.uniform(logLow, logHigh))
            let h = Int((eraseArea * aspect).squareRoot().rounded())
            let w = Int((eraseArea / aspect).squareRoot().rounded())
            guard h < size.height && w < size.width else { continue }
            let top = generator.int(in: 0..<(size.height - h + 1))
            let left = generator.int(in: 0..<(size.width - w + 1))
            return (top, left, h, w)
        }
        return nil
    }

    public func apply(to image: inout ImageBuffer, generator: Generator) {
        guard generator.nextUniform() < p, let r = parameters(for: image.size, generator: generator) else { return }
        let w = image.width, px = image.pixels
        for y in r.top..<(r.top + r.height) {
            let row = UnsafeMutableBufferPointer(start: px + y * w + r.left, count: r.width)
            if randomValue { generator.fillNormal(row) } else { row.update(repeating: value) }
        }
    }
}
