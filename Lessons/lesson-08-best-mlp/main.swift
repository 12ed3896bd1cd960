// Lesson 08 — the lecture's payoff: the best fully connected net on Fashion-MNIST.
//
//   swift run lesson-08-best-mlp              (reuses saved checkpoints; --retrain trains again)
//
// Starting from lesson 07's model and settings, the lesson changes one setting
// per rung (Ladder.swift), trains each rung with several seeds on the full
// 50,000/10,000 split, chooses the final model on mean validation accuracy
// alone, weighs its lead against the standard error, and only then reads the
// test set.
import Course
import Foundation

let lesson = Lesson(
    id: "lesson-08-best-mlp",
    title: L(ru: "Итог лекции: лучшая полносвязная сеть на Fashion-MNIST",
             en: "The lecture's payoff: the best fully connected net on Fashion-MNIST"),
    summary: L(ru: "Методы лекции по одному поверх модели урока 07 — одна настройка на ступень: стандартизация, инициализация, Adam, батч, ширина, эпохи, ранняя остановка, расписание lr, dropout, AdamW с weight decay. Несколько seed на ступень, выбор — только по валидации, тест — один раз в конце. Всё считается на CPU.",
               en: "The lecture's methods added to lesson 07's model one setting per rung: standardisation, init, Adam, batch, width, epochs, early stopping, an lr schedule, dropout, AdamW's weight decay. Several seeds per rung, every choice on validation, the test set read once at the end. Everything runs on the CPU."))

let retrainOption = lesson.option("retrain", default: false,
    help: L(ru: "обучить все ступени заново, не читая сохранённые чекпойнты", en: "train every rung again instead of reading saved checkpoints"))
let checkpointsOption = lesson.option("checkpoints", default: "",
    help: L(ru: "папка кэша чекпойнтов (по умолчанию checkpoints/lesson-08-best-mlp; с --quick кэш читается только из явно заданной папки)",
            en: "checkpoint cache folder (default checkpoints/lesson-08-best-mlp; with --quick the cache is read only from a folder given here)"))
let epochsOption = lesson.option("epochs", default: 15, range: 3...1000,
    help: L(ru: "эпох у длинных ступеней (со ступени 5)", en: "epochs of the long rungs (from rung 5 on)"))
let seedsOption = lesson.option("seeds", default: 3, range: 2...10,
    help: L(ru: "сколько раз обучать каждую ступень с разными seed (среднее ± ст. ошибка)",
            en: "how many seeds each rung is trained with (mean ± standard error)"))
let batchOption = lesson.option("batch-size", default: 256, range: 1...60_000,
    help: L(ru: "размер батча со ступени «батч»", en: "batch size from the batch rung on"))
let weightDecayOption = lesson.option("weight-decay", default: 0.05, range: 0...100,
    help: L(ru: "λ развязанного weight decay в AdamW", en: "AdamW's decoupled weight decay λ"))
let hiddenOption = lesson.option("hidden", default: [512, 256], range: 1...4096, count: 1...8,
    help: L(ru: "скрытые слои широкой сети, через запятую", en: "hidden layers of the wide net, comma-separated"))
let dataOptions = lesson.dataOptions()

// MARK: - Shared state

var data: LadderData!
var classNames: [String] = []
/// The rungs: settings (planned in section 1, settled in section 2), name, and the change each makes.
var rungs: [(config: RungConfig, method: L, seeds: Int)] = []
var ladderChanges: [(inout RungConfig) -> Void] = []
/// For each rung, the rung it was built on (the best kept one before it); whether it was kept.
var baseOf: [Int] = [], kept: [Bool] = []
var results: [RungRuns] = []
var tests: [[MulticlassAccuracy]] = []
var chosen = 0
/// The model chosen on validation (section 3), and its test metric (section 4).
var final: FinalModel!
var finalTest: MulticlassAccuracy!

/// Published reference points (accuracy on the 10,000 test images).
let mlpBaseline = 0.883, humanAccuracy = 0.835, target = 0.91

/// A percentage; the no-break space keeps "84.97 %" on one line when prose wraps.
func pct(_ x: Double) -> String { String(format: "%.2f\u{00A0}%%", 100 * x) }
func f4(_ x: Double) -> String { String(format: "%.4f", x) }
/// An accuracy difference or spread in percentage points.
func points(_ x: Double) -> String { String(format: "%.2f", 100 * x) }
/// Seconds with the unit in each language («с» in Russian); "—" with --no-timings.
func duration(_ seconds: Double) -> L {
    let x = String(format: "%.1f", seconds)
    return lesson.showsTimings ? L(ru: x + " с", en: x + " s") : L(ru: "—", en: "—")
}
/// A long total also in minutes (only above two minutes, so quick runs print seconds alone).
func total(_ seconds: Double) -> L {
    let short = duration(seconds), minutes = String(format: "%.1f", seconds / 60)
    return seconds < 120 || !lesson.showsTimings ? short : L(ru: short.ru + " (\(minutes) мин)", en: short.en + " (\(minutes) min)")
}
/// 50000 → "50 000" in Russian, "50,000" in English.
func grouped(_ n: Int) -> L {
    let digits = Array(String(n))
    let groups = stride(from: digits.count, to: 0, by: -3).reversed().map { String(digits[max(0, $0 - 3)..<$0]) }
    return L(ru: groups.joined(separator: " "), en: groups.joined(separator: ","))
}

var cacheDirectory: URL {
    let base = checkpointsOption.value.isEmpty ? "checkpoints/lesson-08-best-mlp" : checkpointsOption.value
    return URL(fileURLWithPath: base, isDirectory: true)
        .appendingPathComponent(lesson.quick && checkpointsOption.value.isEmpty ? "quick" : "", isDirectory: true)
}
/// `text` broken at spaces into lines of at most `width` columns, each indented by two spaces.
func indented(_ text: String, width: Int) -> String {
    var lines: [String] = [], line = ""
    for word in text.split(separator: " ") {
        if !line.isEmpty && line.count + 1 + word.count > width - 2 { lines.append(line); line = "" }
        line += (line.isEmpty ? "" : " ") + word
    }
    return (lines + [line]).map { "  " + $0 }.joined(separator: "\n")
}

/// A path as the user would type it: relative to the working directory when inside it.
func shown(_ url: URL) -> String {
    let cwd = FileManager.default.currentDirectoryPath + "/", path = url.standardizedFileURL.path
    return path.hasPrefix(cwd) ? String(path.dropFirst(cwd.count)) : path
}

/// The ladder at this run's options.
func makeLadder(quick: Bool) -> [Rung] {
    makeLadder(quick: quick, longEpochs: epochsOption.value, hidden: hiddenOption.value,
               batchSize: batchOption.value, weightDecay: weightDecayOption.value, seeds: seedsOption.value)
}

/// What a configuration sets, in PyTorch's terms, keyed by the field that decides it.
func settings(_ c: RungConfig) -> [(field: String, text: String)] {
    var parts: [(String, String)] = [("hidden", "784→" + c.hidden.map(String.init).joined(separator: "→") + "→10")]
    parts.append(("heInit", c.heInit ? "kaiming_normal_" : "init default"))
    parts.append(("standardize", c.standardize ? "Normalize" : "no Normalize"))
    parts.append(("optimizer", c.optimizer == "sgd" ? "SGD" : "Adam"))
    parts.append(("lr", "lr \(c.learningRate)"))
    parts.append(("weightDecay", c.weightDecay > 0 ? "AdamW weight_decay \(c.weightDecay)" : "weight_decay 0"))
    parts.append(("warmupEpochs", c.warmupEpochs > 0 ? "LinearLR \(c.warmupEpochs) ep + Cosine" : "constant lr"))
    parts.append(("dropout", c.dropout > 0 ? "Dropout(\(c.dropout))" : "no Dropout"))
    parts.append(("labelSmoothing", "label_smoothing \(c.labelSmoothing)"))
    parts.append(("augment", c.augment ? "RandomHorizontalFlip" + (c.shift > 0 ? " + RandomCrop(28, padding=\(c.shift))" : "") : "no augmentation"))
    parts.append(("patience", c.patience.map { "EarlyStopping(patience=\($0))" } ?? "no EarlyStopping"))
    parts.append(("epochs", "\(c.epochs) ep"))
    parts.append(("batchSize", "batch \(c.batchSize)"))
    return parts
}

