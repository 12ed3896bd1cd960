import CCairo

/// Encodes a Cairo image surface as PNG bytes in memory (Cairo's stream writer):
/// the one place Plot (saving figures) and TerminalImages (sending them to a
/// terminal) turn pixels into a PNG.
public enum CairoPNG {
    /// Cairo could not encode the surface; `reason` is Cairo's status text.
    public struct EncodingError: Error, CustomStringConvertible {
        public let reason: String
        public var description: String { "cairo could not encode the PNG: \(reason)" }
    }

    /// The PNG bytes of `surface`. Identical surfaces give identical bytes.
    public static func encode(_ surface: OpaquePointer) throws -> [UInt8] {
        final class Sink { var bytes: [UInt8] = [] }
        let sink = Sink()
        let status = cairo_surface_write_to_png_stream(surface, { closure, data, length in
            let sink = Unmanaged<Sink>.fromOpaque(closure!).takeUnretainedValue()
            sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
            return CAIRO_STATUS_SUCCESS
        }, Unmanaged.passUnretained(sink).toOpaque())
        guard status == CAIRO_STATUS_SUCCESS else {
            throw EncodingError(reason: String(cString: cairo_status_to_string(status)))
        }
        return sink.bytes
    }
}
