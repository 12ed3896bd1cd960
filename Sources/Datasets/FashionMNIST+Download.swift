import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension FashionMNIST {
    /// The official mirror of the files.
    public static let officialMirror = URL(string: "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/")!

    /// The four .gz files, training first.
    public static var allFiles: [String] {
        [true, false].flatMap { train -> [String] in
            let names = fileNames(train: train)
            return [names.images + ".gz", names.labels + ".gz"]
        }
    }

    /// Downloads the four .gz files into `directory` (created if needed), checks
    /// each against its official MD5 and writes it atomically (temporary file,
    /// then rename). Files already there with the right MD5 are kept. A failed or
    /// wrong download leaves no file behind and throws `DataError.download`
    /// naming the file and the reason. `timeout` bounds a wait for data,
    /// `deadline` a whole file (a server that trickles), `maxDownloadBytes`
    /// its size. Returns the files' URLs.
    @discardableResult
    public static func download(to directory: URL, baseURL: URL = officialMirror, timeout: TimeInterval = 60,
                                deadline: TimeInterval = 900, log: (String) -> Void = { _ in }) throws -> [URL] {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw DataError(.io, file: directory, "\(directory.path): cannot create the folder: \(error.localizedDescription)")
        }
        return try allFiles.map { name in
            let target = directory.appendingPathComponent(name)
            guard let expected = expectedMD5[name] else { preconditionFailure("no MD5 known for \(name)") }
            if FileManager.default.fileExists(atPath: target.path), (try? MD5.hex(fileAt: target)) == expected {
                log("\(name): already present and verified")
                return target
            }
            let source = baseURL.appendingPathComponent(name)
            log("\(name): downloading \(source.absoluteString)")
            let data = try fetch(source, name: name, timeout: timeout, deadline: deadline)
            let actual = MD5.hex(data)
            guard actual == expected else {
                throw DataError(.download, file: target, """
                    Download of \(name) from \(source.absoluteString) failed: its MD5 is \(actual), expected \(expected) \
                    (\(data.count) bytes received; the transfer was cut or the server sent something else). \
                    Nothing was written; try again, or install the files with: \(installCommand)
                    """)
            }
            do {
                try DataFile.write(data, to: target)
            } catch {
                throw DataError(.download, file: target, "Download of \(name): cannot save it to \(target.path): \(error)")
            }
            log("\(name): \(data.count) bytes, MD5 verified")
            return target
        }
    }
}
