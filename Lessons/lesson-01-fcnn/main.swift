// Lesson 01 — fully connected neural networks.
//
//   swift run lesson-01-fcnn            (add --help for the flags)
//
// Section 1 of the lecture: the equations of a small multilayer perceptron,
// its parameter count, a forward pass on a batch, the model summary, ReLU,
// and the network diagram — each computed from the model in this script.
import Course
import Foundation

let lesson = Lesson(
    id: "lesson-01-fcnn",
    title: L(ru: "Полносвязные нейронные сети", en: "Fully connected neural networks"),
    summary: L(ru: "Уравнения многослойного перцептрона, число параметров, прямой проход и схема сети.",
               en: "The equations of a multilayer perceptron, its parameter count, a forward pass and its diagram."))

let sizesOption = lesson.option("sizes", default: [3, 4, 2, 3, 2], range: 1...4096, count: 2...16,
    help: L(ru: "размеры слоёв D_i, D_1, …, D_o через запятую", en: "layer sizes D_i, D_1, …, D_o, comma-separated"))
let batchOption = lesson.option("batch", default: 5, range: 1...100_000,
    help: L(ru: "размер батча для прямого прохода", en: "batch size of the forward pass"))

/// The lecture's network: Linear layers of the given sizes with ReLU between them
/// (one ReLU module shared by all hidden layers, as in the original notebook).
final class Net: Module {
    let layers: Sequential

    init(sizes: [Int]) {
        let act = ReLU()
        var modules: [Module] = []
        for k in 0..<(sizes.count - 1) {
            if k > 0 { modules.append(act) }
            modules.append(Linear(sizes[k], sizes[k + 1]))
        }
        layers = Sequential(modules)
    }

    override func forward(_ x: Tensor) -> Tensor { layers(x) }
}

var sizes: [Int] { sizesOption.value }
var model: Net!
var x: Tensor!

lesson.section(L(ru: "Многослойный перцептрон", en: "The multilayer perceptron")) { s in
    let hidden = sizes.count - 2
    s.prose(L(
        ru: """
        **Полносвязная нейронная сеть** (fully connected neural network, FCNN), она же **многослойный \
        перцептрон** (multilayer perceptron, MLP), — это цепочка слоёв, в которой каждый элемент \
        слоя связан со *всеми* элементами предыдущего слоя.

        Наша сеть: вход размера Dᵢ = \(sizes[0]), \(hidden) \(russianPlural(hidden, "скрытый слой", "скрытых слоя", "скрытых слоёв")) и выход размера \
        Dₒ = \(sizes.last!). Её параметры — смещения β и матрицы весов Ω каждого слоя:

            φ = { β₀, Ω₀, β₁, Ω₁, …, β\(unicodeSubscript("\(hidden)")), Ω\(unicodeSubscript("\(hidden)")) }

        Вычисления слоёв (обозначения книги С. Принса «Understanding Deep Learning»):
        """,
        en: """
        A **fully connected neural network** (FCNN), also called a **multilayer perceptron** (MLP), \
        is a chain of layers in which every unit of a layer is connected to *all* units of the \
        previous layer.

        Our network: an input of size Dᵢ = \(sizes[0]), \(hidden) hidden \(hidden == 1 ? "layer" : "layers") and an output of \
        size Dₒ = \(sizes.last!). Its parameters are the biases β and weight matrices Ω of each layer:

            φ = { β₀, Ω₀, β₁, Ω₁, …, β\(unicodeSubscript("\(hidden)")), Ω\(unicodeSubscript("\(hidden)")) }

        The layers compute (notation of S. Prince, "Understanding Deep Learning"):
        """))
    var equations: [String] = []
    for k in 0..<(sizes.count - 1) {
        let (k0, k1) = (unicodeSubscript("\(k)"), unicodeSubscript("\(k + 1)"))
        let input = k == 0 ? "x" : "h" + k0
        let affine = "β\(k0) + Ω\(k0)·\(input)"
        equations.append(k == sizes.count - 2
            ? "    y  = \(affine)"
            : "    h\(k1) = a[\(affine)]")
    }
    s.prose(L(ru: equations.joined(separator: "\n") + """


        где a[·] — функция активации, применяемая к каждому элементу; у последнего слоя её нет: \
        выход y — это «сырые» числа (логиты), а не вероятности.

        Размеры: Ωₖ имеет форму Dₖ₊₁ × Dₖ, βₖ — длину Dₖ₊₁. В PyTorch слой `nn.Linear(in, out)` \
        хранит вес формы [out, in] и смещение [out]; у нас — `Linear(in, out)` с теми же формами.
        """, en: equations.joined(separator: "\n") + """


        where a[·] is an activation function applied to every element; the last layer has none: \
        the output y holds raw numbers (logits), not probabilities.

        Shapes: Ωₖ is Dₖ₊₁ × Dₖ and βₖ has length Dₖ₊₁. PyTorch's `nn.Linear(in, out)` stores a \
        weight of shape [out, in] and a bias [out]; our `Linear(in, out)` keeps the same shapes.
        """))
}

