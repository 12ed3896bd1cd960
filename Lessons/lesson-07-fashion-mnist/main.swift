// Lesson 07 — classifying Fashion-MNIST, end to end.
//
//   swift run lesson-07-fashion-mnist            (add --help for the flags)
//
// The original notebook's walkthrough: the data set, the 50,000/10,000 split,
// loaders, the MLP 784 → 196 → 10, the loss and the metric, the hand-written
// training loop with a live plot and the best checkpoint, testing, one
// prediction; then the same model with the Lightning-style Trainer, CSV and
// TensorBoard logs, a Dataset of one's own over exported PNG folders with a
// data module for the Trainer, and what Adam at lr 0.1 (the original
// notebook's Lightning setting) does.
import Course
import Foundation

let lesson = Lesson(
    id: "lesson-07-fashion-mnist",
    title: L(ru: "Классификация Fashion-MNIST: от данных до TensorBoard",
             en: "Classifying Fashion-MNIST: from data to TensorBoard"),
    summary: L(ru: "Данные, разбиение, загрузчики, MLP, цикл обучения с живым графиком, чекпойнт, тест, Trainer и логи. Всё считается на CPU.",
               en: "Data, split, loaders, an MLP, a training loop with a live plot, a checkpoint, testing, the Trainer and its logs. Everything runs on the CPU."))

let epochsOption = lesson.option("epochs", default: 10, range: 1...1000, help: L(ru: "число эпох обучения", en: "training epochs"))
let lrOption = lesson.option("lr", default: 0.1, range: .above(0, through: 10), help: L(ru: "скорость обучения, или learning rate", en: "learning rate"))
let batchOption = lesson.option("batch-size", default: 1000, range: 1...60_000, help: L(ru: "размер батча", en: "batch size"))
let hiddenOption = lesson.option("hidden", default: 196, range: 1...4096, help: L(ru: "размер скрытого слоя D", en: "hidden layer size D"))
enum OptimizerName: String, CaseIterable, OptionValue {
    case sgd, adam
    var title: String { self == .sgd ? "SGD" : "Adam" }
}
let optimizerOption = lesson.option("optimizer", default: OptimizerName.sgd,
    help: L(ru: "оптимизатор цикла обучения и тренера", en: "optimizer of the training loop and the Trainer"))
let evaluateOption = lesson.option("evaluate", default: "",
    help: L(ru: "только проверить сохранённую модель (файл .safetensors) на тестовых данных", en: "only test a saved model (a .safetensors file) on the test data"))
let dataOptions = lesson.dataOptions()
let logDirOption = lesson.option("logdir", default: "",
    help: L(ru: "папка для чекпойнтов и логов (CSV, TensorBoard); по умолчанию runs/lesson-07-fashion-mnist, с --quick runs/lesson-07-fashion-mnist/quick; каждый запуск пишет в новую папку version_N",
            en: "folder for checkpoints and logs (CSV, TensorBoard); default runs/lesson-07-fashion-mnist, with --quick runs/lesson-07-fashion-mnist/quick; every run writes into a new version_N folder"))

// MARK: - The model, as in the original notebook

/// The original notebook's `Classifier(D)`: 784 → D (ReLU) → 10, with the input flattened
/// from B × 1 × 28 × 28 to B × 784. Parameter names: `layers.0.weight`, ...
final class Classifier: Module {
    let layers: Sequential
    init(hidden: Int) {
        layers = Sequential(Linear(28 * 28, hidden), ReLU(), Linear(hidden, 10))
    }
    override func forward(_ x: Tensor) -> Tensor { layers(x.reshape([-1, 28 * 28])) }
}

/// The original notebook's Lightning `Classifier`: the same network under `net`, with its steps.
final class LitClassifier: LightningModule {
    let net: Classifier
    let lossFunction = CrossEntropyLoss()
    let valAccuracy = MulticlassAccuracy(numClasses: 10, average: .macro)
    let testAccuracy = MulticlassAccuracy(numClasses: 10, average: .macro)
    let makeOptimizer: ([Tensor]) -> Optimizer

    init(hidden: Int, optimizer: OptimizerName, learningRate: Double) {
        net = Classifier(hidden: hidden)
        makeOptimizer = { makeOptimizerFor(optimizer, $0, lr: learningRate) }
        super.init()
        saveHyperparameters(["hidden_size": hidden, "optimizer": optimizer.rawValue, "learning_rate": learningRate])
    }

    override func forward(_ x: Tensor) -> Tensor { net(x) }

    override func trainingStep(_ batch: Batch, batchIndex: Int) -> Tensor {
        let loss = lossFunction(self(batch.images), batch.labels)
        log("train/loss", loss, onStep: false, onEpoch: true)
        return loss
    }

    override func validationStep(_ batch: Batch, batchIndex: Int) {
        let logits = self(batch.images)
        log("val/loss", lossFunction(logits, batch.labels))
        valAccuracy.update(logits, batch.labels)
        log("val/acc", metric: valAccuracy)
    }

    override func testStep(_ batch: Batch, batchIndex: Int) {
        let logits = self(batch.images)
        log("test/loss", lossFunction(logits, batch.labels))
        testAccuracy.update(logits, batch.labels)
        log("test/acc", metric: testAccuracy)
    }

    override func configureOptimizers() -> OptimizerConfiguration {
        OptimizerConfiguration(makeOptimizer(parameters()))
    }
}

// MARK: - Shared state

var epochs: Int { lesson.quick ? min(epochsOption.value, 2) : epochsOption.value }
var evaluating: Bool { !evaluateOption.value.isEmpty }
/// The log folder as the user names it: quick runs keep apart from full ones unless --logdir says otherwise.
var logDirPath: String { logDirOption.value.isEmpty ? lesson.runsPath : logDirOption.value }
var logDir: URL { URL(fileURLWithPath: logDirPath, isDirectory: true) }
var classNames: [String] = []
var trainSet: Subset!
var valSet: Subset!
var testSet: (any Dataset)!
var trainLoader: DataLoader!
var valLoader: DataLoader!
var testLoader: DataLoader!
/// This run's folder of the hand-written loop, `<logdir>/loop/version_N`, claimed at its first save:
/// a run tests only the checkpoint it saved itself, never one an earlier run left.
var loopRunFolder: URL?
var bestCheckpoint: URL {
    (loopRunFolder ?? logDir.appendingPathComponent("loop/version_0")).appendingPathComponent("classifier.safetensors")
}
/// The folder of this run's Trainer logs for the first optimizer, for the exercises' text.
var trainerRunPath = ""

func pct(_ x: Double) -> String { String(format: "%.2f %%", 100 * x) }
func f4(_ x: Double) -> String { x.isFinite ? String(format: "%.4f", x) : "\(x)" }
/// A duration with its unit in the run's language («12.34 с», "12.34 s"), never broken across
/// lines; "—" with --no-timings.
func seconds(_ t: Double) -> String {
    let value = String(format: "%.2f\u{00A0}", t)
    return lesson.showsTimings ? L(ru: value + "с", en: value + "s").displayText : "—"
}
/// A count as prose writes it: «60 000» in Russian (a non-breaking space from five digits on),
/// "60,000" in English.
func ru(_ n: Int) -> String { n >= 10_000 ? grouped(n, "\u{00A0}") : "\(n)" }
func en(_ n: Int) -> String { grouped(n, ",") }
func grouped(_ n: Int, _ separator: String) -> String {
    let digits = String(n)
    var out = ""
    for (i, digit) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { out += separator }
        out.append(digit)
    }
    return out
}
func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

