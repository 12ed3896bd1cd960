// Lesson 04 — optimizers.
//
//   swift run lesson-04-optimizers            (add --help for the flags)
//
// Section 2.3 of the lecture: GD, SGD and mini-batch SGD (and what the sum in
// the original notebook's formulas does to the learning rate), momentum and Nesterov on a
// non-convex least-squares fit, GD / normalised gradients / Adam on a loss that
// is steep in one direction and shallow in the other, Adam's bias correction
// and ε, and AdamW against Adam with an L2 term. Every path is made by the
// framework's optimizers stepping two parameter tensors.
import Course
import Foundation

let lesson = Lesson(
    id: "lesson-04-optimizers",
    title: L(ru: "Методы оптимизации", en: "Optimizers"),
    summary: L(ru: "GD, SGD, мини-батчи, моментум, Нестеров, Adam и AdamW — на поверхностях потерь двух параметров.",
               en: "GD, SGD, mini-batches, momentum, Nesterov, Adam and AdamW on loss surfaces of two parameters."))

let lrOption = lesson.option("lr", default: 2.0, range: .above(0, through: 100),
    help: L(ru: "шаг обучения γ для GD и SGD на задаче Габора (потери — среднее)",
            en: "learning rate γ of GD and SGD on the Gabor fit (mean loss)"))
let momentumOption = lesson.option("momentum", default: 0.95, range: 0..<1,
    help: L(ru: "моментум μ (SGD с моментумом и Нестеров)", en: "momentum μ (SGD with momentum and Nesterov)"))
let batchOption = lesson.option("batch", default: 5, range: 1...100_000,
    help: L(ru: "размер мини-батча для SGD", en: "mini-batch size of SGD"))
let stepsOption = lesson.option("steps", default: 200, range: 1...100_000,
    help: L(ru: "число шагов каждого оптимизатора", en: "steps of every optimizer"))
let startOption = lesson.option("start", default: [3.0, 10.0], range: -100...100, count: 2...2,
    help: L(ru: "начальная точка φ₀,φ₁ на задаче Габора", en: "start point φ₀,φ₁ on the Gabor fit"))
let adamLROption = lesson.option("adam-lr", default: 0.1, range: .above(0, through: 100),
    help: L(ru: "шаг Adam, AdamW, RMSprop и нормированного градиента", en: "learning rate of Adam, AdamW, RMSprop and normalised gradients"))
let betasOption = lesson.option("betas", default: [0.9, 0.999], range: 0..<1, count: 2...2,
    help: L(ru: "β₁,β₂ для Adam и AdamW", en: "β₁,β₂ of Adam and AdamW"))
let weightDecayOption = lesson.option("weight-decay", default: 0.5, range: 0...100,
    help: L(ru: "λ для сравнения AdamW и Adam с L2", en: "λ for AdamW versus Adam with L2"))

let gabor = GaborProblem()
let scale = ScaleProblem()
var steps: Int { stepsOption.value }
var betas: (Double, Double) { (betasOption.value[0], betasOption.value[1]) }
var gaborStart: [Float] { startOption.value.map(Float.init) }
let scaleStart: [Float] = [1.5, -5]
let gaborRange = (phi0: (-10.0, 10.0), phi1: (2.5, 22.5))
let scaleRange = (phi0: (-1.5, 2.0), phi1: (-6.0, 4.0))

/// Two fresh parameter tensors at `start`, as a model's parameters would be.
func parameters(at start: [Float]) -> [Tensor] { start.map { Tensor([$0], requiresGrad: true) } }

/// Mini-batch indices for step `k`: a fresh permutation every epoch, from the lesson's generator.
final class BatchSchedule {
    let n: Int, size: Int
    var order: [Int] = []
    init(n: Int, size: Int) { self.n = n; self.size = size }
    func next() -> [Int] {
        if order.count < size { order = Generator.default.permutation(n) }
        defer { order.removeFirst(size) }
        return Array(order.prefix(size))
    }
}

/// The optimizer runs on the Gabor fit; every one starts at `--start`.
enum GaborRun: CaseIterable {
    case gd, sgd, momentum, nesterov, adam, adamW, rmsprop, adagrad

    var name: String {
        switch self {
        case .gd: return "GD"
        case .sgd: return "SGD"
        case .momentum: return "SGD + momentum"
        case .nesterov: return "Nesterov"
        case .adam: return "Adam"
        case .adamW: return "AdamW"
        case .rmsprop: return "RMSprop"
        case .adagrad: return "Adagrad"
        }
    }

    func run() -> LossSurface.Path {
        let p = parameters(at: gaborStart)
        let lr = lrOption.value, mu = momentumOption.value
        // With momentum a steady gradient builds up to g/(1 − μ); γ(1 − μ) keeps the same top speed as plain GD.
        let optimizer: Optimizer
        switch self {
        case .gd, .sgd: optimizer = SGD(p, lr: lr)
        case .momentum: optimizer = SGD(p, lr: lr * (1 - mu), momentum: mu)
        case .nesterov: optimizer = SGD(p, lr: lr * (1 - mu), momentum: mu, nesterov: true)
        case .adam: optimizer = Adam(p, lr: adamLROption.value, betas: betas)
        case .adamW: optimizer = AdamW(p, lr: adamLROption.value, betas: betas, weightDecay: 0.01)
        case .rmsprop: optimizer = RMSprop(p, lr: adamLROption.value)
        case .adagrad: optimizer = Adagrad(p, lr: 10 * adamLROption.value)
        }
        if self == .sgd {
            let batches = BatchSchedule(n: gabor.count, size: min(batchOption.value, gabor.count))
            return LossSurface.path(p, optimizer: optimizer, steps: steps, report: { gabor.loss(of: p) }) { _ in
                gabor.loss(of: p, indices: batches.next())
            }
        }
        return LossSurface.path(p, optimizer: optimizer, steps: steps) { _ in gabor.loss(of: p) }
    }
}

/// The Gabor loss on a grid over the map (section 1), for the contour plots.
var gaborGrid: LossGrid = ([], [], [])
var gaborMinimum: (phi0: Double, phi1: Double, loss: Double) = (0, 0, 0)
var gaborPaths: [GaborRun: LossSurface.Path] = [:]

/// Whether a path ended in the basin of the global minimum.
func reachedGlobal(_ path: LossSurface.Path) -> Bool {
    guard let last = path.points.last, let loss = path.losses.last else { return false }
    return loss < 2 * gaborMinimum.loss + 0.01 && Swift.abs(last[0] - gaborMinimum.phi0) < 1.5
}

// MARK: - 1. The problem

