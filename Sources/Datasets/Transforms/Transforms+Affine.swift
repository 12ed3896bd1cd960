import Foundation
import Tensors

/// How a geometric transform reads between pixels (`InterpolationMode`).
public enum Interpolation {
    case nearest
    case bilinear
}

/// Resamples the image through an affine map, torchvision's way: `inverse` maps
/// an output pixel's centre, relative to the image centre ((W−1)/2, (H−1)/2),
/// to the input point it reads from. Points outside read `fill`.
func warpAffine(_ image: inout ImageBuffer, inverse m: [Double], interpolation: Interpolation, fill: Float) {
    let h = image.height, w = image.width
    let src = image.pixels, dst = image.scratch
    let cx = Float(w - 1) / 2, cy = Float(h - 1) / 2
    let m0 = Float(m[0]), m1 = Float(m[1]), m3 = Float(m[3]), m4 = Float(m[4])
    // Input point of output pixel (j, i): x = m0·j + bx, y = m3·j + by (centre folded in).
    let bx0 = Float(m[2]) + cx - m0 * cx, by0 = Float(m[5]) + cy - m3 * cx
    @inline(__always) func at(_ x: Int, _ y: Int) -> Float {
        x >= 0 && x < w && y >= 0 && y < h ? src[y * w + x] : fill
    }
    switch interpolation {
    case .nearest:
        for i in 0..<h {
            let yo = Float(i) - cy, bx = m1 * yo + bx0, by = m4 * yo + by0
            for j in 0..<w {
                let xs = m0 * Float(j) + bx, ys = m3 * Float(j) + by
                dst[i * w + j] = at(Int(xs.rounded(.toNearestOrEven)), Int(ys.rounded(.toNearestOrEven)))
            }
        }
    case .bilinear:
        for i in 0..<h {
            let yo = Float(i) - cy, bx = m1 * yo + bx0, by = m4 * yo + by0
            for j in 0..<w {
                let xs = m0 * Float(j) + bx, ys = m3 * Float(j) + by
                // Points farther out than one pixel read only the fill (this also keeps NaN out).
                guard xs > -1 && xs < Float(w) && ys > -1 && ys < Float(h) else {
                    dst[i * w + j] = fill
                    continue
                }
                // floor by truncation of a positive number: no libm call in the hot loop.
                let ix = Int(xs + 1) - 1, iy = Int(ys + 1) - 1
                let fx = xs - Float(ix), fy = ys - Float(iy)
                let v00, v01, v10, v11: Float
                if ix >= 0 && ix < w - 1 && iy >= 0 && iy < h - 1 {
                    let p = src + iy * w + ix
                    v00 = p[0]; v01 = p[1]; v10 = p[w]; v11 = p[w + 1]
                } else {
                    v00 = at(ix, iy); v01 = at(ix + 1, iy); v10 = at(ix, iy + 1); v11 = at(ix + 1, iy + 1)
                }
                let top = v00 + (v01 - v00) * fx
                let bottom = v10 + (v11 - v10) * fx
                dst[i * w + j] = top + (bottom - top) * fy
            }
        }
    }
    image.swapBuffers()
}

/// torchvision's `_get_inverse_affine_matrix`: the output→input map of
/// rotation by `angle` degrees, then `scale`, shears `shear` (degrees, x and y),
/// then translation by `translate` pixels, about the image centre.
func inverseAffineMatrix(angle: Double, translate: (Double, Double), scale: Double,
                         shear: (Double, Double)) -> [Double] {
    let rot = angle * .pi / 180, sx = shear.0 * .pi / 180, sy = shear.1 * .pi / 180
    let a = cos(rot - sy) / cos(sy)
    let b = -cos(rot - sy) * tan(sx) / cos(sy) - sin(rot)
    let c = sin(rot - sy) / cos(sy)
    let d = -sin(rot - sy) * tan(sx) / cos(sy) + cos(rot)
    var m = [d, -b, 0, -c, a, 0].map { $0 / scale }
    m[2] += m[0] * -translate.0 + m[1] * -translate.1
    m[5] += m[3] * -translate.0 + m[4] * -translate.1
    return m
}

/// `T.RandomRotation(degrees)`: rotates by an angle ~ U(−degrees, degrees) about
/// the centre; positive angles turn counter-clockwise, as in torchvision.
/// Corners that come from outside the image get `fill`. (torchvision's default
/// interpolation is nearest; ours is bilinear, smoother on 28×28 images.)
public struct RandomRotation: Transform {
    public let degrees: ClosedRange<Double>
    public let interpolation: Interpolation
    public let fill: Float

