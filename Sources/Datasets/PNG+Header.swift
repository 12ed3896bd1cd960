import Foundation

// A PNG's size is read from its header before Cairo decodes it: Cairo would
// allocate whatever a damaged header declares, and it reports a file that is
// not a PNG at all as "out of memory".
extension PNG {
    /// The most pixels an image may declare (4096 × 4096): far above any data
    /// set image, far below what would exhaust memory (Cairo keeps 4 bytes a pixel).
    public static var maxPixels = 4096 * 4096

    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Width and height from the IHDR chunk, after checking the signature;
    /// throws `DataError.badFile` saying what is wrong.
    static func checkedSize(_ url: URL) throws -> (width: Int, height: Int) {
        let path = url.path
        guard let handle = FileHandle(forReadingAtPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "file not found"
            throw DataError(.io, file: url, "\(path): cannot read the image: \(reason)")
        }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: 33)) ?? Data())
        guard head.count >= 8, Array(head[0..<8]) == signature else {
            throw DataError(.badFile, file: url, "\(path): not a PNG (the file does not start with the PNG signature); "
                            + "an ImageFolder holds only .png images")
        }
        func uint32(_ at: Int) -> Int { head[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) } }
        guard head.count == 33, uint32(8) == 13, Array(head[12..<16]) == Array("IHDR".utf8) else {
            throw DataError(.badFile, file: url, "\(path): a damaged PNG (no image header after the signature)")
        }
        let width = uint32(16), height = uint32(20)
        guard width > 0, height > 0 else {
            throw DataError(.badFile, file: url, "\(path): a damaged PNG (it declares a \(width)×\(height) image)")
        }
        guard width <= maxPixels / height else {
            throw DataError(.badFile, file: url, "\(path): the PNG declares a \(width)×\(height) image, more than "
                            + "the \(maxPixels) pixels this reader accepts; the file is damaged or not a data set image")
        }
        return (width, height)
    }
}