func makeOptimizerFor(_ name: OptimizerName, _ parameters: [Tensor], lr: Double) -> Optimizer {
    switch name {
    case .sgd: return SGD(parameters, lr: lr)
    case .adam: return Adam(parameters, lr: lr)
    }
}

/// Per-class test accuracy of `model`, printed as the original notebook does.
func testPerClass(_ model: Module, _ s: Section) -> (perClass: [Double], confusion: ConfusionMatrix) {
    model.eval()
    let metric = MulticlassAccuracy(numClasses: 10, average: .none)
    inferenceMode { for (x, y) in testLoader { metric.update(model(x), y) } }
    let perClass = metric.compute()
    let width = classNames.map(\.count).max() ?? 15
    for (label, accuracy) in perClass.enumerated() {
        s.print(String(repeating: " ", count: max(0, width - classNames[label].count)) + classNames[label] + ": " + pct(accuracy))
    }
    s.print("\nmean_accuracy: " + pct(perClass.reduce(0, +) / 10))
    return (perClass, metric.confusion)
}

/// Loads a checkpoint of the original notebook's `Classifier` (`layers.*`) or of the Lightning one (`net.layers.*`).
func loadClassifier(_ url: URL) throws -> Classifier {
    let (state, metadata) = try Safetensors.load(from: url)
    let stripped: StateDict = state.map { ($0.name.hasPrefix("net.") ? String($0.name.dropFirst(4)) : $0.name, $0.tensor) }
    guard let weight = stripped.first(where: { $0.name == "layers.0.weight" })?.tensor, weight.rank == 2 else {
        throw LessonError(message: "\(url.path): no tensor layers.0.weight; it is not a checkpoint of this lesson's classifier (keys: \(state.map(\.name)))",
                          fix: "swift run lesson-07-fashion-mnist --evaluate \(bestCheckpoint.path)")
    }
    let model = Classifier(hidden: weight.shape[0])
    try model.loadStateDict(stripped, strict: true)
    _ = metadata
    return model
}

/// `--evaluate`: the per-class test accuracy of a saved model, and nothing else.
func evaluateSavedModel(_ s: Section) throws {
    let url = URL(fileURLWithPath: evaluateOption.value)
    s.prose(L(ru: "Режим `--evaluate`: проверяем сохранённую модель `\(url.path)` на \(ru(testSet.count)) тестовых изображениях.",
              en: "`--evaluate` mode: testing the saved model `\(url.path)` on \(en(testSet.count)) test images."))
    let model = try loadClassifier(url)
    s.print(model)
    _ = testPerClass(model, s)
}

/// Saves the loop's best model so far into this run's own folder `<logdir>/loop/version_N`,
/// claimed at the first save: earlier runs' checkpoints stay as they were.
func saveBest(_ model: Classifier, epoch: Int, valAccuracy: Double) throws {
    if loopRunFolder == nil {
        let version = try LogDirectory.createNextVersion(saveDir: logDir, name: "loop")
        loopRunFolder = logDir.appendingPathComponent("loop/version_\(version)", isDirectory: true)
    }
    try model.save(to: bestCheckpoint, metadata: ["epoch": "\(epoch)", "val_accuracy": "\(valAccuracy)"])
}

/// Section 4's stop when this run saved no checkpoint (no epoch's mean validation accuracy
/// rose above 0): a run tests only what it saved itself; the fix names an earlier run's file.
func nothingToTest(_ s: Section) -> LessonError {
    let earlier = "\(logDirPath)/loop/version_0/classifier.safetensors"
    return LessonError(message: s.t(L(ru: "этот запуск не сохранил модель (эпох: \(epochs)), проверять нечего",
                                      en: "this run saved no model (epochs: \(epochs)), so there is nothing to test")),
                       fix: s.t(L(ru: "swift run lesson-07-fashion-mnist --epochs 10 или проверьте сохранённый файл: swift run lesson-07-fashion-mnist --evaluate \(earlier)",
                                  en: "swift run lesson-07-fashion-mnist --epochs 10, or test a saved file: swift run lesson-07-fashion-mnist --evaluate \(earlier)")))
}

/// A path as a folder ending in "/" and a file name, to print it on two short lines.
func folderAndFile(_ path: String) -> (folder: String, file: String) {
    let cut = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
    return (String(path[..<cut]), String(path[cut...]))
}

// MARK: - 1. Data

lesson.section(L(ru: "Данные Fashion-MNIST", en: "The Fashion-MNIST data")) { s in
    classNames = FashionMNIST.classNames(russian: s.lang == .ru)
    let (fullTrain, fullTest) = try FashionMNIST.splits(
        dataDirectory: dataOptions.directory,
        download: dataOptions.download) { s.print($0) }
    // --quick: the first 6,000 training and 1,000 test images, split 5,000/1,000.
    let train: any Dataset = s.quick
        ? Subset(fullTrain, indices: Array(0..<6000)) : fullTrain
    testSet = s.quick ? Subset(fullTest, indices: Array(0..<1000)) : fullTest
    testLoader = DataLoader(testSet, batchSize: 1000)

    if evaluating { return try evaluateSavedModel(s) }

    s.prose(L(
        ru: """
        **Fashion-MNIST** — 70\u{00A0}000 изображений одежды в оттенках серого, 28 × 28 пикселей, \
        10 классов, по 7000 на класс. Обучающая часть — \(ru(fullTrain.count)) изображений, \
        тестовая — \(ru(fullTest.count)). \
        Файлы берутся из пакета Debian `dataset-fashion-mnist` (или из папки `--data-dir`); их контрольные \
        суммы MD5 проверяются при загрузке.
        """,
        en: """
        **Fashion-MNIST** is 70,000 grey-scale 28 × 28 images of clothing in 10 classes, 7,000 per \
        class: \(en(fullTrain.count)) for training and \(en(fullTest.count)) for testing. The files come from the \
        Debian package `dataset-fashion-mnist` (or the folder given by `--data-dir`); their MD5 sums are \
        checked on loading.
        """))
    s.table(headers: [L(ru: "метка", en: "label"), L(ru: "класс", en: "class")],
            rows: classNames.enumerated().map { ["\($0.offset)", $0.element] })

    let sampleIndex = s.quick ? 26 : 2026
    let (image, label) = train[sampleIndex]
    s.print("x, y = dataset[\(sampleIndex)]")
    s.print("x.shape: \(image.shape)")
    s.print("y: \(label)  (\(classNames[label]))")
    let pixels = image.scalars
    s.print(String(format: "x.min(): %.1f   x.max(): %.1f",
                   pixels.min()!, pixels.max()!))
    let caption = L(
        ru: "Изображение № \(sampleIndex) обучающей выборки и его класс",
        en: "Training image no. \(sampleIndex) and its class")
    try s.figure("sample", caption: caption) {
        let fig = Figure(width: 300, height: 320)
        let bytes = pixels.map { UInt8(($0 * 255).rounded()) }
        fig.ax.imshow(pixels: bytes, height: 28, width: 28)
        fig.ax.hideAxes()
        let name = classNames[label]
        fig.ax.title = L(ru: "класс: \(name)", en: "class: \(name)")
        return fig
    }

    let lengths = s.quick ? [5000, 1000] : [50_000, 10_000]
    let parts = randomSplit(train, lengths: lengths,
                            generator: Generator(seed: 42))
    (trainSet, valSet) = (parts[0], parts[1])
    let batch = batchOption.value
    let largest = trainSet.count
    guard batch > 0 && batch <= largest else {
        throw LessonError(
            message: "--batch-size \(batch): must be between 1 and \(largest)",
            fix: "swift run lesson-07-fashion-mnist --batch-size 1000")
    }
    trainLoader = DataLoader(trainSet, batchSize: batch,
                             shuffle: true, dropLast: true,
                             generator: Generator(seed: UInt64(s.seed)))
    valLoader = DataLoader(valSet, batchSize: batch)
    s.prose(L(
        ru: """
        Обучающую часть делим на обучение и валидацию: `randomSplit(dataset, lengths: [\(trainSet.count), \(valSet.count)], \
        generator: Generator(seed: 42))` — как `random_split` с `torch.Generator().manual_seed(42)`. \
        Тестовую часть не трогаем до самого конца. Загрузчик обучения перемешивает данные каждую эпоху \
        и выбрасывает неполный последний батч (`dropLast`), загрузчик валидации — нет.
        """,
        en: """
        The training part is split into training and validation: `randomSplit(dataset, lengths: [\(trainSet.count), \(valSet.count)], \
        generator: Generator(seed: 42))`, like `random_split` with `torch.Generator().manual_seed(42)`. \
        The test part stays untouched until the very end. The training loader reshuffles every epoch \
        and drops an incomplete last batch (`dropLast`); the validation loader does neither.
        """))
    s.print("train_dataset size: \(trainSet.count)")
    s.print("val_dataset size:   \(valSet.count)")
    s.print("train_loader size:  \(trainLoader.count)")
    s.print("val_loader size:    \(valLoader.count)")
    var firstBatch = trainLoader.makeIterator()
    let (x, y) = firstBatch.next()!
    s.print("x shape: \(x.shape)   (B × C × H × W)")
    s.print("y shape: [\(y.count)]")
}

