// Lesson 05 — regularization: L2 and weight decay, learning-rate schedules,
// early stopping, and what each does on a small data set.
//
//   swift run lesson-05-regularization            (add --help for the flags)
//
// Sections 2.4–2.6 of the lecture: the L2 term μ·Σφ² and how it moves the
// minimum, SGD's weight decay = L2, AdamW ≠ Adam + L2, MultiStepLR and
// CosineAnnealingLR (the seed's flat cosine corrected), every scheduler side by
// side, early stopping on a real overfitting run, and a comparison of
// regularizers on the same 1,000 Fashion-MNIST images.
import Datasets
import Foundation
import LessonKit
import NN
import Optim
import Plot
import Tensors
import Training

let lesson = Lesson(
    id: "lesson-05-regularization",
    title: L(ru: "Регуляризация: L2, weight decay, расписания скорости обучения, ранняя остановка",
             en: "Regularization: L2, weight decay, learning-rate schedules, early stopping"),
    summary: L(ru: "L2 в функции потерь и weight decay, AdamW, планировщики скорости обучения, ранняя остановка и сравнение регуляризаторов на малых данных.",
               en: "L2 in the loss and weight decay, AdamW, learning-rate schedulers, early stopping and a comparison of regularizers on small data."))

// MARK: Options

let muOption = lesson.option("mu", default: 0.5, range: 0...100,
    help: L(ru: "сила μ штрафа μ·Σφ² на двумерной поверхности потерь", en: "strength μ of the penalty μ·Σφ² on the 2-D loss surface"))
let milestonesOption = lesson.option("milestones", default: [8, 24, 28], range: 1...10_000, count: 1...16,
    help: L(ru: "эпохи, на которых MultiStepLR умножает lr на γ", en: "epochs at which MultiStepLR multiplies the lr by γ"))
let gammaOption = lesson.option("gamma", default: 0.5, range: .above(0, through: 10),
    help: L(ru: "множитель γ для MultiStepLR", en: "the factor γ of MultiStepLR"))
let tMaxOption = lesson.option("t-max", default: 32, range: 1...10_000,
    help: L(ru: "T_max для CosineAnnealingLR (полупериод косинуса в эпохах)", en: "T_max of CosineAnnealingLR (half period of the cosine, in epochs)"))
let etaMinOption = lesson.option("eta-min", default: 1e-4, range: 0...10,
    help: L(ru: "η_min для CosineAnnealingLR", en: "η_min of CosineAnnealingLR"))
let scheduleLROption = lesson.option("schedule-lr", default: 1e-2, range: .above(0, through: 10),
    help: L(ru: "начальный lr, с которого отжигают расписания на рисунках", en: "the start lr the schedules anneal from in the figures"))
let scheduleEpochsOption = lesson.option("schedule-epochs", default: 40, range: 2...10_000,
    help: L(ru: "сколько эпох показывать на рисунках расписаний", en: "how many epochs the schedule figures show"))
let trainSizeOption = lesson.option("train-size", default: 1000, range: 1...60_000,
    help: L(ru: "число обучающих изображений Fashion-MNIST (--quick: 200)", en: "number of Fashion-MNIST training images (--quick: 200)"))
let valSizeOption = lesson.option("val-size", default: 1000, range: 1...60_000,
    help: L(ru: "число валидационных изображений (--quick: 300)", en: "number of validation images (--quick: 300)"))
let epochsOption = lesson.option("epochs", default: 40, range: 2...1000,
    help: L(ru: "эпох обучения в опытах (--quick: 20)", en: "training epochs of the experiments (--quick: 20)"))
let hiddenOption = lesson.option("hidden", default: 256, range: 1...4096,
    help: L(ru: "ширина двух скрытых слоёв MLP", en: "width of the MLP's two hidden layers"))
let patienceOption = lesson.option("patience", default: 5, range: 0...1000,
    help: L(ru: "терпение ранней остановки (эпох без улучшения val_loss)", en: "early-stopping patience (epochs without a better val_loss)"))
let lrOption = lesson.option("lr", default: 1e-3, range: .above(0, through: 10),
    help: L(ru: "скорость обучения Adam в опытах на Fashion-MNIST", en: "Adam's learning rate in the Fashion-MNIST experiments"))
let batchOption = lesson.option("batch-size", default: 64, range: 1...60_000,
    help: L(ru: "размер батча (--quick: 20)", en: "batch size (--quick: 20)"))
let l2Option = lesson.option("l2", default: 1e-3, range: 0...100,
    help: L(ru: "weight_decay λ для Adam (то же, что (λ/2)·Σφ² в потерях)", en: "Adam's weight_decay λ (the same as (λ/2)·Σφ² in the loss)"))
let adamWDecayOption = lesson.option("adamw-decay", default: 0.1, range: 0...100,
    help: L(ru: "weight_decay для AdamW (развязанное затухание)", en: "AdamW's weight_decay (decoupled decay)"))
let dropoutOption = lesson.option("dropout", default: 0.5, range: 0..<1,
    help: L(ru: "вероятность Dropout после каждого скрытого слоя", en: "Dropout probability after each hidden layer"))
let dataOptions = lesson.dataOptions()

/// An option's value, or `quick` under `--quick` when the user left the default.
func effective<T: OptionValue & Equatable>(_ option: Option<T>, quick: T, _ s: Section) -> T {
    s.quick && option.value == option.defaultValue ? quick : option.value
}

/// "1.23e-04"-style numbers for learning rates and tiny differences.
func sci(_ x: Double) -> String { String(format: "%.3g", x) }
func fixed(_ x: Double, _ digits: Int = 4) -> String { String(format: "%.\(digits)f", x) }
func seconds(_ x: Double) -> String { String(format: "%.2f s", x) }

/// Plot titles use `_` for subscripts: write PyTorch's argument names literally, T_max as T with "max" below.
func plotMarkup(_ text: String) -> String {
    text.replacingOccurrences(of: "step_size", with: "step\\_size").replacingOccurrences(of: "max_lr", with: "max\\_lr")
        .replacingOccurrences(of: "T_max", with: "T_{max}").replacingOccurrences(of: "T_mult", with: "T_{mult}")
}

// MARK: 1. The L2 term on a 2-D loss surface

/// A 2-D loss with a long shallow valley: ½·(a₁·(u₁·(φ − c))² + a₂·(u₂·(φ − c))²),
/// steep along u₁ and shallow along u₂, its minimum at c.
struct Bowl {
    let center = (2.0, 2.0)
    let angle = Double.pi / 6
    let steep = 4.0, shallow = 0.5
    var u1: (Double, Double) { (cos(angle), sin(angle)) }
    var u2: (Double, Double) { (-sin(angle), cos(angle)) }

    func loss(_ x: Double, _ y: Double) -> Double {
        let d = (x - center.0, y - center.1)
        let p = u1.0 * d.0 + u1.1 * d.1, q = u2.0 * d.0 + u2.1 * d.1
        return 0.5 * (steep * p * p + shallow * q * q)
    }

    /// The same loss on a tensor φ of shape [2], with autograd.
    func loss(_ phi: Tensor) -> Tensor {
        let d = phi - Tensor([Float(center.0), Float(center.1)])
        let p = (d * Tensor([Float(u1.0), Float(u1.1)])).sum()
        let q = (d * Tensor([Float(u2.0), Float(u2.1)])).sum()
        return (p.square() * Float(steep) + q.square() * Float(shallow)) * 0.5
    }

    /// argmin of loss + μ·|φ|²: in the eigenbasis each coordinate of c is scaled
    /// by aᵢ / (aᵢ + 2μ), so the shallow direction shrinks most.
    func regularizedMinimum(mu: Double) -> (Double, Double) {
        let p = u1.0 * center.0 + u1.1 * center.1, q = u2.0 * center.0 + u2.1 * center.1
        let ps = p * steep / (steep + 2 * mu), qs = q * shallow / (shallow + 2 * mu)
        return (ps * u1.0 + qs * u2.0, ps * u1.1 + qs * u2.1)
    }
}