lesson.section(L(ru: "Задача: подогнать функцию Габора", en: "The problem: fitting a Gabor function")) { s in
    s.prose(L(
        ru: """
        Оптимизатор ищет параметры φ, при которых потери L[φ] малы, шагая против градиента. Чтобы \
        *увидеть* его путь, возьмём модель всего с двумя параметрами — тогда L[φ₀, φ₁] можно нарисовать \
        как карту высот. Модель — «функция Габора» из книги С. Принса:

            f(x; φ₀, φ₁) = sin(z)·exp(−z²/32),  z = φ₀ + 0.06·φ₁·x

        Данные: \(gabor.count) точек x ∈ [−15, 15], значения f при φ = (\(fmt(GaborProblem.truth.phi0)), \(fmt(GaborProblem.truth.phi1))) \
        плюс шум N(0, \(fmt(Double(GaborProblem.noise)))²). Потери — среднеквадратичная ошибка, как `nn.MSELoss()`:

            L[φ] = (1/N)·Σᵢ (f(xᵢ; φ) − yᵢ)²

        φ₀ и φ₁ — настоящие тензоры с `requiresGrad`, потери считаются операциями над тензорами, \
        градиент даёт `backward()`, а шаг делает оптимизатор фреймворка — как в PyTorch.
        """,
        en: """
        An optimizer looks for parameters φ with a small loss L[φ] by stepping against the gradient. To *see* \
        its path we take a model with only two parameters: then L[φ₀, φ₁] can be drawn as a height map. \
        The model is the "Gabor function" of S. Prince's book:

            f(x; φ₀, φ₁) = sin(z)·exp(−z²/32),  z = φ₀ + 0.06·φ₁·x

        Data: \(gabor.count) points x ∈ [−15, 15], the values of f at φ = (\(fmt(GaborProblem.truth.phi0)), \(fmt(GaborProblem.truth.phi1))) \
        plus noise N(0, \(fmt(Double(GaborProblem.noise)))²). The loss is the mean squared error, like `nn.MSELoss()`:

            L[φ] = (1/N)·Σᵢ (f(xᵢ; φ) − yᵢ)²

        φ₀ and φ₁ are real tensors with `requiresGrad`, the loss is computed with tensor ops, \
        `backward()` gives the gradient and the framework's optimizer takes the step, as in PyTorch.
        """))
    let resolution = s.quick ? 61 : 161
    let gx = linspace(gaborRange.phi0.0, gaborRange.phi0.1, resolution)
    let gy = linspace(gaborRange.phi1.0, gaborRange.phi1.1, resolution)
    // One vectorised evaluation: φ of shape [G, 1] against the data [1, N].
    let z = LossSurface.grid(x: gx, y: gy) { a, b in gabor.loss(a, b) }
    gaborGrid = (gx, gy, z)
    var best = (phi0: 0.0, phi1: 0.0, loss: Double.infinity)
    var localMinima: [(Double, Double, Double)] = []
    for r in 1..<(gy.count - 1) {
        for c in 1..<(gx.count - 1) {
            let v = z[r][c]
            if v < best.loss { best = (gx[c], gy[r], v) }
            let around = (-1...1).flatMap { dr in
                (-1...1).map { dc in z[r + dr][c + dc] }
            }
            if v <= around.min()! { localMinima.append((gx[c], gy[r], v)) }
        }
    }
    gaborMinimum = best
    let p = parameters(at: [Float(best.phi0), Float(best.phi1)])
    let refined = LossSurface.path(p, optimizer: SGD(p, lr: 0.5),
                                   steps: 300) { _ in gabor.loss(of: p) }
    let refinedEnd = refined.points.last!
    gaborMinimum = (refinedEnd[0], refinedEnd[1], refined.losses.last!)
    s.print(L(ru: "Все \(resolution)×\(resolution) значений L на сетке посчитаны"
                  + " одним вызовом (тензор [\(resolution * resolution),"
                  + " \(gabor.count)]).",
                  en: "A \(resolution)×\(resolution) grid of L computed in one"
                      + " call (a tensor of shape [\(resolution * resolution),"
                      + " \(gabor.count)])."))
    let minimaLabel = L(ru: "Локальных минимумов на сетке:",
                        en: "Local minima on the grid:")
    s.print(minimaLabel, localMinima.count)
    let phi0 = fmt(gaborMinimum.phi0, 3), phi1 = fmt(gaborMinimum.phi1, 3)
    s.print(L(ru: "Глобальный минимум: φ =", en: "Global minimum: φ ="),
            "(\(phi0), \(phi1)),", "L =", fmt(gaborMinimum.loss))
    s.prose(L(
        ru: """
        Минимум потерь близок к истинным параметрам, но не равен им: данные шумные, и минимум L — \
        лучшая подгонка именно к этим точкам. Кроме глобального минимума есть и локальные: \
        поверхность невыпуклая, и то, куда придёт оптимизатор, зависит от начальной точки и от метода.
        """,
        en: """
        The minimum of the loss is close to the true parameters but not equal to them: the data are \
        noisy, and the minimum of L is the best fit to these very points. Besides the global minimum \
        there are local ones: the surface is not convex, and where an optimizer ends depends on where \
        it starts and on the method.
        """))
}

// MARK: - 2. GD, SGD, mini-batch SGD: sums and means

/// The full gradient of the mean loss at the start, from section 2; section 4 measures batches against it.
var gaborStartGradient: [Double] = []

lesson.section(L(ru: "GD, SGD и мини-батчи: сумма или среднее", en: "GD, SGD and mini-batches: sum or mean")) { s in
    let n = gabor.count, b = min(batchOption.value, n)
    s.prose(L(
        ru: """
        Пусть Lᵢ — потери на одном примере. Три правила обновления отличаются тем, по скольким \
        примерам берётся градиент на шаге t:

        - **SGD**: один пример i: φ ← φ − γ·∂Lᵢ/∂φ;
        - **мини-батч SGD**: батч 𝓑ₜ из B примеров: φ ← φ − γ·(1/B)·Σ_{i∈𝓑ₜ} ∂Lᵢ/∂φ;
        - **GD** (полный градиент): все N примеров: φ ← φ − γ·(1/N)·Σᵢ ∂Lᵢ/∂φ.

        В исходном конспекте вместо среднего стоит **сумма** Σ ∂Lᵢ/∂φ. Но функции потерь PyTorch \
        (`MSELoss`, `CrossEntropyLoss`) по умолчанию *усредняют* по батчу (`reduction='mean'`), и \
        `loss.backward()` даёт градиент среднего. Градиент суммы в B раз больше, поэтому шаг γ для \
        суммы соответствует шагу B·γ для среднего: с суммой подходящий γ зависит от размера батча, \
        а со средним — нет. Проверим на наших данных (N = \(n), B = \(b)).
        """,
        en: """
        Let Lᵢ be the loss on one example. The three update rules differ in how many examples the \
        gradient of step t is taken over:

        - **SGD**: one example i: φ ← φ − γ·∂Lᵢ/∂φ;
        - **mini-batch SGD**: a batch 𝓑ₜ of B examples: φ ← φ − γ·(1/B)·Σ_{i∈𝓑ₜ} ∂Lᵢ/∂φ;
        - **GD** (full gradient): all N examples: φ ← φ − γ·(1/N)·Σᵢ ∂Lᵢ/∂φ.

        The original notebook writes a **sum** Σ ∂Lᵢ/∂φ instead of the mean. PyTorch's losses \
        (`MSELoss`, `CrossEntropyLoss`) *average* over the batch by default (`reduction='mean'`), and \
        `loss.backward()` gives the gradient of the mean. The gradient of the sum is B times larger, \
        so a step γ on the sum is a step B·γ on the mean: with the sum the right γ depends on the batch \
        size, with the mean it does not. Let us check on our data (N = \(n), B = \(b)).
        """))
    let p = parameters(at: gaborStart)
    gabor.loss(of: p).backward()
    let meanGrad = p.map { Double($0.grad!.item()) }
    gaborStartGradient = meanGrad
    p.forEach { $0.grad = nil }
    gabor.loss(of: p, sum: true).backward()
    let sumGrad = p.map { Double($0.grad!.item()) }
    let start = startOption.value.map { fmt($0, 3) }
    let at = "(" + start.joined(separator: ", ") + ")"
    s.print(L(ru: "в точке φ = \(at):", en: "at φ = \(at):"))
    s.print("  ∇ mean =", "(\(fmt(meanGrad[0])), \(fmt(meanGrad[1])))")
    s.print("  ∇ sum  =", "(\(fmt(sumGrad[0])), \(fmt(sumGrad[1])))")
    s.print("  ∇ sum / ∇ mean =", fmt(sumGrad[0] / meanGrad[0]),
            fmt(sumGrad[1] / meanGrad[1]), " (N = \(n))")
}

// MARK: - 3. GD on the sum and on the mean

