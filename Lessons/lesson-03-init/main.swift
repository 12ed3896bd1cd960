// Lesson 03 — initialising the weights.
//
//   swift run lesson-03-init            (add --help for the flags)
//
// Section 2.2 of the lecture: how the scale of the weights makes activations
// and gradients grow or vanish layer by layer in a deep ReLU network, the
// theory (σ²·D/2)^k beside the measurement, He and Xavier initialisation and
// what each keeps constant, and a training run on Fashion-MNIST that shows
// why it matters. Corrects the lecture's "He init" formula.
import Course
import Foundation

let lesson = Lesson(
    id: "lesson-03-init",
    title: L(ru: "Инициализация весов", en: "Initialising the weights"),
    summary: L(ru: "Рост и затухание активаций и градиентов в глубокой сети, инициализации Хе и Ксавьера, обучение с плохим и хорошим масштабом.",
               en: "Growing and vanishing activations and gradients in a deep network, He and Xavier initialisation, training with a bad and a good scale."))

let depthOption = lesson.option("depth", default: 50, range: 2...1000,
    help: L(ru: "число слоёв K глубокой сети", en: "number of layers K of the deep network"))
let widthOption = lesson.option("width", default: 100, range: 2...2048,
    help: L(ru: "ширина D каждого слоя", en: "width D of every layer"))
let sigmaOption = lesson.option("sigma2", default: "0.001,0.01,0.02,2/D,0.1,1",
    help: L(ru: "значения σ²_Ω через запятую; 2/D — это Хе", en: "values of σ²_Ω, comma-separated; 2/D is He's"))
let activationOption = lesson.option("activation", default: Activation.relu,
    help: L(ru: "функция активации в опыте с σ²", en: "activation of the σ² experiment"))
let batchOption = lesson.option("batch", default: 1000, range: 2...10_000,
    help: L(ru: "число входов x в батче", en: "number of inputs x in the batch"))
let wideOption = lesson.option("wide", default: 300, range: 2...2048,
    help: L(ru: "вторая ширина: при сравнении схем слои чередуют --width и --wide",
            en: "second width: layers alternate --width and --wide when comparing schemes"))
let networksOption = lesson.option("networks", default: 64, range: 1...10_000,
    help: L(ru: "число случайных сетей для усреднения", en: "number of random networks to average over"))
let stepsOption = lesson.option("train-steps", default: 150, range: 1...100_000,
    help: L(ru: "шагов SGD в опыте на Fashion-MNIST", en: "SGD steps of the Fashion-MNIST run"))
let dataOptions = lesson.dataOptions()

// The experiment's settings, checked in section 1.
var depth = 0, width = 0, batch = 0
var sigma2s: [Double] = []
var activation = Activation.relu
var quick = false

/// One σ² of the sweep: the forward pass on x, and the backward pass (on c·x when
/// the forward pass on x overflowed; see sections 3 and 4).
struct SweepRun {
    let sigma2: Double
    let forward: LayerStatistics
    var backward: [Double] = []
    var inputScale: Double = 1
}
var sweep: [SweepRun] = []
/// The input scales c of the backward passes made on c·x (section 3), shown in section 4.
var rescaled: [String] = []
var heRuns: [LayerStatistics] = []          // section 5
let oneMinusInvPi = 1 - 1 / Double.pi

/// Network `i` of the σ² sweep: the same weights in the forward pass of
/// section 2 and in the backward pass of section 3.
func sweepNetwork(_ i: Int, sigma2 s2: Double, seed: Int) -> Sequential {
    deepNetwork(widths: Array(repeating: width, count: depth + 1),
                activation: activation,
                generator: Generator(seed: UInt64(seed) &+ 1000 &+ UInt64(i)),
                initialize: normalInit(s2))
}

/// The per-layer statistics of `model` on `x`, with the random output
/// gradient g that sections 2 and 3 share.
func sweepStatistics(_ model: Sequential, _ x: Tensor, seed: Int) -> LayerStatistics {
    LayerStatistics(of: model, input: x,
                    generator: Generator(seed: UInt64(seed) &+ 7))
}

func sigmaLabel(_ s2: Double) -> String {
    let he = abs(s2 - 2 / Double(width)) < 1e-12
    let number = s2 >= 0.01 ? String(format: "%g", s2) : String(format: "%g", s2)
    return he ? "\(number) = 2/D" : number
}

lesson.section(L(ru: "Глубокая сеть и масштаб весов", en: "A deep network and the scale of its weights")) { s in
    quick = s.quick
    depth = quick ? min(depthOption.value, 30) : depthOption.value
    width = widthOption.value
    batch = quick ? min(batchOption.value, 200) : batchOption.value
    guard let parsed = parseSigma2List(sigmaOption.value, width: width) else {
        let given = sigmaOption.value
        let message = L(
            ru: "--sigma2: нужны положительные числа или 2/D через запятую, "
                + "получено «\(given)»",
            en: "--sigma2 needs positive numbers or 2/D, comma-separated; "
                + "got '\(given)'")
        let fix = "swift run lesson-03-init --sigma2 0.001,0.01,2/D,0.1,1"
        throw LessonError(message: s.t(message), fix: fix)
    }
    sigma2s = parsed
    activation = activationOption.value
    s.prose(L(
        ru: """
        Слой k полносвязной сети (обозначения лекции) вычисляет

            fₖ = βₖ₋₁ + Ωₖ₋₁·hₖ₋₁,    hₖ = a[fₖ],    h₀ = x

        Возьмём глубокую сеть: K = \(depth) \(russianPlural(depth, "слой", "слоя", "слоёв")) по D = \(width) \
        \(russianPlural(width, "элементу", "элемента", "элементов")), активация \(activation == .relu ? "ReLU" : "tanh"), \
        смещения β = 0, все веса из N(0, σ²_Ω). Подадим батч из B = \(batch) входов x ~ N(0, 1) и посмотрим, \
        что происходит с разбросом чисел от слоя к слою при σ²_Ω ∈ {\(sigma2s.map(sigmaLabel).joined(separator: "; "))}.

        Ожидание для ReLU. Если веса независимы от входа слоя, то Var(fₖ) = D·σ²_Ω·E[hₖ₋₁²], а ReLU \
        обнуляет половину симметричного fₖ: E[hₖ²] = Var(fₖ)/2. Значит, за слой E[h²] умножается на

            σ²_Ω·D/2,    и    E[hₖ²] = (σ²_Ω·D/2)ᵏ·E[x²]

        Дисперсия hₖ (а не второй момент) меньше в постоянное число раз: Var(hₖ) = (1 − 1/π)·E[hₖ²], \
        потому что среднее ReLU от N(0, v) равно √(v/2π). Этот множитель есть в теоретической кривой.
        """,
        en: """
        Layer k of a fully connected network (the original notebook's notation) computes

            fₖ = βₖ₋₁ + Ωₖ₋₁·hₖ₋₁,    hₖ = a[fₖ],    h₀ = x

        Take a deep network: K = \(depth) layers of D = \(width) units, \(activation == .relu ? "ReLU" : "tanh") \
        activations, biases β = 0, every weight from N(0, σ²_Ω). Feed it a batch of B = \(batch) inputs \
        x ~ N(0, 1) and watch the spread of the numbers from layer to layer for \
        σ²_Ω ∈ {\(sigma2s.map(sigmaLabel).joined(separator: "; "))}.

        What to expect with ReLU. With weights independent of the layer's input, Var(fₖ) = D·σ²_Ω·E[hₖ₋₁²], \
        and ReLU zeroes half of a symmetric fₖ: E[hₖ²] = Var(fₖ)/2. So each layer multiplies E[h²] by

            σ²_Ω·D/2,    and    E[hₖ²] = (σ²_Ω·D/2)ᵏ·E[x²]

        The variance of hₖ (rather than its second moment) is a constant fraction of it: \
        Var(hₖ) = (1 − 1/π)·E[hₖ²], since the mean of ReLU of N(0, v) is √(v/2π). The theory curve includes it.
        """))
    let example = deepNetwork(widths: [width, width, width],
                              activation: activation,
                              generator: Generator(seed: 1),
                              initialize: normalInit(2 / Double(width)))
    s.print(L(ru: "Первые два слоя из \(depth) (остальные такие же):",
              en: "The first two of the \(depth) layers (the rest are alike):"))
    s.print(example)
}

