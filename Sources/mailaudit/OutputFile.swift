import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writing reports and facts to `--output`. A regular file (or a new one) is replaced
/// atomically, so a reader never sees half a report; anything else that exists (/dev/null,
/// a FIFO, a terminal) is written in place. (Foundation's atomic writes rename a temporary
/// file over the target, which once turned /dev/null into a regular file.)
enum OutputFile {
    /// `data` to the file at `path`, or to standard output when there is none.
    static func writeOrPrint(_ data: Data, to path: String?) throws {
        guard let path else {
            FileHandle.standardOutput.write(data)
            return
        }
        do { try write(data, to: path) } catch {
            throw UserError("cannot write \(path): \(error.localizedDescription)")
        }
    }

    static func write(_ data: Data, to path: String) throws {
        if isRegularOrMissing(path) {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } else {
            let handle = try open(path)
            defer { try? handle.close() }
            try handle.write(contentsOf: data)
        }
    }

    /// A handle for streaming (JSON Lines): the file is created or truncated in place.
    static func open(_ path: String) throws -> FileHandle {
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: String(cString: strerror(errno))]) }
        return FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    static func isRegularOrMissing(_ path: String) -> Bool {
        var status = stat()
        guard stat(path, &status) == 0 else { return true }
        return (status.st_mode & S_IFMT) == S_IFREG
    }
}
