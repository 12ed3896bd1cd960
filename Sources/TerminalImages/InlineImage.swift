import Foundation

/// Turns a PNG file into the text that makes a terminal draw it, fitted to the window.
public enum InlineImage {
    /// The escape sequences that draw the PNG at `url` for `target`, scaled to `geometry`
    /// (aspect kept, never enlarged). kitty and iTerm2 receive the file's own bytes when no
    /// scaling is needed, else a PNG resampled in memory; the file is never changed.
    public static func sequence(png url: URL, target: InlineImageTarget, geometry: TerminalGeometry) throws -> String {
        let file: [UInt8]
        do { file = Array(try Data(contentsOf: url)) } catch {
            throw InlineImageError.unreadable(url.path, "\(error.localizedDescription)")
        }
        guard let size = pngSize(file) else { throw InlineImageError.unreadable(url.path, "not a PNG file") }
        let fitted = geometry.fit(width: size.width, height: size.height)
        let unscaled = fitted == size

        let text: String
        switch target.proto {
        case .kitty, .iterm:
            var png = file
            if !unscaled {
                let raster = try CairoRaster(png: url, width: fitted.width, height: fitted.height)
                defer { raster.release() }
                png = try raster.pngBytes()
            }
            text = target.proto == .kitty
                ? InlineImageFraming.kitty(png: png)
                : InlineImageFraming.iterm(png: png, columns: geometry.columns(forPixelWidth: fitted.width))
        case .sixel:
            let raster = try CairoRaster(png: url, width: fitted.width, height: fitted.height)
            defer { raster.release() }
            text = try SixelEncoder.encode(rgb: raster.rgbBytes(), width: fitted.width, height: fitted.height)
        }
        return target.tmuxPassthrough ? InlineImageFraming.tmuxPassthroughEach(text) : text
    }

    /// Width and height from a PNG's IHDR chunk, or nil when `bytes` is not a PNG.
    public static func pngSize(_ bytes: [UInt8]) -> (width: Int, height: Int)? {
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        guard bytes.count >= 24, Array(bytes[0..<8]) == signature, bytes[12..<16].elementsEqual("IHDR".utf8) else { return nil }
        func be32(_ i: Int) -> Int { bytes[i..<i + 4].reduce(0) { $0 << 8 | Int($1) } }
        let width = be32(16), height = be32(20)
        return width > 0 && height > 0 ? (width, height) : nil
    }
}