lesson.section(L(ru: "Прямой проход: рост и затухание активаций", en: "Forward pass: activations grow or vanish")) { s in
    let x = Tensor.randn([batch, width],
                         generator: Generator(seed: UInt64(s.seed)))
    sweep = sigma2s.enumerated().map { i, s2 in
        let model = sweepNetwork(i, sigma2: s2, seed: s.seed)
        return SweepRun(sigma2: s2,
                        forward: sweepStatistics(model, x, seed: s.seed))
    }
    let overflowWord = s.t(L(ru: "переполнение", en: "overflow"))
    var rows: [[String]] = []
    for run in sweep {
        let a = run.forward.activations
        let mid = depth / 2
        let measured = perLayerFactor(a, from: 1)
        let theory = run.sigma2 * Double(width) / 2
        rows.append([sigmaLabel(run.sigma2), String(format: "%.3g", theory),
                     String(format: "%.3g", measured),
                     sci(a[1], overflow: overflowWord),
                     sci(a[mid], overflow: overflowWord),
                     sci(a[depth], overflow: overflowWord)])
    }
    s.table(headers: ["σ²_Ω", "σ²_Ω·D/2",
                      L(ru: "множитель за слой", en: "factor per layer"),
                      "Var(h₁)", "Var(h\(depth / 2))", "Var(h\(depth))"],
            rows: rows)
    let small = sweep.first!, large = sweep.last!
    let he = sweep.first { abs($0.sigma2 - 2 / Double(width)) < 1e-12 }
    let mismatches = sweep.map { run in
        let measured = perLayerFactor(run.forward.activations, from: 1)
        return abs(measured / (run.sigma2 * Double(width) / 2) - 1)
    }
    let largestMismatch = mismatches.filter(\.isFinite).max() ?? .nan
    let vanishes = small.sigma2 * Double(width) / 2 < 0.99
    // Var (a Double) passes Float32's largest number long before the values
    // (about √Var) do.
    let overflow = Float32Overflow(variances: large.forward.activations)
    if activation == .relu {
        s.prose(L(
            ru: """
            Измеренный множитель за слой (среднее геометрическое по слоям) совпадает с σ²_Ω·D/2 с \
            точностью до \(String(format: "%.0f", 100 * largestMismatch)) %.\
            \(vanishes ? " При σ²_Ω = \(sigmaLabel(small.sigma2)) дисперсия к слою \(depth) падает до \(sci(small.forward.activations[depth], overflow: overflowWord)): сигнал исчезает." : "")\
            \(he.map { " Только σ²_Ω = 2/D держит масштаб: Var(h\(depth)) = \(sci($0.forward.activations[depth], overflow: overflowWord)) против Var(h₁) = \(sci($0.forward.activations[1], overflow: overflowWord))." } ?? "")
            """,
            en: """
            The measured factor per layer (the geometric mean over layers) matches σ²_Ω·D/2 within \
            \(String(format: "%.0f", 100 * largestMismatch)) %.\
            \(vanishes ? " With σ²_Ω = \(sigmaLabel(small.sigma2)) the variance falls to \(sci(small.forward.activations[depth], overflow: overflowWord)) by layer \(depth): the signal vanishes." : "")\
            \(he.map { " Only σ²_Ω = 2/D keeps the scale: Var(h\(depth)) = \(sci($0.forward.activations[depth], overflow: overflowWord)) against Var(h₁) = \(sci($0.forward.activations[1], overflow: overflowWord))." } ?? "")
            """))
        if let overflow {
            s.prose(overflowStory(overflow, sigma2: large.sigma2,
                                  variances: large.forward.activations))
        } else {
            s.prose(L(ru: "При σ²_Ω = \(sigmaLabel(large.sigma2)) дисперсия к слою \(depth) вырастает до \(sci(large.forward.activations[depth], overflow: overflowWord)).",
                      en: "With σ²_Ω = \(sigmaLabel(large.sigma2)) the variance grows to \(sci(large.forward.activations[depth], overflow: overflowWord)) by layer \(depth)."))
        }
    } else {
        s.prose(L(
            ru: """
            С tanh картина другая: tanh ограничен (|h| < 1), поэтому активации не взрываются, а при \
            большом σ²_Ω насыщаются около ±1 (дисперсия стремится к 1). При малом σ²_Ω tanh почти \
            линеен (tanh z ≈ z), и множитель за слой ≈ σ²_Ω·D, а не σ²_Ω·D/2: сохраняет масштаб σ²_Ω = 1/D. \
            Теоретическая кривая (σ²_Ω·D/2)ᵏ выведена для ReLU, поэтому здесь её нет.
            """,
            en: """
            With tanh the picture changes: tanh is bounded (|h| < 1), so activations cannot explode; \
            with a large σ²_Ω they saturate near ±1 (the variance tends to 1). With a small σ²_Ω tanh is \
            nearly linear (tanh z ≈ z) and the factor per layer is ≈ σ²_Ω·D rather than σ²_Ω·D/2: \
            σ²_Ω = 1/D keeps the scale. The theory curve (σ²_Ω·D/2)ᵏ is derived for ReLU, so it is not drawn here.
            """))
    }
}