/// The one setting rung `index` changes against the rung it is built on (all of them for rung 0).
func changedSettings(_ index: Int, base: RungConfig?) -> String {
    let now = settings(rungs[index].config)
    guard let base else {
        return now.map(\.text).filter { !$0.hasPrefix("no ") && $0 != "label_smoothing 0.0" && $0 != "constant lr"
            && $0 != "weight_decay 0" }.joined(separator: ", ")
    }
    let changed = Set(rungs[index].config.changes(from: base))
    return now.filter { changed.contains($0.field) }.map(\.text).joined(separator: ", ")
}

/// A difference in points ± its standard error.
func signedPoints(_ d: Spread) -> String {
    String(format: "%+.2f ± %.2f", 100 * d.mean, 100 * d.standardError)
}

/// Epochs run per seed out of the budget, when early stopping can end a run; else the budget.
func epochsText(_ r: RungRuns) -> String {
    guard r.config.patience != nil else { return "\(r.config.epochs)" }
    return r.runs.map { "\($0.epochsRun)" }.joined(separator: ",") + "/\(r.config.epochs)"
}

// MARK: - 1. The question and the rules

lesson.section(L(ru: "Задача и правила игры", en: "The task and the rules")) { s in
    guard !hiddenOption.value.isEmpty,
          hiddenOption.value.allSatisfy({ $0 > 0 }) else {
        let sizes = hiddenOption.value.map(String.init).joined(separator: ",")
        throw LessonError(
            message: "--hidden \(sizes): expected positive layer sizes",
            fix: "swift run lesson-08-best-mlp --hidden 512,256")
    }
    guard epochsOption.value >= 3 else {
        throw LessonError(
            message: "--epochs \(epochsOption.value): the long rungs need "
                + "at least 3 epochs (2 of them warm-up)",
            fix: "swift run lesson-08-best-mlp --epochs 30")
    }
    guard seedsOption.value >= 2 else {
        throw LessonError(
            message: "--seeds \(seedsOption.value): a standard error needs "
                + "at least 2 seeds per rung",
            fix: "swift run lesson-08-best-mlp --seeds 3")
    }
    guard batchOption.value > 0, weightDecayOption.value > 0 else {
        let given = "--batch-size \(batchOption.value) "
            + "--weight-decay \(weightDecayOption.value)"
        throw LessonError(
            message: "\(given): both must be positive",
            fix: "swift run lesson-08-best-mlp "
                + "--batch-size 128 --weight-decay 0.01")
    }
    classNames = FashionMNIST.classNames(russian: s.lang == .ru)
    let (fullTrain, fullTest) = try FashionMNIST.splits(
        dataDirectory: dataOptions.directory,
        download: dataOptions.download
    ) { s.print($0) }
    // --quick: the first 6,000 training and 1,000 test images, split
    // 5,000/1,000, as in lesson 07.
    let train: any Dataset = s.quick
        ? Subset(fullTrain, indices: Array(0..<6000)) : fullTrain
    let test: any Dataset = s.quick
        ? Subset(fullTest, indices: Array(0..<1000)) : fullTest
    let lengths = s.quick ? [5000, 1000] : [50_000, 10_000]
    let parts = randomSplit(train, lengths: lengths,
                            generator: Generator(seed: 42))
    data = LadderData(train: parts[0], validation: parts[1], test: test)
    let ladder = makeLadder(quick: s.quick)
    rungs = ladder.map { ($0.config, $0.method, $0.seeds) }
    ladderChanges = ladder.map(\.change)
    let seed = rungs[0].config, longEpochs = rungs.last!.config.epochs
    let epochRange = seed.epochs == longEpochs
        ? "\(longEpochs)" : "\(seed.epochs)–\(longEpochs)"

    s.prose(L(
        ru: """
        Начинаем с сети урока 07: 784 → \(seed.hidden[0]) → 10, SGD с lr = \(seed.learningRate), \(seed.epochs) \
        \(russianPlural(seed.epochs, "эпоха", "эпохи", "эпох")) обучения. Лекция обещает, что её методы помогают сети обобщать. Проверим это на всех \
        данных: будем добавлять методы по одному и каждый раз обучать сеть заново на тех же \
        \(grouped(data.train.count).ru) обучающих изображениях, проверяя её на тех же \(grouped(data.validation.count).ru) валидационных. \
        Цель — не меньше \(pct(target)) на тесте только полносвязной сетью. Ориентиры: опубликованный \
        MLP-бейзлайн Fashion-MNIST — \(pct(mlpBaseline)), точность людей, размечавших картинки \
        краудсорсингом, — \(pct(humanAccuracy)).
        """,
        en: """
        We start from lesson 07's network: 784 → \(seed.hidden[0]) → 10, SGD at lr = \(seed.learningRate), \(seed.epochs) \
        epochs of training. The lecture claims that its methods make a network generalise better. We test \
        the claim on the full data: methods are added one at a time, and each time the network is trained from \
        scratch on the same \(grouped(data.train.count).en) training images and checked on the same \(grouped(data.validation.count).en) \
        validation images. The target is at least \(pct(target)) on the test set with a fully connected network \
        only. Reference points: the published MLP baseline on Fashion-MNIST scores \(pct(mlpBaseline)); \
        crowd-sourced human labellers score \(pct(humanAccuracy)).
        """))
    s.prose(L(
        ru: """
        **Правило: тест смотрим один раз, в конце.** Каждое решение — какой метод оставить, на какой эпохе \
        остановиться, какую ступень объявить лучшей — принимается по точности на валидации. Если выбирать по \
        тесту, то из \(rungs.count) попыток мы выберем ту, которой на этих \(grouped(data.test.count).ru) картинках повезло, и \
        её тестовая точность окажется завышенной оценкой того, как модель поведёт себя на новых данных: \
        тест перестанет быть тестом. Валидация «тратится» на выбор; тест остаётся честной оценкой \
        одной, уже выбранной модели. Точность на тесте для каждой ступени мы покажем в итоговой таблице \
        ради урока, но посчитаем её только после того, как выбор сделан.
        """,
        en: """
        **The rule: the test set is read once, at the end.** Every decision (which method to keep, at which \
        epoch to stop, which rung is best) is made on validation accuracy. Choosing on the test set would pick, \
        out of \(rungs.count) attempts, the one that happened to be lucky on these \(grouped(data.test.count).en) images, and its \
        test accuracy would overstate how the model does on new data: the test set would stop being a test. \
        The validation set is "spent" on choosing; the test set stays an honest estimate for a single model \
        that has already been chosen. For teaching, the final table shows every rung's test accuracy, but it \
        is computed only after the choice is made.
        """))
    s.print("train: \(data.train.count)   "
            + "validation: \(data.validation.count)   test: \(data.test.count)")
    let seeds = seedsOption.value, smallSeeds = rungs[0].seeds
    s.prose(L(ru: """
        Лестница: каждая ступень — это лучшая из оставленных до неё ступеней, в которой изменена ровно \
        одна настройка. Тогда разница в точности между ступенью и её основой — вклад одного метода, а не \
        нескольких сразу. Каждую ступень широкой сети обучаем \(seeds) \(russianPlural(seeds, "раз", "раза", "раз")) с разными seed \
        (одни и те же для всех ступеней), ступени маленькой сети — \(smallSeeds) \(russianPlural(smallSeeds, "раз", "раза", "раз")) \
        (первые из тех же seed): их шаги велики, а широкая сеть решает, какой будет итоговая модель. \
        Сравниваем среднюю точность на валидации; её стандартная ошибка s/√n показывает, какие \
        различия больше шума. Метод остаётся, только если средняя точность на валидации выросла; иначе \
        следующая ступень строится без него. Это тоже выбор, и он тоже делается по валидации. Настройки в \
        таблице — при условии, что все методы останутся.
        """,
              en: """
        The ladder: every rung is the best rung kept so far with exactly one setting changed. The accuracy \
        difference between a rung and its base is then the contribution of one method, not of several at \
        once. Every wide-net rung is trained \(seeds) times with different seeds (the same seeds for every \
        rung), every small-net rung \(smallSeeds) times (the first of those seeds): its steps are large, and the \
        wide net decides what the final model is. Rungs are compared on their mean validation accuracy; its \
        standard error s/√n tells which \
        differences exceed the noise. A method stays only if the mean validation accuracy goes up; otherwise \
        the next rung is built without it. That is a choice too, and it is made on validation as well. The \
        settings below assume every method stays.
        """))
    let settingRows = rungs.indices.map { i in
        let previous = i == 0 ? nil : rungs[i - 1].config
        return ["\(i)", "\(rungs[i].method)", changedSettings(i, base: previous)]
    }
    s.table(headers: ["#", L(ru: "что меняется", en: "change"),
                      L(ru: "настройка", en: "setting")],
            rows: settingRows)
    let full = rungs.last!.config
    let stepsPerEpoch = data.train.count / full.batchSize
    s.prose(L(
        ru: """
        - **Стандартизация входа** (`Normalize(\(pixelMean), \(pixelStd))`): пиксели со средним 0 и дисперсией 1 \
        вместо [0, 1]; градиенты первого слоя перестают быть смещены в одну сторону.
        - **He-инициализация:** веса N(0, 2/D_in) вместо U(±1/√D_in): дисперсия активаций после ReLU \
        сохраняется от слоя к слою (урок 03).
        - **Adam** нормирует шаг каждого веса по истории его градиента (урок 04); берём его обычный lr = \
        \(full.learningRate) (у SGD был \(seed.learningRate)): Adam с lr = 0.1 расходится, это показал урок 07.
        - **Батч \(full.batchSize):** за эпоху \(stepsPerEpoch) \(russianPlural(stepsPerEpoch, "шаг", "шага", "шагов")) вместо \(data.train.count / 1000); \
        шаги шумнее, но их намного больше.
        - **Ширина:** скрытые слои \(full.hidden.map(String.init).joined(separator: " и ")) вместо одного слоя \(seed.hidden[0]).
        - **\(full.epochs) \(russianPlural(full.epochs, "эпоха", "эпохи", "эпох"))** с постоянным lr вместо \(seed.epochs).
        - **Ранняя остановка** по точности на валидации: если она не растёт \(full.patience ?? 0) \
        \(russianPlural(full.patience ?? 0, "эпоху", "эпохи", "эпох")) подряд, обучение прекращается, и \
        возвращаются веса лучшей эпохи.
        - **Разогрев и косинус.** \(full.warmupEpochs == 1 ? "Первую эпоху" : "Первые \(full.warmupEpochs) \(russianPlural(full.warmupEpochs, "эпоху", "эпохи", "эпох"))") lr растёт \
        линейно от 1 % до \(full.learningRate) (`LinearLR`), пока оценки моментов Adam ещё шумные, потом плавно \
        падает до нуля по косинусу (`CosineAnnealingLR`); оба шага — после каждого батча (`SequentialLR`).
        - **Dropout** p = \(full.dropout) после каждого скрытого ReLU; при проверке выключен (`model.eval()`).
        - **AdamW с weight decay** λ = \(full.weightDecay): развязанное затухание θ ← θ(1 − γλ) на каждом шаге, \
        не L2 в градиенте (уроки 04 и 05). AdamW с λ = 0 — это просто Adam, поэтому до этой ступени \
        оптимизатор называется Adam.
        """,
        en: """
        - **Standardised input** (`Normalize(\(pixelMean), \(pixelStd))`): pixels with mean 0 and variance 1 \
        instead of [0, 1], so the first layer's gradients are no longer biased to one side.
        - **He init:** weights N(0, 2/D_in) instead of U(±1/√D_in): the activations keep their variance \
        through ReLU from layer to layer (lesson 03).
        - **Adam** scales each weight's step by its gradient history (lesson 04); it comes with its usual \
        lr = \(full.learningRate) (SGD had \(seed.learningRate)): Adam at lr 0.1 diverges, as lesson 07 showed.
        - **Batch \(full.batchSize):** \(stepsPerEpoch) steps per epoch instead of \
        \(data.train.count / 1000); noisier steps, but many more of them.
        - **Width:** hidden layers of \(full.hidden.map(String.init).joined(separator: " and ")) instead of one layer of \(seed.hidden[0]).
        - **\(full.epochs) epochs** at a constant lr instead of \(seed.epochs).
        - **Early stopping** on validation accuracy: when it has not risen for \(full.patience ?? 0) epochs in a \
        row, training stops and the best epoch's weights are restored.
        - **Warm-up and cosine.** For the first \(full.warmupEpochs) epoch\(full.warmupEpochs == 1 ? "" : "s") the lr grows linearly from 1 % to \
        \(full.learningRate) (`LinearLR`) while Adam's moment estimates are still noisy, then decays smoothly to \
        zero along a cosine (`CosineAnnealingLR`); both step after every batch (`SequentialLR`).
        - **Dropout** p = \(full.dropout) after every hidden ReLU; off when checking (`model.eval()`).
        - **AdamW with weight decay** λ = \(full.weightDecay): decoupled decay θ ← θ(1 − γλ) every step, not L2 in \
        the gradient (lessons 04 and 05). AdamW with λ = 0 is plain Adam, which is why the optimizer is called \
        Adam up to this rung.
        """))
    s.prose(L(
        ru: """
        Порядок отличается от порядка лекции. Длинное обучение и раннюю остановку проверяем ещё на \
        маленькой сети: там они дёшевы, а при постоянном lr точность на валидации выходит на плато и \
        колеблется, так что остановке есть что останавливать. При косинусном расписании точность растёт \
        до последней эпохи, и ранняя остановка почти никогда не срабатывает. Ширину добавляем до \
        регуляризации: dropout и weight decay борются с переобучением, а сети с \
        \(seed.hidden[0]) нейронами за \(epochRange) эпох лечить почти нечего. \
        Все ступени детерминированы: веса, порядок батчей и dropout берут случайные числа \
        из генераторов с seed \(s.seed), \(s.seed + 1000), … (по одному на повтор).
        """,
        en: """
        The order differs from the lecture's. Longer training and early stopping are tried on the small \
        net: there they are cheap, and at a constant lr the validation accuracy reaches a plateau and \
        wobbles, so there is something to stop. Under a cosine schedule the accuracy rises until the last \
        epoch, and early stopping hardly ever fires. Width comes before regularization: dropout, weight \
        decay fight overfitting, and a network of \(seed.hidden[0]) neurons has little of it \
        to cure in \(epochRange) epochs. Every rung is \
        deterministic: weights, batch order and dropout draw from generators seeded with \
        \(s.seed), \(s.seed + 1000), … (one per repeat).
        """))
}

