// Lesson 08 — the lecture's payoff: the best fully connected net on Fashion-MNIST.
//
//   swift run lesson-08-best-mlp              (reuses saved checkpoints; --retrain trains again)
//
// Starting from lesson 07's model and settings, the lesson adds the lecture's
// methods one at a time (He init, AdamW, warm-up + cosine, a wider net,
// dropout, weight decay, augmentation, early stopping), trains each rung on the
// full 50,000/10,000 split, chooses the final model on validation accuracy
// alone and only then reads the test set.
import Datasets
import Foundation
import LessonKit
import NN
import Optim
import Plot
import Tensors
import Training

let lesson = Lesson(
    id: "lesson-08-best-mlp",
    title: L(ru: "Итог лекции: лучшая полносвязная сеть на Fashion-MNIST",
             en: "The lecture's payoff: the best fully connected net on Fashion-MNIST"),
    summary: L(ru: "Методы лекции по одному поверх модели урока 07: инициализация, AdamW, расписание lr, ширина, dropout, weight decay, аугментация, ранняя остановка. Выбор — только по валидации, тест — один раз в конце. Всё считается на CPU.",
               en: "The lecture's methods added one at a time to lesson 07's model: init, AdamW, an lr schedule, width, dropout, weight decay, augmentation, early stopping. Every choice on validation, the test set read once at the end. Everything runs on the CPU."))

let retrainOption = lesson.option("retrain", default: false,
    help: L(ru: "обучить все ступени заново, не читая сохранённые чекпойнты", en: "train every rung again instead of reading saved checkpoints"))
let checkpointsOption = lesson.option("checkpoints", default: "",
    help: L(ru: "папка кэша чекпойнтов (по умолчанию checkpoints/lesson-08-best-mlp; с --quick кэш читается только из явно заданной папки)",
            en: "checkpoint cache folder (default checkpoints/lesson-08-best-mlp; with --quick the cache is read only from a folder given here)"))
let epochsOption = lesson.option("epochs", default: 30, range: 3...1000,
    help: L(ru: "эпох у длинных ступеней (начиная с расписания lr)", en: "epochs of the long rungs (from the lr schedule on)"))
let hiddenOption = lesson.option("hidden", default: [512, 256], range: 1...4096, count: 1...8,
    help: L(ru: "скрытые слои широкой сети, через запятую", en: "hidden layers of the wide net, comma-separated"))
let dataOptions = lesson.dataOptions()

// MARK: - Shared state

var data: LadderData!
var classNames: [String] = []
/// The rungs: settings (planned in section 1, settled in section 2), name, and the change each makes.
var rungs: [(config: RungConfig, method: L)] = []
var ladderChanges: [(inout RungConfig) -> Void] = []
/// For each rung, the rung it was built on (the best kept one before it); whether it was kept.
var baseOf: [Int] = [], kept: [Bool] = []
var results: [RungResult] = []
var tests: [MulticlassAccuracy] = []
var chosen = 0

/// Published reference points (accuracy on the 10,000 test images).
let mlpBaseline = 0.883, humanAccuracy = 0.835, target = 0.90

func pct(_ x: Double) -> String { String(format: "%.2f %%", 100 * x) }
func f4(_ x: Double) -> String { String(format: "%.4f", x) }
func duration(_ seconds: Double) -> String { lesson.seconds(seconds) }
/// A long total also in minutes (only above two minutes, so quick runs print seconds alone).
func total(_ seconds: Double) -> String {
    seconds < 120 || !lesson.showsTimings ? duration(seconds) : duration(seconds) + String(format: " (%.1f min)", seconds / 60)
}

var cacheDirectory: URL {
    let base = checkpointsOption.value.isEmpty ? "checkpoints/lesson-08-best-mlp" : checkpointsOption.value
    return URL(fileURLWithPath: base, isDirectory: true)
        .appendingPathComponent(lesson.quick && checkpointsOption.value.isEmpty ? "quick" : "", isDirectory: true)
}
/// A path as the user would type it: relative to the working directory when inside it.
func shown(_ url: URL) -> String {
    let cwd = FileManager.default.currentDirectoryPath + "/", path = url.standardizedFileURL.path
    return path.hasPrefix(cwd) ? String(path.dropFirst(cwd.count)) : path
}

/// The ladder: each rung is the previous one plus one method.
func makeLadder(quick: Bool) -> [(config: RungConfig, method: L, change: (inout RungConfig) -> Void)] {
    // --quick: 5,000 images, 2 epochs, a quarter of the width: a smoke run, not a result.
    let long = quick ? 2 : epochsOption.value
    let wide = quick ? hiddenOption.value.map { max(8, $0 / 4) } : hiddenOption.value
    var c = RungConfig(id: "seed")
    if quick { c.epochs = 2 }
    var ladder: [(RungConfig, L, (inout RungConfig) -> Void)] = [(c, L(ru: "модель урока 07", en: "lesson 07's model"), { _ in })]
    func add(_ id: String, _ method: L, _ change: @escaping (inout RungConfig) -> Void) {
        let full: (inout RungConfig) -> Void = { $0.id = id; change(&$0) }
        full(&c)
        ladder.append((c, method, full))
    }
    add("he-init", L(ru: "+ He и стандартизация входа", en: "+ He init, standardised input")) { $0.heInit = true; $0.standardize = true }
    add("adamw", L(ru: "+ AdamW", en: "+ AdamW")) { $0.optimizer = "adamw"; $0.lr = 1e-3 }
    add("schedule", L(ru: "+ разогрев и косинус, \(long) эпох", en: "+ warm-up and cosine, \(long) epochs")) {
        $0.lr = 3e-3; $0.warmupEpochs = quick ? 1 : 2; $0.epochs = long
    }
    add("wider", L(ru: "+ сеть шире и глубже", en: "+ wider and deeper net")) { $0.hidden = wide }
    add("dropout", L(ru: "+ dropout", en: "+ dropout")) { $0.dropout = 0.3 }
    add("weight-decay", L(ru: "+ weight decay", en: "+ weight decay")) { $0.weightDecay = 0.05 }
    add("label-smoothing", L(ru: "+ сглаживание меток 0.1", en: "+ label smoothing 0.1")) { $0.labelSmoothing = 0.1 }
    add("augmentation", L(ru: "+ аугментация (отражение)", en: "+ augmentation (flips)")) { $0.augment = true }
    add("early-stopping", L(ru: "+ ранняя остановка", en: "+ early stopping")) { $0.patience = quick ? 1 : 5 }
    return ladder
}