lesson.section(L(ru: "Обратный проход: исчезающие и взрывные градиенты", en: "Backward pass: vanishing and exploding gradients")) { s in
    s.prose(L(
        ru: """
        Обратный проход идёт в другую сторону:

            ∂L/∂fₖ = 𝕀[fₖ > 0] ⊙ (Ωₖᵀ·∂L/∂fₖ₊₁)

        Умножение на Ωₖᵀ даёт множитель D·σ²_Ω, индикатор ReLU оставляет половину: за слой дисперсия \
        градиента умножается на те же σ²_Ω·D/2, только считая от выхода к входу:

            Var(∂L/∂fₖ) = Var(∂L/∂f_K)·(σ²_Ω·D/2)^(K−k)

        Градиенты считает автоград фреймворка: `y.backward(g)` со случайным g ~ N(0, 1) (это потеря \
        L = Σ g ⊙ y), а ∂L/∂fₖ каждого слоя читает хук `fₖ.registerHook { … }` — как `register_hook` в PyTorch. \
        Всё это собрано в `LayerStatistics(of: model, input: x)` из модуля NN.
        """,
        en: """
        The backward pass runs the other way:

            ∂L/∂fₖ = 𝕀[fₖ > 0] ⊙ (Ωₖᵀ·∂L/∂fₖ₊₁)

        Multiplying by Ωₖᵀ gives a factor D·σ²_Ω and the ReLU indicator keeps half: per layer the \
        gradient's variance is multiplied by the same σ²_Ω·D/2, only counted from the output to the input:

            Var(∂L/∂fₖ) = Var(∂L/∂f_K)·(σ²_Ω·D/2)^(K−k)

        The framework's autograd computes the gradients: `y.backward(g)` with a random g ~ N(0, 1) (the \
        loss L = Σ g ⊙ y), and a hook `fₖ.registerHook { … }` on every layer reads ∂L/∂fₖ, as \
        `register_hook` does in PyTorch. All of it is `LayerStatistics(of: model, input: x)` in the NN module.
        """))
    let x = Tensor.randn([batch, width],
                         generator: Generator(seed: UInt64(s.seed)))
    rescaled = []
    for i in sweep.indices {
        let s2 = sweep[i].sigma2
        var gradients = sweep[i].forward.gradients
        var scale = 1.0
        if gradients.contains(where: \.isNaN), activation == .relu {
            // The forward pass overflowed. A bias-free ReLU network is
            // positively homogeneous: the on/off pattern, hence every
            // dL/df_k, is the same for c·x. Pick c so the largest
            // activation stays near 1e20.
            let factor = Foundation.pow(s2 * Double(width) / 2, Double(depth))
            let largestStd = (oneMinusInvPi * factor).squareRoot()
            let exponent = (Foundation.log10(largestStd) - 20).rounded(.up)
            scale = Foundation.pow(10, -exponent)
            let model = sweepNetwork(i, sigma2: s2, seed: s.seed)
            gradients = sweepStatistics(model, x * Float(scale), seed: s.seed)
                .gradients
            let c = sci(scale, overflow: "∞")
            rescaled.append("σ²_Ω = \(sigmaLabel(s2)): c = \(c)")
        }
        sweep[i].backward = gradients
        sweep[i].inputScale = scale
    }
    let overflowWord = s.t(L(ru: "переполнение", en: "overflow"))
    s.table(headers: ["σ²_Ω", "σ²_Ω·D/2",
                      L(ru: "множитель за слой", en: "factor per layer"),
                      "Var(∂L/∂f\(depth))", "Var(∂L/∂f\(depth / 2))",
                      "Var(∂L/∂f₁)"],
            rows: sweep.map { run in
                let g = run.backward
                let theory = run.sigma2 * Double(width) / 2
                let measured = perLayerFactor(Array(g.reversed()), from: 0)
                return [sigmaLabel(run.sigma2), String(format: "%.3g", theory),
                        String(format: "%.3g", measured),
                        sci(g[depth - 1], overflow: overflowWord),
                        sci(g[depth / 2 - 1], overflow: overflowWord),
                        sci(g[0], overflow: overflowWord)]
            })
}

lesson.section(L(ru: "Где числа покидают Float32", en: "Where the numbers leave Float32")) { s in
    if !rescaled.isEmpty {
        s.prose(L(
            ru: """
            Где прямой проход переполнился, обратный на том же x бессмыслен: маски 𝕀[fₖ > 0] считаются по \
            NaN. Но у сети из ReLU без смещений есть свойство положительной однородности: a[c·z] = c·a[z] при \
            c > 0, поэтому для входа c·x включены те же элементы, и все ∂L/∂fₖ (при L = Σ g ⊙ y) те же самые. \
            Для таких σ²_Ω обратный проход сделан на c·x, где c подобран, чтобы прямой проход поместился \
            во Float32: \(rescaled.joined(separator: "; ")).
            """,
            en: """
            Where the forward pass overflowed, a backward pass on the same x means nothing: the masks \
            𝕀[fₖ > 0] compare NaN. A bias-free ReLU network is positively homogeneous, though: a[c·z] = c·a[z] \
            for c > 0, so the input c·x switches on the same units and gives the very same ∂L/∂fₖ (with \
            L = Σ g ⊙ y). For those σ²_Ω the backward pass ran on c·x, with c chosen so the forward pass fits \
            in Float32: \(rescaled.joined(separator: "; ")).
            """))
    }
    // The first σ² whose gradient overflows, and the layer where it does.
    let firstGradientOverflow = sweep.compactMap { run in
        LayerStatistics.firstOverflow(run.backward.reversed())
            .map { (run.sigma2, depth - $0) }
    }.first
    s.prose(L(
        ru: """
        На графике слева — прямой проход, справа — обратный; сплошные линии измерены, пунктир — теория \
        \(activation == .relu ? "(1 − 1/π)·(σ²_Ω·D/2)ᵏ и ½·(σ²_Ω·D/2)^(K−k)" : "(для tanh её нет)"). Ось y логарифмическая. \
        Кривые обрезаны там, где числа покидают диапазон Float32\(firstGradientOverflow.map { " (например, градиент при σ²_Ω = \(sigmaLabel($0.0)) переполняется на слое \($0.1))" } ?? ""): \
        дальше в сети только бесконечности, и рисовать там нечего. Как и в прямом проходе, переполняются \
        сами числа Float32, порядка √Var, а не дисперсии таблицы, посчитанные в Double.
        """,
        en: """
        The left panel is the forward pass, the right one the backward pass; solid lines are measured, \
        dashed ones the theory \(activation == .relu ? "(1 − 1/π)·(σ²_Ω·D/2)ᵏ and ½·(σ²_Ω·D/2)^(K−k)" : "(none for tanh)"). \
        The y axis is logarithmic. Curves stop where the numbers leave Float32's range\(firstGradientOverflow.map { " (e.g. the gradient for σ²_Ω = \(sigmaLabel($0.0)) overflows at layer \($0.1))" } ?? ""): \
        past that point the network holds only infinities, and there is nothing to draw. As in the forward \
        pass, it is the Float32 numbers, about √Var, that overflow, not the table's variances computed in Double.
        """))
    try s.figure("gradient_init", caption: L(
        ru: "Дисперсия активаций hₖ (слева) и градиентов ∂L/∂fₖ (справа) по"
            + " слоям при разных σ²_Ω",
        en: "Variance of the activations hₖ (left) and of the gradients ∂L/∂fₖ"
            + " (right) per layer for several σ²_Ω")) {
        gradientInitFigure(sweep)
    }
}