lesson.section(L(ru: "Шаг γ для суммы и для среднего: пути GD",
                 en: "The step γ for the sum and for the mean: GD paths")) { s in
    let n = gabor.count, lr = lrOption.value
    // GD on the sum with the γ that suits the mean, and with γ/N.
    func gdPath(sum: Bool, lr: Double) -> LossSurface.Path {
        let q = parameters(at: gaborStart)
        return LossSurface.path(q, optimizer: SGD(q, lr: lr), steps: steps,
                                report: { gabor.loss(of: q) }) { _ in
            gabor.loss(of: q, sum: sum)
        }
    }
    let onMean = gdPath(sum: false, lr: lr)
    let onSumSameLR = gdPath(sum: true, lr: lr)
    let onSumScaled = gdPath(sum: true, lr: lr / Double(n))
    // The largest coordinate difference between the two paths, step by step.
    let gap = zip(onMean.points, onSumScaled.points).map { a, b in
        zip(a, b).map { Swift.abs($0 - $1) }.max()!
    }.max()!
    func ending(_ path: LossSurface.Path) -> String {
        let diverged = s.t(L(ru: "разошёлся", en: "diverged"))
        return path.diverged ? diverged : fmt(path.losses.last!)
    }
    func largestJump(_ path: LossSurface.Path) -> Double {
        zip(path.points, path.points.dropFirst())
            .map { hypot($1[0] - $0[0], $1[1] - $0[1]) }.max() ?? 0
    }
    func row(_ name: L, _ lr: Double, _ path: LossSurface.Path) -> [String] {
        [s.t(name), fmt(lr), ending(path), fmt(largestJump(path), 3)]
    }
    s.table(headers: [L(ru: "GD, \(steps) шагов", en: "GD, \(steps) steps"), "γ",
                      L(ru: "L в конце", en: "final L"),
                      L(ru: "самый длинный шаг", en: "longest step")],
            rows: [row(L(ru: "среднее (PyTorch)", en: "mean (PyTorch)"),
                       lr, onMean),
                   row(L(ru: "сумма, тот же γ", en: "sum, same γ"),
                       lr, onSumSameLR),
                   row(L(ru: "сумма, γ/N", en: "sum, γ/N"),
                       lr / Double(n), onSumScaled)])
    let end = onSumSameLR.points.last!
    let onMap = (gaborRange.phi0.0...gaborRange.phi0.1).contains(end[0])
        && (gaborRange.phi1.0...gaborRange.phi1.1).contains(end[1])
    let endPoint = "(\(fmt(end[0], 3)), \(fmt(end[1], 3)))"
    let offRU = onMap ? "" : ", и путь уходит за край карты, в φ = \(endPoint)"
    let offEN = onMap ? "" : ", and the path ends off the map, at φ = \(endPoint)"
    s.print(L(ru: "max |φ(среднее, γ) − φ(сумма, γ/N)| по всему пути =",
              en: "max |φ(mean, γ) − φ(sum, γ/N)| over the whole path ="),
            fmt(gap, 2))
    s.prose(L(
        ru: """
        Сумма с тем же γ умножает каждый шаг на N = \(n): самый длинный шаг — \(fmt(largestJump(onSumSameLR), 3)) \
        против \(fmt(largestJump(onMean), 3)) у среднего\(offRU). Сумма с γ/N идёт \
        *тем же* путём, что и среднее (разница — только округление float). Итак, формулы конспекта \
        верны, если читать их γ как γ_PyTorch/B.
        """,
        en: """
        The sum with the same γ multiplies every step by N = \(n): the longest step is \(fmt(largestJump(onSumSameLR), 3)) \
        against \(fmt(largestJump(onMean), 3)) for the mean\(offEN). The sum \
        with γ/N follows *the same* path as the mean (the difference is float rounding only). So the \
        notebook's formulas are right if their γ is read as γ_PyTorch/B.
        """))
}

// MARK: - 4. A mini-batch's gradient: unbiased and noisy

lesson.section(L(ru: "Градиент мини-батча: несмещённый, но шумный",
                 en: "A mini-batch's gradient: unbiased but noisy")) { s in
    let n = gabor.count
    let meanGrad = gaborStartGradient
    let draws = s.quick ? 100 : 400
    s.prose(L(
        ru: """
        Мини-батч даёт *несмещённую* оценку полного градиента: её среднее по батчам равно ∇L, а разброс \
        падает примерно как 1/√B. Измерим это на \(draws) случайных батчах в той же точке:
        """,
        en: """
        A mini-batch gives an *unbiased* estimate of the full gradient: its average over batches is ∇L, \
        and its spread falls roughly as 1/√B. Let us measure it on \(draws) random batches at the same point:
        """))
    var rows: [[String]] = []
    var spreads: [Double] = []
    for size in [1, 5, 20, n] where size <= n {
        var sum0 = 0.0, sum1 = 0.0, sq = 0.0
        var grads: [(Double, Double)] = []
        let schedule = BatchSchedule(n: n, size: size)
        for _ in 0..<(size == n ? 1 : draws) {
            let q = parameters(at: gaborStart)
            gabor.loss(of: q, indices: schedule.next()).backward()
            grads.append((Double(q[0].grad!.item()), Double(q[1].grad!.item())))
        }
        for g in grads { sum0 += g.0; sum1 += g.1 }
        let mean0 = sum0 / Double(grads.count), mean1 = sum1 / Double(grads.count)
        for g in grads {
            let d0 = g.0 - meanGrad[0], d1 = g.1 - meanGrad[1]
            sq += d0 * d0 + d1 * d1
        }
        let spread = (sq / Double(grads.count)).squareRoot()
        spreads.append(spread)
        rows.append(["\(size)", "(\(fmt(mean0, 3)), \(fmt(mean1, 3)))",
                     fmt(spread, 3),
                     fmt(spread * Double(size).squareRoot(), 3)])
    }
    s.table(headers: ["B",
                      L(ru: "средний градиент батча",
                        en: "average batch gradient"),
                      L(ru: "разброс ‖g − ∇L‖ (RMS)",
                        en: "spread ‖g − ∇L‖ (RMS)"),
                      L(ru: "разброс·√B", en: "spread·√B")],
            rows: rows)
    s.print("∇L =", "(\(fmt(meanGrad[0], 3)), \(fmt(meanGrad[1], 3)))")
    s.prose(L(
        ru: """
        Разброс·√B почти постоянен для малых B (при B, сравнимом с N, разброс падает быстрее: батч \
        берётся без возвращения, и при B = N шум исчезает совсем). Шум SGD — не только недостаток: \
        он помогает выбираться из мелких локальных минимумов, что видно в следующем разделе.
        """,
        en: """
        Spread·√B is nearly constant for small B (when B approaches N the spread falls faster: the batch \
        is drawn without replacement, and at B = N the noise is gone). SGD's noise is not only a \
        nuisance: it helps to escape shallow local minima, as the next section shows.
        """))
}

// MARK: - 5. Paths on the Gabor surface