/// Runs `steps` of `optimizer` on `loss(φ)` from φ = 0 and returns φ.
func descend(steps: Int, makeOptimizer: (Tensor) -> Optimizer, loss: (Tensor) -> Tensor) -> (Double, Double) {
    let phi = Tensor([0, 0], requiresGrad: true)
    let optimizer = makeOptimizer(phi)
    for _ in 0..<steps {
        optimizer.zeroGrad()
        loss(phi).backward()
        optimizer.step()
    }
    let v = phi.scalars
    return (Double(v[0]), Double(v[1]))
}

func point(_ p: (Double, Double)) -> String { "(\(fixed(p.0, 3)), \(fixed(p.1, 3)))" }

lesson.section(L(ru: "L2-регуляризация: штраф в функции потерь", en: "L2 regularization: a penalty in the loss")) { s in
    let mu = muOption.value
    guard mu >= 0 else {
        throw LessonError(message: s.t(L(ru: "--mu должно быть ≥ 0, получено \(mu)", en: "--mu must be ≥ 0, got \(mu)")),
                          fix: "swift run lesson-05-regularization --mu 0.5")
    }
    s.prose(L(
        ru: """
        Регуляризация функции потерь добавляет к ней слагаемое, которое штрафует «большие» параметры:

            L[φ] + μ·g[φ],    для L2:  g[φ] = Σᵢ φᵢ²

        Градиент штрафа равен 2μ·φ: на каждом шаге он тянет каждый параметр к нулю, тем сильнее, \
        чем параметр больше. Посмотрим, что штраф делает с минимумом, на двумерной поверхности \
        потерь: у неё крутое направление и пологая долина, минимум в точке c = (2, 2). \
        Минимумы найдём по-настоящему — градиентным спуском нашего `SGD` по тензору φ из двух чисел.
        """,
        en: """
        Regularizing the loss adds a term that penalises "large" parameters:

            L[φ] + μ·g[φ],    for L2:  g[φ] = Σᵢ φᵢ²

        The penalty's gradient is 2μ·φ: every step it pulls each parameter towards zero, the harder \
        the larger the parameter. Let us see what it does to the minimum on a 2-D loss surface with \
        one steep direction and a shallow valley, its minimum at c = (2, 2). The minima are found \
        for real, by gradient descent with our `SGD` on a tensor φ of two numbers.
        """))
    let bowl = Bowl()
    let steps = 600
    let plain = descend(steps: steps, makeOptimizer: { SGD([$0], lr: 0.1) }, loss: { bowl.loss($0) })
    let penalised = descend(steps: steps, makeOptimizer: { SGD([$0], lr: 0.1) },
                            loss: { bowl.loss($0) + l2Penalty([$0], strength: Float(mu)) })
    let decayed = descend(steps: steps, makeOptimizer: { SGD([$0], lr: 0.1, weightDecay: 2 * mu) }, loss: { bowl.loss($0) })
    let exact = bowl.regularizedMinimum(mu: mu)
    func norm(_ p: (Double, Double)) -> Double { (p.0 * p.0 + p.1 * p.1).squareRoot() }
    s.table(headers: [s.t(L(ru: "что минимизируем", en: "what is minimised")), "φ*", "|φ*|"],
            rows: [["L[φ]  (SGD, \(steps) " + s.t(L(ru: "шагов)", en: "steps)")), point(plain), fixed(norm(plain), 3)],
                   ["L[φ] + μ·Σφ²,  μ = \(mu)  (SGD)", point(penalised), fixed(norm(penalised), 3)],
                   ["L[φ]  (SGD, weightDecay = 2μ = \(2 * mu))", point(decayed), fixed(norm(decayed), 3)],
                   [s.t(L(ru: "формула (A + 2μI)⁻¹·A·c", en: "formula (A + 2μI)⁻¹·A·c")), point(exact), fixed(norm(exact), 3)]])
    let shrinkSteep = bowl.steep / (bowl.steep + 2 * mu), shrinkShallow = bowl.shallow / (bowl.shallow + 2 * mu)
    s.prose(L(
        ru: """
        Со штрафом минимум сдвинулся к началу координат: |φ*| уменьшилась с \(fixed(norm(plain), 2)) \
        до \(fixed(norm(penalised), 2)). Сдвиг не прямо к нулю: вдоль крутого направления \
        координата минимума умножается на a₁/(a₁ + 2μ) = \(fixed(shrinkSteep, 2)), вдоль пологого — \
        на a₂/(a₂ + 2μ) = \(fixed(shrinkShallow, 2)). L2 сильнее всего сжимает те направления, \
        в которых данные мало что решают (потери почти не меняются), и почти не трогает те, \
        что данные определяют надёжно.

        Третья строка — тот же минимум без штрафа в потерях, но с `SGD(weightDecay: 2μ)`: это \
        одно и то же (следующий раздел проверяет это на сети).
        """,
        en: """
        With the penalty the minimum moved towards the origin: |φ*| fell from \(fixed(norm(plain), 2)) \
        to \(fixed(norm(penalised), 2)). Not straight towards zero: along the steep direction the \
        minimum's coordinate is multiplied by a₁/(a₁ + 2μ) = \(fixed(shrinkSteep, 2)), along the \
        shallow one by a₂/(a₂ + 2μ) = \(fixed(shrinkShallow, 2)). L2 shrinks hardest the directions \
        the data barely decide (the loss hardly changes along them) and leaves alone those the data \
        pin down.

        The third row is the same minimum without a penalty in the loss but with `SGD(weightDecay: 2μ)`: \
        the two are the same thing (the next section checks it on a network).
        """))

    try s.figure("regularization", caption: L(
        ru: "Поверхность потерь без L2 и с L2 (μ = \(mu)): минимум сдвигается к началу координат",
        en: "The loss surface without and with L2 (μ = \(mu)): the minimum moves towards the origin")) { url in
        let grid = (0...120).map { -1 + 4.5 * Double($0) / 120 }
        let plainZ = grid.map { y in grid.map { x in bowl.loss(x, y) } }
        let penalisedZ = grid.map { y in grid.map { x in bowl.loss(x, y) + mu * (x * x + y * y) } }
        let fig = Figure(width: 760, height: 380, rows: 1, columns: 2)
        let panels: [(Axes, [[Double]], (Double, Double), String)] = [
            (fig[0, 0], plainZ, plain, "L[φ]"),
            (fig[0, 1], penalisedZ, penalised, "L[φ] + μ·Σφ^2,  μ = \(mu)")]
        for (ax, z, minimum, title) in panels {
            let low = z.flatMap { $0 }.min()!
            // Levels spaced quadratically above the minimum, so the valley floor shows.
            let levels = (0...13).map { low + 0.12 * Double($0 * $0) }
            ax.contourf(x: grid, y: grid, z: z, levels: .values(levels), colormap: .viridis)
            ax.scatter(x: [0], y: [0], label: s.t(L(ru: "начало координат", en: "origin")), color: .white, size: 9, marker: .cross)
            ax.scatter(x: [plain.0], y: [plain.1], label: s.t(L(ru: "минимум L", en: "minimum of L")), color: Color.palette(1),
                       size: 10, marker: .circle)
            if ax === fig[0, 1] {
                let path = stride(from: 0.0, through: 60, by: 0.05).map { bowl.regularizedMinimum(mu: $0 * $0) }
                ax.plot(x: path.map(\.0), y: path.map(\.1), label: s.t(L(ru: "минимум при μ от 0 до ∞", en: "minimum for μ from 0 to ∞")),
                        color: .white, lineWidth: 1.5, dash: .dashed)
                ax.scatter(x: [minimum.0], y: [minimum.1], label: s.t(L(ru: "минимум с L2", en: "minimum with L2")),
                           color: Color.palette(3), size: 10, marker: .diamond)
            }
            ax.title = title
            ax.xlabel = "φ_1"
            ax.ylabel = "φ_2"
            ax.xlim = (-1, 3.5)
            ax.ylim = (-1, 3.5)
            ax.aspectEqual = true
            ax.legend(location: .lowerRight)
        }
        try fig.savePNG(to: url)
    }
}