// MARK: - 2. Climbing the ladder

lesson.section(L(ru: "Восхождение: обучаем ступени", en: "The climb: training the rungs")) { s in
    let explicitFolder = !checkpointsOption.value.isEmpty
    let cache = RungCache(directory: cacheDirectory,
                          readsCheckpoints: !retrainOption.value
                              && (!s.quick || explicitFolder))
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
            // Built on the best rung kept so far: a method that lowered
            // validation accuracy is dropped.
            var config = results[base].config
            ladderChanges[index](&config)
            rungs[index].config = config
        }
        var runs: [RungResult] = []
        for repeatIndex in 0..<rungs[index].seeds {
            // The same seeds for every rung, so rungs compare seed by seed;
            // the seed is part of the key, so another --seed does not reuse
            // these checkpoints.
            var config = rungs[index].config
            config.seed = UInt64(s.seed) &+ UInt64(repeatIndex) &* 1000
            let label = "[\(index)] \(config.id) #\(repeatIndex + 1)"
            // The file is named by its hash in the folder the prose names;
            // lines stay within 80 columns.
            let hash = cache.hash(for: config, dataKey: data.key)
            switch cache.lookup(config, dataKey: data.key) {
            case .hit(let cached):
                runs.append(cached)
                let reused = L(
                    ru: "чекпойнт прочитан, не обучаем (хэш \(hash))",
                    en: "reused checkpoint, not trained (hash \(hash))")
                s.print("\(label):", reused)
            case .miss(let reason):
                if reason.hasPrefix("mismatch") || reason.hasPrefix("corrupt") {
                    let unusable = L(ru: "чекпойнт не подходит, обучаем заново:",
                                     en: "checkpoint unusable, training again:")
                    s.print("\(label):", unusable)
                    let why = "\(L(ru: "хэш", en: "hash")) \(hash), \(reason)"
                    s.print(indented(why, width: 78))
                }
                let result = try trainRung(
                    config, data: data, seed: config.seed,
                    progress: { s.progress(total: $0, label: $1) })
                try cache.store(result, dataKey: data.key)
                runs.append(result)
                let time = duration(result.seconds)
                let trained = L(
                    ru: "обучено за \(time.ru), сохранено (хэш \(hash))",
                    en: "trained in \(time.en), saved (hash \(hash))")
                s.print("\(label):", trained)
                if config.patience != nil,
                   let measured = result.measuredValAccuracy {
                    let (ran, budget) = (result.epochsRun, config.epochs)
                    let keptEpoch = result.keptEpoch + 1
                    let keptVal = f4(result.valAccuracy)
                    let stopped = result.stoppedEarly
                        ? L(ru: "остановлено после эпохи \(ran) из \(budget);",
                            en: "stopped after epoch \(ran) of \(budget);")
                        : L(ru: "остановки не было (\(budget) из \(budget) "
                                + "эпох);",
                            en: "ran all \(budget) epochs;")
                    s.print("\(label):", stopped)
                    let restored = L(
                        ru: "  оставлена эпоха \(keptEpoch) "
                            + "(val_acc \(keptVal)), "
                            + "веса восстановлены: val_acc \(f4(measured))",
                        en: "  kept epoch \(keptEpoch) (val_acc \(keptVal)), "
                            + "weights restored: val_acc \(f4(measured))")
                    s.print(restored)
                }
            }
        }
        results.append(RungRuns(runs: runs))
        baseOf.append(base)
        // Judged seed by seed on the seeds both ran, as the table's
        // "Δ vs base" column shows it.
        let improves = index == 0
            || lead(results[index], over: results[base]).mean > 0
        kept.append(improves)
        if improves { base = index }
    }
    let seeds = seedsOption.value
    let climbRows = results.enumerated().map { i, r in
        let train = f4(mean(r.runs.map(\.trainAccuracy)))
        let val = f4(r.valMean) + " ± " + f4(r.valSE)
        let delta = i == 0 ? "—" : signedPoints(lead(r, over: results[baseOf[i]]))
        let baseRung = i == 0 ? "—" : "\(baseOf[i])"
        let keptText = kept[i] ? L(ru: "да", en: "yes") : L(ru: "нет", en: "no")
        return [String(i), "\(rungs[i].method)", train, val, delta, baseRung,
                "\(keptText)"]
    }
    s.table(headers: ["#", L(ru: "что меняется", en: "change"),
                      L(ru: "обучение", en: "train"),
                      L(ru: "валидация ± с.о.", en: "val ± s.e."),
                      L(ru: "Δ к основе", en: "Δ vs base"),
                      L(ru: "основа", en: "base"),
                      L(ru: "оставлен?", en: "kept?")],
            rows: climbRows)
    let totalSeconds = results.map(\.seconds).reduce(0, +)
    let reusedCount = results.flatMap(\.runs).filter(\.reused).count
    let runCount = results.map(\.runs.count).reduce(0, +)
    s.prose(L(
        ru: """
        Точность — среднее по классам (как в уроке 07) и среднее по seed (\(seeds) у широкой сети, \
        \(rungs[0].seeds) у маленькой); «± с.о.» — стандартная \
        ошибка этого среднего. «Δ к основе» — разность со ступенью-основой в процентных пунктах ± её \
        стандартная ошибка, посчитанная по разностям seed к seed на общих seed обеих ступеней. \
        Точность на обучении — под dropout, то есть в режиме обучения. Обучение всех \(runCount) сетей \
        \(reusedCount == runCount ? "заняло, когда чекпойнты создавались," : reusedCount == 0 ? "заняло" : "(часть прочитана из кэша) заняло в сумме") \
        \(total(totalSeconds)) на этой машине (2 ядра, общие с другими задачами).
        """,
        en: """
        Accuracy is the mean over classes (as in lesson 07) and the mean over seeds (\(seeds) for the wide \
        net, \(rungs[0].seeds) for the small one); "± s.e." is \
        the standard error of that mean. "Δ vs base" is the difference from the base rung in percentage points \
        ± its standard error, computed from the seed-by-seed differences on the seeds both rungs ran. \
        Training accuracy is measured in training mode, under dropout. Training all \(runCount) nets \
        \(reusedCount == runCount ? "took, when the checkpoints were made," : reusedCount == 0 ? "took" : "(some read from the cache) took in total") \
        \(total(totalSeconds)) on this machine (2 cores, shared with other work).
        """))
    // Lesson 07 keeps its best epoch on validation, rung 0 its last: the gap
    // between the two, measured here.
    let seedRung = results[0]
    let lastVal = seedRung.valMean
    let bestEpochVal = mean(seedRung.runs.map { $0.valHistory.max()! })
    let swing = seedRung.runs.map { run in
        let jumps = zip(run.valHistory.dropFirst(), run.valHistory)
            .map { abs($0 - $1) }
        return jumps.suffix(3).max() ?? 0
    }.max()!
    let seedSpread = (seedRung.valAccuracies.min()!,
                      seedRung.valAccuracies.max()!)
    s.prose(L(
        ru: """
        Ступень 0 — рецепт урока 07: та же сеть, SGD с lr = \(rungs[0].config.learningRate), батч \(rungs[0].config.batchSize), \
        \(rungs[0].config.epochs) \(russianPlural(rungs[0].config.epochs, "эпоха", "эпохи", "эпох")), то же разбиение с seed 42 \
        и та же метрика. Но модель урока 07 — другая модель этого рецепта, поэтому и её точность на тесте другая. \
        Урок 07 сохраняет веса той эпохи, где точность на валидации была лучшей, а ступень 0 оставляет \
        последнюю эпоху. При SGD с lr = 0.1 на сырых пикселях точность на валидации между соседними \
        эпохами скачет: у ступени 0 на последних эпохах — до \(points(swing)) пункта. \
        \(bestEpochVal > lastVal ? "Если бы ступень 0 брала лучшую эпоху, как урок 07, её средняя точность на валидации была бы \(pct(bestEpochVal)) вместо \(pct(lastVal))." : "Здесь лучшая эпоха каждого seed — последняя, так что эта причина не сработала.") \
        Вторая причина — seed: урок 07 берёт веса из общего генератора (после пробной модели) \
        и перемешивает батчи с seed \(s.seed), а здесь у каждого повтора свои генераторы; между seed ступень 0 \
        даёт от \(pct(seedSpread.0)) до \(pct(seedSpread.1)).
        """,
        en: """
        Rung 0 is lesson 07's recipe: the same net, SGD at lr = \(rungs[0].config.learningRate), batch \(rungs[0].config.batchSize), \
        \(rungs[0].config.epochs) epochs, the same split with seed 42 and the same metric. Lesson 07's model is \
        another model of that recipe, though, so its test accuracy differs too. Lesson 07 saves the weights of \
        the epoch with the best validation accuracy; rung 0 keeps the last epoch. With SGD at lr 0.1 on raw \
        pixels the validation accuracy jumps from one epoch to the next: by up to \(points(swing)) points over \
        rung 0's last epochs. \
        \(bestEpochVal > lastVal ? "Had rung 0 taken its best epoch, as lesson 07 does, its mean validation accuracy would be \(pct(bestEpochVal)) instead of \(pct(lastVal))." : "Here every seed's best epoch is its last, so this cause did not act.") \
        The second cause is the seed: lesson 07 draws \
        its weights from the global generator (after a probe model) and shuffles with seed \(s.seed), while \
        every repeat here has generators of its own; across seeds rung 0 scores from \(pct(seedSpread.0)) to \
        \(pct(seedSpread.1)).
        """))
    if let stopping = results.firstIndex(where: { $0.config.patience != nil }) {
        let r = results[stopping]
        let stopped = r.runs.filter(\.stoppedEarly).count
        let epochsRun = r.runs.map(\.epochsRun).reduce(0, +)
        let saved = 1 - Double(epochsRun) / Double(r.runs.count * r.config.epochs)
        s.prose(L(
            ru: """
            Ранняя остановка (ступень № \(stopping)) остановила \(stopped) из \(r.runs.count) запусков до конца бюджета и \
            сэкономила \(String(format: "%.0f", 100 * saved)) % эпох. Её точность на валидации — максимум по эпохам, \
            выбранный на той же валидации, поэтому немного оптимистична; насколько — покажет тест в следующем разделе.
            """,
            en: """
            Early stopping (rung no. \(stopping)) ended \(stopped) of \(r.runs.count) runs before their budget and saved \
            \(String(format: "%.0f", 100 * saved)) % of the epochs. Its validation accuracy is a maximum over epochs, chosen \
            on the same validation set, so it is slightly optimistic; the test in the next section shows by how much.
            """))
    }
    let curvesCaption = L(
        ru: "Точность на валидации после каждой эпохи, по ступеням (первый seed)",
        en: "Validation accuracy after every epoch, rung by rung (first seed)")
    try s.figure("curves", caption: curvesCaption) {
        curvesFigure(results, methods: rungs.map(\.method))
    }
}

