import MailFacts

/// Selectors that big mail providers and common software publish under. A domain's
/// selectors cannot be listed through DNS, so an auditor that was not told them tries these.
public enum DKIMSelectors {
    public static let common: [String] = [
        // Google Workspace; Microsoft 365; Mailchimp/Mandrill; SendGrid and generic numbering.
        "google", "selector1", "selector2", "k1", "k2", "k3", "mandrill", "s1", "s2", "s1024", "s2048",
        // Common defaults of MTAs, control panels and hosting (OpenDKIM, cPanel, Plesk, rspamd).
        "default", "dkim", "mail", "smtp", "key1", "key2", "dk", "x",
        // Fastmail, iCloud, Proton, Zoho, Amazon SES (custom MAIL FROM setups), HubSpot, Mailjet, Postmark.
        "fm1", "fm2", "fm3", "sig1", "protonmail", "protonmail2", "protonmail3", "zoho", "zmail",
        "amazonses", "hs1", "hs2", "mailjet", "pm", "cm", "mxvault", "everlytickey1", "everlytickey2",
    ]
}

extension DKIMKeyFact {
    /// The fact of one key record, parsed.
    public init(_ text: String) {
        let record = DKIMKeyRecord(text)
        self.init(record: text, valid: record.isValid, errors: record.errors, keyType: record.keyType, bits: record.bits,
                  encoding: record.encoding?.rawValue, hashAlgorithms: record.hashAlgorithms, serviceTypes: record.serviceTypes,
                  flags: record.flags, testing: record.testing, revoked: record.revoked, usableForEmail: record.usableForEmail)
    }
}
