import COpenSSL
import Foundation
import MailFacts

/// Verifies a served chain after the session, for each name that reaches the server: the
/// probe of an address and port runs once, while the name checks and DANE depend on the
/// exchange name (mx.example.org and mail.example.net may share one address). The checks are
/// OpenSSL's own: X509_verify_cert with the store of the context, X509_check_host, and
/// OpenSSL's DANE verifier (SSL_dane_enable / SSL_dane_tlsa_add) on the same chain.
public enum ChainVerifier {
    public struct Trust: Sendable, Equatable {
        public var trusted: Bool
        public var code: Int
        public var reason: String
    }

    /// PKIX verification against the context's trust store, without a name check.
    public static func trust(chain: [[UInt8]], context: TLSClientContext) -> Trust? {
        verify(chain: chain, context: context, dane: nil).map { Trust(trusted: $0.code == 0, code: $0.code, reason: $0.reason) }
    }

    /// Does the leaf name `host`?
    public static func leafNames(_ host: String, chain: [[UInt8]]) -> Bool? {
        guard let first = chain.first, let leaf = X509Certificate(der: first) else { return nil }
        return leaf.names(host)
    }

    /// Whole days from now to the leaf's notAfter (negative once expired).
    public static func daysToExpiry(chain: [[UInt8]], now: Date = Date()) -> Int? {
        guard let first = chain.first, let leaf = X509Certificate(der: first), let end = leaf.notAfterEpoch else { return nil }
        return Int(((end - now.timeIntervalSince1970) / 86_400).rounded(.down))
    }

    /// DANE (RFC 7672) for `host` with its TLSA records, which the caller has established to
    /// be DNSSEC-secure. Usages 0 and 1 must not be used by SMTP (§3.1.3) and are returned as
    /// unusable; DANE-EE matches without name checks (§3.1.1), DANE-TA with them (§3.2.2).
    public static func dane(chain: [[UInt8]], host: String, records: [TLSARecordFact], context: TLSClientContext) -> DANEFact {
        let unusable = unusableRecords(records)
        let usable = records.filter { ($0.usage == 2 || $0.usage == 3) && (0...1).contains($0.selector) && (0...2).contains($0.matchingType) }
        guard !usable.isEmpty else { return DANEFact(status: .noUsableRecords, unusableRecords: unusable) }
        guard !chain.isEmpty else { return DANEFact(status: .noTLS, unusableRecords: unusable) }
        guard let result = verify(chain: chain, context: context, dane: (host, usable)) else {
            return DANEFact(status: .mismatch, unusableRecords: unusable, detail: "the served chain could not be read")
        }
        if result.code == 0, let matched = result.matched {
            return DANEFact(status: .match, unusableRecords: unusable, matched: matched.record, matchedDepth: matched.depth)
        }
        return DANEFact(status: .mismatch, unusableRecords: unusable, detail: result.reason)
    }

    /// PKIX-TA (0) and PKIX-EE (1) records, which SMTP must not use (RFC 7672 §3.1.3).
    public static func unusableRecords(_ records: [TLSARecordFact]) -> [TLSARecordFact] {
        records.filter { $0.usage == 0 || $0.usage == 1 }
    }

    private struct Outcome {
        var code: Int
        var reason: String
        var matched: (record: TLSARecordFact, depth: Int)?
    }

    private static func verify(chain: [[UInt8]], context: TLSClientContext, dane: (host: String, records: [TLSARecordFact])?) -> Outcome? {
        let certificates = chain.compactMap(X509Certificate.init(der:))
        guard certificates.count == chain.count, !certificates.isEmpty else { return nil }
        // The stack and the store context borrow the X509 handles without taking references:
        // the owners must outlive the verification (an optimised build frees them after their
        // last Swift use otherwise, which showed as a DANE mismatch in release builds only).
        return withExtendedLifetime(certificates) { verify(certificates, context: context, dane: dane) }
    }

    private static func verify(_ certificates: [X509Certificate], context: TLSClientContext,
                               dane: (host: String, records: [TLSARecordFact])?) -> Outcome? {
        let leaf = certificates[0]
        guard let untrusted = mailaudit_x509_stack_new() else { return nil }
        defer { mailaudit_x509_stack_free(untrusted) }
        for certificate in certificates.dropFirst() { _ = mailaudit_x509_stack_push(untrusted, certificate.x509) }
        guard let store = SSL_CTX_get_cert_store(context.context), let storeContext = X509_STORE_CTX_new() else { return nil }
        defer { X509_STORE_CTX_free(storeContext) }
        guard X509_STORE_CTX_init(storeContext, store, leaf.x509, untrusted) == 1 else { return nil }
        X509_STORE_CTX_set_default(storeContext, "ssl_server")
        // An SSL object carries OpenSSL's DANE state; it is used only for that, never connected.
        var ssl: OpaquePointer? = nil
        defer { if let ssl { SSL_free(ssl) } }
        if let dane {
            ssl = SSL_new(context.context)
            guard let ssl, SSL_dane_enable(ssl, dane.host) > 0 else { return nil }
            _ = SSL_dane_set_flags(ssl, mailaudit_dane_no_ee_namechecks())
            for record in dane.records {
                let data = hexBytes(record.data)
                let added = data.withUnsafeBufferPointer {
                    SSL_dane_tlsa_add(ssl, UInt8(record.usage), UInt8(record.selector), UInt8(record.matchingType), $0.baseAddress, $0.count)
                }
                _ = added  // a record OpenSSL cannot use (bad length) simply does not match
            }
            ERR_clear_error()
            X509_VERIFY_PARAM_set1(X509_STORE_CTX_get0_param(storeContext), SSL_get0_param(ssl))
            X509_STORE_CTX_set0_dane(storeContext, SSL_get0_dane(ssl))
        }
        _ = X509_verify_cert(storeContext)
        ERR_clear_error()
        let code = Int(X509_STORE_CTX_get_error(storeContext))
        let reason = String(cString: X509_verify_cert_error_string(Int(code)))
        var matched: (TLSARecordFact, Int)?
        if let ssl, code == 0 {
            var usage: UInt8 = 0, selector: UInt8 = 0, matchingType: UInt8 = 0
            var data: UnsafePointer<UInt8>? = nil
            var length = 0
            let depth = SSL_get0_dane_tlsa(ssl, &usage, &selector, &matchingType, &data, &length)
            if depth >= 0, let data {
                let hex = UnsafeBufferPointer(start: data, count: length).map { String(format: "%02x", $0) }.joined()
                matched = (TLSARecordFact(usage: Int(usage), selector: Int(selector), matchingType: Int(matchingType), data: hex), Int(depth))
            }
        }
        return Outcome(code: code, reason: reason, matched: matched)
    }

    private static func hexBytes(_ hex: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var iterator = hex.utf8.makeIterator()
        while let high = iterator.next(), let low = iterator.next() {
            guard let h = hexValue(high), let l = hexValue(low) else { return [] }
            bytes.append(h << 4 | l)
        }
        return bytes
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: c - 48
        case 65...70: c - 55
        case 97...102: c - 87
        default: nil
        }
    }
}
