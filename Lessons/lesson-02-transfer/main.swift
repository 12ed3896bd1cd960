// Lesson 02 — regularization, choosing an architecture, transfer learning.
//
//   swift run lesson-02-transfer            (add --help for the flags)
//
// Sections 2 and 2.1 of the lecture: what regularization means, the methods
// the course covers (each with the lesson that shows it), a small search over
// the depth and width of an MLP on Fashion-MNIST, and transfer learning for
// real: a body trained on five classes, saved, loaded without its head, and
// reused on the five other classes with a few hundred labels — from scratch,
// frozen, and fine-tuned with a small learning rate for the body.
import Course
import Foundation

let lesson = Lesson(
    id: "lesson-02-transfer",
    title: L(ru: "Регуляризация, выбор архитектуры и перенос обучения",
             en: "Regularization, choosing an architecture and transfer learning"),
    summary: L(ru: "Что такое регуляризация, поиск глубины и ширины MLP на Fashion-MNIST и перенос обучения: с нуля, с замороженным телом, дообучение.",
               en: "What regularization is, a search over the depth and width of an MLP on Fashion-MNIST, and transfer learning: from scratch, frozen body, fine tuning."))

// The default split: a hard new task (the three tops that look most alike) and the seven other classes as the source.
let defaultSource = [0, 1, 3, 5, 7, 8, 9], defaultTarget = [2, 4, 6]
let sourceOption = lesson.option("source", default: defaultSource, range: 0...9, count: 1...10,
    help: L(ru: "классы исходной задачи, на которых обучается тело сети", en: "classes of the source task the body is trained on"))
let targetOption = lesson.option("target", default: defaultTarget, range: 0...9, count: 1...10,
    help: L(ru: "классы новой задачи", en: "classes of the new task"))
let labelledOption = lesson.option("labelled", default: 150, range: 1...25_000,
    help: L(ru: "сколько размеченных изображений новой задачи (поровну на класс)", en: "labelled images of the new task (equal per class)"))
let epochsOption = lesson.option("epochs", default: 50, range: 1...1000,
    help: L(ru: "эпох обучения на новой задаче (для всех трёх способов)", en: "epochs on the new task (for all three ways)"))
let sourceEpochsOption = lesson.option("source-epochs", default: 4, range: 1...1000,
    help: L(ru: "эпох обучения тела на исходной задаче", en: "epochs of training the body on the source task"))
let searchEpochsOption = lesson.option("search-epochs", default: 4, range: 1...1000,
    help: L(ru: "эпох на каждую архитектуру в поиске", en: "epochs per architecture in the search"))
let depthsOption = lesson.option("depths", default: [1, 2, 3], range: 1...8, count: 1...8,
    help: L(ru: "глубины (число скрытых слоёв) в поиске", en: "depths (hidden layers) in the search"))
let widthsOption = lesson.option("widths", default: [16, 64, 256], range: 1...2048, count: 1...8,
    help: L(ru: "ширины скрытых слоёв в поиске", en: "hidden-layer widths in the search"))
let hiddenOption = lesson.option("hidden", default: [256], range: 1...2048, count: 1...8,
    help: L(ru: "скрытые слои тела для переноса", en: "hidden layers of the body used for transfer"))
let lrOption = lesson.option("lr", default: 1e-3, range: .above(0, through: 10),
    help: L(ru: "lr Adam при обучении с нуля", en: "Adam's lr when training from scratch"))
let headLROption = lesson.option("head-lr", default: 1e-2, range: .above(0, through: 10),
    help: L(ru: "lr Adam для новой головы (тело заморожено или дообучается)", en: "Adam's lr for the new head (frozen or fine-tuned body)"))
let bodyLROption = lesson.option("body-lr", default: 1e-3, range: 0...10,
    help: L(ru: "lr тела при дообучении (fine tuning)", en: "the body's lr when fine tuning"))
let checkpointOption = lesson.option("checkpoint", default: "",
    help: L(ru: "файл для весов сети, обученной на исходной задаче (по умолчанию новый runs/lesson-02-transfer[/quick]/version_N/source.safetensors)",
            en: "file for the weights trained on the source task (default a new runs/lesson-02-transfer[/quick]/version_N/source.safetensors)"))
let dataOptions = lesson.dataOptions()

// MARK: - The model

/// An MLP split the way transfer learning needs it: a body (`features`) that
/// turns an image into a vector of features, and a head that turns the
/// features into class scores. `head` is a `var`, so it can be replaced like
/// torchvision's `model.fc = nn.Linear(...)`.
final class Classifier: Module {
    let features: Sequential
    var head: Module
    let featureSize: Int

    init(hidden: [Int], classes: Int, generator: Generator = .default) {
        var layers: [Module] = [Flatten()]
        var width = 28 * 28
        for h in hidden {
            layers += [Linear(width, h, generator: generator), ReLU()]
            width = h
        }
        features = Sequential(layers)
        featureSize = width
        head = Linear(width, classes, generator: generator)
    }

    override func forward(_ x: Tensor) -> Tensor { head(features(x)) }
}

// MARK: - Helpers

func pct(_ x: Double) -> String { String(format: "%.1f %%", 100 * x) }
func pp(_ x: Double) -> String { String(format: "%+.1f", 100 * x) }
func f3(_ x: Double) -> String { String(format: "%.3f", x) }
/// "12.3 с" in Russian, "12.3 s" in English ("—" when timings are off).
func seconds(_ t: Double, _ lang: Language) -> String {
    let text = lesson.seconds(t)
    guard lang == .ru, text.hasSuffix(" s") else { return text }
    return String(text.dropLast()) + "с"
}
func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
/// 50 000 in Russian (with a non-breaking space, and 5000 as it is: Russian groups only five
/// digits and more), 50,000 and 5,000 in English.
func grouped(_ n: Int, _ lang: Language) -> String {
    let digits = String(n)
    if lang == .ru && n < 10_000 { return digits }
    var out = ""
    for (i, ch) in digits.enumerated() {
        // Not an L: a figure's CSV would translate every Russian space to a comma.
        let separator: Character
        switch lang { case .ru: separator = "\u{00A0}"; case .en: separator = "," }
        if i > 0 && (digits.count - i) % 3 == 0 { out.append(separator) }
        out.append(ch)
    }
    return out
}
func parametersRU(_ n: Int) -> String { grouped(n, .ru) + " " + russianPlural(n, "параметр", "параметра", "параметров") }
func lrText(_ lr: Double) -> String {
    let exponent = log10(lr)
    return abs(exponent - exponent.rounded()) < 1e-9 ? "1e\(Int(exponent.rounded()))" : "\(lr)"
}
func classList(_ classes: [Int]) -> String {
    let sorted = classes.sorted()
    if sorted.count > 2, sorted == Array(sorted[0]...sorted.last!) { return "\(sorted[0])–\(sorted.last!)" }
    return classes.map(String.init).joined(separator: ", ")
}

/// One epoch's numbers (accuracies are means over classes, as `evaluate` gives them).
struct Epoch { let epoch: Int; let trainLoss, trainAccuracy, valLoss, valAccuracy: Double }

/// Trains `model` for `epochs`, validating after each; one progress bar per run.
func train(_ model: Module, optimizer: Optimizer, on trainLoader: DataLoader, validation: DataLoader,
           epochs: Int, classes: Int, label: any DisplayText, _ s: Section) throws -> [Epoch] {
    var history: [Epoch] = []
    let bar = s.progress(total: epochs, label: label)
    for epoch in 0..<epochs {
        let (loss, accuracy) = try trainEpoch(model, on: trainLoader, optimizer: optimizer, epoch: epoch, numClasses: classes)
        let (valLoss, valAccuracy) = evaluate(model, on: validation, numClasses: classes)
        history.append(Epoch(epoch: epoch, trainLoss: loss, trainAccuracy: accuracy, valLoss: valLoss, valAccuracy: valAccuracy))
        bar.advance(metrics: [("val_acc", f3(valAccuracy))])
    }
    bar.finish(metrics: [("val_acc", f3(history.last?.valAccuracy ?? .nan))])
    return history
}

// MARK: - Shared state

var source: [Int] { sourceOption.value }
var target: [Int] { targetOption.value }
var classNames: [String] = []
var fullTrain: FashionMNIST!
var fullTest: FashionMNIST!
var searchResults: [SearchResult] = []              // section 3
var sourceModel: Classifier!                         // section 4
var sourceHistory: [Epoch] = []
var targetTrain: Subset!                             // section 5: the labelled images of the new task,
var targetVal: Subset!                               // its validation and test images,
var targetTest: ClassSubset!
var targetPoolIndices: [Int] = []                    // and what section 8 may draw from
var headlessLayers: [LayerState] = [], sourceLayers: [LayerState] = []
var ways: [Way] = []                                 // section 6
var wayHistories: [[Epoch]] = []                     // section 7
var curve: [CurvePoint] = []                         // section 8
/// The source model's file: the one named by --checkpoint, else one in a run folder of its own
/// (claimed when first needed), so that no run replaces a file an earlier run saved.
var checkpointPath: String {
    checkpointOption.value.isEmpty ? claimedCheckpointPath ?? "\(lesson.runsPath)/version_N/source.safetensors" : checkpointOption.value
}
var claimedCheckpointPath: String?
func claimCheckpointFolder() throws {
    guard checkpointOption.value.isEmpty, claimedCheckpointPath == nil else { return }
    let version = try LogDirectory.createNextVersion(saveDir: URL(fileURLWithPath: lesson.runsPath, isDirectory: true), name: "")
    claimedCheckpointPath = "\(lesson.runsPath)/version_\(version)/source.safetensors"
}
var checkpointURL: URL { URL(fileURLWithPath: checkpointPath) }

