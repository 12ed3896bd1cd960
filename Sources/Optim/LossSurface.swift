import Tensors

/// Tools for looking at optimizers on a loss of a few scalar parameters: the
/// loss on a grid (for contour plots) and the path an optimizer takes.
///
///     let phi0 = Tensor([-5], requiresGrad: true), phi1 = Tensor([25], requiresGrad: true)
///     let path = LossSurface.path([phi0, phi1], optimizer: SGD([phi0, phi1], lr: 0.01), steps: 100) { _ in
///         loss(phi0.reshape(1, 1), phi1.reshape(1, 1)).sum()
///     }
///     let z = LossSurface.grid(x: phi0Values, y: phi1Values) { p0, p1 in loss(p0, p1) }
public enum LossSurface {
    /// The values of `f` on every point of the grid `x × y`, as `z[row = y][col = x]`
    /// (the layout of `Axes.contourf`).
    ///
    /// `f` is called once, under `noGrad`, with two column tensors of shape [G, 1]
    /// (G = x.count · y.count), the first holding each point's x value and the second
    /// its y value, so one broadcasting computation evaluates the whole grid. It must
    /// return G values (shape [G] or [G, 1]).
    public static func grid(x: [Double], y: [Double], _ f: (Tensor, Tensor) -> Tensor) -> [[Double]] {
        let nx = x.count, ny = y.count
        checkUsage(nx > 0 && ny > 0, "LossSurface.grid", "the grid is empty")
        let first = Tensor(shape: [nx * ny, 1]) { p in
            for r in 0..<ny { for c in 0..<nx { p[r * nx + c] = Float(x[c]) } }
        }
        let second = Tensor(shape: [nx * ny, 1]) { p in
            for r in 0..<ny { for c in 0..<nx { p[r * nx + c] = Float(y[r]) } }
        }
        let values = noGrad { f(first, second) }
        checkUsage(values.count == nx * ny, "LossSurface.grid", "f returned \(values.count) values for \(nx * ny) grid points (shape \(values.shape))")
        return values.withUnsafeBufferPointer { v in
            (0..<ny).map { r in (0..<nx).map { c in Double(v[r * nx + c]) } }
        }
    }

    /// Runs `optimizer` for `steps` steps and records where the parameters go.
    ///
    /// Each step: `zeroGrad()`, `objective(step).backward()`, record, `optimizer.step()`.
    /// `objective(step)` is the loss the gradient comes from (for SGD, the loss of
    /// mini-batch `step`); `report`, if given, is the loss recorded at each point (for
    /// SGD, the loss on all the data), evaluated under `noGrad`. Without `report` the
    /// objective's own value is recorded. The run stops early if a recorded loss or a
    /// parameter stops being finite (`Path.diverged`).
    ///
    /// - Parameters:
    ///   - parameters: the tensors the optimizer updates; every element is recorded.
    public static func path(_ parameters: [Tensor], optimizer: Optimizer, steps: Int,
                            report: (() -> Tensor)? = nil,
                            objective: (_ step: Int) -> Tensor) -> Path {
        checkUsage(steps >= 0, "LossSurface.path", "steps must be >= 0, got \(steps)")
        var path = Path(points: [], losses: [], diverged: false)
        func values() -> [Double] { parameters.flatMap { $0.scalars.map(Double.init) } }
        func reported() -> Double { Double(noGrad { report!() }.sum().item()) }
        for step in 0..<steps {
            optimizer.zeroGrad()
            let loss = objective(step)
            checkUsage(loss.count == 1, "LossSurface.path", "the objective must be a single number, got shape \(loss.shape)")
            loss.backward()
            let point = values()
            let value = report == nil ? Double(loss.item()) : reported()
            path.points.append(point)
            path.losses.append(value)
            guard value.isFinite, point.allSatisfy(\.isFinite) else {
                path.diverged = true
                return path
            }
            optimizer.step()
        }
        optimizer.zeroGrad()
        let point = values()
        let value = report == nil ? Double(noGrad { objective(steps) }.item()) : reported()
        path.points.append(point)
        path.losses.append(value)
        path.diverged = !value.isFinite || !point.allSatisfy(\.isFinite)
        return path
    }

    /// Where an optimizer went: `points[k]` are the parameter values after k steps
    /// (`points[0]` is the start) and `losses[k]` the loss there.
    public struct Path {
        public var points: [[Double]]
        public var losses: [Double]
        /// True when the run stopped on a non-finite loss or parameter.
        public var diverged: Bool

        public init(points: [[Double]], losses: [Double], diverged: Bool) {
            self.points = points
            self.losses = losses
            self.diverged = diverged
        }

        /// Coordinate `index` of every point (e.g. φ₀ along the path, for plotting).
        public func coordinate(_ index: Int) -> [Double] { points.map { $0[index] } }

        /// Number of steps taken.
        public var steps: Int { max(0, points.count - 1) }

        /// The first step count at which the loss is at most `threshold`, or nil.
        public func stepsToReach(_ threshold: Double) -> Int? { losses.firstIndex { $0 <= threshold } }
    }
}
