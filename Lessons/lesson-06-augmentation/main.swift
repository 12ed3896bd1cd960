// Lesson 06 — the Fashion-MNIST data set and image augmentation.
//
//   swift run lesson-06-augmentation            (add --help for the flags)
//
// Section 2.7 of the lecture and the data set's introduction: sizes, classes,
// pixel range, the 50,000/10,000 split and its class counts, a grid of real
// samples, what augmentation is for and which transforms suit clothing, the
// same images under each transform, and an experiment: the course MLP trained
// on a small subset with and without augmentation.
import Course
import Foundation

let lesson = Lesson(
    id: "lesson-06-augmentation",
    title: L(ru: "Fashion-MNIST и аугментация изображений", en: "Fashion-MNIST and image augmentation"),
    summary: L(ru: "Набор данных Fashion-MNIST, разбиение и загрузчики; цели аугментации, подходящие и вредные преобразования, опыт с аугментацией и без неё.",
               en: "The Fashion-MNIST data set, its split and loaders; what augmentation is for, which transforms suit it and which do not, and an experiment with and without it."))

let dataOptions = lesson.dataOptions()
let subsetOption = lesson.option("subset", default: 500, range: 10...50_000,
    help: L(ru: "сколько обучающих изображений взять для опыта", en: "training images used in the experiment"))
let epochsOption = lesson.option("epochs", default: 200, range: 1...1000,
    help: L(ru: "число эпох в опыте", en: "epochs of the experiment"))
let batchOption = lesson.option("batch", default: 100, range: 1...50_000,
    help: L(ru: "размер батча в опыте", en: "batch size of the experiment"))
let lrOption = lesson.option("lr", default: 0.05, range: .above(0, through: 10),
    help: L(ru: "скорость обучения SGD (momentum 0.9)", en: "SGD learning rate (momentum 0.9)"))
let augOption = lesson.option("aug", default: [Augmentation.affine],
    help: L(ru: "аугментации опыта через запятую", en: "augmentations of the experiment, comma-separated"))
/// How the experiment's learning rate moves over the epochs.
enum Schedule: String, CaseIterable, OptionValue { case cosine, constant }
let scheduleOption = lesson.option("schedule", default: Schedule.cosine,
    help: L(ru: "расписание lr в опыте: cosine — косинусом от lr до 0, constant — постоянная", en: "the experiment's lr schedule: cosine (from lr down to 0) or constant"))
let seedsOption = lesson.option("seeds", default: 4, range: 2...20,
    help: L(ru: "повторов опыта с разными зёрнами (для среднего и стандартной ошибки)", en: "repeats of the experiment with other seeds (for the mean and standard error)"))

var train: FashionMNIST!
var test: FashionMNIST!
var trainPart: Subset!
var valPart: Subset!
/// The class names in the run's language, and as common nouns inside a sentence (lower case in Russian).
let classNames = (0..<10).map { L(ru: FashionMNIST.russianClassNames[$0], en: FashionMNIST.classNames[$0]) }
let classNamesInSentence = (0..<10).map { L(ru: FashionMNIST.russianClassNames[$0].lowercased(), en: FashionMNIST.classNames[$0]) }
/// Σ of the training images of each class, [10, 784], in [0, 1] units.
var classPixelSums: Tensor!

/// "1234" → "1 234" in Russian (a no-break space, so a line never breaks inside a number), "1,234" in English.
func grouped(_ n: Int) -> L {
    let digits = String(n.magnitude)
    var ru = "", en = ""
    for (i, c) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { (ru, en) = (ru + "\u{00A0}", en + ",") }
        (ru, en) = (ru + String(c), en + String(c))
    }
    let sign = n < 0 ? "−" : ""
    return L(ru: sign + ru, en: sign + en)
}
func percent(_ x: Double) -> String { String(format: "%.1f\u{00A0}%%", 100 * x) }
func fixed(_ x: Double, _ digits: Int = 4) -> String { String(format: "%.\(digits)f", x) }
/// A run time for the reader, "12 с" / "12 s" ("—" with `--no-timings`, so that documents repeat).
func took(_ seconds: Double) -> String { lesson.seconds(seconds, decimals: 0) }

// MARK: - 1. The data set

