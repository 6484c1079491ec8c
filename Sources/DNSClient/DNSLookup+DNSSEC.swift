extension DNSLookup {
    /// How many times a SERVFAIL is asked again without CD before it counts as lasting,
    /// when the resolver gives no Extended DNS Error to say why. A resolver that fails at
    /// random 5% of the time then makes a healthy name look bogus once in 160,000 checks.
    static var servfailRepeats: Int { 3 }

    /// The DNSSEC status of `name`, read from the answer to (`name`, `type`). Pick a type that
    /// is asked anyway (MX for a domain, A for a host): the cache then makes it free.
    /// AD is trusted as RFC 6840 §5.7 allows only for a resolver reached over a trusted path,
    /// which is the user's to choose with `--resolver`.
    ///
    /// Bogus means bogus: a SERVFAIL is a validation failure only when the resolver says so
    /// with an Extended DNS Error (RFC 8914: DNSSEC Bogus, Signature Expired, ...), or, from a
    /// resolver that sends none, when the SERVFAIL lasts through `servfailRepeats` more asks
    /// while the same question with checking disabled (CD, RFC 4035 §3.2.2) is answered. A
    /// SERVFAIL that goes away was transient: the status is read from the answer that came.
    public func dnssecStatus(of name: String, type: DNSType) async -> DNSSECStatus {
        let first = await query(name, type)
        guard first.outcome == .servfail else { return Self.status(name, from: first) }

        let unchecked = await query(name, type, checkingDisabled: true)
        var servfails = 1
        var last = first
        while true {
            if let failure = last.extendedErrors.first(where: \.isValidationFailure) {
                var status = DNSSECStatus(name: DNSName.absolute(name), state: .bogus,
                                          reason: "the resolver reports a validation failure, extended DNS error \(failure.description)",
                                          answer: last)
                status.checkingDisabledAnswer = unchecked
                return status
            }
            if let other = last.extendedErrors.first {
                // The resolver says why, and it is not validation (No Reachable Authority,
                // Network Error, ...): no conclusion about DNSSEC.
                var status = DNSSECStatus(name: DNSName.absolute(name), state: .indeterminate,
                                          reason: "the resolver answers SERVFAIL with extended DNS error \(other.description), which is not a DNSSEC failure",
                                          answer: last)
                status.checkingDisabledAnswer = unchecked
                return status
            }
            guard servfails <= Self.servfailRepeats else { break }
            let again = await answer(DNSQuestion(name: name, type: type, repetition: servfails))
            guard again.outcome == .servfail else {
                var status = Self.status(name, from: again)
                if again.outcome.isDefinite {
                    status.reason += "; a SERVFAIL before it was transient"
                }
                return status
            }
            servfails += 1
            last = again
        }
        var status = DNSSECStatus(name: DNSName.absolute(name), state: .indeterminate, reason: "", answer: last)
        status.checkingDisabledAnswer = unchecked
        if unchecked.outcome.isDefinite {
            status.state = .bogus
            status.reason = "the resolver answers SERVFAIL \(servfails) times in a row, yet answers when asked with checking disabled (CD): the records are there, their DNSSEC validation fails"
        } else {
            status.reason = "the resolver answers SERVFAIL, with and without checking disabled (CD): the zone cannot be reached"
        }
        return status
    }

    /// The status an answer that is not SERVFAIL shows.
    private static func status(_ name: String, from answer: DNSAnswer) -> DNSSECStatus {
        var status = DNSSECStatus(name: DNSName.absolute(name), state: .indeterminate, reason: "", answer: answer)
        switch answer.outcome {
        case .records, .nodata, .nxdomain:
            if answer.authenticData {
                status.state = .secure
                status.reason = "the resolver validated the answer (AD bit set)"
            } else if !answer.recursionAvailable && answer.authoritative {
                status.reason = "the server answered authoritatively and does not validate; ask a validating resolver"
            } else {
                status.state = .insecure
                status.reason = "the resolver answered without the AD bit: the name is not signed or has no chain of trust"
            }
        default:
            status.reason = "the lookup failed (\(answer.outcome.rawValue)): \(answer.detail ?? "no detail")"
        }
        return status
    }
}
