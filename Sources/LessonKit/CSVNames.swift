import Foundation
import Plot

/// The English form of every text a lesson drew in another language, so that
/// the CSV beside each figure names its columns the same way with every
/// `--lang` (the figure itself stays in the chosen language). Texts reach
/// figures through `Section.t` and `Lesson.t`, which record each pair here.
final class CSVNames {
    /// The names of the running lesson (figures and their CSV are process-wide too).
    nonisolated(unsafe) static var current: CSVNames?

    private var english: [String: String] = [:]
    private var shown: [[Character]]?

    func record(_ text: L, shownIn lang: Language) {
        guard lang != .en else { return }
        let drawn = text[lang], en = text[.en]
        guard drawn != en, !en.isEmpty, english[drawn] != en else { return }
        // The latest wins: one Russian word may stand for two English ones ("валидация":
        // a table's "val acc", a legend's "validation"), and labels are made just before drawing.
        if english.updateValue(en, forKey: drawn) == nil { shown = nil }
    }

    /// `text` with the recorded texts in it replaced by their English form. A label
    /// is often built from several texts ("val, " + "без аугм."), and recorded texts
    /// overlap, so the pieces are chosen to translate as many foreign letters as possible.
    func name(for text: String) -> String {
        if let exact = english[text] { return exact }
        guard text.contains(where: Self.isForeign) else { return text }
        if shown == nil { shown = english.keys.filter { $0.contains(where: Self.isForeign) }.map(Array.init) }
        let chars = Array(text), keys = shown!
        // best[i]: the most foreign letters of chars[i...] covered by recorded texts.
        var best = [Int](repeating: 0, count: chars.count + 1), choice = [Int?](repeating: nil, count: chars.count)
        for i in stride(from: chars.count - 1, through: 0, by: -1) {
            best[i] = best[i + 1]
            for (k, key) in keys.enumerated() where key.count <= chars.count - i && chars[i] == key[0] {
                guard chars[i..<(i + key.count)].elementsEqual(key) else { continue }
                // Only whole words: «с» (seconds) must not turn «классах» into «клаsсах».
                if Self.isLetter(key[0]), i > 0, Self.isLetter(chars[i - 1]) { continue }
                if Self.isLetter(key[key.count - 1]), i + key.count < chars.count,
                   Self.isLetter(chars[i + key.count]) { continue }
                let covered = key.filter(Self.isForeign).count + best[i + key.count]
                if covered > best[i] { best[i] = covered; choice[i] = k }
            }
        }
        var result = "", i = 0
        while i < chars.count {
            if let k = choice[i] {
                result += english[String(keys[k])]!
                i += keys[k].count
            } else {
                result.append(chars[i])
                i += 1
            }
        }
        return result
    }

    static func isLetter(_ c: Character) -> Bool { c.isLetter }

    /// Letters outside ASCII that are not mathematical symbols: Cyrillic and the like.
    static func isForeign(_ c: Character) -> Bool {
        c.unicodeScalars.contains { $0.properties.isAlphabetic && !$0.isASCII && !(0x0370...0x03FF).contains($0.value) }
    }

    /// Makes the figures saved until `uninstall` use these names in their CSV.
    func install() {
        CSVNames.current = self
        Figure.csvName = { [unowned self] in self.name(for: $0) }
    }

    func uninstall() {
        CSVNames.current = nil
        Figure.csvName = nil
    }
}