// MARK: - 3. The choice, on validation only

lesson.section(L(ru: "Выбор по валидации", en: "Choosing on validation")) { s in
    // The decision reads validation accuracy only; the test set has not been
    // touched yet.
    let order = results.indices.sorted {
        results[$0].valMean > results[$1].valMean
    }
    chosen = order[0]
    let runnerUp = order[1]
    let chosenRung = results[chosen], best = chosenRung.bestRun
    let margin = lead(chosenRung, over: results[runnerUp])
    // With no spread between seeds the ratio is undefined: a lead then counts
    // only if it is not zero.
    let ratio = margin.standardError > 0
        ? margin.mean / margin.standardError : .infinity
    let beyondNoise = margin.standardError > 0 ? ratio >= 2 : margin.mean > 0
    let verdict = beyondNoise
        ? L(ru: "больше двух стандартных ошибок, так что отрыв — не шум seed.",
            en: "more than two standard errors, so the lead is not seed noise.")
        : L(ru: (margin.standardError > 0
                    ? "меньше двух стандартных ошибок" : "отрыва нет")
                + ", так что при этих \(margin.count) seed обе ступени "
                + "по сути равны; "
                + "правило выбирает № \(chosen), но превосходство не доказано.",
            en: (margin.standardError > 0
                    ? "less than two standard errors" : "no lead at all")
                + ", so with these \(margin.count) seeds the two rungs are "
                + "in effect equal; the rule picks no. \(chosen), but its "
                + "superiority is not established.")
    let bestSeed = chosenRung.bestRunIndex + 1
    s.prose(L(
        ru: """
        Лучшая ступень по средней точности на валидации — № \(chosen) («\(rungs[chosen].method)»): \
        \(pct(chosenRung.valMean)) ± \(points(chosenRung.valSE)). Следующая — № \(runnerUp) \
        («\(rungs[runnerUp].method)»), \(pct(results[runnerUp].valMean)). Отрыв — \(signedPoints(margin)) \
        пункта, \(ratio.isFinite ? String(format: "%.1f", ratio) + " стандартной ошибки" : "одна и та же разность у каждого seed"): \
        \(verdict)
        """,
        en: """
        The best rung by mean validation accuracy is no. \(chosen) ("\(rungs[chosen].method)"): \
        \(pct(chosenRung.valMean)) ± \(points(chosenRung.valSE)). Next comes no. \(runnerUp) \
        ("\(rungs[runnerUp].method)"), \(pct(results[runnerUp].valMean)). The lead is \(signedPoints(margin)) \
        points, \(ratio.isFinite ? String(format: "%.1f", ratio) + " standard errors" : "the same difference for every seed"): \
        \(verdict)
        """))

    // One more candidate, judged on validation too: the chosen rung's nets
    // side by side.
    let seeds = chosenRung.runs.count
    let transform = data.evaluationTransform(chosenRung.config)
    let committee = try sideBySide(chosenRung.runs.map(\.model),
                                   hidden: chosenRung.config.hidden)
    let validationLoader = DataLoader(data.validation, batchSize: 1000,
                                      transform: transform)
    let committeeVal = evaluate(committee, on: validationLoader).accuracy
    let rightOf = { (model: MLP) in
        rightAnswers(model, on: data.validation, transform: transform)
            .map { $0 ? 1.0 : 0.0 }
    }
    let perImage = PairedComparison(baseline: rightOf(best.model),
                                    method: rightOf(committee))
    let committeeWins = committeeVal > best.valAccuracy
    let wide = chosenRung.config.hidden.map { String($0 * seeds) }
        .joined(separator: " → ")
    let committeeName = L(ru: "ступень \(chosen), \(seeds) сети вместе",
                          en: "rung \(chosen), \(seeds) nets averaged")
    let bestName = L(ru: "ступень \(chosen), seed №\(bestSeed)",
                     en: "rung \(chosen), seed #\(bestSeed)")
    final = committeeWins
        ? FinalModel(model: committee, config: chosenRung.config,
                     hidden: chosenRung.config.hidden.map { $0 * seeds },
                     dropout: 0,
                     valAccuracy: committeeVal, name: committeeName)
        : FinalModel(model: best.model, config: chosenRung.config,
                     hidden: chosenRung.config.hidden,
                     dropout: chosenRung.config.dropout,
                     valAccuracy: best.valAccuracy, name: bestName)
    let imageVerdict: L
    switch perImage.verdict() {
    case .better:
        imageVerdict = L(ru: "95-процентный интервал этой разности выше нуля",
                         en: "the 95 % interval of that difference is above zero")
    case .worse:
        imageVerdict = L(ru: "95-процентный интервал этой разности ниже нуля",
                         en: "the 95 % interval of that difference is below zero")
    case .withinNoise:
        imageVerdict = L(ru: "95-процентный интервал этой разности содержит ноль",
                         en: "the 95 % interval of that difference contains zero")
    }
    let perImagePoints = signedPoints(perImage.differences)
    s.prose(L(
        ru: """
        Есть ещё один кандидат, и его тоже судит только валидация: \(seeds) \(russianPlural(seeds, "сеть", "сети", "сетей")) \
        выбранной ступени вместе. Усреднить их логиты — то же самое, что взять одну полносвязную сеть \
        784 → \(wide) → 10, в которой эти сети стоят рядом: матрица весов каждого скрытого слоя \
        блочно-диагональная, а выходной слой складывает их выходы и делит на \(seeds) (`sideBySide` в \
        `Ensemble.swift`). Заново ничего не обучается. Сети с разными seed ошибаются на разных картинках, \
        и усреднение часть этих ошибок гасит. На валидации такая сеть даёт \(pct(committeeVal)) против \
        \(pct(best.valAccuracy)) у лучшей из \(seeds) сетей по отдельности; доля верных ответов, посчитанная по \
        тем же \(grouped(data.validation.count).ru) картинкам, изменилась на \(perImagePoints) пункта, \
        и \(imageVerdict). \
        \(committeeWins ? "Итоговая модель — эта объединённая сеть." : "Лучшую отдельную сеть она не обошла, так что итоговая модель — сеть seed № \(bestSeed).")
        """,
        en: """
        There is one more candidate, and validation judges it too: the chosen rung's \(seeds) nets together. \
        Averaging their logits is the same as one fully connected net 784 → \(wide) → 10 in which these nets \
        stand side by side: every hidden layer's weight matrix is block-diagonal, and the output layer adds \
        their outputs and divides by \(seeds) (`sideBySide` in `Ensemble.swift`). Nothing is trained again. \
        Nets with different seeds go wrong on different images, and averaging cancels part of those errors. \
        On validation this net scores \(pct(committeeVal)) against \(pct(best.valAccuracy)) for the best of the \
        \(seeds) nets alone; the share of right answers, counted over the same \
        \(grouped(data.validation.count).en) images, changed by \(perImagePoints) points, and \
        \(imageVerdict). \
        \(committeeWins ? "The final model is this merged net." : "It did not beat the best single net, so the final model is seed no. \(bestSeed)'s net.")
        """))
    s.prose(L(
        ru: """
        Выбор сделан. Только теперь открываем тестовые данные и проверяем на них все ступени; таблица \
        ниже ничего уже не решает, она показывает, насколько валидация предсказала тест.
        """,
        en: """
        The choice is made. Only now do we open the test data and check every rung on it; the table \
        below decides nothing any more, it shows how well validation predicted the test.
        """))
}