// MARK: - 2. Model, loss, metric

lesson.section(L(ru: "Модель, функция потерь и метрика", en: "Model, loss and metric")) { s in
    guard !evaluating else { return }
    let hidden = hiddenOption.value
    let model = Classifier(hidden: hidden)
    s.prose(L(
        ru: """
        Полносвязная сеть с одним скрытым слоем: 784 → \(hidden) (ReLU) → 10. Батч изображений \
        B\u{00A0}×\u{00A0}1\u{00A0}×\u{00A0}28\u{00A0}×\u{00A0}28 сначала вытягивается в матрицу \
        B\u{00A0}×\u{00A0}784: каждое изображение — в вектор из 784 чисел (`x.reshape([-1, 784])`, \
        как `x.view(-1, 28 * 28)`).
        """,
        en: """
        A fully connected network with one hidden layer: 784 → \(hidden) (ReLU) → 10. An image batch \
        B\u{00A0}×\u{00A0}1\u{00A0}×\u{00A0}28\u{00A0}×\u{00A0}28 is first flattened to \
        B\u{00A0}×\u{00A0}784, each image to a vector of 784 numbers (`x.reshape([-1, 784])`, \
        like `x.view(-1, 28 * 28)`).
        """))
    s.print(model)
    let inputShape = [batchOption.value, 1, 28, 28]
    s.print(summary(model, inputShape: inputShape, colWidth: 18))

    s.prose(L(
        ru: """
        Функция потерь — средняя по батчу кросс-энтропия: CE = −(1/B) Σᵢ log p̂ᵢ[yᵢ], где \
        p̂ᵢ = softmax(ŷᵢ). Модель выдаёт логиты ŷ, а softmax и логарифм считаются внутри \
        `CrossEntropyLoss` одним устойчивым шагом (log-sum-exp). У необученной сети потери близки к \
        ln 10 ≈ \(String(format: "%.3f", log(10.0))): все классы примерно равновероятны.
        """,
        en: """
        The loss is the batch mean of the cross-entropy: CE = −(1/B) Σᵢ log p̂ᵢ[yᵢ] with \
        p̂ᵢ = softmax(ŷᵢ). The model outputs logits ŷ; softmax and log happen inside \
        `CrossEntropyLoss` in one stable step (log-sum-exp). An untrained network scores close to \
        ln 10 ≈ \(String(format: "%.3f", log(10.0))): every class is about equally likely.
        """))
    var firstBatch = trainLoader.makeIterator()
    let (x, y) = firstBatch.next()!
    let loss = CrossEntropyLoss()(model(x), y)
    s.print("loss value = \(f4(Double(loss.item())))")

    s.prose(L(
        ru: """
        Метрика — точность по каждому классу (`MulticlassAccuracy(numClasses: 10, average: .none)`, \
        как в torchmetrics) и её среднее по классам (macro). Метрика накапливает батчи в `update`, \
        а итог считает в `compute`. Проверим необученную сеть на двух батчах валидации:
        """,
        en: """
        The metric is the accuracy of each class (`MulticlassAccuracy(numClasses: 10, average: .none)`, \
        as in torchmetrics) and its mean over classes (macro). It accumulates batches with `update` and \
        gives the result in `compute`. On two validation batches, with the untrained network:
        """))
    let metric = MulticlassAccuracy(numClasses: 10, average: .none)
    var iterator = valLoader.makeIterator()
    noGrad {
        for _ in 0..<2 {
            if let (x, y) = iterator.next() { metric.update(model(x), y) }
        }
    }
    let perClass = metric.compute()
    let shown = perClass.map { String(format: "%.4f", $0) }
    s.print("class accuracy: [" + shown.joined(separator: ", ") + "]")
    s.print("mean accuracy: " + f4(perClass.reduce(0, +) / 10))
}

// MARK: - 3. The training loop

struct EpochRow { var trainLoss, trainAcc, valLoss, valAcc, seconds: Double }
var loopHistory: [EpochRow] = []