lesson.section(L(ru: "Набор данных Fashion-MNIST", en: "The Fashion-MNIST data set")) { s in
    s.prose(L(
        ru: """
        **Fashion-MNIST** (Zalando, 2017) — маленькие чёрно-белые фотографии одежды и обуви. Он устроен \
        в точности как рукописные цифры MNIST (те же размеры и формат файлов), но задача труднее: \
        рубашку легко спутать с футболкой или пальто. Загрузим обе части набора — обучающую и тестовую — \
        и проверим всё, что о них говорят, на самих данных.
        """,
        en: """
        **Fashion-MNIST** (Zalando, 2017) holds small grayscale photos of clothes and shoes. It is laid \
        out exactly like the handwritten digits of MNIST (same sizes, same file format), but the task is \
        harder: a shirt is easily taken for a T-shirt or a coat. We load both parts, training and test, \
        and check everything said about them on the data itself.
        """))
    (train, test) = try FashionMNIST.splits(
        dataDirectory: dataOptions.directory,
        download: dataOptions.download
    ) { s.print($0) }
    s.print(L(ru: "файлы из:", en: "files from:"), train.directory.path)
    s.print("len(train) =", train.count, "  len(test) =", test.count)

    let x = train[2026]
    s.prose(L(ru: "Один пример, как `x, y = train_dataset[2026]` в PyTorch:",
              en: "One sample, like `x, y = train_dataset[2026]` in PyTorch:"))
    s.print("x.shape:", x.image.shape, "  y:", x.label,
            L(ru: "  класс:", en: "  class:"), classNames[x.label])

    var lowest: Float = .infinity, highest: Float = -.infinity
    // One pass over the training images in batches, with the framework's ops:
    // per-image sums (Σx and Σx², accumulated in Double) and per-class sums of
    // the images (one-hot labels times the batch), used again in section 4.
    var sum = 0.0, sumSquares = 0.0
    var sums = Tensor.zeros([10, 784])
    for batch in DataLoader(train, batchSize: 10_000, transform: ToTensor()) {
        let images = batch.images.reshape([-1, 784])
        lowest = min(lowest, images.min().item())
        highest = max(highest, images.max().item())
        for v in images.sum(dim: 1).scalars { sum += Double(v) }
        for v in (images * images).sum(dim: 1).scalars { sumSquares += Double(v) }
        let oneHot = Tensor(shape: [10, batch.labels.count]) { buffer in
            buffer.initialize(repeating: 0)
            let count = batch.labels.count
            for (k, label) in batch.labels.enumerated() {
                buffer[label * count + k] = 1
            }
        }
        sums = sums + Tensor.matmul(oneHot, images)
    }
    classPixelSums = sums
    let n = Double(train.count * 784)
    let (lo, hi) = (Int((lowest * 255).rounded()), Int((highest * 255).rounded()))
    let mean = sum / n, std = (sumSquares / n - mean * mean).squareRoot()
    s.print(L(ru: "пиксели в файле: байты от",
              en: "pixels in the file: bytes from"), lo,
            L(ru: "до", en: "to"), hi)
    s.print(L(ru: "после ToTensor: x.min() =", en: "after ToTensor: x.min() ="),
            fixed(Double(x.image.min().item()), 1),
            " x.max() =", fixed(Double(x.image.max().item()), 1),
            L(ru: " (делим на 255)", en: " (divided by 255)"))
    s.print(L(ru: "среднее и СКО всех пикселей обучающей части:",
              en: "mean and std of all training pixels:"),
            fixed(mean), fixed(std))
    s.prose(L(
        ru: """
        Итого: \(grouped(train.count)) обучающих и \(grouped(test.count)) тестовых изображений \
        \(x.image.shape[1])×\(x.image.shape[2]) в оттенках серого (один канал, форма x — [C, H, W] = \
        \(x.image.shape)). `ToTensor` переводит байты 0…255 в числа 0…1. Среднее \(fixed(mean)) и СКО \
        \(fixed(std)) — те числа, что ставят в `Normalize(mean, std)`: большая часть кадра — чёрный фон.
        """,
        en: """
        In all: \(grouped(train.count)) training and \(grouped(test.count)) test images of \
        \(x.image.shape[1])×\(x.image.shape[2]) in grayscale (one channel, x has shape [C, H, W] = \
        \(x.image.shape)). `ToTensor` maps the bytes 0…255 to numbers 0…1. The mean \(fixed(mean)) and \
        std \(fixed(std)) are what goes into `Normalize(mean, std)`: most of each frame is black background.
        """))

    var trainCounts = [Int](repeating: 0, count: 10), testCounts = trainCounts
    for label in train.targets { trainCounts[Int(label)] += 1 }
    for label in test.targets { testCounts[Int(label)] += 1 }
    s.prose(L(ru: "Десять классов (номер — это метка y):", en: "Ten classes (the number is the label y):"))
    s.table(headers: ["y", "English", "по-русски", "train", "test"],
            rows: (0..<10).map { ["\($0)", FashionMNIST.classNames[$0],
                                  FashionMNIST.russianClassNames[$0],
                                  "\(trainCounts[$0])", "\(testCounts[$0])"] })
    let balanced = Set(trainCounts).count == 1 && Set(testCounts).count == 1
    s.prose(balanced
        ? L(ru: "Классы сбалансированы: по \(grouped(trainCounts[0])) \(russianPlural(trainCounts[0], "изображению", "изображения", "изображений")) каждого в обучающей части и по \(grouped(testCounts[0])) в тестовой.",
            en: "The classes are balanced: \(trainCounts[0]) images of each in the training part and \(testCounts[0]) in the test part.")
        : L(ru: "Классы не совсем сбалансированы: см. таблицу.", en: "The classes are not quite balanced: see the table."))
}

// MARK: - 2. A grid of samples

lesson.section(L(ru: "Как выглядят классы", en: "What the classes look like")) { s in
    let perClass = 9
    let generator = Generator(seed: UInt64(s.seed))
    var byClass = [[Int]](repeating: [], count: 10)
    for index in generator.permutation(train.count) {
        let label = train.label(at: index)
        if byClass[label].count < perClass { byClass[label].append(index) }
        if byClass.allSatisfy({ $0.count == perClass }) { break }
    }
    s.prose(L(
        ru: """
        По \(perClass) случайных изображений каждого класса из обучающей части. Заметьте, что вся обувь \
        (сандалии, кроссовки, ботильоны) снята в профиль носком влево, а вещи — спереди и по центру кадра: \
        набор собран из выровненных каталожных фотографий. Это пригодится, когда будем выбирать аугментации.
        """,
        en: """
        \(perClass) random images of each class from the training part. Note that all the footwear \
        (sandals, sneakers, ankle boots) is photographed in profile with the toe to the left, and the \
        garments from the front, centred: the set was made from aligned catalogue photos. This will \
        matter when we choose augmentations.
        """))
    let caption = L(ru: "Fashion-MNIST: по \(perClass) примеров каждого класса",
                    en: "Fashion-MNIST: \(perClass) samples of each class")
    try s.figure("fashion_mnist", caption: caption) { url in
        let grid = classGrid(train, samples: byClass, names: classNames)
        let header = ["label", "class", "class_ru",
                      "tile_row", "tile_column", "train_index"]
        try saveImageGrid(grid.figure, to: url, header: header, rows: grid.rows)
    }
}

// MARK: - 3. Split and loaders

