// `checkUsage` and `usageFailure` live in the small `Usage` module, so that
// modules beside Tensors (Plot) report a student's mistake the same way; every
// module that imports Tensors keeps seeing them.
@_exported import Usage