lesson.section(L(ru: "Цикл обучения", en: "The training loop")) { s in
    guard !evaluating else { return }
    let lr = lrOption.value
    let model = Classifier(hidden: hiddenOption.value)
    let optimizer = makeOptimizerFor(optimizerOption.value,
                                     model.parameters(), lr: lr)
    let lossFunction = CrossEntropyLoss()
    s.prose(L(
        ru: """
        Пишем цикл обучения сами, как в исходном ноутбуке: \(epochs) \(russianPlural(epochs, "эпоха", "эпохи", "эпох")), \
        оптимизатор \(type(of: optimizer)) с lr\u{00A0}=\u{00A0}\(lr), размер батча \(batchOption.value). В каждой эпохе — проход по \
        обучающим данным (`model.train()`, прямой проход, потери, `zeroGrad`, `backward`, `step`), затем \
        валидация без графа вычислений (`model.eval()`, `noGrad`). После каждой эпохи перерисовывается \
        график (как livelossplot), а модель сохраняется, если средняя точность на валидации выросла. \
        Если потери обратятся в NaN или бесконечность, цикл остановится и назовёт эпоху, шаг и lr.
        """,
        en: """
        We write the training loop ourselves, as the original notebook does: \(epochs) epoch\(epochs == 1 ? "" : "s"), \
        \(type(of: optimizer)) with lr\u{00A0}=\u{00A0}\(lr), batch \(batchOption.value). Each epoch makes one pass over the \
        training data (`model.train()`, forward, loss, `zeroGrad`, `backward`, `step`), then validates \
        without a graph (`model.eval()`, `noGrad`). After every epoch the plot is redrawn (like \
        livelossplot) and the model is saved if the mean validation accuracy went up. Should the loss \
        become NaN or infinite, the loop stops and names the epoch, step and lr.
        """))
    let liveURL = s.drawsFigures
        ? lesson.figuresDirectory?.appendingPathComponent("training.png")
        : nil
    var bestMetric = 0.0
    var bestEpoch = -1
    var step = 0
    loopHistory = []
    for epoch in 0..<epochs {
        let start = now()
        model.train()
        let trainLoss = MeanMetric()
        let trainMetric = MulticlassAccuracy(numClasses: 10, average: .none)
        let label = "epoch \(epoch + 1)/\(epochs)"
        let bar = s.progress(total: trainLoader.count, label: label)
        for (x, y) in trainLoader {
            let logits = model(x)
            let loss = lossFunction(logits, y)
            let value = loss.item()
            guard value.isFinite else {
                throw DivergenceError(epoch: epoch, step: step,
                                      lr: optimizer.lr, loss: value)
            }
            optimizer.zeroGrad()
            loss.backward()
            optimizer.step()
            step += 1
            trainLoss.update(Double(value), weight: Double(y.count))
            noGrad { trainMetric.update(logits.detach(), y) }
            bar.advance(metrics: [("loss", f4(trainLoss.compute()))])
        }
        model.eval()
        let valLoss = MeanMetric()
        let valMetric = MulticlassAccuracy(numClasses: 10, average: .none)
        noGrad {
            for (x, y) in valLoader {
                let logits = model(x)
                valLoss.update(lossFunction(logits, y), weight: Double(y.count))
                valMetric.update(logits, y)
            }
        }
        let row = EpochRow(trainLoss: trainLoss.compute(),
                           trainAcc: trainMetric.compute().reduce(0, +) / 10,
                           valLoss: valLoss.compute(),
                           valAcc: valMetric.compute().reduce(0, +) / 10,
                           seconds: now() - start)
        bar.finish(metrics: [("loss", f4(row.trainLoss)),
                             ("val_loss", f4(row.valLoss)),
                             ("val_acc", f4(row.valAcc))])
        loopHistory.append(row)
        if bestMetric < row.valAcc {
            bestMetric = row.valAcc
            bestEpoch = epoch
            try saveBest(model, epoch: epoch, valAccuracy: row.valAcc)
        }
        if let liveURL {
            let live = trainingFigure(loopHistory, totalEpochs: epochs)
            try live.savePNG(to: liveURL)
        }
    }
    s.table(headers: [L(ru: "эпоха", en: "epoch"), "loss", "val_loss",
                      "accuracy", "val_accuracy", L(ru: "время", en: "time")],
            rows: loopHistory.enumerated().map { i, r in
                ["\(i + 1)", f4(r.trainLoss), f4(r.valLoss),
                 f4(r.trainAcc), f4(r.valAcc), seconds(r.seconds)] })
    let caption = L(ru: "Потери и точность по эпохам "
                        + "(файл перерисовывался после каждой эпохи)",
                    en: "Loss and accuracy per epoch "
                        + "(the file was redrawn after every epoch)")
    try s.figure("training", caption: caption) {
        trainingFigure(loopHistory, totalEpochs: epochs)
    }
    let total = loopHistory.map(\.seconds).reduce(0, +)
    s.prose(L(
        ru: """
        Лучшая средняя точность на валидации — \(pct(bestMetric)) (эпоха \(bestEpoch + 1)); эта модель \
        сохранена в `\(bestCheckpoint.relativePath)`.\(lesson.showsTimings ? " Все эпохи заняли \(seconds(total))." : "")
        """,
        en: """
        The best mean validation accuracy is \(pct(bestMetric)) (epoch \(bestEpoch + 1)); that model is \
        saved in `\(bestCheckpoint.relativePath)`.\(lesson.showsTimings ? " All epochs took \(seconds(total))." : "")
        """))
}

// MARK: - 4. Testing the best model

lesson.section(L(ru: "Тестирование лучшей модели", en: "Testing the best model")) { s in
    guard !evaluating else { return }
    let (folder, file) = folderAndFile(bestCheckpoint.relativePath)
    s.prose(L(
        ru: """
        Загружаем сохранённые веса в новую модель со строгой проверкой имён и форм \
        (`load(from:strict: true)`, как `load_state_dict(..., strict=True)`). Файл — safetensors с \
        именами PyTorch, так что его можно загрузить и в PyTorch — в \
        `Classifier(D=\(hiddenOption.value))` исходного ноутбука:

            state = safetensors.torch.load_file(
                "\(folder)"
                "\(file)")
            model.load_state_dict(state, strict=True)
        """,
        en: """
        We load the saved weights into a fresh model with names and shapes checked strictly \
        (`load(from:strict: true)`, like `load_state_dict(..., strict=True)`). The file is safetensors with \
        PyTorch's names, so PyTorch reads it too, into the original notebook's \
        `Classifier(D=\(hiddenOption.value))`:

            state = safetensors.torch.load_file(
                "\(folder)"
                "\(file)")
            model.load_state_dict(state, strict=True)
        """))
    guard loopRunFolder != nil else { throw nothingToTest(s) }
    let model = Classifier(hidden: hiddenOption.value)
    try model.load(from: bestCheckpoint, strict: true)
    let keys = model.stateDict().map { "\($0.name) \($0.tensor.shape)" }
    s.print("keys: " + keys.joined(separator: ", "))
    s.prose(L(ru: "Точность на \(ru(testSet.count)) тестовых изображениях по классам:",
              en: "Accuracy on the \(en(testSet.count)) test images, class by class:"))
    let (perClass, confusion) = testPerClass(model, s)
    let worst = perClass.indices.min { perClass[$0] < perClass[$1] }!
    let counts = confusion.counts
    let others = (0..<10).filter { $0 != worst }
    let confusedWith = others.max { counts[worst][$0] < counts[worst][$1] }!
    let confusions = counts[worst][confusedWith]
    s.prose(L(
        ru: """
        Хуже всего модель распознаёт класс «\(classNames[worst])» (\(pct(perClass[worst]))): чаще всего \
        вместо него она выдаёт класс «\(classNames[confusedWith])» (\(confusions) \
        \(russianPlural(confusions, "раз", "раза", "раз"))). Матрица ошибок \
        показывает все такие пары: строка — истинный класс, столбец — предсказанный.
        """,
        en: """
        The hardest class is "\(classNames[worst])" (\(pct(perClass[worst]))); it is most often taken for \
        "\(classNames[confusedWith])" (\(confusions) time\(confusions == 1 ? "" : "s")). The confusion matrix shows every \
        such pair: row = true class, column = predicted class.
        """))
    let caption = L(ru: "Матрица ошибок на тестовых данных",
                    en: "Confusion matrix on the test data")
    try s.figure("confusion_matrix", caption: caption) {
        confusionFigure(counts, classNames: classNames, images: testSet.count)
    }
}

// MARK: - 5. One prediction