lesson.section(L(ru: "Обучение, валидация, тест", en: "Training, validation, test")) { s in
    let lengths = [train.count * 5 / 6, train.count - train.count * 5 / 6]
    let parts = randomSplit(train, lengths: lengths,
                            generator: Generator(seed: UInt64(s.seed)))
    (trainPart, valPart) = (parts[0], parts[1])
    s.prose(L(
        ru: """
        Тестовую часть не трогаем до самого конца: по ней судят о готовой модели. Для выбора \
        гиперпараметров (и для нашего опыта) отрежем от обучающей части валидационную — как \
        `random_split(dataset, [\(lengths[0]), \(lengths[1])])` с генератором, засеянным числом \(s.seed):
        """,
        en: """
        The test part stays untouched until the very end: it judges the finished model. For choosing \
        hyperparameters (and for our experiment) we cut a validation part off the training part, like \
        `random_split(dataset, [\(lengths[0]), \(lengths[1])])` with a generator seeded with \(s.seed):
        """))
    s.print("len(train_dataset) =", trainPart.count,
            "  len(val_dataset) =", valPart.count)
    let overlap = Set(trainPart.indices).intersection(valPart.indices).count
    s.print(L(ru: "общих индексов у частей:", en: "indices the parts share:"),
            overlap)

    var trainCounts = [Int](repeating: 0, count: 10), valCounts = trainCounts
    for i in trainPart.indices { trainCounts[train.label(at: i)] += 1 }
    for i in valPart.indices { valCounts[train.label(at: i)] += 1 }
    let widest = Double(valCounts.max()!)
    func bar(_ count: Int) -> String {
        let length = Int((Double(count) / widest * 20).rounded())
        return String(repeating: "█", count: length)
    }
    s.prose(L(ru: "Гистограмма классов после случайного разбиения:", en: "The class histogram after the random split:"))
    s.table(headers: ["y", L(ru: "класс", en: "class"), "train", "val",
                      L(ru: "доля в val", en: "share of val"), ""],
            rows: (0..<10).map { c in
                ["\(c)", "\(classNames[c])",
                 "\(trainCounts[c])", "\(valCounts[c])",
                 percent(Double(valCounts[c]) / Double(valPart.count)),
                 bar(valCounts[c])]
            })
    let (fewest, most) = (valCounts.min()!, valCounts.max()!)
    s.prose(L(
        ru: """
        Случайное разбиение не делает части в точности сбалансированными: в валидационной от \(fewest) \
        до \(most) \(russianPlural(most, "изображения", "изображений", "изображений")) на класс вместо ровно \
        \(valPart.count / 10). Для \(grouped(valPart.count)) \(russianPlural(valPart.count, "примера", "примеров", "примеров")) \
        это мелочь; на маленьких выборках помогает стратифицированное разбиение.
        """,
        en: """
        A random split does not keep the parts exactly balanced: the validation part has \(fewest) to \
        \(most) images per class instead of exactly \(valPart.count / 10). For \(grouped(valPart.count)) \
        samples that is minor; on small samples a stratified split helps.
        """))

    let trainLoader = DataLoader(trainPart, batchSize: 1024,
                                 shuffle: true, dropLast: true,
                                 generator: Generator(seed: UInt64(s.seed)),
                                 transform: ToTensor())
    let valLoader = DataLoader(valPart, batchSize: 1024,
                               shuffle: false, dropLast: false,
                               transform: ToTensor())
    s.prose(L(
        ru: """
        Загрузчики, как в конспекте: батчи по 1024, обучающий перемешивается каждую эпоху и отбрасывает \
        неполный последний батч (`drop_last=True`), валидационный — нет:
        """,
        en: """
        The loaders, as in the original notebook: batches of 1024, the training loader shuffles every epoch and drops \
        the incomplete last batch (`drop_last=True`), the validation loader does not:
        """))
    s.print("len(train_loader) =", trainLoader.count,
            "  (\(trainPart.count) // 1024)")
    s.print("len(val_loader)   =", valLoader.count,
            "  (⌈\(valPart.count) / 1024⌉)")
    var iterator = trainLoader.makeIterator()
    let batch = iterator.next()!
    s.print("x.shape:", batch.images.shape, "  y.shape: [\(batch.labels.count)]")
    s.print("x.min():", fixed(Double(batch.images.min().item()), 1),
            "  x.max():", fixed(Double(batch.images.max().item()), 1))
    s.prose(L(ru: "Форма батча B × C × H × W: (размер батча) × (каналы) × (высота) × (ширина).",
              en: "A batch has shape B × C × H × W: (batch size) × (channels) × (height) × (width)."))
}

// MARK: - 4. Augmentation: goals and choices

/// One transform of the comparison figure: its code, whether it suits Fashion-MNIST, and why.
struct AugmentationChoice {
    let key: String
    let code: String
    let transform: any Transform
    let suits: Bool
    let why: L
}

let choices: [AugmentationChoice] = [
    AugmentationChoice(key: "hflip", code: "RandomHorizontalFlip(p=1)", transform: RandomHorizontalFlip(p: 1), suits: true,
        why: L(ru: "вещь в зеркале — та же вещь", en: "a mirrored garment is still itself")),
    AugmentationChoice(key: "vflip", code: "RandomVerticalFlip(p=1)", transform: RandomVerticalFlip(p: 1), suits: false,
        why: L(ru: "вещей вверх ногами в тесте нет", en: "no upside-down items in the test set")),
    AugmentationChoice(key: "rotate", code: "RandomRotation(10)", transform: RandomRotation(degrees: 10), suits: true,
        why: L(ru: "фото чуть наклонено — класс тот же", en: "a slightly tilted photo, same class")),
    AugmentationChoice(key: "rotate90", code: "RandomRotation(90)", transform: RandomRotation(degrees: 90), suits: false,
        why: L(ru: "поворот до 90°; в тесте всё прямо", en: "up to 90°; test items are upright")),
    AugmentationChoice(key: "affine", code: "RandomAffine(10, translate=(0.1, 0.1), scale=(0.9, 1.1))",
        transform: RandomAffine(degrees: 10, translate: (0.1, 0.1), scale: 0.9...1.1), suits: true,
        why: L(ru: "небольшие сдвиг, поворот и масштаб", en: "a small shift, turn and zoom")),
    AugmentationChoice(key: "crop", code: "RandomCrop(28, padding=2)", transform: RandomCrop(size: 28, padding: 2), suits: true,
        why: L(ru: "сдвиг на пару пикселей", en: "a shift by a couple of pixels")),
    AugmentationChoice(key: "rrc", code: "RandomResizedCrop(28)", transform: RandomResizedCrop(size: 28), suits: false,
        why: L(ru: "8–100 % площади; порой лишь кусок", en: "8–100 % of the area; maybe a scrap")),
    AugmentationChoice(key: "jitter", code: "ColorJitter(brightness=0.4, contrast=0.4)",
        transform: ColorJitter(brightness: 0.4, contrast: 0.4), suits: true,
        why: L(ru: "другая экспозиция снимка", en: "another exposure of the photo")),
    AugmentationChoice(key: "noise", code: "GaussianNoise(std=0.1)", transform: GaussianNoise(std: 0.1), suits: true,
        why: L(ru: "шум камеры; только слабый", en: "camera noise; only a little")),
    AugmentationChoice(key: "erase", code: "RandomErasing(p=1)", transform: RandomErasing(p: 1), suits: true,
        why: L(ru: "часть снимка закрыта", en: "part of the photo covered")),
]

