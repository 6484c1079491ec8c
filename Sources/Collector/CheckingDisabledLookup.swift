import DNSClient

/// Asks every question with the CD (checking disabled) bit set (RFC 4035 §3.2.2): a
/// validating resolver then answers with the data even when its signatures do not validate.
/// Used to see the rest of a DNSSEC-bogus domain; such facts are marked
/// `collection.checkingDisabled`.
struct CheckingDisabledLookup: DNSLookup {
    let base: any DNSLookup
    /// The bogus domain, absolute (`example.org.`): only names at or below it are asked with
    /// CD, so an MX host in another (validating) zone keeps its own DNSSEC status and DANE.
    let domain: String

    init(_ base: any DNSLookup, below domain: String) {
        self.base = base
        self.domain = domain.lowercased()
    }

    func answer(_ question: DNSQuestion) async -> DNSAnswer {
        var question = question
        if question.name == domain || question.name.hasSuffix("." + domain) { question.checkingDisabled = true }
        return await base.answer(question)
    }
}