// MARK: 2. Weight decay = L2 for SGD, not for AdamW

/// Trains two copies of one small network for `steps` steps on the same batch
/// and returns the largest difference between their parameters.
struct TwinRun {
    static let x = Tensor.randn([32, 8], generator: Generator(seed: 11))
    static let y = (0..<32).map { $0 % 3 }

    static func parameters(steps: Int, penalty: Float, makeOptimizer: ([Tensor]) -> Optimizer) -> [Tensor] {
        let model = Sequential.mlp([8, 16, 3], flatten: false, generator: Generator(seed: 5))
        let optimizer = makeOptimizer(model.parameters())
        let loss = CrossEntropyLoss()
        for _ in 0..<steps {
            var total = loss(model(x), y)
            if penalty > 0 { total = total + l2Penalty(model.parameters(), strength: penalty) }
            optimizer.zeroGrad()
            total.backward()
            optimizer.step()
        }
        return model.parameters()
    }

    static func maxDifference(_ a: [Tensor], _ b: [Tensor]) -> Double {
        zip(a, b).map { Double((($0 - $1).abs()).max().item()) }.max()!
    }
}

lesson.section(L(ru: "Weight decay: то же, что L2, — но не в Adam", en: "Weight decay: the same as L2 — except in Adam")) { s in
    let lambda = 0.1, steps = 20
    s.prose(L(
        ru: """
        В PyTorch у оптимизаторов есть параметр `weight_decay` λ. В `SGD` он добавляет λ·φ к \
        градиенту перед шагом — ровно градиент слагаемого (λ/2)·Σφ². Значит, `SGD(weight_decay=λ)` \
        — это L2-регуляризация с μ = λ/2 без явного штрафа в потерях. Проверим на сети 8→16→3: \
        две одинаковые копии, \(steps) шагов на одном батче, у первой `weightDecay: λ`, у второй \
        штраф `l2Penalty(parameters, strength: λ/2)` в потерях, λ = \(lambda).
        """,
        en: """
        PyTorch's optimizers take a `weight_decay` λ. In `SGD` it adds λ·φ to the gradient before \
        the step — exactly the gradient of the term (λ/2)·Σφ². So `SGD(weight_decay=λ)` is L2 \
        regularization with μ = λ/2, without a penalty in the loss. We check it on an 8→16→3 network: \
        two identical copies, \(steps) steps on one batch, the first with `weightDecay: λ`, the second \
        with `l2Penalty(parameters, strength: λ/2)` in its loss, λ = \(lambda).
        """))
    let half = Float(lambda / 2)
    typealias Maker = ([Tensor]) -> Optimizer
    let pairs: [(String, Maker, Maker, Maker)] = [
        ("SGD(lr: 0.1)", { SGD($0, lr: 0.1, weightDecay: lambda) }, { SGD($0, lr: 0.1) }, { SGD($0, lr: 0.1) }),
        ("SGD(lr: 0.1, momentum: 0.9)", { SGD($0, lr: 0.1, momentum: 0.9, weightDecay: lambda) },
         { SGD($0, lr: 0.1, momentum: 0.9) }, { SGD($0, lr: 0.1, momentum: 0.9) }),
        ("Adam(lr: 0.01)", { Adam($0, lr: 0.01, weightDecay: lambda) }, { Adam($0, lr: 0.01) }, { Adam($0, lr: 0.01) }),
        ("AdamW(lr: 0.01)", { AdamW($0, lr: 0.01, weightDecay: lambda) }, { Adam($0, lr: 0.01) }, { Adam($0, lr: 0.01, weightDecay: 0) }),
    ]
    var rows: [[String]] = []
    for (name, decayed, penalised, bare) in pairs {
        let a = TwinRun.parameters(steps: steps, penalty: 0, makeOptimizer: decayed)
        let b = TwinRun.parameters(steps: steps, penalty: half, makeOptimizer: penalised)
        let none = TwinRun.parameters(steps: steps, penalty: 0, makeOptimizer: bare)
        let difference = TwinRun.maxDifference(a, b)
        let effect = TwinRun.maxDifference(a, none)
        rows.append([name + ", weightDecay: \(lambda)",
                     name.hasPrefix("AdamW") ? "Adam + (λ/2)·Σφ²" : s.t(L(ru: "то же + (λ/2)·Σφ²", en: "same + (λ/2)·Σφ²")),
                     sci(difference), sci(effect),
                     difference < 1e-5 ? s.t(L(ru: "да", en: "yes")) : s.t(L(ru: "нет", en: "no"))])
        s.print("\(name): max |φ_decay − φ_L2| = \(sci(difference)), max |φ_decay − φ_none| = \(sci(effect))")
    }
    s.table(headers: [s.t(L(ru: "с weight decay", en: "with weight decay")), s.t(L(ru: "с L2 в потерях", en: "with L2 in the loss")),
                      "max |Δφ|", s.t(L(ru: "эффект затухания", en: "effect of the decay")), s.t(L(ru: "совпали?", en: "equal?"))],
            rows: rows)
    s.prose(L(
        ru: """
        У SGD (с моментом и без) и у Adam с `weight_decay` параметры совпали с L2-версией до \
        ошибок округления float, хотя затухание заметно их изменило (столбец «эффект»). В `Adam` \
        `weight_decay` — это тоже обычная L2: λ·φ добавляется к градиенту и проходит через моменты m и v.

        **AdamW** (Loshchilov, Hutter) развязывает затухание и градиент: φ ← φ·(1 − η·λ) отдельно от \
        шага Adam, и деление на √v̂ затухание не видит. Поэтому AdamW ≠ Adam + L2. Разница видна \
        на одном весе, у которого нет градиента от данных (потери данных 0·φ), φ₀ = 1, η = 0.01, 50 шагов:
        """,
        en: """
        For SGD (with and without momentum) and for Adam with `weight_decay` the parameters equal the \
        L2 version up to float rounding, although the decay did change them (the "effect" column). \
        In `Adam`, `weight_decay` is plain L2 as well: λ·φ is added to the gradient and goes through \
        the moments m and v.

        **AdamW** (Loshchilov, Hutter) decouples the decay from the gradient: φ ← φ·(1 − η·λ) apart \
        from Adam's step, so the division by √v̂ never sees the decay. Hence AdamW ≠ Adam + L2. The \
        difference is plain on one weight without any gradient from the data (data loss 0·φ), \
        φ₀ = 1, η = 0.01, 50 steps:
        """))
    var loneRows: [[String]] = []
    var lone: [(Double, Double, Double)] = []
    for decay in [1e-3, 1e-1] {
        func run(_ optimizer: (Tensor) -> Optimizer, penalty: Float) -> Double {
            let phi = Tensor([1], requiresGrad: true)
            let opt = optimizer(phi)
            for _ in 0..<50 {
                var loss = (phi * 0).sum()
                if penalty > 0 { loss = loss + l2Penalty([phi], strength: penalty) }
                opt.zeroGrad()
                loss.backward()
                opt.step()
            }
            return Double(phi.item())
        }
        let adamL2 = run({ Adam([$0], lr: 0.01) }, penalty: Float(decay / 2))
        let adamW = run({ AdamW([$0], lr: 0.01, weightDecay: decay) }, penalty: 0)
        let predicted = pow(1 - 0.01 * decay, 50)
        lone.append((adamL2, adamW, predicted))
        loneRows.append(["\(decay)", fixed(adamL2), fixed(adamW), fixed(predicted)])
    }
    s.table(headers: ["λ", "Adam + (λ/2)·φ²", "AdamW(weightDecay: λ)", "(1 − ηλ)⁵⁰"], rows: loneRows)
    s.prose(L(
        ru: """
        С Adam + L2 вес ушёл к \(fixed(lone[0].0, 2)) и при λ = 0.001, и при λ = 0.1 \
        (\(fixed(lone[1].0, 2))): Adam нормирует градиент λφ на его же размер √v̂, и шаг выходит ≈ η \
        независимо от λ. У AdamW вес убывает как (1 − ηλ)ᵗ — пропорционально λ: \(fixed(lone[0].1)) \
        и \(fixed(lone[1].1)). В сети это значит: у Adam + L2 веса с большими градиентами затухают \
        слабее, у AdamW все веса сжимаются одинаково.

        В исходном ноутбуке AdamW создают так (в PyTorch и у нас):

            optimizer = AdamW(model.parameters(), lr=1e-4, weight_decay=1e-2)
            let optimizer = AdamW(model.parameters(), lr: 1e-4, weightDecay: 1e-2)

        Заметьте: значения λ у AdamW и у L2 не взаимозаменяемы: у AdamW затухание за шаг η·λ, \
        поэтому λ берут порядка 1e-2…1e-1, а у L2 в Adam — 1e-5…1e-3.
        """,
        en: """
        With Adam + L2 the weight went to \(fixed(lone[0].0, 2)) for λ = 0.001 and for λ = 0.1 alike \
        (\(fixed(lone[1].0, 2))): Adam divides the gradient λφ by its own size √v̂, so the step is ≈ η \
        whatever λ is. With AdamW the weight decays as (1 − ηλ)ᵗ, in proportion to λ: \(fixed(lone[0].1)) \
        and \(fixed(lone[1].1)). In a network this means: under Adam + L2 weights with large \
        gradients decay less; AdamW shrinks all weights alike.

        The original notebook builds AdamW like this (PyTorch, then ours):

            optimizer = AdamW(model.parameters(), lr=1e-4, weight_decay=1e-2)
            let optimizer = AdamW(model.parameters(), lr: 1e-4, weightDecay: 1e-2)

        Note that λ values do not carry over between AdamW and L2: AdamW decays by η·λ per step, so \
        its λ is about 1e-2…1e-1, while L2 in Adam takes 1e-5…1e-3.
        """))
}