// MARK: - 4. Then the test, once

lesson.section(L(ru: "Затем тест, один раз", en: "Then the test, once")) { s in
    let chosenRung = results[chosen]
    tests = results.map { rung in
        rung.runs.map {
            testModel($0.model, config: $0.config, on: data.test, data: data)
        }
    }
    finalTest = testModel(final.model, config: final.config,
                          on: data.test, data: data)
    let runTest = tests.map { $0.map { $0.compute().reduce(0, +) / 10 } }
    let testAccuracy = runTest.map(mean)
    let testRows = results.enumerated().map { i, r in
        let number = String(i) + (i == chosen ? " *" : "")
        let val = f4(r.valMean) + " ± " + f4(r.valSE)
        let test = f4(testAccuracy[i]) + " ± " + f4(standardError(runTest[i]))
        let source = r.runs.allSatisfy(\.reused)
            ? L(ru: "кэш", en: "cache") : L(ru: "обучено", en: "trained")
        return [number, "\(rungs[i].method)", val, test, epochsText(r),
                "\(duration(r.seconds))", "\(source)"]
    }
    s.table(headers: ["#", L(ru: "что меняется", en: "change"),
                      L(ru: "валидация ± с.о.", en: "val ± s.e."),
                      L(ru: "тест ± с.о.", en: "test ± s.e."),
                      L(ru: "эпох", en: "epochs"), L(ru: "время", en: "time"),
                      L(ru: "источник", en: "source")],
            rows: testRows)
    let finalAccuracy = finalTest.compute().reduce(0, +) / 10
    let seedTest = testAccuracy[0]
    let gap = zip(results.map(\.valMean), testAccuracy)
        .map { abs($0 - $1) }.max()!
    let shortfall = String(format: "%.2f", 100 * (target - finalAccuracy))
    let accuracies = "val_acc \(f4(final.valAccuracy))  "
        + "test_acc \(f4(finalAccuracy))"
    s.print(L(ru: "итоговая модель (\(final.name.ru)): \(accuracies)",
              en: "final model (\(final.name.en)): \(accuracies)"))
    s.print(finalAccuracy >= target
        ? L(ru: "цель \(f4(target)): достигнута",
            en: "target \(f4(target)): reached")
        : L(ru: "цель \(f4(target)): не достигнута "
                + "(не хватило \(shortfall) пункта)",
            en: "target \(f4(target)): not reached (\(shortfall) points short)"))
    s.prose(L(
        ru: """
        Рецепт урока 07 (ступень 0) на тесте — \(pct(seedTest)) (среднее по seed), итоговая модель — \(pct(finalAccuracy)); \
        в среднем по \(chosenRung.runs.count) seed ступень № \(chosen) даёт на тесте \(pct(testAccuracy[chosen])) ± \
        \(points(standardError(runTest[chosen]))). \
        \(finalAccuracy >= target ? "Цель \(pct(target)) достигнута полносвязной сетью" : "До цели \(pct(target)) не хватило \(shortfall) пункта") \
        (бейзлайн MLP — \(pct(mlpBaseline)), люди — \(pct(humanAccuracy))). Валидация и тест расходятся \
        не больше чем на \(String(format: "%.2f", 100 * gap)) пункта на любой ступени: это другие \
        \(grouped(data.test.count).ru) картинок, а стандартная ошибка точности на \(grouped(data.validation.count).ru) картинках — около \
        \(points((finalAccuracy * (1 - finalAccuracy) / Double(data.validation.count)).squareRoot())) пункта.
        """,
        en: """
        Lesson 07's recipe (rung 0) scores \(pct(seedTest)) on the test set (mean over seeds), the final model \(pct(finalAccuracy)); \
        averaged over \(chosenRung.runs.count) seeds, rung no. \(chosen) scores \(pct(testAccuracy[chosen])) ± \
        \(points(standardError(runTest[chosen]))) on the test set. \
        \(finalAccuracy >= target ? "The \(pct(target)) target is reached by a fully connected network" : "The \(pct(target)) target is missed by \(shortfall) points") \
        (the MLP baseline is \(pct(mlpBaseline)), humans \(pct(humanAccuracy))). Validation and test differ by at most \
        \(String(format: "%.2f", 100 * gap)) points on any rung: these are other \(grouped(data.test.count).en) images, and the \
        standard error of an accuracy on \(grouped(data.validation.count).en) images is about \
        \(points((finalAccuracy * (1 - finalAccuracy) / Double(data.validation.count)).squareRoot())) points.
        """))
    let steps = results.indices.dropFirst().map {
        (index: $0, gain: lead(results[$0], over: results[baseOf[$0]]))
    }
    let biggest = steps.max { $0.gain.mean < $1.gain.mean }!
    let losses = steps.filter { !kept[$0.index] }
    let clear = steps.filter {
        kept[$0.index] && $0.gain.mean >= 2 * $0.gain.standardError
    }
    /// Train − validation gap (training accuracy in training mode), in points,
    /// before → after the rung.
    func trainValGap(_ r: RungRuns) -> Double {
        100 * (mean(r.runs.map { $0.trainAccuracy }) - r.valMean)
    }
    let gaps = losses.map {
        String(format: "%.1f → %.1f", trainValGap(results[baseOf[$0.index]]),
               trainValGap(results[$0.index]))
    }
    let clearRu = clear.isEmpty
        ? "— ни одна"
        : clear.map { "№\u{00A0}\($0.index)" }.joined(separator: ", ")
    let clearEn = clear.isEmpty
        ? "none" : clear.map { "no. \($0.index)" }.joined(separator: ", ")
    let droppedRu = zip(losses, gaps).map { step, gapText in
        "№\u{00A0}\(step.index) («\(rungs[step.index].method.ru)», "
            + "\(signedPoints(step.gain)); "
            + "разрыв между обучением и валидацией \(gapText) пункта)"
    }.joined(separator: ", ")
    let droppedEn = zip(losses, gaps).map { step, gapText in
        "no. \(step.index) (\"\(rungs[step.index].method.en)\", "
            + "\(signedPoints(step.gain)); "
            + "train − validation gap \(gapText) points)"
    }.joined(separator: ", ")
    let verdictOnDropped = losses.isEmpty
        ? L(ru: "Каждый метод поднял среднюю точность на валидации и остался.",
            en: "Every method raised the mean validation accuracy and stayed.")
        : L(ru: """
            Не подняли среднюю точность на валидации и были отброшены: \
            \(droppedRu). Регуляризатор, сужающий разрыв, но не поднимающий \
            валидацию, за этот бюджет эпох больше замедляет обучение, чем лечит \
            переобучение. Метод не обязан помогать в любой комбинации и при \
            любом бюджете эпох; решает валидация, а не вера в метод.
            """,
            en: """
            Methods that did not raise the mean validation accuracy and were \
            dropped: \(droppedEn). A regularizer that narrows the gap without \
            raising validation slows learning more than it cures overfitting \
            within this epoch budget. A method need not help in every \
            combination and every epoch budget; validation decides, not faith in \
            the method.
            """)
    s.prose(L(
        ru: """
        Самый большой шаг на валидации — ступень №\u{00A0}\(biggest.index) («\(rungs[biggest.index].method.ru)», \
        \(signedPoints(biggest.gain)) пункта). Больше двух своих стандартных ошибок выросли ступени \
        \(clearRu); у остальных оставленных шагов прирост меньше разброса между зёрнами. \(verdictOnDropped.ru)
        """,
        en: """
        The biggest step on validation is rung no. \(biggest.index) ("\(rungs[biggest.index].method.en)", \
        \(signedPoints(biggest.gain)) points). Rungs that gained more than two standard errors: \
        \(clearEn); the other kept steps are below the seed-to-seed noise. \(verdictOnDropped.en)
        """))
    let byTest = testAccuracy.indices.max { testAccuracy[$0] < testAccuracy[$1] }!
    if byTest != chosen {
        let (seByTest, seChosen) = (standardError(runTest[byTest]),
                                    standardError(runTest[chosen]))
        let testSE = (seByTest * seByTest + seChosen * seChosen).squareRoot()
        let withinError = testAccuracy[byTest] - testAccuracy[chosen] < 2 * testSE
        s.prose(L(
            ru: """
            Заметьте: по тесту лучшей оказалась бы ступень № \(byTest) (\(pct(testAccuracy[byTest])) против \
            \(pct(testAccuracy[chosen])) в среднем по seed). Выбрав её, мы бы написали в отчёте бо́льшее число, но \
            это число было бы подобрано под тест — ровно та оптимистичная оценка, от которой защищает правило.\
            \(withinError ? " Разница меньше двух стандартных ошибок: эти ступени по сути равны, и честный ответ — тот, что выбран по валидации." : "")
            """,
            en: """
            Note: on the test set, rung no. \(byTest) would have looked best (\(pct(testAccuracy[byTest])) against \
            \(pct(testAccuracy[chosen])), means over seeds). Picking it would put a larger number in the report, but a \
            number tuned to the test set: exactly the optimistic estimate the rule guards against.\
            \(withinError ? " The difference is below two standard errors; these rungs are in effect equal, and the honest answer is the one chosen on validation." : "")
            """))
    }
    if finalAccuracy < target {
        s.prose(L(
            ru: """
            Что могло бы добрать недостающие \(shortfall) пункта (каждое — новая ступень, проверяемая по \
            валидации): больше эпох при том же косинусном расписании (`--epochs 40`), сеть шире \
            (`--hidden 1024,1024`) с более сильным dropout, сглаживание меток (упражнение 3), больше сетей \
            в усреднении (`--seeds 5`). Каждое из них стоит минут обучения: за \
            \(seedsOption.value) seed на ступень широкой сети лестница платит временем.
            """,
            en: """
            What might close the remaining \(shortfall) points (each a new rung, judged on validation): more \
            epochs under the same cosine schedule (`--epochs 40`), a wider net (`--hidden 1024,1024`) with \
            stronger dropout, label smoothing (exercise 3), more nets in the average (`--seeds 5`). Each costs \
            minutes of training: \(seedsOption.value) seeds per wide-net rung are what the ladder pays in time.
            """))
    }
    let ladderCaption = L(
        ru: "Лестница методов: средняя точность на валидации (± ст. ошибка) "
            + "и на тесте после каждой ступени",
        en: "The ladder of methods: mean validation (± standard error) "
            + "and test accuracy after every rung")
    try s.figure("ladder", caption: ladderCaption) {
        ladderFigure(results, testAccuracy: testAccuracy, kept: kept,
                     chosen: chosen, methods: rungs.map(\.method),
                     seedTest: seedTest)
    }

    // The chosen model, as a PyTorch-loadable checkpoint.
    let bestFile = cacheDirectory.appendingPathComponent("best-mlp.safetensors")
    try FileManager.default.createDirectory(at: cacheDirectory,
                                            withIntermediateDirectories: true)
    try final.model.save(to: bestFile, metadata: [
        "rung": final.config.id, "config": final.config.key,
        "model": final.name.en,
        "val_accuracy": f4(final.valAccuracy), "test_accuracy": f4(finalAccuracy),
        "normalize_mean": "\(pixelMean)", "normalize_std": "\(pixelStd)",
    ])
    s.prose(L(
        ru: """
        Выбранная модель сохранена в `\(shown(bestFile))` — safetensors с именами PyTorch. В PyTorch её \
        читают так (вход — изображение, стандартизованное `Normalize(\(pixelMean), \(pixelStd))`\
        \(final.config.standardize ? "" : " — здесь не нужно")):
        """,
        en: """
        The chosen model is saved as `\(shown(bestFile))`, safetensors with PyTorch's names. PyTorch reads it \
        like this (the input is an image standardised with `Normalize(\(pixelMean), \(pixelStd))`\
        \(final.config.standardize ? "" : ", not needed here")):
        """))
    s.print(final.model)
    let keys = final.model.stateDict().map { "\($0.name) \($0.tensor.shape)" }
    s.print("keys: " + keys.joined(separator: ", "))
    let torchLayers = final.hidden.enumerated().map { i, h in
        let inputs = i == 0 ? 784 : final.hidden[i - 1]
        let dropout = final.dropout > 0 ? ", nn.Dropout(\(final.dropout))" : ""
        return "nn.Linear(\(inputs), \(h)), nn.ReLU()" + dropout
    }.joined(separator: ", ") + ", nn.Linear(\(final.hidden.last!), 10)"
    let loaded = "load_file(\"\(shown(bestFile))\").items()"
    let renamed = "{k.removeprefix(\"layers.\"): v for k, v in \(loaded)}"
    s.print("""
        model = nn.Sequential(\(torchLayers))
        model.load_state_dict(\(renamed))
        """)
}

