// Why a table of variances can show 2.8e+41 while Float32 stops at 3.4e+38.
import Course
import Foundation

/// Where a growing run leaves Float32, three ways. The variances are sums of squares
/// accumulated in Double, so Var passes Float32's largest number (3.4e+38) early; the
/// Float32 values themselves are about √Var and overflow only where Var ≈ (3.4e+38)².
struct Float32Overflow {
    static let float32Max = Double(Float.greatestFiniteMagnitude)
    /// The measured factor per layer (geometric mean over the finite layers).
    let factor: Double
    /// The first layer whose variance exceeds Float32's largest number (harmless in Double).
    let varianceLayer: Int
    /// The layer where √Var passes Float32's largest number, extrapolated with `factor`
    /// from the last finite layer.
    let rootLayer: Int
    /// The first layer that holds an infinity or NaN, if any.
    let valueLayer: Int?

    /// Nil when no variance passes Float32's largest number or the variance does not grow.
    init?(variances a: [Double]) {
        factor = perLayerFactor(a, from: 1)
        guard let varianceLayer = a.firstIndex(where: { $0.isFinite && $0 > Self.float32Max }), factor > 1 else { return nil }
        self.varianceLayer = varianceLayer
        let last = a.lastIndex { $0.isFinite && $0 > 0 } ?? 0
        let layersToGo = Foundation.log(Self.float32Max * Self.float32Max / a[last]) / Foundation.log(factor)
        rootLayer = last + max(1, Int(layersToGo.rounded(.up)))
        valueLayer = LayerStatistics.firstOverflow(a)
    }
}

/// The paragraph of section 2 that tells the story with this run's numbers.
func overflowStory(_ o: Float32Overflow, sigma2: Double, variances a: [Double]) -> L {
    let mid = depth / 2
    let inTable = a[mid].isFinite && a[mid] > Float32Overflow.float32Max ? "Var(h\(mid)) = \(sci(a[mid], overflow: ""))" : nil
    let (maxText, squareText, doubleMax) = (sci(Float32Overflow.float32Max, overflow: ""),
                                            sci(Float32Overflow.float32Max * Float32Overflow.float32Max, overflow: ""),
                                            sci(Double.greatestFiniteMagnitude, overflow: ""))
    let growth = String(format: "%.3g", o.factor)
    let (varPastMax, rootPastMax) = (o.varianceLayer, o.rootLayer)
    let ending = o.valueLayer.map { k in L(
        ru: """
        Самое большое из B·D = \(grouped(batch * width, "\u{202F}")) чисел слоя выходит за предел \
        \(k < rootPastMax ? "чуть раньше, " : "")на слое \(k): дальше в сети бесконечности и NaN, и в таблице \
        стоит «переполнение».
        """,
        en: """
        The largest of the layer's B·D = \(grouped(batch * width, ",")) numbers leaves the range \
        \(k < rootPastMax ? "a little earlier, " : "")at layer \(k): from there on the network holds infinities \
        and NaN, and the table says "overflow".
        """) } ?? L(ru: "В нашей сети из \(depth) \(russianPlural(depth, "слоя", "слоёв", "слоёв")) ни одно число за предел не вышло.",
                    en: "In our network of \(depth) layers no number has left the range.")
    return L(
        ru: """
        При σ²_Ω = \(sigmaLabel(sigma2)) дисперсия растёт в \(growth) \(russianTimes(growth)) за \
        слой. Дисперсии считаются в Double (до \(doubleMax)), поэтому в таблице они бывают больше \
        предела Float32 \(maxText): так со слоя \(varPastMax)\(inTable.map { ", например \($0)" } ?? ""). Переполняются \
        не дисперсии, а сами числа hₖ во Float32, а они порядка √Var. √Var доходит до \(maxText) только \
        при Var ≈ \(squareText), по измеренному множителю — на слое \(rootPastMax). \(ending.ru)
        """,
        en: """
        With σ²_Ω = \(sigmaLabel(sigma2)) the variance grows \(growth) times per \
        layer. The variances are computed in Double (up to \(doubleMax)), so in the table they may exceed \
        Float32's largest number \(maxText), as they do from layer \(varPastMax) on\(inTable.map { " (\($0))" } ?? ""). It is not the variances \
        that overflow but the Float32 values of hₖ, and those are about √Var. √Var passes \(maxText) only \
        at Var ≈ \(squareText): by the measured factor, at layer \(rootPastMax). \(ending.en)
        """)
}
