import Datasets
import Tensors
import XCTest

final class TransformGeometryTests: XCTestCase {
    /// A 5×5 image with distinct values v = (10y + x) / 100.
    let square5: [[Float]] = (0..<5).map { y in (0..<5).map { x in Float(10 * y + x) / 100 } }
    let square4: [[Float]] = (0..<4).map { y in (0..<4).map { x in Float(10 * y + x + 1) / 100 } }

    func testFlips() {
        let rows: [[Float]] = [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]]
        XCTAssertRowsEqual(transformed(rows, RandomHorizontalFlip(p: 1)), [[0.3, 0.2, 0.1], [0.6, 0.5, 0.4]])
        XCTAssertRowsEqual(transformed(rows, RandomVerticalFlip(p: 1)), [[0.4, 0.5, 0.6], [0.1, 0.2, 0.3]])
        XCTAssertRowsEqual(transformed(rows, RandomHorizontalFlip(p: 0)), rows)
        for flip in [RandomHorizontalFlip(p: 1), RandomVerticalFlip(p: 1)] as [any Transform] {
            XCTAssertRowsEqual(transformed(square5, Compose([flip, flip])), square5, "flip twice")
        }
    }

    func testRotationByZeroIsIdentity() {
        XCTAssertRowsEqual(transformed(square5, RandomRotation(degrees: 0)), square5, accuracy: 0)
        XCTAssertRowsEqual(transformed(square4, RandomRotation(degrees: 0...0)), square4, accuracy: 0)
    }

    /// Positive angles turn counter-clockwise (torchvision's `F.rotate`), which is
    /// numpy's `rot90`: new[i][j] = old[j][W − 1 − i] (transpose, then flip top–bottom).
    func testRotationBy90MatchesTransposeAndFlip() {
        for image in [square5, square4] {
            let n = image.count
            let ccw = (0..<n).map { i in (0..<n).map { j in image[j][n - 1 - i] } }
            let cw = (0..<n).map { i in (0..<n).map { j in image[n - 1 - j][i] } }
            XCTAssertRowsEqual(transformed(image, RandomRotation(degrees: 90...90)), ccw, accuracy: 1e-4, "90° CCW")
            XCTAssertRowsEqual(transformed(image, RandomRotation(degrees: -90 ... -90)), cw, accuracy: 1e-4, "−90°")
        }
    }

    /// A 45° turn of a 5×5 image keeps the centre and fills the corners with 0.
    func testRotationKeepsCentreAndFillsCorners() {
        let ones = [[Float]](repeating: [Float](repeating: 1, count: 5), count: 5)
        let out = transformed(ones, RandomRotation(degrees: 45...45))
        XCTAssertEqual(out[2][2], 1, accuracy: 1e-6)
        XCTAssertLessThan(out[0][0], 0.5)
        XCTAssertLessThan(out[4][4], 0.5)
    }

    func testAffineIdentityAndOnePixelTranslation() {
        XCTAssertRowsEqual(transformed(square5, RandomAffine(degrees: 0, translate: (0, 0), scale: 1...1, shear: 0)),
                           square5, accuracy: 0)
        // Moving right by one: column x takes column x − 1; column 0 gets the fill.
        let right = Lambda { image, _ in RandomAffine.affine(&image, angle: 0, translate: (1, 0), scale: 1, shear: 0) }
        var expected = square5.map { [0] + $0.dropLast() }
        XCTAssertRowsEqual(transformed(square5, right), expected, accuracy: 0)
        XCTAssertEqual(transformed(square5, right)[2][2], square5[2][1], "pixel (2, 1) moved to (2, 2)")
        // Moving down by one.
        let down = Lambda { image, _ in RandomAffine.affine(&image, angle: 0, translate: (0, 1), scale: 1, shear: 0) }
        expected = [[Float](repeating: 0, count: 5)] + square5.dropLast()
        XCTAssertRowsEqual(transformed(square5, down), expected, accuracy: 0)
    }

    /// `F.affine`'s angle turns clockwise (the opposite of `F.rotate`).
    func testAffineAngleIsClockwise() {
        let n = 5
        let cw = (0..<n).map { i in (0..<n).map { j in square5[n - 1 - j][i] } }
        let turn = Lambda { image, _ in RandomAffine.affine(&image, angle: 90, translate: (0, 0), scale: 1, shear: 0) }
        XCTAssertRowsEqual(transformed(square5, turn), cw, accuracy: 1e-4)
    }

    /// With degrees 0, RandomAffine is a whole-pixel shift by the drawn (tx, ty),
    /// which stays within ±translate·size.
    func testRandomAffineTranslationDraws() {
        let affine = RandomAffine(degrees: 0, translate: (0.2, 0.1))
        var seenX = Set<Int>(), seenY = Set<Int>()
        let image = (0..<10).map { y in (0..<10).map { x in Float(y * 10 + x + 1) / 100 } }
        for seed in UInt64(0)..<40 {
            let p = affine.parameters(for: ImageSize(height: 10, width: 10), generator: Generator(seed: seed))
            let (tx, ty) = p.translate
            XCTAssertTrue(abs(tx) <= 2 && abs(ty) <= 1, "shift \(p.translate) beyond 0.2·10, 0.1·10")
            seenX.insert(tx); seenY.insert(ty)
            let expected = (0..<10).map { y in (0..<10).map { x -> Float in
                let sy = y - ty, sx = x - tx
                return (0..<10).contains(sy) && (0..<10).contains(sx) ? image[sy][sx] : 0
            } }
            XCTAssertRowsEqual(transformed(image, affine, seed: seed), expected, accuracy: 0, "seed \(seed)")
        }
        XCTAssertEqual(seenX, Set(-2...2))
        XCTAssertEqual(seenY, Set(-1...1))
    }

    func testRandomCropWithPadding() {
        // Without padding a full-size crop is the identity, a smaller one a window.
        XCTAssertRowsEqual(transformed(square4, RandomCrop(size: 4)), square4, accuracy: 0)
        for seed in UInt64(0)..<10 {
            let out = transformed(square4, RandomCrop(size: 2), seed: seed)
            let top = square4.firstIndex { $0.contains(out[0][0]) }!, left = square4[top].firstIndex(of: out[0][0])!
            XCTAssertRowsEqual(out, [Array(square4[top][left..<left + 2]), Array(square4[top + 1][left..<left + 2])])
        }
        // Padding 1: the output is the image shifted by (dy, dx) ∈ {−1, 0, 1}², zeros coming in.
        var shifts = Set<[Int]>()
        for seed in UInt64(0)..<60 {
            let out = transformed(square4, RandomCrop(size: 4, padding: 1), seed: seed)
            XCTAssertEqual(out.count, 4)
            let match = (-1...1).flatMap { dy in (-1...1).map { dx in [dy, dx] } }.first { s in
                (0..<4).allSatisfy { y in (0..<4).allSatisfy { x in
                    let sy = y + s[0], sx = x + s[1]
                    return out[y][x] == ((0..<4).contains(sy) && (0..<4).contains(sx) ? square4[sy][sx] : 0)
                } }
            }
            XCTAssertNotNil(match, "seed \(seed): \(out) is no padded shift")
            if let match { shifts.insert(match) }
        }
        XCTAssertEqual(shifts.count, 9, "all nine offsets occur")
        // A crop larger than the image comes from the padding.
        XCTAssertEqual(transformed(square4, RandomCrop(size: 6, padding: 1)).count, 6)
    }

    func testRandomResizedCrop() {
        // Whole image, aspect 1: resizing to the same size changes nothing.
        XCTAssertRowsEqual(transformed(square5, RandomResizedCrop(size: 5, scale: 1...1, ratio: 1...1)), square5,
                           accuracy: 1e-6)
        // Another output size.
        let out = transformed(square5, RandomResizedCrop(size: ImageSize(height: 3, width: 7)), seed: 3)
        XCTAssertEqual(out.count, 3)
        XCTAssertEqual(out[0].count, 7)
        // Upscaling a constant crop stays constant; values never leave the input's range.
        let big = transformed(square5, RandomResizedCrop(size: 12), seed: 5).flatMap { $0 }
        XCTAssertGreaterThanOrEqual(big.min()!, 0)
        XCTAssertLessThanOrEqual(big.max()!, 0.44 + 1e-6)
        let r = RandomResizedCrop(size: 28, scale: 0.5...0.5, ratio: 1...1)
            .parameters(for: ImageSize(height: 28, width: 28), generator: Generator(seed: 1))
        XCTAssertEqual(r.height, 20)   // round(sqrt(0.5 · 784)) = round(19.8)
        XCTAssertEqual(r.width, 20)
    }
}
