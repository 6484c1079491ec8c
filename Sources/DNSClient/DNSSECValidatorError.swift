import CUnbound
import Foundation
import NetworkSupport

public struct DNSSECValidatorError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