lesson.section(L(ru: "Пути GD, SGD, моментума и Нестерова", en: "Paths of GD, SGD, momentum and Nesterov")) { s in
    let mu = momentumOption.value, lr = lrOption.value
    s.prose(L(
        ru: """
        **Моментум** (тяжёлый шарик) копит скорость: b ← μ·b + g, φ ← φ − γ·b (так пишет `torch.optim.SGD`, \
        без множителя (1 − μ)). При постоянном градиенте b растёт до g/(1 − μ), поэтому сравниваем с шагом \
        γ(1 − μ) = \(fmt(lr * (1 - mu))): та же предельная скорость, что у GD с γ = \(fmt(lr)). \
        **Нестеров** смотрит вперёд: шаг по g + μ·b, а не по b, и раньше тормозит перед минимумом.

        Все четыре метода стартуют из φ = (\(fmt(Double(gaborStart[0]))), \(fmt(Double(gaborStart[1])))) и делают по \(steps) шагов; \
        SGD берёт мини-батчи по B = \(batchOption.value) (новая перестановка каждую эпоху, генератор `--seed`).
        """,
        en: """
        **Momentum** (a heavy ball) accumulates velocity: b ← μ·b + g, φ ← φ − γ·b (as `torch.optim.SGD` \
        writes it, without a factor (1 − μ)). Under a constant gradient b grows to g/(1 − μ), so we \
        compare at the step γ(1 − μ) = \(fmt(lr * (1 - mu))): the same top speed as GD with γ = \(fmt(lr)). \
        **Nesterov** looks ahead: it steps along g + μ·b rather than b, and brakes earlier before a minimum.

        All four start at φ = (\(fmt(Double(gaborStart[0]))), \(fmt(Double(gaborStart[1])))) and take \(steps) steps each; \
        SGD uses mini-batches of B = \(batchOption.value) (a new permutation every epoch, from the `--seed` generator).
        """))
    for run in GaborRun.allCases { gaborPaths[run] = run.run() }
    var rows: [[String]] = []
    for run in GaborRun.allCases {
        let path = gaborPaths[run]!
        let last = path.points.last!
        let which = reachedGlobal(path) ? L(ru: "глобальный", en: "global")
                                        : L(ru: "другой", en: "another")
        rows.append([run.name, "(\(fmt(last[0], 3)), \(fmt(last[1], 3)))",
                     path.diverged ? "—" : fmt(path.losses.last!),
                     s.t(which)])
    }
    s.table(headers: [L(ru: "метод", en: "method"),
                      L(ru: "φ в конце", en: "final φ"),
                      L(ru: "L в конце", en: "final L"),
                      L(ru: "минимум", en: "minimum")],
            rows: Array(rows.prefix(4)))
    let gd = gaborPaths[.gd]!, sgd = gaborPaths[.sgd]!
    let momentum = gaborPaths[.momentum]!, nesterov = gaborPaths[.nesterov]!
    func overshoot(_ path: LossSurface.Path) -> Double {
        // The largest distance past the final point along φ₀, after first
        // coming within 0.5 of it.
        let final = path.points.last![0]
        let values = path.coordinate(0)
        let from = values.firstIndex { Swift.abs($0 - final) < 0.5 }
            ?? values.count
        return values[from...].map { Swift.abs($0 - final) }.max() ?? 0
    }
    let verdict: (LossSurface.Path) -> L = { path in
        if path.diverged { return L(ru: "разошёлся", en: "diverged") }
        if reachedGlobal(path) { return L(ru: "дошёл до глобального минимума",
                                          en: "reached the global minimum") }
        // Stuck: the loss changed by less than 10⁻⁴ of itself over the last
        // ten steps.
        let tail = path.losses.suffix(11)
        let stuck = Swift.abs(tail.first! - tail.last!) < 1e-4 * tail.last!
        return stuck ? L(ru: "застрял в локальном минимуме",
                         en: "got stuck in a local minimum")
                     : L(ru: "ещё в пути", en: "is still on its way")
    }
    let momentumOvershoot = overshoot(momentum)
    let nesterovOvershoot = overshoot(nesterov)
    s.prose(L(
        ru: """
        GD \(verdict(gd)) (L = \(fmt(gd.losses.last!))); SGD \(verdict(sgd)) (L = \(fmt(sgd.losses.last!))); \
        моментум \(verdict(momentum)); Нестеров \(verdict(nesterov)). Моментум проскакивает \
        минимум и возвращается: после первого подхода к конечной точке он уходит от неё по φ₀ ещё на \
        \(fmt(momentumOvershoot, 2)), Нестеров — на \(fmt(nesterovOvershoot, 2)). Путь SGD дрожит: \
        каждый шаг видит лишь \(batchOption.value) из \(gabor.count) точек.
        """,
        en: """
        GD \(verdict(gd)) (L = \(fmt(gd.losses.last!))); SGD \(verdict(sgd)) (L = \(fmt(sgd.losses.last!))); \
        momentum \(verdict(momentum)); Nesterov \(verdict(nesterov)). Momentum overshoots the minimum and \
        comes back: after first getting close to its final point it swings away from it along φ₀ by \
        another \(fmt(momentumOvershoot, 2)), Nesterov by \(fmt(nesterovOvershoot, 2)). SGD's path jitters: \
        each step sees only \(batchOption.value) of the \(gabor.count) points.
        """))
    try s.figure("sgd", caption: L(
        ru: "GD, SGD, моментум и Нестеров на поверхности потерь модели Габора",
        en: "GD, SGD, momentum and Nesterov on the loss surface of the Gabor"
            + " model")) {
        let fig = pathPanels(
            grid: gaborGrid, levels: 14,
            minimum: [gaborMinimum.phi0, gaborMinimum.phi1],
            markEvery: false, panels: [
                ("GD, γ = \(fmt(lr))", gd),
                ("SGD, B = \(batchOption.value), γ = \(fmt(lr))", sgd),
                ("SGD + momentum, μ = \(fmt(mu))", momentum),
                ("Nesterov, μ = \(fmt(mu))", nesterov)])
        fig.title = L(ru: "L[φ] = MSE модели Габора; × — глобальный минимум",
                      en: "L[φ] = MSE of the Gabor model;"
                          + " × is the global minimum")
        return fig
    }
}

// MARK: - 6. Steep and shallow

