// Lesson 05 — regularization: L2 and weight decay, learning-rate schedules,
// early stopping, and what each does on a small data set.
//
//   swift run lesson-05-regularization            (add --help for the flags)
//
// Sections 2.4–2.6 of the lecture: the L2 term μ·Σφ² and how it moves the
// minimum, SGD's weight decay = L2, AdamW ≠ Adam + L2, MultiStepLR and
// CosineAnnealingLR (the original notebook's flat cosine corrected), every
// scheduler side by side and five of them driving real training, dropout on
// numbers, early stopping on a real overfitting run, and regularizers compared
// over several seeds on 1,000 Fashion-MNIST images with true and with partly
// wrong labels. The figures' styling is in Plots.swift.
import Course
import Foundation

let lesson = Lesson(
    id: "lesson-05-regularization",
    title: L(ru: "Регуляризация: L2, weight decay, расписания скорости обучения, ранняя остановка",
             en: "Regularization: L2, weight decay, learning-rate schedules, early stopping"),
    summary: L(ru: "L2 в функции потерь и weight decay, AdamW, планировщики скорости обучения в настоящем обучении, dropout, ранняя остановка и сравнение регуляризаторов на малых данных с верными и неверными метками.",
               en: "L2 in the loss and weight decay, AdamW, learning-rate schedulers in real training, dropout, early stopping and a comparison of regularizers on small data with true and wrong labels."))

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
let hiddenOption = lesson.option("hidden", default: 128, range: 1...4096,
    help: L(ru: "ширина двух скрытых слоёв MLP", en: "width of the MLP's two hidden layers"))
let patienceOption = lesson.option("patience", default: 5, range: 0...1000,
    help: L(ru: "терпение ранней остановки (эпох без улучшения val_loss)", en: "early-stopping patience (epochs without a better val_loss)"))
let lrOption = lesson.option("lr", default: 1e-3, range: .above(0, through: 10),
    help: L(ru: "скорость обучения Adam в опытах на Fashion-MNIST", en: "Adam's learning rate in the Fashion-MNIST experiments"))
let batchOption = lesson.option("batch-size", default: 64, range: 1...60_000,
    help: L(ru: "размер батча (--quick: 20)", en: "batch size (--quick: 20)"))
let l2Option = lesson.option("l2", default: 1e-2, range: 0...100,
    help: L(ru: "weight_decay λ для Adam (то же, что (λ/2)·Σφ² в потерях)", en: "Adam's weight_decay λ (the same as (λ/2)·Σφ² in the loss)"))
let adamWDecayOption = lesson.option("adamw-decay", default: 3.0, range: 0...100,
    help: L(ru: "weight_decay для AdamW (развязанное затухание)", en: "AdamW's weight_decay (decoupled decay)"))
let dropoutOption = lesson.option("dropout", default: 0.5, range: 0..<1,
    help: L(ru: "вероятность Dropout после каждого скрытого слоя", en: "Dropout probability after each hidden layer"))
let seedsOption = lesson.option("seeds", default: 3, range: 2...20,
    help: L(ru: "сколько раз (с разными зёрнами) повторять каждый опыт (--quick: 2)",
            en: "how many times (with different seeds) each experiment is repeated (--quick: 2)"))
let labelNoiseOption = lesson.option("label-noise", default: 0.4, range: 0...0.9,
    help: L(ru: "доля неверных меток в обучающих данных второго опыта", en: "fraction of wrong training labels in the second experiment"))
let dataOptions = lesson.dataOptions()

// MARK: Notebook state, shared by sections 8–11

/// The small Fashion-MNIST sets, loaded by section 8 (its size depends on the flags and `--quick`).
var data: SmallData!
/// Every run of section 9, `[regime][setup][seed]`, read by sections 10 and 11.
var comparisonResults: [[[RunResult]]] = []

/// An option's value, or `quick` under `--quick` when the user left the default.
func effective<T: OptionValue & Equatable>(_ option: Option<T>, quick: T, _ s: Section) -> T {
    s.quick && option.value == option.defaultValue ? quick : option.value
}