lesson.section(L(ru: "Зачем нужна аугментация", en: "What augmentation is for")) { s in
    s.prose(L(
        ru: """
        **Аугментация** — это случайные преобразования обучающих изображений «на лету», при каждом \
        чтении примера заново. У неё две цели:

        1. **Инвариантность.** Модель должна давать один ответ на изображения, которые отличаются \
        несущественным для задачи: платье, сдвинутое на два пикселя, — всё ещё платье. Показывая сети \
        такие варианты с той же меткой, мы учим её не обращать на них внимания.
        2. **Больше данных.** Из каждого снимка получается много немного разных; сеть труднее просто \
        запомнить обучающую выборку, и переобучение слабеет. Это метод регуляризации: меняются данные, \
        а не модель и не функция потерь.

        Главное правило: преобразование должно сохранять метку и давать картинки, которые *могут \
        встретиться* в тестовых данных. Что «несущественно», зависит от задачи. Для цифр горизонтальное \
        отражение плохо (из «2» получается не цифра), для одежды — почти безвредно. А вертикальное \
        отражение ставит туфлю вверх подошвой: такой картинки в тесте не будет.

        Проверим на данных, насколько классы симметричны. Для каждого класса возьмём среднее \
        изображение M и сравним его с отражённым: асимметрия = mean|M − flip(M)| / mean(M).
        """,
        en: """
        **Augmentation** means random transformations of the training images on the fly, drawn anew \
        each time a sample is read. It has two goals:

        1. **Invariance.** The model should give one answer for images that differ only in what does \
        not matter for the task: a dress shifted by two pixels is still a dress. Showing the network \
        such variants with the same label teaches it to ignore them.
        2. **More data.** Each photo turns into many slightly different ones; the network finds it \
        harder to memorise the training set, and overfitting weakens. It is a regularization method: \
        it changes the data, not the model or the loss.

        The main rule: a transform must keep the label and produce pictures that *could occur* in the \
        test data. What "does not matter" depends on the task. For digits a horizontal flip is bad (a \
        mirrored "2" is not a digit); for clothes it is nearly harmless. A vertical flip, however, turns \
        a shoe upside down: no such picture will be in the test set.

        Let us check on the data how symmetric the classes are. For each class take the mean image M and \
        compare it with its mirror image: asymmetry = mean|M − flip(M)| / mean(M).
        """))
    var counts = [Int](repeating: 0, count: 10)
    for label in train.targets { counts[Int(label)] += 1 }
    let classSums = classPixelSums.scalars
    func asymmetry(_ m: [Double], vertical: Bool) -> Double {
        var diff = 0.0
        for y in 0..<28 { for x in 0..<28 {
            let mirrored = vertical ? m[(27 - y) * 28 + x] : m[y * 28 + 27 - x]
            diff += abs(m[y * 28 + x] - mirrored)
        } }
        return diff / m.reduce(0, +)
    }
    var horizontal: [Double] = [], vertical: [Double] = []
    for label in 0..<10 {
        let pixels = classSums[label * 784..<(label + 1) * 784]
        let mean = pixels.map { Double($0) / Double(counts[label]) }
        horizontal.append(asymmetry(mean, vertical: false))
        vertical.append(asymmetry(mean, vertical: true))
    }
    s.table(headers: ["y", L(ru: "класс", en: "class"),
                      L(ru: "асимметрия ↔ (hflip)", en: "asymmetry ↔ (hflip)"),
                      L(ru: "асимметрия ↕ (vflip)", en: "asymmetry ↕ (vflip)")],
            rows: (0..<10).map { c in
                ["\(c)", "\(classNames[c])",
                 fixed(horizontal[c], 3), fixed(vertical[c], 3)]
            })
    let byLR = (0..<10).sorted { horizontal[$0] > horizontal[$1] }
    let mostLR = byLR.prefix(3)
        .map { "\(classNamesInSentence[$0])" }.joined(separator: ", ")
    let leastLR = byLR.suffix(3).reversed()
        .map { "\(classNamesInSentence[$0])" }.joined(separator: ", ")
    let verticalWins = (0..<10).filter { vertical[$0] > horizontal[$0] }.count
    s.prose(L(
        ru: """
        Слева направо симметричнее всего \(leastLR) (асимметрия \(fixed(horizontal[byLR[9]], 3))…\
        \(fixed(horizontal[byLR[7]], 3))): их отражение почти не отличить от оригинала. Сильнее всего \
        несимметричны \(mostLR) (до \(fixed(horizontal[byLR[0]], 3))) — обувь смотрит носком влево, \
        и после `RandomHorizontalFlip` сеть видит носок справа, чего в тесте нет. Класс от этого не \
        меняется, так что отражение всё равно допустимо, но часть «новых» примеров для обуви — \
        нереалистичные. Сверху вниз асимметрия больше, чем слева направо, у \(verticalWins) \
        \(russianPlural(verticalWins, "класса", "классов", "классов")) из 10: вертикальное отражение даёт картинки, \
        которых в данных нет.
        """,
        en: """
        Most left-right symmetric are \(leastLR) (asymmetry \(fixed(horizontal[byLR[9]], 3))…\
        \(fixed(horizontal[byLR[7]], 3))): their mirror image can hardly be told from the original. The \
        least symmetric are \(mostLR) (up to \(fixed(horizontal[byLR[0]], 3))): footwear points its toe \
        to the left, and after `RandomHorizontalFlip` the network sees the toe on the right, which the \
        test set never shows. The class does not change, so the flip is still allowed, but part of the \
        "new" footwear samples are unrealistic. Top-to-bottom, \(verticalWins) of 10 classes are less \
        symmetric than left-to-right: a vertical flip makes pictures the data does not contain.
        """))
}

