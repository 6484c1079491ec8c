import MailFacts

/// Certificate facts from DER, for modules that must not see OpenSSL.
public enum CertificateReader {
    public static func facts(_ chain: [[UInt8]]) -> [CertificateFact] {
        chain.compactMap { X509Certificate(der: $0)?.fact }
    }
}