// MARK: - 1. Regularization

let curveLabelsOption = lesson.option("curve-labels", default: [15, 60, 150, 600, 3000, 16_500], range: 10...25_000, count: 1...10,
    help: L(ru: "числа размеченных изображений новой задачи для кривой выигрыша", en: "labelled images of the new task for the gain curve"))
let curveSeedsOption = lesson.option("curve-seeds", default: 8, range: 2...20,
    help: L(ru: "повторов (зёрен) на точку кривой с короткими запусками (у долгих меньше, не меньше 3)",
            en: "repeats (seeds) per point of the gain curve with short runs (fewer for long runs, at least 3)"))
let curveStepsOption = lesson.option("curve-steps", default: 150, range: 1...100_000,
    help: L(ru: "шагов оптимизатора на запуск кривой (не меньше 3 эпох)", en: "optimizer steps per run of the curve (at least 3 epochs)"))

lesson.section(L(ru: "Что такое регуляризация", en: "What regularization is")) { s in
    s.prose(L(
        ru: """
        В **математике** регуляризация — это явная добавка к задаче, которая из многих возможных \
        решений выбирает «разумное». Плохо обусловленная задача подгонки L(φ) → min превращается в \
        L(φ) + λ·R(φ) → min: например, R(φ) = Σ φ² (регуляризация Тихонова, в нейросетях — L2) \
        предпочитает решения с маленькими весами.

        В **машинном обучении** слово понимают шире: регуляризация — *любой* приём, который улучшает \
        обобщение, то есть качество на данных, которых модель не видела при обучении, даже если \
        потери на обучающих данных от этого не уменьшаются. Сюда входят и добавки к функции потерь, \
        и выбор архитектуры, и способ обучения, и работа с данными.

        Методы, которые разбирает лекция, и уроки, где каждый показан в коде:
        """,
        en: """
        In **mathematics**, regularization is an explicit addition to a problem that picks a \
        "reasonable" solution among many. An ill-posed fitting problem L(φ) → min becomes \
        L(φ) + λ·R(φ) → min: with R(φ) = Σ φ² (Tikhonov regularization, L2 in neural networks), \
        solutions with small weights are preferred.

        In **machine learning** the word is broader: regularization is *any* technique that improves \
        generalization, the quality on data the model did not see in training, even if it does not \
        lower the training loss. That covers additions to the loss, the choice of architecture, the \
        way of training, and what is done with the data.

        The methods this lecture covers, and the lesson that shows each one in code:
        """))
    let here = s.t(L(ru: "этот урок, разделы 3–8",
                     en: "this lesson, sections 3–8"))
    s.table(
        headers: [L(ru: "метод", en: "method"),
                  L(ru: "что делает", en: "what it does"),
                  L(ru: "где", en: "where")],
        rows: [
            [L(ru: "выбор архитектуры", en: "choice of architecture"),
             L(ru: "глубина и ширина по валидации; перенос обучения",
               en: "depth and width by validation; transfer learning"),
             "swift run lesson-02-transfer (\(here))"],
            [L(ru: "инициализация параметров", en: "parameter initialisation"),
             L(ru: "He и Xavier: сигнал не растёт и не гаснет по слоям",
               en: "He and Xavier: the signal neither grows nor vanishes"),
             "swift run lesson-03-init"],
            [L(ru: "метод оптимизации", en: "optimization method"),
             L(ru: "SGD, momentum, Adam и куда они приводят",
               en: "SGD, momentum, Adam and where they lead"),
             "swift run lesson-04-optimizers"],
            [L(ru: "регуляризация функции потерь", en: "regularizing the loss"),
             L(ru: "L2 (weightDecay) и AdamW",
               en: "L2 (weightDecay) and AdamW"),
             "swift run lesson-05-regularization"],
            [L(ru: "планировщики learning rate",
               en: "learning-rate schedulers"),
             "MultiStepLR, CosineAnnealingLR, …",
             "swift run lesson-05-regularization"],
            [L(ru: "ранняя остановка", en: "early stopping"),
             L(ru: "остановиться, когда валидация перестала улучшаться",
               en: "stop when validation stops improving"),
             "swift run lesson-05-regularization"],
            [L(ru: "dropout", en: "dropout"),
             L(ru: "случайно выключать нейроны при обучении",
               en: "switch random units off in training"),
             "swift run lesson-05-regularization"],
            [L(ru: "аугментация", en: "augmentation"),
             L(ru: "случайные преобразования изображений при обучении",
               en: "random image transforms in training"),
             "swift run lesson-06-augmentation"],
            [L(ru: "полный цикл обучения",
               en: "the full training loop"),
             L(ru: "цикл обучения, метрики, чекпойнты, Trainer",
               en: "training loop, metrics, checkpoints, the Trainer"),
             "swift run lesson-07-fashion-mnist"],
            [L(ru: "всё вместе на реальной задаче",
               en: "all of it on a real task"),
             L(ru: "методы по одному, выбор по валидации, тест один раз",
               en: "one method at a time, chosen on validation, one test"),
             "swift run lesson-08-best-mlp"],
        ])
}

// MARK: - 2. Data

lesson.section(L(ru: "Данные: Fashion-MNIST", en: "The data: Fashion-MNIST")) { s in
    classNames = FashionMNIST.classNames(russian: s.lang == .ru)
    (fullTrain, fullTest) = try FashionMNIST.splits(
        dataDirectory: dataOptions.directory,
        download: dataOptions.download
    ) { s.print($0) }
    let all = Set(0..<10)
    let splitFix = "swift run lesson-02-transfer"
        + " --source 0,1,3,5,7,8,9 --target 2,4,6"

    for (flag, classes) in [("--source", source), ("--target", target)] {
        guard !classes.isEmpty,
              Set(classes).count == classes.count,
              Set(classes).isSubset(of: all) else {
            let message = L(
                ru: "\(flag) \(classes): нужны разные классы из 0…9",
                en: "\(flag) \(classes): expected distinct classes from 0…9")
            throw LessonError(message: s.t(message), fix: splitFix)
        }
    }
    guard Set(source).isDisjoint(with: target) else {
        let shared = Set(source).intersection(target).sorted()
        let message = L(ru: "--source и --target пересекаются: \(shared)",
                        en: "--source and --target share classes \(shared)")
        throw LessonError(message: s.t(message), fix: splitFix)
    }
    s.prose(L(
        ru: """
        Все опыты урока — на Fashion-MNIST: \(grouped(fullTrain.count, .ru)) обучающих и \(grouped(fullTest.count, .ru)) тестовых \
        изображений одежды 28 × 28, 10 классов (подробно набор разбирают уроки 06 и 07). Для переноса \
        обучения делим классы на две задачи: **исходную** (классы \(classList(source))) и **новую** \
        (классы \(classList(target))):
        """,
        en: """
        Every experiment here uses Fashion-MNIST: \(grouped(fullTrain.count, .en)) training and \(grouped(fullTest.count, .en)) test \
        images of clothing, 28 × 28, 10 classes (lessons 06 and 07 look at the data set closely). For \
        transfer learning the classes are split into two tasks: the **source** task (classes \(classList(source))) \
        and the **new** task (classes \(classList(target))):
        """))
    let roleSource = s.t(L(ru: "исходная", en: "source"))
    let roleTarget = s.t(L(ru: "новая", en: "new"))
    let counts = Dictionary(grouping: fullTrain.labels, by: { $0 })
        .mapValues(\.count)
    s.table(
        headers: [L(ru: "метка", en: "label"),
                  L(ru: "класс", en: "class"),
                  L(ru: "задача", en: "task"),
                  L(ru: "обучающих изображений", en: "training images")],
        rows: (0..<10).map { c in
            let role = source.contains(c) ? roleSource
                : (target.contains(c) ? roleTarget : "—")
            return ["\(c)", classNames[c], role, "\(counts[c] ?? 0)"]
        })

    if source == defaultSource && target == defaultTarget {
        s.prose(L(
            ru: """
            Новая задача нарочно трудная: пуловер, пальто и рубашка — одни из самых похожих классов набора, \
            и сети чаще всего ошибаются именно на них (матрицу ошибок строит урок 07). В исходной \
            задаче — семь остальных классов, среди них близкие родственники новых: футболка и платье. \
            Другое разбиение задают флаги `--source` и `--target`.
            """,
            en: """
            The new task is hard on purpose: pullovers, coats and shirts are among the classes of the set that \
            look most alike, and networks make most of their mistakes on them (lesson 07 draws the confusion \
            matrix). The source \
            task has the seven other classes, close relatives of the new ones among them: the T-shirt and the \
            dress. The flags `--source` and `--target` set another split.
            """))
    }
}

// MARK: - 3. Architecture search

struct SearchResult { let depth, width, parameters: Int; let trainAccuracy, valAccuracy: Double }