lesson.section(L(ru: "Одно предсказание", en: "One prediction")) { s in
    guard !evaluating else { return }
    let model = try loadClassifier(bestCheckpoint)
    let index = s.quick ? 102 % testSet.count : 102
    let (image, label) = testSet[index]
    let input = image.reshape([1, 1, 28, 28])
    let softmax = inferenceMode { model(input).softmax(dim: 1) }
    let probabilities = softmax.scalars.map { Double($0) }
    let predicted = probabilities.indices.max {
        probabilities[$0] < probabilities[$1]
    }!
    s.prose(L(ru: """
              Возьмём одно тестовое изображение (№ \(index)). Softmax превращает логиты лучшей модели в \
              вероятности классов, а предсказание — класс с наибольшим логитом, то есть и с наибольшей \
              вероятностью:
              """,
              en: """
              Take one test image (no. \(index)). Softmax turns the best model's logits into class \
              probabilities; the prediction is the class with the largest logit, and so with the largest \
              probability:
              """))
    s.print("true class:      \(classNames[label])")
    s.print("Predicted class: \(classNames[predicted])")
    let rows = classNames.indices.map {
        [classNames[$0], String(format: "%.4f", probabilities[$0])]
    }
    s.table(headers: [L(ru: "класс", en: "class"),
                      L(ru: "вероятность", en: "probability")],
            rows: rows)
    let caption = L(
        ru: "Тестовое изображение и вероятности классов по модели",
        en: "A test image and the class probabilities the model gives")
    try s.figure("prediction", caption: caption) {
        predictionFigure(image: image, label: label,
                         probabilities: probabilities,
                         predicted: predicted, classNames: classNames)
    }
}

// MARK: - 6. The Trainer

var sgdHistory: [EpochMetrics] = []

/// Loggers writing into a new `<logdir>/<name>/version_N`: earlier runs' logs and checkpoints stay.
func freshRun(_ name: String) throws -> (CSVLogger, TensorBoardLogger) {
    let version = try LogDirectory.createNextVersion(saveDir: logDir, name: name)
    return (CSVLogger(saveDir: logDir, name: name, version: version), TensorBoardLogger(saveDir: logDir, name: name, version: version))
}

func trainerFor(_ s: Section, epochs: Int, callbacks: [Callback], loggers: [TrainingLogger]) -> Trainer {
    let trainer = Trainer(maxEpochs: epochs, callbacks: callbacks, loggers: loggers)
    trainer.progressBar = { s.progress(total: $0, label: $1) }
    return trainer
}

lesson.section(L(ru: "То же с Trainer: колбэки, CSV и TensorBoard", en: "The same with the Trainer: callbacks, CSV and TensorBoard")) { s in
    guard !evaluating else { return }
    s.prose(L(
        ru: """
        Цикл выше почти всегда один и тот же, поэтому его прячут в «тренер» (PyTorch Lightning). Модель \
        описывает только шаги: `trainingStep` возвращает потери, `validationStep` и `testStep` логируют \
        метрики через `log(...)`, `configureOptimizers` выбирает оптимизатор. Всё остальное — эпохи, \
        `zeroGrad`/`backward`/`step`, режимы train/eval, `noGrad`, прогресс-бар — делает `Trainer`. \
        Колбэки: `ModelCheckpoint(monitor: "val/acc", mode: .max)` хранит лучший чекпойнт, \
        `LearningRateMonitor()` пишет lr в логи. Логгеры: CSV (строка на эпоху) и файлы событий TensorBoard.
        """,
        en: """
        The loop above is nearly always the same, so it is hidden in a "trainer" (PyTorch Lightning). The \
        model only states its steps: `trainingStep` returns the loss, `validationStep` and `testStep` log \
        metrics with `log(...)`, `configureOptimizers` picks the optimizer. Everything else (epochs, \
        `zeroGrad`/`backward`/`step`, train/eval modes, `noGrad`, the progress bar) is the `Trainer`'s job. \
        Callbacks: `ModelCheckpoint(monitor: "val/acc", mode: .max)` keeps the best checkpoint, \
        `LearningRateMonitor()` logs the lr. Loggers: CSV (one row per epoch) and TensorBoard event files.
        """))
    let optimizer = optimizerOption.value
    let model = LitClassifier(hidden: hiddenOption.value,
                              optimizer: optimizer,
                              learningRate: lrOption.value)
    let (csv, tensorboard) = try freshRun(optimizer.rawValue)
    trainerRunPath = csv.logDirectory.relativePath(from: logDir,
                                                   prefix: logDirPath)
    let checkpoint = ModelCheckpoint(monitor: "val/acc", mode: .max)
    let trainer = trainerFor(s, epochs: epochs,
                             callbacks: [checkpoint, LearningRateMonitor()],
                             loggers: [csv, tensorboard])
    let start = now()
    try trainer.fit(model, train: trainLoader, validation: valLoader)
    let elapsed = now() - start
    sgdHistory = trainer.history
    let lrKey = "lr-\(type(of: trainer.optimizer!))"
    s.table(headers: ["epoch", "train/loss", "val/loss", "val/acc", lrKey],
            rows: trainer.history.map { h in
                ["\(h.epoch)", f4(h.trainLoss ?? .nan), f4(h.valLoss ?? .nan),
                 f4(h.valAccuracy ?? .nan), "\(h[lrKey] ?? .nan)"] })
    let test = trainer.test(model, testLoader)
    let (testLoss, testAcc) = (test["test/loss"]!, test["test/acc"]!)
    s.print("test/loss: \(f4(testLoss))   test/acc: \(f4(testAcc))")
    s.print(L(ru: "время обучения:", en: "training time:"), seconds(elapsed))
    s.print(L(ru: "файлы запуска в", en: "the run's files in"),
            trainerRunPath + "/:")
    let best = checkpoint.bestModelPath!.lastPathComponent
    s.print(L(ru: "  лучший чекпойнт:", en: "  best checkpoint:"),
            "checkpoints/" + best)
    s.print(L(ru: "  метрики CSV:", en: "  CSV metrics:"),
            csv.metricsFile.lastPathComponent)
    s.print(L(ru: "  гиперпараметры:", en: "  hyperparameters:"), "hparams.yaml")
    s.prose(L(
        ru: """
        Тренер, как и Lightning, нумерует эпохи с нуля — так они записаны и в `metrics.csv`, и в имени \
        чекпойнта (`epoch=0` — первая эпоха). Чекпойнт хранит веса под именами `net.layers.0.weight`, … — \
        так же, как `state_dict()` Lightning-модели из исходного ноутбука. Графики обучения открываются \
        в TensorBoard:
        """,
        en: """
        Like Lightning, the trainer counts epochs from zero, as `metrics.csv` and the checkpoint's name \
        show (`epoch=0` is the first epoch). The checkpoint keeps the weights as \
        `net.layers.0.weight`, …, the names of the original notebook's Lightning model's `state_dict()`. \
        The training curves open in TensorBoard:
        """))
    s.print("tensorboard --logdir \(logDirPath)")
}

// MARK: - 7. Your own Dataset

/// The original notebook's `DataSet`, written as PyTorch's is: the number of samples
/// and the sample at an index. The PNG is read when the sample is asked for (like
/// `cv2.imread` in `__getitem__`), its bytes divided by 255 (`T.ToTensor()`), and the
/// label is the name of the file's folder (`int(f.parent.name)`).
struct PNGFiles: Dataset {
    let files: [URL]

    var count: Int { files.count }

