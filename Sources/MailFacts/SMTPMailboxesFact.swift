/// The RFC mailboxes and commands of one endpoint for one domain, on a connection of its own
/// (after STARTTLS where offered): `MAIL FROM:<>` then `RCPT TO:<postmaster@DOMAIN>` (RFC
/// 5321 §4.5.1), `VRFY` and `EXPN` of postmaster@DOMAIN and of a name at DOMAIN that cannot
/// exist (§3.5, §7.3),
/// then RSET and QUIT. Never DATA: nothing is delivered.
public struct SMTPMailboxesFact: Codable, Sendable, Equatable {
    /// The audited domain the postmaster address was asked at.
    public var domain: String
    public var status: SMTPCheckStatus
    /// Why the check is incomplete (`inconclusive`).
    public var detail: String?
    /// The reply to `MAIL FROM:<>` (the null reverse path of bounces, RFC 5321 §4.5.5).
    public var mailFrom: SMTPCommandFact?
    /// The reply to `RCPT TO:<postmaster@DOMAIN>`.
    public var postmaster: SMTPCommandFact?
    /// `VRFY postmaster@DOMAIN` and `VRFY` of a random name at DOMAIN, in that order.
    public var vrfy: [SMTPCommandFact]
    /// `EXPN postmaster@DOMAIN` and `EXPN` of a random name at DOMAIN, in that order.
    public var expn: [SMTPCommandFact]

    public init(domain: String, status: SMTPCheckStatus, detail: String? = nil, mailFrom: SMTPCommandFact? = nil,
                postmaster: SMTPCommandFact? = nil, vrfy: [SMTPCommandFact] = [], expn: [SMTPCommandFact] = []) {
        self.domain = domain
        self.status = status
        self.detail = detail
        self.mailFrom = mailFrom
        self.postmaster = postmaster
        self.vrfy = vrfy
        self.expn = expn
    }
}