lesson.section(L(ru: "Хе сохраняет дисперсию в среднем", en: "He keeps the variance on average")) { s in
    guard activation == .relu else {
        s.prose(L(ru: "Этот раздел — про ReLU; запустите урок"
                      + " с --activation relu.",
                  en: "This section is about ReLU; run the lesson"
                      + " with --activation relu."))
        return
    }
    let count = quick ? min(networksOption.value, 16) : networksOption.value
    let he = 2 / Double(width)
    let runs = (0..<count).map { i -> LayerStatistics in
        let seed = UInt64(s.seed) &+ UInt64(i)
        let model = deepNetwork(widths: Array(repeating: width, count: depth + 1),
                                activation: .relu,
                                generator: Generator(seed: seed &+ 5000),
                                initialize: normalInit(he))
        let x = Tensor.randn([16, width],
                             generator: Generator(seed: seed &+ 9000))
        return LayerStatistics(of: model, input: x,
                               generator: Generator(seed: UInt64(s.seed) &+ 7))
    }
    heRuns = runs
    let mean = LayerStatistics.mean(runs)
    let meanRatios = mean.activations.dropFirst().map { $0 / mean.activations[1] }
    let gradientRatios = mean.gradients.map { $0 / mean.gradients[depth - 1] }
    let finals = runs.map { $0.activations[depth] / $0.activations[1] }.sorted()
    let median = finals[finals.count / 2]
    // Per layer E[h²] is multiplied by X = (2/D)·Σ relu(zᵢ)², with E[X] = 1
    // and Var(X) = 5/D, so log X has mean ≈ −2.5/D: the typical (median)
    // network drifts down while the mean stays put.
    let predictedMedian = Foundation.exp(-2.5 * Double(depth - 1) / Double(width))
    let spread = (5 * Double(depth - 1) / Double(width)).squareRoot()
    // The most extreme finite change of section 2's sweep, to set the
    // wandering against.
    let worst = sweep.map { run in
        let a = run.forward.activations
        return (run.sigma2, a[depth] / a[1])
    }
        .filter { $0.1.isFinite && $0.1 > 0 }
        .max { abs(Foundation.log($0.1)) < abs(Foundation.log($1.1)) }
    let worstChange = worst.map { s2, change in
        "Var(h\(depth))/Var(h₁) = \(sci(change, overflow: "")),"
            + " σ²_Ω = \(sigmaLabel(s2))"
    } ?? "?"
    let f = { (v: Double) in String(format: "%.2f", v) }
    s.print(L(ru: "Сетей с σ²_Ω = 2/D: \(count), в каждой батч из 16 входов.",
              en: "Networks with σ²_Ω = 2/D: \(count), each on a batch of 16"
                  + " inputs."))
    let (lowMean, highMean) = (f(meanRatios.min()!), f(meanRatios.max()!))
    s.print(L(ru: "Среднее по сетям, Var(hₖ)/Var(h₁) для k = 1…\(depth):"
                  + " от \(lowMean) до \(highMean)",
              en: "Mean over networks, Var(hₖ)/Var(h₁) for k = 1…\(depth):"
                  + " from \(lowMean) to \(highMean)"))
    let (lowGrad, highGrad) = (f(gradientRatios.min()!), f(gradientRatios.max()!))
    s.print(L(ru: "Среднее по сетям, Var(∂L/∂fₖ)/Var(∂L/∂f_K):"
                  + " от \(lowGrad) до \(highGrad)",
              en: "Mean over networks, Var(∂L/∂fₖ)/Var(∂L/∂f_K):"
                  + " from \(lowGrad) to \(highGrad)"))
    let (lowest, highest) = (f(finals.first!), f(finals.last!))
    let estimate = "e^(−2.5·(K−1)/D) = \(f(predictedMedian))"
    s.print(L(ru: "Отдельные сети, Var(h\(depth))/Var(h₁): от \(lowest)"
                  + " до \(highest), медиана \(f(median)) (оценка \(estimate))",
              en: "Single networks, Var(h\(depth))/Var(h₁): from \(lowest)"
                  + " to \(highest), median \(f(median)) (estimate \(estimate))"))
    s.prose(L(
        ru: """
        Формула σ²_Ω = 2/D обещает, что дисперсия сохраняется **в среднем по случайным весам**, и \
        среднее по \(count) сетям действительно держится у Var(h₁). Одна конкретная сеть конечной ширины \
        блуждает: за слой E[h²] умножается на случайное X со средним 1 и дисперсией 5/D, поэтому log Var \
        делает случайное блуждание (разброс ≈ √(5(K−1)/D) = \(f(spread)) в натуральных логарифмах) со \
        сносом вниз. Среди \(count) сетей дисперсия к слою \(depth) меняется от \(times(finals.first!).ru) до \
        \(times(finals.last!).ru): для одной сети это заметно, но несравнимо с неудачным σ²_Ω из раздела 2 (\(worstChange)). \
        Чем шире слои, тем меньше блуждание (Hanin & Rolnick, 2018).
        """,
        en: """
        The formula σ²_Ω = 2/D promises that the variance is kept **on average over random weights**, \
        and the mean over \(count) networks does stay near Var(h₁). One particular network of finite width \
        wanders: per layer E[h²] is multiplied by a random X with mean 1 and variance 5/D, so log Var \
        takes a random walk (spread ≈ √(5(K−1)/D) = \(f(spread)) in natural logs) that drifts down. Among \
        the \(count) networks the variance at layer \(depth) ranges from \(times(finals.first!).en) to \
        \(times(finals.last!).en): noticeable for one network, yet nothing like a bad σ²_Ω of section 2 (\(worstChange)). \
        Wider layers wander less (Hanin & Rolnick, 2018).
        """))
    try s.figure("he_average", caption: L(
        ru: "Хе: дисперсия активаций в отдельных сетях и в среднем по сетям",
        en: "He: the variance of the activations in single networks and on"
            + " average")) {
        heAverageFigure(runs: runs, mean: mean)
    }
}

/// «раз» after a printed number: «в 3.4 раза», «в 12 раз», «в 22 раза».
func russianTimes(_ number: String) -> String {
    guard let n = Int(number) else { return "раза" }
    return russianPlural(n, "раз", "раза", "раз")
}

/// "12 times lower" / "3.4 times higher" for a ratio to the start.
func times(_ ratio: Double) -> L {
    let r = ratio >= 1 ? ratio : 1 / ratio
    let number = r >= 10 ? String(format: "%.0f", r) : String(format: "%.1f", r)
    return ratio >= 1 ? L(ru: "роста в \(number) \(russianTimes(number))", en: "\(number) times higher")
                      : L(ru: "падения в \(number) \(russianTimes(number))", en: "\(number) times lower")
}

