import Tensors

/// A snapshot of an optimizer, like PyTorch's `optimizer.state_dict()`.
///
/// Parameters are numbered 0, 1, 2, ... across groups in order; `state` holds,
/// for each parameter that has any, its step count and named buffers with
/// PyTorch's names (`momentum_buffer`, `exp_avg`, `exp_avg_sq`,
/// `max_exp_avg_sq`, `square_avg`, `grad_avg`, `sum`).
public struct OptimizerState {
    public struct ParameterState {
        /// Steps taken for this parameter (`state['step']`); `nil` for SGD, which keeps none.
        public var step: Int?
        /// Copies of the buffers, each the shape of its parameter.
        public var buffers: [String: Tensor]

        public init(step: Int?, buffers: [String: Tensor]) {
            self.step = step
            self.buffers = buffers
        }
    }

    public struct GroupState {
        public var hyperparameters: Hyperparameters
        public var initialLR: Double?
        /// The indices of this group's parameters (`param_groups[i]['params']`).
        public var parameterIndices: [Int]
        /// Their shapes, to refuse a state saved from another model.
        public var parameterShapes: [[Int]]
    }

    public var state: [Int: ParameterState]
    public var paramGroups: [GroupState]
}

/// What goes wrong when loading a state dict, with what fixes it.
public enum OptimizerStateError: Error, CustomStringConvertible {
    case groupCountMismatch(saved: Int, current: Int)
    case parameterCountMismatch(group: Int, saved: Int, current: Int)
    case parameterShapeMismatch(parameter: Int, saved: [Int], current: [Int])
    case bufferShapeMismatch(parameter: Int, name: String, bufferShape: [Int], parameterShape: [Int])
    case unknownParameter(index: Int, count: Int)
    case unknownBuffer(parameter: Int, name: String, optimizer: String)

    public var description: String {
        switch self {
        case let .groupCountMismatch(saved, current):
            return "the saved optimizer state has \(saved) parameter group(s) but this optimizer has \(current); "
                + "build the optimizer with the same groups as the one that was saved"
        case let .parameterCountMismatch(group, saved, current):
            return "parameter group \(group) had \(saved) parameter(s) when saved but has \(current) now; "
                + "build the optimizer over the same model parameters, in the same order"
        case let .parameterShapeMismatch(parameter, saved, current):
            return "parameter \(parameter) had shape \(saved) when saved but has shape \(current) now; "
                + "the state was saved from a different model"
        case let .bufferShapeMismatch(parameter, name, buffer, shape):
            return "buffer '\(name)' of parameter \(parameter) has shape \(buffer) but the parameter has shape \(shape); "
                + "the state was saved from a different model"
        case let .unknownParameter(index, count):
            return "the saved state has an entry for parameter \(index) but there are only \(count) parameters"
        case let .unknownBuffer(parameter, name, optimizer):
            return "parameter \(parameter) has a buffer '\(name)' that \(optimizer) does not use; "
                + "the state was saved from a different kind of optimizer"
        }
    }
}

/// Per-parameter state, keyed by the parameter's identity as PyTorch keys
/// `optimizer.state` by tensor.
final class ParameterStateStore {
    final class Entry {
        var step: Int?
        var buffers: [String: Tensor] = [:]
    }

    private(set) var entries: [ObjectIdentifier: Entry] = [:]
    /// The buffer names this optimizer uses, to refuse a foreign state dict.
    let bufferNames: Set<String>
    let optimizerName: String

    init(optimizerName: String, bufferNames: Set<String>) {
        self.optimizerName = optimizerName
        self.bufferNames = bufferNames
    }

    func entry(for parameter: Tensor) -> Entry {
        let key = ObjectIdentifier(parameter)
        if let entry = entries[key] { return entry }
        let entry = Entry()
        entries[key] = entry
        return entry
    }

    /// The named buffer of `entry`, created filled with `initial` if missing.
    /// Returns its base pointer and whether it was just created.
    func buffer(_ name: String, of entry: Entry, like parameter: Tensor,
                initial: Float = 0) -> (pointer: UnsafeMutablePointer<Float>, isNew: Bool) {
        if let existing = entry.buffers[name] { return (existing.storage.pointer, false) }
        let created = Tensor.full(parameter.shape, initial)
        entry.buffers[name] = created
        return (created.storage.pointer, true)
    }

    func stateDict(groups: [ParameterGroup]) -> OptimizerState {
        var state: [Int: OptimizerState.ParameterState] = [:]
        var groupStates: [OptimizerState.GroupState] = []
        var index = 0
        for group in groups {
            var indices: [Int] = []
            for parameter in group.parameters {
                if let entry = entries[ObjectIdentifier(parameter)] {
                    state[index] = .init(step: entry.step,
                                         buffers: entry.buffers.mapValues { $0.clone() })
                }
                indices.append(index)
                index += 1
            }
            groupStates.append(.init(hyperparameters: group.hyperparameters,
                                     initialLR: group.initialLR,
                                     parameterIndices: indices,
                                     parameterShapes: group.parameters.map(\.shape)))
        }
        return OptimizerState(state: state, paramGroups: groupStates)
    }

    /// Checks everything first, then replaces the groups' hyperparameters and
    /// all per-parameter state with copies of `saved`: a failed load changes nothing.
    func load(_ saved: OptimizerState, into groups: inout [ParameterGroup]) throws {
        guard saved.paramGroups.count == groups.count else {
            throw OptimizerStateError.groupCountMismatch(saved: saved.paramGroups.count, current: groups.count)
        }
        for (g, (savedGroup, group)) in zip(saved.paramGroups, groups).enumerated() {
            guard savedGroup.parameterIndices.count == group.parameters.count else {
                throw OptimizerStateError.parameterCountMismatch(
                    group: g, saved: savedGroup.parameterIndices.count, current: group.parameters.count)
            }
        }
        let parameters = groups.flatMap(\.parameters)
        let savedShapes = saved.paramGroups.flatMap(\.parameterShapes)
        for (i, (savedShape, parameter)) in zip(savedShapes, parameters).enumerated()
        where savedShape != parameter.shape {
            throw OptimizerStateError.parameterShapeMismatch(parameter: i, saved: savedShape, current: parameter.shape)
        }
        // Sorted, so that the first problem reported is always the same one.
        for (index, parameterState) in saved.state.sorted(by: { $0.key < $1.key }) {
            guard index >= 0 && index < parameters.count else {
                throw OptimizerStateError.unknownParameter(index: index, count: parameters.count)
            }
            for (name, buffer) in parameterState.buffers.sorted(by: { $0.key < $1.key }) {
                guard bufferNames.contains(name) else {
                    throw OptimizerStateError.unknownBuffer(parameter: index, name: name, optimizer: optimizerName)
                }
                guard buffer.count == parameters[index].count else {
                    throw OptimizerStateError.bufferShapeMismatch(
                        parameter: index, name: name, bufferShape: buffer.shape,
                        parameterShape: parameters[index].shape)
                }
            }
        }

        for g in groups.indices {
            groups[g].hyperparameters = saved.paramGroups[g].hyperparameters
            groups[g].initialLR = saved.paramGroups[g].initialLR
        }
        entries = [:]
        for (index, parameterState) in saved.state {
            let parameter = parameters[index]
            let entry = entry(for: parameter)
            entry.step = parameterState.step
            entry.buffers = parameterState.buffers.mapValues { buffer in
                let copy = Tensor.zeros(parameter.shape)
                copy.copy(from: buffer)
                return copy
            }
        }
    }
}
