// bench-train: one epoch of the seed's Fashion-MNIST training, against the
// time of that epoch's matrix products alone.
//
//     swift run -c release bench-train [--runs N] [--data-dir DIR]
//
// The epoch is exactly lesson 07's: 50,000 training images (the 50k/10k split
// with seed 42), a shuffled loader with batch 1000 and drop_last, the MLP
// 784 → 196 (ReLU) → 10, cross-entropy, backward, SGD lr 0.1, and the loss read
// back every step. The sgemm time is the same five products per step (forward
// of both layers; dW2, dH, dW1 — the input gradient is skipped, as the epoch
// skips it) run alone on buffers of the same shapes. Medians of `--runs` runs
// after one warm-up each. The last line is
//
//     epoch_s=<median> sgemm_s=<median> ratio=<epoch/sgemm>
import Datasets
import BenchmarkKit
import Foundation
import NN
import Optim
import Tensors
import Training

var runs = 7
var dataDirectory: URL? = nil
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--runs": runs = max(1, Int(arguments.next() ?? "") ?? runs)
    case "--data-dir": dataDirectory = arguments.next().map { URL(fileURLWithPath: $0) }
    default:
        print("usage: bench-train [--runs N] [--data-dir DIR]")
        exit(2)
    }
}

func report(_ label: String, _ times: [Double]) -> Double {
    let m = median(times)
    let all = times.map { String(format: "%.4f", $0) }.joined(separator: " ")
    print(label.padding(toLength: 40, withPad: " ", startingAt: 0) + String(format: "%8.4f s   (runs: %@)", m, all as NSString))
    return m
}

let (inFeatures, hidden, classes, batch) = (784, 196, 10, 1000)

do {
    let dataset = try FashionMNIST(train: true, dataDirectory: dataDirectory)
    let parts = randomSplit(dataset, lengths: [50_000, 10_000], generator: Generator(seed: 42))
    let loader = DataLoader(parts[0], batchSize: batch, shuffle: true, dropLast: true, generator: Generator(seed: 0xC0FFEE))
    let steps = loader.count
    print("OpenBLAS \(BLAS.coreName); \(steps) steps of batch \(batch) per epoch; medians of \(runs) runs\n")

    let generator = Generator(seed: 0xC0FFEE)
    let model = Sequential(Flatten(), Linear(inFeatures, hidden, generator: generator), ReLU(),
                           Linear(hidden, classes, generator: generator))
    let optimizer = SGD(model.parameters(), lr: 0.1)
    let lossFunction = CrossEntropyLoss()

    func trainingEpoch() -> Float {
        var last: Float = 0
        for (images, labels) in loader {
            let loss = lossFunction(model(images), labels)
            optimizer.zeroGrad()
            loss.backward()
            optimizer.step()
            last = loss.item()
        }
        return last
    }

    // The same five products per step, alone, on buffers of the epoch's shapes.
    let x = Tensor.rand([batch, inFeatures]), w1 = Tensor.rand([hidden, inFeatures])
    let h = Tensor.rand([batch, hidden]), w2 = Tensor.rand([classes, hidden])
    let y = Tensor.rand([batch, classes]), dW1 = Tensor.zeros([hidden, inFeatures])
    let dW2 = Tensor.zeros([classes, hidden]), dH = Tensor.zeros([batch, hidden])
    let (px, pw1, ph, pw2, py) = (x.storage.pointer, w1.storage.pointer, h.storage.pointer, w2.storage.pointer, y.storage.pointer)
    func sgemmEpoch() {
        for _ in 0..<steps {
            BLAS.sgemm(transposeA: false, transposeB: true, m: batch, n: hidden, k: inFeatures, a: px, b: pw1, c: ph)
            BLAS.sgemm(transposeA: false, transposeB: true, m: batch, n: classes, k: hidden, a: ph, b: pw2, c: py)
            BLAS.sgemm(transposeA: true, transposeB: false, m: classes, n: hidden, k: batch, a: py, b: ph, c: dW2.storage.pointer)
            BLAS.sgemm(transposeA: false, transposeB: false, m: batch, n: hidden, k: classes, a: py, b: pw2, c: dH.storage.pointer)
            BLAS.sgemm(transposeA: true, transposeB: false, m: hidden, n: inFeatures, k: batch, a: dH.storage.pointer, b: px, c: dW1.storage.pointer)
        }
    }

    // Loader alone, for the record: how much of the epoch is data.
    func loaderEpoch() -> Float {
        var s: Float = 0
        for (images, _) in loader { s += images.storage.pointer[0] }
        return s
    }

    // The same epoch with a clock around each phase, to see where the rest goes.
    var phases = [Double](repeating: 0, count: 4)
    func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
    func phasedEpoch() {
        var iterator = loader.makeIterator()
        var t = now()
        while let (images, labels) = iterator.next() {
            var u = now(); phases[0] += Double(u - t) / 1e9; t = u
            let loss = lossFunction(model(images), labels)
            u = now(); phases[1] += Double(u - t) / 1e9; t = u
            optimizer.zeroGrad()
            loss.backward()
            u = now(); phases[2] += Double(u - t) / 1e9; t = u
            optimizer.step()
            _ = loss.item()
            u = now(); phases[3] += Double(u - t) / 1e9; t = u
        }
    }

    _ = trainingEpoch(); sgemmEpoch(); _ = loaderEpoch()
    var epochTimes: [Double] = [], sgemmTimes: [Double] = [], loaderTimes: [Double] = []
    var sink: Float = 0
    // Interleaved, so that a burst of load on the machine hits both alike.
    for _ in 0..<runs {
        epochTimes.append(seconds { sink += trainingEpoch() })
        sgemmTimes.append(seconds { sgemmEpoch() })
        loaderTimes.append(seconds { sink += loaderEpoch() })
    }
    let epoch = report("training epoch (loader → SGD step)", epochTimes)
    let sgemm = report("its sgemm calls alone", sgemmTimes)
    _ = report("its loader alone (for reference)", loaderTimes)
    for _ in 0..<runs { phasedEpoch() }
    print("\nphases of the epoch (means):")
    for (name, total) in zip(["loader next()", "forward + loss", "zeroGrad + backward", "SGD step + item()"], phases) {
        print("  " + name.padding(toLength: 24, withPad: " ", startingAt: 0) + String(format: "%8.4f s", total / Double(runs)))
    }
    print(String(format: "\nlast loss %.4f\n", sink / Float(runs)))
    print(String(format: "epoch_s=%.4f sgemm_s=%.4f ratio=%.3f", epoch, sgemm, epoch / sgemm))
} catch {
    print("bench-train: \(error)")
    exit(1)
}
