import CairoPNG
import CCairo
import Files
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Errors a user can hit when saving or reading figures.
public enum PlotError: Error, LocalizedError, CustomStringConvertible {
    case cannotCreateFolder(path: String, reason: String)
    case cannotWrite(path: String, reason: String)
    case cannotReadPNG(path: String, reason: String)
    /// Cairo could not turn the drawing into a PNG (e.g. more than 32,767 pixels a side).
    case cannotEncode(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotCreateFolder(let path, let reason):
            return "Cannot create the folder \(path) for the figure: \(reason). Choose a writable location (e.g. --figures DIR)."
        case .cannotWrite(let path, let reason):
            return "Cannot write \(path): \(reason). Check that the folder exists and is writable."
        case .cannotReadPNG(let path, let reason):
            return "Cannot read the PNG \(path): \(reason)."
        case .cannotEncode(let path, let reason):
            return "Cannot make the PNG \(path): \(reason). A side of width × scale or height × scale above 32,767 pixels is too big for cairo; make the figure or its scale smaller."
        }
    }
    public var errorDescription: String? { description }
}

extension Figure {
    /// The PNG bytes (RGB, `scale`× the point size). Identical figures give identical bytes.
    /// Throws `CairoPNG.EncodingError` when cairo cannot make the image (a side above
    /// 32,767 pixels, or no memory).
    public func encodePNG() throws -> [UInt8] {
        let surface = renderSurface()
        defer { cairo_surface_destroy(surface) }
        return try CairoPNG.encode(surface)
    }

    /// `encodePNG()` for tests that compare figures; it traps where `encodePNG` throws,
    /// so code that saves or shows a figure uses `encodePNG` or `savePNG`.
    public func pngData() -> [UInt8] {
        do { return try encodePNG() } catch { preconditionFailure("\(error)") }
    }

    /// Writes `url` (PNG) and, beside it, the plotted data as CSV (`name.csv`).
    /// Both are written atomically; missing folders are created. The PNG is made
    /// before anything is written, so a figure cairo cannot encode leaves no files.
    public func savePNG(to url: URL) throws {
        let png: [UInt8]
        do { png = try encodePNG() } catch {
            throw PlotError.cannotEncode(path: url.path, reason: "\(error)")
        }
        let csv = Array(csvText().utf8)
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw PlotError.cannotCreateFolder(path: folder.path, reason: Figure.reason(of: error))
        }
        try Figure.writeAtomically(csv, to: url.deletingPathExtension().appendingPathExtension("csv"))
        try Figure.writeAtomically(png, to: url)
    }

    private static func reason(of error: Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return ns.localizedDescription
    }

    /// Writes through `AtomicFile` (temporary file, fsync, rename), naming the path on failure.
    static func writeAtomically(_ bytes: [UInt8], to url: URL) throws {
        do { try AtomicFile.write(bytes, to: url) } catch let error as AtomicFile.WriteError {
            throw PlotError.cannotWrite(path: error.path, reason: error.reason)
        }
    }
}

/// Reading PNGs back, for tests and image checks.
public enum Image {
    /// Decodes a PNG with cairo: size and straight (not premultiplied) RGBA bytes, row by row.
    public static func readPNG(_ url: URL) throws -> (width: Int, height: Int, pixels: [UInt8]) {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw PlotError.cannotReadPNG(path: url.path, reason: "no such file")
        }
        let surface = cairo_image_surface_create_from_png(url.path)!
        defer { cairo_surface_destroy(surface) }
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw PlotError.cannotReadPNG(path: url.path, reason: String(cString: cairo_status_to_string(status)))
        }
        return decode(surface)
    }

    /// Decodes PNG bytes held in memory (e.g. `figure.pngData()`).
    public static func decodePNG(_ bytes: [UInt8]) throws -> (width: Int, height: Int, pixels: [UInt8]) {
        final class Source { let bytes: [UInt8]; var offset = 0; init(_ b: [UInt8]) { bytes = b } }
        let source = Source(bytes)
        let surface = cairo_image_surface_create_from_png_stream({ closure, data, length in
            let source = Unmanaged<Source>.fromOpaque(closure!).takeUnretainedValue()
            let n = Int(length)
            guard source.offset + n <= source.bytes.count else { return CAIRO_STATUS_READ_ERROR }
            source.bytes.withUnsafeBufferPointer { data!.update(from: $0.baseAddress! + source.offset, count: n) }
            source.offset += n
            return CAIRO_STATUS_SUCCESS
        }, Unmanaged.passUnretained(source).toOpaque())!
        defer { cairo_surface_destroy(surface) }
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw PlotError.cannotReadPNG(path: "<memory>", reason: String(cString: cairo_status_to_string(status)))
        }
        return decode(surface)
    }

    private static func decode(_ surface: OpaquePointer) -> (width: Int, height: Int, pixels: [UInt8]) {
        cairo_surface_flush(surface)
        let width = Int(cairo_image_surface_get_width(surface)), height = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        let hasAlpha = cairo_image_surface_get_format(surface) == CAIRO_FORMAT_ARGB32
        let data = cairo_image_surface_get_data(surface)!
        var pixels = [UInt8](repeating: 0, count: width * height * 4)
        for y in 0..<height {
            let row = data.advanced(by: y * stride).withMemoryRebound(to: UInt32.self, capacity: width) { $0 }
            for x in 0..<width {
                let v = row[x]
                let a = hasAlpha ? UInt32(v >> 24) : 255
                var r = (v >> 16) & 0xFF, g = (v >> 8) & 0xFF, b = v & 0xFF
                if a > 0 && a < 255 { r = r * 255 / a; g = g * 255 / a; b = b * 255 / a }
                let i = (y * width + x) * 4
                pixels[i] = UInt8(min(255, r)); pixels[i + 1] = UInt8(min(255, g)); pixels[i + 2] = UInt8(min(255, b))
                pixels[i + 3] = UInt8(a)
            }
        }
        return (width, height, pixels)
    }
}
