import Foundation

/// A data set read from a folder tree of PNG images, `root/<label>/<name>.png`,
/// like the seed's `DataSet` class and `torchvision.datasets.ImageFolder`:
/// folder names are the integer labels (`int(f.parent.name)`), visited in
/// numeric order, files in name order (numeric names numerically). All images
/// are read into memory at once as grayscale bytes and must share one size.
public final class ImageFolder: ByteImageBacked {
    public let root: URL
    /// The image files in sample order.
    public let files: [URL]
    /// The labels found (the folder names), sorted.
    public let classes: [Int]
    public let bytes: ByteImageDataset

    public init(root: URL) throws {
        self.root = root
        let fm = FileManager.default
        let folders: [String]
        do {
            folders = try fm.contentsOfDirectory(atPath: root.path).filter { name in
                var isDirectory: ObjCBool = false
                return !name.hasPrefix(".") && fm.fileExists(atPath: root.appendingPathComponent(name).path,
                                                             isDirectory: &isDirectory) && isDirectory.boolValue
            }
        } catch {
            throw DataError(.io, file: root, "\(root.path): cannot list the folder (\(error.localizedDescription)); "
                            + "an ImageFolder root holds one sub-folder per label, e.g. \(root.path)/0/1.png")
        }
        var labelled: [(label: Int, folder: String)] = []
        for folder in folders {
            guard let label = Int(folder), label >= 0 else {
                throw DataError(.badFile, file: root.appendingPathComponent(folder),
                                "\(root.appendingPathComponent(folder).path): the folder name \"\(folder)\" is not a label; "
                                + "ImageFolder needs sub-folders named by integer labels 0, 1, 2, … only")
            }
            guard label <= 255 else {
                throw DataError(.badFile, file: root.appendingPathComponent(folder),
                                "\(root.appendingPathComponent(folder).path): label \(label) is above 255; ImageFolder "
                                + "keeps a label in one byte, so its class folders are named 0 … 255")
            }
            labelled.append((label, folder))
        }
        labelled.sort { $0.label < $1.label }
        guard !labelled.isEmpty else {
            throw DataError(.missingData, file: root, "\(root.path): no label folders (0, 1, …) with PNG images found")
        }

        var files: [URL] = [], labels: [UInt8] = []
        for (label, folder) in labelled {
            let directory = root.appendingPathComponent(folder)
            let names = ((try? fm.contentsOfDirectory(atPath: directory.path)) ?? [])
                .filter { $0.lowercased().hasSuffix(".png") && !$0.hasPrefix(".") }
                .sorted(by: Self.fileOrder)
            files += names.map { directory.appendingPathComponent($0) }
            labels += Array(repeating: UInt8(label), count: names.count)
        }
        guard let first = files.first else {
            throw DataError(.missingData, file: root, "\(root.path): the label folders hold no .png files")
        }

        var size: ImageSize? = nil
        var pixels: [UInt8] = []
        for file in files {
            let image = try PNG.readGrayscale(file)
            let this = ImageSize(height: image.height, width: image.width)
            if size == nil {
                size = this
                // All images share this size: refuse up front what memory cannot hold.
                let (total, overflow) = files.count.multipliedReportingOverflow(by: this.count)
                guard !overflow, UInt64(total) <= ProcessInfo.processInfo.physicalMemory / 2 else {
                    throw DataError(.badFile, file: root, "\(root.path): \(files.count) images of \(this) need "
                                    + "more memory than half of this machine's \(ProcessInfo.processInfo.physicalMemory >> 20) MB")
                }
                pixels.reserveCapacity(total)
            }
            guard this == size else {
                throw DataError(.badFile, file: file, "\(file.path) is \(this), but \(first.path) is \(size!); "
                                + "all images of an ImageFolder must have one size")
            }
            pixels += image.pixels
        }
        self.files = files
        classes = labelled.map(\.label)
        bytes = ByteImageDataset(pixels: pixels, labels: labels, imageSize: size!)
    }

    /// "2.png" before "10.png"; names that are not numbers in plain name order.
    static func fileOrder(_ a: String, _ b: String) -> Bool {
        let na = Int(a.dropLast(4)), nb = Int(b.dropLast(4))
        switch (na, nb) {
        case let (x?, y?): return x < y
        case (_?, nil): return true
        case (nil, _?): return false
        default: return a < b
        }
    }

    /// Writes `dataset` as `directory/<label>/<index>.png` (8-bit grayscale, each
    /// file atomically), the layout `ImageFolder(root:)` reads. Pixels are
    /// scaled from the data set's range to 0…255. Returns the number of files.
    @discardableResult
    public static func export(_ dataset: any Dataset, to directory: URL, limit: Int? = nil) throws -> Int {
        let size = dataset.imageSize, n = min(limit ?? dataset.count, dataset.count)
        let fm = FileManager.default
        var madeFolders = Set<Int>()
        var floats = [Float](repeating: 0, count: size.count)
        var bytes = [UInt8](repeating: 0, count: size.count)
        let scale = 255 / dataset.pixelMaximum
        for index in 0..<n {
            let label = floats.withUnsafeMutableBufferPointer { dataset.sample(at: index, into: $0.baseAddress!) }
            for i in 0..<size.count { bytes[i] = UInt8(min(max((floats[i] * scale).rounded(), 0), 255)) }
            let folder = directory.appendingPathComponent(String(label))
            if madeFolders.insert(label).inserted {
                do {
                    try fm.createDirectory(at: folder, withIntermediateDirectories: true)
                } catch {
                    throw DataError(.io, file: folder, "\(folder.path): cannot create the folder: \(error.localizedDescription)")
                }
            }
            try bytes.withUnsafeBufferPointer {
                try PNG.writeGrayscale($0, width: size.width, height: size.height,
                                       to: folder.appendingPathComponent("\(index).png"))
            }
        }
        return n
    }
}

extension FashionMNIST {
    /// Writes both splits in the seed's layout: `root/train/<label>/<index>.png`
    /// and `root/test/<label>/<index>.png`.
    public static func exportPNG(to root: URL, dataDirectory: URL? = nil, limit: Int? = nil) throws {
        for train in [true, false] {
            let dataset = try FashionMNIST(train: train, dataDirectory: dataDirectory)
            try ImageFolder.export(dataset, to: root.appendingPathComponent(train ? "train" : "test"), limit: limit)
        }
    }
}