    subscript(index: Int) -> (image: Tensor, label: Int) {
        let file = files[index]
        guard let png = try? PNG.readGrayscale(file), png.width == 28, png.height == 28 else {
            fatalError("\(file.path): not a 28×28 grayscale PNG; export the data again")
        }
        let image = Tensor(png.pixels.map { Float($0) / 255 }, shape: [1, 28, 28])
        return (image, Int(file.deletingLastPathComponent().lastPathComponent)!)
    }
}

/// `list(folder.glob("**/*.png"))`, in a fixed order.
func pngFiles(under folder: URL) -> [URL] {
    let all = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
    return all.filter { $0.pathExtension.lowercased() == "png" }.sorted { $0.path < $1.path }
}

/// The PNG folders sections 7 and 8 read, exported to a temporary folder and removed after section 8.
let pngRoot = FileManager.default.temporaryDirectory.appendingPathComponent("lesson-07-png-\(ProcessInfo.processInfo.processIdentifier)")

lesson.section(L(ru: "Свой Dataset из папок PNG", en: "Your own Dataset over PNG folders")) { s in
    guard !evaluating else { return }
    let (trainCount, testCount) = s.quick ? (600, 200) : (3000, 1000)
    let (fullTrain, fullTest) = try FashionMNIST.splits(
        dataDirectory: dataOptions.directory,
        download: dataOptions.download) { _ in }
    let trainFolder = pngRoot.appendingPathComponent("train")
    let testFolder = pngRoot.appendingPathComponent("test")
    let firstTrain = Subset(fullTrain, indices: Array(0..<trainCount))
    let firstTest = Subset(fullTest, indices: Array(0..<testCount))
    try ImageFolder.export(firstTrain, to: trainFolder)
    try ImageFolder.export(firstTest, to: testFolder)
    s.prose(L(
        ru: """
        Исходный ноутбук не пользуется готовым классом для Fashion-MNIST: он выгружает картинки в папки \
        `fashion-mnist/train/<метка>/<номер>.png` и пишет свой класс `DataSet(Dataset)` с методами \
        `__len__` и `__getitem__`; второй читает файл и берёт метку из имени папки. Повторим это. Выгрузим \
        \(ru(trainCount)) обучающих и \(ru(testCount)) тестовых изображений \
        (`ImageFolder.export(dataset, to: folder)`) во временную папку и напишем свой класс — \
        `PNGFiles: Dataset` (код — в `Lessons/lesson-07-fashion-mnist/main.swift`). Как и в PyTorch, \
        от набора данных нужны две вещи: `count` (`__len__`) и `subscript(index)` (`__getitem__`), который \
        возвращает изображение — тензор [1, 28, 28] со значениями в [0, 1] — и метку. Наш `subscript` читает PNG, \
        делит байты на 255 (в ноутбуке это делает `T.ToTensor()`) и берёт метку из имени папки. У наборов \
        данных библиотеки есть ещё и быстрый путь — они пишут пиксели прямо в батч загрузчика \
        (`sample(at:into:)`), — но своему классу он не обязателен.

        Осторожно с ноутбуком: там вызывают `DataSet(DATA_DIR / "fashion-mnist/train")` — одну папку, \
        а конструктор класса ждёт список файлов и преобразование: `__init__(self, image_files, transform)`. \
        Такой вызов падает с `TypeError` (нет аргумента `transform`), а если передать и его, упадёт \
        следующая строка: путь — не список файлов, `for f in self.files` по нему не пройти. Правильно — \
        `DataSet(list((DATA_DIR / "fashion-mnist/train").glob("**/*.png")), T.ToTensor())`, как делает \
        `DataModule` того же ноутбука. У нас конструктор один: `PNGFiles(files: pngFiles(under: folder))`.
        """,
        en: """
        The original notebook does not use a ready-made Fashion-MNIST class: it exports the pictures to \
        folders `fashion-mnist/train/<label>/<number>.png` and writes its own class `DataSet(Dataset)` \
        with `__len__` and `__getitem__`; the latter reads a file and takes the label from the folder's \
        name. Let us do the same. We export \(en(trainCount)) training and \(en(testCount)) test \
        images (`ImageFolder.export(dataset, to: folder)`) to a temporary folder and write our own class, \
        `PNGFiles: Dataset` (the code is in `Lessons/lesson-07-fashion-mnist/main.swift`). As in PyTorch, a \
        data set needs two things: `count` (`__len__`) and `subscript(index)` (`__getitem__`), which \
        returns an image (a tensor [1, 28, 28] of values in [0, 1]) and its label. Ours reads the PNG, \
        divides its bytes by 255 (in the notebook `T.ToTensor()` does that) and takes the label from the \
        folder's name. The library's own data sets also take a fast path, writing pixels straight into \
        the loader's batch (`sample(at:into:)`), but a class of one's own can do without it.

        A warning about the notebook: it calls `DataSet(DATA_DIR / "fashion-mnist/train")` with one \
        folder, while the class's constructor wants a list of files and a transform: \
        `__init__(self, image_files, transform)`. That call fails with a `TypeError` (the `transform` \
        argument is missing), and with a transform the next line fails instead: a path is not a list of \
        files, and `for f in self.files` cannot iterate over it. The right call is \
        `DataSet(list((DATA_DIR / "fashion-mnist/train").glob("**/*.png")), T.ToTensor())`, which is what \
        the same notebook's `DataModule` does. Here there is one constructor: \
        `PNGFiles(files: pngFiles(under: folder))`.
        """))
    let own = PNGFiles(files: pngFiles(under: trainFolder))
    let index = 0
    let (x, y) = own[index]
    let file = own.files[index]
    let number = Int(file.deletingPathExtension().lastPathComponent)!
    let original = fullTrain[number]
    let shortPath = file.pathComponents.suffix(3).joined(separator: "/")
    s.print("dataset = PNGFiles(files: pngFiles(under: \"train\"))")
    s.print("len(dataset) = \(own.count)")
    s.print("x, y = dataset[\(index)]   # \(shortPath)")
    s.print("x.shape: \(x.shape)   y: \(y)  (\(classNames[y]))")
    let sameAsIDX = x.scalars == original.image.scalars && y == original.label
    s.print(L(ru: "те же пиксели и метка, что в файлах IDX:",
              en: "the same pixels and label as in the IDX files:"),
            sameAsIDX ? L(ru: "да", en: "yes") : L(ru: "нет", en: "no"))
}

// MARK: - 8. A data module

/// The original notebook's `DataModule(pl.LightningDataModule)`: where the files are, the
/// split and the loaders, in one object the Trainer asks for data.
final class FashionPNGDataModule: LightningDataModule {
    let dataDir: URL, batchSize: Int, trainFraction: Double
    private(set) var trainDataset: Subset?, valDataset: Subset?, testDataset: PNGFiles?

    init(dataDir: URL, batchSize: Int, trainFraction: Double = 5.0 / 6) {
        self.dataDir = dataDir
        self.batchSize = batchSize
        self.trainFraction = trainFraction
    }

    func setup(stage: DataStage) throws {
        switch stage {
        case .fit, .validate:
            let all = PNGFiles(files: pngFiles(under: dataDir.appendingPathComponent("train")))
            let trainCount = Int((Double(all.count) * trainFraction).rounded())
            let parts = randomSplit(all, lengths: [trainCount, all.count - trainCount], generator: Generator(seed: 42))
            (trainDataset, valDataset) = (parts[0], parts[1])
        case .test, .predict:
            testDataset = PNGFiles(files: pngFiles(under: dataDir.appendingPathComponent("test")))
        }
    }

