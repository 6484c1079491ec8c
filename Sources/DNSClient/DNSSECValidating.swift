import CUnbound
import Foundation
import NetworkSupport

/// What the collector needs for DNSSEC of its own; tests may give recorded verdicts.
public protocol DNSSECValidating: Sendable {
    /// The trust anchor's file, recorded in the facts.
    var trustAnchor: String { get }
    func validate(_ name: String, _ type: DNSType) async -> DNSSECValidation
    /// Validations asked so far (`--stats`).
    var validationsAsked: Int { get }
    /// Ends it: its threads gone, its resources freed (the run calls it when it ends).
    func close()
}