lesson.section(L(ru: "Крутое и пологое направления: GD, нормированный градиент, Adam",
                 en: "Steep and shallow directions: GD, normalised gradients, Adam")) { s in
    let (h1, h2) = scale.hessianEigenvalues
    let limit = 2 / h1
    s.prose(L(
        ru: """
        Вторая задача — линейная регрессия y ≈ φ₀·x₀ + φ₁·x₁ с признаками разного масштаба: \
        std x₀ = \(fmt(Double(ScaleProblem.scales.0))), std x₁ = \(fmt(Double(ScaleProblem.scales.1))). Потери квадратичны, \
        их гессиан H = 2·E[x xᵀ] имеет собственные числа \(fmt(h1, 3)) и \(fmt(h2, 3)) — поверхность в \
        \(fmt(h1 / h2, 3)) \(timesRU(fmt(h1 / h2, 3))) круче по φ₀, чем по φ₁.

        GD устойчив только при γ < 2/λ_max = \(fmt(limit, 3)). Малый шаг не раскачивает крутое \
        направление, но ползёт по пологому; шаг у самой границы колеблется поперёк долины. \
        **Нормированный градиент** делит каждую координату градиента на её модуль и шагает на γ \
        по каждой оси — это Adam с β₁ = β₂ = 0 (m = g, v = g²), и мы берём именно `Adam(betas: (0, 0))`. \
        **Adam** усредняет m и v по времени: поперёк долины знаки g чередуются и m гасится, вдоль \
        долины g стабилен, и шаг ≈ γ.
        """,
        en: """
        The second problem is linear regression y ≈ φ₀·x₀ + φ₁·x₁ with features on different scales: \
        std x₀ = \(fmt(Double(ScaleProblem.scales.0))), std x₁ = \(fmt(Double(ScaleProblem.scales.1))). The loss is quadratic, and its \
        Hessian H = 2·E[x xᵀ] has eigenvalues \(fmt(h1, 3)) and \(fmt(h2, 3)): the surface is \
        \(fmt(h1 / h2, 3)) times steeper along φ₀ than along φ₁.

        GD is stable only for γ < 2/λ_max = \(fmt(limit, 3)). A small step keeps the steep direction \
        calm but crawls along the shallow one; a step near the limit oscillates across the valley. \
        **Normalised gradients** divide each coordinate of the gradient by its magnitude and step by γ \
        along every axis: that is Adam with β₁ = β₂ = 0 (m = g, v = g²), and we use exactly \
        `Adam(betas: (0, 0))`. **Adam** averages m and v over time: across the valley the signs of g \
        alternate and m cancels, along the valley g is steady and the step is ≈ γ.
        """))
    let smallLR = 0.15 * limit, largeLR = 0.96 * limit
    func run(_ make: ([Tensor]) -> Optimizer) -> LossSurface.Path {
        let p = parameters(at: scaleStart)
        return LossSurface.path(p, optimizer: make(p), steps: steps) { _ in
            scale.loss(of: p)
        }
    }
    let adamLR = adamLROption.value
    let scalePaths: [(method: String, lr: Double, path: LossSurface.Path)] = [
        ("GD", smallLR, run { SGD($0, lr: smallLR) }),
        ("GD", largeLR, run { SGD($0, lr: largeLR) }),
        (s.t(L(ru: "норм. градиент", en: "normalised")), adamLR,
         run { Adam($0, lr: adamLR, betas: (0, 0)) }),
        ("Adam", adamLR, run { Adam($0, lr: adamLR, betas: betas) }),
    ]
    let minimum = scale.ridgeSolution(lambda: 0)
    let lossAtMinimum: Double = noGrad {
        let atMinimum = parameters(at: minimum.map(Float.init))
        return Double(scale.loss(of: atMinimum).item())
    }
    let threshold = lossAtMinimum + 0.01
    // Sideways swing: how often φ₀ crosses φ₀* (oscillation across the valley).
    let crossings = scalePaths.map { run in
        let phi0 = run.path.coordinate(0)
        return zip(phi0, phi0.dropFirst())
            .filter { ($0 - minimum[0]) * ($1 - minimum[0]) < 0 }.count
    }
    let rows = zip(scalePaths, crossings).map { run, crossings in
        let last = run.path.points.last!
        let reached = run.path.stepsToReach(threshold).map(String.init)
        return [run.method, fmt(run.lr, 2),
                "(\(fmt(last[0], 3)), \(fmt(last[1], 3)))",
                fmt(run.path.losses.last!, 4),
                reached ?? "> \(steps)", "\(crossings)"]
    }
    let minimumLabel = L(ru: "минимум (решение нормальных уравнений):",
                         en: "minimum (normal equations):")
    let phiStar = "(\(fmt(minimum[0], 3)), \(fmt(minimum[1], 3)))"
    s.print(minimumLabel, "φ* = \(phiStar),", "L* =", fmt(lossAtMinimum))
    s.table(headers: [L(ru: "метод", en: "method"), "γ",
                      L(ru: "φ в конце", en: "final φ"),
                      L(ru: "L в конце", en: "final L"),
                      L(ru: "до L*+0.01", en: "to L*+0.01"),
                      L(ru: "φ₀ через φ₀*", en: "φ₀ crossings")],
            rows: rows)
    s.print(L(ru: "до L*+0.01 — шагов, пока L не опустится до L* + 0.01;"
                  + " φ₀ через φ₀* — сколько раз φ₀ перешёл через φ₀*",
                  en: "to L*+0.01: steps until L comes down to L* + 0.01; φ₀"
                      + " crossings: how many times φ₀ crossed φ₀*"))
    s.prose(L(
        ru: """
        Число переходов φ₀ через φ₀* — мера колебаний поперёк долины: у GD с большим шагом их \
        \(crossings[1]), у GD с малым — \(crossings[0]). Нормированный градиент шагает строго на ±γ \
        по каждой оси, поэтому идёт по диагонали, а у дна долины дёргается поперёк неё (\(crossings[2])). \
        Adam гасит эти рывки средним m и идёт вдоль пологой долины прямо.
        """,
        en: """
        The number of times φ₀ crosses φ₀* measures the oscillation across the valley: \(crossings[1]) for \
        GD with the large step, \(crossings[0]) with the small one. Normalised gradients step by exactly ±γ \
        along each axis, so they move diagonally and, at the valley floor, jerk across it (\(crossings[2])). \
        Adam damps these jerks with its average m and goes straight along the shallow valley.
        """))
    let gx = linspace(scaleRange.phi0.0, scaleRange.phi0.1, s.quick ? 61 : 161)
    let gy = linspace(scaleRange.phi1.0, scaleRange.phi1.1, s.quick ? 61 : 161)
    let z = LossSurface.grid(x: gx, y: gy) { a, b in scale.loss(a, b) }
    let levels = ContourLevels.values((0...14).map {
        lossAtMinimum + 0.05 * Foundation.pow(1.6, Double($0)) - 0.05
    })
    try s.figure("adam", caption: L(
        ru: "GD с двумя шагами, нормированный градиент и Adam на поверхности,"
            + " крутой по φ₀ и пологой по φ₁",
        en: "GD at two step sizes, normalised gradients and Adam on a surface"
            + " steep along φ₀ and shallow along φ₁")) {
        let panels = scalePaths.map {
            ("\($0.method), γ = \(fmt($0.lr, 2))", $0.path)
        }
        let fig = pathPanels(grid: (gx, gy, z), levels: levels,
                             minimum: minimum, markEvery: true,
                             panels: panels)
        fig.title = L(ru: "L[φ] линейной регрессии с признаками разного"
                          + " масштаба, \(steps) шагов",
                      en: "L[φ] of linear regression with features on"
                          + " different scales, \(steps) steps")
        return fig
    }
}

// MARK: - 7. All optimizers from one start