lesson.section(L(ru: "Выбор архитектуры: глубина и ширина", en: "Choosing an architecture: depth and width")) { s in
    let depths = depthsOption.value, widths = widthsOption.value
    guard !depths.isEmpty, !widths.isEmpty,
          depths.allSatisfy({ $0 >= 1 && $0 <= 8 }),
          widths.allSatisfy({ $0 >= 1 && $0 <= 2048 }) else {
        let message = L(
            ru: "--depths от 1 до 8 и --widths от 1 до 2048,"
                + " получено \(depths) и \(widths)",
            en: "--depths must lie in 1…8 and --widths in 1…2048,"
                + " got \(depths) and \(widths)")
        throw LessonError(
            message: s.t(message),
            fix: "swift run lesson-02-transfer --depths 1,2,3 --widths 16,64,256")
    }
    let (trainCount, valCount) = s.quick ? (2000, 1000) : (10_000, 5000)
    let epochs = s.quick ? 1 : searchEpochsOption.value
    let restCount = fullTrain.count - trainCount - valCount
    let parts = randomSplit(fullTrain,
                            lengths: [trainCount, valCount, restCount],
                            generator: Generator(seed: UInt64(s.seed)))
    let trainLoader = DataLoader(parts[0], batchSize: 100, shuffle: true,
                                 generator: Generator(seed: UInt64(s.seed) + 1))
    let valLoader = DataLoader(parts[1], batchSize: 1000)
    s.prose(L(
        ru: """
        **Поиск архитектуры** (neural architecture search, NAS) — подбор устройства сети по качеству \
        на валидации, вручную или специальными фреймворками (Optuna, Ray Tune, NNI). Сделаем маленький \
        поиск по сетке вручную: MLP с \(depths.map(String.init).joined(separator: ", ")) скрытыми слоями \
        одинаковой ширины \(widths.map(String.init).joined(separator: ", ")), ReLU, все 10 классов. Чтобы \
        уложиться в секунды, берём часть данных: \(grouped(trainCount, .ru)) изображений для обучения и \(grouped(valCount, .ru)) для \
        валидации (`randomSplit` с зерном \(s.seed)), \(epochs) \(russianPlural(epochs, "эпоху", "эпохи", "эпох")) \
        Adam с lr = 1e-3 и батчем 100. Сравниваем точность на валидации с числом параметров.
        """,
        en: """
        **Neural architecture search** (NAS) picks a network's design by its validation score, by hand \
        or with frameworks such as Optuna, Ray Tune or NNI. We run a small grid search by hand: MLPs \
        with \(depths.map(String.init).joined(separator: ", ")) hidden layers of equal width \
        \(widths.map(String.init).joined(separator: ", ")), ReLU, all 10 classes. To finish in seconds it \
        uses part of the data: \(grouped(trainCount, .en)) images for training and \(grouped(valCount, .en)) for validation \
        (`randomSplit` with seed \(s.seed)), \(epochs) epoch\(epochs == 1 ? "" : "s") of Adam at \
        lr = 1e-3 with batch 100. Validation accuracy is set against the parameter count.
        """))
    searchResults = []
    let start = now()
    for depth in depths {
        for width in widths {
            let hidden = Array(repeating: width, count: depth)
            let model = Classifier(hidden: hidden, classes: 10)
            let history = try train(
                model, optimizer: Adam(model.parameters(), lr: 1e-3),
                on: trainLoader, validation: valLoader,
                epochs: epochs, classes: 10,
                label: "depth \(depth), width \(width)", s)
            searchResults.append(SearchResult(
                depth: depth, width: width,
                parameters: model.parameterCount,
                trainAccuracy: history.last!.trainAccuracy,
                valAccuracy: history.last!.valAccuracy))
        }
    }
    let elapsed = now() - start
    s.table(
        headers: [L(ru: "скрытых слоёв", en: "hidden layers"),
                  L(ru: "ширина", en: "width"),
                  L(ru: "параметров", en: "parameters"),
                  "train acc", "val acc"],
        rows: searchResults.map {
            ["\($0.depth)", "\($0.width)", grouped($0.parameters, s.lang),
             pct($0.trainAccuracy), pct($0.valAccuracy)]
        })
    s.print(L(ru: "поиск занял", en: "the search took"), seconds(elapsed, s.lang))

    let searchCaption = L(
        ru: "Точность на валидации и число параметров"
            + " для каждой глубины и ширины",
        en: "Validation accuracy against parameter count"
            + " for each depth and width")
    try s.figure("architecture_search", caption: searchCaption) {
        drawSearch(searchResults, depths: depths,
                   trainCount: trainCount, epochs: epochs)
    }


    let best = searchResults.max { $0.valAccuracy < $1.valAccuracy }!
    let smallest = searchResults.min { $0.parameters < $1.parameters }!
    let closeEnough = searchResults
        .filter { $0.valAccuracy >= best.valAccuracy - 0.01 }
        .min { $0.parameters < $1.parameters }!
    let widest = widths.max()!, narrowest = widths.min()!
    let shallow = depths.min()!, deep = depths.max()!
    func run(_ d: Int, _ w: Int) -> SearchResult {
        searchResults.first { $0.depth == d && $0.width == w }!
    }
    let widthEffect = run(shallow, widest).valAccuracy
        - run(shallow, narrowest).valAccuracy
    let depthEffect = run(deep, widest).valAccuracy
        - run(shallow, widest).valAccuracy
    let gap = searchResults.map { $0.trainAccuracy - $0.valAccuracy }
    let p = best.valAccuracy
    let standardError = (p * (1 - p) / Double(valCount)).squareRoot()
    let ratio = String(format: "%.1f",
                       Double(best.parameters) / Double(closeEnough.parameters))
    let widthWins = abs(widthEffect) > abs(depthEffect)
    s.prose(L(
        ru: """
        Что говорит поиск. Лучшая сеть — \(best.depth) × \(best.width) (\(parametersRU(best.parameters))): \
        \(pct(best.valAccuracy)) на валидации; самая маленькая, \(smallest.depth) × \(smallest.width) \
        (\(parametersRU(smallest.parameters))), — \(pct(smallest.valAccuracy)). \
        \(closeEnough.parameters < best.parameters
            ? "Но уже сеть \(closeEnough.depth) × \(closeEnough.width) (\(parametersRU(closeEnough.parameters))) отстаёт от лучшей не больше чем на 1 п. п. (\(pct(closeEnough.valAccuracy))) при размере в \(ratio) раза меньше. "
            : "Ни одна сеть меньше неё не подходит к ней ближе чем на 1 п. п. ")\
        При \(shallow) \(russianPlural(shallow, "скрытом слое", "скрытых слоях", "скрытых слоях")) расширение с \(narrowest) до \(widest) \
        меняет точность на \(pp(widthEffect)) п. п., а при ширине \(widest) углубление с \(shallow) до \(deep) \
        слоёв — на \(pp(depthEffect)) п. п.: \(widthWins ? "ширина здесь важнее глубины" : "глубина здесь важнее ширины"). \
        Разрыв между обучением и валидацией мал (от \(pp(gap.min()!)) до \(pp(gap.max()!)) п. п.): за \(epochs) \
        \(russianPlural(epochs, "эпоху", "эпохи", "эпох")) сети не успели переобучиться. Помните: разница в доли \
        процента на \(valCount) изображениях — в пределах шума (стандартная ошибка точности около \
        \(String(format: "%.1f", 100 * standardError)) п. п.), и для честного выбора нужны повторы с разными зёрнами.
        """,
        en: """
        What the search says. The best network is \(best.depth) × \(best.width) (\(grouped(best.parameters, .en)) \
        parameters): \(pct(best.valAccuracy)) on validation; the smallest, \(smallest.depth) × \(smallest.width) \
        (\(grouped(smallest.parameters, .en)) parameters), scores \(pct(smallest.valAccuracy)). \
        \(closeEnough.parameters < best.parameters
            ? "Yet \(closeEnough.depth) × \(closeEnough.width) with \(grouped(closeEnough.parameters, .en)) parameters is within 1 point of the best (\(pct(closeEnough.valAccuracy))) at \(ratio)× fewer parameters. "
            : "No smaller network comes within 1 point of it. ")\
        With \(shallow) hidden layer\(shallow == 1 ? "" : "s"), widening from \(narrowest) to \(widest) changes the accuracy \
        by \(pp(widthEffect)) points; at width \(widest), going from \(shallow) to \(deep) hidden layers changes it by \
        \(pp(depthEffect)) points: \(widthWins ? "width matters more than depth here" : "depth matters more than width here"). \
        The gap between training and validation is small (\(pp(gap.min()!)) to \(pp(gap.max()!)) points): in \(epochs) \
        epoch\(epochs == 1 ? "" : "s") no network had time to overfit. Keep in mind that fractions of a percent on \
        \(valCount) images are noise (the standard error of the accuracy is about \
        \(String(format: "%.1f", 100 * standardError)) points); a fair choice repeats the runs with other seeds.
        """))
}

// MARK: - 4. The source task

