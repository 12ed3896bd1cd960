import Foundation

/// The terminal window's size in cells and, where the terminal reports it, in pixels.
public struct TerminalGeometry: Equatable, Sendable {
    public var columns: Int
    public var rows: Int?
    public var pixelWidth: Int?
    public var pixelHeight: Int?

    /// A cell of a 12-point monospaced font at ordinary resolution, for terminals that
    /// report no pixel size.
    public static let fallbackCellWidth = 10.0
    public static let fallbackCellHeight = 20.0

    public init(columns: Int, rows: Int? = nil, pixelWidth: Int? = nil, pixelHeight: Int? = nil) {
        self.columns = max(columns, 1)
        self.rows = rows
        self.pixelWidth = pixelWidth
        self.pixelHeight = pixelHeight
    }

    /// The window behind `descriptor` (ioctl TIOCGWINSZ), or nil when it is not a terminal.
    public static func window(_ descriptor: Int32 = STDOUT_FILENO) -> TerminalGeometry? {
        var size = winsize()
        guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return TerminalGeometry(columns: Int(size.ws_col), rows: size.ws_row > 0 ? Int(size.ws_row) : nil,
                                pixelWidth: size.ws_xpixel > 0 ? Int(size.ws_xpixel) : nil,
                                pixelHeight: size.ws_ypixel > 0 ? Int(size.ws_ypixel) : nil)
    }

    public var cellWidth: Double {
        pixelWidth.map { Double($0) / Double(columns) } ?? TerminalGeometry.fallbackCellWidth
    }

    public var cellHeight: Double {
        if let pixelHeight, let rows, rows > 0 { return Double(pixelHeight) / Double(rows) }
        return TerminalGeometry.fallbackCellHeight
    }

    /// The size at which a `width` × `height` image fits the window's width (and, when the
    /// row count is known, its height less two lines, so the figure is seen whole), with
    /// its aspect ratio kept. Never larger than the image.
    public func fit(width: Int, height: Int) -> (width: Int, height: Int) {
        guard width > 0, height > 0 else { return (max(width, 1), max(height, 1)) }
        var scale = min(1, Double(columns) * cellWidth / Double(width))
        if let rows, rows > 3 { scale = min(scale, Double(rows - 2) * cellHeight / Double(height)) }
        return (max(1, Int((Double(width) * scale).rounded())), max(1, Int((Double(height) * scale).rounded())))
    }

    /// The number of cells an image `width` pixels wide covers.
    public func columns(forPixelWidth width: Int) -> Int {
        min(columns, max(1, Int((Double(width) / cellWidth).rounded(.up))))
    }
}