/// What a rung changes, in PyTorch's terms, for the plan table.
func settings(_ c: RungConfig) -> [String] {
    var parts = ["784→" + c.hidden.map(String.init).joined(separator: "→") + "→10"]
    parts.append(c.heInit ? "kaiming_normal_" : "init default")
    if c.standardize { parts.append("Normalize") }
    parts.append(c.optimizer == "sgd" ? "SGD lr \(c.lr)" : "AdamW lr \(c.lr)")
    if c.warmupEpochs > 0 { parts.append("LinearLR \(c.warmupEpochs) ep + Cosine") }
    if c.dropout > 0 { parts.append("Dropout(\(c.dropout))") }
    if c.weightDecay > 0 { parts.append("weight_decay \(c.weightDecay)") }
    if c.labelSmoothing > 0 { parts.append("label_smoothing \(c.labelSmoothing)") }
    if c.augment { parts.append("RandomHorizontalFlip" + (c.shift > 0 ? " + RandomCrop(28, padding=\(c.shift))" : "")) }
    if let p = c.patience { parts.append("EarlyStopping(patience=\(p))") }
    parts.append("\(c.epochs) ep, batch \(c.batchSize)")
    return parts
}

/// The settings of rung `index` that differ from the rung before it.
func changedSettings(_ index: Int) -> String {
    let now = settings(rungs[index].config)
    guard index > 0 else { return now.joined(separator: ", ") }
    let before = Set(settings(rungs[index - 1].config))
    return now.filter { !before.contains($0) }.joined(separator: ", ")
}

// MARK: - 1. The question and the rules