// MARK: - 4. What changed: the confusion matrices

lesson.section(L(ru: "Что изменилось: матрицы ошибок", en: "What changed: the confusion matrices")) { s in
    // Lesson 07's recipe as its first seed trained it, against the final model.
    let before = tests[0][0].confusion.counts, after = finalTest.confusion.counts
    let perBefore = tests[0][0].compute(), perAfter = finalTest.compute()
    let classRows = classNames.indices.map { c in
        let change = String(format: "%+.1f", 100 * (perAfter[c] - perBefore[c]))
        return [classNames[c], pct(perBefore[c]), pct(perAfter[c]), change]
    }
    s.table(headers: [L(ru: "класс", en: "class"),
                      L(ru: "ступень 0", en: "rung 0"),
                      L(ru: "итоговая", en: "final"),
                      L(ru: "разница", en: "change")],
            rows: classRows)
    let gained = classNames.indices.max {
        perAfter[$0] - perBefore[$0] < perAfter[$1] - perBefore[$1]
    }!
    let worst = classNames.indices.min { perAfter[$0] < perAfter[$1] }!
    let worstBefore = classNames.indices.min { perBefore[$0] < perBefore[$1] }!
    let confusedWith = classNames.indices.filter { $0 != worst }.max {
        after[worst][$0] < after[worst][$1]
    }!
    let confusions = after[worst][confusedWith]
    let errorsBefore = (0..<10).map { c in before[c].reduce(0, +) - before[c][c] }
        .reduce(0, +)
    let errorsAfter = (0..<10).map { c in after[c].reduce(0, +) - after[c][c] }
        .reduce(0, +)
    s.prose(L(
        ru: """
        Ступень 0 (первый seed) ошибается на \(errorsBefore) из \(grouped(data.test.count).ru) тестовых изображений, итоговая \
        модель — на \(errorsAfter). Больше всего \
        выиграл класс «\(classNames[gained])» (\(pct(perBefore[gained])) → \(pct(perAfter[gained]))). Самый трудный \
        класс \(worst == worstBefore ? "и теперь" : "теперь") — «\(classNames[worst])» (\(pct(perAfter[worst]))): его чаще всего путают с классом \
        «\(classNames[confusedWith])» (\(confusions) \(russianPlural(confusions, "раз", "раза", "раз"))). Футболки, рубашки, пуловеры и пальто \
        на картинках 28 × 28 различаются немногими пикселями, и полносвязная сеть, которая не знает, что \
        соседние пиксели связаны, упирается именно здесь; свёрточные сети (следующие лекции) видят \
        локальные узоры и исправляют большую часть этих ошибок.
        """,
        en: """
        Rung 0 (first seed) gets \(errorsBefore) of the \(grouped(data.test.count).en) test images wrong; the final model \
        \(errorsAfter). The class \
        that gained most is "\(classNames[gained])" (\(pct(perBefore[gained])) → \(pct(perAfter[gained]))). The hardest \
        class is \(worst == worstBefore ? "still " : "now ")"\(classNames[worst])" (\(pct(perAfter[worst]))), most often taken for \
        "\(classNames[confusedWith])" (\(confusions) times). T-shirts, shirts, pullovers and coats \
        differ in few pixels at 28 × 28, and a fully connected network, which does not know that neighbouring \
        pixels belong together, hits its limit right there; convolutional networks (later lectures) see local \
        patterns and fix most of these errors.
        """))
    let confusionCaption = L(
        ru: "Матрицы ошибок на тесте: ступень 0 (рецепт урока 07, первый seed), "
            + "итоговая модель и где она лучше или хуже",
        en: "Test confusion matrices: rung 0 (lesson 07's recipe, first seed), "
            + "the final model, and where it is better or worse")
    try s.figure("confusion_comparison", caption: confusionCaption) {
        confusionFigure(before: before, after: after, classNames: classNames,
                        errorsBefore: errorsBefore, errorsAfter: errorsAfter)
    }
    s.prose(L(
        ru: """
        Третья панель — выигрыш итоговой модели в каждой клетке: на диагонали это прирост верных ответов, \
        вне диагонали — на сколько стало меньше ошибок этого вида. Зелёное — лучше, красное — хуже.
        """,
        en: """
        The third panel is the final model's gain in every cell: on the diagonal, how many more right \
        answers; off it, how many fewer errors of that kind. Green is better, red is worse.
        """))
}

