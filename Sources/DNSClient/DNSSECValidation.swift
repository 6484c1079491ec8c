import CUnbound
import Foundation
import MailFacts

/// mailaudit's own DNSSEC verdict for one question (`DNSSECValidator`), with why.
public struct DNSSECValidation: Sendable, Equatable {
    /// What went wrong, when something did; from libunbound's reason. The facts' own
    /// vocabulary (`DNSSECProblem`), so the value the validator classifies is the value the
    /// facts and the schema carry.
    public typealias Problem = DNSSECProblem

    /// One RRSIG of the answer (or of its denial proof).
    public struct Signature: Sendable, Equatable {
        public var covers: DNSType
        public var algorithm: UInt8
        public var signer: String
        public var keyTag: UInt16
        /// Seconds since 1970 (RFC 4034 §3.1.5; serial arithmetic is not needed before 2106).
        public var inception: UInt32
        public var expiration: UInt32
    }

    public var name: String
    public var type: DNSType
    public var state: DNSSECState
    public var reason: String
    public var problem: Problem?
    /// Where the chain broke, as libunbound names it ("key expired.test.", "DS bogus.test.").
    public var link: String?
    public var trustAnchor: String
    /// The user named the trust anchor (`DNSSECValidator.trustAnchorNamed`).
    public var trustAnchorNamed = false
    /// The answer's rcode (nil when no answer came).
    public var rcode: Int?
    public var signatures: [Signature] = []

    public init(name: String, type: DNSType, state: DNSSECState, reason: String, problem: Problem? = nil, link: String? = nil,
                trustAnchor: String, rcode: Int? = nil, signatures: [Signature] = []) {
        self.name = name
        self.type = type
        self.state = state
        self.reason = reason
        self.problem = problem
        self.link = link
        self.trustAnchor = trustAnchor
        self.rcode = rcode
        self.signatures = signatures
    }

    /// The verdict in a libunbound result.
    static func from(_ result: ub_result, question: DNSSECValidation, anchors: [String] = ["."]) -> DNSSECValidation {
        var verdict = question
        verdict.rcode = Int(result.rcode)
        if let packet = result.answer_packet, result.answer_len > 0 {
            verdict.signatures = LDNSWire.signatures(UnsafeRawBufferPointer(start: packet, count: Int(result.answer_len)))
        }
        let why = result.why_bogus.map { String(cString: $0) }
        if result.secure != 0 {
            verdict.state = .secure
            verdict.reason = result.nxdomain != 0 ? "validated: the name does not exist, proven by signed NSEC/NSEC3 records"
                : result.havedata != 0 ? "validated: the chain of trust reaches the answer from the trust anchor"
                : "validated: no records of this type, proven by signed NSEC/NSEC3 records"
        } else if result.bogus != 0 {
            let detail = Self.detail(why)
            verdict.problem = Self.problem(detail)
            verdict.link = Self.link(detail)
            if verdict.problem == .trustAnchor {
                // Not the domain's fault: the trust anchor's keys could not be had through
                // the resolver (it refuses the root, strips DNSSEC) or do not match the anchor.
                verdict.state = .indeterminate
                verdict.reason = "the trust anchor could not be confirmed through the resolver (\(detail)); check the trust anchor, or use a resolver that passes DNSSEC records"
            } else if verdict.problem == .lookupFailed {
                // A DS or DNSKEY the chain needs did not come (SERVFAIL, timeout): a failed
                // lookup is no proof that the data is bad.
                verdict.state = .indeterminate
                verdict.reason = "a lookup the chain of trust needs failed (\(detail)): no verdict"
            } else {
                verdict.state = .bogus
                verdict.reason = detail
            }
        } else if result.rcode == 2 || (result.havedata == 0 && result.nxdomain == 0 && result.rcode != 0) {
            verdict.state = .indeterminate
            verdict.reason = "the resolver answered \(LDNSWire.rcodeName(UInt8(truncatingIfNeeded: result.rcode))): no verdict"
        } else if !anchors.contains(where: { DNSName.isAtOrBelow(question.name, $0) }) {
            verdict.state = .indeterminate
            verdict.problem = .outsideTrustAnchor
            verdict.reason = "\(question.name) is below none of the trust anchors (\(anchors.joined(separator: ", "))): no verdict"
        } else {
            verdict.state = .insecure
            verdict.reason = "not signed: the chain of trust proves that the zone has no DNSSEC (no DS at a delegation, or only algorithms no validator supports)"
        }
        return verdict
    }

    /// libunbound's reason without its fixed prefix and the server's address.
    static func detail(_ why: String?) -> String {
        guard var text = why, !text.isEmpty else { return "the validator gives no reason" }
        if text.hasPrefix("validation failure <"), let end = text.range(of: ">: ") {
            text = String(text[end.upperBound...])
        }
        // A name in a zone that failed before: libunbound cites the first failure.
        if let previous = text.range(of: "because of a previous validation failure <"), let end = text[previous.upperBound...].range(of: ">: ") {
            text = String(text[end.upperBound...])
        }
        // The server's address, IPv4 or IPv6 (not a name that looks like hex).
        if let from = text.range(of: #" from ([0-9]{1,3}(\.[0-9]{1,3}){3}|[0-9a-fA-F]{0,4}(:[0-9a-fA-F]{0,4}){2,7})(@[0-9]+)?"#,
                                 options: .regularExpression) {
            text.removeSubrange(from)
        }
        if text.hasSuffix(" while building chain of trust") { text.removeLast(" while building chain of trust".count) }
        return text
    }

    /// The problem in libunbound's words: only the text before " for " (which names the zone
    /// or key, and a name must not be read as a reason).
    static func problem(_ detail: String) -> Problem {
        let words = (detail.range(of: " for ").map { String(detail[..<$0.lowerBound]) } ?? detail).lowercased()
        let whole = detail.lowercased()
        func word(_ w: String) -> Bool { words.range(of: "\\b\(w)\\b", options: .regularExpression) != nil }
        if whole.contains("trust anchor") { return .trustAnchor }
        if words.contains("signature expired") { return .signatureExpired }
        if words.contains("before inception") { return .signatureNotYetValid }
        // A failed fetch on the way: "DS response was error", "SERVFAIL", "timeout".
        if words.contains("was error") || word("servfail") || words.contains("timeout") || words.contains("timed out")
            || words.contains("no response") || words.contains("could not fetch") || words.contains("error rcode") { return .lookupFailed }
        if words.contains("have a ds") || (word("ds") && words.contains("match")) { return .dsMismatch }
        if words.contains("no dnskey") { return .missingDNSKEY }
        if words.contains("no signatures") || word("rrsig") || words.contains("missing") { return .missingSignature }
        if word("nsec") || word("nsec3") || words.contains("denial") || word("nodata") || word("nxdomain") { return .denialNotProven }
        if words.contains("signature") || words.contains("crypto") { return .badSignature }
        return .other
    }

    /// "key expired.test." from "... for key expired.test. while building chain of trust".
    static func link(_ detail: String) -> String? {
        guard let start = detail.range(of: " for ") else { return nil }
        var rest = detail[start.upperBound...]
        if let end = rest.range(of: " while ") { rest = rest[..<end.lowerBound] }
        return rest.isEmpty ? nil : String(rest)
    }

}