lesson.section(L(ru: "Задача и правила игры", en: "The task and the rules")) { s in
    guard !hiddenOption.value.isEmpty, hiddenOption.value.allSatisfy({ $0 > 0 }) else {
        throw LessonError(message: "--hidden \(hiddenOption.value.map(String.init).joined(separator: ",")): expected positive layer sizes",
                          fix: "swift run lesson-08-best-mlp --hidden 512,256")
    }
    guard epochsOption.value >= 3 else {
        throw LessonError(message: "--epochs \(epochsOption.value): the long rungs need at least 3 epochs (2 of them warm-up)",
                          fix: "swift run lesson-08-best-mlp --epochs 30")
    }
    classNames = FashionMNIST.classNames(russian: s.lang == .ru)
    let (fullTrain, fullTest) = try FashionMNIST.splits(dataDirectory: dataOptions.directory, download: dataOptions.download) { s.print($0) }
    // --quick: the first 6,000 training and 1,000 test images, split 5,000/1,000, as in lesson 07.
    let train: any Dataset = s.quick ? Subset(fullTrain, indices: Array(0..<6000)) : fullTrain
    let test: any Dataset = s.quick ? Subset(fullTest, indices: Array(0..<1000)) : fullTest
    let parts = randomSplit(train, lengths: s.quick ? [5000, 1000] : [50_000, 10_000], generator: Generator(seed: 42))
    data = LadderData(train: parts[0], validation: parts[1], test: test)
    let ladder = makeLadder(quick: s.quick)
    rungs = ladder.map { ($0.config, $0.method) }
    ladderChanges = ladder.map(\.change)
    let seed = rungs[0].config, longEpochs = rungs.last!.config.epochs
    let epochRange = seed.epochs == longEpochs ? "\(longEpochs)" : "\(seed.epochs)–\(longEpochs)"

    s.prose(L(
        ru: """
        Начинаем с сети урока 07: 784 → \(seed.hidden[0]) → 10, SGD с lr = \(seed.lr), \(seed.epochs) \
        \(russianPlural(seed.epochs, "эпоха", "эпохи", "эпох")) обучения. Лекция обещает, что её методы помогают сети обобщать. Проверим это на всех \
        данных: будем добавлять методы по одному и каждый раз обучать сеть заново на тех же \
        \(data.train.count) обучающих изображениях, проверяя её на тех же \(data.validation.count) валидационных. \
        Цель — не меньше \(pct(target)) на тесте только полносвязной сетью. Ориентиры: опубликованный \
        MLP-бейзлайн Fashion-MNIST — \(pct(mlpBaseline)), точность людей, размечавших картинки \
        краудсорсингом, — \(pct(humanAccuracy)).
        """,
        en: """
        We start from lesson 07's network: 784 → \(seed.hidden[0]) → 10, SGD at lr = \(seed.lr), \(seed.epochs) \
        epochs of training. The lecture claims that its methods make a network generalise better. We test \
        the claim on the full data: methods are added one at a time, and each time the network is trained from \
        scratch on the same \(data.train.count) training images and checked on the same \(data.validation.count) \
        validation images. The target is at least \(pct(target)) on the test set with a fully connected network \
        only. Reference points: the published MLP baseline on Fashion-MNIST scores \(pct(mlpBaseline)); \
        crowd-sourced human labellers score \(pct(humanAccuracy)).
        """))
    s.prose(L(
        ru: """
        **Правило: тест смотрим один раз, в конце.** Каждое решение — какой метод оставить, на какой эпохе \
        остановиться, какую ступень объявить лучшей — принимается по точности на валидации. Если выбирать по \
        тесту, то из \(rungs.count) попыток мы выберем ту, которой на этих \(data.test.count) картинках повезло, и \
        её тестовая точность окажется завышенной оценкой того, как модель поведёт себя на новых данных: \
        тест перестанет быть тестом. Валидация «тратится» на выбор; тест остаётся честной оценкой \
        одной, уже выбранной модели. Точность на тесте для каждой ступени мы покажем в итоговой таблице \
        ради урока, но посчитаем её только после того, как выбор сделан.
        """,
        en: """
        **The rule: the test set is read once, at the end.** Every decision (which method to keep, at which \
        epoch to stop, which rung is best) is made on validation accuracy. Choosing on the test set would pick, \
        out of \(rungs.count) attempts, the one that happened to be lucky on these \(data.test.count) images, and its \
        test accuracy would overstate how the model does on new data: the test set would stop being a test. \
        The validation set is "spent" on choosing; the test set stays an honest estimate for a single model \
        that has already been chosen. For teaching, the final table shows every rung's test accuracy, but it \
        is computed only after the choice is made.
        """))
    s.print("train: \(data.train.count)   validation: \(data.validation.count)   test: \(data.test.count)")
    s.prose(L(ru: """
        Лестница: каждая ступень — лучшая из оставленных до неё плюс один метод. Метод остаётся, только если \
        точность на валидации выросла; иначе следующая ступень строится без него. Это тоже выбор, и он \
        тоже делается по валидации. Настройки в таблице — при условии, что все методы останутся.
        """,
              en: """
        The ladder: every rung is the best rung kept so far plus one method. A method stays only if the \
        validation accuracy goes up; otherwise the next rung is built without it. That is a choice too, and it \
        is made on validation as well. The settings below assume every method stays.
        """))
    s.table(headers: ["#", s.t(L(ru: "что добавлено", en: "method added")), s.t(L(ru: "что меняет в настройках", en: "settings it changes"))],
            rows: rungs.indices.map { ["\($0)", s.t(rungs[$0].method), changedSettings($0)] })
    let full = rungs.last!.config
    s.prose(L(
        ru: """
        - **He и стандартизация.** Вход приводится к среднему 0 и дисперсии 1 (`Normalize(\(pixelMean), \(pixelStd))`), \
        веса — N(0, 2/D_in): дисперсия активаций сохраняется от слоя к слою (урок 03).
        - **AdamW** нормирует шаг каждого веса по истории его градиента (урок 04), lr = \(rungs[2].config.lr).
        - **Разогрев и косинус.** В течение \(full.warmupEpochs) \(russianPlural(full.warmupEpochs, "эпохи", "эпох", "эпох")) lr растёт \
        линейно от 1 % до \(full.lr) (`LinearLR`), пока оценки моментов Adam ещё шумные, потом плавно падает \
        до нуля по косинусу (`CosineAnnealingLR`); оба шага — после каждого батча (`SequentialLR`).
        - **Ширина:** скрытые слои шириной \(full.hidden.map(String.init).joined(separator: " и ")) вместо одного слоя \(seed.hidden[0]).
        - **Dropout** p = \(full.dropout) после каждого скрытого ReLU; при проверке выключен (`model.eval()`).
        - **Weight decay** λ = \(full.weightDecay) в AdamW — развязанное затухание θ ← θ(1 − γλ), не L2 в градиенте.
        - **Сглаживание меток** ε = \(full.labelSmoothing) (`CrossEntropyLoss(label_smoothing=…)`): цель — не «1 у верного класса», \
        а 1 − ε + ε/10 у него и ε/10 у остальных; сеть перестаёт гнаться за бесконечно уверенными логитами.
        - **Аугментация:** случайное отражение слева направо (`RandomHorizontalFlip`) — одежда почти симметрична.
        - **Ранняя остановка** по точности на валидации с терпением \(full.patience ?? 0): оставляем веса лучшей эпохи.
        """,
        en: """
        - **He and standardisation.** The input gets mean 0 and variance 1 (`Normalize(\(pixelMean), \(pixelStd))`), \
        the weights N(0, 2/D_in): the activations keep their variance from layer to layer (lesson 03).
        - **AdamW** scales each weight's step by its gradient history (lesson 04), lr = \(rungs[2].config.lr).
        - **Warm-up and cosine.** For the first \(full.warmupEpochs) epochs the lr grows linearly from 1 % to \
        \(full.lr) (`LinearLR`) while Adam's moment estimates are still noisy, then decays smoothly to zero along \
        a cosine (`CosineAnnealingLR`); both step after every batch (`SequentialLR`).
        - **Width:** hidden layers of width \(full.hidden.map(String.init).joined(separator: " and ")) instead of one layer of \(seed.hidden[0]).
        - **Dropout** p = \(full.dropout) after every hidden ReLU; off when checking (`model.eval()`).
        - **Weight decay** λ = \(full.weightDecay) in AdamW: decoupled decay θ ← θ(1 − γλ), not L2 in the gradient.
        - **Label smoothing** ε = \(full.labelSmoothing) (`CrossEntropyLoss(label_smoothing=…)`): the target is not "1 on the \
        right class" but 1 − ε + ε/10 there and ε/10 elsewhere, so the net stops chasing infinitely confident logits.
        - **Augmentation:** random left-right flips (`RandomHorizontalFlip`): clothes are nearly symmetric.
        - **Early stopping** on validation accuracy with patience \(full.patience ?? 0): the best epoch's weights are kept.
        """))
    s.prose(L(
        ru: """
        Порядок немного отличается от порядка лекции: ширину мы добавляем до регуляризации. Dropout, \
        weight decay и аугментация борются с переобучением, а сеть с \(seed.hidden[0]) нейронами за \(epochRange) эпох почти не \
        переобучается — лечить её нечем. Сначала даём сети лишнюю ёмкость, потом её обуздываем. \
        Все ступени детерминированы: веса, порядок батчей, dropout и аугментация берут случайные числа \
        из генераторов с seed \(s.seed).
        """,
        en: """
        The order differs slightly from the lecture's: width comes before regularisation. Dropout, weight \
        decay and augmentation fight overfitting, and a network of \(seed.hidden[0]) neurons hardly overfits in \(epochRange) epochs: \
        there is nothing for them to cure. First we give the network spare capacity, then we rein it in. \
        Every rung is deterministic: weights, batch order, dropout and augmentation draw from generators \
        seeded with \(s.seed).
        """))
}

