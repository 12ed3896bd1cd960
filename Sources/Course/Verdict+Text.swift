// Lives in Course because the verdict comes from Training and the words from
// LessonKit, and neither of those modules may import the other.

/// The verdict of a paired comparison in words, for tables and prose:
/// "лучше / better", "хуже / worse", "в пределах шума / within noise"
/// (`short`: "шум / noise", for a narrow table column).
public func verdictText(_ verdict: PairedComparison.Verdict, short: Bool = false) -> L {
    switch verdict {
    case .better: return L(ru: "лучше", en: "better")
    case .worse: return L(ru: "хуже", en: "worse")
    case .withinNoise: return short ? L(ru: "шум", en: "noise") : L(ru: "в пределах шума", en: "within noise")
    }
}