lesson.section(L(ru: "Перенос обучения: тело на исходной задаче", en: "Transfer learning: the body on the source task")) { s in
    let hidden = hiddenOption.value
    guard !hidden.isEmpty, hidden.allSatisfy({ $0 >= 1 && $0 <= 2048 }) else {
        let message = L(ru: "--hidden \(hidden): нужны размеры от 1 до 2048",
                        en: "--hidden \(hidden): sizes must lie in 1…2048")
        throw LessonError(message: s.t(message),
                          fix: "swift run lesson-02-transfer --hidden 256,128")
    }
    // Quick runs train the body for one epoch, but on all of the source
    // images: a weaker body has nothing to transfer.
    let sourceTrain = ClassSubset(fullTrain, classes: source)
    let testSet: any Dataset = s.quick
        ? Subset(fullTest, indices: Array(0..<2000)) : fullTest
    let sourceVal = ClassSubset(testSet, classes: source)
    let epochs = s.quick ? 1 : sourceEpochsOption.value
    s.prose(L(
        ru: """
        **Перенос обучения** (transfer learning): берём сеть, обученную на другой (вторичной) задаче, \
        удаляем её последние слои и ставим новые под нашу задачу. Затем обучаем только новые слои или \
        всю сеть целиком (**fine tuning**, дообучение). Это помогает, когда размеченных данных для \
        нашей задачи мало, а для похожей — много.

        Сделаем это по-настоящему. Сеть — тело `features` (784 → \(hidden.map(String.init).joined(separator: " → ")), ReLU) \
        и голова `head` (линейный слой \(hidden.last!) → число классов). Сначала обучаем её на исходной \
        задаче — \(grouped(sourceTrain.count, .ru)) изображений классов \(classList(source)) (\(source.map { classNames[$0] }.joined(separator: ", "))), \
        \(epochs) \(russianPlural(epochs, "эпоху", "эпохи", "эпох")) Adam с lr = 1e-3; метки \(source.map(String.init).joined(separator: ", ")) \
        переводятся в 0…\(source.count - 1) обёрткой `ClassSubset(dataset, classes: [\(source.map(String.init).joined(separator: ", "))])`.
        """,
        en: """
        **Transfer learning**: take a network trained on another (secondary) task, remove its last \
        layers and attach new ones for our task. Then train only the new layers, or the whole network \
        (**fine tuning**). It helps when our task has few labels and a similar task has many.

        Let us do it for real. The network is a body `features` (784 → \(hidden.map(String.init).joined(separator: " → ")), ReLU) \
        and a head `head` (a linear layer \(hidden.last!) → number of classes). First it learns the source \
        task: \(grouped(sourceTrain.count, .en)) images of classes \(classList(source)) (\(source.map { classNames[$0] }.joined(separator: ", "))), \
        \(epochs) epoch\(epochs == 1 ? "" : "s") of Adam at lr = 1e-3; labels \(source.map(String.init).joined(separator: ", ")) become \
        0…\(source.count - 1) through the wrapper `ClassSubset(dataset, classes: [\(source.map(String.init).joined(separator: ", "))])`.
        """))
    sourceModel = Classifier(hidden: hidden, classes: source.count)
    s.print(sourceModel!)
    let trainLoader = DataLoader(sourceTrain, batchSize: 100, shuffle: true,
                                 generator: Generator(seed: UInt64(s.seed) + 2))
    let valLoader = DataLoader(sourceVal, batchSize: 1000)
    sourceHistory = try train(
        sourceModel, optimizer: Adam(sourceModel.parameters(), lr: 1e-3),
        on: trainLoader, validation: valLoader,
        epochs: epochs, classes: source.count, label: "source", s)
    s.table(
        headers: [L(ru: "эпоха", en: "epoch"),
                  "train loss", "train acc", "test loss", "test acc"],
        rows: sourceHistory.map {
            ["\($0.epoch + 1)", f3($0.trainLoss), pct($0.trainAccuracy),
             f3($0.valLoss), pct($0.valAccuracy)]
        })
    try claimCheckpointFolder()
    let metadata = [
        "classes": source.map(String.init).joined(separator: ","),
        "test_accuracy": f3(sourceHistory.last!.valAccuracy),
    ]
    try sourceModel.save(to: checkpointURL, metadata: metadata)

    s.prose(L(
        ru: """
        На \(grouped(sourceVal.count, .ru)) тестовых изображениях исходных классов сеть верна в \(pct(sourceHistory.last!.valAccuracy)) \
        случаев. Сохраняем её целиком — `sourceModel.save(to:)` — в safetensors-файл `\(checkpointPath)`, \
        с именами параметров PyTorch:
        """,
        en: """
        On \(grouped(sourceVal.count, .en)) test images of the source classes the network is right \(pct(sourceHistory.last!.valAccuracy)) \
        of the time. We save all of it with `sourceModel.save(to:)` to the safetensors file \
        `\(checkpointPath)`, with PyTorch's parameter names:
        """))
    let (saved, _) = try Safetensors.load(from: checkpointURL)
    s.table(headers: [L(ru: "имя", en: "name"), L(ru: "форма", en: "shape")],
            rows: saved.map { [$0.name, "\($0.tensor.shape)"] })
}

// MARK: - 5. Loading the body into a new model

struct LayerState {
    enum Origin { case source, fresh, removed }
    let name: String      // "Linear 784→256"
    let parameters: Int
    let origin: Origin
    let lr: Double?       // nil = frozen (or removed)
}
struct Way { let name: L; let model: Classifier; let optimizer: Optimizer; let layers: [LayerState] }

/// A new model for the new task with the head removed, ready to load the saved body.
func headlessModel() -> Classifier {
    let model = Classifier(hidden: hiddenOption.value, classes: target.count)
    model.head = Identity()
    return model
}

/// The Linear layers of `model` with where their weights come from and how they train.
func layerStates(_ model: Classifier, optimizer: Optimizer?) -> [LayerState] {
    let sourceLinears = (sourceModel.features.layers + [sourceModel.head]).compactMap { $0 as? Linear }
    let modules = model.features.layers + [model.head]
    var states: [LayerState] = []
    for module in modules {
        guard let linear = module as? Linear else { continue }
        let fromSource = sourceLinears.contains { $0.weight.shape == linear.weight.shape && $0.weight.scalars == linear.weight.scalars }
        let lr = optimizer?.paramGroups.first { group in group.parameters.contains { $0 === linear.weight } }?.lr
        states.append(LayerState(name: "Linear \(linear.inFeatures)→\(linear.outFeatures)", parameters: linear.parameterCount,
                                 origin: fromSource ? .source : .fresh, lr: linear.weight.requiresGrad ? lr : nil))
    }
    return states
}

lesson.section(L(ru: "Новая голова: загрузка без последнего слоя", en: "A new head: loading without the last layer")) { s in
    let k = target.count
    let perClass = labelledOption.value / k
    guard perClass >= 1 else {
        let n = labelledOption.value
        let message = L(
            ru: "--labelled \(n): нужно хотя бы по одному изображению"
                + " на каждый из \(k) классов",
            en: "--labelled \(n): need at least one image"
                + " for each of the \(k) classes")
        throw LessonError(message: s.t(message),
                          fix: "swift run lesson-02-transfer --labelled 250")
    }
    let valPerClass = s.quick ? 200 : 500
    let pool = ClassSubset(fullTrain, classes: target)
    let (labelled, rest) = balancedSplit(
        pool, perClass: perClass, numClasses: k,
        generator: Generator(seed: UInt64(s.seed) + 3))
    targetTrain = labelled
    targetVal = balancedSplit(
        rest, perClass: valPerClass, numClasses: k,
        generator: Generator(seed: UInt64(s.seed) + 4)).picked
    // Section 8 draws its labelled images from everything but the
    // validation images.
    let validationInPool = Set(targetVal.indices.map { rest.indices[$0] })
    targetPoolIndices = (0..<pool.count)
        .filter { !validationInPool.contains($0) }
    let testSet: any Dataset = s.quick
        ? Subset(fullTest, indices: Array(0..<2000)) : fullTest
    targetTest = ClassSubset(testSet, classes: target)
    let sourceCount = ClassSubset(fullTrain, classes: source).count
    let fewer = sourceCount / max(targetTrain.count, 1)
    s.prose(L(
        ru: """
        Новая задача — классы \(classList(target)) (\(target.map { classNames[$0] }.joined(separator: ", "))). \
        «Мало размеченных данных» здесь означает \(targetTrain.count) \(russianPlural(targetTrain.count, "изображение", "изображения", "изображений")): \
        по \(perClass) на класс, выбранных случайно с зерном (`balancedSplit`), — в \(fewer) \
        \(russianPlural(fewer, "раз", "раза", "раз")) меньше, чем \(grouped(sourceCount, .ru)) изображений исходной задачи. \
        Эти же \(targetTrain.count) изображений получат все три способа обучения. Для кривых обучения \
        отложим \(targetVal.count) других изображений новых классов (валидация), итог проверим на \
        \(targetTest.count) тестовых.

        Как и в PyTorch, загрузка весов по умолчанию строгая. Уберём у новой сети последний слой — \
        `model.head = Identity()` — и попробуем загрузить сохранённый файл целиком:
        """,
        en: """
        The new task is classes \(classList(target)) (\(target.map { classNames[$0] }.joined(separator: ", "))). \
        "Few labels" means \(targetTrain.count) images here: \(perClass) per class, drawn at random with a seed \
        (`balancedSplit`), \(fewer) times fewer than the \(grouped(sourceCount, .en)) images of the \
        source task. All three ways of training get these same \(targetTrain.count) images. For the training \
        curves we set aside \(targetVal.count) other images of the new classes (validation) and test at the end \
        on \(targetTest.count) test images.

        As in PyTorch, loading weights is strict by default. We remove the new network's last layer, \
        `model.head = Identity()`, and try to load the saved file as it is:
        """))

    let probe = headlessModel()
    let file = checkpointURL.lastPathComponent
    s.print("model.head = Identity()")
    s.print("try model.load(from: \"\(file)\")")
    do {
        try probe.load(from: checkpointURL)
        s.print("<All keys matched successfully>")
    } catch let error as StateDictError {
        s.print(error)
    }
    s.prose(L(
        ru: """
        Строгая загрузка не удалась: в файле есть веса старой головы, которых у модели нет. Нестрогая \
        (`strict: false`, как `load_state_dict(..., strict=False)`) копирует всё, что совпало по имени и \
        форме, и сообщает, что осталось лишним (unexpected) или не нашлось (missing):
        """,
        en: """
        Strict loading refused: the file holds the old head's weights, which the model does not have. \
        Non-strict loading (`strict: false`, like `load_state_dict(..., strict=False)`) copies everything \
        whose name and shape match and reports what was left over (unexpected) or not found (missing):
        """))
    s.print("model.load(from: \"\(file)\", strict: false)")
    s.print(IncompatibleKeys(try probe.load(from: checkpointURL, strict: false)))
    let removedHead = LayerState(name: "head",
                                 parameters: sourceModel.head.parameterCount,
                                 origin: .removed, lr: nil)
    headlessLayers = layerStates(probe, optimizer: nil) + [removedHead]
    sourceLayers = layerStates(sourceModel, optimizer: nil)

    s.prose(L(
        ru: """
        Обратный случай — в файле только тело (`stateDict(state, removing: "head")`), а у модели уже есть \
        новая голова: тогда её веса значатся недостающими и остаются со своей случайной инициализацией.
        """,
        en: """
        The other way round: the file holds only the body (`stateDict(state, removing: "head")`) and the \
        model already has its new head; then the head's weights are reported missing and keep their \
        random initialisation.
        """))
    let (state, _) = try Safetensors.load(from: checkpointURL)
    let withHead = Classifier(hidden: hiddenOption.value, classes: k)
    s.print("""
        model.loadStateDict(stateDict(state, removing: "head"), strict: false)
        """)
    let body = stateDict(state, removing: "head")
    s.print(IncompatibleKeys(try withHead.loadStateDict(body, strict: false)))

}