// MARK: - 2. Climbing the ladder

lesson.section(L(ru: "Восхождение: обучаем ступени", en: "The climb: training the rungs")) { s in
    let explicitFolder = !checkpointsOption.value.isEmpty
    let cache = RungCache(directory: cacheDirectory,
                          readsCheckpoints: !retrainOption.value && (!s.quick || explicitFolder))
    s.prose(L(
        ru: """
        Каждая обученная ступень сохраняется в `\(shown(cacheDirectory))/<ступень>-<хэш>.safetensors`: \
        хэш считается по всем настройкам ступени и по данным, а сами настройки, точность на валидации по \
        эпохам и время обучения лежат в метаданных файла. \
        \(cache.readsCheckpoints ? "Если чекпойнт с теми же настройками уже есть, ступень не обучается заново: его веса и числа читаются с диска, и урок говорит об этом. Чтобы обучить всё заново, запустите с `--retrain`." : s.quick && !explicitFolder ? "С `--quick` кэш читается только из папки, заданной явно (`--checkpoints DIR`), поэтому сейчас все ступени обучаются заново." : "Запуск с `--retrain`: все ступени обучаются заново, чекпойнты перезаписываются.") \
        Файл с другими настройками или испорченный файл не используется: ступень обучается заново.
        """,
        en: """
        Every trained rung is saved as `\(shown(cacheDirectory))/<rung>-<hash>.safetensors`: the hash covers \
        all the rung's settings and the data, and the file's metadata holds the settings themselves, the \
        validation accuracy after each epoch and the training time. \
        \(cache.readsCheckpoints ? "When a checkpoint with the same settings exists, the rung is not trained again: its weights and numbers are read from disk, and the lesson says so. Run with `--retrain` to train everything again." : s.quick && !explicitFolder ? "With `--quick` the cache is read only from a folder given explicitly (`--checkpoints DIR`), so every rung is trained now." : "This is a `--retrain` run: every rung is trained again and its checkpoint overwritten.") \
        A file with other settings, or a damaged one, is not used: the rung is trained again.
        """))
    results = []
    baseOf = []
    kept = []
    var base = 0
    for index in rungs.indices {
        if index > 0 {
            // Built on the best rung kept so far: a method that lowered validation accuracy is dropped.
            var config = results[base].config
            ladderChanges[index](&config)
            rungs[index].config = config
        }
        // The seed belongs to the configuration: another --seed must not reuse these checkpoints.
        rungs[index].config.seed = UInt64(s.seed) &+ UInt64(index) &* 1000
        let rung = rungs[index]
        let file = cache.url(for: rung.config, dataKey: data.key)
        let result: RungResult
        switch cache.lookup(rung.config, dataKey: data.key) {
        case .hit(let cached):
            result = cached
            s.print("[\(index)] \(rung.config.id): " + s.t(L(ru: "чекпойнт прочитан, не обучаем: ", en: "reused checkpoint, not trained: ")) + shown(file))
        case .miss(let reason):
            if reason.hasPrefix("mismatch") || reason.hasPrefix("corrupt") {
                s.print("[\(index)] \(rung.config.id): " + s.t(L(ru: "чекпойнт \(shown(file)) не подходит (\(reason)); обучаем заново",
                                                                en: "checkpoint \(shown(file)) unusable (\(reason)); training again")))
            }
            result = try trainRung(rung.config, data: data, seed: rung.config.seed,
                                   progress: { s.progress(total: $0, label: $1) })
            try cache.store(result, dataKey: data.key)
            s.print("[\(index)] \(rung.config.id): " + s.t(L(ru: "обучено за ", en: "trained in ")) + duration(result.seconds)
                    + s.t(L(ru: ", сохранено: ", en: ", saved: ")) + shown(file))
        }
        results.append(result)
        baseOf.append(base)
        let improves = index == 0 || result.valAccuracy > results[base].valAccuracy
        kept.append(improves)
        if improves { base = index }
    }
    s.table(headers: ["#", s.t(L(ru: "что добавлено", en: "method added")), s.t(L(ru: "обучение", en: "train acc")),
                      s.t(L(ru: "валидация", en: "val acc")), s.t(L(ru: "эпох", en: "epochs")), s.t(L(ru: "время", en: "time")),
                      s.t(L(ru: "основа", en: "built on")), s.t(L(ru: "оставлен?", en: "kept?"))],
            rows: results.enumerated().map { i, r in
                [String(i), s.t(rungs[i].method), f4(r.trainAccuracy), f4(r.valAccuracy),
                 r.config.patience == nil ? "\(r.epochsRun)" : "\(r.keptEpoch + 1) / \(r.epochsRun)", duration(r.seconds),
                 i == 0 ? "—" : "\(baseOf[i])", s.t(kept[i] ? L(ru: "да", en: "yes") : L(ru: "нет", en: "no"))] })
    let totalSeconds = results.map(\.seconds).reduce(0, +)
    let reusedCount = results.filter(\.reused).count
    s.prose(L(
        ru: """
        Точность здесь — среднее по классам (как в уроке 07), на обучении — под dropout и аугментацией, \
        то есть в режиме обучения. Обучение всех \(results.count) ступеней \
        \(reusedCount == results.count ? "заняло, когда чекпойнты создавались," : reusedCount == 0 ? "заняло" : "(часть прочитана из кэша) заняло в сумме") \
        \(total(totalSeconds)) на этой машине (2 ядра, общие с другими задачами). У ступени с ранней остановкой «эпох» — это эпоха, чьи веса \
        сохранены, из числа пройденных.
        """,
        en: """
        Accuracy here is the mean over classes (as in lesson 07); training accuracy is measured in training mode, \
        under dropout and augmentation. Training all \(results.count) rungs \
        \(reusedCount == results.count ? "took, when the checkpoints were made," : reusedCount == 0 ? "took" : "(some read from the cache) took in total") \
        \(total(totalSeconds)) on this machine (2 cores, shared with other work). For the early-stopping rung, "epochs" is the epoch whose weights \
        were kept, out of the epochs run.
        """))
    try s.figure("curves", caption: L(ru: "Точность на валидации после каждой эпохи, по ступеням",
                                      en: "Validation accuracy after every epoch, rung by rung")) { url in
        let fig = Figure(width: 900, height: 480)
        let ax = fig.ax
        for (i, r) in results.enumerated() {
            ax.plot(x: r.valHistory.indices.map { Double($0 + 1) }, y: r.valHistory, label: "\(i) " + s.t(rungs[i].method),
                    color: Color.palette(i), marker: r.valHistory.count <= 12 ? .circle : .none)
        }
        ax.xlabel = s.t(L(ru: "эпоха", en: "epoch"))
        ax.ylabel = s.t(L(ru: "точность на валидации", en: "validation accuracy"))
        let low = results.flatMap(\.valHistory).min() ?? 0.7
        ax.ylim = (max(0, (low * 50).rounded(.down) / 50), 1.0 * min(1, ((results.flatMap(\.valHistory).max() ?? 0.9) * 50).rounded(.up) / 50))
        ax.legend(location: .lowerRight)
        try fig.savePNG(to: url)
    }
}