lesson.section(L(ru: "Один слой: Хе, Ксавьер и ошибка конспекта", en: "One layer: He, Xavier, and the original notebook's mistake")) { s in
    s.prose(L(
        ru: """
        Рассмотрим один слой: Dᵢₙ входов, Dₒᵤₜ выходов, матрица Ω формы Dₒᵤₜ × Dᵢₙ. Прямой проход \
        складывает Dᵢₙ слагаемых, обратный — Dₒᵤₜ:

            Var(f) = Dᵢₙ·σ²_Ω·E[h²]              (вперёд)
            Var(∂L/∂h) = Dₒᵤₜ·σ²_Ω·Var(∂L/∂f)    (назад)

        С ReLU (половина элементов выключена) прямой проход сохраняет масштаб при σ²_Ω = 2/Dᵢₙ, \
        обратный — при σ²_Ω = 2/Dₒᵤₜ. Это и есть **инициализация Хе** (He et al., 2015): в PyTorch \
        `kaiming_normal_(w)` по умолчанию берёт mode='fan_in', то есть σ² = 2/Dᵢₙ, а mode='fan_out' даёт 2/Dₒᵤₜ. \
        У нас — `Init.fillKaimingNormal(w, mode: .fanIn / .fanOut, nonlinearity: .relu)`.

        **Поправка к конспекту.** В лекции «инициализацией Хе» названа формула σ² = 4/(Dᵢₙ + Dₒᵤₜ). \
        Это не Хе, а компромисс между прямым и обратным проходом: среднее гармоническое 2/Dᵢₙ и 2/Dₒᵤₜ, \
        то есть формула Ксавьера, умноженная на 2 для ReLU (в PyTorch — `xavier_normal_(w, gain=calculate_gain('relu'))`). \
        Когда Dᵢₙ = Dₒᵤₜ, все три формулы совпадают; когда ширины разные, каждая сохраняет своё.

        **Инициализация Ксавьера** (Glorot & Bengio, 2010) делает тот же компромисс для нечётной активации \
        вроде tanh (tanh(−z) = −tanh z, около нуля tanh z ≈ z, так что половины нет): σ² = 2/(Dᵢₙ + Dₒᵤₜ), \
        либо равномерно U(−d, d) с d = √(6/(Dᵢₙ + Dₒᵤₜ)) — дисперсия d²/3 та же. (В конспекте нечётной \
        названа и сигмоида; это не так: σ(−z) = 1 − σ(z).)
        """,
        en: """
        Take one layer: Dᵢₙ inputs, Dₒᵤₜ outputs, a weight matrix Ω of shape Dₒᵤₜ × Dᵢₙ. The forward \
        pass adds up Dᵢₙ terms, the backward pass Dₒᵤₜ:

            Var(f) = Dᵢₙ·σ²_Ω·E[h²]              (forward)
            Var(∂L/∂h) = Dₒᵤₜ·σ²_Ω·Var(∂L/∂f)    (backward)

        With ReLU (half the units off) the forward pass keeps its scale for σ²_Ω = 2/Dᵢₙ, the backward \
        pass for σ²_Ω = 2/Dₒᵤₜ. That is **He initialisation** (He et al., 2015): PyTorch's \
        `kaiming_normal_(w)` defaults to mode='fan_in', i.e. σ² = 2/Dᵢₙ, and mode='fan_out' gives 2/Dₒᵤₜ. \
        Here: `Init.fillKaimingNormal(w, mode: .fanIn / .fanOut, nonlinearity: .relu)`.

        **A correction to the original notebook.** It calls σ² = 4/(Dᵢₙ + Dₒᵤₜ) "He initialisation". It is \
        not He's but a compromise between the forward and the backward pass: the harmonic mean of 2/Dᵢₙ \
        and 2/Dₒᵤₜ, i.e. Xavier's formula times 2 for ReLU (in PyTorch, \
        `xavier_normal_(w, gain=calculate_gain('relu'))`). When Dᵢₙ = Dₒᵤₜ all three agree; when the widths \
        differ, each keeps something else.

        **Xavier initialisation** (Glorot & Bengio, 2010) makes the same compromise for an odd activation \
        such as tanh (tanh(−z) = −tanh z, and near zero tanh z ≈ z, so no half is lost): \
        σ² = 2/(Dᵢₙ + Dₒᵤₜ), or uniform U(−d, d) with d = √(6/(Dᵢₙ + Dₒᵤₜ)), whose variance d²/3 is the \
        same. (The original notebook calls the sigmoid odd too; it is not: σ(−z) = 1 − σ(z).)
        """))
    try s.figure("layer", caption: L(
        ru: "Один слой: Dᵢₙ входов, Dₒᵤₜ выходов и веса Ω между ними",
        en: "One layer: Dᵢₙ inputs, Dₒᵤₜ outputs and the weights Ω between"
            + " them")) {
        layerFigure()
    }
}

lesson.section(L(ru: "Функции Init на одном слое", en: "The Init functions on one layer")) { s in
    let wide = wideOption.value
    s.prose(L(ru: "Каждая схема — один вызов `Init` (в PyTorch — `torch.nn.init`):",
              en: "Each scheme is one call of `Init` (`torch.nn.init` in"
                  + " PyTorch):"))
    s.table(headers: [L(ru: "схема", en: "scheme"), L(ru: "вызов", en: "call")],
            rows: schemes.map { [$0.name, $0.call] })
    s.prose(L(
        ru: "Проверим их на слое `Linear(\(width), \(wide))` (Dᵢₙ = \(width),"
            + " Dₒᵤₜ = \(wide)): выборочная дисперсия весов против формулы.",
        en: "A check on a `Linear(\(width), \(wide))` layer (Dᵢₙ = \(width),"
            + " Dₒᵤₜ = \(wide)): the sample variance of the weights against the"
            + " formula."))
    let layer = Linear(width, wide,
                       generator: Generator(seed: UInt64(s.seed) &+ 11))
    let fans = Init.calculateFanInAndFanOut(layer.weight)
    s.print("Init.calculateFanInAndFanOut(layer.weight) =",
            "(fanIn: \(fans.fanIn), fanOut: \(fans.fanOut))")
    s.table(headers: [L(ru: "схема", en: "scheme"), "σ²",
                      L(ru: "по формуле", en: "formula"),
                      L(ru: "у весов", en: "in the weights")],
            rows: schemes.map { scheme in
                scheme.initialize(layer, Generator(seed: UInt64(s.seed) &+ 12))
                let formula = scheme.variance(fans.fanIn, fans.fanOut)
                let measured = LayerStatistics.variance(of: layer.weight)
                return [scheme.name, scheme.formula,
                        String(format: "%.5f", formula),
                        String(format: "%.5f", measured)]
            })
}