// MARK: 3. Learning-rate schedulers

/// The seed's optimizer learning rate (its AdamW example), used for its MultiStepLR.
let seedLR = 1e-4

lesson.section(L(ru: "Планировщики скорости обучения", en: "Learning-rate schedulers")) { s in
    let epochs = scheduleEpochsOption.value
    let milestones = milestonesOption.value, gamma = gammaOption.value
    let tMax = tMaxOption.value, etaMin = etaMinOption.value, startLR = scheduleLROption.value
    guard epochs > 1, tMax > 0, gamma > 0, startLR > 0, etaMin >= 0 else {
        throw LessonError(message: s.t(L(ru: "нужно --schedule-epochs > 1, --t-max > 0, --gamma > 0, --schedule-lr > 0, --eta-min ≥ 0",
                                         en: "need --schedule-epochs > 1, --t-max > 0, --gamma > 0, --schedule-lr > 0, --eta-min ≥ 0")),
                          fix: "swift run lesson-05-regularization --schedule-epochs 40 --t-max 32")
    }
    s.prose(L(
        ru: """
        **Планировщик** (scheduler) меняет скорость обучения η по ходу обучения: большие шаги в \
        начале, мелкие в конце, когда нужно «осесть» в минимуме. Как в PyTorch, планировщик \
        привязан к оптимизатору и переписывает его `lr` при каждом `scheduler.step()` — обычно раз \
        в эпоху, после обучения на ней.

        Нарисовать расписание можно, вызвав `step()` нужное число раз, — но если так сделать с \
        настоящим планировщиком (так поступает пример MultiStepLR в d2l), обучение начнётся с уже \
        «выработанным» расписанием и последним, самым маленьким lr. Наш `scheduler.preview(steps:)` \
        прогоняет *копию* планировщика на копии оптимизатора. Проверим на настройках исходного \
        ноутбука: AdamW с lr = \(sci(seedLR)), MultiStepLR(milestones = \(milestones), γ = \(gamma)).
        """,
        en: """
        A **scheduler** changes the learning rate η during training: large steps early, small ones \
        late, when the weights should settle into a minimum. As in PyTorch, a scheduler is attached \
        to an optimizer and rewrites its `lr` at every `scheduler.step()` — usually once per epoch, \
        after training on it.

        One can draw a schedule by calling `step()` as many times as needed — but doing so with the \
        real scheduler (as d2l's MultiStepLR example does) leaves training to start from an exhausted \
        schedule at its last, smallest lr. Our `scheduler.preview(steps:)` runs a *copy* of the \
        scheduler on a copy of the optimizer. We check it with the original notebook's settings: AdamW \
        with lr = \(sci(seedLR)), MultiStepLR(milestones = \(milestones), γ = \(gamma)).
        """))
    let model = Sequential.mlp([4, 2], flatten: false, generator: Generator(seed: 1))
    let optimizer = AdamW(model.parameters(), lr: seedLR, weightDecay: 1e-2)
    let scheduler = MultiStepLR(optimizer, milestones: milestones, gamma: gamma)
    let multiStep = scheduler.preview(steps: epochs)
    s.print("preview(steps: \(epochs)): " + s.t(L(ru: "после просмотра", en: "afterwards")) +
            " optimizer.lr = \(sci(optimizer.lr)), scheduler.lastEpoch = \(scheduler.lastEpoch)")
    let consumedOptimizer = AdamW(Sequential.mlp([4, 2], flatten: false, generator: Generator(seed: 1)).parameters(),
                                  lr: seedLR, weightDecay: 1e-2)
    let consumed = MultiStepLR(consumedOptimizer, milestones: milestones, gamma: gamma)
    for _ in 1..<epochs { consumed.step() }
    s.print(s.t(L(ru: "\(epochs - 1) раз step() на настоящем планировщике:", en: "\(epochs - 1) real step() calls:")) +
            " optimizer.lr = \(sci(consumedOptimizer.lr)), scheduler.lastEpoch = \(consumed.lastEpoch)")
    s.prose(L(
        ru: "Расписание MultiStepLR: η_t = η₀·γ^(число вех ≤ t). Скорость на эпохах вокруг вех:",
        en: "The MultiStepLR schedule: η_t = η₀·γ^(number of milestones ≤ t). The rate around the milestones:"))
    let shown = Array(Set(milestones.flatMap { [$0 - 1, $0] } + [0, epochs - 1]).filter { $0 >= 0 && $0 < epochs }).sorted()
    s.table(headers: [s.t(L(ru: "эпоха", en: "epoch")), "lr"], rows: shown.map { ["\($0)", sci(multiStep[$0])] })

    let epochLabel = s.t(L(ru: "эпоха", en: "epoch"))
    let xs = (0..<epochs).map(Double.init)
    try s.figure("multi_step", caption: L(
        ru: "MultiStepLR(milestones = \(milestones), γ = \(gamma)) с lr = \(sci(seedLR)), как в исходном ноутбуке",
        en: "MultiStepLR(milestones = \(milestones), γ = \(gamma)) from lr = \(sci(seedLR)), as in the original notebook")) { url in
        let fig = Figure(width: 600, height: 340)
        let ax = fig.ax
        for m in milestones where m < epochs { ax.axvline(Double(m), color: .lightGray, dash: .dotted) }
        ax.plot(x: xs, y: multiStep, label: "MultiStepLR", lineWidth: 2, marker: .circle, markerSize: 4)
        ax.title = "MultiStepLR(milestones=\(milestones), γ=\(gamma))"
        ax.xlabel = epochLabel
        ax.ylabel = "lr"
        ax.ylim = (0, seedLR * 1.1)
        ax.legend(location: .upperRight)
        try fig.savePNG(to: url)
    }

    s.prose(L(
        ru: """
        **CosineAnnealingLR** опускает η по половине косинуса от η₀ до η_min за T_max эпох:

            η_t = η_min + (η₀ − η_min)·(1 + cos(π·t / T_max)) / 2

        В исходном ноутбуке T_max = \(tMax) и η_min = \(sci(etaMin)), а начальный lr оптимизатора \
        тоже \(sci(seedLR)): при η₀ = η_min отжигать нечего, расписание — ровная линия. Покажем и \
        это, и расписание от η₀ = \(sci(startLR)). После T_max PyTorch не держит η_min: косинус \
        продолжается, и lr снова растёт (период 2·T_max), поэтому T_max берут равным числу эпох.
        """,
        en: """
        **CosineAnnealingLR** lowers η along half a cosine from η₀ to η_min over T_max epochs:

            η_t = η_min + (η₀ − η_min)·(1 + cos(π·t / T_max)) / 2

        The original notebook has T_max = \(tMax) and η_min = \(sci(etaMin)), while the optimizer's \
        start lr is \(sci(seedLR)) too: with η₀ = η_min there is nothing to anneal and the schedule is \
        a flat line. We show that and the schedule from η₀ = \(sci(startLR)). Past T_max PyTorch does \
        not hold η_min: the cosine goes on and the lr climbs again (period 2·T_max), so T_max is \
        usually the number of epochs.
        """))
    let annealingOptimizer = SGD(model.parameters(), lr: startLR)
    let cosine = CosineAnnealingLR(annealingOptimizer, tMax: tMax, etaMin: etaMin).preview(steps: epochs)
    let flatOptimizer = AdamW(model.parameters(), lr: seedLR, weightDecay: 1e-2)
    let flat = CosineAnnealingLR(flatOptimizer, tMax: tMax, etaMin: etaMin).preview(steps: epochs)
    let atTMax = min(tMax, epochs - 1)
    s.print("CosineAnnealingLR(T_max=\(tMax), eta_min=\(sci(etaMin))), lr0 = \(sci(startLR)): " +
            "lr[0] = \(sci(cosine[0])), lr[\(tMax / 2)] = \(sci(cosine[min(tMax / 2, epochs - 1)])), lr[\(atTMax)] = \(sci(cosine[atTMax])), " +
            "lr[\(epochs - 1)] = \(sci(cosine[epochs - 1]))")
    s.print(s.t(L(ru: "как в ноутбуке, lr0 = \(sci(seedLR)):", en: "as in the notebook, lr0 = \(sci(seedLR)):")) +
            " min lr = \(sci(flat.min()!)), max lr = \(sci(flat.max()!))")
    try s.figure("cosine_annealing", caption: L(
        ru: "CosineAnnealingLR(T_max = \(tMax), η_min = \(sci(etaMin))): отжиг от \(sci(startLR)) и ровная линия исходного ноутбука (η₀ = η_min)",
        en: "CosineAnnealingLR(T_max = \(tMax), η_min = \(sci(etaMin))): annealing from \(sci(startLR)), and the original notebook's flat line (η₀ = η_min)")) { url in
        let fig = Figure(width: 780, height: 340, rows: 1, columns: 2)
        let left = fig[0, 0], right = fig[0, 1]
        if tMax < epochs { left.axvline(Double(tMax), color: .gray, dash: .dotted, label: "T_{max} = \(tMax)") }
        left.axhline(etaMin, color: .lightGray, dash: .dotted)
        left.plot(x: xs, y: cosine, label: "η_0 = \(sci(startLR))", lineWidth: 2, marker: .circle, markerSize: 3.5)
        left.title = s.t(L(ru: "отжиг от η_0 = \(sci(startLR))", en: "annealing from η_0 = \(sci(startLR))"))
        left.ylim = (0, startLR * 1.08)
        right.plot(x: xs, y: flat, label: "η_0 = η_{min} = \(sci(seedLR))", color: Color.palette(3), lineWidth: 2, marker: .circle, markerSize: 3.5)
        right.title = s.t(L(ru: "исходный ноутбук: η_0 = η_{min}", en: "original notebook: η_0 = η_{min}"))
        right.ylim = (0, seedLR * 1.6)
        for ax in [left, right] {
            ax.xlabel = epochLabel
            ax.ylabel = "lr"
            ax.legend(location: .lowerLeft)
        }
        try fig.savePNG(to: url)
    }

    s.prose(L(
        ru: """
        Все планировщики рядом, от одного η₀ = \(sci(startLR)) за \(epochs) эпох, — каждый нарисован \
        настоящим классом через `LRScheduler.preview(lr:steps:)`. `ReduceLROnPlateau` здесь нет: он \
        снижает lr, когда перестаёт улучшаться метрика, и его расписание заранее не известно.
        """,
        en: """
        Every scheduler side by side, from one η₀ = \(sci(startLR)) over \(epochs) epochs — each drawn \
        by the real class through `LRScheduler.preview(lr:steps:)`. `ReduceLROnPlateau` is missing on \
        purpose: it lowers the lr when a metric stops improving, so its schedule is not known in advance.
        """))
    let warmup = max(1, epochs / 8)
    let schedules: [(String, [Double])] = [
        ("StepLR(step_size=10, γ=0.5)", LRScheduler.preview(lr: startLR, steps: epochs) { StepLR($0, stepSize: 10, gamma: 0.5) }),
        ("MultiStepLR(\(milestones), γ=\(gamma))",
         LRScheduler.preview(lr: startLR, steps: epochs) { MultiStepLR($0, milestones: milestones, gamma: gamma) }),
        ("ExponentialLR(γ=0.9)", LRScheduler.preview(lr: startLR, steps: epochs) { ExponentialLR($0, gamma: 0.9) }),
        ("CosineAnnealingLR(T_max=\(tMax))",
         LRScheduler.preview(lr: startLR, steps: epochs) { CosineAnnealingLR($0, tMax: tMax, etaMin: etaMin) }),
        ("CosineAnnealingWarmRestarts(T_0=5, T_mult=2)",
         LRScheduler.preview(lr: startLR, steps: epochs) { CosineAnnealingWarmRestarts($0, t0: 5, tMult: 2, etaMin: etaMin) }),
        ("LinearLR(0.1 → 1, \(warmup) " + s.t(L(ru: "эпох)", en: "epochs)")),
         LRScheduler.preview(lr: startLR, steps: epochs) { LinearLR($0, startFactor: 0.1, endFactor: 1, totalIters: warmup) }),
        ("OneCycleLR(max_lr=\(sci(startLR)))", LRScheduler.preview(lr: startLR, steps: epochs) { OneCycleLR($0, maxLR: startLR, totalSteps: epochs) }),
        ("SequentialLR: LinearLR → Cosine",
         LRScheduler.preview(lr: startLR, steps: epochs) { opt in
             SequentialLR(opt, schedulers: [LinearLR(opt, startFactor: 0.1, totalIters: warmup),
                                            CosineAnnealingLR(opt, tMax: max(1, epochs - warmup), etaMin: etaMin)],
                          milestones: [warmup])
         }),
    ]
    s.table(headers: [s.t(L(ru: "планировщик", en: "scheduler")), "lr[0]", "lr[\(epochs / 4)]", "lr[\(epochs / 2)]", "lr[\(epochs - 1)]"],
            rows: schedules.map { name, lrs in [name, sci(lrs[0]), sci(lrs[epochs / 4]), sci(lrs[epochs / 2]), sci(lrs[epochs - 1])] })
    try s.figure("lr_schedulers", caption: L(
        ru: "Планировщики PyTorch от одного η₀ = \(sci(startLR)), по эпохам",
        en: "PyTorch's schedulers from one η₀ = \(sci(startLR)), per epoch")) { url in
        let fig = Figure(width: 1120, height: 500, rows: 2, columns: 4)
        for (k, (name, lrs)) in schedules.enumerated() {
            let ax = fig[k / 4, k % 4]
            ax.plot(x: xs, y: lrs, label: "lr", color: Color.palette(k), lineWidth: 2)
            ax.title = plotMarkup(name)
            ax.ylim = (0, startLR * 1.08)
            ax.xlabel = epochLabel
            if k % 4 == 0 { ax.ylabel = "lr" }
        }
        try fig.savePNG(to: url)
    }
}

