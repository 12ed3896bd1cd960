/// The two flags of every lesson that reads the data set: `--data-dir DIR`
/// and `--download`. Declared once here so that all lessons spell and explain
/// them the same way; the lesson hands the values to `FashionMNIST.splits`.
public struct DataOptions {
    let directoryOption: Option<String>
    let downloadOption: Option<Bool>

    /// The folder given with `--data-dir`, or "" for the usual search order.
    public var directory: String { directoryOption.value }
    /// Whether `--download` was given.
    public var download: Bool { downloadOption.value }
}

extension Lesson {
    /// Declares `--data-dir` and `--download` (call before `run()`, like `option`).
    public func dataOptions() -> DataOptions {
        DataOptions(
            directoryOption: option("data-dir", default: "",
                help: L(ru: "папка с файлами Fashion-MNIST (*.gz); без неё — обычный порядок поиска",
                        en: "folder with the Fashion-MNIST files (*.gz); without it, the usual search order")),
            downloadOption: option("download", default: false,
                help: L(ru: "скачать Fashion-MNIST (около 30 МБ) в ./data/fashion-mnist (или в --data-dir) и взять оттуда",
                        en: "download Fashion-MNIST (about 30 MB) into ./data/fashion-mnist (or --data-dir) and use it")))
    }
}
