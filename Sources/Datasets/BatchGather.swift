import CMemory
import Foundation
import Tensors

/// One batch of plain `ToTensor` samples, gathered by two threads.
///
/// The loader starts a background thread on batch t + 1 as soon as it hands
/// out batch t. That thread works while the training step leaves a core idle
/// and waits whenever a large sgemm runs (OpenBLAS then uses every core); when
/// the batch is asked for, the loader's own thread writes whatever is left.
/// Each sample is claimed by exactly one thread and lands in its own slot, so
/// the batch is the one a single thread would have gathered.
final class BatchGather: @unchecked Sendable {
    let position: Int
    let images: Tensor
    private let dataset: any Dataset
    private let indices: [Int]
    private let sampleSize: Int
    private let labels: UnsafeMutablePointer<Int>
    /// [0]: the next sample to claim; [1]: samples written.
    private let counters: UnsafeMutablePointer<Int>

    init(dataset: any Dataset, indices: [Int], position: Int, imageShape: [Int]) {
        self.dataset = dataset
        self.indices = indices
        self.position = position
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