lesson.section(L(ru: "Функция активации ReLU", en: "The ReLU activation")) { s in
    s.prose(L(
        ru: """
        Чаще всего a[·] — это **ReLU** (Rectified Linear Unit):

            a[z] = ReLU[z] = 0, если z < 0;  z, если z ≥ 0

        Её производная — индикатор 𝕀[z > 0]: градиент проходит только через «включённые» элементы. \
        Вычислим ReLU на нескольких числах:
        """,
        en: """
        The usual choice of a[·] is **ReLU** (Rectified Linear Unit):

            a[z] = ReLU[z] = 0 if z < 0;  z if z ≥ 0

        Its derivative is the indicator 𝕀[z > 0]: the gradient flows only through the units that are \
        "on". ReLU of a few numbers:
        """))
    let z = Tensor([-2, -0.5, 0, 0.5, 2], requiresGrad: true)
    let r = z.relu()
    r.sum().backward()
    s.print("z          =", z.detach())
    s.print("ReLU(z)    =", r.detach())
    s.print("dReLU/dz   =", z.grad!)

    let grid = (0...400).map { -2 + 4 * Double($0) / 400 }
    let values = Tensor(grid.map(Float.init)).relu().scalars.map(Double.init)
    let caption = L(ru: "ReLU и её производная", en: "ReLU and its derivative")
    try s.figure("relu", caption: caption) {
        reluFigure(grid: grid, relu: values)
    }
}

lesson.section(L(ru: "Модель в коде", en: "The model in code")) { s in
    s.prose(L(
        ru: """
        Соберём сеть из слоёв `Linear` и `ReLU` внутри `Sequential`, как в PyTorch. Один и тот же \
        модуль ReLU можно использовать несколько раз: параметров у него нет.
        """,
        en: """
        We build the network from `Linear` and `ReLU` layers inside a `Sequential`, as in PyTorch. \
        One ReLU module can be reused several times: it has no parameters.
        """))
    model = Net(sizes: sizes)
    s.print(model!)
}

