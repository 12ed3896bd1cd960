import Datasets
import Tensors
import XCTest

final class TransformValueTests: XCTestCase {
    func testToTensorScalesBytes() {
        let bytes = ByteImageDataset(pixels: [0, 51, 255, 102], labels: [7], imageSize: ImageSize(height: 2, width: 2))
        let (image, label) = bytes[0]
        XCTAssertEqual(image.shape, [1, 2, 2])
        XCTAssertEqual(label, 7)
        XCTAssertEqual(image.scalars, [0, 0.2, 1, 0.4], accuracy: 1e-6)
        // Already in [0, 1]: ToTensor leaves it alone.
        XCTAssertRowsEqual(transformed([[0.5, 1]], ToTensor()), [[0.5, 1]])
    }

    func testToTensorDividesLikeTorchvision() {
        // torchvision computes img.float().div(255); a product with 1/255 would
        // differ in the last bit for 126 of the 256 byte values.
        let everyByte = ByteImageDataset(pixels: (0...255).map { UInt8($0) }, labels: [0],
                                         imageSize: ImageSize(height: 16, width: 16))
        let expected = (0...255).map { Float($0) / 255 }
        // ToTensor first: the data set converts while it reads.
        var direct = DataLoader(everyByte, batchSize: 1).makeIterator()
        XCTAssertEqual(direct.next()?.images.scalars, expected)
        // ToTensor after another stage: the transform itself divides.
        var staged = DataLoader(everyByte, batchSize: 1,
                                transform: Compose([RandomHorizontalFlip(p: 0), ToTensor()])).makeIterator()
        XCTAssertEqual(staged.next()?.images.scalars, expected)
    }

    func testNormalize() {
        XCTAssertRowsEqual(transformed([[0, 0.5, 1]], Normalize(mean: 0.5, std: 0.25)), [[-2, 0, 2]])
        XCTAssertRowsEqual(transformed([[0.2860]], Normalize(mean: [0.2860], std: [0.3530])), [[0]])
    }

    func testRandomErasingFillsARectangle() {
        let ones = [[Float]](repeating: [Float](repeating: 1, count: 20), count: 20)
        var erasedSomething = false
        for seed in UInt64(0)..<20 {
            let out = transformed(ones, RandomErasing(p: 1, value: -1), seed: seed)
            let erased = (0..<20).flatMap { y in (0..<20).compactMap { x in out[y][x] == -1 ? [y, x] : nil } }
            XCTAssertTrue(out.joined().allSatisfy { $0 == 1 || $0 == -1 })
            guard !erased.isEmpty else { continue }
            erasedSomething = true
            let ys = erased.map { $0[0] }, xs = erased.map { $0[1] }
            let h = ys.max()! - ys.min()! + 1, w = xs.max()! - xs.min()! + 1
            XCTAssertEqual(erased.count, h * w, "seed \(seed): the erased pixels fill their bounding box")
            XCTAssertTrue(h < 20 && w < 20)
            // Area within scale (0.02…0.33)·400, allowing for rounding of h and w.
            XCTAssertTrue((4...170).contains(h * w), "area \(h * w)")
        }
        XCTAssertTrue(erasedSomething)
        XCTAssertRowsEqual(transformed(ones, RandomErasing(p: 0)), ones)
    }

    func testColorJitter() {
        let image: [[Float]] = [[0.2, 0.4], [0.3, 0.5]]
        for seed in UInt64(0)..<10 {
            let out = transformed(image, ColorJitter(brightness: 0.5), seed: seed)
            let factor = out[0][0] / image[0][0]
            XCTAssertTrue((0.5...1.5).contains(factor))
            for y in 0..<2 { for x in 0..<2 { XCTAssertEqual(out[y][x], image[y][x] * factor, accuracy: 1e-5) } }
            // Contrast blends with the mean, which it keeps (no clipping here).
            let c = transformed(image, ColorJitter(contrast: 0.5), seed: seed)
            XCTAssertEqual(c.joined().reduce(0, +), 1.4, accuracy: 1e-5)
        }
        let bright = transformed([[0.9]], ColorJitter(brightness: 0.9), seed: 1)
        XCTAssertLessThanOrEqual(bright[0][0], 1, "clamped to 1")
    }

    func testGaussianNoise() {
        let image = [[Float]](repeating: [Float](repeating: 0.5, count: 30), count: 30)
        XCTAssertRowsEqual(transformed(image, GaussianNoise(std: 0)), image)
        let noisy = transformed(image, GaussianNoise(std: 0.1)).joined()
        let mean = noisy.reduce(0, +) / 900
        let std = (noisy.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 900).squareRoot()
        XCTAssertEqual(mean, 0.5, accuracy: 0.02)
        XCTAssertEqual(std, 0.1, accuracy: 0.02)
        let clipped = transformed(image, GaussianNoise(std: 2)).joined()
        XCTAssertTrue(clipped.allSatisfy { (0...1).contains($0) })
    }

    /// The same seed gives the same augmented image; another seed another one.
    func testSameSeedSameAugmentation() {
        let image = (0..<28).map { y in (0..<28).map { x in Float((x * y) % 17) / 16 } }
        let augment = Compose([RandomHorizontalFlip(), RandomAffine(degrees: 15, translate: (0.1, 0.1), scale: 0.9...1.1,
                                                                    shear: 10),
                               RandomErasing(p: 0.5), GaussianNoise(std: 0.05)])
        let a = transformed(image, augment, seed: 7), b = transformed(image, augment, seed: 7)
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, transformed(image, augment, seed: 8))
    }
}

func XCTAssertEqual(_ a: [Float], _ b: [Float], accuracy: Float, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, file: file, line: line)
    for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: accuracy, "\(a) vs \(b)", file: file, line: line) }
}
