import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A minimal HTTP/1.0 server on 127.0.0.1 and an ephemeral port, for download
/// tests. It serves `routes` (path → response) on a background thread and stops
/// by itself after `lifetime` seconds, or when `stop()` is called.
final class TinyHTTPServer {
    enum Response {
        case ok(Data)
        /// Announces `announced` bytes but sends only `body` and closes.
        case truncated(Data, announced: Int)
        case status(Int)
        /// Sends `body` without a Content-Length: its end is the connection's.
        case unannounced(Data)
        /// Sends `body` one byte every `every` seconds (a stalling mirror).
        case trickle(Data, every: TimeInterval)
    }

    let port: UInt16
    private let socketFD: Int32
    private let routes: [String: Response]
    private let finished = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var stopping = false
    private(set) var requests: [String] = []

    init(routes: [String: Response], lifetime: TimeInterval = 20) throws {
        self.routes = routes
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 8) == 0 else { close(fd); throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        socketFD = fd
        port = UInt16(bigEndian: address.sin_port)
        let deadline = Date().addingTimeInterval(lifetime)
        Thread.detachNewThread { [self] in
            serve(until: deadline)
            finished.signal()
        }
    }

    var baseURL: URL { URL(string: "http://127.0.0.1:\(port)/data/")! }

    /// Asks the thread to stop and waits for it (at most two seconds).
    func stop() {
        lock.lock(); stopping = true; lock.unlock()
        _ = finished.wait(timeout: .now() + 2)
    }

    private func serve(until deadline: Date) {
        defer { close(socketFD) }
        while Date() < deadline {
            lock.lock(); let stop = stopping; lock.unlock()
            if stop { return }
            var pfd = pollfd(fd: socketFD, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 100) > 0 else { continue }
            let client = accept(socketFD, nil, nil)
            guard client >= 0 else { continue }
            handle(client)
            close(client)
        }
    }

    private func handle(_ client: Int32) {
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var request = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !request.contains("\r\n\r\n".data(using: .utf8)!) && request.count < 65536 {
            let n = recv(client, &buffer, buffer.count, 0)
            if n <= 0 { return }
            request.append(contentsOf: buffer[0..<n])
        }
        let line = String(decoding: request.prefix { $0 != 13 }, as: UTF8.self)
        let parts = line.split(separator: " ")
        let path = parts.count >= 2 ? String(parts[1]) : ""
        lock.lock(); requests.append(path); lock.unlock()
        func send(_ data: Data) {
            data.withUnsafeBytes { raw in
                var sent = 0
                while sent < raw.count {
                    let n = Glibc.send(client, raw.baseAddress! + sent, raw.count - sent, Int32(MSG_NOSIGNAL))
                    if n <= 0 { return }
                    sent += n
                }
            }
        }
        func header(_ status: String, length: Int) -> Data {
            Data("HTTP/1.0 \(status)\r\nContent-Type: application/octet-stream\r\nContent-Length: \(length)\r\nConnection: close\r\n\r\n".utf8)
        }
        switch routes[path] ?? .status(404) {
        case .ok(let body):
            send(header("200 OK", length: body.count) + body)
        case .truncated(let body, let announced):
            send(header("200 OK", length: announced) + body)
        case .unannounced(let body):
            send(Data("HTTP/1.0 200 OK\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n".utf8) + body)
        case .trickle(let body, let every):
            send(header("200 OK", length: body.count))
            for byte in body {
                Thread.sleep(forTimeInterval: every)
                lock.lock(); let stop = stopping; lock.unlock()
                if stop || Glibc.send(client, [byte], 1, Int32(MSG_NOSIGNAL)) != 1 { return }
            }
        case .status(let code):
            let body = Data("status \(code)\n".utf8)
            send(header("\(code) Error", length: body.count) + body)
        }
    }
}
