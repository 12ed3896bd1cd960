// One import for a lesson: `import Course` brings the whole mini-framework,
// as swift-numerics' `Numerics` brings its modules. Each module can still be
// imported on its own (a test, a tool that needs only `Tensors`).
@_exported import Console
@_exported import Datasets
@_exported import LessonKit
@_exported import NN
@_exported import Optim
@_exported import Plot
@_exported import Tensors
@_exported import Training
