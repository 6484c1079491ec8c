import DNSClient

/// Asks every question with the CD (checking disabled) bit set (RFC 4035 §3.2.2): a
/// validating resolver then answers with the data even when its signatures do not validate.
/// Used to see the rest of a DNSSEC-bogus domain; such facts are marked
/// `collection.checkingDisabled`.
struct CheckingDisabledLookup: DNSLookup {
    let base: any DNSLookup

    init(_ base: any DNSLookup) { self.base = base }

    func answer(_ question: DNSQuestion) async -> DNSAnswer {
        var question = question
        question.checkingDisabled = true
        return await base.answer(question)
    }
}