lesson.section(L(ru: "Преобразования на примерах", en: "The transforms on examples")) { s in
    let shownClasses = [0, 1, 3, 5, 7, 8, 9]
    var shown: [Int] = []
    for label in shownClasses {
        shown.append((0..<train.count).first { train.label(at: $0) == label }!)
    }
    s.prose(L(
        ru: """
        Одни и те же \(shown.count) изображений (первые в обучающей части из классов \
        \(shownClasses.map { "«\(classNames[$0])»" }.joined(separator: ", "))) под каждым преобразованием из \
        `Datasets` — их имена и параметры те же, что в `torchvision.transforms`. Вероятность `p=1`, \
        чтобы отражение или стирание было видно на каждом снимке (при обучении обычно p = 0.5). \
        ✓ (зелёная строка на рисунке) — подходит для Fashion-MNIST, ✗ (красная) — нет.
        """,
        en: """
        The same \(shown.count) images (the first ones in the training part of classes \
        \(shownClasses.map { "\(classNames[$0])" }.joined(separator: ", "))) under each transform of \
        `Datasets`, whose names and parameters are those of `torchvision.transforms`. With `p=1`, so \
        that the flip or erasing shows on every image (in training p = 0.5 is usual). ✓ (a green row in \
        the figure) suits Fashion-MNIST, ✗ (a red one) does not.
        """))
    s.table(headers: ["", L(ru: "преобразование", en: "transform"),
                      L(ru: "почему", en: "why")],
            rows: choices.map { [$0.suits ? "✓" : "✗", $0.code, s.t($0.why)] })

    let caption = L(ru: "Одни и те же изображения под разными аугментациями",
                    en: "The same images under different augmentations")
    try s.figure("aug", caption: caption) { url in
        let grid = transformGrid(train, indices: shown, choices: choices,
                                 generator: Generator(seed: UInt64(s.seed)),
                                 original: L(ru: "оригинал", en: "original"))
        grid.figure.title = L(
            ru: "Аугментации Fashion-MNIST: зелёные подходят, красные — нет",
            en: "Augmenting Fashion-MNIST: green ones suit it, red ones do not")
        let header = ["row", "transform", "column", "train_index", "class"]
        try saveImageGrid(grid.figure, to: url, header: header, rows: grid.rows)
    }
}

