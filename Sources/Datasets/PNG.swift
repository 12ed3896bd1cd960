import CCairo
import Foundation
import Tensors

/// 8-bit grayscale PNG files through Cairo.
public enum PNG {
    /// Writes a `width × height` grayscale image (row-major bytes) as a PNG, atomically.
    public static func writeGrayscale(_ pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int, to url: URL) throws {
        checkUsage(width > 0 && height > 0 && pixels.count == width * height, "PNG.writeGrayscale",
                   "\(pixels.count) bytes for a \(width) × \(height) image", valid: "width * height bytes, row by row")
        // Cairo writes an A8 surface as an 8-bit grayscale PNG (colour type 0)
        // whose gray levels are the A8 bytes: exactly the original data set's files.
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_A8, Int32(width), Int32(height)),
              cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            throw DataError(.io, file: url, "\(url.path): Cairo cannot make a \(width)×\(height) image")
        }
        defer { cairo_surface_destroy(surface) }
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        let data = cairo_image_surface_get_data(surface)!
        for y in 0..<height {
            (data + y * stride).update(from: pixels.baseAddress! + y * width, count: width)
        }
        cairo_surface_mark_dirty(surface)
        try DataFile.write(to: url) { tmp in
            let status = cairo_surface_write_to_png(surface, tmp.path)
            guard status == CAIRO_STATUS_SUCCESS else {
                throw DataError(.io, file: url, "\(url.path): cannot write the PNG: " + String(cString: cairo_status_to_string(status)))
            }
        }
    }

    /// Reads a PNG as grayscale bytes (the mean of R, G, B for colour images,
    /// composited on black when there is transparency).
    public static func readGrayscale(_ url: URL) throws -> (pixels: [UInt8], width: Int, height: Int) {
        let declared = try checkedSize(url)
        guard let surface = cairo_image_surface_create_from_png(url.path) else {
            throw DataError(.io, file: url, "\(url.path): Cairo cannot open the file")
        }
        defer { cairo_surface_destroy(surface) }
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            // The size was checked, so "out of memory" here means damaged image data.
            let reason = status == CAIRO_STATUS_FILE_NOT_FOUND ? "file not found"
                : status == CAIRO_STATUS_NO_MEMORY || status == CAIRO_STATUS_READ_ERROR || status == CAIRO_STATUS_PNG_ERROR
                ? "a damaged PNG (its image data cannot be decoded)"
                : "a damaged PNG (Cairo: \(String(cString: cairo_status_to_string(status))))"
            throw DataError(.badFile, file: url, "\(url.path): cannot read the image: \(reason)")
        }
        cairo_surface_flush(surface)
        let width = Int(cairo_image_surface_get_width(surface)), height = Int(cairo_image_surface_get_height(surface))
        guard (width, height) == declared else {
            throw DataError(.badFile, file: url, "\(url.path): a damaged PNG (Cairo read \(width)×\(height), "
                            + "the header declares \(declared.width)×\(declared.height))")
        }
        let stride = Int(cairo_image_surface_get_stride(surface))
        let format = cairo_image_surface_get_format(surface)
        guard let data = cairo_image_surface_get_data(surface) else {
            throw DataError(.badFile, file: url, "\(url.path): the image has no pixel data")
        }
        var pixels = [UInt8](repeating: 0, count: width * height)
        for y in 0..<height {
            let row = UnsafeMutableRawPointer(data + y * stride)
            for x in 0..<width {
                switch format {
                case CAIRO_FORMAT_A8:
                    pixels[y * width + x] = row.load(fromByteOffset: x, as: UInt8.self)
                case CAIRO_FORMAT_RGB24, CAIRO_FORMAT_ARGB32:
                    // Premultiplied ARGB: the channels are already composited on black.
                    let p = row.load(fromByteOffset: 4 * x, as: UInt32.self)
                    let sum = (p >> 16 & 0xFF) + (p >> 8 & 0xFF) + (p & 0xFF)
                    pixels[y * width + x] = UInt8((sum + 1) / 3)
                default:
                    throw DataError(.badFile, file: url, "\(url.path): unsupported pixel format \(format.rawValue)")
                }
            }
        }
        return (pixels, width, height)
    }
}
