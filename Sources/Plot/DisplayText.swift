/// A text shown to the reader: a `String` as written, or LessonKit's
/// `LocalizedText` (`L(ru:en:)`) in the running lesson's language.
///
/// Plot sits below LessonKit and knows nothing about languages: it asks each
/// text for `displayText` when it is handed over (`ax.title = …`,
/// `ax.plot(…, label: …)`) and keeps the resulting string.
public protocol DisplayText {
    /// The text as it is to be drawn or printed.
    var displayText: String { get }
}

extension String: DisplayText {
    public var displayText: String { self }
}

extension Substring: DisplayText {
    public var displayText: String { String(self) }
}
