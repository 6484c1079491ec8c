import COpenSSL
import Foundation

/// The latest OpenSSL error queue as one line, and the queue cleared.
func openSSLErrors() -> String {
    var reasons: [String] = []
    while true {
        let code = ERR_get_error()
        if code == 0 { break }
        if let reason = ERR_reason_error_string(code) {
            reasons.append(String(cString: reason))
        } else {
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            reasons.append(cText(buffer))
        }
    }
    return reasons.joined(separator: "; ")
}
