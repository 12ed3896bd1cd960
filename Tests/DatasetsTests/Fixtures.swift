import Datasets
import Foundation
import XCTest

/// Small Fashion-MNIST-shaped data made in code: image i has pixel p =
/// (i·7 + p) mod 256 and label i mod 10.
enum Fixtures {
    static func pixels(count: Int) -> [UInt8] {
        (0..<count * 784).map { (k: Int) -> UInt8 in
            let image = k / 784, pixel = k % 784
            return UInt8((image * 7 + pixel) % 256)
        }
    }

    static func labels(count: Int) -> [UInt8] { (0..<count).map { UInt8($0 % 10) } }

    /// A fresh empty folder under the temporary directory.
    static func temporaryDirectory(_ name: String = #function) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("datasets-tests-\(ProcessInfo.processInfo.processIdentifier)")
            .appendingPathComponent(name.filter { $0.isLetter || $0.isNumber } + "-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes the four gzip'd files (`trainCount` and `testCount` images) into
    /// `directory` and returns their MD5s by file name.
    @discardableResult
    static func writeFashionMNIST(to directory: URL, trainCount: Int = 12, testCount: Int = 5) throws -> [String: String] {
        var md5: [String: String] = [:]
        for (prefix, n) in [("train", trainCount), ("t10k", testCount)] {
            let images = directory.appendingPathComponent("\(prefix)-images-idx3-ubyte.gz")
            let labels = directory.appendingPathComponent("\(prefix)-labels-idx1-ubyte.gz")
            try IDX.write(dimensions: [n, 28, 28], bytes: pixels(count: n), to: images, gzip: true)
            try IDX.write(dimensions: [n], bytes: self.labels(count: n), to: labels, gzip: true)
            md5[images.lastPathComponent] = try MD5.hex(fileAt: images)
            md5[labels.lastPathComponent] = try MD5.hex(fileAt: labels)
        }
        return md5
    }

    /// A tensor data set of `count` images of `height × width` with values v(i, y, x).
    static func tensorDataset(count: Int, height: Int, width: Int,
                              value: (Int, Int, Int) -> Float = { i, y, x in Float(i * 100 + y * 10 + x) / 1000 })
        -> TensorDataset {
        var scalars: [Float] = []
        for i in 0..<count { for y in 0..<height { for x in 0..<width { scalars.append(value(i, y, x)) } } }
        return TensorDataset(images: Tensor(scalars, shape: [count, 1, height, width]),
                             labels: (0..<count).map { $0 % 10 })
    }
}

import Tensors

/// Runs `transform` on an H×W image given as rows and returns the rows it makes.
func transformed(_ rows: [[Float]], _ transform: any Transform, seed: UInt64 = 0) -> [[Float]] {
    let out = transform(Tensor(rows: rows), generator: Generator(seed: seed))
    let (h, w) = (out.shape[1], out.shape[2])
    let s = out.scalars
    return (0..<h).map { y in Array(s[y * w..<(y + 1) * w]) }
}

func XCTAssertRowsEqual(_ a: [[Float]], _ b: [[Float]], accuracy: Float = 1e-5, _ message: String = "",
                        file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, "row count " + message, file: file, line: line)
    for (ra, rb) in zip(a, b) {
        XCTAssertEqual(ra.count, rb.count, "row length " + message, file: file, line: line)
        for (x, y) in zip(ra, rb) where abs(x - y) > accuracy {
            XCTFail("\(a) is not \(b) " + message, file: file, line: line)
            return
        }
    }
}
