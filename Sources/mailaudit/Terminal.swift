import Foundation

enum Terminal {
    static func error(_ message: String) {
        let text = message.hasPrefix("Error: ") || message.hasPrefix("mailaudit: ") ? message : "mailaudit: " + message
        StandardOutput.writeError(text.hasSuffix("\n") ? text : text + "\n")
    }
}
