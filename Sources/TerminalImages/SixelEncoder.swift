import CSixel

/// Sixel through libsixel, which picks the palette (median cut) and dithers far better
/// than a hand-written encoder would.
enum SixelEncoder {
    /// The number of colour registers asked for: xterm's `numColorRegisters: 256`, foot's
    /// and mlterm's default. A terminal with fewer uses the first ones it has.
    static let paletteSize: Int32 = 256

    /// The complete DCS sequence (`ESC P … q … ESC \`) for `width` × `height` RGB pixels.
    static func encode(rgb: [UInt8], width: Int, height: Int) throws -> String {
        final class Sink { var bytes: [UInt8] = [] }
        let sink = Sink()
        var pixels = rgb
        var output: OpaquePointer?
        var status = sixel_output_new(&output, { data, size, priv in
            let sink = Unmanaged<Sink>.fromOpaque(priv!).takeUnretainedValue()
            data!.withMemoryRebound(to: UInt8.self, capacity: Int(size)) {
                sink.bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: Int(size)))
            }
            return Int32(size)
        }, Unmanaged.passUnretained(sink).toOpaque(), nil)
        guard status == SIXEL_OK, let output else { throw failure(status) }
        defer { sixel_output_unref(output) }
        var dither: OpaquePointer?
        status = sixel_dither_new(&dither, paletteSize, nil)
        guard status == SIXEL_OK, let dither else { throw failure(status) }
        defer { sixel_dither_unref(dither) }
        status = pixels.withUnsafeMutableBufferPointer { buffer in
            sixel_dither_initialize(dither, buffer.baseAddress, Int32(width), Int32(height), SIXEL_PIXELFORMAT_RGB888,
                                    SIXEL_LARGE_AUTO, SIXEL_REP_AUTO, SIXEL_QUALITY_AUTO)
        }
        guard status == SIXEL_OK else { throw failure(status) }
        status = pixels.withUnsafeMutableBufferPointer { buffer in
            sixel_encode(buffer.baseAddress, Int32(width), Int32(height), 3, dither, output)
        }
        guard status == SIXEL_OK else { throw failure(status) }
        return String(decoding: sink.bytes, as: UTF8.self)
    }

    private static func failure(_ status: SIXELSTATUS) -> InlineImageError {
        .encoding("sixel", sixel_helper_format_error(status).map { String(cString: $0) } ?? "libsixel status \(status)")
    }
}
