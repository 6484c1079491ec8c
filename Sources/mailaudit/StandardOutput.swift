import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Standard output and standard error, written with write(2). `FileHandle.write(_:)` and
/// `print` either trap on a failed write (a full disk behind `> file`, /dev/full: SIGILL and
/// a backtrace) or lose it silently; here a failed write of standard output is a one-line
/// error and exit 3 like any other (`UserError`), and a closed pipe (`| head`) is EPIPE, not
/// a silent SIGPIPE death (`ignoreBrokenPipe`).
enum StandardOutput {
    /// Everything in `data` to standard output.
    static func write(_ data: Data) throws {
        if let errorNumber = writeAll(data, to: STDOUT_FILENO) {
            throw UserError("cannot write to standard output: \(String(cString: strerror(errorNumber)))")
        }
    }

    /// `text` and a line end, as `print` would.
    static func print(_ text: String) throws {
        try write(Data((text + "\n").utf8))
    }

    /// To standard error, for messages: a failure there has nowhere left to be reported.
    static func writeError(_ text: String) {
        _ = writeAll(Data(text.utf8), to: STDERR_FILENO)
    }

    /// SIGPIPE ignored, so a reader that went away makes the write fail with EPIPE, which is
    /// reported like any other failed write, instead of ending the process without a word.
    static func ignoreBrokenPipe() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// Writes all of `data` to `fd`; the errno of the failure, or nil.
    static func writeAll(_ data: Data, to fd: Int32) -> Int32? {
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> Int32? in
            guard var pointer = buffer.baseAddress else { return nil }
            var left = buffer.count
            while left > 0 {
                let written = Glibc.write(fd, pointer, left)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                pointer += written
                left -= written
            }
            return nil
        }
    }
}
