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
        // The same path as a streamed report: a temporary file renamed over the file, and the
        // system's own words when it fails (not Foundation's "The operation could not be completed").
        let stream = try Stream(path)
        do {
            try stream.write(data)
            try stream.commit()
        } catch {
            stream.abandon()
            throw error
        }
    }

    /// A handle for streaming (JSON Lines): the file is created or truncated in place.
    static func open(_ path: String) throws -> FileHandle {
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: String(cString: strerror(errno))]) }
        return FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    /// A document written in pieces (`--format json` as the domains come) that a reader
    /// still only ever sees whole: a regular file (or a new one) is written under a
    /// temporary name beside it and renamed over it by `commit`; anything else (/dev/null,
    /// a FIFO) is written in place. Standard output when there is no path.
    final class Stream {
        private let handle: FileHandle
        private let path: String?
        private let temporary: String?

        /// `inPlace`: write the file itself as the pieces come (JSON Lines, which a reader
        /// may follow as it grows) rather than a temporary file renamed at the end.
        init(_ path: String?, inPlace: Bool = false) throws {
            self.path = path
            guard let path else {
                handle = FileHandle.standardOutput
                temporary = nil
                return
            }
            if !inPlace && isRegularOrMissing(path) {
                let partial = path + ".partial-\(getpid())"
                // Registered before it exists, so a signal between creating and registering it
                // cannot leave it behind.
                OutputFile.registerTemporary(partial)
                do { handle = try open(partial) } catch {
                    OutputFile.forgetTemporary(partial)
                    throw UserError("cannot write \(path): \(error.localizedDescription)")
                }
                // The report keeps the permissions of the file it replaces.
                var existing = stat()
                if stat(path, &existing) == 0 { fchmod(handle.fileDescriptor, existing.st_mode & 0o7777) }
                temporary = partial
            } else {
                do { handle = try open(path) } catch {
                    throw UserError("cannot write \(path): \(error.localizedDescription)")
                }
                temporary = nil
            }
        }

        func write(_ data: Data) throws {
            guard let path else { return try StandardOutput.write(data) }
            if let errorNumber = StandardOutput.writeAll(data, to: handle.fileDescriptor) {
                throw UserError("cannot write \(path): \(String(cString: strerror(errorNumber)))")
            }
        }

        /// The document is complete: it replaces the file.
        func commit() throws {
            guard let path else { return }
            try? handle.close()
            if let temporary {
                defer { OutputFile.forgetTemporary(temporary) }
                if rename(temporary, path) != 0 {
                    let reason = String(cString: strerror(errno))
                    unlink(temporary)
                    throw UserError("cannot write \(path): \(reason)")
                }
            }
        }

        /// The document is not complete: the file is left as it was.
        func abandon() {
            guard path != nil else { return }
            try? handle.close()
            if let temporary {
                unlink(temporary)
                OutputFile.forgetTemporary(temporary)
            }
        }
    }

    /// The temporary files of documents not yet committed, removed when a signal ends the
    /// process (`Signals`), so no `*.partial-PID` file is left behind.
    private static let temporariesLock = NSLock()
    nonisolated(unsafe) private static var temporaries: Set<String> = []

    static func registerTemporary(_ path: String) {
        temporariesLock.lock()
        temporaries.insert(path)
        temporariesLock.unlock()
    }

    static func forgetTemporary(_ path: String) {
        temporariesLock.lock()
        temporaries.remove(path)
        temporariesLock.unlock()
    }

    static func removeTemporaries() {
        temporariesLock.lock()
        for path in temporaries { unlink(path) }
        temporaries = []
        temporariesLock.unlock()
    }

    static func isRegularOrMissing(_ path: String) -> Bool {
        var status = stat()
        guard stat(path, &status) == 0 else { return true }
        return (status.st_mode & S_IFMT) == S_IFREG
    }
}