lesson.section(L(ru: "Все оптимизаторы из одной точки", en: "All optimizers from one start")) { s in
    s.prose(L(
        ru: """
        Теперь все оптимизаторы фреймворка — на одной поверхности Габора из одной точки: GD и SGD с \
        γ = \(fmt(lrOption.value)), моментум и Нестеров с γ(1 − μ), Adam, AdamW (λ = 0.01) и RMSprop с \
        γ = \(fmt(adamLROption.value)), Adagrad с γ = \(fmt(10 * adamLROption.value)) (его шаг со временем \
        только уменьшается, поэтому он начинает с большего).
        """,
        en: """
        Now every optimizer of the framework on one Gabor surface from one start: GD and SGD with \
        γ = \(fmt(lrOption.value)), momentum and Nesterov with γ(1 − μ), Adam, AdamW (λ = 0.01) and RMSprop with \
        γ = \(fmt(adamLROption.value)), Adagrad with γ = \(fmt(10 * adamLROption.value)) (its step only shrinks \
        over time, so it starts larger).
        """))
    var rows: [[String]] = []
    for run in GaborRun.allCases {
        let path = gaborPaths[run]!
        let last = path.points.last!
        let reached = path.stepsToReach(gaborMinimum.loss + 0.01)
        rows.append([run.name, "(\(fmt(last[0], 3)), \(fmt(last[1], 3)))",
                     fmt(path.losses.last!),
                     reached.map(String.init) ?? "—"])
    }
    s.table(headers: [L(ru: "метод", en: "method"),
                      L(ru: "φ в конце", en: "final φ"),
                      L(ru: "L в конце", en: "final L"),
                      L(ru: "шагов до L_min + 0.01",
                        en: "steps to L_min + 0.01")],
            rows: rows)
    let winners = GaborRun.allCases
        .filter { reachedGlobal(gaborPaths[$0]!) }.map(\.name)
    let others = GaborRun.allCases
        .filter { !reachedGlobal(gaborPaths[$0]!) }.map(\.name)
        let adamStuck = !reachedGlobal(gaborPaths[.adam]!)
    let adamRU = " Адаптивный шаг — не защита от локальных минимумов: "
        + "из этой точки Adam скатывается в ближайшую яму, "
        + "а выбраться помогают инерция (моментум) или шум мини-батчей."
    let adamEN = " An adaptive step is no protection against local minima: "
        + "from this start Adam rolls into the nearest pit, "
        + "while inertia (momentum) or mini-batch noise helps to get out."
    s.prose(L(
        ru: """
        До глобального минимума дошли: \(winners.isEmpty ? "никто" : winners.joined(separator: ", ")). \
        Остановились в другом месте: \(others.isEmpty ? "никто" : others.joined(separator: ", ")).\(adamStuck ? adamRU : "")
        """,
        en: """
        Reached the global minimum: \(winners.isEmpty ? "none" : winners.joined(separator: ", ")). \
        Stopped elsewhere: \(others.isEmpty ? "none" : others.joined(separator: ", ")).\(adamStuck ? adamEN : "")
        """))

    // Runs that end at one point are drawn on top of each other: find them,
    // so that the prose and both figures say so.
    let colors: [GaborRun: Color] = [
        .gd: .blue, .sgd: .orange, .momentum: .green, .nesterov: .red,
        .adam: .purple, .adamW: .brown, .rmsprop: .pink,
        .adagrad: Color(hex: "#222222"),
    ]
    let runs: [DrawnRun] = GaborRun.allCases.map {
        ($0.name, gaborPaths[$0]!, colors[$0]!)
    }
    let together = groupedByEnd(runs.map(\.path)).filter { $0.count > 1 }
    let togetherNames = together.map { group in group.map { runs[$0].name } }
    let merged = together.map { group in mergeStep(group.map { runs[$0].path }) }
    func listed(_ names: [String], and: String) -> String {
        if names.count < 2 { return names.joined() }
        return names.dropLast().joined(separator: ", ")
            + " \(and) " + names.last!
    }
    let groups = together.indices.map { k in
        let path = runs[together[k][0]].path, end = path.points.last!
        let point = "(\(fmt(end[0], 3)), \(fmt(end[1], 3)))"
        let loss = fmt(path.losses.last!, 3)
        return (ru: "\(listed(togetherNames[k], and: "и")) — в \(point), "
                    + "L = \(loss), кривые потерь сливаются с шага \(merged[k])",
                en: "\(listed(togetherNames[k], and: "and")) at \(point), "
                    + "L = \(loss), their loss curves merging "
                    + "from step \(merged[k])")
    }
    let groupsRU = groups.map(\.ru), groupsEN = groups.map(\.en)
    if !together.isEmpty {
        s.prose(L(
            ru: "Методы, пришедшие в одну точку, на рисунках ниже перекрывают друг друга: \(groupsRU.joined(separator: "; ")).",
            en: "Runs that end at one point overlap on the figures below: \(groupsEN.joined(separator: "; "))."))
    }
    try s.figure("optimizers", caption: L(
        ru: "Восемь оптимизаторов из одной точки на поверхности Габора",
        en: "Eight optimizers from one start on the Gabor surface")) {
        let notes = togetherNames.map { names in
            let list = names.joined(separator: ", ")
            return L(ru: "здесь кончаются: \(list)", en: "ending here: \(list)")
        }
        let fig = optimizerMap(grid: gaborGrid, runs: runs,
                               minimum: (gaborMinimum.phi0, gaborMinimum.phi1),
                               together: together, notes: notes)
        let start = "(\(fmt(Double(gaborStart[0]))), "
            + "\(fmt(Double(gaborStart[1]))))"
        fig.ax.title = L(ru: "Все оптимизаторы, \(steps) шагов, старт \(start)",
                         en: "All optimizers, \(steps) steps, start \(start)")
        return fig
    }
    try s.figure("loss_per_step", caption: L(
        ru: "Потери на всех данных после каждого шага",
        en: "Loss on all the data after every step")) {
        let notes = zip(togetherNames, merged).map { names, step in
            L(ru: "\(names.joined(separator: ", ")): одна линия с шага \(step)",
              en: "\(names.joined(separator: ", ")): one line from step \(step)")
        }
        let minimumLabel = L(ru: "глобальный минимум", en: "global minimum")
        let fig = lossPerStep(runs: runs, minimumLoss: gaborMinimum.loss,
                              minimumLabel: minimumLabel,
                              together: together, notes: notes)
        fig.ax.xlabel = L(ru: "шаг", en: "step")
        fig.ax.title = L(ru: "Потери по шагам, модель Габора",
                         en: "Loss per step, Gabor model")
        return fig
    }
}

// MARK: - 8. Adam's bias correction