// MARK: - 3. The choice, then the test

lesson.section(L(ru: "Выбор по валидации, затем тест", en: "Choosing on validation, then the test")) { s in
    // The decision reads validation accuracy only; the test set has not been touched yet.
    chosen = results.indices.max { results[$0].valAccuracy < results[$1].valAccuracy }!
    let best = results[chosen]
    s.prose(L(
        ru: """
        Лучшая ступень по валидации — № \(chosen) («\(s.t(rungs[chosen].method))»): \(pct(best.valAccuracy)). \
        Выбор сделан; только теперь открываем тестовые данные и проверяем на них все ступени — \
        таблица ниже ничего уже не решает, она показывает, насколько валидация предсказала тест.
        """,
        en: """
        The best rung on validation is no. \(chosen) ("\(s.t(rungs[chosen].method))"): \(pct(best.valAccuracy)). \
        The choice is made; only now do we open the test data and check every rung on it. The table below \
        decides nothing any more; it shows how well validation predicted the test.
        """))
    tests = results.map { testModel($0, on: data.test, data: data) }
    let testAccuracy = tests.map { $0.compute().reduce(0, +) / 10 }
    s.table(headers: ["#", s.t(L(ru: "что добавлено", en: "method added")), s.t(L(ru: "валидация", en: "val acc")),
                      s.t(L(ru: "тест", en: "test acc")), s.t(L(ru: "эпох", en: "epochs")), s.t(L(ru: "время", en: "time")),
                      s.t(L(ru: "источник", en: "source"))],
            rows: results.enumerated().map { i, r in
                [String(i) + (i == chosen ? " *" : ""), s.t(rungs[i].method), f4(r.valAccuracy), f4(testAccuracy[i]),
                 r.config.patience == nil ? "\(r.epochsRun)" : "\(r.keptEpoch + 1) / \(r.epochsRun)", duration(r.seconds),
                 s.t(r.reused ? L(ru: "кэш", en: "cache") : L(ru: "обучено", en: "trained"))] })
    let final = testAccuracy[chosen], seedTest = testAccuracy[0]
    let gap = zip(results.map(\.valAccuracy), testAccuracy).map { abs($0 - $1) }.max()!
    let shortfall = String(format: "%.2f", 100 * (target - final))
    s.print(s.t(L(ru: "итоговая модель (ступень \(chosen)): val_acc \(f4(best.valAccuracy))  test_acc \(f4(final))",
                  en: "final model (rung \(chosen)): val_acc \(f4(best.valAccuracy))  test_acc \(f4(final))")))
    s.print(s.t(final >= target
        ? L(ru: "цель \(f4(target)): достигнута", en: "target \(f4(target)): reached")
        : L(ru: "цель \(f4(target)): не достигнута (не хватило \(shortfall) пункта)",
            en: "target \(f4(target)): not reached (\(shortfall) points short)")))
    s.prose(L(
        ru: """
        Модель урока 07 на тесте — \(pct(seedTest)), выбранная модель — \(pct(final)): \
        \(final >= seedTest ? "на \(String(format: "%.1f", 100 * (final - seedTest))) процентного пункта лучше" : "хуже"). \
        \(final >= target ? "Цель \(pct(target)) достигнута полносвязной сетью" : "До цели \(pct(target)) не хватило \(shortfall) пункта") \
        (бейзлайн MLP — \(pct(mlpBaseline)), люди — \(pct(humanAccuracy))). Валидация и тест расходятся \
        не больше чем на \(String(format: "%.2f", 100 * gap)) пункта на любой ступени: на \(data.validation.count) \
        картинках стандартная ошибка точности около \(String(format: "%.2f", 100 * (final * (1 - final) / Double(data.validation.count)).squareRoot())) \
        пункта, поэтому ступени, различающиеся на десятые доли процента, по сути равны.
        """,
        en: """
        Lesson 07's model scores \(pct(seedTest)) on the test set, the chosen model \(pct(final)): \
        \(final >= seedTest ? "\(String(format: "%.1f", 100 * (final - seedTest))) percentage points better" : "worse"). \
        \(final >= target ? "The \(pct(target)) target is reached by a fully connected network" : "The \(pct(target)) target is missed by \(shortfall) points") \
        (the MLP baseline is \(pct(mlpBaseline)), humans \(pct(humanAccuracy))). Validation and test differ by at most \
        \(String(format: "%.2f", 100 * gap)) points on any rung: on \(data.validation.count) images the standard \
        error of an accuracy is about \(String(format: "%.2f", 100 * (final * (1 - final) / Double(data.validation.count)).squareRoot())) \
        points, so rungs a few tenths of a percent apart are in effect equal.
        """))
    let steps = results.indices.dropFirst().map { (index: $0, gain: results[$0].valAccuracy - results[baseOf[$0]].valAccuracy) }
    let biggest = steps.max { $0.gain < $1.gain }!
    let losses = steps.filter { !kept[$0.index] }
    let points = { (x: Double) in String(format: "%+.2f", 100 * x) }
    s.prose(L(
        ru: """
        Самый большой шаг на валидации — ступень № \(biggest.index) («\(s.t(rungs[biggest.index].method))», \
        \(points(biggest.gain)) пункта). \(losses.isEmpty ? "Каждый метод поднял точность на валидации и остался." : "Не подняли точность на валидации и были отброшены: " + losses.map { "№ \($0.index) («\(s.t(rungs[$0.index].method))», \(points($0.gain)))" }.joined(separator: ", ") + ". Метод не обязан помогать в любой комбинации и при любом бюджете эпох; решает валидация, а не вера в метод.")
        """,
        en: """
        The biggest step on validation is rung no. \(biggest.index) ("\(s.t(rungs[biggest.index].method))", \
        \(points(biggest.gain)) points). \(losses.isEmpty ? "Every method raised the validation accuracy and stayed." : "Methods that did not raise the validation accuracy and were dropped: " + losses.map { "no. \($0.index) (\"\(s.t(rungs[$0.index].method))\", \(points($0.gain)))" }.joined(separator: ", ") + ". A method need not help in every combination and every epoch budget; validation decides, not faith in the method.")
        """))
    let byTest = testAccuracy.indices.max { testAccuracy[$0] < testAccuracy[$1] }!
    if byTest != chosen {
        let withinError = testAccuracy[byTest] - final < (final * (1 - final) / Double(data.test.count)).squareRoot()
        s.prose(L(
            ru: """
            Заметьте: по тесту лучшей оказалась бы ступень № \(byTest) (\(pct(testAccuracy[byTest])) против \(pct(final))). \
            Выбрав её, мы бы написали в отчёте бо́льшее число, но это число было бы подобрано под тест — ровно та \
            оптимистичная оценка, от которой защищает правило.\(withinError ? " Разница между ними меньше стандартной ошибки: эти ступени по сути равны, и честный ответ — тот, что выбран по валидации." : "")
            """,
            en: """
            Note: on the test set, rung no. \(byTest) would have looked best (\(pct(testAccuracy[byTest])) against \(pct(final))). \
            Picking it would put a larger number in the report, but a number tuned to the test set: exactly the \
            optimistic estimate the rule guards against.\(withinError ? " The difference is below the standard error; these rungs are in effect equal, and the honest answer is the one chosen on validation." : "")
            """))
    }
    if final < target {
        let augmentationDropped = rungs.indices.contains { rungs[$0].config.id == "augmentation" && !kept[$0] }
        let longEpochs = rungs.last!.config.epochs
        s.prose(L(
            ru: """
            Что могло бы добрать недостающие \(shortfall) пункта (каждое — новая \
            ступень, проверяемая по валидации): больше эпох при том же косинусном расписании (`--epochs 60`), \
            сеть шире (`--hidden 1024,1024`) с более сильным dropout, \
            усреднение предсказаний нескольких сетей с разными seed.\(augmentationDropped ? " Аугментация отражением за \(longEpochs) эпох не помогла; с более длинным обучением она может окупиться." : "")
            """,
            en: """
            What might close the remaining \(shortfall) points (each a new rung, \
            judged on validation): more epochs under the same cosine schedule (`--epochs 60`), a wider net \
            (`--hidden 1024,1024`) with stronger dropout, averaging the \
            predictions of several nets with different seeds.\(augmentationDropped ? " Flip augmentation did not pay off within \(longEpochs) epochs; with longer training it may." : "")
            """))
    }
    try s.figure("ladder", caption: L(ru: "Лестница методов: точность на валидации и на тесте после каждой ступени",
                                      en: "The ladder of methods: validation and test accuracy after every rung")) { url in
        let fig = Figure(width: 1000, height: 560)
        let ax = fig.ax
        let x = results.indices.map(Double.init)
        ax.axhline(target, color: Color.palette(3), dash: .dashed, label: s.t(L(ru: "цель", en: "target")) + " \(f4(target))")
        ax.axhline(mlpBaseline, color: .gray, dash: .dotted, label: s.t(L(ru: "бейзлайн MLP", en: "MLP baseline")) + " \(f4(mlpBaseline))")
        ax.axhline(humanAccuracy, color: Color(hex: "#8c564b"), dash: .dotted,
                   label: s.t(L(ru: "люди", en: "humans")) + " \(f4(humanAccuracy))")
        ax.plot(x: x, y: results.map(\.valAccuracy), label: s.t(L(ru: "валидация", en: "validation")),
                color: Color.palette(0), marker: .circle)
        ax.plot(x: x, y: testAccuracy, label: s.t(L(ru: "тест (посчитан после выбора)", en: "test (computed after the choice)")),
                color: Color.palette(1), marker: .square)
        let dropped = results.indices.filter { !kept[$0] }
        if !dropped.isEmpty {
            ax.scatter(x: dropped.map(Double.init), y: dropped.map { results[$0].valAccuracy },
                       label: s.t(L(ru: "метод отброшен (валидация не выросла)", en: "method dropped (validation did not rise)")),
                       color: Color(hex: "#d62728"), size: 12, marker: .cross, alpha: 1)
        }
        ax.scatter(x: [Double(chosen)], y: [best.valAccuracy], label: s.t(L(ru: "выбранная ступень", en: "chosen rung")),
                   color: Color.palette(0), size: 16, marker: .circle, alpha: 0.35)
        ax.xticks(x, labels: rungs.map { s.t($0.method) })
        ax.xtickRotation = 30
        let all = results.map(\.valAccuracy) + testAccuracy + [humanAccuracy, target]
        ax.ylim = (((all.min()! - 0.01) * 50).rounded(.down) / 50, ((all.max()! + 0.01) * 50).rounded(.up) / 50)
        ax.ylabel = s.t(L(ru: "точность (среднее по классам)", en: "accuracy (mean over classes)"))
        ax.title = s.t(L(ru: "Методы лекции по одному: от \(f4(seedTest)) до \(f4(final)) на тесте",
                         en: "The lecture's methods one at a time: from \(f4(seedTest)) to \(f4(final)) on the test set"))
        ax.legend(location: .lowerRight)
        try fig.savePNG(to: url)
    }

    // The chosen model, as a PyTorch-loadable checkpoint.
    let bestFile = cacheDirectory.appendingPathComponent("best-mlp.safetensors")
    try FileManager.default.createDirectory(at: cacheDirectory, withIntermediateDirectories: true)
    try best.model.save(to: bestFile, metadata: [
        "rung": best.config.id, "config": best.config.key,
        "val_accuracy": f4(best.valAccuracy), "test_accuracy": f4(final),
        "normalize_mean": "\(pixelMean)", "normalize_std": "\(pixelStd)",
    ])
    s.prose(L(
        ru: """
        Выбранная модель сохранена в `\(shown(bestFile))` — safetensors с именами PyTorch. В PyTorch её \
        читают так (вход — изображение, стандартизованное `Normalize(\(pixelMean), \(pixelStd))`\
        \(best.config.standardize ? "" : " — здесь не нужно")):
        """,
        en: """
        The chosen model is saved as `\(shown(bestFile))`, safetensors with PyTorch's names. PyTorch reads it \
        like this (the input is an image standardised with `Normalize(\(pixelMean), \(pixelStd))`\
        \(best.config.standardize ? "" : ", not needed here")):
        """))
    s.print(best.model)
    s.print("keys: " + best.model.stateDict().map { "\($0.name) \($0.tensor.shape)" }.joined(separator: ", "))
    let torchLayers = best.config.hidden.enumerated().map { i, h in
        "nn.Linear(\(i == 0 ? 784 : best.config.hidden[i - 1]), \(h)), nn.ReLU()" + (best.config.dropout > 0 ? ", nn.Dropout(\(best.config.dropout))" : "")
    }.joined(separator: ", ") + ", nn.Linear(\(best.config.hidden.last!), 10)"
    s.print("""
        model = nn.Sequential(\(torchLayers))
        model.load_state_dict({k.removeprefix("layers."): v for k, v in load_file("\(shown(bestFile))").items()})
        """)
}