/// "1.23e-04"-style numbers for learning rates and tiny differences.
func sci(_ x: Double) -> String { String(format: "%.3g", x) }
func fixed(_ x: Double, _ digits: Int = 4) -> String { String(format: "%.\(digits)f", x) }
/// "7.78 с" / "7.78 s"; "—" under `--no-timings`, so documents made twice agree.
func seconds(_ x: Double) -> String { lesson.seconds(x, decimals: 2) }
/// A count with its thousands grouped: "118 282" in Russian, "118,282" in English.
func count(_ n: Int) -> String {
    let separator = lesson.t(L(ru: "\u{00A0}", en: ","))
    var digits = String(n), grouped = ""
    while digits.count > 3 {
        grouped = separator + digits.suffix(3) + grouped
        digits.removeLast(3)
    }
    return digits + grouped
}
/// "61.0 ± 0.1" that prose never breaks across lines.
func unbroken(_ text: String) -> String { text.replacingOccurrences(of: " ", with: "\u{00A0}") }
/// A number with its Russian noun, nominative or accusative: «1 эпоха», «3 эпохи», «40 эпох».
func epochsRu(_ n: Int) -> String { "\(n) " + russianPlural(n, "эпоха", "эпохи", "эпох") }
func imagesRu(_ n: Int) -> String { "\(count(n)) " + russianPlural(n, "изображение", "изображения", "изображений") }
func stepsRu(_ n: Int) -> String { "\(count(n)) " + russianPlural(n, "шаг", "шага", "шагов") }

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
    s.prose(L(
        ru: """
        Регуляризация функции потерь добавляет к ней слагаемое, которое штрафует «большие» параметры:

            L[φ] + μ·g[φ],    для L2:  g[φ] = Σᵢ φᵢ²

        Градиент штрафа равен 2μ·φ: на каждом шаге он тянет каждый параметр к нулю, тем сильнее, \
        чем параметр больше. Посмотрим, что штраф делает с минимумом, на двумерной поверхности \
        потерь: у неё крутое направление и пологая долина, минимум в точке c\u{00A0}=\u{00A0}(2,\u{00A0}2). \
        Минимумы найдём по-настоящему — градиентным спуском нашего `SGD` по тензору φ из двух чисел.
        """,
        en: """
        Regularizing the loss adds a term that penalises "large" parameters:

            L[φ] + μ·g[φ],    for L2:  g[φ] = Σᵢ φᵢ²

        The penalty's gradient is 2μ·φ: every step it pulls each parameter towards zero, the harder \
        the larger the parameter. Let us see what it does to the minimum on a 2-D loss surface with \
        one steep direction and a shallow valley, its minimum at c\u{00A0}=\u{00A0}(2,\u{00A0}2). The minima are found \
        for real, by gradient descent with our `SGD` on a tensor φ of two numbers.
        """))
    let bowl = Bowl()
    let steps = 600
    let plain = descend(steps: steps,
                        makeOptimizer: { SGD([$0], lr: 0.1) },
                        loss: { bowl.loss($0) })
    let penalised = descend(steps: steps,
                            makeOptimizer: { SGD([$0], lr: 0.1) },
                            loss: { phi in
                                bowl.loss(phi)
                                    + l2Penalty([phi], strength: Float(mu))
                            })
    let decayed = descend(steps: steps,
                          makeOptimizer: {
                              SGD([$0], lr: 0.1, weightDecay: 2 * mu)
                          },
                          loss: { bowl.loss($0) })
    let exact = bowl.regularizedMinimum(mu: mu)
    func norm(_ p: (Double, Double)) -> Double {
        (p.0 * p.0 + p.1 * p.1).squareRoot()
    }
    func row(_ what: String, _ p: (Double, Double)) -> [String] {
        [what, point(p), fixed(norm(p), 3)]
    }
    let formula = L(ru: "формула (A + 2μI)⁻¹·A·c",
                    en: "formula (A + 2μI)⁻¹·A·c")
    let stepsWord = L(ru: "шагов", en: "steps")
    s.table(headers: [L(ru: "что минимизируем", en: "what is minimised"),
                      "φ*", "|φ*|"],
            rows: [row("L[φ]  (SGD, \(steps) \(stepsWord))", plain),
                   row("L[φ] + μ·Σφ²,  μ = \(mu)  (SGD)", penalised),
                   row("L[φ]  (SGD, weightDecay = 2μ = \(2 * mu))", decayed),
                   row("\(formula)", exact)])
    let shrinkSteep = bowl.steep / (bowl.steep + 2 * mu)
    let shrinkShallow = bowl.shallow / (bowl.shallow + 2 * mu)
    s.prose(L(
        ru: """
        Со штрафом минимум сдвинулся к началу координат: |φ*| уменьшилась с \(fixed(norm(plain), 2)) \
        до \(fixed(norm(penalised), 2)). Сдвиг не прямо к нулю: вдоль крутого направления \
        координата минимума умножается на a₁/(a₁+2μ) = \(fixed(shrinkSteep, 2)), вдоль пологого — \
        на a₂/(a₂+2μ) = \(fixed(shrinkShallow, 2)). L2 сильнее всего сжимает те направления, \
        в которых данные мало что решают (потери почти не меняются), и почти не трогает те, \
        что данные определяют надёжно.

        Третья строка — тот же минимум без штрафа в потерях, но с `SGD(weightDecay: 2μ)`: это \
        одно и то же (следующий раздел проверяет это на сети).
        """,
        en: """
        With the penalty the minimum moved towards the origin: |φ*| fell from \(fixed(norm(plain), 2)) \
        to \(fixed(norm(penalised), 2)). Not straight towards zero: along the steep direction the \
        minimum's coordinate is multiplied by a₁/(a₁+2μ) = \(fixed(shrinkSteep, 2)), along the \
        shallow one by a₂/(a₂+2μ) = \(fixed(shrinkShallow, 2)). L2 shrinks hardest the directions \
        the data barely decide (the loss hardly changes along them) and leaves alone those the data \
        pin down.

        The third row is the same minimum without a penalty in the loss but with `SGD(weightDecay: 2μ)`: \
        the two are the same thing (the next section checks it on a network).
        """))

    try s.figure("regularization", caption: L(
        ru: "Поверхность потерь без L2 и с L2 (μ = \(mu)): минимум сдвигается к"
            + " началу координат",
        en: "The loss surface without and with L2 (μ = \(mu)): the minimum"
            + " moves towards the origin")) {
        regularizationFigure(bowl, mu: mu, plain: plain, penalised: penalised)
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
    // Each row: the optimizer with weightDecay, the same optimizer with
    // (λ/2)·Σφ² in the loss instead, and the optimizer with neither
    // (how far the decay moved the weights at all).
    let pairs: [(String, Maker, String, Maker, Maker)] = [
        ("SGD(lr: 0.1)", { SGD($0, lr: 0.1, weightDecay: lambda) },
         "SGD + (λ/2)·Σφ²", { SGD($0, lr: 0.1) }, { SGD($0, lr: 0.1) }),
        ("SGD(lr: 0.1, momentum: 0.9)",
         { SGD($0, lr: 0.1, momentum: 0.9, weightDecay: lambda) },
         "SGD + (λ/2)·Σφ²",
         { SGD($0, lr: 0.1, momentum: 0.9) },
         { SGD($0, lr: 0.1, momentum: 0.9) }),
        ("Adam(lr: 0.01)", { Adam($0, lr: 0.01, weightDecay: lambda) },
         "Adam + (λ/2)·Σφ²", { Adam($0, lr: 0.01) }, { Adam($0, lr: 0.01) }),
        ("AdamW(lr: 0.01)", { AdamW($0, lr: 0.01, weightDecay: lambda) },
         "Adam + (λ/2)·Σφ²", { Adam($0, lr: 0.01) }, { Adam($0, lr: 0.01) }),
    ]
    var rows: [[String]] = []
    for (name, decayed, penaltyName, penalised, bare) in pairs {
        let a = TwinRun.parameters(steps: steps, penalty: 0,
                                   makeOptimizer: decayed)
        let b = TwinRun.parameters(steps: steps, penalty: half,
                                   makeOptimizer: penalised)
        let none = TwinRun.parameters(steps: steps, penalty: 0,
                                      makeOptimizer: bare)
        let difference = TwinRun.maxDifference(a, b)
        let equal = difference < 1e-5
            ? L(ru: "да", en: "yes")
            : L(ru: "нет", en: "no")
        rows.append([name, penaltyName, sci(difference),
                     sci(TwinRun.maxDifference(a, none)), "\(equal)"])
    }
    s.table(headers: [L(ru: "с weightDecay: \(lambda)",
                        en: "with weightDecay: \(lambda)"),
                      L(ru: "с L2 в потерях", en: "with L2 in the loss"),
                      "max |Δφ|", L(ru: "эффект", en: "effect"),
                      L(ru: "совпали?", en: "equal?")],
            rows: rows)
    s.prose(L(
        ru: """
        max |Δφ| — наибольшая разница параметров двух копий, «эффект» — насколько затухание \
        вообще сдвинуло параметры (разница с копией без него). У SGD (с моментумом и без) и у Adam \
        с `weight_decay` параметры совпали с L2-версией до ошибок округления float, хотя \
        затухание заметно их изменило. В `Adam` `weight_decay` — это тоже обычная L2: λ·φ \
        добавляется к градиенту и проходит через моменты m и v.

        **AdamW** (Loshchilov, Hutter) развязывает затухание и градиент: φ ← φ·(1−η·λ) отдельно от \
        шага Adam, и деление на √v̂ затухание не видит. Поэтому AdamW ≠ Adam\u{00A0}+\u{00A0}L2. Разница видна \
        на одном весе, у которого нет градиента от данных (потери данных 0·φ), φ₀ = 1, η = 0.01, 50 шагов:
        """,
        en: """
        max |Δφ| is the largest difference between the two copies' parameters; "effect" is how far \
        the decay moved the parameters at all (the difference from a copy without it). For SGD (with \
        and without momentum) and for Adam with `weight_decay` the parameters equal the L2 version up \
        to float rounding, although the decay did change them. In `Adam`, `weight_decay` is plain L2 \
        as well: λ·φ is added to the gradient and goes through the moments m and v.

        **AdamW** (Loshchilov, Hutter) decouples the decay from the gradient: φ ← φ·(1−η·λ) apart \
        from Adam's step, so the division by √v̂ never sees the decay. Hence AdamW ≠ Adam\u{00A0}+\u{00A0}L2. The \
        difference is plain on one weight without any gradient from the data (data loss 0·φ), \
        φ₀ = 1, η = 0.01, 50 steps:
        """))
    var loneRows: [[String]] = []
    for decay in [1e-3, 1e-1] {
        func run(_ optimizer: (Tensor) -> Optimizer, penalty: Float) -> Double {
            let phi = Tensor([1], requiresGrad: true)
            let opt = optimizer(phi)
            for _ in 0..<50 {
                var loss = (phi * 0).sum()
                if penalty > 0 {
                    loss = loss + l2Penalty([phi], strength: penalty)
                }
                opt.zeroGrad()
                loss.backward()
                opt.step()
            }
            return Double(phi.item())
        }
        let adamL2 = run({ Adam([$0], lr: 0.01) }, penalty: Float(decay / 2))
        let adamW = run({ AdamW([$0], lr: 0.01, weightDecay: decay) },
                        penalty: 0)
        let predicted = pow(1 - 0.01 * decay, 50)
        loneRows.append(["\(decay)", fixed(adamL2), fixed(adamW),
                         fixed(predicted)])
    }
    s.table(headers: ["λ", "Adam + (λ/2)·φ²", "AdamW(weightDecay: λ)",
                      "(1 − ηλ)⁵⁰"],
            rows: loneRows)
    s.prose(L(
        ru: """
        С Adam + L2 вес ушёл одинаково далеко и при λ = 0.001, и при λ = 0.1: Adam нормирует \
        градиент λφ на его же размер √v̂, и шаг выходит ≈ η независимо от λ. У AdamW вес убывает \
        ровно как (1 − ηλ)ᵗ, то есть тем быстрее, чем больше λ (два последних столбца совпадают). \
        В сети это значит: у Adam + L2 веса с большими градиентами затухают слабее, у AdamW все \
        веса сжимаются одинаково.

        В исходном ноутбуке AdamW создают так (в PyTorch и у нас):

            optimizer = AdamW(model.parameters(), lr=1e-4, weight_decay=1e-2)
            let optimizer = AdamW(model.parameters(), lr: 1e-4, weightDecay: 1e-2)

        Заметьте, что значения λ у AdamW и у L2 не взаимозаменяемы: у AdamW затухание за шаг η·λ, \
        поэтому λ берут порядка 1e-2…1e-1, а у L2 в Adam — 1e-5…1e-3.
        """,
        en: """
        With Adam + L2 the weight went equally far for λ = 0.001 and for λ = 0.1: Adam divides the \
        gradient λφ by its own size √v̂, so the step is ≈ η whatever λ is. With AdamW the weight \
        decays exactly as (1 − ηλ)ᵗ, the faster the larger λ (the last two columns agree). In a \
        network this means: under Adam + L2 weights with large gradients decay less; AdamW shrinks \
        all weights alike.

        The original notebook builds AdamW like this (PyTorch, then ours):

            optimizer = AdamW(model.parameters(), lr=1e-4, weight_decay=1e-2)
            let optimizer = AdamW(model.parameters(), lr: 1e-4, weightDecay: 1e-2)

        Note that λ values do not carry over between AdamW and L2: AdamW decays by η·λ per step, so \
        its λ is about 1e-2…1e-1, while L2 in Adam takes 1e-5…1e-3.
        """))
}

// MARK: 3–5. Learning-rate schedulers