// MARK: 4–5. Training on a small subset of Fashion-MNIST

/// One configuration of the small-data experiment.
struct Setup {
    var name: L
    var dropout: Float = 0
    var l2: Double = 0
    var adamWDecay: Double? = nil
    var augment = false
    var earlyStopping = false
}

/// What a training run produced.
struct RunResult {
    var setup: Setup
    var history: [EpochRecord]
    var stopper: EarlyStopping
    var finalValLoss: Double, finalValAccuracy: Double
    var testAccuracy: Double
    var seconds: Double
}

/// The data of sections 4–5, loaded once.
struct SmallData {
    let train: Subset, validation: Subset, test: any Dataset
}
var data: SmallData!
var baseline: RunResult!

/// Trains the wide MLP under `setup`; every run starts from the same weights and
/// sees the batches in the same order (same seeds), so only the regularizer differs.
/// The `EarlyStopping` object watches every run; it ends training only if `setup.earlyStopping`.
func train(_ setup: Setup, _ s: Section) throws -> RunResult {
    let epochs = effective(epochsOption, quick: 20, s), hidden = hiddenOption.value
    let seed = UInt64(s.seed)
    let model = Sequential.mlp([784, hidden, hidden, 10], dropout: setup.dropout, generator: Generator(seed: seed &+ 100))
    let optimizer: Optimizer = setup.adamWDecay.map { AdamW(model.parameters(), lr: lrOption.value, weightDecay: $0) }
        ?? Adam(model.parameters(), lr: lrOption.value, weightDecay: setup.l2)
    let augmentation: any Transform = setup.augment
        ? Compose([ToTensor(), RandomAffine(degrees: 10, translate: (0.1, 0.1), scale: 0.9...1.1), RandomHorizontalFlip()])
        : ToTensor()
    let trainLoader = DataLoader(data.train, batchSize: effective(batchOption, quick: 20, s), shuffle: true,
                                 generator: Generator(seed: seed &+ 200), transform: augmentation)
    let validationLoader = DataLoader(data.validation, batchSize: 500)
    let stopper = EarlyStopping(monitor: "val_loss", mode: .min, patience: patienceOption.value, restoreBestWeights: true)
    let bar = s.progress(total: epochs, label: s.t(setup.name))
    let start = DispatchTime.now().uptimeNanoseconds
    var stopped = false
    let history = try fit(model, optimizer: optimizer, train: trainLoader, validation: validationLoader, epochs: epochs,
                          earlyStopping: setup.earlyStopping ? stopper : nil, showProgress: false) { record in
        bar.advance(metrics: [("val_loss", fixed(record.valLoss))])
        // Without early stopping, the same rule only watches (what it would have done).
        if !setup.earlyStopping && !stopped {
            stopped = stopper.update(value: record.valLoss, epoch: record.epoch, parameters: model.parameters())
        }
    }
    bar.finish()
    let validation = evaluate(model, on: validationLoader)
    let test = evaluate(model, on: DataLoader(data.test, batchSize: 1000))
    return RunResult(setup: setup, history: history, stopper: stopper, finalValLoss: validation.loss,
                     finalValAccuracy: validation.accuracy, testAccuracy: test.accuracy,
                     seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}

lesson.section(L(ru: "Ранняя остановка на переобучающейся сети", en: "Early stopping on an overfitting network")) { s in
    let trainSize = effective(trainSizeOption, quick: 200, s), valSize = effective(valSizeOption, quick: 300, s)
    let epochs = effective(epochsOption, quick: 20, s), hidden = hiddenOption.value
    let patience = patienceOption.value, batch = effective(batchOption, quick: 20, s)
    guard trainSize > 0, valSize > 0, epochs > 1, hidden > 0, patience >= 0, batch > 0 else {
        throw LessonError(message: s.t(L(ru: "--train-size, --val-size, --hidden, --batch-size должны быть > 0, --epochs > 1, --patience ≥ 0",
                                         en: "--train-size, --val-size, --hidden, --batch-size must be > 0, --epochs > 1, --patience ≥ 0")),
                          fix: "swift run lesson-05-regularization --train-size 1000 --epochs 30")
    }
    let (full, testSet) = try FashionMNIST.splits(dataDirectory: dataOptions.directory, download: dataOptions.download) { s.print($0) }
    guard trainSize + valSize <= full.count else {
        throw LessonError(message: "--train-size + --val-size = \(trainSize + valSize) > \(full.count)",
                          fix: "swift run lesson-05-regularization --train-size 1000 --val-size 1000")
    }
    let parts = randomSplit(full, lengths: [trainSize, valSize, full.count - trainSize - valSize],
                            generator: Generator(seed: UInt64(s.seed)))
    let test: any Dataset = s.quick ? Subset(testSet, indices: Array(0..<1000)) : testSet
    data = SmallData(train: parts[0], validation: parts[1], test: test)
    let parameterCount = Sequential.mlp([784, hidden, hidden, 10], generator: Generator(seed: 0)).parameterCount

    s.prose(L(
        ru: """
        **Ранняя остановка** (early stopping) прекращает обучение, когда потери на валидации \
        перестают улучшаться, и возвращает веса лучшей эпохи. Чтобы ей было что останавливать, \
        нужна сеть, которая переобучается: широкий MLP 784→\(hidden)→\(hidden)→10 \
        (\(parameterCount) \(russianPlural(parameterCount, "параметр", "параметра", "параметров"))) всего на \(trainSize) \
        изображениях Fashion-MNIST, без регуляризации, Adam с lr = \(sci(lrOption.value)), \
        батч \(batch), \(epochs) эпох. Валидация — другие \(valSize) изображений из \
        обучающей части, тест — \(test.count) изображений тестовой части.

        Правило — как `EarlyStopping` в PyTorch Lightning: улучшение — это val_loss ниже лучшего; \
        после \(patience) эпох подряд без улучшения обучение останавливается. Здесь оно только \
        наблюдает, а сеть учится все \(epochs) эпох — чтобы было видно, что случилось бы дальше.
        """,
        en: """
        **Early stopping** ends training when the validation loss stops improving and brings back \
        the best epoch's weights. To have something to stop we need a network that overfits: a wide \
        MLP 784→\(hidden)→\(hidden)→10 (\(parameterCount) \
        parameters) on only \(trainSize) Fashion-MNIST images, no regularization, Adam with \
        lr = \(sci(lrOption.value)), batch \(batch), \(epochs) epochs. Validation: another \
        \(valSize) images of the training part; test: \(test.count) images of the test part.

        The rule is PyTorch Lightning's `EarlyStopping`: an improvement is a val_loss below the best \
        so far; after \(patience) epochs in a row without one, training stops. Here it only watches, \
        and the network trains all \(epochs) epochs, so we see what would have come next.
        """))
    baseline = try train(Setup(name: L(ru: "без регуляризации", en: "no regularization")), s)
    let history = baseline.history
    s.table(headers: [s.t(L(ru: "эпоха", en: "epoch")), "train_loss", "val_loss", "train_acc", "val_acc"],
            rows: history.map { ["\($0.epoch + 1)", fixed($0.trainLoss), fixed($0.valLoss), fixed($0.trainAccuracy, 3), fixed($0.valAccuracy, 3)] })
    let stopper = baseline.stopper
    let best = stopper.bestEpoch ?? 0
    let stop = stopper.stoppedEpoch
    let last = history.last!
    s.print(s.t(L(ru: "лучшая эпоха:", en: "best epoch:")), best + 1, " val_loss =", fixed(history[best].valLoss),
            " val_acc =", fixed(history[best].valAccuracy, 3))
    if let stop {
        s.print(s.t(L(ru: "остановка после эпохи:", en: "stop after epoch:")), stop + 1,
                s.t(L(ru: "(терпение \(patience))", en: "(patience \(patience))")))
    } else {
        s.print(s.t(L(ru: "остановки не было бы: терпение \(patience) не исчерпано за \(epochs) эпох",
                      en: "no stop: the patience of \(patience) was not used up in \(epochs) epochs")))
    }
    s.print(s.t(L(ru: "последняя эпоха:", en: "last epoch:")), last.epoch + 1, " val_loss =", fixed(last.valLoss),
            " val_acc =", fixed(last.valAccuracy, 3), " train_loss =", fixed(last.trainLoss))
    s.print(s.t(L(ru: "время обучения:", en: "training time:")), seconds(baseline.seconds))
    let rise = last.valLoss / history[best].valLoss
    let overfitRu = rise > 1.01
        ? ", к концу они в \(fixed(rise, 2)) раза выше: сеть запоминает свои \(trainSize) картинок, а не учится классам"
        : " и к концу не выросли: за \(epochs) эпох сеть ещё не переобучилась (добавьте эпох)"
    let overfitEn = rise > 1.01
        ? " and ends \(fixed(rise, 2)) times higher: the network memorises its \(trainSize) pictures instead of learning the classes"
        : " and has not risen by the end: in \(epochs) epochs the network has not overfitted yet (add epochs)"
    s.prose(L(
        ru: """
        Потери на обучении падают до \(fixed(last.trainLoss, 3)), а на валидации лучшие \
        (\(fixed(history[best].valLoss, 3))) были на эпохе \(best + 1)\(overfitRu). Ранняя остановка \
        \(stop.map { "прервала бы обучение после эпохи \($0 + 1) и вернула веса эпохи \(best + 1)" } ?? "не успела бы сработать").
        """,
        en: """
        The training loss falls to \(fixed(last.trainLoss, 3)), while the validation loss was best \
        (\(fixed(history[best].valLoss, 3))) at epoch \(best + 1)\(overfitEn). Early stopping \
        \(stop.map { "would have stopped after epoch \($0 + 1) and restored the weights of epoch \(best + 1)" } ?? "would not have fired yet").
        """))
    try s.figure("early_stopping", caption: L(
        ru: "Переобучение MLP на \(trainSize) изображениях: потери и точность по эпохам, лучшая эпоха и точка ранней остановки",
        en: "An MLP overfitting \(trainSize) images: loss and accuracy per epoch, the best epoch and the early-stopping point")) { url in
        let fig = Figure(width: 820, height: 360, rows: 1, columns: 2)
        let x = history.map { Double($0.epoch + 1) }
        let lossAxes = fig[0, 0], accuracyAxes = fig[0, 1]
        for ax in [lossAxes, accuracyAxes] {
            ax.axvline(Double(best + 1), color: Color.palette(2), dash: .dashed,
                       label: s.t(L(ru: "лучшая эпоха \(best + 1)", en: "best epoch \(best + 1)")))
            if let stop {
                ax.axvline(Double(stop + 1), color: Color.palette(3), dash: .dashDot,
                           label: s.t(L(ru: "остановка после \(stop + 1)", en: "stop after \(stop + 1)")))
            }
        }
        lossAxes.plot(x: x, y: history.map(\.trainLoss), label: "train\\_loss", color: Color.palette(0), lineWidth: 2)
        lossAxes.plot(x: x, y: history.map(\.valLoss), label: "val\\_loss", color: Color.palette(1), lineWidth: 2)
        lossAxes.scatter(x: [Double(best + 1)], y: [history[best].valLoss], label: "min val\\_loss", color: Color.palette(2), size: 9)
        lossAxes.title = s.t(L(ru: "потери (кросс-энтропия)", en: "loss (cross-entropy)"))
        lossAxes.ylabel = s.t(L(ru: "потери", en: "loss"))
        lossAxes.legend(location: .upperRight)
        accuracyAxes.plot(x: x, y: history.map(\.trainAccuracy), label: "train\\_acc", color: Color.palette(0), lineWidth: 2)
        accuracyAxes.plot(x: x, y: history.map(\.valAccuracy), label: "val\\_acc", color: Color.palette(1), lineWidth: 2)
        accuracyAxes.title = s.t(L(ru: "точность", en: "accuracy"))
        accuracyAxes.ylabel = s.t(L(ru: "точность", en: "accuracy"))
        accuracyAxes.legend(location: .lowerRight)
        for ax in [lossAxes, accuracyAxes] {
            ax.xlabel = s.t(L(ru: "эпоха", en: "epoch"))
            ax.xlim = (0, Double(epochs) + 0.5)
        }
        try fig.savePNG(to: url)
    }
}

lesson.section(L(ru: "Сравнение регуляризаторов на малых данных", en: "Regularizers compared on small data")) { s in
    let l2 = l2Option.value, adamWDecay = adamWDecayOption.value, p = Float(dropoutOption.value)
    guard l2 >= 0, adamWDecay >= 0, p >= 0, p < 1 else {
        throw LessonError(message: s.t(L(ru: "нужно --l2 ≥ 0, --adamw-decay ≥ 0, 0 ≤ --dropout < 1",
                                         en: "need --l2 ≥ 0, --adamw-decay ≥ 0, 0 ≤ --dropout < 1")),
                          fix: "swift run lesson-05-regularization --dropout 0.5")
    }
    s.prose(L(
        ru: """
        Та же сеть, те же данные, те же начальные веса и тот же порядок батчей — меняется только \
        регуляризатор:

        - **L2**: Adam с `weightDecay: \(sci(l2))` — то же, что (λ/2)·Σφ² в потерях;
        - **AdamW**: развязанное затухание `weightDecay: \(adamWDecay)`;
        - **Dropout**: `Dropout(\(p))` после каждого скрытого слоя (в режиме `eval()` выключен);
        - **ранняя остановка**: терпение \(patienceOption.value), возврат лучших весов;
        - **аугментация**: случайный поворот до ±10°, сдвиг до 10 %, масштаб 0.9–1.1 и отражение \
        слева направо — каждую эпоху сеть видит немного другие картинки;
        - **всё вместе**: Dropout + AdamW + аугментация + ранняя остановка.

        Точность — средняя по классам (macro), как метрика исходного ноутбука. Тестовая выборка \
        в выборе не участвует: ранняя остановка выбирает эпоху по валидации, поэтому честная оценка — тест.
        """,
        en: """
        The same network, data, initial weights and batch order — only the regularizer changes:

        - **L2**: Adam with `weightDecay: \(sci(l2))` — the same as (λ/2)·Σφ² in the loss;
        - **AdamW**: decoupled decay `weightDecay: \(adamWDecay)`;
        - **Dropout**: `Dropout(\(p))` after each hidden layer (off in `eval()` mode);
        - **early stopping**: patience \(patienceOption.value), best weights restored;
        - **augmentation**: a random rotation up to ±10°, a shift up to 10 %, scale 0.9–1.1 and a \
        left-right flip — every epoch the network sees slightly different pictures;
        - **everything**: Dropout + AdamW + augmentation + early stopping.

        Accuracy is the mean over classes (macro), the original notebook's metric. The test set takes \
        no part in any choice: early stopping picks its epoch on validation, so the fair score is the test.
        """))
    let setups = [
        Setup(name: L(ru: "L2 (Adam, weight decay)", en: "L2 (Adam, weight decay)"), l2: l2),
        Setup(name: L(ru: "AdamW", en: "AdamW"), adamWDecay: adamWDecay),
        Setup(name: L(ru: "Dropout", en: "Dropout"), dropout: p),
        Setup(name: L(ru: "ранняя остановка", en: "early stopping"), earlyStopping: true),
        Setup(name: L(ru: "аугментация", en: "augmentation"), augment: true),
        Setup(name: L(ru: "всё вместе", en: "everything"), dropout: p, adamWDecay: adamWDecay, augment: true, earlyStopping: true),
    ]
    var results = [baseline!]
    for setup in setups { results.append(try train(setup, s)) }

    let early = results[4]
    let predictedStop = baseline.stopper.stoppedEpoch
    s.print(s.t(L(ru: "ранняя остановка по-настоящему: обучение закончилось после эпохи",
                  en: "early stopping for real: training ended after epoch")), early.history.count,
            s.t(L(ru: "(предсказано в прошлом разделе:", en: "(predicted in the previous section:")),
            predictedStop.map { "\($0 + 1))" } ?? "—)")
    s.table(headers: [s.t(L(ru: "метод", en: "method")), s.t(L(ru: "эпох", en: "epochs")), "train_acc",
                      "val_loss", "val_acc", "test_acc", s.t(L(ru: "время", en: "time"))],
            rows: results.map { r in
                [s.t(r.setup.name), "\(r.history.count)", fixed(r.history.last!.trainAccuracy, 3), fixed(r.finalValLoss),
                 fixed(r.finalValAccuracy, 3), fixed(r.testAccuracy, 3), seconds(r.seconds)]
            })
    let bestRun = results.max { $0.testAccuracy < $1.testAccuracy }!
    let lowestLoss = results.min { $0.finalValLoss < $1.finalValLoss }!
    let leastFitted = results.min { $0.history.last!.trainAccuracy < $1.history.last!.trainAccuracy }!
    let fitted = leastFitted.history.count
    s.prose(L(
        ru: """
        Без регуляризации к концу обучения val_loss = \(fixed(baseline.finalValLoss, 3)), тестовая \
        точность \(fixed(baseline.testAccuracy, 3)). Лучшая тестовая точность — у варианта \
        «\(s.t(bestRun.setup.name))» (\(fixed(bestRun.testAccuracy, 3))), самые низкие потери на валидации — \
        у варианта «\(s.t(lowestLoss.setup.name))» (\(fixed(lowestLoss.finalValLoss, 3))). Точность меняется \
        меньше, чем потери: переобученная сеть по-прежнему часто угадывает класс, но становится \
        слишком уверенной в ошибках, и именно это поднимает кросс-энтропию.

        Регуляризация — это торг: она мешает запоминать обучающие примеры и потому замедляет \
        обучение. Меньше всего train_acc у варианта «\(s.t(leastFitted.setup.name))» \
        (\(fixed(leastFitted.history.last!.trainAccuracy, 3))): за \(fitted) \(russianPlural(fitted, "эпоху", "эпохи", "эпох")) эта сеть ещё \
        недообучена, ей нужно больше эпох (упражнение 4). И ещё: на таких малых данных разница \
        в процент-другой — в пределах шума одного запуска; запустите с другим `--seed`, прежде \
        чем делать вывод (упражнение 3).
        """,
        en: """
        Without regularization the run ends at val_loss = \(fixed(baseline.finalValLoss, 3)) and a test \
        accuracy of \(fixed(baseline.testAccuracy, 3)). The best test accuracy belongs to \
        "\(s.t(bestRun.setup.name))" (\(fixed(bestRun.testAccuracy, 3))), the lowest validation loss to \
        "\(s.t(lowestLoss.setup.name))" (\(fixed(lowestLoss.finalValLoss, 3))). Accuracy moves less than \
        the loss: the overfitted network still gets the class right often but grows over-confident in \
        its mistakes, and that is what drives the cross-entropy up.

        Regularization is a trade: it keeps the network from memorising the training examples and so \
        slows the fit. The lowest train_acc belongs to "\(s.t(leastFitted.setup.name))" \
        (\(fixed(leastFitted.history.last!.trainAccuracy, 3))): in \(fitted) epochs that network is still \
        underfitted and needs more epochs (exercise 4). And on data this small a difference of a percent \
        or two is within the noise of one run: rerun with another `--seed` before drawing conclusions \
        (exercise 3).
        """))
    try s.figure("regularization_comparison", caption: L(
        ru: "Регуляризаторы на \(data.train.count) изображениях: val_loss по эпохам и итоговая точность на тесте",
        en: "Regularizers on \(data.train.count) images: val_loss per epoch and the final test accuracy")) { url in
        let fig = Figure(width: 960, height: 400, rows: 1, columns: 2)
        let curves = fig[0, 0], bars = fig[0, 1]
        for (k, r) in results.enumerated() {
            curves.plot(x: r.history.map { Double($0.epoch + 1) }, y: r.history.map(\.valLoss), label: s.t(r.setup.name),
                        color: Color.palette(k), lineWidth: 1.8, dash: r.setup.earlyStopping ? .dashed : .solid)
        }
        curves.title = s.t(L(ru: "потери на валидации", en: "validation loss"))
        curves.xlabel = s.t(L(ru: "эпоха", en: "epoch"))
        curves.ylabel = "val\\_loss"
        curves.legend(location: .best)
        let names = results.map { s.t($0.setup.name).replacingOccurrences(of: " (Adam, weight decay)", with: "") }
        bars.bar(labels: names, heights: results.map(\.finalValAccuracy), color: Color.palette(0).lighter(0.3), label: "val\\_acc")
        bars.bar(labels: names, heights: results.map(\.testAccuracy), color: Color.palette(1), label: "test\\_acc", valueFormat: "%.3f")
        bars.ylim = (0, 1.12)
        bars.xtickRotation = 30
        bars.title = s.t(L(ru: "итоговая точность (macro)", en: "final accuracy (macro)"))
        bars.legend(location: .upperRight, columns: 2)
        try fig.savePNG(to: url)
    }
}

lesson.section(L(ru: "Упражнения", en: "Exercises")) { s in
    s.prose(L(
        ru: """
        1. Запустите с `--mu 2` и `--mu 0.05`. Куда сдвинулся минимум на `regularization.png`? \
        Проверьте по формуле a/(a + 2μ), во сколько раз сжимается каждая координата.
        2. Поставьте `--t-max 40` (равным `--schedule-epochs`): исчез ли подъём lr в конце \
        `cosine_annealing.png`? Затем `--milestones 10,20 --gamma 0.1`: сколько раз и во сколько \
        раз падает lr на `multi_step.png`?
        3. Повторите сравнение с `--seed 1` и `--seed 2`. Какие места в таблице сохраняются, а какие \
        меняются? Какой разброс test_acc между запусками у одного и того же метода?
        4. Дайте аугментации и варианту «всё вместе» больше времени: `--epochs 100`. Догоняют ли они \
        остальных по test_acc? Затем увеличьте данные: `--train-size 8000 --patience 3` — насколько \
        меньше выигрыш от регуляризации, когда данных больше?
        """,
        en: """
        1. Run with `--mu 2` and `--mu 0.05`. Where did the minimum move in `regularization.png`? \
        Check with the formula a/(a + 2μ) how much each coordinate shrinks.
        2. Set `--t-max 40` (equal to `--schedule-epochs`): is the climb of the lr at the end of \
        `cosine_annealing.png` gone? Then `--milestones 10,20 --gamma 0.1`: how many times and by \
        how much does the lr drop in `multi_step.png`?
        3. Repeat the comparison with `--seed 1` and `--seed 2`. Which places in the table stay and \
        which change? How much does test_acc of one method vary between runs?
        4. Give augmentation and "everything" more time: `--epochs 100`. Do they catch up with the \
        others in test_acc? Then give it more data: `--train-size 8000 --patience 3` — how much smaller \
        is the gain from regularization with more data?
        """))
}

lesson.run()