// MARK: - 4. What changed: the confusion matrices

lesson.section(L(ru: "Что изменилось: матрицы ошибок", en: "What changed: the confusion matrices")) { s in
    let before = tests[0].confusion.counts, after = tests[chosen].confusion.counts
    let perBefore = tests[0].compute(), perAfter = tests[chosen].compute()
    s.table(headers: [s.t(L(ru: "класс", en: "class")), s.t(L(ru: "урок 07", en: "lesson 07")),
                      s.t(L(ru: "итоговая", en: "final")), s.t(L(ru: "разница", en: "change"))],
            rows: classNames.indices.map { c in
                [classNames[c], pct(perBefore[c]), pct(perAfter[c]), String(format: "%+.1f", 100 * (perAfter[c] - perBefore[c]))] })
    let gained = classNames.indices.max { perAfter[$0] - perBefore[$0] < perAfter[$1] - perBefore[$1] }!
    let worst = classNames.indices.min { perAfter[$0] < perAfter[$1] }!
    let worstBefore = classNames.indices.min { perBefore[$0] < perBefore[$1] }!
    let confusedWith = classNames.indices.filter { $0 != worst }.max { after[worst][$0] < after[worst][$1] }!
    let errorsBefore = (0..<10).map { c in before[c].reduce(0, +) - before[c][c] }.reduce(0, +)
    let errorsAfter = (0..<10).map { c in after[c].reduce(0, +) - after[c][c] }.reduce(0, +)
    s.prose(L(
        ru: """
        Ошибок на \(data.test.count) тестовых изображениях было \(errorsBefore), стало \(errorsAfter). Больше всего \
        выиграл класс «\(classNames[gained])» (\(pct(perBefore[gained])) → \(pct(perAfter[gained]))). Самый трудный \
        класс \(worst == worstBefore ? "и теперь" : "теперь") — «\(classNames[worst])» (\(pct(perAfter[worst]))): его чаще всего путают с \
        «\(classNames[confusedWith])» (\(after[worst][confusedWith]) раз). Футболки, рубашки, пуловеры и пальто \
        на картинках 28 × 28 различаются немногими пикселями, и полносвязная сеть, которая не знает, что \
        соседние пиксели связаны, упирается именно здесь; свёрточные сети (следующие лекции) видят \
        локальные узоры и исправляют большую часть этих ошибок.
        """,
        en: """
        There were \(errorsBefore) errors on the \(data.test.count) test images; now there are \(errorsAfter). The class \
        that gained most is "\(classNames[gained])" (\(pct(perBefore[gained])) → \(pct(perAfter[gained]))). The hardest \
        class is \(worst == worstBefore ? "still " : "now ")"\(classNames[worst])" (\(pct(perAfter[worst]))), most often taken for \
        "\(classNames[confusedWith])" (\(after[worst][confusedWith]) times). T-shirts, shirts, pullovers and coats \
        differ in few pixels at 28 × 28, and a fully connected network, which does not know that neighbouring \
        pixels belong together, hits its limit right there; convolutional networks (later lectures) see local \
        patterns and fix most of these errors.
        """))
    try s.figure("confusion_comparison", caption: L(ru: "Матрицы ошибок на тесте: модель урока 07, итоговая модель и их разность",
                                                    en: "Test confusion matrices: lesson 07's model, the final model, and their difference")) { url in
        let fig = Figure(width: 1500, height: 560, rows: 1, columns: 3)
        let difference = zip(after.joined(), before.joined()).map { Double($0 - $1) }
        let limit = max(1, difference.map(abs).max()!)
        let panels: [(Axes, [Double], String)] = [
            (fig.axes(0, 0), before.joined().map(Double.init),
             s.t(L(ru: "урок 07: ", en: "lesson 07: ")) + "\(errorsBefore) " + s.t(L(ru: "ошибок", en: "errors"))),
            (fig.axes(0, 1), after.joined().map(Double.init),
             s.t(L(ru: "итоговая: ", en: "final: ")) + "\(errorsAfter) " + s.t(L(ru: "ошибок", en: "errors"))),
            (fig.axes(0, 2), difference, s.t(L(ru: "разность (итоговая − урок 07)", en: "difference (final − lesson 07)"))),
        ]
        let countMax = Double(max(before.joined().max()!, after.joined().max()!))
        for (i, (ax, values, title)) in panels.enumerated() {
            if i < 2 {
                ax.imshow(pixels: values, height: 10, width: 10, colormap: .blues, vmin: 0, vmax: countMax,
                          annotateCells: "%.0f", cellTextSize: 7)
            } else {
                ax.imshow(pixels: values, height: 10, width: 10, colormap: .redBlue, vmin: -limit, vmax: limit,
                          annotateCells: "%+.0f", cellTextSize: 7)
            }
            ax.xticks((0..<10).map(Double.init), labels: classNames)
            ax.yticks((0..<10).map(Double.init), labels: i == 0 ? classNames : (0..<10).map { _ in "" })
            ax.xtickRotation = 45
            ax.title = title
            ax.xlabel = s.t(L(ru: "предсказанный класс", en: "predicted class"))
            if i == 0 { ax.ylabel = s.t(L(ru: "истинный класс", en: "true class")) }
        }
        try fig.savePNG(to: url)
    }
    s.prose(L(
        ru: "На разности синие клетки вне диагонали — ошибки, которых стало меньше, красные на диагонали — больше верных ответов.",
        en: "In the difference, blue cells off the diagonal are errors that became rarer, red cells on the diagonal more right answers."))
}

