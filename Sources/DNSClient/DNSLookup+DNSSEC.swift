extension DNSLookup {
    /// The DNSSEC status of `name`, read from the answer to (`name`, `type`). Pick a type that
    /// is asked anyway (MX for a domain, A for a host): the cache then makes it free.
    /// AD is trusted as RFC 6840 §5.7 allows only for a resolver reached over a trusted path,
    /// which is the user's to choose with `--resolver`.
    public func dnssecStatus(of name: String, type: DNSType) async -> DNSSECStatus {
        let answer = await query(name, type)
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
        case .servfail:
            let retry = await query(name, type, checkingDisabled: true)
            status.checkingDisabledAnswer = retry
            if retry.outcome.isDefinite {
                status.state = .bogus
                status.reason = "the resolver answers SERVFAIL, yet answers when asked with checking disabled (CD): the records are there, their DNSSEC validation fails"
            } else {
                status.reason = "the resolver answers SERVFAIL, with and without checking disabled (CD): the zone cannot be reached"
            }
        default:
            status.reason = "the lookup failed (\(answer.outcome.rawValue)): \(answer.detail ?? "no detail")"
        }
        return status
    }
}