// MARK: - 6. Three ways to train

lesson.section(L(ru: "Три способа обучения: новая голова, заморозка, группы параметров",
                 en: "Three ways to train: a new head, freezing, parameter groups")) { s in
    let k = target.count
    // The three ways, each with the same new head (same seed) and the
    // same data.
    let lr = lrOption.value
    let headLR = headLROption.value, bodyLR = bodyLROption.value
    func newHead() -> Linear {
        Linear(hiddenOption.value.last!, k,
               generator: Generator(seed: UInt64(s.seed) + 5))
    }

    let scratch = Classifier(hidden: hiddenOption.value, classes: k)
    scratch.head = newHead()
    let scratchOptimizer = Adam(scratch.parameters(), lr: lr)

    let frozen = headlessModel()
    _ = try frozen.load(from: checkpointURL, strict: false)
    frozen.head = newHead()
    frozen.features.requiresGrad(false)
    let frozenOptimizer = Adam(
        [ParameterGroup.trainable(frozen.parameters())], lr: headLR)

    let tuned = headlessModel()
    _ = try tuned.load(from: checkpointURL, strict: false)
    tuned.head = newHead()
    let tunedOptimizer = Adam(
        ParameterGroup.perPart([(tuned.features.parameters(), bodyLR),
                                (tuned.head.parameters(), headLR)]),
        lr: headLR)

    ways = [
        Way(name: L(ru: "с нуля", en: "from scratch"),
            model: scratch, optimizer: scratchOptimizer,
            layers: layerStates(scratch, optimizer: scratchOptimizer)),
        Way(name: L(ru: "тело заморожено", en: "frozen body"),
            model: frozen, optimizer: frozenOptimizer,
            layers: layerStates(frozen, optimizer: frozenOptimizer)),
        Way(name: L(ru: "дообучение", en: "fine tuning"),
            model: tuned, optimizer: tunedOptimizer,
            layers: layerStates(tuned, optimizer: tunedOptimizer)),
    ]
    s.prose(L(
        ru: """
        После загрузки ставим новую голову: `model.head = Linear(\(hiddenOption.value.last!), \(k))` (в PyTorch — \
        `model.fc = nn.Linear(...)`). Три способа обучения, у всех одна и та же начальная голова:

        - **с нуля**: тело тоже случайное, Adam с lr = \(lrText(lr)) для всех параметров;
        - **тело заморожено**: `model.features.requiresGrad(false)` (`requires_grad_(False)`), оптимизатору \
          отдаются только обучаемые параметры — `ParameterGroup.trainable(model.parameters())`, lr головы \
          \(lrText(headLR)); градиент тела не считается вовсе;
        - **дообучение**: учатся все слои, но с разными lr — группы параметров \
          `ParameterGroup.perPart([(features, \(lrText(bodyLR))), (head, \(lrText(headLR)))])`: маленький шаг для \
          обученного тела, большой — для новой случайной головы.

        Сводка замороженной модели в духе torchinfo: параметры замороженных слоёв стоят в скобках.
        """,
        en: """
        After loading we attach the new head: `model.head = Linear(\(hiddenOption.value.last!), \(k))` (PyTorch: \
        `model.fc = nn.Linear(...)`). Three ways of training, all starting from the same head:

        - **from scratch**: the body is random too, Adam at lr = \(lrText(lr)) for every parameter;
        - **frozen body**: `model.features.requiresGrad(false)` (`requires_grad_(False)`); the optimizer gets \
          only what trains, `ParameterGroup.trainable(model.parameters())`, at the head's lr \(lrText(headLR)); \
          no gradient is computed for the body;
        - **fine tuning**: every layer trains, with different learning rates, as parameter groups \
          `ParameterGroup.perPart([(features, \(lrText(bodyLR))), (head, \(lrText(headLR)))])`: a small step for \
          the trained body, a large one for the new random head.

        The summary of the frozen model: torchinfo shows the frozen layers' parameters in parentheses.
        """))
    s.print(summary(frozen, inputShape: [1, 1, 28, 28], colWidth: 18))
    s.table(
        headers: [L(ru: "способ", en: "way"),
                  L(ru: "обучаемых параметров", en: "trainable parameters"),
                  L(ru: "групп в оптимизаторе", en: "optimizer groups"),
                  "lr"],
        rows: ways.map { way in
            let groups = way.optimizer.paramGroups
            return [s.t(way.name),
                    grouped(way.model.trainableParameterCount, s.lang),
                    "\(groups.count)",
                    groups.map { lrText($0.lr) }.joined(separator: ", ")]
        })

    let transferCaption = L(
        ru: "Перенос обучения по настоящим моделям урока: исходная сеть,"
            + " сеть без головы, новая голова и три способа обучения",
        en: "Transfer learning drawn from this lesson's models: the source"
            + " network, the network without its head, a new head"
            + " and three ways to train")
    try s.figure("transfer", caption: transferCaption) {
        drawTransfer(s)
    }

}

// MARK: - 7. Three ways on the new task

lesson.section(L(ru: "Три способа на новой задаче", en: "Three ways on the new task")) { s in
    let k = target.count
    let epochs = s.quick ? 3 : epochsOption.value
    let batch = min(50, targetTrain.count)
    s.prose(L(
        ru: """
        Обучаем три модели на одних и тех же \(targetTrain.count) изображениях, \(epochs) \
        \(russianPlural(epochs, "эпоху", "эпохи", "эпох")) с батчем \(batch), и после каждой эпохи считаем \
        точность на \(targetVal.count) изображениях валидации.
        """,
        en: """
        The three models train on the same \(targetTrain.count) images for \(epochs) epoch\(epochs == 1 ? "" : "s") \
        with batch \(batch), and after every epoch we measure the accuracy on \(targetVal.count) validation images.
        """))
    let valLoader = DataLoader(targetVal, batchSize: 1000)
    let testLoader = DataLoader(targetTest, batchSize: 1000)
    wayHistories = []
    var rows: [[String]] = []
    var tests: [Double] = []
    for way in ways {
        // The same shuffling for every way.
        let trainLoader = DataLoader(
            targetTrain, batchSize: batch, shuffle: true,
            generator: Generator(seed: UInt64(s.seed) + 6))
        let bodyBefore = way.model.features.parameters().map(\.scalars)
        let history = try train(
            way.model, optimizer: way.optimizer,
            on: trainLoader, validation: valLoader,
            epochs: epochs, classes: k, label: way.name, s)
        let bodyAfter = way.model.features.parameters().map(\.scalars)
        // The largest change of any one weight of the body.
        let bodyMoved = zip(bodyBefore, bodyAfter).map { b, a in
            zip(b, a).map { abs($0 - $1) }.max() ?? 0
        }.max() ?? 0
        wayHistories.append(history)
        let test = evaluate(way.model, on: testLoader, numClasses: k)
        tests.append(test.accuracy)
        let bestEpoch = history.max { $0.valAccuracy < $1.valAccuracy }!
        let last = history.last!
        rows.append([
            s.t(way.name),
            pct(last.trainAccuracy),
            pct(bestEpoch.valAccuracy) + " (\(bestEpoch.epoch + 1))",
            pct(last.valAccuracy),
            pct(test.accuracy),
            String(format: "%.2g", Double(bodyMoved)),
        ])
    }
    s.table(
        headers: [L(ru: "способ", en: "way"),
                  "train acc",
                  L(ru: "лучшая val acc (эпоха)", en: "best val acc (epoch)"),
                  "val acc", "test acc",
                  L(ru: "max |Δ тела|", en: "max |Δ body|")],
        rows: rows)

    let n = targetTrain.count
    let curvesCaption = L(
        ru: "Точность на валидации по эпохам для трёх способов,"
            + " \(n) размеченных изображений",
        en: "Validation accuracy per epoch for the three ways,"
            + " \(n) labelled images")
    try s.figure("transfer_results", caption: curvesCaption) {
        drawWayCurves(wayHistories, names: ways.map(\.name),
                      trainCount: targetTrain.count, valCount: targetVal.count)
    }

    // One run's differences, rounded as the table prints them, so the
    // prose matches the table.
    func shown(_ x: Double) -> Double { (1000 * x).rounded() / 1000 }
    let (scratch, frozen, tuned) =
        (shown(tests[0]), shown(tests[1]), shown(tests[2]))

    let bestWay = tests.indices.max { tests[$0] < tests[$1] }!
    let firstEpoch = wayHistories.map { $0.first!.valAccuracy }
    let startsAhead = max(firstEpoch[1], firstEpoch[2]) > firstEpoch[0]
    let frozenTrain = wayHistories[1].last!.trainAccuracy
    s.prose(L(
        ru: """
        На тесте: с нуля — \(pct(scratch)), с замороженным телом — \(pct(frozen)) (\(pp(frozen - scratch)) п. п. \
        относительно обучения с нуля), дообучение — \(pct(tuned)) (\(pp(tuned - scratch)) п. п.). Лучший способ в этом \
        запуске — «\(s.t(ways[bestWay].name))». После первой эпохи на валидации: \(pct(firstEpoch[0])) с нуля, \
        \(pct(firstEpoch[1])) с замороженным телом, \(pct(firstEpoch[2])) при дообучении\(startsAhead
            ? " — перенесённые признаки дают фору с самого начала." : ".") Замороженная модель даже на своих \
        \(targetTrain.count) обучающих изображениях верна лишь в \(pct(frozenTrain)) случаев: больше, чем позволяют \
        признаки тела, линейная голова не выучит.

        Но это один запуск с одной выборкой изображений и одной начальной головой. Разница в пункт-другой \
        может оказаться случайной: другое зерно — и способы поменяются местами. Настоящий ли выигрыш, \
        решает следующий раздел: он повторяет сравнение с разными зёрнами и разным числом меток.
        """,
        en: """
        On the test set: from scratch \(pct(scratch)), frozen body \(pct(frozen)) (\(pp(frozen - scratch)) points \
        against scratch), fine tuning \(pct(tuned)) (\(pp(tuned - scratch)) points). The best way in this run is \
        "\(s.t(ways[bestWay].name))". After the first epoch the validation accuracy is \(pct(firstEpoch[0])) from \
        scratch, \(pct(firstEpoch[1])) with the frozen body and \(pct(firstEpoch[2])) fine tuning\(startsAhead
            ? ": the transferred features give a head start." : ".") Even on its own \(targetTrain.count) training \
        images the frozen model is right only \(pct(frozenTrain)) of the time: a linear head cannot learn more \
        than the body's features allow.

        But this is one run, with one draw of images and one initial head. A difference of a point or two may \
        be chance: another seed, and the ways change places. Whether the gain is real is for the next section \
        to decide: it repeats the comparison over seeds and numbers of labels.
        """))
}

