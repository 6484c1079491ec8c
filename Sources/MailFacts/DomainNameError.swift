import Foundation

public struct DomainNameError: Error, Sendable, CustomStringConvertible {
    public let input: String
    public let reason: String
    public var description: String { "'\(input)' is not a valid domain name: \(reason)" }
}
