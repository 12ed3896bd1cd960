import Foundation

/// The primary device-attributes query (DA1, `ESC [ c`): every VT100-compatible terminal
/// answers `ESC [ ? Ps ; … c`, where a 4 among the parameters means sixel graphics.
public enum DeviceAttributes {
    /// Sends the query to `output` and reads the answer from `input`, or nil after `timeout`
    /// seconds. Both must be the terminal. The input is switched out of canonical mode and
    /// echo for the duration, so the answer never appears on screen, then restored as it was.
    public static func queryPrimary(input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO,
                                    timeout: Double = 0.25) -> String? {
        guard isatty(input) == 1, isatty(output) == 1 else { return nil }
        var saved = termios()
        guard tcgetattr(input, &saved) == 0 else { return nil }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        // Outside canonical mode VMIN shares its slot with VEOF; read must return what is there.
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        guard tcsetattr(input, TCSANOW, &raw) == 0 else { return nil }
        defer { _ = tcsetattr(input, TCSANOW, &saved) }

        let query: [UInt8] = [0x1B, 0x5B, 0x63]  // ESC [ c
        guard query.withUnsafeBytes({ write(output, $0.baseAddress, $0.count) }) == query.count else { return nil }
        let deadline = monotonicSeconds() + timeout
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let left = deadline - monotonicSeconds()
            guard left > 0 else { return nil }
            var descriptor = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Int32(max(1, left * 1000)))
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { return nil }
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            guard count > 0 else { return nil }
            answer += buffer[0..<count]
            if let answerText = completeAnswer(answer) { return answerText }
        }
    }

    /// The answer once its final `c` arrived after `ESC [ ?`; bytes typed before it are dropped.
    static func completeAnswer(_ bytes: [UInt8]) -> String? {
        guard let start = (0..<max(bytes.count - 2, 0)).first(where: {
            bytes[$0] == 0x1B && bytes[$0 + 1] == 0x5B && bytes[$0 + 2] == 0x3F
        }), let end = bytes[(start + 3)...].firstIndex(of: 0x63) else { return nil }
        return String(decoding: bytes[start...end], as: UTF8.self)
    }

    private static func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