// MARK: - 8. The gain against the number of labels

/// "+3.1 ± 0.4": a paired difference in points, mean ± standard error.
func gainText(_ comparison: PairedComparison) -> String {
    String(format: "%+.1f ± %.1f", 100 * comparison.differences.mean, 100 * comparison.differences.standardError)
}
/// One label count of the curve: each way's accuracy per seed, and the transferred
/// ways against training from scratch with the same seeds.
struct CurvePoint {
    let labels: Int
    let scratch, frozen, tuned: [Double]
    var frozenGain: PairedComparison { PairedComparison(baseline: scratch, method: frozen) }
    var tunedGain: PairedComparison { PairedComparison(baseline: scratch, method: tuned) }
}

/// Trains one way (0 from scratch, 1 frozen, 2 fine tuning) on `labelled` for
/// `steps` optimizer steps and returns its accuracy on `validation`. Weights,
/// head and batch order come from `seed` alone, so a run repeats exactly.
func curveRun(way: Int, labelled: Subset, validation: DataLoader, steps: Int, seed: UInt64) throws -> Double {
    let k = target.count, hidden = hiddenOption.value
    let model = Classifier(hidden: hidden, classes: k, generator: Generator(seed: seed))
    if way > 0 {
        model.head = Identity()
        _ = try model.load(from: checkpointURL, strict: false)
    }
    model.head = Linear(hidden.last!, k, generator: Generator(seed: seed + 5))
    let optimizer: Optimizer
    switch way {
    case 0: optimizer = Adam(model.parameters(), lr: lrOption.value)
    case 1:
        model.features.requiresGrad(false)
        optimizer = Adam([ParameterGroup.trainable(model.parameters())], lr: headLROption.value)
    default:
        optimizer = Adam(ParameterGroup.perPart([(model.features.parameters(), bodyLROption.value),
                                                 (model.head.parameters(), headLROption.value)]), lr: headLROption.value)
    }
    let loader = DataLoader(labelled, batchSize: min(50, labelled.count), shuffle: true, generator: Generator(seed: seed + 6))
    let loss = CrossEntropyLoss()
    model.train()
    var step = 0
    while step < steps {
        for batch in loader {
            if step == steps { break }
            let value = loss(model(batch.images), batch.labels)
            optimizer.zeroGrad()
            value.backward()
            optimizer.step()
            step += 1
        }
    }
    return evaluate(model, on: validation, numClasses: k).accuracy
}

