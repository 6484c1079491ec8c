import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reading the files a user names (`check --facts`, `--domains-file`): a file that cannot be
/// read is one line that names it and says why, in the C library's words.
enum InputFile {
    static func read(_ path: String) throws -> Data {
        if let data = FileManager.default.contents(atPath: path) { return data }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        let reason = fd < 0 ? String(cString: strerror(errno)) : "it could not be read"
        if fd >= 0 { close(fd) }
        throw UserError("cannot read \(path): \(reason)")
    }
}