lesson.section(L(ru: "Опыт: мало данных, с аугментацией и без", en: "Experiment: little data, with and without augmentation")) { s in
    let chosen = augOption.value.map(\.transform)
    let subsetSize = s.quick ? min(subsetOption.value, 300) : subsetOption.value
    let epochs = s.quick ? min(epochsOption.value, 80) : epochsOption.value
    let seeds = seedsOption.value
    let valSize = s.quick ? 1000 : valPart.count
    let cosine = scheduleOption.value == .cosine
    let batch = batchOption.value, lr = lrOption.value, hidden = 196
    let validation = Subset(train,
                            indices: Array(valPart.indices.prefix(valSize)))
    let augmentation = Compose(chosen.map(\.transform) + [ToTensor()])
    let augmentationCode = (chosen.map(\.code) + ["ToTensor()"])
        .joined(separator: ", ")
    let measureEvery = max(1, epochs / 20)

    s.prose(L(
        ru: """
        Аугментация сильнее всего помогает, когда данных мало и модель их запоминает. Возьмём \
        \(grouped(subsetSize)) \(russianPlural(subsetSize, "случайное изображение", "случайных изображения", "случайных изображений")) из обучающей части (около \(subsetSize / 10) на класс) \
        и обучим сеть курса — 784 → \(hidden) → ReLU → 10 — дважды, с одинаковыми начальными весами: \
        без аугментации и с `Compose([\(augmentationCode)])`. По умолчанию это небольшое аффинное \
        искажение: поворот до 5°, сдвиг до 5 % (около 1.4 пикселя), масштаб ±5 % — та же вещь, снятая \
        чуть иначе; метку оно не меняет. SGD с lr = \(lr) и momentum 0.9, батч \(batch), \
        \(epochs) \(russianPlural(epochs, "эпоха", "эпохи", "эпох")), \
        \(cosine ? "lr спадает косинусом до 0 (`CosineAnnealingLR`, `--schedule constant` — без расписания)" : "lr постоянная (`--schedule constant`)"). \
        Обе сети делают одинаковое число шагов (те же эпохи, те же батчи): аугментация получает не \
        больше обновлений, а только другие картинки. Сеть без аугментации за это время выучивает свои \
        картинки наизусть, а сети с аугментацией нужно много эпох: каждая эпоха показывает ей новые \
        варианты. Качество меряем на \(grouped(valSize)) валидационных изображениях. Один запуск может \
        обмануть (другая выборка, другие начальные веса — другой результат), поэтому опыт повторяем с \
        \(seeds) \(russianPlural(seeds, "зерном", "зёрнами", "зёрнами")) — у каждого своя выборка, свои веса и свой порядок батчей (случайные \
        числа аугментации берёт генератор загрузчика с зерном, так что запуск повторяется в точности) — и \
        приводим среднее ± стандартную ошибку (ст. ошибка = стандартное отклонение / √\(seeds)).
        """,
        en: """
        Augmentation helps most when data is scarce and the model memorises it. Take \
        \(grouped(subsetSize)) random images of the training part (about \(subsetSize / 10) per class) \
        and train the course network — 784 → \(hidden) → ReLU → 10 — twice, from the same initial weights: \
        without augmentation and with `Compose([\(augmentationCode)])`. By default that is a small affine \
        distortion: a turn of up to 5°, a shift of up to 5 % (about 1.4 pixels), a zoom of ±5 %, the \
        same garment photographed a little differently, which keeps its label. SGD \
        with lr = \(lr) and momentum 0.9, batch \(batch), \(epochs) epochs, \
        \(cosine ? "the lr falling along a cosine to 0 (`CosineAnnealingLR`; `--schedule constant` runs without it)" : "a constant lr (`--schedule constant`)"). \
        Both networks take the same number of steps (the same epochs, the same batches): augmentation \
        gets no more updates, only other pictures. In that time the plain network learns its pictures \
        by heart, while the augmented one needs many epochs, since every epoch shows it new variants. \
        Quality is measured on \(grouped(valSize)) validation images. One run can mislead (another \
        draw, other initial weights, another result), so the experiment is repeated with \(seeds) seeds, \
        each with its own images, weights and batch order (the augmentation's random numbers come from \
        the loader's seeded generator, so a run repeats exactly), and reported as mean ± standard error \
        (s.e. = standard deviation / √\(seeds)).
        """))

    let valLoader = DataLoader(validation, batchSize: 1000, transform: ToTensor())
    let distortedLoader = DataLoader(validation, batchSize: 1000,
                                     generator: Generator(seed: 606),
                                     transform: augmentation)
    let setup = ExperimentSetup(hidden: hidden, lr: lr, cosine: cosine,
                                batch: batch, epochs: epochs,
                                measureEvery: measureEvery, validation: valLoader,
                                distortedValidation: distortedLoader)
    let start = DispatchTime.now().uptimeNanoseconds
    (plain, augmented) = ([], [])
    let bar = s.progress(total: seeds, label: L(ru: "зёрна", en: "seeds"))
    for r in 0..<seeds {
        let seed = UInt64(s.seed) &* 100 &+ UInt64(r)
        // trainPart is in random order; each seed takes its own random
        // images from it.
        let order = Generator(seed: seed + 2).permutation(trainPart.count)
        let indices = order.prefix(subsetSize).map { trainPart.indices[$0] }
        let images = Subset(train, indices: indices)
        plain.append(
            try setup.train(with: ToTensor(), images: images, seed: seed))
        augmented.append(
            try setup.train(with: augmentation, images: images, seed: seed))
        let valAcc = fixed(plain.last!.val.last!, 3) + " → "
            + fixed(augmented.last!.val.last!, 3)
        bar.advance(metrics: [("val_acc", valAcc)])
    }
    bar.finish()
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9

    /// Each seed's final value of `f`, as a spread over the seeds.
    func final(_ runs: [AugRun], _ f: (AugRun) -> Double) -> Spread {
        Spread(runs.map(f))
    }
    let gap = { (r: AugRun) in r.train.last! - r.val.last! }
    let groups = [(L(ru: "без аугментации", en: "no augmentation"), plain),
                  (L(ru: "с аугментацией", en: "augmented"), augmented)]
    s.table(headers: ["", "train acc", "val acc", "train − val", "val loss",
                      "val*"],
            rows: groups.map { name, runs in
                [s.t(name),
                 inPercent(final(runs) { $0.train.last! }),
                 inPercent(final(runs) { $0.val.last! }),
                 inPercent(final(runs, gap)),
                 String(format: "%.3f", final(runs) { $0.valLoss.last! }.mean),
                 inPercent(final(runs, \.distortedVal))]
            })
    let seedsRU = russianPlural(seeds, "зерну", "зёрнам", "зёрнам")
    let note = L(
        ru: "в конце обучения, %, среднее ± ст. ошибка по \(seeds) \(seedsRU); "
            + "train acc — на тех же картинках без искажений; "
            + "val* — валидация, пропущенная через преобразования обучения",
        en: "at the end of training, %, mean ± s.e. over \(seeds) seeds; "
            + "train acc on the same pictures undistorted; "
            + "val*: the validation images through the training transforms")
    s.print(note)
    s.print(L(ru: "все обучения заняли", en: "all trainings took"), took(seconds))

    let imageCount = grouped(subsetSize)
    let caption = L(
        ru: "Точность на обучении и на валидации и разрыв между ними "
            + "по эпохам, \(imageCount) обучающих изображений, "
            + "среднее ± ст. ошибка по \(seeds) \(seedsRU)",
        en: "Training and validation accuracy and the gap between them "
            + "per epoch, \(imageCount) training images, "
            + "mean ± s.e. over \(seeds) seeds")
    try s.figure("aug_experiment", caption: caption) {
        let (fig, trainAxes, valAxes, gapAxes) = experimentCurves(
            plain: plain, augmented: augmented,
            plainName: L(ru: "без аугм.", en: "no aug."),
            augmentedName: L(ru: "с аугм.", en: "aug."),
            earlyStoppedName: L(ru: "без аугм., лучшая эпоха",
                                en: "no aug., best epoch"))
        trainAxes.title = L(ru: "train, % (без искажений)",
                            en: "train, % (undistorted)")
        valAxes.title = L(ru: "val, %", en: "val, %")
        gapAxes.title = L(ru: "Разрыв train − val, п.п.",
                          en: "Gap train − val, points")
        for ax in [trainAxes, valAxes, gapAxes] {
            ax.xlabel = L(ru: "эпоха", en: "epoch")
        }
        return fig
    }
}

// MARK: - 7. What the experiment shows, beyond its noise