    func trainDataloader() throws -> DataLoader {
        DataLoader(trainDataset!, batchSize: batchSize, shuffle: true, dropLast: true, generator: Generator(seed: 7))
    }
    func valDataloader() throws -> DataLoader? { valDataset.map { DataLoader($0, batchSize: batchSize) } }
    func testDataloader() throws -> DataLoader? { testDataset.map { DataLoader($0, batchSize: batchSize) } }
}

lesson.section(L(ru: "Модуль данных для Trainer", en: "A data module for the Trainer")) { s in
    guard !evaluating else { return }
    defer { try? FileManager.default.removeItem(at: pngRoot) }
    s.prose(L(
        ru: """
        **Модуль данных** (`LightningDataModule`) собирает в одном объекте всё о данных: где файлы, как \
        делить, какие преобразования, какие загрузчики. `setup(stage:)` строит наборы для стадии (`.fit` — \
        обучение и валидация, `.test` — тест), а `trainDataloader()`, `valDataloader()`, \
        `testDataloader()` отдают загрузчики. Модель о данных не знает ничего; тренер сам спрашивает модуль: \
        `trainer.fit(model, datamodule: dm)` и `trainer.test(model, datamodule: dm)`. Наш \
        `FashionPNGDataModule` делит выгруженные файлы 5 : 1 с зерном 42, как ноутбук делит 60\u{00A0}000 на \
        50\u{00A0}000 и 10\u{00A0}000.
        """,
        en: """
        A **data module** (`LightningDataModule`) keeps everything about the data in one object: where the \
        files are, how to split them, which transforms and which loaders. `setup(stage:)` builds the data \
        sets of a stage (`.fit`: training and validation, `.test`: test), and `trainDataloader()`, \
        `valDataloader()` and `testDataloader()` hand out the loaders. The model knows nothing about the \
        data; the trainer asks the module itself: `trainer.fit(model, datamodule: dm)` and \
        `trainer.test(model, datamodule: dm)`. Our `FashionPNGDataModule` splits the exported files 5 : 1 \
        with seed 42, as the notebook splits 60,000 into 50,000 and 10,000.
        """))
    let dm = FashionPNGDataModule(dataDir: pngRoot, batchSize: 50)
    let moduleEpochs = s.quick ? 3 : 5
    let model = LitClassifier(hidden: hiddenOption.value, optimizer: .sgd,
                              learningRate: 0.1)
    let trainer = trainerFor(s, epochs: moduleEpochs, callbacks: [], loggers: [])
    try trainer.fit(model, datamodule: dm)
    s.print("len(dm.trainDataset) = \(dm.trainDataset!.count)   "
            + "len(dm.valDataset) = \(dm.valDataset!.count)")
    let test = try trainer.test(model, datamodule: dm)
    s.print("len(dm.testDataset) = \(dm.testDataset!.count)")
    let valAcc = trainer.history.last?.valAccuracy ?? .nan
    let testAcc = test["test/acc"]!
    let n = moduleEpochs
    let epochWord = russianPlural(n, "эпоха", "эпохи", "эпох")
    let run = L(ru: "(\(n) \(epochWord), SGD lr 0.1)",
                en: "(\(n) epoch\(n == 1 ? "" : "s"), SGD lr 0.1)")
    s.print("val/acc: \(f4(valAcc))   test/acc: \(f4(testAcc))  ", run)
    let pictures = dm.trainDataset!.count
    s.prose(L(
        ru: """
        Точность здесь не цель: у модели всего \(ru(pictures)) \(russianPlural(pictures, "картинка", "картинки", "картинок")) и \(moduleEpochs) \
        \(russianPlural(moduleEpochs, "эпоха", "эпохи", "эпох")). Цель — путь данных: свой класс → \
        модуль данных → `Trainer`. Наш класс читает PNG заново при каждом обращении, как ноутбук. Для \
        всех 60\u{00A0}000 картинок библиотека предлагает `ImageFolder(root:)`: он читает те же папки, но \
        загружает все картинки в память сразу, и эпохе не нужно заново декодировать PNG.
        """,
        en: """
        Accuracy is not the point here: the model has only \(en(pictures)) pictures and \
        \(moduleEpochs) epochs. The point is the path of the data: your own class → the data module → the \
        `Trainer`. Our class decodes a PNG on every access, as the notebook does. For all 60,000 pictures \
        the library offers `ImageFolder(root:)`: it reads the same folders, but all pictures into memory \
        at once, so an epoch does not decode the PNGs again.
        """))
}

// MARK: - 9. Adam at lr 0.1

/// Hidden ReLUs of `model` that stay silent (pre-activation ≤ 0) on every image of `loader`:
/// their gradient is zero on every sample, so no step can revive them.
func deadNeurons(_ model: Classifier, on loader: DataLoader) -> Int {
    let first = model.layers[0] as! Linear
    var alive = [Bool](repeating: false, count: first.weight.shape[0])
    noGrad {
        for (x, _) in loader {
            let h = first(x.reshape([-1, 784])).scalars
            for (i, v) in h.enumerated() where v > 0 { alive[i % alive.count] = true }
        }
    }
    return alive.filter { !$0 }.count
}