// MARK: - 5. Exercises

lesson.section(L(ru: "Упражнения", en: "Exercises")) { s in
    s.prose(L(
        ru: """
        1. Уберите один метод из середины лестницы (например, закомментируйте ступень dropout в `makeLadder`) \
        и запустите урок: остальные ступени прочитаются из кэша, а изменившиеся обучатся заново (их хэш \
        изменился). Насколько упала точность на валидации у последней ступени?
        2. Сделайте сеть ещё шире: `--hidden 1024,1024`. Сколько стала стоить эпоха и выросла ли точность на \
        валидации? Что важнее для полносвязной сети здесь — ширина или регуляризация?
        3. Добавьте к аугментации сдвиги: в `makeLadder` поставьте у ступени аугментации `$0.shift = 2` \
        (`RandomCrop(28, padding: 2)`). Полносвязная сеть не знает, что сдвинутая картинка — та же вещь: \
        как меняются точность на обучении и на валидации за те же эпохи?
        4. Нарушьте правило: выберите ступень по тесту вместо валидации. Изменился ли выбор? Объясните, \
        почему тестовая точность такой модели — оптимистичная оценка.
        """,
        en: """
        1. Drop one method from the middle of the ladder (e.g. comment out the dropout rung in `makeLadder`) and \
        run the lesson: the other rungs are read from the cache, the changed ones train again (their hash \
        changed). How much does the last rung's validation accuracy drop?
        2. Make the network wider still: `--hidden 1024,1024`. What does an epoch cost now, and did the \
        validation accuracy grow? Which matters more for a fully connected net here, width or regularisation?
        3. Add shifts to the augmentation: in `makeLadder` give the augmentation rung `$0.shift = 2` \
        (`RandomCrop(28, padding: 2)`). A fully connected net does not know that a shifted image shows the \
        same thing: how do training and validation accuracy change within the same epochs?
        4. Break the rule: choose the rung on the test set instead of validation. Did the choice change? \
        Explain why that model's test accuracy is an optimistic estimate.
        """))
}

lesson.run()