lesson.section(L(ru: "Число параметров", en: "Counting the parameters")) { s in
    s.prose(L(
        ru: """
        Слой из Dₖ входов в Dₖ₊₁ выходов имеет Dₖ₊₁·Dₖ весов и Dₖ₊₁ смещений. Сумма по слоям:

            (D₁·Dᵢ + D₁) + (D₂·D₁ + D₂) + … + (Dₒ·D_K + Dₒ)

        (в исходном конспекте размер выхода в этой формуле назван D₀ — это опечатка: выход везде Dₒ).
        """,
        en: """
        A layer from Dₖ inputs to Dₖ₊₁ outputs has Dₖ₊₁·Dₖ weights and Dₖ₊₁ biases. Summed over layers:

            (D₁·Dᵢ + D₁) + (D₂·D₁ + D₂) + … + (Dₒ·D_K + Dₒ)

        (the original notebook calls the output size D₀ in this formula, a typo: the output is Dₒ throughout).
        """))
    var rows: [[String]] = []
    var byFormula = 0
    for k in 0..<(sizes.count - 1) {
        let (a, b) = (sizes[k], sizes[k + 1])
        byFormula += b * a + b
        let dIn = sizeName(k, of: sizes.count)
        let dOut = sizeName(k + 1, of: sizes.count)
        rows.append(["\(k)", "\(dOut)·\(dIn) + \(dOut)", "\(b)·\(a) + \(b)",
                     "\(b * a + b)"])
    }
    s.table(headers: [L(ru: "слой k", en: "layer k"),
                      L(ru: "формула", en: "formula"),
                      L(ru: "подстановка", en: "numbers"),
                      L(ru: "параметров", en: "parameters")],
            rows: rows)
    let counted = model.parameterCount
    s.print(L(ru: "по формуле:", en: "by the formula:"), byFormula)
    s.print(L(ru: "у модели (сумма numel() по parameters()):",
              en: "in the model (sum of numel() over parameters()):"), counted)
    s.prose(L(ru: "Имена и формы параметров — те же, что у PyTorch (`state_dict()`):",
              en: "Parameter names and shapes are PyTorch's (`state_dict()`):"))
    let parameterRows = model.namedParameters().map { name, p in
        [name, "\(p.shape)", "\(p.count)"]
    }
    s.table(headers: [L(ru: "имя", en: "name"), L(ru: "форма", en: "shape"),
                      "numel"],
            rows: parameterRows)
    guard counted == byFormula else {
        throw LessonError(message: "parameter count \(counted) differs from "
                                   + "the formula's \(byFormula)",
                          fix: "report a bug")
    }
}

lesson.section(L(ru: "Прямой проход на батче", en: "A forward pass on a batch")) { s in
    let batch = batchOption.value
    s.prose(L(
        ru: """
        Сети подают не один вектор, а **батч**: матрицу формы B × Dᵢ, по строке на пример. \
        Возьмём B = \(batch) случайных входов из U(0, 1), как `torch.rand((\(batch), \(sizes[0])))`:
        """,
        en: """
        A network is fed a **batch** rather than one vector: a B × Dᵢ matrix, one row per example. \
        Take B = \(batch) random inputs from U(0, 1), like `torch.rand((\(batch), \(sizes[0])))`:
        """))
    x = Tensor.rand([batch, sizes[0]])
    let y = model(x)
    s.print("x.shape:", x.shape)
    s.print("x:")
    s.print(x!)
    s.print("y.shape:", y.shape)
    s.print("y:")
    s.print(y)

    s.prose(L(
        ru: """
        Те же числа получаются, если вычислить уравнения слоёв вручную: h = a[β + Ω·h_prev] для \
        каждого примера. В батче это строки: H = a[H_prev·Ωᵀ + βᵀ].
        """,
        en: """
        The same numbers come out of the layer equations computed by hand: h = a[β + Ω·h_prev] for \
        each example. For a batch these are rows: H = a[H_prev·Ωᵀ + βᵀ].
        """))
    let linears = model.layers.layers.compactMap { $0 as? Linear }
    var h = x!
    for (k, layer) in linears.enumerated() {
        let f = Tensor.matmul(h, layer.weight, transposeB: true) + layer.bias!
        h = k == linears.count - 1 ? f : f.relu()
        let isLast = k == linears.count - 1
        let name = isLast ? "y: " : "h\(unicodeSubscript("\(k + 1)")):"
        s.print(name, L(ru: "форма", en: "shape"), h.shape)
    }
    let difference = (h - y).abs().max().item()
    s.print(L(ru: "max |y_вручную − y_модели| =",
              en: "max |y_by_hand − y_model| ="), difference)
}

