import Foundation
import Tensors

/// `T.RandomCrop(size, padding)`: pads each side by `padding` pixels of `fill`,
/// then cuts a `size` window at a uniformly random position
/// (top ~ randint(0, H + 2p − h + 1), left likewise).
public struct RandomCrop: Transform {
    public let size: ImageSize
    public let padding: Int
    public let fill: Float

    public init(size: Int, padding: Int = 0, fill: Float = 0) {
        self.init(size: ImageSize(height: size, width: size), padding: padding, fill: fill)
    }

    public init(size: ImageSize, padding: Int = 0, fill: Float = 0) {
        checkUsage(padding >= 0, "RandomCrop", "padding must be ≥ 0")
        self.size = size
        self.padding = padding
        self.fill = fill
    }

    public func outputSize(for input: ImageSize) -> ImageSize {
        checkUsage(size.height <= input.height + 2 * padding && size.width <= input.width + 2 * padding, "RandomCrop", "the crop \(size) is larger than the padded image (\(input) + \(padding) each side)")
        return size
    }

    public func apply(to image: inout ImageBuffer, generator: Generator) {
        let (h, w) = (image.height, image.width)
        let top = generator.int(in: 0..<(h + 2 * padding - size.height + 1)) - padding
        let left = generator.int(in: 0..<(w + 2 * padding - size.width + 1)) - padding
        Self.crop(&image, top: top, left: left, size: size, fill: fill)
    }

    /// `F.crop`: the window at (top, left) of `size`; pixels outside the image read `fill`.
    public static func crop(_ image: inout ImageBuffer, top: Int, left: Int, size: ImageSize, fill: Float = 0) {
        let (h, w) = (image.height, image.width)
        let src = image.pixels, dst = image.scratch
        for y in 0..<size.height {
            let sy = top + y
            let out = dst + y * size.width
            guard sy >= 0 && sy < h else {
                out.update(repeating: fill, count: size.width)
                continue
            }
            // Columns [x0, x1) of the window lie inside the image: one copy; the rest is fill.
            let x0 = min(max(-left, 0), size.width), x1 = max(min(w - left, size.width), x0)
            if x0 > 0 { out.update(repeating: fill, count: x0) }
            if x1 > x0 { (out + x0).update(from: src + sy * w + left + x0, count: x1 - x0) }
            if x1 < size.width { (out + x1).update(repeating: fill, count: size.width - x1) }
        }
        image.swapBuffers()
        image.size = size
    }
}

/// `T.RandomResizedCrop(size, scale, ratio)`: cuts a window of area U(scale)·H·W
/// and aspect w/h = exp(U(log ratio)) (ten tries, then a centre crop) and resizes
/// it to `size`, bilinearly (without torchvision's antialiasing when shrinking).
public struct RandomResizedCrop: Transform {
    public let size: ImageSize
    public let scale: ClosedRange<Double>
    public let ratio: ClosedRange<Double>

    public init(size: Int, scale: ClosedRange<Double> = 0.08...1, ratio: ClosedRange<Double> = (3.0 / 4)...(4.0 / 3)) {
        self.init(size: ImageSize(height: size, width: size), scale: scale, ratio: ratio)
    }

    public init(size: ImageSize, scale: ClosedRange<Double> = 0.08...1,
                ratio: ClosedRange<Double> = (3.0 / 4)...(4.0 / 3)) {
        self.size = size
        self.scale = scale
        self.ratio = ratio
    }

    public func outputSize(for input: ImageSize) -> ImageSize { size }

    /// The window (`RandomResizedCrop.get_params`).
    public func parameters(for input: ImageSize, generator: Generator)
        -> (top: Int, left: Int, height: Int, width: Int) {
        let (height, width) = (input.height, input.width)
        let area = Double(input.count)
        let logLow = log(ratio.lowerBound), logHigh = log(ratio.upperBound)
        func draw(_ a: Double, _ b: Double) -> Double { a + (b - a) * Double(generator.nextUniform()) }
        for _ in 0..<10 {
            let targetArea = area * draw(scale.lowerBound, scale.upperBound)
            let aspect = exp(draw(logLow, logHigh))
            let w = Int((targetArea * aspect).squareRoot().rounded())
            let h = Int((targetArea / aspect).squareRoot().rounded())
            if w > 0 && w <= width && h > 0 && h <= height {
                return (generator.int(in: 0..<(height - h + 1)), generator.int(in: 0..<(width - w + 1)), h, w)
            }
        }
        // Fallback: the largest centre crop whose aspect lies within `ratio`.
        let inRatio = Double(width) / Double(height)
        var (w, h) = (width, height)
        if inRatio < ratio.lowerBound {
            h = Int((Double(w) / ratio.lowerBound).rounded())
        } else if inRatio > ratio.upperBound {
            w = Int((Double(h) * ratio.upperBound).rounded())
        }
        return ((height - h) / 2, (width - w) / 2, h, w)
    }

    public func apply(to image: inout ImageBuffer, generator: Generator) {
        let r = parameters(for: image.size, generator: generator)
        Self.resizedCrop(&image, top: r.top, left: r.left, height: r.height, width: r.width, size: size)
    }

    /// `F.resized_crop` with bilinear interpolation, `align_corners=False`:
    /// output pixel x reads source (x + 0.5)·(w / W') − 0.5, clamped to the window.
    public static func resizedCrop(_ image: inout ImageBuffer, top: Int, left: Int, height: Int, width: Int,
                                   size: ImageSize) {
        let w = image.width
        let src = image.pixels, dst = image.scratch
        let sy = Float(height) / Float(size.height), sx = Float(width) / Float(size.width)
        for y in 0..<size.height {
            let fy = max((Float(y) + 0.5) * sy - 0.5, 0)
            let y0 = min(Int(fy), height - 1), y1 = min(y0 + 1, height - 1)
            let ly = fy - Float(y0)
            let row0 = src + (top + y0) * w + left, row1 = src + (top + y1) * w + left
            for x in 0..<size.width {
                let fx = max((Float(x) + 0.5) * sx - 0.5, 0)
                let x0 = min(Int(fx), width - 1), x1 = min(x0 + 1, width - 1)
                let lx = fx - Float(x0)
                let a = row0[x0] * (1 - lx) + row0[x1] * lx
                let b = row1[x0] * (1 - lx) + row1[x1] * lx
                dst[y * size.width + x] = a * (1 - ly) + b * ly
            }
        }
        image.swapBuffers()
        image.size = size
    }
}
