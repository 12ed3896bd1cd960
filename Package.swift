// swift-tools-version:5.10
import PackageDescription

// Framework targets are compiled with -O even in the debug build that
// `swift run lesson-NN` makes: element-wise loops are ~20x faster, and the
// lessons (compiled in debug) stay readable without becoming slow.
let optimized: [SwiftSetting] = [.unsafeFlags(["-O"])]

// The lessons, in teaching order. Each is an executable target in Lessons/.
let lessons: [(name: String, dependencies: [Target.Dependency])] = [
    ("lesson-01-fcnn", ["LessonKit", "Tensors", "NN", "Plot"]),
    ("lesson-02-transfer", []),
    ("lesson-03-init", ["LessonKit", "Tensors", "NN", "Optim", "Datasets", "Plot"]),
    ("lesson-04-optimizers", ["LessonKit", "Tensors", "Optim", "Plot"]),
    ("lesson-05-regularization", ["LessonKit", "Tensors", "NN", "Optim", "Datasets", "Training", "Plot"]),
    ("lesson-06-augmentation", ["LessonKit", "Tensors", "NN", "Optim", "Datasets", "Training", "Plot"]),
    ("lesson-07-fashion-mnist", ["LessonKit", "Tensors", "NN", "Optim", "Datasets", "Training", "Plot"]),
    ("lesson-08-best-mlp", ["LessonKit", "Console", "Tensors", "NN", "Optim", "Datasets", "Training", "Plot"]),
]

let package = Package(
    name: "FCNNCourse",
    platforms: [.macOS(.v13)],
    products: lessons.map { .executable(name: $0.name, targets: [$0.name]) },
    targets: [
        // C libraries from Debian, found through pkg-config.
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CCairo", path: "Sources/CCairo", pkgConfig: "cairo",
                       providers: [.apt(["libcairo2-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CSixel", path: "Sources/CSixel", pkgConfig: "libsixel",
                       providers: [.apt(["libsixel-dev"])]),
        // Compiler builtins (cache prefetch, atomics) that Swift has no spelling for.
        .systemLibrary(name: "CMemory", path: "Sources/CMemory"),

        // The mini-framework, lowest layer first.
        // How a student's mistake ends a run: checkUsage / usageFailure (exit 1, message, calling line).
        .target(name: "Usage", swiftSettings: optimized),
        .target(name: "Console", dependencies: ["Usage"], swiftSettings: optimized),
        .target(name: "Files", swiftSettings: optimized),
        // Cairo's PNG encoder into memory, shared by Plot and TerminalImages.
        .target(name: "CairoPNG", dependencies: ["CCairo"], swiftSettings: optimized),
        .target(name: "Tensors", dependencies: ["Usage", "CBLAS", "CMemory"], swiftSettings: optimized),
        .target(name: "NN", dependencies: ["Tensors", "Files"], swiftSettings: optimized),
        .target(name: "Optim", dependencies: ["Tensors"], swiftSettings: optimized),
        .target(name: "Datasets", dependencies: ["Tensors", "CZlib", "CCairo", "CMemory", "Files"],
                swiftSettings: optimized),
        .target(name: "Training", dependencies: ["Tensors", "NN", "Optim", "Datasets", "Console"],
                swiftSettings: optimized),
        .target(name: "Plot", dependencies: ["CCairo", "CairoPNG", "Files", "Usage"], swiftSettings: optimized),
        .target(name: "TerminalImages", dependencies: ["CCairo", "CairoPNG", "CSixel"], swiftSettings: optimized),
        .target(name: "LessonKit", dependencies: ["Console", "Tensors", "Files", "Plot", "TerminalImages"],
                swiftSettings: optimized),
        .target(name: "TestSupport", dependencies: ["Tensors", "Console", "LessonKit"], swiftSettings: optimized),
        // The umbrella a lesson imports: `import Course`.
        .target(name: "Course", dependencies: ["Console", "Tensors", "NN", "Optim", "Datasets", "Training", "Plot",
                                               "LessonKit"], swiftSettings: optimized),

        // Benchmarks: `swift run -c release bench-core`.
        .target(name: "BenchmarkKit", path: "Sources/Benchmarks/BenchmarkKit"),
        .executableTarget(name: "bench-core", dependencies: ["BenchmarkKit", "Tensors"],
                          path: "Sources/Benchmarks/bench-core"),
        .executableTarget(name: "bench-data", dependencies: ["BenchmarkKit", "Tensors", "Datasets"],
                          path: "Sources/Benchmarks/bench-data"),
        .executableTarget(name: "bench-train", dependencies: ["BenchmarkKit", "Tensors", "NN", "Optim", "Datasets", "Training"],
                          path: "Sources/Benchmarks/bench-train"),

        // Tests: one target per module, plus smoke runs of the built lessons.
        .testTarget(name: "TensorsTests", dependencies: ["Tensors", "TestSupport"]),
        .testTarget(name: "NNTests", dependencies: ["NN", "Tensors", "TestSupport"]),
        .testTarget(name: "OptimTests", dependencies: ["Optim", "Tensors", "TestSupport"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "Tensors", "TestSupport"]),
        .testTarget(name: "TrainingTests", dependencies: ["Training", "NN", "Tensors", "TestSupport"]),
        .testTarget(name: "PlotTests", dependencies: ["Plot", "CairoPNG", "CCairo", "TestSupport"]),
        .testTarget(name: "ConsoleTests", dependencies: ["Console", "TestSupport"]),
        .testTarget(name: "TerminalImagesTests", dependencies: ["TerminalImages", "CCairo"]),
        .testTarget(name: "LessonKitTests", dependencies: ["LessonKit", "Tensors", "TestSupport"]),
        .testTarget(name: "CourseTests", dependencies: ["Course", "TestSupport"]),
        .testTarget(name: "LessonSmokeTests", dependencies: lessons.map { .target(name: $0.name) } + ["TestSupport"]),
    ] + lessons.map {
        // Every lesson may `import Course`; the modules it lists may also be imported one by one.
        .executableTarget(name: $0.name, dependencies: ["Course"] + $0.dependencies, path: "Lessons/\($0.name)")
    }
)
