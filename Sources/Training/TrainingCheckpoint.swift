import Foundation
import NN
import Optim
import Tensors

/// A checkpoint to resume training from, in one safetensors file:
///
///     model.<name>                       the module's parameters (PyTorch names after the prefix)
///     optimizer.<index>.<buffer>         per-parameter optimizer buffers (exp_avg, momentum_buffer, ...)
///     __metadata__                       format, epoch, global_step, optimizer steps, lrs
///                                        and momenta (which OneCycleLR cycles),
///                                        scheduler and its position (JSON), generator states
///
/// Epoch is the last finished epoch; `restore` returns the next one. The
/// scheduler that `configureOptimizers` builds on resuming gets the saved
/// position, so the schedule goes on where it stopped.
public enum TrainingCheckpoint {
    public static let format = "fcnn-course-training-checkpoint/1"

    public static func save(to url: URL, module: Module, optimizer: Optimizer, scheduler: LRScheduler? = nil,
                            epoch: Int, globalStep: Int,
                            generators: [Generator], metadata extra: [String: String] = [:]) throws {
        var state: StateDict = module.stateDict().map { ("model." + $0.name, $0.tensor) }
        let optimizerState = optimizer.stateDict()
        var steps: [String] = []
        for (index, parameterState) in optimizerState.state.sorted(by: { $0.key < $1.key }) {
            for (name, buffer) in parameterState.buffers.sorted(by: { $0.key < $1.key }) {
                state.append(("optimizer.\(index).\(name)", buffer))
            }
            if let step = parameterState.step { steps.append("\(index):\(step)") }
        }
        var metadata = extra
        metadata["format"] = format
        metadata["epoch"] = "\(epoch)"
        metadata["global_step"] = "\(globalStep)"
        metadata["optimizer"] = "\(type(of: optimizer))"
        metadata["optimizer_steps"] = steps.joined(separator: ",")
        metadata["optimizer_stateful"] = optimizerState.state.keys.sorted().map(String.init).joined(separator: ",")
        metadata["lr"] = optimizerState.paramGroups.map { "\($0.hyperparameters.lr ?? 0)" }.joined(separator: ",")
        metadata["momentum"] = optimizerState.paramGroups.map { $0.hyperparameters.momentum.map { "\($0)" } ?? "" }
            .joined(separator: ",")
        metadata["betas"] = optimizerState.paramGroups.map { $0.hyperparameters.betas.map { "\($0.0):\($0.1)" } ?? "" }
            .joined(separator: ",")
        metadata["initial_lr"] = optimizerState.paramGroups.map { $0.initialLR.map { "\($0)" } ?? "" }.joined(separator: ",")
        if let scheduler {
            metadata["scheduler"] = "\(type(of: scheduler))"
            let json = try JSONEncoder().encode(scheduler.stateDict())
            metadata["scheduler_state"] = String(decoding: json, as: UTF8.self)
        }
        metadata["generators"] = generators.map { $0.stateWords.map { String($0, radix: 16) }.joined(separator: ":") }
            .joined(separator: ",")
        try Safetensors.save(state, metadata: metadata, to: url)
    }

    public struct ResumeError: Error, CustomStringConvertible {
        public let path: String, message: String
        public var description: String { "cannot resume from \(path): \(message)" }
    }

