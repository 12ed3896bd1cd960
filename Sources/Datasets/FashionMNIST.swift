import Foundation

/// Fashion-MNIST (Zalando, 2017): 28×28 grayscale images of clothing in 10
/// classes, 60,000 for training and 10,000 for testing
/// (`torchvision.datasets.FashionMNIST(root, train=...)`).
///
/// The files are looked for in this order: `dataDirectory` (a lesson's
/// `--data-dir`), `$FASHION_MNIST_DIR`, `./data/fashion-mnist`, then
/// `/usr/share/datasets/fashion-mnist` (Debian's `dataset-fashion-mnist`).
/// The files are checked against the official MD5s once (of the .gz file, or
/// else of its uncompressed contents); the verdict is cached per path, size and
/// modification time. All images are held in memory
/// as one byte buffer; `ToTensor` maps them to [0, 1].
public final class FashionMNIST: ByteImageBacked {
    public static let classNames = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
    public static let russianClassNames = ["Футболка/топ", "Брюки", "Пуловер", "Платье", "Пальто",
                                           "Сандалии", "Рубашка", "Кроссовки", "Сумка", "Ботильоны"]
    /// The class names in English, or in Russian when `russian`.
    public static func classNames(russian: Bool) -> [String] { russian ? russianClassNames : classNames }

    public static let installCommand = "sudo apt-get install dataset-fashion-mnist"
    /// The Debian package's folder (a variable so tests can hide it).
    public static var debianDirectory = URL(fileURLWithPath: "/usr/share/datasets/fashion-mnist")
    public static let localDirectory = URL(fileURLWithPath: "data/fashion-mnist")
    public static let imageSize = ImageSize(height: 28, width: 28)

    /// Official MD5s of the .gz files, by file name. Tests may swap in their own.
    public static var expectedMD5: [String: String] = [
        "train-images-idx3-ubyte.gz": "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
        "train-labels-idx1-ubyte.gz": "25c81989df183df01b3e8a0aad5dffbe",
        "t10k-images-idx3-ubyte.gz": "bef4ecab320f06d8554ea6380940ec79",
        "t10k-labels-idx1-ubyte.gz": "bb300cfdad3c16e7a12a480ee83cd310",
    ]

    /// MD5s of the uncompressed IDX files (what `zcat file | md5sum` prints), as
    /// published alongside the official ones. Debian's package recompresses the
    /// files (its gzip headers lack the file name), so their .gz MD5s differ from
    /// the official ones while the data is byte for byte the same: such files
    /// are accepted on these.
    public static var expectedContentMD5: [String: String] = [
        "train-images-idx3-ubyte": "f4a8712d7a061bf5bd6d2ca38dc4d50a",
        "train-labels-idx1-ubyte": "9018921c3c673c538a1fc5bad174d6f9",
        "t10k-images-idx3-ubyte": "8181f5470baa50b63fa0f6fddb340f0a",
        "t10k-labels-idx1-ubyte": "15d484375f8d13e6eb1aabb0c3f46965",
    ]

    /// The file names (without `.gz`) of one split.
    public static func fileNames(train: Bool) -> (images: String, labels: String) {
        let prefix = train ? "train" : "t10k"
        return ("\(prefix)-images-idx3-ubyte", "\(prefix)-labels-idx1-ubyte")
    }

    public let train: Bool
    /// The folder the files were read from.
    public let directory: URL
    public let bytes: ByteImageDataset

