import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension FashionMNIST {
    /// The most bytes one download may bring: the largest official file is
    /// 26 MB (47 MB unpacked). A server sending more is stopped there.
    public static var maxDownloadBytes = 64 << 20

    /// GETs `url` synchronously. A transport error, a status other than 200, no
    /// data for `timeout` seconds, more than `deadline` seconds in all, or more
    /// than `maxDownloadBytes` bytes throws, in words.
    static func fetch(_ url: URL, name: String, timeout: TimeInterval, deadline: TimeInterval) throws -> Data {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = deadline + 60
        let receiver = Receiver(cap: maxDownloadBytes)
        let session = URLSession(configuration: configuration, delegate: receiver, delegateQueue: nil)
        // The session keeps its delegate until it is invalidated.
        defer { session.invalidateAndCancel() }
        let task = session.dataTask(with: url)
        task.resume()
        func failure(_ why: String) -> DataError {
            DataError(.download, "Download of \(name) from \(url.absoluteString) failed: \(why). "
                      + "Nothing was written; check the network and try again, or install the files with: "
                      + installCommand)
        }
        if receiver.done.wait(timeout: .now() + deadline) == .timedOut {
            task.cancel()
            _ = receiver.done.wait(timeout: .now() + 5)
            throw failure("timed out after \(seconds(deadline)) (\(receiver.received) bytes received); "
                          + "the connection is too slow or stalls")
        }
        let outcome = receiver.outcome()
        if outcome.tooLarge {
            throw failure("the server sent more than \(maxDownloadBytes) bytes, more than the file can be; stopped")
        }
        if let status = outcome.status, status != 200 { throw failure("the server answered HTTP \(status)") }
        if let error = outcome.error { throw failure(words(error, timeout: timeout)) }
        return outcome.data
    }

    static func seconds(_ t: TimeInterval) -> String {
        t == t.rounded() ? "\(Int(t)) s" : String(format: "%.1f s", t)
    }

    /// A transport error in words (Foundation on Linux says "NSURLErrorDomain error -1004").
    static func words(_ error: Error, timeout: TimeInterval) -> String {
        let ns = error as NSError
        guard ns.domain == NSURLErrorDomain else { return error.localizedDescription }
        let code = URLError.Code(rawValue: ns.code)
        switch code {
        case .timedOut: return "timed out after \(seconds(timeout)) without data"
        case .cannotConnectToHost: return "the server refused the connection"
        case .cannotFindHost, .dnsLookupFailed: return "the server's name cannot be resolved (no network, or a wrong address)"
        case .notConnectedToInternet: return "there is no network connection"
        case .networkConnectionLost: return "the connection was lost during the transfer"
        case .badURL, .unsupportedURL: return "the address is not a valid http(s) URL"
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
             .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot:
            return "the secure connection failed (certificate or TLS error)"
        case .badServerResponse: return "the server's answer is malformed or cut short"
        default: return "a network error (URL error \(ns.code))"
        }
    }

    /// Collects the body, stopping at `cap` bytes or at a status other than 200.
    final class Receiver: NSObject, URLSessionDataDelegate, @unchecked Sendable {
        let cap: Int
        let done = DispatchSemaphore(value: 0)
        private let lock = NSLock()
        private var data = Data(), status: Int?, error: Error?, tooLarge = false

        init(cap: Int) { self.cap = cap }

        var received: Int { lock.withLock { data.count } }

        func outcome() -> (data: Data, status: Int?, error: Error?, tooLarge: Bool) {
            lock.withLock { (data, status, error, tooLarge) }
        }

        func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
            let code = (response as? HTTPURLResponse)?.statusCode
            let large = response.expectedContentLength > Int64(cap)
            lock.withLock { status = code; tooLarge = large }
            completionHandler(code == 200 && !large ? .allow : .cancel)
        }

        func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive chunk: Data) {
            let over: Bool = lock.withLock {
                data.append(chunk)
                if data.count > cap { tooLarge = true }
                return tooLarge
            }
            if over { dataTask.cancel() }
        }

        func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
            lock.withLock { self.error = error }
            done.signal()
        }
    }
}
