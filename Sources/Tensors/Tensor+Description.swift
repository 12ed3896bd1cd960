import Foundation

/// Prints like PyTorch: `tensor([[0.1234, 0.5678]], grad_fn=<AddmmBackward0>)`.
extension Tensor: CustomStringConvertible {
    public var description: String {
        let values = scalars
        let finite = values.filter { $0.isFinite }
        let useExponent = finite.contains { $0 != 0 && (Swift.abs($0) >= 1e4 || Swift.abs($0) < 1e-4) }
        let allIntegral = finite.allSatisfy { $0 == $0.rounded() } && !values.isEmpty
        func format(_ v: Float) -> String {
            if v.isNaN { return "nan" }
            if v.isInfinite { return v > 0 ? "inf" : "-inf" }
            if useExponent { return String(format: "%.4e", v) }
            if allIntegral { return String(format: "%.0f.", v) }
            return String(format: "%.4f", v)
        }
        let cells = values.map(format)
        let width = cells.map(\.count).max() ?? 0
        let padded = cells.map { String(repeating: " ", count: width - $0.count) + $0 }
        let prefix = "tensor("
        func render(_ dim: Int, _ offset: Int, _ indent: Int) -> String {
            if rank == 0 { return padded.first ?? "" }
            let n = shape[dim]
            if dim == rank - 1 {
                return "[" + (0..<n).map { padded[offset + $0] }.joined(separator: ", ") + "]"
            }
            let stride = shape[(dim + 1)...].reduce(1, *)
            let separator = "," + String(repeating: "\n", count: rank - dim - 1)
                + String(repeating: " ", count: indent + 1)
            return "[" + (0..<n).map { render(dim + 1, offset + $0 * stride, indent + 1) }
                .joined(separator: separator) + "]"
        }
        var suffix = ""
        if let gradFn { suffix = ", grad_fn=<\(gradFn.name)>" } else if requiresGrad { suffix = ", requires_grad=True" }
        return prefix + render(0, 0, prefix.count) + suffix + ")"
    }
}