lesson.section(L(ru: "Что сохраняет каждая схема: слои разной ширины", en: "What each scheme keeps: layers of different widths")) { s in
    let wide = wideOption.value
    let widths = (0...depth).map { $0 % 2 == 0 ? width : wide }
    let count = quick ? 1 : min(networksOption.value, 2)
    let schemeBatch = quick ? 16 : 32
    s.prose(L(
        ru: """
        Чтобы формулы различались, нужны слои разной ширины: возьмём \(depth) \(russianPlural(depth, "слой", "слоя", "слоёв")), \
        ширины которых чередуются \(width) → \(wide) → \(width) → …, и сравним шесть схем для ReLU и для tanh \
        (среднее по \(count) \(russianPlural(count, "сети", "сетям", "сетям")), батч \(schemeBatch)). Для ReLU теория \
        перемножает множители слоёв: вперёд σ²·Dᵢₙ/2, назад σ²·Dₒᵤₜ/2.
        """,
        en: """
        For the formulas to differ, the layers need different widths: take \(depth) layers whose widths \
        alternate \(width) → \(wide) → \(width) → …, and compare six schemes for ReLU and for tanh (mean over \
        \(count) networks, batch \(schemeBatch)). For ReLU the theory multiplies the layers' factors: forward \
        σ²·Dᵢₙ/2, backward σ²·Dₒᵤₜ/2.
        """))
    typealias SchemeResult = (scheme: Scheme, relu: LayerStatistics,
                              tanh: LayerStatistics)
    var results: [SchemeResult] = []
    for (index, scheme) in schemes.enumerated() {
        func measure(_ act: Activation) -> LayerStatistics {
            LayerStatistics.mean((0..<count).map { i in
                let offset = UInt64(100 * index + i)
                let g = Generator(seed: UInt64(s.seed) &+ 20_000 &+ offset)
                let model = deepNetwork(widths: widths, activation: act,
                                        generator: g,
                                        initialize: scheme.initialize)
                let x = Tensor.randn([schemeBatch, width], generator: g)
                return LayerStatistics(of: model, input: x, generator: g)
            })
        }
        results.append((scheme, measure(.relu), measure(.tanh)))
    }
    // Theory for ReLU, from h₁ to h_K and from ∂L/∂f_K down to ∂L/∂f₁
    // (layer j maps widths[j] → widths[j+1]).
    func reluTheory(_ scheme: Scheme) -> (forward: Double, backward: Double) {
        var forward = 1.0, backward = 1.0
        for j in 1..<depth {
            let v = scheme.variance(widths[j], widths[j + 1])
            forward *= v * Double(widths[j]) / 2
            backward *= v * Double(widths[j + 1]) / 2
        }
        return (forward, backward)
    }
    let overflowWord = s.t(L(ru: "переполнение", en: "overflow"))
    func ratio(_ a: Double, _ b: Double) -> String {
        sci(a / b, overflow: overflowWord)
    }
    let forward = L(ru: "вперёд", en: "forward")
    let backward = L(ru: "назад", en: "backward")
    let theory = L(ru: "теория", en: "theory")
    s.prose(L(
        ru: """
        В столбцах «вперёд» и «назад» — во сколько раз дисперсия изменилась за всю сеть: \
        Var(h\(depth))/Var(h₁) и Var(∂L/∂f₁)/Var(∂L/∂f\(depth)); в столбцах \(width)→\(wide) и \(wide)→\(width) — σ² слоёв этих ширин.
        """,
        en: """
        The columns "forward" and "backward" give how much the variance changed over the whole network: \
        Var(h\(depth))/Var(h₁) and Var(∂L/∂f₁)/Var(∂L/∂f\(depth)); the columns \(width)→\(wide) and \(wide)→\(width) the σ² of \
        layers of those widths.
        """))
    s.table(headers: ["ReLU", "\(width)→\(wide)", "\(wide)→\(width)",
                      forward, theory, backward, theory],
            rows: results.map { r in
                let predicted = reluTheory(r.scheme)
                let acts = r.relu.activations, grads = r.relu.gradients
                return [r.scheme.name,
                        String(format: "%.4f", r.scheme.variance(width, wide)),
                        String(format: "%.4f", r.scheme.variance(wide, width)),
                        ratio(acts[depth], acts[1]),
                        sci(predicted.forward, overflow: overflowWord),
                        ratio(grads[0], grads[depth - 1]),
                        sci(predicted.backward, overflow: overflowWord)]
            })
    s.table(headers: ["tanh", forward, backward],
            rows: results.map { r in
                [r.scheme.name,
                 ratio(r.tanh.activations[depth], r.tanh.activations[1]),
                 ratio(r.tanh.gradients[0], r.tanh.gradients[depth - 1])]
            })
    let byName = Dictionary(
        uniqueKeysWithValues: results.map { ($0.scheme.name, $0) })
    let seedScheme = reluTheory(schemes[2])
    let pairFactor = 4 * Double(width * wide)
        / Double((width + wide) * (width + wide))
    let heIn = byName["He fan_in"]!, heOut = byName["He fan_out"]!
    let seedRun = byName["4/(D_in+D_out)"]!
    let xavier = byName["Xavier normal"]!, lecun = byName["LeCun 1/D_in"]!
    // "Keeps" means within the wandering of single networks that section 5
    // measured, not exactly 1.
    let heFinals = heRuns.map { $0.activations[depth] / $0.activations[1] }
    let wanderRange = heFinals.min().map { low in
        let high = heFinals.max()!
        return "\(String(format: "%.2f", low))…\(String(format: "%.2f", high))"
    }
    s.prose(L(
        ru: """
        - **He fan_in** (2/Dᵢₙ) сохраняет прямой проход: \(ratio(heIn.relu.activations[depth], heIn.relu.activations[1]))\(wanderRange.map { " (отдельные сети в разделе 5 дали \($0))" } ?? ""). \
        Назад множители слоёв Dₒᵤₜ/Dᵢₙ чередуются (×\(String(format: "%.2g", Double(wide) / Double(width))), \
        ×\(String(format: "%.2g", Double(width) / Double(wide)))) и сокращаются: за сеть \(ratio(heIn.relu.gradients[0], heIn.relu.gradients[depth - 1])).
        - **He fan_out** (2/Dₒᵤₜ) — наоборот: назад \(ratio(heOut.relu.gradients[0], heOut.relu.gradients[depth - 1])), вперёд \
        \(ratio(heOut.relu.activations[depth], heOut.relu.activations[1])).
        - **4/(Dᵢₙ+Dₒᵤₜ)** (формула конспекта) не сохраняет ни то, ни другое: на паре слоёв оба прохода \
        умножаются на 4·\(width)·\(wide)/(\(width)+\(wide))² = \(String(format: "%.3f", pairFactor)) < 1, и за \(depth) \
        \(russianPlural(depth, "слой", "слоя", "слоёв")) это \(sci(seedScheme.forward, overflow: overflowWord)) по теории, \
        \(ratio(seedRun.relu.activations[depth], seedRun.relu.activations[1])) измерено. Компромисс честен на одном слое, \
        но в глубокой сети с меняющейся шириной он затухает, а у He fan_in множители сокращаются.
        - **Xavier** (2/(Dᵢₙ+Dₒᵤₜ)) для ReLU вдвое мал: вперёд \(ratio(xavier.relu.activations[depth], xavier.relu.activations[1])). \
        Для tanh он — тот же компромисс, что 4/(Dᵢₙ+Dₒᵤₜ) для ReLU, и так же затухает при чередующихся \
        ширинах: вперёд \(ratio(xavier.tanh.activations[depth], xavier.tanh.activations[1])), назад \
        \(ratio(xavier.tanh.gradients[0], xavier.tanh.gradients[depth - 1])). Версия fan_in для tanh — LeCun, σ² = 1/Dᵢₙ \
        (`Init.fillKaimingNormal(w, nonlinearity: .linear)`): вперёд \(ratio(lecun.tanh.activations[depth], lecun.tanh.activations[1])); \
        медленное падение — от насыщения tanh (tanh′(z) < 1 вдали от нуля). Схемы He для tanh вдвое велики: \
        tanh насыщается, а градиенты у входа растут.
        - Равномерный Xavier ведёт себя как нормальный: важна только дисперсия.
        """,
        en: """
        - **He fan_in** (2/Dᵢₙ) keeps the forward pass: \(ratio(heIn.relu.activations[depth], heIn.relu.activations[1]))\(wanderRange.map { " (single networks gave \($0) in section 5)" } ?? ""). \
        Backward, the layers' factors Dₒᵤₜ/Dᵢₙ alternate (×\(String(format: "%.2g", Double(wide) / Double(width))), \
        ×\(String(format: "%.2g", Double(width) / Double(wide)))) and cancel: \(ratio(heIn.relu.gradients[0], heIn.relu.gradients[depth - 1])) over the network.
        - **He fan_out** (2/Dₒᵤₜ) is the mirror image: backward \(ratio(heOut.relu.gradients[0], heOut.relu.gradients[depth - 1])), \
        forward \(ratio(heOut.relu.activations[depth], heOut.relu.activations[1])).
        - **4/(Dᵢₙ+Dₒᵤₜ)** (the original notebook's formula) keeps neither: over a pair of layers both passes are \
        multiplied by 4·\(width)·\(wide)/(\(width)+\(wide))² = \(String(format: "%.3f", pairFactor)) < 1, which over \(depth) \
        layers is \(sci(seedScheme.forward, overflow: overflowWord)) in theory and \
        \(ratio(seedRun.relu.activations[depth], seedRun.relu.activations[1])) measured. The compromise is fair for one \
        layer, but in a deep network of changing widths it decays, while He fan_in's factors cancel.
        - **Xavier** (2/(Dᵢₙ+Dₒᵤₜ)) is half too small for ReLU: forward \(ratio(xavier.relu.activations[depth], xavier.relu.activations[1])). \
        For tanh it is the same compromise that 4/(Dᵢₙ+Dₒᵤₜ) is for ReLU, and it decays the same way when \
        the widths alternate: forward \(ratio(xavier.tanh.activations[depth], xavier.tanh.activations[1])), backward \
        \(ratio(xavier.tanh.gradients[0], xavier.tanh.gradients[depth - 1])). The fan_in version for tanh is LeCun's \
        σ² = 1/Dᵢₙ (`Init.fillKaimingNormal(w, nonlinearity: .linear)`): forward \(ratio(lecun.tanh.activations[depth], lecun.tanh.activations[1])); \
        its slow decline comes from tanh's saturation (tanh′(z) < 1 away from zero). The He schemes are twice \
        too large for tanh: tanh saturates and the gradients grow towards the input.
        - Uniform Xavier behaves like the normal one: only the variance matters.
        """))
    try s.figure("init_schemes", caption: L(
        ru: "Дисперсия активаций и градиентов по слоям для шести схем, ReLU"
            + " (сверху) и tanh (снизу); ширины чередуются \(width) и \(wide)",
        en: "Variance of activations and gradients per layer for six schemes,"
            + " ReLU (top) and tanh (bottom); widths alternate \(width) and"
            + " \(wide)")) {
        schemesFigure(results)
    }
}

