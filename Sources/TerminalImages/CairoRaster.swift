import CairoPNG
import CCairo
import Foundation

/// A PNG decoded and resampled by Cairo in memory; the file on disk is only read.
struct CairoRaster {
    let width: Int
    let height: Int
    /// RGB24 pixels over white (figures are opaque; a transparent corner becomes paper).
    private let surface: OpaquePointer

    /// The PNG at `url` drawn at `width` × `height` with Cairo's best filter.
    init(png url: URL, width: Int, height: Int) throws {
        let source = cairo_image_surface_create_from_png(url.path)
        defer { cairo_surface_destroy(source) }
        guard cairo_surface_status(source) == CAIRO_STATUS_SUCCESS else {
            throw InlineImageError.unreadable(url.path, String(cString: cairo_status_to_string(cairo_surface_status(source))))
        }
        let sourceWidth = Int(cairo_image_surface_get_width(source))
        let sourceHeight = Int(cairo_image_surface_get_height(source))
        let target = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height))!
        let cr = cairo_create(target)!
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        cairo_scale(cr, Double(width) / Double(sourceWidth), Double(height) / Double(sourceHeight))
        cairo_set_source_surface(cr, source, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_BEST)
        cairo_paint(cr)
        cairo_destroy(cr)
        cairo_surface_flush(target)
        self.width = width
        self.height = height
        surface = target
    }

    func release() { cairo_surface_destroy(surface) }

    /// The pixels as R, G, B bytes, row after row (libsixel's RGB888).
    func rgbBytes() -> [UInt8] {
        let stride = Int(cairo_image_surface_get_stride(surface))
        guard let data = cairo_image_surface_get_data(surface) else { return [] }
        var rgb = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            let row = UnsafeRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
            for x in 0..<width {
                let pixel = row[x]  // 0x00RRGGBB in native byte order
                let i = (y * width + x) * 3
                rgb[i] = UInt8((pixel >> 16) & 0xFF)
                rgb[i + 1] = UInt8((pixel >> 8) & 0xFF)
                rgb[i + 2] = UInt8(pixel & 0xFF)
            }
        }
        return rgb
    }

    /// The pixels encoded as a PNG in memory.
    func pngBytes() throws -> [UInt8] {
        do { return try CairoPNG.encode(surface) } catch let error as CairoPNG.EncodingError {
            throw InlineImageError.encoding("PNG", error.reason)
        }
    }
}

/// Why a figure could not be shown inline (the lesson goes on; the PNG is on disk).
public enum InlineImageError: Error, CustomStringConvertible {
    case unreadable(String, String)
    case encoding(String, String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "cannot read the PNG '\(path)': \(reason)"
        case .encoding(let format, let reason): return "cannot encode the figure as \(format): \(reason)"
        }
    }
}