lesson.section(L(ru: "Adam с lr = 0.1 из исходного ноутбука", en: "Adam at lr = 0.1, as in the original notebook")) { s in
    guard !evaluating else { return }
    let adamEpochs = s.quick ? min(epochs, 2) : min(epochs, 5)
    s.prose(L(
        ru: """
        В Lightning-варианте исходного ноутбука `configure_optimizers` возвращает `Adam(lr=0.1)`. Для Adam это \
        очень большой шаг: Adam нормирует градиент, поэтому каждый вес в начале сдвигается примерно на lr \
        за шаг, независимо от величины градиента. Обучим ту же сеть \(adamEpochs) \
        \(russianPlural(adamEpochs, "эпоху", "эпохи", "эпох")) с lr\u{00A0}=\u{00A0}0.1 и с обычным для Adam lr\u{00A0}=\u{00A0}0.001, а ещё \
        посчитаем «мёртвые» нейроны — скрытые ReLU, которые молчат на всех изображениях валидации.
        """,
        en: """
        In the original notebook's Lightning variant `configure_optimizers` returns `Adam(lr=0.1)`. For Adam that is a very \
        large step: Adam normalises the gradient, so early on every weight moves by about lr per step, \
        whatever the size of its gradient. We train the same network for \(adamEpochs) epoch\(adamEpochs == 1 ? "" : "s") \
        with lr\u{00A0}=\u{00A0}0.1 and with Adam's usual lr\u{00A0}=\u{00A0}0.001, and count "dead" neurons: hidden ReLUs that stay \
        silent on every validation image.
        """))
    var curves: [(label: String, history: [EpochMetrics])] = []
    var rows: [[String]] = []
    var finalAcc: [Double] = []
    var deadCounts: [Int] = []
    var diverged: [String] = []
    for lr in [0.1, 0.001] {
        let name = "adam-lr\(lr)"
        let model = LitClassifier(hidden: hiddenOption.value,
                                  optimizer: .adam, learningRate: lr)
        let (csv, tensorboard) = try freshRun(name)
        let trainer = trainerFor(s, epochs: adamEpochs,
                                 callbacks: [LearningRateMonitor()],
                                 loggers: [csv, tensorboard])
        do {
            try trainer.fit(model, train: trainLoader, validation: valLoader)
        } catch let error as DivergenceError {
            diverged.append(name)
            s.print("Adam lr=\(lr): \(error)")
        }
        let dead = deadNeurons(model.net, on: valLoader)
        deadCounts.append(dead)
        let last = trainer.history.last
        finalAcc.append(last?.valAccuracy ?? .nan)
        rows.append(["Adam", "\(lr)",
                     f4(last?.trainLoss ?? .nan), f4(last?.valLoss ?? .nan),
                     f4(last?.valAccuracy ?? .nan),
                     "\(dead) / \(hiddenOption.value)"])
        curves.append(("Adam lr = \(lr)", trainer.history))
    }
    let optimizerName = optimizerOption.value.rawValue.uppercased()
    curves.append(("\(optimizerName) lr = \(lrOption.value)", sgdHistory))
    s.table(headers: [L(ru: "оптимизатор", en: "optimizer"), "lr",
                      "train/loss", "val/loss", "val/acc",
                      L(ru: "мёртвых нейронов", en: "dead neurons")],
            rows: rows)
    let better = finalAcc[1] > finalAcc[0]
    let hidden = hiddenOption.value
    let (deadLarge, deadSmall) = (deadCounts[0], deadCounts[1])
    let aliveLarge = hidden - deadLarge
    let deadShare = pct(Double(deadLarge) / Double(hidden))
    if better {
        s.prose(L(
            ru: """
            С lr\u{00A0}=\u{00A0}0.1 Adam достигает на валидации лишь \(pct(finalAcc[0])) против \(pct(finalAcc[1])) с \
            lr\u{00A0}=\u{00A0}0.001: огромные шаги выбивают веса далеко от хорошей области.
            """,
            en: """
            At lr\u{00A0}=\u{00A0}0.1 Adam reaches only \(pct(finalAcc[0])) on validation, against \(pct(finalAcc[1])) at \
            lr\u{00A0}=\u{00A0}0.001: the huge steps throw the weights far from the good region.
            """))
    } else {
        s.prose(L(ru: "В этом запуске Adam с lr\u{00A0}=\u{00A0}0.1 дал на валидации \(pct(finalAcc[0])), а с lr\u{00A0}=\u{00A0}0.001 — \(pct(finalAcc[1])).",
                  en: "In this run Adam at lr\u{00A0}=\u{00A0}0.1 scored \(pct(finalAcc[0])) on validation and at lr\u{00A0}=\u{00A0}0.001 \(pct(finalAcc[1]))."))
    }
    if deadLarge > deadSmall {
        s.prose(L(
            ru: """
            После обучения с lr\u{00A0}=\u{00A0}0.1 молчат \(deadLarge) из \(hidden) скрытых нейронов (\(deadShare)), с \
            lr\u{00A0}=\u{00A0}0.001 — \(deadSmall). Градиент ReLU на «мёртвом» нейроне равен нулю, и он больше не \
            обучается: сеть с lr\u{00A0}=\u{00A0}0.1 фактически работает на \(aliveLarge) \
            \(russianPlural(aliveLarge, "нейроне", "нейронах", "нейронах")).
            """,
            en: """
            After training at lr\u{00A0}=\u{00A0}0.1, \(deadLarge) of \(hidden) hidden neurons (\(deadShare)) are silent, at \
            lr\u{00A0}=\u{00A0}0.001 \(deadSmall). ReLU's gradient is zero on a dead neuron, so it never trains again: the \
            network at lr\u{00A0}=\u{00A0}0.1 in effect runs on \(aliveLarge) neuron\(aliveLarge == 1 ? "" : "s").
            """))
    } else {
        s.prose(L(ru: "«Мёртвых» нейронов с lr\u{00A0}=\u{00A0}0.1 не больше, чем с lr\u{00A0}=\u{00A0}0.001: \(deadLarge) и \(deadSmall) из \(hidden).",
                  en: "At lr\u{00A0}=\u{00A0}0.1 there are no more dead neurons than at lr\u{00A0}=\u{00A0}0.001: \(deadLarge) and \(deadSmall) of \(hidden)."))
    }
    if !diverged.isEmpty {
        s.prose(L(ru: "Потери стали NaN в запусках: \(diverged.joined(separator: ", ")) — обучение остановлено защитой.",
                  en: "The loss became NaN in: \(diverged.joined(separator: ", ")); the guard stopped training."))
    }
    let caption = L(ru: "Потери и точность на валидации: Adam с lr = 0.1 "
                        + "и 0.001, а также запуск тренера из раздела 6",
                    en: "Validation loss and accuracy: Adam at lr = 0.1 "
                        + "and 0.001, and the Trainer's run from section 6")
    try s.figure("adam_lr", caption: caption) {
        validationCurvesFigure(curves)
    }
    s.print("tensorboard --logdir \(logDirPath)")
}

// MARK: - 10. Exercises

lesson.section(L(ru: "Упражнения", en: "Exercises")) { s in
    guard !evaluating else { return }
    s.prose(L(
        ru: """
        1. Запустите с `--optimizer adam --lr 0.001`. Обгоняет ли Adam SGD с lr\u{00A0}=\u{00A0}0.1 за те же 10 эпох? \
        Сравните оба запуска в TensorBoard (`tensorboard --logdir \(logDirPath)`).
        2. Уменьшите скрытый слой: `--hidden 32`, затем `--hidden 8`. Посчитайте параметры (их печатает \
        сводка модели) и посмотрите, на сколько падает точность на тесте.
        3. Запустите с `--batch-size 100`: шагов за эпоху станет в 10 раз больше. Как меняются точность после \
        10 эпох и время эпохи? Почему при маленьком батче и том же lr потери более «шумные»?
        4. Проверьте сохранённую модель отдельно: `swift run lesson-07-fashion-mnist --evaluate \(bestCheckpoint.relativePath)`. \
        Затем так же проверьте чекпойнт тренера из `\(trainerRunPath)/checkpoints/` — имена `net.…` тоже читаются.
        """,
        en: """
        1. Run with `--optimizer adam --lr 0.001`. Does Adam beat SGD at lr\u{00A0}=\u{00A0}0.1 within the same 10 epochs? \
        Compare both runs in TensorBoard (`tensorboard --logdir \(logDirPath)`).
        2. Shrink the hidden layer: `--hidden 32`, then `--hidden 8`. Count the parameters (the model \
        summary prints them) and see how far the test accuracy drops.
        3. Run with `--batch-size 100`: ten times more steps per epoch. How do the accuracy after 10 epochs and \
        the epoch time change? Why is the loss noisier with a small batch at the same lr?
        4. Test the saved model on its own: `swift run lesson-07-fashion-mnist --evaluate \(bestCheckpoint.relativePath)`. \
        Then test the trainer's checkpoint from `\(trainerRunPath)/checkpoints/` the same way: `net.…` names load too.
        """))
}

extension URL {
    /// This file's path shown under the folder the user named (`prefix`), not the absolute path.
    func relativePath(from base: URL, prefix: String) -> String {
        let full = standardizedFileURL.path, root = base.standardizedFileURL.path
        guard full.hasPrefix(root) else { return full }
        return prefix + full.dropFirst(root.count)
    }
}

lesson.run()