lesson.section(L(ru: "Обучение на Fashion-MNIST: плохой масштаб и Хе", en: "Training on Fashion-MNIST: a bad scale and He")) { s in
    let trainDepth = 20, trainWidth = 128, trainBatch = 64
    let largeSigma2 = 0.1
    let largeFactor = String(format: "%g", largeSigma2 * Double(trainWidth) / 2)
    let steps = quick ? min(stepsOption.value, 60) : stepsOption.value
    let data = try FashionMNIST.splits(dataDirectory: dataOptions.directory,
                                       download: dataOptions.download) {
        s.print($0)
    }.train
    let sampleCount = min(data.count, steps * trainBatch)
    let order = Generator(seed: UInt64(s.seed) &+ 30).permutation(data.count)
    let subset = Subset(data, indices: Array(order.prefix(sampleCount)))
    s.prose(L(
        ru: """
        Теперь та же мысль на настоящих данных. Сеть: 784 → \(trainDepth) \(russianPlural(trainDepth, "слой", "слоя", "слоёв")) \
        по \(trainWidth) с ReLU → 10, SGD (lr = 0.01, momentum = 0.9), батч \(trainBatch), \(steps) \
        \(russianPlural(steps, "шаг", "шага", "шагов")) на \(sampleCount) изображениях. Меняем только инициализацию весов:

        - **Хе**: `Init.fillKaimingNormal(w, nonlinearity: .relu)`, σ² = 2/Dᵢₙ, смещения 0;
        - **по умолчанию в PyTorch**: `Linear` сам берёт U(−1/√Dᵢₙ, 1/√Dᵢₙ), то есть σ² = 1/(3Dᵢₙ) — \
        в шесть раз меньше, чем у Хе: за слой ReLU дисперсия умножается на 1/6;
        - **слишком крупно**: N(0, \(largeSigma2)), σ²·Dᵢₙ/2 = \(largeFactor) на скрытых слоях.
        """,
        en: """
        Now the same point on real data. The network: 784 → \(trainDepth) layers of \(trainWidth) with ReLU → 10, \
        SGD (lr = 0.01, momentum = 0.9), batch \(trainBatch), \(steps) steps on \(sampleCount) images. Only the \
        initialisation of the weights changes:

        - **He**: `Init.fillKaimingNormal(w, nonlinearity: .relu)`, σ² = 2/Dᵢₙ, zero biases;
        - **PyTorch's default**: `Linear` draws U(−1/√Dᵢₙ, 1/√Dᵢₙ) by itself, i.e. σ² = 1/(3Dᵢₙ), six times \
        less than He's: each ReLU layer multiplies the variance by 1/6;
        - **too large**: N(0, \(largeSigma2)), σ²·Dᵢₙ/2 = \(largeFactor) on the hidden layers.
        """))
    let widths = [784] + Array(repeating: trainWidth, count: trainDepth) + [10]
    func makeModel(_ kind: Int, _ g: Generator) -> Sequential {
        var layers: [Module] = [Flatten()]
        for j in 0..<(widths.count - 1) {
            let linear = Linear(widths[j], widths[j + 1], generator: g)
            switch kind {
            case 0:
                Init.fillKaimingNormal(linear.weight, nonlinearity: .relu,
                                       generator: g)
                Init.fillZeros(linear.bias!)
            case 2:
                Init.fillNormal(linear.weight, std: largeSigma2.squareRoot(),
                                generator: g)
                Init.fillZeros(linear.bias!)
            default: break   // PyTorch's default, as Linear made it
            }
            layers.append(linear)
            if j < widths.count - 2 { layers.append(ReLU()) }
        }
        return Sequential(layers)
    }
    let names = [L(ru: "Хе (2/Dᵢₙ)", en: "He (2/Dᵢₙ)"),
                 L(ru: "по умолчанию (1/(3Dᵢₙ))", en: "default (1/(3Dᵢₙ))"),
                 L(ru: "σ² = \(largeSigma2)", en: "σ² = \(largeSigma2)")]
    var curves: [[Double]] = []
    var rows: [[String]] = []
    var divergence: [Int?] = []
    for kind in 0..<3 {
        let g = Generator(seed: UInt64(s.seed) &+ 40)
        let model = makeModel(kind, g)
        let optimizer = SGD(model.parameters(), lr: 0.01, momentum: 0.9)
        let loader = DataLoader(subset, batchSize: trainBatch, shuffle: true,
                                dropLast: true,
                                generator: Generator(seed: UInt64(s.seed) &+ 41))
        let lossFunction = CrossEntropyLoss()
        var losses: [Double] = []
        var divergedAt: Int?
        let bar = s.progress(total: steps, label: names[kind])
        training: while losses.count < steps {
            for batch in loader {
                let loss = lossFunction(model(batch.images), batch.labels)
                let value = loss.item()
                guard value.isFinite else {
                    divergedAt = losses.count
                    break training
                }
                losses.append(Double(value))
                optimizer.zeroGrad()
                loss.backward()
                optimizer.step()
                bar.advance(metrics: [("loss", String(format: "%.3f", value))])
                if losses.count == steps { break training }
            }
        }
        bar.finish(metrics: [])
        curves.append(losses)
        let tail = losses.suffix(max(1, losses.count / 10))
        let first = losses.first ?? .nan
        let firstText = first < 1000 ? String(format: "%.3f", first)
                                     : String(format: "%.2e", first)
        let tailMean = tail.reduce(0, +) / Double(tail.count)
        let tailText = tailMean < 1000 ? String(format: "%.3f", tailMean)
                                       : sci(tailMean, overflow: "∞")
        let nanText = divergedAt.map {
            s.t(L(ru: "NaN на шаге \($0 + 1)", en: "NaN at step \($0 + 1)"))
        }
        rows.append([s.t(names[kind]), firstText,
                     // A run that stopped at NaN has no last 10 % to average.
                     divergedAt != nil ? "—" : tailText,
                     nanText ?? "—"])
        divergence.append(divergedAt)
    }
    let finalMeans = curves.map { c -> Double in
        let t = c.suffix(max(1, c.count / 10))
        return t.reduce(0, +) / Double(t.count)
    }
    let largeFirst = curves[2].first ?? .nan
    s.prose(L(ru: "Потеря на первом шаге и средняя за последние 10 % шагов:",
              en: "The loss at the first step and its mean over the last 10 %"
                  + " of the steps:"))
    s.table(headers: [L(ru: "инициализация", en: "initialisation"),
                      L(ru: "шаг 1", en: "step 1"),
                      L(ru: "последние 10 %", en: "last 10 %"),
                      L(ru: "расхождение", en: "diverged")],
            rows: rows)
    s.prose(L(
        ru: """
        Равномерное угадывание 10 классов даёт потерю ln 10 = \(String(format: "%.3f", Foundation.log(10.0))). С \
        инициализацией по умолчанию сигнал к выходу почти исчезает (1/6 за слой на \(trainDepth) слоях), выход сети — \
        почти константа, и градиенты первых слоёв так же малы: потеря стоит около ln 10 (в конце \
        \(String(format: "%.3f", finalMeans[1]))). Хе сохраняет масштаб, и та же сеть с тем же SGD учится: \
        \(String(format: "%.3f", finalMeans[0])) к концу. Слишком крупные веса дают огромные логиты (потеря \
        \(sci(largeFirst, overflow: "∞")) на первом шаге) и огромный первый шаг, \(divergence[2].map { "а на шаге \($0 + 1) потеря стала NaN: обучение разошлось (функция `trainEpoch` модуля Training останавливается в этом месте с ошибкой DivergenceError)" } ?? "после которого ReLU выключаются и сеть «мертва»: \(String(format: "%.3f", finalMeans[2]))"). (Adam нормирует шаг по величине градиента \
        и частично скрывает эту разницу — попробуйте в упражнениях.)
        """,
        en: """
        Guessing the 10 classes uniformly gives a loss of ln 10 = \(String(format: "%.3f", Foundation.log(10.0))). With the \
        default initialisation the signal all but vanishes on its way out (1/6 per layer over \(trainDepth) layers), the \
        network's output is nearly constant, and the first layers' gradients are just as small: the loss sits near \
        ln 10 (\(String(format: "%.3f", finalMeans[1])) at the end). He keeps the scale, and the same network with the \
        same SGD learns: \(String(format: "%.3f", finalMeans[0])) at the end. Weights that are too large give huge \
        logits (a loss of \(sci(largeFirst, overflow: "∞")) at the first step) and a huge first step, \(divergence[2].map { "and at step \($0 + 1) the loss became NaN: training diverged (the Training module's `trainEpoch` stops right there with a DivergenceError)" } ?? "after which the ReLUs are off and the network is dead: \(String(format: "%.3f", finalMeans[2]))"). (Adam scales its step by the \
        gradient's size and partly hides the difference — try it in the exercises.)
        """))
    try s.figure("init_training", caption: L(
        ru: "Потеря на каждом шаге SGD для трёх инициализаций одной и той же"
            + " глубокой сети",
        en: "Loss at every SGD step for three initialisations of the same deep"
            + " network")) {
        trainingFigure(curves: curves, names: names, largeSigma2: largeSigma2,
                       title: "784 → \(trainDepth) × \(trainWidth) → 10, ReLU")
    }
}