lesson.section(L(ru: "Когда перенос окупается: выигрыш против числа меток", en: "When transfer pays off: the gain against the number of labels")) { s in
    let k = target.count
    let pool = Subset(ClassSubset(fullTrain, classes: target),
                      indices: targetPoolIndices)
    let perClassMax = pool.count / k
    let allCounts = curveLabelsOption.value
    let counts = s.quick ? allCounts.filter { $0 <= 250 } : allCounts
    let seeds = curveSeedsOption.value
    let stepsOption = curveStepsOption.value
    guard !counts.isEmpty,
          counts.allSatisfy({ $0 >= k && $0 / k <= perClassMax }),
          (2...20).contains(seeds),
          stepsOption >= 1 else {
        let got = "\(allCounts), \(seeds), \(stepsOption)"
        let message = L(
            ru: "--curve-labels от \(k) до \(perClassMax * k),"
                + " --curve-seeds от 2 до 20, --curve-steps ≥ 1;"
                + " получено \(got)",
            en: "--curve-labels must lie in \(k)…\(perClassMax * k),"
                + " --curve-seeds in 2…20, --curve-steps ≥ 1; got \(got)")
        let fix = "swift run lesson-02-transfer"
            + " --curve-labels 15,60,150,600,3000,16500 --curve-seeds 8"
        throw LessonError(message: s.t(message), fix: fix)
    }
    let minSteps = s.quick ? min(stepsOption, 60) : stepsOption
    func steps(_ n: Int) -> Int {
        max(minSteps, 3 * Int((Double(n) / 50).rounded(.up)))
    }
    // Every count gets about the same compute: a long run (many labels)
    // takes fewer seeds, and needs fewer, since its draws of images overlap
    // more and its gains spread less; but never fewer than 3.
    func seedCount(_ n: Int) -> Int {
        max(min(3, seeds), min(seeds, seeds * minSteps / steps(n)))
    }
    let validation = DataLoader(targetVal, batchSize: 1000)
    let seedCounts = Array(Set(counts.map(seedCount))).sorted(by: >)
    let countList = counts.map { grouped($0, s.lang) }.joined(separator: ", ")
    let fewer = counts.filter { seedCount($0) < seeds }
    func fewerText(_ lang: Language) -> String {
        fewer.map { n -> String in
            let r = seedCount(n)
            guard lang == .ru else {
                return "\(r) seeds at \(grouped(n, .en)) labels"
            }
            let seedWord = russianPlural(r, "зерно", "зерна", "зёрен")
            let labelWord = russianPlural(n, "метке", "метках", "метках")
            return "\(r) \(seedWord) при \(grouped(n, .ru)) \(labelWord)"
        }.joined(separator: ", ")
    }
    func quantiles(_ lang: Language) -> String {
        seedCounts.map { r in
            let t = Spread.studentT975(degreesOfFreedom: r - 1)
            let q = String(format: "%.2f", t)
            guard lang == .ru else { return "\(q) for \(r) seeds" }
            return "\(q) для \(r) \(russianPlural(r, "зерна", "зёрен", "зёрен"))"
        }.joined(separator: ", ")
    }
    s.prose(L(
        ru: """
        Один запуск не говорит, помог ли перенос. Повторим сравнение \(seeds) \
        \(russianPlural(seeds, "раз", "раза", "раз")) с разными зёрнами для \(countList) размеченных \
        изображений\(fewer.isEmpty ? "" : " (долгие запуски — реже: \(fewerText(.ru)))")\
        \(counts.last! == perClassMax * k ? "; \(grouped(perClassMax * k, .ru)) — все обучающие изображения новых классов, кроме валидации" : ""). Каждое зерно — своя выборка размеченных изображений, свои начальные веса и свой \
        порядок батчей, а тело одно: обученное в разделе 4. Каждый запуск делает не меньше \(minSteps) \
        шагов Adam с батчем 50 (и не меньше 3 эпох); точность меряем на тех же \(targetVal.count) \
        изображениях валидации.

        Сравниваем **парами**: при одном зерне у дообучения и у обучения с нуля одни и те же \
        изображения и порядок батчей, поэтому их разность (**выигрыш**) не зависит от того, удачная ли \
        выборка досталась. По n разностям (n — число зёрен) считаем среднее и стандартную ошибку \
        (ст. ошибка = стандартное отклонение / √n) — это делает `PairedComparison`. Итог «лучше», если \
        весь 95-процентный интервал среднего — среднее ± t · ст. ошибка (t — квантиль Стьюдента: \
        \(quantiles(.ru))) — выше нуля, «хуже», если ниже, иначе «шум».
        """,
        en: """
        One run cannot tell whether transfer helped. We repeat the comparison with \(seeds) seeds for \
        \(countList) labelled images\(fewer.isEmpty ? "" : " (long runs fewer times: \(fewerText(.en)))")\
        \(counts.last! == perClassMax * k ? "; \(grouped(perClassMax * k, .en)) is every training image of the new classes but the validation ones" : ""). Each seed draws its own labelled images, initial weights and batch \
        order; the body is the same, the one trained in section 4. Every run takes at least \(minSteps) \
        Adam steps with batch 50 (and at least 3 epochs), and its accuracy is measured on the same \
        \(targetVal.count) validation images.

        We compare in **pairs**: with one seed, fine tuning and training from scratch get the same images \
        and batch order, so their difference (the **gain**) does not depend on whether the draw was a lucky \
        one. Over the n differences (n seeds) we take the mean and the standard error (s.e. = standard \
        deviation / √n); `PairedComparison` does this. The verdict is "better" when the whole 95 % \
        interval of the mean, mean ± t · s.e. (t is Student's quantile: \(quantiles(.en))), lies above \
        zero, "worse" when it lies below, and "noise" otherwise.
        """))
    curve = []
    let start = now()
    let bar = s.progress(total: counts.map(seedCount).reduce(0, +),
                         label: L(ru: "кривая", en: "curve"))
    for n in counts {
        var results: [[Double]] = [[], [], []]
        for r in 0..<seedCount(n) {
            let seed = UInt64(s.seed) * 1000 + UInt64(r) * 10 + 7
            let labelled = balancedSplit(
                pool, perClass: n / k, numClasses: k,
                generator: Generator(seed: seed)).picked
            for way in 0..<3 {
                let accuracy = try curveRun(
                    way: way, labelled: labelled, validation: validation,
                    steps: steps(n), seed: seed)
                results[way].append(accuracy)
            }
            bar.advance()
        }
        curve.append(CurvePoint(labels: n / k * k, scratch: results[0],
                                frozen: results[1], tuned: results[2]))
    }
    bar.finish()
    let elapsed = now() - start
    func acc(_ xs: [Double]) -> String {
        Spread(xs).formatted("%.1f", scale: 100)
    }
    s.table(
        headers: [L(ru: "меток", en: "labels"),
                  L(ru: "с нуля", en: "scratch"),
                  L(ru: "заморож.", en: "frozen"),
                  L(ru: "дообуч.", en: "fine-tuned"),
                  L(ru: "выигрыш", en: "gain"),
                  L(ru: "итог", en: "verdict")],
        rows: curve.map { p in
            ["\(p.labels)", acc(p.scratch), acc(p.frozen), acc(p.tuned),
             gainText(p.tunedGain),
             s.t(verdictText(p.tunedGain.verdict(), short: true))]
        })
    // The seed counts of the long runs, e.g. " (3 at 3,000, 3 at 16,500)".
    func fewerSeeds(_ lang: Language) -> String {
        if fewer.isEmpty { return "" }
        let at = lang == .ru ? "при" : "at"
        let each = fewer.map { "\(seedCount($0)) \(at) \(grouped($0, lang))" }
        return " (\(each.joined(separator: ", ")))"
    }
    let seedsRU = russianPlural(seeds, "зерну", "зёрнам", "зёрнам")
    s.print(L(
        ru: "точность на валидации, %, среднее ± ст. ошибка"
            + " по \(seeds) \(seedsRU)\(fewerSeeds(.ru));",
        en: "validation accuracy, %, mean ± s.e."
            + " over \(seeds) seeds\(fewerSeeds(.en));"))
    s.print(L(ru: "выигрыш = дообучение − с нуля по парам, п. п.; кривая заняла",
              en: "gain = fine-tuned − scratch in pairs, points; the curve took"),
            seconds(elapsed, s.lang))

    let seedsUpToRU = russianPlural(seeds, "зерна", "зёрен", "зёрен")
    let gainCaption = L(
        ru: "Точность трёх способов (среднее ± ст. ошибка) и выигрыш"
            + " переноса (95-процентный интервал) против числа размеченных"
            + " изображений, до \(seeds) \(seedsUpToRU) на точку",
        en: "Accuracy of the three ways (mean ± s.e.) and the gain of"
            + " transfer (95 % interval) against the number of labelled"
            + " images, up to \(seeds) seeds a point")
    try s.figure("transfer_gain", caption: gainCaption) {
        drawGainCurve(s, curve)
    }


    // The verdict, read from the comparisons: where transfer helps, and
    // from where on it stops mattering.
    let labels = curve.map(\.labels)
    func labelsWhere(_ gains: [PairedComparison],
                     _ verdict: PairedComparison.Verdict) -> [Int] {
        labels.indices.filter { gains[$0].verdict() == verdict }
            .map { labels[$0] }
    }
    let tunedGains = curve.map(\.tunedGain)
    let frozenGains = curve.map(\.frozenGain)
    let helped = labelsWhere(tunedGains, .better)
    let even = labelsWhere(tunedGains, .withinNoise)
    let worse = labelsWhere(tunedGains, .worse)
    let list = { (xs: [Int]) in
        xs.map { grouped($0, s.lang) }.joined(separator: ", ")
    }
    let helpedGains = tunedGains.filter { $0.verdict() == .better }
        .map(gainText).joined(separator: "; ")
    // A clean cut: every count that helps is below every count that does not.
    let notHelped = labels.filter { !helped.contains($0) }
    let stopAt = notHelped.min()
    let cut = !helped.isEmpty && !notHelped.isEmpty
        && helped.max()! < notHelped.min()!
    let (first, last) = (curve.first!, curve.last!)
    let sourceImages = ClassSubset(fullTrain, classes: source).count
    var ru: [String] = [], en: [String] = []
    if !helped.isEmpty {
        ru.append("""
            Дообучение лучше обучения с нуля за пределами шума при \
            \(list(helped)) размеченных изображениях \
            (выигрыш \(helpedGains) п. п.).
            """)
        en.append("""
            Fine tuning beats training from scratch beyond noise at \
            \(list(helped)) labelled images (gain \(helpedGains) points).
            """)
    }
    if !even.isEmpty {
        ru.append("""
            При \(list(even)) \
            \(russianPlural(even.last!, "метке", "метках", "метках")) разница в \
            пределах шума.
            """)
        en.append("At \(list(even)) labels the difference is within noise.")
    }
    if !worse.isEmpty {
        ru.append("""
            При \(list(worse)) \
            \(russianPlural(worse.last!, "метке", "метках", "метках")) \
            дообучение хуже обучения с нуля.
            """)
        en.append("""
            At \(list(worse)) labels fine tuning is worse than training from \
            scratch.
            """)
    }
    if helped.isEmpty {
        ru.append("""
            Значит, здесь перенос не окупается ни при каком испытанном числе \
            меток: даже \(grouped(first.labels, .ru)) изображений хватает, \
            чтобы сеть с нуля не отставала.
            """)
        en.append("""
            So here transfer does not pay off at any label count tried: even \
            \(first.labels) images are enough for the network from scratch to \
            keep up.
            """)
    } else if cut, let stopAt {
        ru.append("""
            Перенос окупается, пока меток меньше \(grouped(stopAt, .ru)); \
            дальше их хватает, чтобы выучить признаки с нуля.
            """)
        en.append("""
            Transfer pays off below \(grouped(stopAt, .en)) labels; from there \
            on, the labels are enough to learn the features from scratch.
            """)
    } else if helped.count == labels.count {
        ru.append("""
            Выигрыш держится до самого большого испытанного числа меток: \
            \(gainText(first.tunedGain)) п. п. при \
            \(grouped(first.labels, .ru)) и \(gainText(last.tunedGain)) при \
            \(grouped(last.labels, .ru)).
            """)
        en.append("""
            The gain holds up to the largest label count tried: \
            \(gainText(first.tunedGain)) points at \
            \(grouped(first.labels, .en)) and \(gainText(last.tunedGain)) at \
            \(grouped(last.labels, .en)).
            """)
    }
    // How many labels the network from scratch needs to catch up with fine
    // tuning: the largest count whose fine-tuned mean some larger count
    // reaches from scratch.
    typealias CatchUp = (tuned: CurvePoint, scratch: CurvePoint)
    let catchUp = curve.indices.reversed().lazy.compactMap { i -> CatchUp? in
        let target = Spread(curve[i].tuned).mean
        return curve[(i + 1)...]
            .first { Spread($0.scratch).mean >= target }
            .map { (curve[i], $0) }
    }.first
    if !helped.isEmpty, let catchUp {
        let a = Spread(catchUp.tuned.tuned).mean
        let b = Spread(catchUp.scratch.scratch).mean
        ru.append("""
            Другими словами, дообучение на \
            \(grouped(catchUp.tuned.labels, .ru)) \
            \(russianPlural(catchUp.tuned.labels, "метке", "метках", "метках")) \
            (\(pct(a))) сеть с нуля догоняет только при \
            \(grouped(catchUp.scratch.labels, .ru)) (\(pct(b))).
            """)
        en.append("""
            In other words, training from scratch catches up with fine tuning \
            on \(grouped(catchUp.tuned.labels, .en)) labels (\(pct(a))) only at \
            \(grouped(catchUp.scratch.labels, .en)) (\(pct(b))).
            """)
    }
    let frozenBetter = labelsWhere(frozenGains, .better)
    let frozenWorse = labelsWhere(frozenGains, .worse)
    if !frozenBetter.isEmpty {
        ru.append("""
            Замороженное тело лучше обучения с нуля при \(list(frozenBetter)) \
            \(russianPlural(frozenBetter.last!, "метке", "метках", "метках")).
            """)
        en.append("""
            The frozen body beats training from scratch at \
            \(list(frozenBetter)) labels.
            """)
    }
    if !frozenWorse.isEmpty {
        ru.append("""
            Замороженное тело хуже обучения с нуля при \(list(frozenWorse)) \
            \(russianPlural(frozenWorse.last!, "метке", "метках", "метках")): \
            признаков, выученных для классов \(classList(source)), линейной \
            голове не хватает, а дообучение подстраивает и само тело.
            """)
        en.append("""
            The frozen body falls behind training from scratch at \
            \(list(frozenWorse)) labels: the features learned for classes \
            \(classList(source)) are not enough for a linear head, while fine \
            tuning adapts the body too.
            """)
    }
    s.prose(L(ru: ru.joined(separator: " "), en: en.joined(separator: " ")))
    // The gain fades only if the first and last gains differ by more than
    // two standard errors of their difference.
    let (g0, g1) = (first.tunedGain.differences, last.tunedGain.differences)
    let (e0, e1) = (g0.standardError, g1.standardError)
    let shrinks = g0.mean - g1.mean > 2 * (e0 * e0 + e1 * e1).squareRoot()
    if !helped.isEmpty {
        let (n0, n1) = (first.labels, last.labels)
        func atRU(_ n: Int) -> String {
            let word = russianPlural(n, "метке", "метках", "метках")
            return "при \(grouped(n, .ru)) \(word)"
        }
        // The gain as a share of the errors that training from scratch
        // leaves: the reading that stays fair when the accuracies climb.
        func removed(_ p: CurvePoint) -> String {
            let errors = 1 - Spread(p.scratch).mean
            let percent = 100 * p.tunedGain.differences.mean / errors
            return String(format: "%.0f", percent)

        }
        let lastEpochs = steps(n1) / Int((Double(n1) / 50).rounded(.up))
        let lastVerdict = last.tunedGain.verdict()
        let firstGain = gainText(first.tunedGain)
        let lastGain = gainText(last.tunedGain)
        let gainsRU = "\(firstGain) п. п. \(atRU(n0)), \(lastGain) \(atRU(n1))."
        let gainsEN = "\(firstGain) points at \(grouped(n0, .en)) labels,"
            + " \(lastGain) at \(grouped(n1, .en))."
        var shrinkRU = shrinks
            ? " Поэтому выигрыш и тает: \(gainsRU)"
            : " Но в испытанном диапазоне выигрыш заметно не убывает: \(gainsRU)"
        var shrinkEN = shrinks
            ? " That is why the gain fades: \(gainsEN)"
            : " Yet within the counts tried the gain does not fade measurably:"
                + " \(gainsEN)"
        shrinkRU += " " + """
            Если мерить долей ошибок сети с нуля, дообучение убирает \
            \(removed(first)) % этих ошибок \(atRU(n0)) и \(removed(last)) % \
            \(atRU(n1)).
            """
        shrinkEN += " " + """
            Measured as a share of the errors the network from scratch makes, \
            fine tuning removes \(removed(first)) % of them at \
            \(grouped(n0, .en)) labels and \(removed(last)) % at \
            \(grouped(n1, .en)).
            """
        let seedsLast = last.scratch.count
        let halfWidth = String(
            format: "%.1f", 100 * last.tunedGain.differences.confidenceHalfWidth)

        switch lastVerdict {
        case .better:
            shrinkRU += " " + """
                Даже \(atRU(n1)) выигрыш выше шума: тело видело ещё \
                \(grouped(sourceImages, .ru)) изображений, а запуск на новой \
                задаче — только \(lastEpochs) \
                \(russianPlural(lastEpochs, "эпоху", "эпохи", "эпох")); \
                пропадёт ли он при долгом обучении, проверьте в упражнении 1.
                """
            shrinkEN += " " + """
                Even at \(grouped(n1, .en)) labels the gain is above noise: \
                the body saw \(grouped(sourceImages, .en)) more images, and a \
                run on the new task only \(lastEpochs) \
                epoch\(lastEpochs == 1 ? "" : "s"); whether it vanishes with \
                longer training is exercise 1.
                """
        case .withinNoise:
            shrinkRU += " " + """
                \(atRU(n1).prefix(1).uppercased() + atRU(n1).dropFirst()) \
                95-процентный интервал по \(seedsLast) \
                \(russianPlural(seedsLast, "зерну", "зёрнам", "зёрнам")) \
                (±\(halfWidth) п. п.) захватывает ноль: отличить выигрыш от \
                нуля здесь уже нельзя. Но и обучение там короткое, \
                \(lastEpochs) \
                \(russianPlural(lastEpochs, "эпоха", "эпохи", "эпох")); \
                останется ли выигрыш, если обучать обе сети дольше, проверьте в \
                упражнении 1.
                """
            shrinkEN += " " + """
                At \(grouped(n1, .en)) labels the 95 % interval over \
                \(seedsLast) seeds (±\(halfWidth) points) takes in zero: the \
                gain can no longer be told from nothing. But training there is \
                short too, \(lastEpochs) epoch\(lastEpochs == 1 ? "" : "s"); \
                whether a gain remains when both networks train longer is \
                exercise 1.
                """
        case .worse:
            shrinkRU += " " + """
                \(atRU(n1).prefix(1).uppercased() + atRU(n1).dropFirst()) \
                дообучение даже хуже: столько меток учат сеть с нуля лучше, чем \
                признаки исходной задачи.
                """
            shrinkEN += " " + """
                At \(grouped(n1, .en)) labels fine tuning is even worse: that \
                many labels teach the network from scratch better than the \
                source task's features.
                """
        }
        s.prose(L(
            ru: """
            Почему перенос здесь помогает. Тело видело \(grouped(sourceImages, .ru)) изображений исходной задачи \
            и выучило признаки — шаблоны пикселей, — которые различают её \(source.count) \
            \(russianPlural(source.count, "класс", "класса", "классов")); многие из них годятся и для новых \
            классов. Сети с нуля те же признаки приходится выводить из нескольких десятков или сотен \
            размеченных изображений; чем меток больше, тем лучше она справляется сама.\(shrinkRU)
            """,
            en: """
            Why transfer helps here. The body saw \(grouped(sourceImages, .en)) images of the source task and \
            learned features, pixel templates, that tell its \(source.count) classes apart; many of them serve \
            the new classes as well. A network from scratch has to infer such features from a few dozen or a \
            few hundred labelled images; the more labels, the better it manages on its own.\(shrinkEN)
            """))
    } else {
        s.prose(L(
            ru: """
            Почему перенос здесь не окупается. У MLP с одним скрытым слоем признаки — шаблоны пикселей, \
            и обученное тело хранит те, что различают только \(source.count) исходных классов. А случайный \
            первый слой — тоже неплохой набор признаков, и Adam подстраивает его под новые классы даже по \
            нескольким десяткам картинок. Перенос сильно выигрывает, когда тело выучило *общие* признаки \
            (края, текстуры, формы), как глубокие свёрточные сети, обученные на ImageNet, и когда новая \
            задача похожа на исходную. Проверьте другие разбиения в упражнениях 1 и 2.
            """,
            en: """
            Why transfer does not pay off here. In an MLP with one hidden layer the features are pixel \
            templates, and the trained body keeps those that tell apart only the \(source.count) source \
            classes. A random first layer is a fair set of features too, and Adam adapts it to the new \
            classes even from a few dozen pictures. Transfer wins big when the body has learned *general* \
            features (edges, textures, shapes), as deep convolutional networks trained on ImageNet do, and \
            when the new task resembles the old one. Try other splits in exercises 1 and 2.
            """))
    }
}