lesson.section(L(ru: "Коррекция смещения в Adam", en: "Adam's bias correction")) { s in
    let (b1, b2) = betas
    s.prose(L(
        ru: """
        Adam (Kingma & Ba; так же устроен `torch.optim.Adam`) хранит *сырые* моменты и исправляет их только \
        при шаге:

            m ← β₁·m + (1 − β₁)·g,   v ← β₂·v + (1 − β₂)·g²
            m̂ = m / (1 − β₁ᵗ),   v̂ = v / (1 − β₂ᵗ)
            φ ← φ − γ·m̂ / (√v̂ + ε)

        m и v начинаются с нуля, поэтому первые значения занижены в (1 − βᵗ) раз; деление это \
        исправляет. В исходном конспекте деление на (1 − βᵗ) внесено *внутрь рекуррентности* (исправленный \
        момент идёт в следующий шаг), а ε стоит под корнем: m / √(v + ε). Это ошибка. Сравним три \
        варианта при постоянном градиенте g = 1 (функция L = φ), β = (\(fmt(b1)), \(fmt(b2))): \
        идеальный шаг здесь — ровно γ. Значения PyTorch — из настоящего `Adam` фреймворка, два других \
        варианта написаны в уроке только для сравнения.
        """,
        en: """
        Adam (Kingma & Ba; likewise `torch.optim.Adam`) keeps *raw* moments and corrects them only when \
        stepping:

            m ← β₁·m + (1 − β₁)·g,   v ← β₂·v + (1 − β₂)·g²
            m̂ = m / (1 − β₁ᵗ),   v̂ = v / (1 − β₂ᵗ)
            φ ← φ − γ·m̂ / (√v̂ + ε)

        m and v start at zero, so their first values are too small by a factor (1 − βᵗ); the division \
        fixes that. The original notebook folds the division by (1 − βᵗ) *into the recurrence* (the \
        corrected moment feeds the next step) and puts ε under the root: m / √(v + ε). That is a mistake. \
        Compare the three variants under a constant gradient g = 1 (the function L = φ), β = (\(fmt(b1)), \(fmt(b2))): \
        the ideal step here is exactly γ. The PyTorch numbers come from the framework's real `Adam`; \
        the other two variants are written in the lesson only for comparison.
        """))
    let lr = 0.01
    let checkpoints = [1, 2, 3, 5, 10, 30, 100, 300, 1000]
    let total = checkpoints.last!
    typealias Run = (steps: [Double], optimizer: Optimizer, parameter: Tensor)
    func stepsOf(_ make: ([Tensor]) -> Optimizer) -> Run {
        let p = Tensor([0], requiresGrad: true)
        let optimizer = make([p])
        var out: [Double] = []
        for _ in 0..<total {
            optimizer.zeroGrad()
            p.sum().backward()
            let before = Double(p.item())
            optimizer.step()
            out.append((before - Double(p.item())) / lr)
        }
        return (out, optimizer, p)
    }
    // Record PyTorch's raw moments after the first steps from the real
    // optimizer's state dict.
    let torchRun: [Double]
    var rawMoments: [(Double, Double)] = []
    do {
        let p = Tensor([0], requiresGrad: true)
        let adam = Adam([p], lr: lr, betas: betas)
        var out: [Double] = []
        for t in 1...total {
            adam.zeroGrad()
            p.sum().backward()
            let before = Double(p.item())
            adam.step()
            out.append((before - Double(p.item())) / lr)
            if t <= 3, let state = adam.stateDict().state[0] {
                let m = Double(state.buffers["exp_avg"]!.item())
                let v = Double(state.buffers["exp_avg_sq"]!.item())
                rawMoments.append((m, v))
            }
        }
        torchRun = out
    }
    let none = stepsOf { AdamVariant($0, kind: .noBiasCorrection, lr: lr,
                                     betas: betas) }
    let notebookRun = stepsOf { AdamVariant($0, kind: .notebook, lr: lr,
                                            betas: betas) }
    let notebookAdam = notebookRun.optimizer as! AdamVariant
    s.table(headers: ["t", L(ru: "PyTorch: шаг/γ", en: "PyTorch: step/γ"),
                      L(ru: "без коррекции", en: "no correction"),
                      L(ru: "как в конспекте", en: "as in the notebook")],
            rows: checkpoints.map { t in
                ["\(t)", fmt(torchRun[t - 1]), fmt(none.steps[t - 1]),
                 fmt(notebookRun.steps[t - 1])]
            })
    let rawLabel = L(
        ru: "сырые моменты PyTorch (exp_avg, exp_avg_sq) после t = 1, 2, 3:",
        en: "PyTorch's raw moments (exp_avg, exp_avg_sq) after t = 1, 2, 3:")
    let rawPairs = rawMoments.map { "(\(fmt($0.0)), \(fmt($0.1)))" }
    s.print(rawLabel, rawPairs.joined(separator: " "))
    s.print(L(ru: "моменты «как в конспекте» после t = \(total):",
              en: "moments \"as in the notebook\" after t = \(total):"),
            "m =", fmt(notebookAdam.m[0][0]), " v =", fmt(notebookAdam.v[0][0]))
    let overflowText = notebookAdam.overflowStep.map {
        L(ru: "на шаге \($0) оно переполняет даже Double (v = inf)",
          en: "at step \($0) it overflows even a Double (v = inf)")
    } ?? L(ru: "к шагу \(total) v = \(fmt(notebookAdam.v[0][0], 3))",
           en: "by step \(total) v = \(fmt(notebookAdam.v[0][0], 3))")
    let noneMax = none.steps.max()!
    let noneArg = none.steps.firstIndex(of: noneMax)! + 1
    s.prose(L(
        ru: """
        PyTorch делает шаг ровно γ с первой итерации. Без коррекции первый шаг равен \
        (1 − β₁)/√(1 − β₂) = \(fmt(none.steps[0], 3))·γ, а наибольший — \(fmt(noneMax, 3))·γ на шаге \(noneArg): \
        в начале обучения, когда модель ещё далека от цели, шаги в разы больше задуманного. \
        Вариант конспекта совпадает с правильным только на t = 1: дальше уже исправленный момент снова \
        делится на (1 − βᵗ). m раздувается до \(fmt(notebookAdam.largestM, 3)) на шаге \(notebookAdam.largestMStep) (верное \
        значение — 1), а v делится на 1 − β₂ᵗ ≈ t·(1 − β₂) шаг за шагом и растёт как произведение этих \
        делителей: \(overflowText). Шаг на t = 2 уже \(fmt(notebookRun.steps[1], 3))·γ, на t = 10 — \(fmt(notebookRun.steps[9], 3))·γ: \
        такой Adam останавливается. Правильно — как в PyTorch: сырые m, v в \
        рекуррентности, коррекция только в шаге.
        """,
        en: """
        PyTorch steps by exactly γ from the first iteration. Without the correction the first step is \
        (1 − β₁)/√(1 − β₂) = \(fmt(none.steps[0], 3))·γ and the largest is \(fmt(noneMax, 3))·γ at step \(noneArg): \
        early in training, when the model is still far from the goal, the steps are several times larger \
        than intended. The notebook's variant agrees with the right one only at t = 1: afterwards the already \
        corrected moment is divided by (1 − βᵗ) again. m swells to \(fmt(notebookAdam.largestM, 3)) at step \(notebookAdam.largestMStep) \
        (the right value is 1), and v is divided by 1 − β₂ᵗ ≈ t·(1 − β₂) step after step and grows as the \
        product of these divisors: \(overflowText). The step at t = 2 is already \(fmt(notebookRun.steps[1], 3))·γ, \
        at t = 10 \(fmt(notebookRun.steps[9], 3))·γ: this Adam grinds to a halt. The right way is PyTorch's: raw m, v \
        in the recurrence, the correction only in the step.
        """))
    try s.figure("adam_bias_correction", caption: L(
        ru: "Шаг Adam при постоянном градиенте: с коррекцией, без неё и как в"
            + " конспекте",
        en: "Adam's step under a constant gradient: with the correction,"
            + " without it, and as in the notebook")) {
        let fig = Figure(width: 640, height: 380)
        let t = (1...total).map(Double.init)
        fig.ax.plot(x: t, y: torchRun,
                    label: L(ru: "PyTorch: m̂/(√v̂ + ε)",
                             en: "PyTorch: m̂/(√v̂ + ε)"),
                    lineWidth: 2.2)
        fig.ax.plot(x: t, y: none.steps,
                    label: L(ru: "без коррекции: m/(√v + ε)",
                             en: "no correction: m/(√v + ε)"))
        fig.ax.plot(x: t, y: notebookRun.steps,
                    label: L(ru: "конспект: коррекция в рекуррентности",
                             en: "notebook: correction inside the recurrence"),
                    dash: .dashed)
        fig.ax.xscale = .log
        fig.ax.xlabel = L(ru: "шаг t", en: "step t")
        fig.ax.ylabel = L(ru: "шаг / γ", en: "step / γ")
        fig.ax.title = L(ru: "g = 1 на каждом шаге, β = (\(fmt(b1)), \(fmt(b2)))",
                         en: "g = 1 at every step, β = (\(fmt(b1)), \(fmt(b2)))")
        fig.ax.legend(location: .upperRight)
        return fig
    }
}

// MARK: - 9. Where Adam's ε goes

lesson.section(L(ru: "Где стоит ε в Adam", en: "Where Adam's ε goes")) { s in
    s.prose(L(
        ru: """
        PyTorch делит на √v̂ + ε, конспект — на √(v + ε). Для больших градиентов \
        разницы нет, но под корнем ε = 10⁻⁸ сравнивается с g² уже при |g| ≈ √ε = 10⁻⁴, и шаг \
        для малых градиентов тает. Первый шаг (t = 1, где коррекция конспекта ещё верна) для \
        постоянного градиента разной величины, в долях γ:
        """,
        en: """
        PyTorch divides by √v̂ + ε, the notebook by √(v + ε). For large gradients there \
        is no difference, but under the root ε = 10⁻⁸ competes with g² already at |g| ≈ √ε = 10⁻⁴, and \
        the step for small gradients melts away. The first step (t = 1, where the notebook's correction is \
        still right) for constant gradients of various sizes, as a fraction of γ:
        """))
    let lr = 0.01
    var epsRows: [[String]] = []
    for g in [1.0, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6] {
        func firstStep(_ make: ([Tensor]) -> Optimizer) -> Double {
            let p = Tensor([0], requiresGrad: true)
            let optimizer = make([p])
            (p.sum() * Float(g)).backward()
            optimizer.step()
            return -Double(p.item()) / lr
        }
        let torch = firstStep { Adam($0, lr: lr, betas: betas) }
        let notebook = firstStep {
            AdamVariant($0, kind: .notebook, lr: lr, betas: betas)
        }
        epsRows.append([fmt(g), fmt(torch), fmt(notebook)])
    }
    s.table(headers: ["g", "m̂/(√v̂ + ε)", "m/√(v + ε)"], rows: epsRows)
}

// MARK: - 10. AdamW versus Adam with L2