lesson.section(L(ru: "Сводка модели", en: "Model summary")) { s in
    // The one shared ReLU is called once per hidden layer.
    let reluCalls = sizes.count - 2
    s.prose(L(
        ru: """
        Сводка как у `torchinfo.summary(model, input_size=x.shape, col_width=18)`: каждый вызов слоя с формой \
        выхода и числом параметров, итоги, число умножений-сложений и оценки памяти. Модуль ReLU у нас \
        один, но в сводке он виден \(reluCalls) \(russianPlural(reluCalls, "раз", "раза", "раз")) — по строке на \
        каждый вызов.
        """,
        en: """
        A summary like `torchinfo.summary(model, input_size=x.shape, col_width=18)`: every layer call with its \
        output shape and parameter count, the totals, the mult-adds and memory estimates. There is one ReLU \
        module, yet it shows \(reluCalls) \(reluCalls == 1 ? "time" : "times") in the summary, a line per call.
        """))
    s.print(summary(model, inputShape: x.shape, colWidth: 18))
}

lesson.section(L(ru: "Схема сети", en: "The network diagram")) { s in
    s.prose(L(
        ru: """
        Нарисуем сеть по размерам её слоёв: кружок — элемент, линия — вес. Каждый элемент связан \
        со всеми элементами соседнего слоя, поэтому сеть и называется полносвязной.
        """,
        en: """
        The network drawn from its layer sizes: a circle is a unit, a line is a weight. Every unit \
        is connected to all units of the neighbouring layer, hence "fully connected".
        """))
    let linears = model.layers.layers.compactMap { $0 as? Linear }
    let layerSizes = [linears[0].inFeatures] + linears.map(\.outFeatures)
    let name = layerSizes.map(String.init).joined(separator: "–")
    let caption = L(ru: "Полносвязная сеть \(name)",
                    en: "A fully connected network \(name)")
    try s.figure("fcnn", caption: caption) {
        networkFigure(layerSizes)
    }
    let pairs = zip(layerSizes, layerSizes.dropFirst())
    let weights = pairs.map { $0 * $1 }.reduce(0, +)
    let biases = layerSizes.dropFirst().reduce(0, +)
    let label = L(ru: "линий (весов) на схеме:",
                  en: "lines (weights) in the diagram:")
    s.print(label, weights, L(ru: "  + смещений:", en: "  + biases:"), biases)
}

lesson.section(L(ru: "Упражнения", en: "Exercises")) { s in
    s.prose(L(
        ru: """
        1. Запустите `swift run lesson-01-fcnn --sizes 3,8,8,2`. Посчитайте параметры в уме до \
        запуска и сверьте с таблицей. Как изменилась схема `fcnn.png`?
        2. Уберите из класса `Net` все ReLU (оставьте только `Linear`). Покажите на бумаге, что \
        такая сеть равна *одному* линейному слою y = β + Ω·x, и найдите Ω и β через веса слоёв. \
        Проверьте численно: выход не изменится, если заменить сеть этим одним слоем.
        3. Запустите с `--batch 1` и `--batch 1000`. Какие строки сводки меняются, а какие нет, и почему \
        число параметров не зависит от размера батча?
        """,
        en: """
        1. Run `swift run lesson-01-fcnn --sizes 3,8,8,2`. Count the parameters in your head before \
        running and check the table. How did the diagram `fcnn.png` change?
        2. Remove every ReLU from `Net` (keep only the `Linear` layers). Show on paper that such a \
        network equals *one* linear layer y = β + Ω·x, and express Ω and β through the layers' weights. \
        Check it numerically: the output stays the same when the network is replaced by that one layer.
        3. Run with `--batch 1` and `--batch 1000`. Which lines of the summary change and which do \
        not, and why does the parameter count not depend on the batch size?
        """))
}

lesson.run()