    /// Loads weights, optimizer state and generator states; returns the epoch to start from.
    static func restore(from url: URL, module: Module, optimizer: Optimizer, scheduler: LRScheduler?,
                        generators: [Generator], trainer: Trainer) throws -> Int {
        let (state, metadata) = try Safetensors.load(from: url)
        func fail(_ message: String) -> ResumeError { ResumeError(path: url.path, message: message) }
        guard metadata["format"] == format else {
            throw fail("it is not a training checkpoint (no \"format\": \"\(format)\" in its metadata); "
                       + "a weights-only file loads with model.load(from:)")
        }
        guard let epoch = metadata["epoch"].flatMap(Int.init), let step = metadata["global_step"].flatMap(Int.init) else {
            throw fail("its metadata lacks epoch or global_step")
        }
        let saved = metadata["optimizer"] ?? "?"
        guard saved == "\(type(of: optimizer))" else {
            throw fail("it was saved with \(saved), but configureOptimizers returns \(type(of: optimizer))")
        }
        let savedScheduler = metadata["scheduler"] ?? "no scheduler"
        let expectedScheduler = scheduler.map { "\(type(of: $0))" } ?? "no scheduler"
        guard savedScheduler == expectedScheduler else {
            throw fail("it was saved with \(savedScheduler), but configureOptimizers returns \(expectedScheduler)")
        }
        if let scheduler {
            // The new scheduler is only this run's: loading its position first changes nothing else.
            guard let json = metadata["scheduler_state"],
                  let position = try? JSONDecoder().decode([String: [Double]].self, from: Data(json.utf8)) else {
                throw fail("its scheduler_state is missing or malformed")
            }
            do { try scheduler.loadStateDict(position) } catch { throw fail("\(error)") }
        }
        let weights: StateDict = state.filter { $0.name.hasPrefix("model.") }.map { (String($0.name.dropFirst(6)), $0.tensor) }
        var optimizerState = optimizer.stateDict()
        optimizerState.state = [:]
        let steps = Dictionary(uniqueKeysWithValues: (metadata["optimizer_steps"] ?? "").split(separator: ",").compactMap { pair -> (Int, Int)? in
            let parts = pair.split(separator: ":")
            guard parts.count == 2, let i = Int(parts[0]), let s = Int(parts[1]) else { return nil }
            return (i, s)
        })
        for index in (metadata["optimizer_stateful"] ?? "").split(separator: ",").compactMap({ Int($0) }) {
            var buffers: [String: Tensor] = [:]
            let prefix = "optimizer.\(index)."
            for (name, tensor) in state where name.hasPrefix(prefix) { buffers[String(name.dropFirst(prefix.count))] = tensor }
            optimizerState.state[index] = .init(step: steps[index], buffers: buffers)
        }
        let lrs = (metadata["lr"] ?? "").split(separator: ",").map { Double($0) }
        guard lrs.count == optimizerState.paramGroups.count else {
            throw fail("it has \(lrs.count) parameter group(s), the optimizer has \(optimizerState.paramGroups.count)")
        }
        /// One entry per group, empty where a group has no such value.
        func perGroup(_ key: String) -> [Substring] {
            (metadata[key] ?? "").split(separator: ",", omittingEmptySubsequences: false)
        }
        let initial = perGroup("initial_lr").map { Double($0) }
        let momenta = perGroup("momentum").map { Double($0) }
        let betas = perGroup("betas").map { pair -> (Double, Double)? in
            let parts = pair.split(separator: ":").compactMap { Double($0) }
            return parts.count == 2 ? (parts[0], parts[1]) : nil
        }
        for g in optimizerState.paramGroups.indices {
            if let lr = lrs[g] { optimizerState.paramGroups[g].hyperparameters.lr = lr }
            if g < momenta.count, let momentum = momenta[g] { optimizerState.paramGroups[g].hyperparameters.momentum = momentum }
            if g < betas.count, let pair = betas[g] { optimizerState.paramGroups[g].hyperparameters.betas = pair }
            if g < initial.count, let lr = initial[g] { optimizerState.paramGroups[g].initialLR = lr }
        }
        let words = (metadata["generators"] ?? "").split(separator: ",").map { $0.split(separator: ":").compactMap { UInt64($0, radix: 16) } }
        guard words.count >= generators.count, words.allSatisfy({ $0.count == 4 }) else {
            throw fail("its generator states are missing or malformed")
        }
        // Check everything before changing anything: the weights first (strict), then the optimizer.
        try module.loadStateDict(weights, strict: true)
        try optimizer.loadStateDict(optimizerState)
        for (generator, state) in zip(generators, words) { generator.stateWords = state }
        trainer.resume(epoch: epoch, globalStep: step)
        return epoch + 1
    }
}