lesson.section(L(ru: "Что опыт показал за пределами шума", en: "What the experiment shows beyond its noise")) { s in
    let seeds = plain.count
    // Seed k trained both networks from the same weights on the same images,
    // so we compare them pair by pair: the noise a seed brings to both
    // cancels in the difference.
    func paired(_ f: (AugRun) -> Double) -> PairedComparison {
        PairedComparison(baseline: plain.map(f), method: augmented.map(f))
    }
    let gap = { (r: AugRun) in r.train.last! - r.val.last! }
    let valGain = paired { $0.val.last! }, gapChange = paired(gap)
    let distortedGain = paired(\.distortedVal)
    let lossChange = paired { $0.valLoss.last! }
    let studentT = Spread.studentT975(degreesOfFreedom: seeds - 1)
    let t = String(format: "%.2f", studentT)
    s.prose(L(
        ru: """
        Каждое зерно обучило обе сети с одних и тех же весов на одних и тех же картинках, поэтому \
        сравниваем их попарно: разница «с − без» для каждого зерна, затем её среднее и стандартная \
        ошибка. Общий для пары шум (удачная выборка, удачные веса) при этом вычитается. Вердикт \
        «лучше» или «хуже» — только если весь 95-процентный доверительный интервал средней разницы \
        (среднее ± t · ст. ошибка, для \(seeds) \(russianPlural(seeds, "зерна", "зёрен", "зёрен")) t = \(t)) \
        лежит по одну сторону от нуля; иначе — «в пределах шума».
        """,
        en: """
        Each seed trained both networks from the same weights on the same pictures, so we compare them \
        in pairs: the difference "aug − plain" for every seed, then its mean and standard error. The \
        noise a pair shares (a lucky sample, lucky weights) cancels. The verdict is "better" or \
        "worse" only when the whole 95 % confidence interval of the mean difference (mean ± t·s.e., \
        t = \(t) for \(seeds) seeds) lies on one side of zero; \
        otherwise it is "within noise".
        """))
    let rows: [(L, PairedComparison, Bool, Double, Int)] = [
        (L(ru: "val acc, п.п.", en: "val acc, points"), valGain, true, 100, 1),
        (L(ru: "разрыв train − val, п.п.", en: "train − val gap, points"),
         gapChange, false, 100, 1),
        (L(ru: "val*, п.п.", en: "val*, points"), distortedGain, true, 100, 1),
        (L(ru: "val loss", en: "val loss"), lossChange, false, 1, 3),
    ]
    s.table(headers: [L(ru: "с − без", en: "aug − plain"),
                      L(ru: "среднее ± ст. ош.", en: "mean ± s.e."),
                      L(ru: "95 % интервал", en: "95 % interval"),
                      L(ru: "вердикт", en: "verdict")],
            rows: rows.map { name, comparison, higherIsBetter, scale, digits in
                let d = difference(comparison, scale: scale, digits: digits)
                let verdict = comparison.verdict(higherIsBetter: higherIsBetter)
                return [s.t(name), d.spread, d.interval,
                        s.t(verdictText(verdict))]
            })

    let trainPlain = Spread(plain.map { $0.train.last! })
    let valPlain = Spread(plain.map { $0.val.last! })
    let gapPlain = Spread(plain.map(gap)), gapAug = Spread(augmented.map(gap))
    let memorised = trainPlain.mean > 0.95
    let narrowed = String(format: "%.1f ± %.1f",
                          -100 * gapChange.differences.mean,
                          100 * gapChange.differences.standardError)
    let lossDifference = difference(lossChange, scale: 1, digits: 3).spread
    let gapRU: String, gapEN: String
    switch gapChange.verdict(higherIsBetter: false) {
    case .better:
        gapRU = "он сократился на \(narrowed) п.п., и это не шум"
        gapEN = "it narrowed by \(narrowed) points, beyond the noise"
    case .worse:
        gapRU = "он даже вырос, и это не шум"
        gapEN = "it even grew, beyond the noise"
    case .withinNoise:
        gapRU = "он изменился в пределах шума"
        gapEN = "it changed within the noise"
    }
    let valRU: String, valEN: String
    switch valGain.verdict() {
    case .better:
        valRU = "выигрыш за пределами шума: "
            + "аугментация сработала как регуляризатор."
        valEN = "a gain beyond the noise: augmentation worked as a regularizer."
    case .worse:
        valRU = "потеря за пределами шума: эти преобразования здесь вредят."
        valEN = "a loss beyond the noise: these transforms hurt here."
    case .withinNoise:
        valRU = "это в пределах шума."
        valEN = "that is within noise."
    }
    let lossRU: String, lossEN: String
    switch lossChange.verdict(higherIsBetter: false) {
    case .better:
        lossRU = "они ниже, и это не шум: модель реже ошибается уверенно"
        lossEN = "lower, beyond the noise: "
            + "the model is less often confidently wrong"
    case .worse:
        lossRU = "они выше, и это не шум"
        lossEN = "higher, beyond the noise"
    case .withinNoise:
        lossRU = "это в пределах шума"
        lossEN = "about the same (within noise)"
    }
    s.prose(L(
        ru: """
        Без аугментации сеть к концу \(memorised ? "выучила свои картинки почти наизусть" : "выучила свои картинки лишь отчасти") \
        (train \(inPercent(trainPlain)) %), а на валидации — \(inPercent(valPlain)) %: разрыв \
        \(inPercent(gapPlain)) п.п. — это переобучение. С аугментацией разрыв \(inPercent(gapAug)) п.п.: \(gapRU). \
        Разница в точности на валидации (с − без) — \(difference(valGain).spread) п.п.: \(valRU) \
        Потери на валидации изменились на \(lossDifference): \(lossRU).
        """,
        en: """
        Without augmentation the network ends up \(memorised ? "knowing its pictures almost by heart" : "fitting its pictures only partly") \
        (train \(inPercent(trainPlain)) %), while validation reaches \(inPercent(valPlain)) %: a gap of \
        \(inPercent(gapPlain)) points, which is overfitting. With augmentation the gap is \(inPercent(gapAug)) points: \(gapEN). \
        The difference in validation accuracy (aug − plain) is \(difference(valGain).spread) points: \(valEN) \
        The validation loss (\(lossDifference)) is \(lossEN).
        """))
}