    public init(degrees: Double, interpolation: Interpolation = .bilinear, fill: Float = 0) {
        checkUsage(degrees >= 0, "RandomRotation", "degrees must be ≥ 0 (or give a range)")
        self.init(degrees: -degrees...degrees, interpolation: interpolation, fill: fill)
    }

    public init(degrees: ClosedRange<Double>, interpolation: Interpolation = .bilinear, fill: Float = 0) {
        self.degrees = degrees
        self.interpolation = interpolation
        self.fill = fill
    }

    public func apply(to image: inout ImageBuffer, generator: Generator) {
        let angle = Double(generator.uniform(Float(degrees.lowerBound), Float(degrees.upperBound)))
        Self.rotate(&image, degrees: angle, interpolation: interpolation, fill: fill)
    }

    /// `F.rotate`: counter-clockwise by `degrees` (torchvision passes −angle to the affine map).
    public static func rotate(_ image: inout ImageBuffer, degrees: Double, interpolation: Interpolation = .bilinear,
                              fill: Float = 0) {
        let m = inverseAffineMatrix(angle: -degrees, translate: (0, 0), scale: 1, shear: (0, 0))
        warpAffine(&image, inverse: m, interpolation: interpolation, fill: fill)
    }
}

/// `T.RandomAffine(degrees, translate, scale, shear)` with torchvision's draws, in
/// its order: angle ~ U(−degrees, degrees) (clockwise for positive, as `F.affine`);
/// shifts tx ~ U(−t.x·W, t.x·W), ty ~ U(−t.y·H, t.y·H) rounded to whole pixels;
/// scale ~ U(scale); x-shear ~ U(−shear, shear) degrees.
public struct RandomAffine: Transform {
    public let degrees: ClosedRange<Double>
    public let translate: (x: Double, y: Double)?
    public let scale: ClosedRange<Double>?
    public let shear: ClosedRange<Double>?
    public let interpolation: Interpolation
    public let fill: Float

    public init(degrees: Double, translate: (x: Double, y: Double)? = nil, scale: ClosedRange<Double>? = nil,
                shear: Double? = nil, interpolation: Interpolation = .bilinear, fill: Float = 0) {
        checkUsage(degrees >= 0, "RandomAffine", "degrees must be ≥ 0")
        if let t = translate {
            checkUsage((0...1).contains(t.x) && (0...1).contains(t.y), "RandomAffine", "translate must lie in [0, 1]")
        }
        if let scale { checkUsage(scale.lowerBound > 0, "RandomAffine", "scale must be positive") }
        self.degrees = -degrees...degrees
        self.translate = translate
        self.scale = scale
        self.shear = shear.map { -$0...$0 }
        self.interpolation = interpolation
        self.fill = fill
    }

    /// The drawn parameters (`RandomAffine.get_params`).
    public func parameters(for size: ImageSize, generator: Generator)
        -> (angle: Double, translate: (Int, Int), scale: Double, shear: Double) {
        func draw(_ r: ClosedRange<Double>) -> Double {
            r.lowerBound + (r.upperBound - r.lowerBound) * Double(generator.nextUniform())
        }
        let angle = draw(degrees)
        var shift = (0, 0)
        if let t = translate {
            let maxDx = t.x * Double(size.width), maxDy = t.y * Double(size.height)
            shift = (Int(draw(-maxDx...maxDx).rounded()), Int(draw(-maxDy...maxDy).rounded()))
        }
        let s = scale.map(draw) ?? 1
        let sh = shear.map(draw) ?? 0
        return (angle, shift, s, sh)
    }

    public func apply(to image: inout ImageBuffer, generator: Generator) {
        let p = parameters(for: image.size, generator: generator)
        Self.affine(&image, angle: p.angle, translate: p.translate, scale: p.scale, shear: p.shear,
                    interpolation: interpolation, fill: fill)
    }

    /// `F.affine`: rotation by `angle` degrees (clockwise), translation in pixels
    /// (+x right, +y down), scale, x-shear in degrees, about the centre.
    public static func affine(_ image: inout ImageBuffer, angle: Double, translate: (Int, Int), scale: Double,
                              shear: Double, interpolation: Interpolation = .bilinear, fill: Float = 0) {
        let m = inverseAffineMatrix(angle: angle, translate: (Double(translate.0), Double(translate.1)),
                                    scale: scale, shear: (shear, 0))
        warpAffine(&image, inverse: m, interpolation: interpolation, fill: fill)
    }
}
