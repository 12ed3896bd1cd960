import Datasets
import Tensors

/// A separable toy problem: class = which of 4 pixels is brightest.
func toyDataset(_ n: Int, seed: UInt64) -> TensorDataset {
    let g = Generator(seed: seed)
    var pixels = [Float](), labels = [Int]()
    for _ in 0..<n {
        let label = g.int(in: 0..<4)
        var image = (0..<4).map { _ in g.nextUniform() * 0.5 }
        image[label] += 0.6
        pixels += image
        labels.append(label)
    }
    return TensorDataset(images: Tensor(pixels, shape: [n, 1, 2, 2]), labels: labels)
}