/// The original notebook's learning rate (its AdamW example), used for its MultiStepLR.
let notebookLR = 1e-4

lesson.section(L(ru: "Планировщики скорости обучения: MultiStepLR", en: "Learning-rate schedulers: MultiStepLR")) { s in
    let epochs = scheduleEpochsOption.value
    let milestones = milestonesOption.value, gamma = gammaOption.value
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
        ноутбука: AdamW с lr = \(sci(notebookLR)), MultiStepLR(milestones = \(milestones), γ = \(gamma)).
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
        with lr = \(sci(notebookLR)), MultiStepLR(milestones = \(milestones), γ = \(gamma)).
        """))
    let model = Sequential.mlp([4, 2], flatten: false,
                               generator: Generator(seed: 1))
    let optimizer = AdamW(model.parameters(), lr: notebookLR, weightDecay: 1e-2)
    let scheduler = MultiStepLR(optimizer, milestones: milestones, gamma: gamma)
    let multiStep = scheduler.preview(steps: epochs)
    let twin = Sequential.mlp([4, 2], flatten: false,
                              generator: Generator(seed: 1))
    let consumedOptimizer = AdamW(twin.parameters(), lr: notebookLR,
                                  weightDecay: 1e-2)
    let consumed = MultiStepLR(consumedOptimizer, milestones: milestones,
                               gamma: gamma)
    for _ in 1..<epochs { consumed.step() }
    s.table(headers: [L(ru: "после", en: "after"),
                      "optimizer.lr", "scheduler.lastEpoch"],
            rows: [["scheduler.preview(steps: \(epochs))",
                    sci(optimizer.lr), "\(scheduler.lastEpoch)"],
                   ["\(epochs - 1) × scheduler.step()",
                    sci(consumedOptimizer.lr), "\(consumed.lastEpoch)"]])
    s.prose(L(
        ru: "Расписание MultiStepLR: η_t = η₀·γ^(число вех ≤ t). Скорость на"
            + " эпохах вокруг вех:",
        en: "The MultiStepLR schedule: η_t = η₀·γ^(number of milestones ≤ t)."
            + " The rate around the milestones:"))
    let around = milestones.flatMap { [$0 - 1, $0] } + [0, epochs - 1]
    let shown = Set(around).filter { $0 >= 0 && $0 < epochs }.sorted()
    s.table(headers: [L(ru: "эпоха", en: "epoch"), "lr"],
            rows: shown.map { ["\($0)", sci(multiStep[$0])] })

    try s.figure("multi_step", caption: L(
        ru: "MultiStepLR(milestones = \(milestones), γ = \(gamma)) с lr ="
            + " \(sci(notebookLR)), как в исходном ноутбуке",
        en: "MultiStepLR(milestones = \(milestones), γ = \(gamma)) from lr ="
            + " \(sci(notebookLR)), as in the original notebook")) {
        multiStepFigure(multiStep, milestones: milestones, gamma: gamma,
                        startLR: notebookLR)
    }
}

lesson.section(L(ru: "CosineAnnealingLR и ровная линия исходного ноутбука",
                 en: "CosineAnnealingLR and the original notebook's flat line")) { s in
    let epochs = scheduleEpochsOption.value
    let tMax = tMaxOption.value, etaMin = etaMinOption.value
    let startLR = scheduleLROption.value
    s.prose(L(
        ru: """
        **CosineAnnealingLR** опускает η по половине косинуса от η₀ до η_min за T_max эпох:

            η_t = η_min + (η₀ − η_min)·(1 + cos(π·t / T_max)) / 2

        В исходном ноутбуке T_max = \(tMax) и η_min = \(sci(etaMin)), а начальный lr оптимизатора \
        тоже \(sci(notebookLR)): при η₀ = η_min отжигать нечего, расписание — ровная линия. Покажем и \
        это, и расписание от η₀ = \(sci(startLR)). После T_max PyTorch не держит η_min: косинус \
        продолжается, и lr снова растёт (период 2·T_max), поэтому T_max берут равным числу эпох.
        """,
        en: """
        **CosineAnnealingLR** lowers η along half a cosine from η₀ to η_min over T_max epochs:

            η_t = η_min + (η₀ − η_min)·(1 + cos(π·t / T_max)) / 2

        The original notebook has T_max = \(tMax) and η_min = \(sci(etaMin)), while the optimizer's \
        start lr is \(sci(notebookLR)) too: with η₀ = η_min there is nothing to anneal and the schedule is \
        a flat line. We show that and the schedule from η₀ = \(sci(startLR)). Past T_max PyTorch does \
        not hold η_min: the cosine goes on and the lr climbs again (period 2·T_max), so T_max is \
        usually the number of epochs.
        """))
    let model = Sequential.mlp([4, 2], flatten: false,
                               generator: Generator(seed: 1))
    let annealingOptimizer = SGD(model.parameters(), lr: startLR)
    let cosine = CosineAnnealingLR(annealingOptimizer, tMax: tMax, etaMin: etaMin)
        .preview(steps: epochs)
    let flatOptimizer = AdamW(model.parameters(), lr: notebookLR,
                              weightDecay: 1e-2)
    let flat = CosineAnnealingLR(flatOptimizer, tMax: tMax, etaMin: etaMin)
        .preview(steps: epochs)
    let shownEpochs = Set([0, tMax / 2, tMax, epochs - 1])
        .filter { $0 < epochs }.sorted()
    s.table(headers: [L(ru: "эпоха", en: "epoch"), "lr, η₀ = \(sci(startLR))",
                      L(ru: "lr, как в исходном ноутбуке",
                        en: "lr, as in the original notebook")],
            rows: shownEpochs.map { ["\($0)", sci(cosine[$0]), sci(flat[$0])] })
    try s.figure("cosine_annealing", caption: L(
        ru: "CosineAnnealingLR(T_max = \(tMax), η_min = \(sci(etaMin))): отжиг"
            + " от \(sci(startLR)) и ровная линия исходного ноутбука (η₀ ="
            + " η_min)",
        en: "CosineAnnealingLR(T_max = \(tMax), η_min = \(sci(etaMin))):"
            + " annealing from \(sci(startLR)), and the original notebook's"
            + " flat line (η₀ = η_min)")) {
        cosineFigure(annealed: cosine, flat: flat, tMax: tMax, etaMin: etaMin,
                     startLR: startLR, flatLR: notebookLR)
    }
}

lesson.section(L(ru: "Все планировщики рядом", en: "Every scheduler side by side")) { s in
    let epochs = scheduleEpochsOption.value
    let milestones = milestonesOption.value, gamma = gammaOption.value
    let tMax = tMaxOption.value, etaMin = etaMinOption.value
    let startLR = scheduleLROption.value
    s.prose(L(
        ru: """
        Каждый планировщик стартует с одного и того же η₀ = \(sci(startLR)) и работает \
        \(epochs) \(russianPlural(epochs, "эпоху", "эпохи", "эпох")); расписание нарисовано настоящим классом через \
        `LRScheduler.preview(lr:steps:)`. `ReduceLROnPlateau` здесь нет: он снижает lr, когда \
        перестаёт улучшаться метрика, и его расписание заранее не известно.
        """,
        en: """
        Every scheduler starts from the same η₀ = \(sci(startLR)) and runs for \(epochs) epochs; each \
        schedule is drawn by the real class through `LRScheduler.preview(lr:steps:)`. `ReduceLROnPlateau` is missing on \
        purpose: it lowers the lr when a metric stops improving, so its schedule is not known in advance.
        """))
    let warmup = max(1, epochs / 8)
    // Each schedule from a throwaway optimizer that starts at startLR.
    func lrs(_ make: (Optimizer) -> LRScheduler) -> [Double] {
        LRScheduler.preview(lr: startLR, steps: epochs, make)
    }
    let warmupEpochs = L(ru: russianPlural(warmup, "эпоха", "эпохи", "эпох"),
                         en: "epochs")
    let schedules: [(String, [Double])] = [
        ("StepLR(step_size=10, γ=0.5)",
         lrs { StepLR($0, stepSize: 10, gamma: 0.5) }),
        ("MultiStepLR(\(milestones), γ=\(gamma))",
         lrs { MultiStepLR($0, milestones: milestones, gamma: gamma) }),
        ("ExponentialLR(γ=0.9)",
         lrs { ExponentialLR($0, gamma: 0.9) }),
        ("CosineAnnealingLR(T_max=\(tMax))",
         lrs { CosineAnnealingLR($0, tMax: tMax, etaMin: etaMin) }),
        ("CosineAnnealingWarmRestarts(T_0=5, T_mult=2)",
         lrs { CosineAnnealingWarmRestarts($0, t0: 5, tMult: 2,
                                           etaMin: etaMin) }),
        ("LinearLR(0.1 → 1, \(warmup) \(warmupEpochs))",
         lrs { LinearLR($0, startFactor: 0.1, endFactor: 1,
                        totalIters: warmup) }),
        ("OneCycleLR(max_lr=\(sci(startLR)))",
         lrs { OneCycleLR($0, maxLR: startLR, totalSteps: epochs) }),
        ("SequentialLR: LinearLR → Cosine",
         lrs { opt in
             let cosine = CosineAnnealingLR(opt, tMax: max(1, epochs - warmup),
                                            etaMin: etaMin)
             return SequentialLR(opt,
                                 schedulers: [LinearLR(opt, startFactor: 0.1,
                                                       totalIters: warmup),
                                              cosine],
                                 milestones: [warmup])
         }),
    ]
    // Two significant digits keep the longest name and four columns
    // within 80 characters.
    let quarters = [0, epochs / 4, epochs / 2, epochs - 1]
    s.table(headers: [L(ru: "планировщик", en: "scheduler")]
                + quarters.map { "lr[\($0)]" },
            rows: schedules.map { name, lrs in
                [name] + quarters.map { String(format: "%.2g", lrs[$0]) }
            })
    try s.figure("lr_schedulers", caption: L(
        ru: "Планировщики PyTorch от одного η₀ = \(sci(startLR)), по эпохам",
        en: "PyTorch's schedulers from one η₀ = \(sci(startLR)), per epoch")) {
        schedulersFigure(schedules, startLR: startLR)
    }
}

// MARK: 6. Schedules that drive real training

/// Fashion-MNIST's training and test parts, from `--data-dir` (fetched with `--download`).
func fashionMNIST(_ s: Section) throws -> (train: FashionMNIST, test: FashionMNIST) {
    try FashionMNIST.splits(dataDirectory: dataOptions.directory, download: dataOptions.download) { s.print($0) }
}

lesson.section(L(ru: "Расписания в настоящем обучении", en: "Schedules in real training")) { s in
    let (full, _) = try fashionMNIST(s)
    let trainSize = s.quick ? 1000 : 3000, valSize = s.quick ? 500 : 2000
    let batch = 50, epochs = s.quick ? 4 : 8, hidden = 256, peakLR = 0.1
    // Five seeds, not three: a constant lr this large ends each run at a
    // different point.
    let seedList = (0..<(s.quick ? 2 : 5)).map { s.seed + $0 }
    let rest = full.count - trainSize - valSize
    let parts = randomSplit(full, lengths: [trainSize, valSize, rest],
                            generator: Generator(seed: UInt64(s.seed)))
    let totalSteps = epochs * (trainSize / batch), warmup = totalSteps / 10
    s.prose(L(
        ru: """
        Теперь пусть расписания ведут настоящее обучение. MLP 784→\(hidden)→10, SGD с momentum 0.9, \
        \(imagesRu(trainSize)) Fashion-MNIST, батч \(batch), \(epochsRu(epochs)) — у всех расписаний один \
        и тот же бюджет в \(stepsRu(totalSteps)) и один наибольший lr = \(peakLR). Планировщик делает \
        `step()` после каждого батча (`batchScheduler`), так что расписание плавное. MultiStepLR \
        умножает lr на 0.1 после половины и после трёх четвертей шагов, прогрев длится \
        \(stepsRu(warmup)). Каждое расписание обучается с зёрнами \(seedList.map(String.init).joined(separator: ", ")).
        """,
        en: """
        Now let the schedules drive real training. An MLP 784→\(hidden)→10, SGD with momentum 0.9, \
        \(count(trainSize)) Fashion-MNIST images, batch \(batch), \(epochs) epochs — every schedule gets the \
        same budget of \(totalSteps) steps and the same largest lr = \(peakLR). The scheduler calls \
        `step()` after every batch (`batchScheduler`), so the schedule is smooth. MultiStepLR multiplies \
        the lr by 0.1 after half and after three quarters of the steps; the warm-up lasts \(warmup) \
        steps. Each schedule trains with seeds \(seedList.map(String.init).joined(separator: ", ")).
        """))
    let schedules: [(name: String, make: (Optimizer) -> LRScheduler?)] = [
        ("constant", { _ in nil }),
        ("MultiStepLR", {
            MultiStepLR($0, milestones: [totalSteps / 2, totalSteps * 3 / 4],
                        gamma: 0.1)
        }),
        ("CosineAnnealingLR", { CosineAnnealingLR($0, tMax: totalSteps) }),
        ("warm-up + cosine", { opt in
            let warm = LinearLR(opt, startFactor: 0.01, totalIters: warmup)
            let cosine = CosineAnnealingLR(opt, tMax: totalSteps - warmup)
            return SequentialLR(opt, schedulers: [warm, cosine],
                                milestones: [warmup])
        }),
        ("OneCycleLR", {
            OneCycleLR($0, maxLR: peakLR, totalSteps: totalSteps)
        }),
    ]
    // histories[schedule][seed]
    let bar = s.progress(total: schedules.count * seedList.count * epochs,
                         label: L(ru: "расписания", en: "schedules"))
    let histories: [[[EpochRecord]]] = try schedules.map { schedule in
        try seedList.map { seed in
            let start = UInt64(seed)
            let model = Sequential.mlp([784, hidden, 10],
                                       generator: Generator(seed: start &+ 100))
            let optimizer = SGD(model.parameters(), lr: peakLR, momentum: 0.9)
            let loader = DataLoader(parts[0], batchSize: batch, shuffle: true,
                                    generator: Generator(seed: start &+ 200))
            let validation = DataLoader(parts[1], batchSize: 500)
            return try fit(model, optimizer: optimizer,
                           train: loader, validation: validation,
                           epochs: epochs,
                           batchScheduler: schedule.make(optimizer),
                           showProgress: false) { _ in bar.advance() }
        }
    }
    bar.finish()
    let finalLoss = histories.map { Spread($0.map { $0.last!.trainLoss }) }
    let finalAccuracy = histories.map {
        Spread($0.map { $0.last!.valAccuracy })
    }
    let versusConstant = histories.indices.map { k in
        PairedComparison(baseline: histories[0].map { $0.last!.valAccuracy },
                         method: histories[k].map { $0.last!.valAccuracy })
    }
    s.table(headers: [L(ru: "расписание", en: "schedule"),
                      "train_loss", "val_acc, %",
                      L(ru: "Δ с constant, п. п.", en: "Δ vs constant, points"),
                      L(ru: "вердикт", en: "verdict")],
            rows: schedules.indices.map { k in
                [schedules[k].name, finalLoss[k].formatted("%.3f"),
                 finalAccuracy[k].formatted("%.1f", scale: 100),
                 k == 0 ? "—" : points(versusConstant[k].differences),
                 k == 0 ? "—" : "\(verdictText(versusConstant[k].verdict()))"]
            })
    let scheduled = schedules.count - 1
    let lowerLoss = histories.indices.dropFirst().filter { k in
        PairedComparison(baseline: histories[0].map { $0.last!.trainLoss },
                         method: histories[k].map { $0.last!.trainLoss })
            .verdict(higherIsBetter: false) == .better
    }.count
    let scheduledLoss = finalLoss.dropFirst().map(\.mean)
    let constantLoss = fixed(finalLoss[0].mean, 3)
    let lossRange = fixed(scheduledLoss.min()!, 3) + "–"
        + fixed(scheduledLoss.max()!, 3)
    let annealedBetter = versusConstant.dropFirst()
        .filter { $0.verdict() == .better }.count
    // How far val_acc moves from one epoch to the next over the second half,
    // in points (mean of seeds).
    let jitter = histories.map { runs in
        Spread(runs.map { history in
            let tail = history.suffix(epochs / 2 + 1).map(\.valAccuracy)
            let moves = zip(tail.dropFirst(), tail).map { abs($0 - $1) }
            return 100 * moves.reduce(0, +) / Double(moves.count)
        }).mean
    }
    let calmer = jitter.dropFirst().allSatisfy { $0 < jitter[0] }
    let scheduledJitter = jitter.dropFirst()
    let jitterRange = fixed(scheduledJitter.min()!, 1) + "–"
        + fixed(scheduledJitter.max()!, 1)
    s.prose(L(
        ru: """
        \(lowerLoss == 0
            ? "Потери на обучении к концу с расписаниями (\(lossRange)) и при постоянном lr (\(constantLoss)) в пределах шума не различаются."
            : "Потери на обучении к концу ниже, чем при постоянном lr (\(constantLoss)), за пределами шума \(lowerLoss == scheduled ? "у всех \(scheduled) расписаний" : "у \(lowerLoss) из \(scheduled) расписаний"): \(lossRange).") \
        \(annealedBetter > 0
            ? "По точности на валидации \(annealedBetter == scheduled ? "все \(scheduled) \(russianPlural(scheduled, "расписание", "расписания", "расписаний"))" : "\(annealedBetter) из \(scheduled) расписаний") лучше постоянного lr за пределами шума."
            : "По точности на валидации разница с постоянным lr в пределах шума: при таком бюджете расписание ускоряет спуск, но не меняет, где сеть оказывается.") \
        \(calmer
            ? "Отжиг в конце делает шаги мелкими, и сеть «оседает» в минимуме: во второй половине обучения точность на валидации при постоянном lr меняется от эпохи к эпохе в среднем на \(fixed(jitter[0], 1)) п. п., с расписаниями — на \(jitterRange) п. п."
            : "Во второй половине обучения точность на валидации меняется от эпохи к эпохе в среднем на \(fixed(jitter[0], 1)) п. п. при постоянном lr и на \(jitterRange) п. п. с расписаниями: за \(epochsRu(epochs)) отжиг не успел успокоить обучение.")
        """,
        en: """
        \(lowerLoss == 0
            ? "The final training loss with the schedules (\(lossRange)) and with a constant lr (\(constantLoss)) is the same within the noise."
            : "The final training loss is lower than with a constant lr (\(constantLoss)), beyond the noise, for \(lowerLoss == scheduled ? "all \(scheduled) schedules" : "\(lowerLoss) of the \(scheduled) schedules"): \(lossRange).") \
        \(annealedBetter > 0
            ? "In validation accuracy, \(annealedBetter == scheduled ? "all \(scheduled)" : "\(annealedBetter) of the \(scheduled)") schedules beat the constant lr beyond the noise."
            : "In validation accuracy the difference from a constant lr is within the noise: with this budget a schedule speeds up the descent but does not change where the network ends.") \
        \(calmer
            ? "Annealing at the end makes the steps small and lets the network settle into a minimum: over the second half of training the validation accuracy moves from epoch to epoch by \(fixed(jitter[0], 1)) points on average with a constant lr, by \(jitterRange) with the schedules."
            : "Over the second half of training the validation accuracy moves from epoch to epoch by \(fixed(jitter[0], 1)) points on average with a constant lr and by \(jitterRange) with the schedules: in \(epochs) epochs annealing has not calmed training down.")
        """))
    // Each schedule previewed on a throwaway optimizer: the lr it gave at
    // every step.
    let lrs = schedules.map { schedule in
        let probe = SGD([Tensor([0], requiresGrad: true)], lr: peakLR,
                        momentum: 0.9)
        return schedule.make(probe)?.preview(steps: totalSteps)
            ?? Array(repeating: peakLR, count: totalSteps)
    }
    try s.figure("schedules_training", caption: L(
        ru: "Пять расписаний с одним бюджетом: lr по шагам, потери на обучении"
            + " и точность на валидации по эпохам (среднее по \(seedList.count)"
            + " зёрнам)",
        en: "Five schedules with one budget: lr per step, training loss and"
            + " validation accuracy per epoch (mean of \(seedList.count)"
            + " seeds)")) {
        schedulesTrainingFigure(names: schedules.map(\.name), lrs: lrs,
                                histories: histories, peakLR: peakLR)
    }
}

// MARK: 7. Dropout on numbers

lesson.section(L(ru: "Dropout: маска и множитель 1/(1 − p)", en: "Dropout: the mask and the 1/(1 − p) factor")) { s in
    s.prose(L(
        ru: """
        **Dropout** в режиме обучения обнуляет каждый элемент входа с вероятностью p, а выжившие \
        умножает на 1/(1 − p). Множитель сохраняет среднее: E[y] = (1−p)·x/(1−p) = x, поэтому \
        в режиме `eval()` слой можно просто выключить — он возвращает вход без изменений. Каждый \
        батч видит свою маску: сеть не может положиться ни на один отдельный нейрон. Посмотрим на \
        числах, p = 0.5:
        """,
        en: """
        In training mode **Dropout** zeroes each input element with probability p and multiplies the \
        survivors by 1/(1 − p). The factor keeps the mean: E[y] = (1−p)·x/(1−p) = x, so in `eval()` \
        mode the layer is simply off — it returns its input unchanged. Every batch gets a mask of its \
        own: the network cannot rely on any single neuron. On numbers, with p = 0.5:
        """))
    let dropout = Dropout(0.5, generator: Generator(seed: UInt64(s.seed)))
    let x = Tensor.ones([2, 8], requiresGrad: true)
    dropout.train()
    let y = dropout(x)
    s.print("dropout.train();  y = dropout(x):")
    s.print(y)
    y.sum().backward()
    s.print("x.grad —", L(ru: "та же маска и тот же множитель:",
                          en: "the same mask and the same factor:"))
    s.print(x.grad!)
    dropout.eval()
    s.print("dropout.eval();  dropout(x):")
    s.print(dropout(x))
    dropout.train()
    let large = dropout(Tensor.ones([1000, 1000]))
    let kept = large.scalars.filter { $0 != 0 }.count
    let keptFraction = Double(kept) / Double(large.count)
    let mean = Double(large.mean().item())
    s.print(L(ru: "на 10⁶ единицах: сохранено", en: "on 10⁶ ones: kept"),
            String(format: "%.4f,", keptFraction),
            L(ru: "среднее", en: "mean"), String(format: "%.4f", mean))
    s.prose(L(
        ru: """
        Выжила доля \(String(format: "%.3f", keptFraction)) элементов, каждый стал равен 2, и среднее \
        осталось \(String(format: "%.3f", mean)) ≈ 1. Градиент идёт только через выжившие элементы — \
        с тем же множителем 2. Что dropout делает с разрывом между точностью на обучении и на \
        валидации, покажет сравнение регуляризаторов ниже (раздел 11).
        """,
        en: """
        A fraction \(String(format: "%.3f", keptFraction)) of the elements survived, each became 2, and the \
        mean stayed \(String(format: "%.3f", mean)) ≈ 1. The gradient flows only through the survivors — \
        with the same factor 2. What dropout does to the gap between training and validation \
        accuracy, the comparison of regularizers below shows (section 11).
        """))
}

// MARK: 8–11. Training on a small subset of Fashion-MNIST

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

/// The data of sections 8–11, loaded once: a small training set, its copy with
/// part of the labels wrong, and validation and test sets with true labels.
struct SmallData {
    let train: Subset, noisyTrain: NoisyLabels, validation: Subset, test: any Dataset
}

/// Trains the wide MLP under `setup` on `trainSet`. Runs with the same `seed`
/// start from the same weights and see the batches in the same order, so within
/// a seed only the regularizer differs. The `EarlyStopping` object watches every
/// run; it ends training only if `setup.earlyStopping`.
func train(_ setup: Setup, on trainSet: any Dataset, seed: Int, _ s: Section,
           onEpoch: (EpochRecord) -> Void = { _ in }) throws -> RunResult {
    let epochs = effective(epochsOption, quick: 20, s), hidden = hiddenOption.value
    let seed = UInt64(seed)
    let model = Sequential.mlp([784, hidden, hidden, 10], dropout: setup.dropout, generator: Generator(seed: seed &+ 100))
    let optimizer: Optimizer = setup.adamWDecay.map { AdamW(model.parameters(), lr: lrOption.value, weightDecay: $0) }
        ?? Adam(model.parameters(), lr: lrOption.value, weightDecay: setup.l2)
    let augmentation: any Transform = setup.augment
        ? Compose([ToTensor(), RandomCrop(size: 28, padding: 2), RandomHorizontalFlip()])
        : ToTensor()
    let trainLoader = DataLoader(trainSet, batchSize: effective(batchOption, quick: 20, s), shuffle: true,
                                 generator: Generator(seed: seed &+ 200), transform: augmentation)
    let validationLoader = DataLoader(data.validation, batchSize: 500)
    let stopper = EarlyStopping(monitor: "val_loss", mode: .min, patience: patienceOption.value, restoreBestWeights: true)
    let start = DispatchTime.now().uptimeNanoseconds
    var stopped = false
    let history = try fit(model, optimizer: optimizer, train: trainLoader, validation: validationLoader, epochs: epochs,
                          earlyStopping: setup.earlyStopping ? stopper : nil, showProgress: false) { record in
        onEpoch(record)
        // Without early stopping, the same rule only watches (what it would have done).
        if !setup.earlyStopping && !stopped {
            stopped = stopper.update(value: record.valLoss, epoch: record.epoch, parameters: model.parameters())
        }
    }
    let validation = evaluate(model, on: validationLoader)
    let test = evaluate(model, on: DataLoader(data.test, batchSize: 1000))
    return RunResult(setup: setup, history: history, stopper: stopper, finalValLoss: validation.loss,
                     finalValAccuracy: validation.accuracy, testAccuracy: test.accuracy,
                     seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}

/// The seeds of the repeated runs: the lesson's seed and the next ones.
func seeds(_ s: Section) -> [Int] { (0..<effective(seedsOption, quick: 2, s)).map { s.seed + $0 } }

/// The regimes (true labels, part of them wrong) and the setups of section 9's comparison.
var comparisonRegimes: [(name: L, train: any Dataset)] = []
var comparisonSetups: [Setup] = []

func testAccuracies(_ regime: Int, _ setup: Int) -> [Double] {
    comparisonResults[regime][setup].map(\.testAccuracy)
}

/// Setup `setup` against no regularization (setup 0), seed by seed.
func comparison(_ regime: Int, _ setup: Int) -> PairedComparison {
    PairedComparison(baseline: testAccuracies(regime, 0), method: testAccuracies(regime, setup))
}

/// "+1.2 ± 0.4" in points, from fractions.
func points(_ spread: Spread) -> String {
    String(format: "%+.1f ± %.1f", 100 * spread.mean, 100 * spread.standardError)
}

lesson.section(L(ru: "Ранняя остановка на переобучающейся сети", en: "Early stopping on an overfitting network")) { s in
    let trainSize = effective(trainSizeOption, quick: 200, s)
    let valSize = effective(valSizeOption, quick: 300, s)
    let epochs = effective(epochsOption, quick: 20, s)
    let batch = effective(batchOption, quick: 20, s)
    let hidden = hiddenOption.value, patience = patienceOption.value
    let (full, testSet) = try fashionMNIST(s)
    guard trainSize + valSize <= full.count else {
        let sizes = "--train-size + --val-size = \(trainSize + valSize)"
        throw LessonError(message: "\(sizes) > \(full.count)",
                          fix: "swift run lesson-05-regularization"
                              + " --train-size 1000 --val-size 1000")
    }
    let rest = full.count - trainSize - valSize
    let parts = randomSplit(full, lengths: [trainSize, valSize, rest],
                            generator: Generator(seed: UInt64(s.seed)))
    let test: any Dataset = s.quick
        ? Subset(testSet, indices: Array(0..<1000))
        : testSet
    let noisy = NoisyLabels(parts[0], fraction: labelNoiseOption.value,
                            generator: Generator(seed: UInt64(s.seed) &+ 300))
    data = SmallData(train: parts[0], noisyTrain: noisy, validation: parts[1],
                     test: test)
    let wide = Sequential.mlp([784, hidden, hidden, 10],
                              generator: Generator(seed: 0))
    let parameterCount = wide.parameterCount

    s.prose(L(
        ru: """
        **Ранняя остановка** (early stopping) прекращает обучение, когда потери на валидации \
        перестают улучшаться, и возвращает веса лучшей эпохи. Чтобы ей было что останавливать, \
        нужна сеть, которая переобучается: широкий MLP 784→\(hidden)→\(hidden)→10 \
        (\(count(parameterCount)) \(russianPlural(parameterCount, "параметр", "параметра", "параметров"))) \
        всего на \(count(trainSize)) \(russianPlural(trainSize, "изображении", "изображениях", "изображениях")) \
        Fashion-MNIST, без регуляризации, Adam с lr = \(sci(lrOption.value)), батч \(batch), \(epochsRu(epochs)). \
        Валидация — другие \(imagesRu(valSize)) из обучающей части, тест — \(imagesRu(test.count)) \
        тестовой части.

        Правило — как `EarlyStopping` в PyTorch Lightning: улучшение — это val_loss ниже лучшего; \
        после \(patience) \(russianPlural(patience, "эпохи", "эпох", "эпох")) подряд без улучшения \
        обучение останавливается. Здесь оно только наблюдает, а сеть учится все \
        \(epochs) \(russianPlural(epochs, "эпоху", "эпохи", "эпох")) — чтобы было видно, что случилось бы дальше.
        """,
        en: """
        **Early stopping** ends training when the validation loss stops improving and brings back \
        the best epoch's weights. To have something to stop we need a network that overfits: a wide \
        MLP 784→\(hidden)→\(hidden)→10 (\(count(parameterCount)) \
        parameters) on only \(count(trainSize)) Fashion-MNIST images, no regularization, Adam with \
        lr = \(sci(lrOption.value)), batch \(batch), \(epochs) epochs. Validation: another \
        \(count(valSize)) images of the training part; test: \(count(test.count)) images of the test part.

        The rule is PyTorch Lightning's `EarlyStopping`: an improvement is a val_loss below the best \
        so far; after \(patience) epochs in a row without one, training stops. Here it only watches, \
        and the network trains all \(epochs) epochs, so we see what would have come next.
        """))
    let unregularized = L(ru: "без регуляризации", en: "no regularization")
    let bar = s.progress(total: epochs, label: unregularized)
    let baseline = try train(Setup(name: unregularized), on: data.train,
                             seed: s.seed, s) { record in
        bar.advance(metrics: [("val_loss", fixed(record.valLoss))])
    }
    bar.finish()
    let history = baseline.history
    let best = baseline.stopper.bestEpoch ?? 0
    let stop = baseline.stopper.stoppedEpoch
    let last = history.last!
    // Every fifth epoch and the ones that matter; the figure below shows
    // them all.
    let shown = history.indices.filter {
        $0 == 0 || ($0 + 1) % 5 == 0 || $0 == best || $0 == stop
    }
    let bestMark = L(ru: "← лучшая", en: "← best")
    let stopMark = L(ru: "← остановка", en: "← stop")
    s.table(headers: [L(ru: "эпоха", en: "epoch"),
                      "train_loss", "val_loss", "train_acc", "val_acc", ""],
            rows: shown.map { e in
                let r = history[e]
                let mark = e == best ? "\(bestMark)"
                    : e == stop ? "\(stopMark)" : ""
                return ["\(e + 1)", fixed(r.trainLoss), fixed(r.valLoss),
                        fixed(r.trainAccuracy, 3), fixed(r.valAccuracy, 3), mark]
            })
    s.print(L(ru: "лучшая эпоха:", en: "best epoch:"), best + 1,
            " val_loss =", fixed(history[best].valLoss),
            " val_acc =", fixed(history[best].valAccuracy, 3))
    if let stop {
        let stopLabel = L(ru: "остановка после эпохи:", en: "stop after epoch:")
        s.print(stopLabel, stop + 1,
                L(ru: "(терпение \(patience))", en: "(patience \(patience))"))
    } else {
        let epochsWord = russianPlural(epochs, "эпоху", "эпохи", "эпох")
        s.print(L(ru: "остановки не было бы: терпение \(patience)"
                      + " не исчерпано за \(epochs) \(epochsWord)",
                  en: "no stop: the patience of \(patience)"
                      + " was not used up in \(epochs) epochs"))
    }
    s.print(L(ru: "последняя эпоха:", en: "last epoch:"), last.epoch + 1,
            " val_loss =", fixed(last.valLoss),
            " val_acc =", fixed(last.valAccuracy, 3),
            " train_loss =", fixed(last.trainLoss))
    s.print(L(ru: "время обучения:", en: "training time:"),
            seconds(baseline.seconds))
    let rise = last.valLoss / history[best].valLoss
    let pictures = russianPlural(trainSize, "картинку", "картинки", "картинок")
    let epochsWord = russianPlural(epochs, "эпоху", "эпохи", "эпох")
    let overfitRu = rise > 1.01
        ? ", к концу они в \(fixed(rise, 2)) раза выше: сеть запоминает свои"
            + " \(count(trainSize)) \(pictures), а не учится классам"
        : " и к концу не выросли: за \(epochs) \(epochsWord) сеть ещё"
            + " не переобучилась (добавьте эпох)"
    let overfitEn = rise > 1.01
        ? " and ends \(fixed(rise, 2)) times higher: the network memorises its"
            + " \(count(trainSize)) pictures instead of learning the classes"
        : " and has not risen by the end: in \(epochs) epochs the network"
            + " has not overfitted yet (add epochs)"
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
        ru: "Переобучение MLP на \(count(trainSize)) изображениях: потери и"
            + " точность по эпохам, лучшая эпоха и точка ранней остановки",
        en: "An MLP overfitting \(count(trainSize)) images: loss and accuracy"
            + " per epoch, the best epoch and the early-stopping point")) {
        earlyStoppingFigure(history, best: best, stop: stop)
    }
}

lesson.section(L(ru: "Сравнение регуляризаторов: верные и неверные метки", en: "Regularizers compared: true and wrong labels")) { s in
    let l2 = l2Option.value, adamWDecay = adamWDecayOption.value
    let p = Float(dropoutOption.value)
    let noise = labelNoiseOption.value, seedList = seeds(s)
    let noisyPercent = Int((100 * noise).rounded())
    s.prose(L(
        ru: """
        Та же сеть, те же данные, те же начальные веса и тот же порядок батчей — меняется только \
        регуляризатор:

        - **L2**: Adam с `weightDecay: \(sci(l2))` — то же, что (λ/2)·Σφ² в потерях;
        - **AdamW**: развязанное затухание `weightDecay: \(adamWDecay)` — за шаг каждый вес \
        умножается на 1 − lr·λ = \(fixed(1 - lrOption.value * adamWDecay, 4)); при малом lr и немногих шагах \
        заметное затухание требует большого λ;
        - **Dropout**: `Dropout(\(p))` после каждого скрытого слоя;
        - **ранняя остановка**: терпение \(patienceOption.value), возврат лучших весов;
        - **аугментация**: случайный сдвиг до 2 пикселей (`RandomCrop(28, padding: 2)`) и \
        отражение слева направо.

        Один запуск мало что доказывает: разброс между зёрнами бывает сравним с самим эффектом. Поэтому \
        каждый вариант обучается \(seedList.count) \(russianPlural(seedList.count, "раз", "раза", "раз")), с зёрнами \(seedList.map(String.init).joined(separator: ", ")), \
        и сравнивается с обучением без регуляризации *при том же зерне* (те же начальные веса и \
        батчи). В таблице — средняя разница точности на тесте в процентных пунктах ± её \
        стандартная ошибка; вердикт «лучше» или «хуже» ставится, только если весь 95-процентный \
        доверительный интервал разницы лежит по одну сторону от нуля.

        Опыт проводим дважды: на верных метках и на тех же \(count(data.train.count)) картинках, где \
        \(noisyPercent)\u{00A0}% меток заменены случайными неверными. Валидация и тест — с верными метками.
        """,
        en: """
        The same network, data, initial weights and batch order — only the regularizer changes:

        - **L2**: Adam with `weightDecay: \(sci(l2))` — the same as (λ/2)·Σφ² in the loss;
        - **AdamW**: decoupled decay `weightDecay: \(adamWDecay)` — each step multiplies every weight \
        by 1 − lr·λ = \(fixed(1 - lrOption.value * adamWDecay, 4)); with a small lr and few steps, a visible \
        decay needs a large λ;
        - **Dropout**: `Dropout(\(p))` after each hidden layer;
        - **early stopping**: patience \(patienceOption.value), best weights restored;
        - **augmentation**: a random shift of up to 2 pixels (`RandomCrop(28, padding: 2)`) and a \
        left-right flip.

        One run proves little: the spread between seeds can be as large as the effect itself. So each \
        variant trains \(seedList.count) times, with seeds \(seedList.map(String.init).joined(separator: ", ")), and \
        is compared with the unregularized run *of the same seed* (same initial weights and batches). \
        The table gives the mean difference in test accuracy, in percentage points, ± its standard \
        error; the verdict says "better" or "worse" only when the whole 95\u{00A0}% confidence interval of \
        the difference lies on one side of zero.

        We run the experiment twice: on the true labels, and on the same \(count(data.train.count)) pictures \
        with \(noisyPercent)\u{00A0}% of the labels replaced by random wrong ones. Validation and test keep \
        the true labels.
        """))
    let none = Setup(name: L(ru: "без регуляризации", en: "no regularization"))
    let setups = [
        none,
        Setup(name: L(ru: "L2 (Adam, weight decay)",
                      en: "L2 (Adam, weight decay)"), l2: l2),
        Setup(name: L(ru: "AdamW", en: "AdamW"), adamWDecay: adamWDecay),
        Setup(name: L(ru: "Dropout", en: "Dropout"), dropout: p),
        Setup(name: L(ru: "ранняя остановка", en: "early stopping"),
              earlyStopping: true),
        Setup(name: L(ru: "аугментация", en: "augmentation"), augment: true),
    ]
    let wrong = L(ru: "\(noisyPercent) % неверных", en: "\(noisyPercent) % wrong")
    let regimes: [(name: L, train: any Dataset)] = [
        (L(ru: "верные метки", en: "true labels"), data.train),
        (wrong, data.noisyTrain),
    ]
    comparisonSetups = setups
    comparisonRegimes = regimes
    let epochs = effective(epochsOption, quick: 20, s)
    // results[regime][setup][seed]
    var results: [[[RunResult]]] = []
    for regime in regimes {
        let bar = s.progress(total: setups.count * seedList.count * epochs,
                             label: regime.name)
        results.append(try setups.map { setup in
            try seedList.map { seed in
                try train(setup, on: regime.train, seed: seed, s) { _ in
                    bar.advance()
                }
            }
        })
        bar.finish()
    }
    comparisonResults = results
    var rows: [[String]] = []
    for k in setups.indices {
        var row = ["\(setups[k].name)"]
        for r in regimes.indices {
            let accuracy = Spread(testAccuracies(r, k))
            if k == 0 {
                row += [accuracy.formatted("%.1f", scale: 100), "—"]
            } else {
                let c = comparison(r, k)
                row += [points(c.differences), "\(verdictText(c.verdict()))"]
            }
        }
        rows.append(row)
    }
    let verdict = L(ru: "вердикт", en: "verdict")
    s.table(headers: [L(ru: "метод", en: "method"),
                      L(ru: "верные метки", en: "true labels"), verdict,
                      wrong, verdict],
            rows: rows)
    s.print(L(ru: "Точность на тесте, %: в строке «без регуляризации» —"
                  + " она сама (среднее ± ст. ошибка), в остальных —"
                  + " разница с ней, п. п.",
              en: "Test accuracy, %: the \"no regularization\" row gives"
                  + " the accuracy itself (mean ± s.e.), the others"
                  + " the difference from it, in points."))
}

lesson.section(L(ru: "Где регуляризация помогает: когда есть что не запоминать",
                 en: "Where regularization pays: when there is something not to memorise")) { s in
    let setups = comparisonSetups, regimes = comparisonRegimes
    let results = comparisonResults, seedList = seeds(s)
    let noisyPercent = Int((100 * labelNoiseOption.value).rounded())

    // The verdicts the prose reads, computed from the table above.
    let verdicts = regimes.indices.map { r in
        setups.indices.dropFirst().map { comparison(r, $0).verdict() }
    }
    /// "Better: A, B; within noise: C." with the empty groups left out.
    func verdictSentence(_ r: Int) -> String {
        let better = L(ru: "лучше базовой линии", en: "better than the baseline")
        let groups: [(PairedComparison.Verdict, L)] = [
            (.better, better),
            (.withinNoise, L(ru: "в пределах шума", en: "within noise")),
            (.worse, L(ru: "хуже", en: "worse")),
        ]
        let parts = groups.compactMap { verdict, title -> String? in
            let chosen = setups.indices.dropFirst()
                .filter { verdicts[r][$0 - 1] == verdict }
                .map { "\(setups[$0].name)" }
            if chosen.isEmpty { return nil }
            return "\(title): " + chosen.joined(separator: ", ")
        }
        let sentence = parts.joined(separator: "; ") + "."
        return sentence.prefix(1).uppercased() + sentence.dropFirst()
    }
    let cleanBetter = verdicts[0].filter { $0 == .better }.count
    let noisyBetter = verdicts[1].filter { $0 == .better }.count
    let baselineClean = Spread(testAccuracies(0, 0))
    let baselineNoisy = Spread(testAccuracies(1, 0))
    let memorised = Spread(results[1][0].map { $0.history.last!.trainAccuracy })
    // Methods that cost accuracy on true labels: how far their fit lags behind.
    let slowerOnClean = setups.indices.dropFirst()
        .filter { verdicts[0][$0 - 1] == .worse }
        .map { k in
            let fit = Spread(results[0][k].map { $0.history.last!.trainAccuracy })
            return "\(setups[k].name) \(unbroken(fit.formatted("%.3f")))"
        }
    let baselineFit = Spread(results[0][0].map { $0.history.last!.trainAccuracy })
    s.prose(L(
        ru: """
        **Верные метки.** \(verdictSentence(0)) \(cleanBetter == 0
            ? "Переобученная сеть здесь почти не теряет в точности: выучив верные метки наизусть, она всё равно отвечает разумно, а переобучение видно в основном по росту val_loss (раздел 8) — сеть становится слишком уверенной в своих ошибках."
            : "Даже на верных метках часть регуляризаторов здесь помогает за пределами шума.")\(slowerOnClean.isEmpty ? "" : " Те, что хуже, мешают сети подогнаться: точность на обучении к концу — \(slowerOnClean.joined(separator: ", ")) против \(unbroken(baselineFit.formatted("%.3f"))) без регуляризации; когда вредного для запоминания в данных нет, замедленная подгонка только отнимает точность.")

        **\(noisyPercent)\u{00A0}% неверных меток.** Без регуляризации сеть выучивает и неверные метки: \
        точность на собственных обучающих данных к концу \(unbroken(memorised.formatted("%.3f"))), хотя верны \
        лишь \(100 - noisyPercent)\u{00A0}% меток, и точность на тесте падает до \
        \(unbroken(baselineNoisy.formatted("%.1f", scale: 100)))\u{00A0}% (против \(unbroken(baselineClean.formatted("%.1f", scale: 100)))\u{00A0}% \
        на верных метках). \(verdictSentence(1)) \(noisyBetter > cleanBetter
            ? "Регуляризация нужна там, где запоминание вредно: когда в данных есть шум, который сеть не должна выучить."
            : "Даже здесь эти \(seedList.count) \(russianPlural(seedList.count, "зерно", "зерна", "зёрен")) не отличают регуляризацию от шума: попробуйте больше зёрен (упражнение 5), эпох или шума (упражнение 3).")
        """,
        en: """
        **True labels.** \(verdictSentence(0)) \(cleanBetter == 0
            ? "The overfitted network loses almost no accuracy here: having learned true labels by heart, it still answers sensibly, and the overfitting shows mostly as a rising val_loss (section 8) — the network grows over-confident in its mistakes."
            : "Even on true labels some regularizers help here beyond the noise.")\(slowerOnClean.isEmpty ? "" : " The ones that do worse hold the fit back: their final training accuracy is \(slowerOnClean.joined(separator: ", ")) against \(unbroken(baselineFit.formatted("%.3f"))) without regularization; when there is nothing harmful to memorise, a slower fit only costs accuracy.")

        **\(noisyPercent)\u{00A0}% wrong labels.** Without regularization the network learns the wrong labels \
        too: its accuracy on its own training data ends at \(unbroken(memorised.formatted("%.3f"))), although only \
        \(100 - noisyPercent)\u{00A0}% of them are right, and the test accuracy falls to \
        \(unbroken(baselineNoisy.formatted("%.1f", scale: 100)))\u{00A0}% (against \(unbroken(baselineClean.formatted("%.1f", scale: 100)))\u{00A0}% on \
        true labels). \(verdictSentence(1)) \(noisyBetter > cleanBetter
            ? "Regularization pays where memorising does harm: when the data holds noise the network should not learn."
            : "Even here these \(seedList.count) seeds cannot tell regularization from noise: try more seeds (exercise 5), epochs or noise (exercise 3).")
        """))
    let methods = setups.dropFirst().map {
        "\($0.name)".replacingOccurrences(of: " (Adam, weight decay)", with: "")
    }
    let differences = regimes.indices.map { r in
        setups.indices.dropFirst().map { comparison(r, $0).differences }
    }
    let seedsWord = russianPlural(seedList.count, "зерно", "зерна", "зёрен")
    try s.figure("regularization_comparison", caption: L(
        ru: "Регуляризаторы на \(count(data.train.count)) изображениях,"
            + " \(seedList.count) \(seedsWord): разница точности на тесте"
            + " с обучением без регуляризации (± ст. ошибка)",
        en: "Regularizers on \(count(data.train.count)) images,"
            + " \(seedList.count) seeds: test accuracy minus that of no"
            + " regularization (± s.e.)")) {
        comparisonFigure(methods: methods, regimes: regimes.map(\.name),
                         differences: differences)
    }
}

lesson.section(L(ru: "Что dropout делает с разрывом между обучением и валидацией",
                 en: "What dropout does to the gap between training and validation")) { s in
    // comparisonResults[regime][setup][seed]: regime 0 is true labels; setup 0 is
    // no regularization, setup 3 is Dropout.
    let p = dropoutOption.value
    let runs = [(L(ru: "без регуляризации", en: "no regularization"),
                 comparisonResults[0][0]),
                (L(ru: "Dropout(\(p))", en: "Dropout(\(p))"),
                 comparisonResults[0][3])]
    let epochs = runs[0].1.map(\.history.count).min()!
    let finals = runs.map { _, seeds in seeds.map { $0.history[epochs - 1] } }
    let gaps = finals.map { records in
        Spread(records.map { $0.trainAccuracy - $0.valAccuracy })
    }
    let validation = finals.map { records in Spread(records.map(\.valAccuracy)) }
    s.table(headers: [L(ru: "верные метки, эпоха \(epochs)",
                        en: "true labels, epoch \(epochs)"),
                      "train_acc − val_acc", "val_acc"],
            rows: runs.indices.map {
                ["\(runs[$0].0)", gaps[$0].formatted("%.3f"),
                 validation[$0].formatted("%.3f")]
            })
    let narrower = gaps[1].mean + gaps[1].standardError
        < gaps[0].mean - gaps[0].standardError
    let fit = Spread(finals[0].map(\.trainAccuracy))
    // Section 9's verdicts for Dropout against no regularization, on true
    // and on wrong labels.
    let dropoutVerdicts = comparisonResults.indices.map { r in
        verdictText(comparison(r, 3).verdict())
    }
    s.prose(L(
        ru: """
        Без регуляризации точность сети на своих \(count(data.train.count)) картинках к концу \
        \(unbroken(fit.formatted("%.3f"))), и разрыв между точностью на обучении и на валидации — \
        \(unbroken(gaps[0].formatted("%.3f"))). С dropout он \(narrower ? "заметно меньше" : "не меньше, с учётом разброса,"): \
        \(unbroken(gaps[1].formatted("%.3f"))). Оговорка: train_acc здесь — как в Lightning, точность на \
        батчах эпохи, то есть с включённым dropout; сеть в режиме `eval()` на тех же картинках \
        точнее. Dropout не даёт сети выучить каждую картинку через «свои» нейроны. Точность на \
        тесте с ним в разделе 9: на верных метках — «\(dropoutVerdicts[0])», на неверных — \
        «\(dropoutVerdicts[1])».
        """,
        en: """
        Without regularization the network's accuracy on its \(count(data.train.count)) pictures ends at \
        \(unbroken(fit.formatted("%.3f"))), and the gap between training and validation accuracy is \
        \(unbroken(gaps[0].formatted("%.3f"))). With dropout it is \(narrower ? "clearly smaller" : "no smaller, given the spread"): \
        \(unbroken(gaps[1].formatted("%.3f"))). A caveat: train_acc here is, as in Lightning, the accuracy on \
        the epoch's batches, that is with dropout on; in `eval()` mode the network does better on the \
        same pictures. Dropout keeps the network from learning each picture through neurons of its \
        own. Its test accuracy in section 9: "\(dropoutVerdicts[0])" on true labels, \
        "\(dropoutVerdicts[1])" on wrong ones.
        """))
    try s.figure("dropout_gap", caption: L(
        ru: "Точность на обучении (сплошная) и на валидации (пунктир) без"
            + " регуляризации и с dropout; среднее по \(runs[0].1.count)"
            + " зёрнам",
        en: "Training (solid) and validation (dashed) accuracy without"
            + " regularization and with dropout; mean of \(runs[0].1.count)"
            + " seeds")) {
        dropoutGapFigure(runs.map { ($0.0, $0.1.map(\.history)) })
    }
}

lesson.section(L(ru: "Упражнения", en: "Exercises")) { s in
    let trainSize = effective(trainSizeOption, quick: 200, s)
    let batchSize = effective(batchOption, quick: 20, s)
    let batches = (Double(trainSize) / Double(batchSize)).rounded(.up)
    let steps = effective(epochsOption, quick: 20, s) * Int(batches)
    s.prose(L(
        ru: """
        1. Запустите с `--mu 2` и `--mu 0.05`. Куда сдвинулся минимум на `regularization.png`? \
        Проверьте по формуле a/(a + 2μ), во сколько раз сжимается каждая координата.
        2. Поставьте `--t-max 40` (равным `--schedule-epochs`): исчез ли подъём lr в конце \
        `cosine_annealing.png`? Затем `--milestones 10,20 --gamma 0.1`: сколько раз и во сколько \
        раз падает lr на `multi_step.png`?
        3. Меняйте долю неверных меток: `--label-noise 0.2` и `--label-noise 0.6`. Как растёт \
        выигрыш каждого регуляризатора вместе с шумом? А при `--label-noise 0`?
        4. Ослабьте затухание: `--l2 1e-3 --adamw-decay 0.1`. Выходят ли L2 и AdamW из шума на \
        неверных метках? Почему развязанному затуханию при lr = \(sci(lrOption.value)) и \(count(steps)) \(russianPlural(steps, "шаге", "шагах", "шагах")) нужен такой \
        большой `weightDecay`? (Подсказка: за шаг вес умножается на 1 − lr·λ.)
        5. Повторите сравнение с `--seeds 5`. Какие вердикты меняются, а какие держатся?
        """,
        en: """
        1. Run with `--mu 2` and `--mu 0.05`. Where did the minimum move in `regularization.png`? \
        Check with the formula a/(a + 2μ) how much each coordinate shrinks.
        2. Set `--t-max 40` (equal to `--schedule-epochs`): is the climb of the lr at the end of \
        `cosine_annealing.png` gone? Then `--milestones 10,20 --gamma 0.1`: how many times and by \
        how much does the lr drop in `multi_step.png`?
        3. Change the share of wrong labels: `--label-noise 0.2` and `--label-noise 0.6`. How does \
        each regularizer's gain grow with the noise? And with `--label-noise 0`?
        4. Weaken the decay: `--l2 1e-3 --adamw-decay 0.1`. Do L2 and AdamW leave the noise on wrong \
        labels? Why does decoupled decay with lr = \(sci(lrOption.value)) and \(count(steps)) steps need such a large \
        `weightDecay`? (Hint: each step multiplies a weight by 1 − lr·λ.)
        5. Repeat the comparison with `--seeds 5`. Which verdicts change, and which hold?
        """))
}

lesson.run()