lesson.section(L(ru: "Не просто ранняя остановка", en: "Not just early stopping")) { s in
    // The plain network at its best measured epoch, chosen on the same validation
    // images it is scored on: a choice that flatters it.
    let best = plain.map { run in
        run.val.indices.max { run.val[$0] < run.val[$1] }!
    }
    let earlyStopped = PairedComparison(
        baseline: zip(plain, best).map { $0.val[$1] },
        method: augmented.map { $0.val.last! })
    let bestEpochs = Spread(zip(plain, best).map { Double($0.epochs[$1]) })
    let distortedGain = PairedComparison(
        baseline: plain.map(\.distortedVal),
        method: augmented.map(\.distortedVal))
    let epochs = plain[0].epochs.last!
    let earlyRU: String, earlyEN: String
    switch earlyStopped.verdict() {
    case .better:
        earlyRU = "аугментация всё равно впереди, и это не шум: "
            + "она не сводится к ранней остановке."
        earlyEN = "augmentation is still ahead, beyond the noise: "
            + "it is more than early stopping."
    case .worse:
        earlyRU = "ранняя остановка здесь лучше, и это не шум."
        earlyEN = "early stopping is better here, beyond the noise."
    case .withinNoise:
        earlyRU = "в пределах шума: "
            + "здесь аугментация даёт не больше ранней остановки."
        earlyEN = "within noise: "
            + "here augmentation gives no more than early stopping."
    }
    s.prose(L(
        ru: """
        Может быть, аугментация лишь тормозит обучение, и того же добилась бы ранняя остановка? \
        Возьмём сеть без аугментации в её лучшую эпоху по валидации (в среднем эпоха \
        \(String(format: "%.0f", bestEpochs.mean)) из \(epochs); эпоху выбираем по тем же картинкам, на которых \
        меряем, — это ей даже льстит) и сравним с сетью с аугментацией в конце обучения: разница \
        \(difference(earlyStopped).spread) п.п., интервал \(difference(earlyStopped).interval) — \(earlyRU)
        """,
        en: """
        Perhaps augmentation only slows training down, and early stopping would do as well? Take the \
        plain network at its best epoch on validation (on average epoch \(String(format: "%.0f", bestEpochs.mean)) \
        of \(epochs); the epoch is chosen on the very pictures it is scored on, which flatters it) and \
        compare it with the augmented network at the end: the difference is \(difference(earlyStopped).spread) \
        points, interval \(difference(earlyStopped).interval): \(earlyEN)
        """))
    let distortedRU: String, distortedEN: String
    switch distortedGain.verdict() {
    case .better:
        distortedRU = "сеть с аугментацией выучила, что эти преобразования не "
            + "меняют класс, а сеть без неё — нет."
        distortedEN = "the augmented network learned that these transforms do "
            + "not change the class, and the plain one did not."
    case .worse:
        distortedRU = "сеть с аугментацией здесь даже хуже."
        distortedEN = "the augmented network is even worse here."
    case .withinNoise:
        distortedRU = "и здесь в пределах шума."
        distortedEN = "within noise here too."
    }
    s.prose(L(
        ru: """
        На тех же валидационных картинках, пропущенных через те же случайные преобразования, что и \
        обучающие (столбец val*), разница \(difference(distortedGain).spread) п.п.: \(distortedRU) \
        Полносвязная сеть не знает, что соседние \
        пиксели связаны: сдвинутая на пиксель картинка для неё почти новая. Картинки Fashion-MNIST \
        выровнены и отцентрированы (обувь повёрнута в одну сторону), поэтому на них инвариантность к \
        сдвигам окупается на обычной валидации скромнее — как защита от запоминания (сколько для \
        этого нужно эпох и нужна ли косинусная lr, проверяет упражнение 2). Сильнее всего аугментация помогает свёрточным сетям, которые \
        соседство пикселей учитывают сами, и данным, где вещи сняты по-разному.
        """,
        en: """
        On the same validation pictures passed through the same random transforms as the training ones \
        (column val*), the difference is \(difference(distortedGain).spread) points: \(distortedEN) \
        A fully connected network does not know \
        that neighbouring pixels belong together: a picture shifted by a pixel is nearly a new one to it. \
        Fashion-MNIST's pictures are aligned and centred (shoes all face one way), so on them invariance \
        to shifts pays off less on plain validation, as a guard against memorising (exercise 2 checks \
        how many epochs that takes and whether the cosine lr is needed). Augmentation helps most the convolutional networks, which build \
        the neighbourhood of pixels in, and data where things are photographed in many ways.
        """))
}

lesson.section(L(ru: "Упражнения", en: "Exercises")) { s in
    s.prose(L(
        ru: """
        1. Добавьте отражения: `--aug hflip,affine` и `--aug vflip,affine`. Вертикальное отражение \
        сохраняет метку, но даёт картинки, которых нет в валидации; горизонтальное переворачивает \
        обувь носком вправо. Как изменилась точность на валидации? Объясните через таблицу асимметрии.
        2. Аугментации нужно время: `--epochs 100`, `--schedule constant`, `--epochs 100 --schedule constant`. \
        Что остаётся от выигрыша в точности, а что — от сужения разрыва и падения потерь на валидации? \
        Одинаково ли косинусная lr помогает обеим сетям?
        3. Меньше данных: `--subset 300`; больше данных: `--subset 10000 --epochs 20`. Как меняются \
        разрыв train − val, разница потерь на валидации и выигрыш в точности? Почему аугментация \
        важнее всего при малых данных?
        4. Попробуйте `--aug rrc` (RandomResizedCrop с масштабом по умолчанию 0.08–1), `--aug affine10` \
        и `--aug erase`. Какие преобразования слишком сильны для полносвязной сети на картинках 28×28? \
        Посмотрите на строки `aug.png`.
        5. Столбец val* пропускает валидацию через преобразования обучения. Какой из двух столбцов, \
        val или val*, ближе к тому, что увидит модель, если фотографировать одежду телефоном?
        """,
        en: """
        1. Add flips: `--aug hflip,affine` and `--aug vflip,affine`. A vertical flip keeps the label but \
        makes pictures the validation set does not contain; a horizontal one turns shoes to point their \
        toe right. How does the validation accuracy change? Explain it with the asymmetry table.
        2. Augmentation needs time: `--epochs 100`, `--schedule constant`, `--epochs 100 --schedule constant`. \
        What is left of the accuracy gain, and what of the narrower gap and the lower validation loss? \
        Does the cosine lr help both networks alike?
        3. Less data: `--subset 300`; more data: `--subset 10000 --epochs 20`. How do the train − val \
        gap, the difference in validation loss and the accuracy gain change? Why does augmentation \
        matter most when data is scarce?
        4. Try `--aug rrc` (RandomResizedCrop with its default scale 0.08–1), `--aug affine10` and \
        `--aug erase`. Which transforms are too strong for a fully connected network on 28×28 images? \
        Look at the rows of `aug.png`.
        5. Column val* passes the validation set through the training transforms. Which of the two \
        columns, val or val*, is closer to what the model would see if clothes were photographed with a \
        phone?
        """))
}

lesson.run()
