// bench-data: how fast the data layer is on the real Fashion-MNIST.
//
//     swift run -c release bench-data [--runs N] [--data-dir DIR]
//
// Times loading train + test (checking the MD5s from scratch, with the verdict
// cached, and without checking), the 50k/10k split, and one epoch of a
// shuffled DataLoader over the 60,000 training images (batch 1000) with
// ToTensor alone and with augmentation. Prints medians, then one JSON line.
import Datasets
import BenchmarkKit
import Foundation
import Tensors

var runs = 5
var dataDirectory: URL? = nil
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--runs": runs = Int(arguments.next() ?? "") ?? runs
    case "--data-dir": dataDirectory = arguments.next().map { URL(fileURLWithPath: $0) }
    default:
        print("usage: bench-data [--runs N] [--data-dir DIR]")
        exit(2)
    }
}

var results: [(key: String, label: String, seconds: Double)] = []
func measure(_ key: String, _ label: String, runs: Int, _ body: () throws -> Void) rethrows {
    var times: [Double] = []
    for _ in 0..<runs { times.append(try seconds(body)) }
    let m = median(times)
    results.append((key, label, m))
    let all = times.map { String(format: "%.3f", $0) }.joined(separator: " ")
    let padded = label.padding(toLength: 48, withPad: " ", startingAt: 0)
    print(padded + String(format: "%7.3f s   (runs: %@)", m, all as NSString))
}

do {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("bench-data-\(getpid())")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let directory = try FashionMNIST.locate(train: true, dataDirectory: dataDirectory)
    print("Fashion-MNIST from \(directory.path); \(runs) runs each, medians\n")

    var train: FashionMNIST!
    var test: FashionMNIST!
    var fresh = 0
    try measure("load_md5_fresh", "load train+test, MD5 checked (empty cache)", runs: runs) {
        fresh += 1
        ChecksumCache.fileURL = scratch.appendingPathComponent("cache-\(fresh).tsv")
        train = try FashionMNIST(train: true, dataDirectory: directory)
        test = try FashionMNIST(train: false, dataDirectory: directory)
    }
    try measure("load_md5_cached", "load train+test, MD5 verdict cached", runs: runs) {
        train = try FashionMNIST(train: true, dataDirectory: directory)
        test = try FashionMNIST(train: false, dataDirectory: directory)
    }
    try measure("load_unchecked", "load train+test, no MD5 check", runs: runs) {
        train = try FashionMNIST(train: true, dataDirectory: directory, verifyChecksums: false)
        test = try FashionMNIST(train: false, dataDirectory: directory, verifyChecksums: false)
    }
    print("  train \(train.count) images, test \(test.count) images\n")

    var parts: [Subset] = []
    measure("split", "randomSplit 50k/10k, seed 42", runs: runs) {
        parts = randomSplit(train, lengths: [50_000, 10_000], generator: Generator(seed: 42))
    }
    precondition(parts.map(\.count) == [50_000, 10_000])

    func epoch(_ loader: DataLoader) -> Float {
        var checksum: Float = 0
        for batch in loader { checksum += batch.images.storage.pointer[0] + Float(batch.labels[0]) }
        return checksum
    }
    var sink: Float = 0
    let plain = DataLoader(train, batchSize: 1000, shuffle: true, generator: Generator(seed: 0), transform: ToTensor())
    measure("epoch_totensor", "epoch 60k, batch 1000, shuffled, ToTensor", runs: runs) { sink += epoch(plain) }
    let light = DataLoader(train, batchSize: 1000, shuffle: true, generator: Generator(seed: 0),
                           transform: Compose([RandomHorizontalFlip(), RandomCrop(size: 28, padding: 2), ToTensor()]))
    measure("epoch_light_aug", "epoch 60k, + flip, crop(28, padding 2)", runs: runs) { sink += epoch(light) }
    let affine = DataLoader(train, batchSize: 1000, shuffle: true, generator: Generator(seed: 0),
                            transform: Compose([RandomHorizontalFlip(), RandomAffine(degrees: 10, translate: (0.1, 0.1)),
                                                ToTensor()]))
    measure("epoch_affine_aug", "epoch 60k, + flip, affine(10°, 0.1) bilinear", runs: runs) { sink += epoch(affine) }
    let heavy = DataLoader(train, batchSize: 1000, shuffle: true, generator: Generator(seed: 0),
                           transform: Compose([RandomHorizontalFlip(), RandomRotation(degrees: 15), ToTensor(),
                                               RandomErasing(), Normalize(mean: 0.2860, std: 0.3530)]))
    measure("epoch_heavy_aug", "epoch 60k, + flip, rotation, erasing, normalize", runs: runs) { sink += epoch(heavy) }

    print(String(format: "\nPyTorch reference: ~0.33 s per epoch with ToTensor (DataLoader, num_workers=0). checksum %.1f", sink))
    let fields = results.map { String(format: "\"%@_s\": %.4f", $0.key as NSString, $0.seconds) }
    print("BENCH_DATA {\"runs\": \(runs), " + fields.joined(separator: ", ") + "}")
} catch {
    print("bench-data: \(error)")
    exit(1)
}
