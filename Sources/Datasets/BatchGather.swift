import CMemory
import Foundation
import Tensors

/// The background batch gather: the one place a `DataLoader` uses a second thread.
///
/// When the transform is `ToTensor()` alone and the data set allows concurrent
/// reads (`Dataset.supportsConcurrentReads`), the loader starts gathering
/// batch t + 1 on a long-lived thread (`BackgroundThread`) as soon as it hands
/// out batch t, on the core OpenBLAS leaves idle between large products
/// (PyTorch would need `num_workers=1` for that). The batches are exactly those
/// of the plain loop in `DataLoader.Iterator.next()`: random transforms never
/// run here, so a seed means the same thing either way. On one core, or with
/// any other transform, the loader runs the plain loop.
struct BackgroundBatches {
    private let dataset: any Dataset
    private let imageShape: [Int]
    /// The batch being gathered now, and the indices it is for.
    private var upcoming: (indices: [Int], gather: BatchGather)?

    init?(dataset: any Dataset, pipeline: TransformPipeline) {
        guard pipeline.isPlainToTensor, dataset.supportsConcurrentReads,
              ProcessInfo.processInfo.activeProcessorCount > 1 else { return nil }
        self.dataset = dataset
        imageShape = [1, pipeline.outputSize.height, pipeline.outputSize.width]
    }

    /// The batch of `indices` (already under way when the previous call named
    /// them), and starts gathering `following` in the background.
    mutating func take(_ indices: [Int], thenGather following: [Int]?) -> (images: Tensor, labels: [Int]) {
        let current = upcoming.flatMap { $0.indices == indices ? $0.gather : nil } ?? gather(indices)
        upcoming = following.map { ($0, gather($0)) }
        return current.finish()
    }

    private func gather(_ indices: [Int]) -> BatchGather {
        BatchGather(dataset: dataset, indices: indices, imageShape: imageShape)
    }
}

/// One batch of plain `ToTensor` samples, gathered by two threads.
///
/// The loader starts a background thread on batch t + 1 as soon as it hands
/// out batch t. That thread works while the training step leaves a core idle
/// and waits whenever a large sgemm runs (OpenBLAS then uses every core); when
/// the batch is asked for, the loader's own thread writes whatever is left.
/// Each sample is claimed by exactly one thread and lands in its own slot, so
/// the batch is the one a single thread would have gathered.
final class BatchGather: @unchecked Sendable {
    let images: Tensor
    private let dataset: any Dataset
    private let indices: [Int]
    private let sampleSize: Int
    private let labels: UnsafeMutablePointer<Int>
    /// [0]: the next sample to claim; [1]: samples written.
    private let counters: UnsafeMutablePointer<Int>

    init(dataset: any Dataset, indices: [Int], imageShape: [Int]) {
        self.dataset = dataset
        self.indices = indices
        sampleSize = imageShape.reduce(1, *)
        images = Tensor(shape: [indices.count] + imageShape) { _ in }
        labels = .allocate(capacity: indices.count)
        counters = .allocate(capacity: 2)
        counters.initialize(repeating: 0, count: 2)
        BackgroundThread.shared.async { self.write(inBackground: true) }
    }

    deinit {
        labels.deallocate()
        counters.deallocate()
    }

    /// Writes the samples nobody has claimed yet, waits for the ones the
    /// background thread is writing, and returns the batch.
    func finish() -> (images: Tensor, labels: [Int]) {
        write(inBackground: false)
        while atomic_load_long(counters + 1) < indices.count { sched_yield() }
        return (images, Array(UnsafeBufferPointer(start: labels, count: indices.count)))
    }

    private func write(inBackground: Bool) {
        let batch = images.storage.pointer, count = indices.count
        while true {
            if inBackground { BLAS.waitUntilIdle() }
            let k = atomic_add_long(counters, 1) - 1
            guard k < count else { return }
            let ahead = k + DataLoader.prefetchDistance
            if ahead < count { dataset.prefetch(indices[ahead]) }
            labels[k] = dataset.sampleInUnitRange(at: indices[k], into: batch + k * sampleSize)
            atomic_add_long(counters + 1, 1)
        }
    }
}