lesson.section(L(ru: "AdamW против Adam с L2", en: "AdamW versus Adam with L2")) { s in
    let lambda = weightDecayOption.value, lr = 0.01
    let longSteps = s.quick ? 1500 : 4000
    s.prose(L(
        ru: """
        В SGD «L2-регуляризация» (добавить (λ/2)·‖φ‖² к потерям) и «затухание весов» (умножать φ на \
        (1 − γλ) каждый шаг) — одно и то же. В Adam — нет. `Adam(weightDecay: λ)` добавляет λφ к \
        градиенту, и этот член проходит через деление на √v̂: вес с большими градиентами почти не \
        затухает, с малыми — затухает сильно. `AdamW` (Loshchilov & Hutter) отделяет затухание от \
        градиента: φ ← φ(1 − γλ), затем обычный шаг Adam — все веса сжимаются одинаково.

        Возьмём регрессию из раздела 6 (крутое φ₀, пологое φ₁), λ = \(fmt(lambda)), γ = \(fmt(lr)), \
        \(longSteps) шагов из точки (\(fmt(Double(scaleStart[0]))), \(fmt(Double(scaleStart[1])))). Для сравнения — точные \
        решения: без регуляризации и с L2 (гребневая регрессия, (H + λI)φ = b).
        """,
        en: """
        For SGD, "L2 regularization" (adding (λ/2)·‖φ‖² to the loss) and "weight decay" (multiplying φ \
        by (1 − γλ) every step) are the same thing. For Adam they are not. `Adam(weightDecay: λ)` adds \
        λφ to the gradient, and that term goes through the division by √v̂: a weight with large \
        gradients hardly decays, one with small gradients decays a lot. `AdamW` (Loshchilov & Hutter) \
        decouples the decay from the gradient: φ ← φ(1 − γλ), then the usual Adam step, so every weight \
        shrinks by the same factor.

        Take the regression of section 6 (steep φ₀, shallow φ₁), λ = \(fmt(lambda)), γ = \(fmt(lr)), \
        \(longSteps) steps from (\(fmt(Double(scaleStart[0]))), \(fmt(Double(scaleStart[1])))). For comparison, the exact \
        solutions without regularization and with L2 (ridge regression, (H + λI)φ = b).
        """))
    func run(_ make: ([Tensor]) -> Optimizer)
        -> (point: [Double], optimizer: Optimizer) {
        let p = parameters(at: scaleStart)
        let optimizer = make(p)
        let path = LossSurface.path(p, optimizer: optimizer,
                                    steps: longSteps) { _ in scale.loss(of: p) }
        return (path.points.last!, optimizer)
    }
    let plain = run { Adam($0, lr: lr, betas: betas) }
    let l2 = run { Adam($0, lr: lr, betas: betas, weightDecay: lambda) }
    let decoupled = run {
        AdamW($0, lr: lr, betas: betas, weightDecay: lambda)
    }
    let ols = scale.ridgeSolution(lambda: 0)
    let ridge = scale.ridgeSolution(lambda: lambda)
    func row(_ name: String, _ p: [Double]) -> [String] {
        [name, fmt(p[0], 4), fmt(p[1], 4),
         fmt(p[0] / ols[0], 3), fmt(p[1] / ols[1], 3)]
    }
    let exact = L(ru: "точно, без регуляризации (φ*)",
                  en: "exact, no regularization (φ*)")
    let exactRidge = L(ru: "точно, гребневая (L2)", en: "exact, ridge (L2)")
    s.table(headers: ["", "φ₀", "φ₁", "φ₀ / φ₀*", "φ₁ / φ₁*"],
            rows: [row(s.t(exact), ols),
                   row(s.t(exactRidge), ridge),
                   row("Adam", plain.point),
                   row("Adam, weightDecay = \(fmt(lambda))", l2.point),
                   row("AdamW, weightDecay = \(fmt(lambda))", decoupled.point)])
    let l2Gap = hypot(l2.point[0] - ridge[0], l2.point[1] - ridge[1])
    let wGap = hypot(decoupled.point[0] - ridge[0],
                     decoupled.point[1] - ridge[1])
    let gapLabel = L(ru: "расстояние до гребневого решения:",
                     en: "distance to the ridge solution:")
    s.print(gapLabel, "Adam + L2 =", fmt(l2Gap, 3), " AdamW =", fmt(wGap, 3))
    // The per-step shrink each weight feels at the end: γλ/(√v̂ + ε) for
    // Adam + L2, γλ for AdamW.
    let state = l2.optimizer.stateDict()
    let t = Double(state.state[0]!.step!)
    let vHat = (0..<2).map { i in
        let v = Double(state.state[i]!.buffers["exp_avg_sq"]!.item())
        return v / (1 - Foundation.pow(betas.1, t))
    }
    let shrinkL2 = vHat.map { lr * lambda / ($0.squareRoot() + 1e-8) }
    s.table(headers: [L(ru: "сжатие за шаг от λ", en: "shrink per step from λ"),
                      "φ₀", "φ₁"],
            rows: [["Adam + L2: γλ/(√v̂ + ε)",
                    fmt(shrinkL2[0], 3), fmt(shrinkL2[1], 3)],
                   ["AdamW: γλ", fmt(lr * lambda, 3), fmt(lr * lambda, 3)]])
    s.prose(L(
        ru: """
        Adam с L2 приходит к гребневому решению (расстояние \(fmt(l2Gap, 2))): это минимум L + (λ/2)‖φ‖², \
        и сильнее всего сжато пологое φ₁ (до \(fmt(ridge[1] / ols[1], 3))·φ₁*), как и положено L2. AdamW \
        приходит в другую точку (до гребневого решения \(fmt(wGap, 2))): его затухание не делится на √v̂, \
        и сжатие за шаг у обоих весов одно — γλ = \(fmt(lr * lambda, 3)), тогда как у Adam + L2 оно \
        \(fmt(shrinkL2[0], 3)) для φ₀ и \(fmt(shrinkL2[1], 3)) для φ₁ — в зависимости от истории градиентов. \
        Поэтому λ у AdamW и у Adam — разные числа, и подбирать их надо отдельно (по умолчанию у `AdamW` \
        λ = 0.01, у `Adam` — 0).
        """,
        en: """
        Adam with L2 ends at the ridge solution (distance \(fmt(l2Gap, 2))): the minimum of L + (λ/2)‖φ‖², \
        with the shallow φ₁ shrunk most (to \(fmt(ridge[1] / ols[1], 3)) of φ₁*), as L2 does. AdamW ends \
        elsewhere (\(fmt(wGap, 2)) from the ridge solution): its decay is not divided by √v̂, and both \
        weights shrink by the same γλ = \(fmt(lr * lambda, 3)) per step, while for Adam + L2 the shrink is \
        \(fmt(shrinkL2[0], 3)) for φ₀ and \(fmt(shrinkL2[1], 3)) for φ₁, depending on the gradient history. \
        So λ means different things for AdamW and Adam and must be tuned separately (`AdamW` defaults to \
        λ = 0.01, `Adam` to 0).
        """))
}

// MARK: - 11. Exercises

lesson.section(L(ru: "Упражнения", en: "Exercises")) { s in
    s.prose(L(
        ru: """
        1. Запустите `swift run lesson-04-optimizers --batch 1` и `--batch 40`. Как меняются путь SGD \
        на `sgd.png` и таблица разброса градиента? При B = 40 SGD должен совпасть с GD.
        2. Поставьте `--momentum 0.99`, потом `--momentum 0.5`. Сколько раз моментум проскакивает \
        минимум и куда приходит? Почему при μ → 1 путь похож на шарик без трения?
        3. Запустите с `--betas 0.9,0.9` и `--betas 0.0,0.999`. Что происходит с путём Adam на `adam.png` \
        и со столбцом «без коррекции» в таблице коррекции смещения? Объясните через (1 − β₁ᵗ)/√(1 − β₂ᵗ).
        4. Найдите `--start`, из которого GD приходит в глобальный минимум, а SGD — нет. Всегда ли \
        шум помогает?
        """,
        en: """
        1. Run `swift run lesson-04-optimizers --batch 1` and `--batch 40`. How do the SGD path in \
        `sgd.png` and the gradient-spread table change? With B = 40 SGD must coincide with GD.
        2. Set `--momentum 0.99`, then `--momentum 0.5`. How many times does momentum overshoot the \
        minimum, and where does it end? Why does the path look like a frictionless ball as μ → 1?
        3. Run with `--betas 0.9,0.9` and `--betas 0.0,0.999`. What happens to Adam's path in `adam.png` \
        and to the "no correction" column of the bias-correction table? Explain it with (1 − β₁ᵗ)/√(1 − β₂ᵗ).
        4. Find a `--start` from which GD reaches the global minimum and SGD does not. Does noise always help?
        """))
}

lesson.run()