// MARK: - 9. Exercises

lesson.section(L(ru: "Упражнения", en: "Exercises")) { s in
    s.prose(L(
        ru: """
        1. Кривая раздела 8 построена для одного тела. Обучите его меньше (`--source-epochs 1`) и \
        больше (`--source-epochs 10`): как меняется выигрыш? Обучите дольше запуски с большим числом меток: \
        `--curve-labels 3000,16500 --curve-steps 2500 --curve-seeds 3` (около 15 эпох при \
        16\u{00A0}500 метках). Остаётся ли выигрыш, когда обе сети обучены до конца?
        2. Возьмите задачи, далёкие друг от друга: `--source 0,1,2,3,4 --target 5,6,7,8,9` (одежда → \
        обувь и сумки). Окупается ли перенос теперь и при каком числе меток? А наоборот, \
        `--source 5,6,7,8,9 --target 0,1,2,3,4`?
        3. Дообучите с маленьким lr тела, `--body-lr 1e-4`, и с тем же, что у головы, `--body-lr 1e-2`. \
        Насколько дальше уходят веса тела (последний столбец таблицы раздела 7) и что происходит с \
        выигрышем на кривой?
        4. Расширьте поиск: `--depths 1,2,3,4 --widths 32,128,512 --search-epochs 10`. Появляется ли разрыв \
        между train acc и val acc у больших сетей — то, с чем борются остальные методы регуляризации?
        """,
        en: """
        1. Section 8's curve uses one body. Train it less (`--source-epochs 1`) and more \
        (`--source-epochs 10`): how does the gain change? Train the large points longer: \
        `--curve-labels 3000,16500 --curve-steps 2500 --curve-seeds 3` (about 15 epochs at \
        16,500 labels). Does the gain survive when both networks are fully trained?
        2. Take tasks far apart: `--source 0,1,2,3,4 --target 5,6,7,8,9` (clothes → shoes and bags). \
        Does transfer pay off now, and at how many labels? And the other way round, \
        `--source 5,6,7,8,9 --target 0,1,2,3,4`?
        3. Fine tune with a small body lr, `--body-lr 1e-4`, and with the head's, `--body-lr 1e-2`. How much \
        further do the body's weights move (the last column of section 7's table), and what happens to the \
        gain on the curve?
        4. Widen the search: `--depths 1,2,3,4 --widths 32,128,512 --search-epochs 10`. Does a gap between \
        train acc and val acc open up for the large networks, the gap the other regularization methods fight?
        """))
}

lesson.run()