lesson.section(L(ru: "Упражнения", en: "Exercises")) { s in
    s.prose(L(
        ru: """
        1. Запустите `swift run lesson-03-init --activation tanh`. Почему при σ²_Ω = 1 активации больше не \
        переполняются, а градиенты — да? Какое σ²_Ω теперь держит прямой проход ровным и почему не 2/D?
        2. Запустите `--width 400 --networks 16` и сравните разброс отдельных сетей в разделе 5 с D = 100. \
        Совпадает ли он с оценкой √(5(K−1)/D)?
        3. Запустите `--wide 1000`. Во сколько раз теперь падает дисперсия за пару слоёв у формулы \
        4/(Dᵢₙ+Dₒᵤₜ)? Выведите число 4ab/(a+b)² на бумаге до запуска.
        4. В разделе 9 замените `SGD` на `Adam(model.parameters(), lr: 1e-3)`. Учится ли теперь сеть с \
        инициализацией по умолчанию? Что Adam делает с крошечными градиентами первых слоёв?
        """,
        en: """
        1. Run `swift run lesson-03-init --activation tanh`. Why do the activations no longer overflow for \
        σ²_Ω = 1 while the gradients still do? Which σ²_Ω now keeps the forward pass level, and why not 2/D?
        2. Run with `--width 400 --networks 16` and compare the spread of single networks in section 5 with \
        D = 100. Does it match the estimate √(5(K−1)/D)?
        3. Run with `--wide 1000`. By how much does 4/(Dᵢₙ+Dₒᵤₜ) now shrink the variance over a pair of \
        layers? Work out 4ab/(a+b)² on paper before running.
        4. In section 9 replace `SGD` with `Adam(model.parameters(), lr: 1e-3)`. Does the network with the \
        default initialisation learn now? What does Adam do with the first layers' tiny gradients?
        """))
}

lesson.run()
