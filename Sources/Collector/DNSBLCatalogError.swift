import Foundation
import MailFacts
import NetworkSupport
import Yams

/// A data file of DNS lists that cannot be used: where, and what is wrong.
public struct DNSBLCatalogError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var line: Int
    public var message: String
    public var description: String { line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)" }
}
