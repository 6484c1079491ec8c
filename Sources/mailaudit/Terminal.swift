import Foundation

enum Terminal {
    static func error(_ message: String) {
        let text = message.hasPrefix("Error: ") || message.hasPrefix("mailaudit: ") ? message : "mailaudit: " + message
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }
}