    /// Finds, checks and loads one split. Throws `DataError` when the files are
    /// missing (the message gives the install command), damaged or altered.
    public init(train: Bool, dataDirectory: URL? = nil, verifyChecksums: Bool = true) throws {
        self.train = train
        directory = try Self.locate(train: train, dataDirectory: dataDirectory)
        let names = Self.fileNames(train: train)
        let imagesURL = Self.file(names.images, in: directory), labelsURL = Self.file(names.labels, in: directory)
        if verifyChecksums {
            try ChecksumCache.verify(imagesURL)
            try ChecksumCache.verify(labelsURL)
        }
        let images = try IDX.readImages(imagesURL)
        let labels = try IDX.readLabels(labelsURL)
        guard images.rows == 28 && images.columns == 28 else {
            throw DataError(.badFile, file: imagesURL,
                            "\(imagesURL.path): images are \(images.rows)×\(images.columns), Fashion-MNIST's are 28×28")
        }
        guard images.count == labels.count else {
            throw DataError(.badFile, file: labelsURL, "\(labelsURL.path) holds \(labels.count) labels but "
                            + "\(imagesURL.lastPathComponent) holds \(images.count) images; the two files do not belong together")
        }
        if let bad = labels.firstIndex(where: { $0 > 9 }) {
            throw DataError(.badFile, file: labelsURL,
                            "\(labelsURL.path): label \(labels[bad]) at index \(bad) is not a class 0…9")
        }
        bytes = ByteImageDataset(pixels: images.pixels, labels: labels, imageSize: Self.imageSize)
    }

    /// All images as bytes, `count × 28 × 28`, row-major.
    public var pixels: [UInt8] { bytes.pixels }
    /// All labels as bytes.
    public var targets: [UInt8] { bytes.targets }

    // MARK: Finding the files

    /// The .gz file if present, else the uncompressed one.
    static func file(_ name: String, in directory: URL) -> URL {
        let gz = directory.appendingPathComponent(name + ".gz")
        return FileManager.default.fileExists(atPath: gz.path) ? gz : directory.appendingPathComponent(name)
    }

    static func hasFiles(train: Bool, in directory: URL) -> Bool {
        let names = fileNames(train: train)
        return [names.images, names.labels].allSatisfy {
            FileManager.default.fileExists(atPath: file($0, in: directory).path)
        }
    }

    /// The places looked at, in order, with where each comes from.
    public static func searchPath(dataDirectory: URL?) -> [(directory: URL?, origin: String)] {
        let env = ProcessInfo.processInfo.environment["FASHION_MNIST_DIR"].flatMap { $0.isEmpty ? nil : $0 }
        return [
            (dataDirectory, "--data-dir"),
            (env.map { URL(fileURLWithPath: $0) }, "$FASHION_MNIST_DIR"),
            (localDirectory, "./data/fashion-mnist"),
            (debianDirectory, "Debian package dataset-fashion-mnist"),
        ]
    }

    /// The first folder in the search path that holds the split's two files.
    public static func locate(train: Bool, dataDirectory: URL? = nil) throws -> URL {
        let names = fileNames(train: train)
        // A folder the user named explicitly must hold the data: falling back to
        // another copy would silently train on something else.
        if let dataDirectory, !hasFiles(train: train, in: dataDirectory) {
            throw DataError(.missingData, "--data-dir \(dataDirectory.path) does not hold \(names.images).gz and "
                + "\(names.labels).gz.\nPoint --data-dir at a folder with the Fashion-MNIST files, or leave it out "
                + "to use the installed copy (\(installCommand)).")
        }
        // So must $FASHION_MNIST_DIR when no --data-dir overrides it.
        if dataDirectory == nil, let env = searchPath(dataDirectory: nil).first(where: { $0.origin == "$FASHION_MNIST_DIR" })?.directory,
           !hasFiles(train: train, in: env) {
            throw DataError(.missingData, "FASHION_MNIST_DIR=\(env.path) does not hold \(names.images).gz and "
                + "\(names.labels).gz.\nPoint FASHION_MNIST_DIR at a folder with the Fashion-MNIST files, or unset it "
                + "(unset FASHION_MNIST_DIR) to use the installed copy (\(installCommand)).")
        }
        let places = searchPath(dataDirectory: dataDirectory)
        for case let (directory?, _) in places where hasFiles(train: train, in: directory) { return directory }
        let looked = places.map { place in
            "  " + (place.directory.map { $0.path } ?? "(not set)") + "  — " + place.origin
        }.joined(separator: "\n")
        throw DataError(.missingData, """
            Fashion-MNIST \(train ? "training" : "test") files (\(names.images).gz, \(names.labels).gz) not found. Looked in:
            \(looked)
            Install them with:
              \(installCommand)
            or let the lesson download them (about 30 MB) into ./data/fashion-mnist with --download,
            or point --data-dir (or FASHION_MNIST_DIR) at a folder that holds them.
            """)
    }
}
