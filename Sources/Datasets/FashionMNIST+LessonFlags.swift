import Foundation

extension FashionMNIST {
    /// What a lesson's `--data-dir DIR` and `--download` flags ask for, in one
    /// call, so every lesson that trains on Fashion-MNIST treats them alike:
    ///
    ///     let dataDir = lesson.option("data-dir", default: "", help: ...)
    ///     let download = lesson.option("download", default: false, help: ...)
    ///     ...
    ///     let (train, test) = try FashionMNIST.splits(dataDirectory: dataDir.value,
    ///                                                 download: download.value) { s.print($0) }
    ///
    /// - `dataDirectory` empty: the usual search order (`$FASHION_MNIST_DIR`,
    ///   `./data/fashion-mnist`, Debian's package); non-empty: that folder only.
    /// - `download`: first fetch the four files from `baseURL` into
    ///   `dataDirectory` (or `./data/fashion-mnist` when it is empty), keeping
    ///   files already there with the right MD5, then load from that folder.
    ///
    /// Missing or damaged data throws `DataError`, whose message names the
    /// places looked at, the install command and `--download`; a lesson lets it
    /// propagate out of its section and exits non-zero with that message.
    public static func splits(dataDirectory: String, download: Bool, baseURL: URL = officialMirror,
                              verifyChecksums: Bool = true,
                              log: (String) -> Void = { _ in }) throws -> (train: FashionMNIST, test: FashionMNIST) {
        let folder = try prepareDirectory(dataDirectory: dataDirectory, download: download, baseURL: baseURL, log: log)
        let train = try FashionMNIST(train: true, dataDirectory: folder, verifyChecksums: verifyChecksums)
        let test = try FashionMNIST(train: false, dataDirectory: folder, verifyChecksums: verifyChecksums)
        return (train, test)
    }

    /// The folder to load from for the two flags (nil: use the search order),
    /// after downloading into it when `download` is set.
    public static func prepareDirectory(dataDirectory: String, download: Bool, baseURL: URL = officialMirror,
                                        log: (String) -> Void = { _ in }) throws -> URL? {
        let given = dataDirectory.isEmpty ? nil : URL(fileURLWithPath: dataDirectory)
        guard download else { return given }
        let target = given ?? localDirectory
        log("--download: fetching Fashion-MNIST into \(target.path)")
        try Self.download(to: target, baseURL: baseURL, log: log)
        return target
    }
}