// MARK: - 5. Exercises

lesson.section(L(ru: "Упражнения", en: "Exercises")) { s in
    s.prose(L(
        ru: """
        1. Уберите один метод из середины лестницы (например, закомментируйте ступень dropout в `makeLadder`, \
        файл `Ladder.swift`) \
        и запустите урок: остальные ступени прочитаются из кэша, а изменившиеся обучатся заново (их хэш \
        изменился). Насколько упала точность на валидации у последней ступени?
        2. Сделайте сеть ещё шире: `--hidden 1024,1024`. Сколько стала стоить эпоха и выросла ли точность на \
        валидации? Что важнее для полносвязной сети здесь — ширина или регуляризация?
        3. Добавьте ступень сглаживания меток: в `makeLadder` после ступени weight decay \
        `add("label-smoothing", …) { $0.labelSmoothing = 0.1 }`. Превышает ли её шаг свою стандартную ошибку? \
        Добавьте ступень аугментации: `add("hflip", …) { $0.augment = true }` — отражения слева направо, \
        а с `$0.shift = 2` ещё и сдвиги до 2 пикселей. Полносвязная \
        сеть не знает, что сдвинутая картинка — та же вещь; как меняются точность на обучении и на валидации?
        4. Нарушьте правило: выберите ступень по тесту вместо валидации. Изменился ли выбор? Объясните, \
        почему тестовая точность такой модели — оптимистичная оценка.
        """,
        en: """
        1. Drop one method from the middle of the ladder (e.g. comment out the dropout rung in `makeLadder`, \
        file `Ladder.swift`) and \
        run the lesson: the other rungs are read from the cache, the changed ones train again (their hash \
        changed). How much does the last rung's validation accuracy drop?
        2. Make the network wider still: `--hidden 1024,1024`. What does an epoch cost now, and did the \
        validation accuracy grow? Which matters more for a fully connected net here, width or regularization?
        3. Add a label-smoothing rung: in `makeLadder`, after the weight-decay rung, \
        `add("label-smoothing", …) { $0.labelSmoothing = 0.1 }`. Is its step larger than its standard error? \
        Add an augmentation rung: `add("hflip", …) { $0.augment = true }` flips images left to right, and with \
        `$0.shift = 2` also shifts them by up to 2 pixels. A fully connected net \
        does not know that a shifted image shows the same thing; how do training and validation accuracy change?
        4. Break the rule: choose the rung on the test set instead of validation. Did the choice change? \
        Explain why that model's test accuracy is an optimistic estimate.
        """))
}

lesson.run()
