import COpenSSL
import Foundation
import MailFacts

/// One certificate (X509), owned; read into a `CertificateFact` at once.
final class X509Certificate {
    let x509: OpaquePointer

    init?(der: [UInt8]) {
        var pointer: UnsafePointer<UInt8>? = nil
        let made: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            pointer = buffer.baseAddress
            return d2i_X509(nil, &pointer, buffer.count)
        }
        guard let made else { return nil }
        x509 = made
    }

    deinit { X509_free(x509) }

    static func der(of x509: OpaquePointer) -> [UInt8]? {
        var out: UnsafeMutablePointer<UInt8>? = nil
        let length = i2d_X509(x509, &out)
        guard length > 0, let out else { return nil }
        defer { mailaudit_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: Int(length)))
    }

    /// X509_check_host: does the certificate name `host` (SAN DNS names, wildcards in the
    /// left-most label only; RFC 6125 §6.4)?
    func names(_ host: String) -> Bool {
        let name = host.hasSuffix(".") ? String(host.dropLast()) : host
        return X509_check_host(x509, name, name.utf8.count, 0, nil) == 1
    }

    /// Seconds since 1970 of notAfter.
    var notAfterEpoch: Double? { Self.epoch(X509_get0_notAfter(x509)) }

    var fact: CertificateFact {
        let key = X509_get0_pubkey(x509)
        var keyType = "unknown", curve: String?
        if let key, let name = EVP_PKEY_get0_type_name(key) { keyType = String(cString: name).uppercased() }
        if let key, keyType == "EC" {
            var buffer = [CChar](repeating: 0, count: 64)
            var length = 0
            if EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, &buffer, buffer.count, &length) == 1 {
                curve = cText(buffer)
            }
        }
        let signature = OBJ_nid2ln(X509_get_signature_nid(x509)).map { String(cString: $0) } ?? "unknown"
        var digest = [UInt8](repeating: 0, count: 32)
        var digestLength: UInt32 = 0
        X509_digest(x509, EVP_sha256(), &digest, &digestLength)
        return CertificateFact(
            subject: Self.text(of: X509_get_subject_name(x509)),
            issuer: Self.text(of: X509_get_issuer_name(x509)),
            dnsNames: dnsNames,
            notBefore: Self.epoch(X509_get0_notBefore(x509)).map(Self.rfc3339) ?? "",
            notAfter: notAfterEpoch.map(Self.rfc3339) ?? "",
            keyType: keyType,
            keyBits: key.map { Int(EVP_PKEY_get_bits($0)) } ?? 0,
            curve: curve,
            signatureAlgorithm: signature,
            sha256: digest.prefix(Int(digestLength)).map { String(format: "%02x", $0) }.joined(),
            selfSigned: X509_check_issued(x509, x509) == X509_V_OK,
            isCA: X509_check_ca(x509) > 0)
    }

    private var dnsNames: [String] {
        guard let names = mailaudit_x509_san(x509) else { return [] }
        defer { mailaudit_san_free(names) }
        var result: [String] = []
        for index in 0..<mailaudit_san_count(names) {
            var kind: Int32 = 0, length: Int32 = 0
            guard let bytes = mailaudit_san_value(names, index, &kind, &length), kind == GEN_DNS else { continue }
            result.append(OutsideText.decode(UnsafeBufferPointer(start: bytes, count: Int(length))))
        }
        return result
    }

    private static func text(of name: OpaquePointer?) -> String {
        guard let name, let bio = BIO_new(BIO_s_mem()) else { return "" }
        defer { BIO_free(bio) }
        X509_NAME_print_ex(bio, name, 0, mailaudit_name_flags())
        var data: UnsafeMutablePointer<CChar>? = nil
        let length = mailaudit_bio_contents(bio, &data)
        guard length > 0, let data else { return "" }
        return data.withMemoryRebound(to: UInt8.self, capacity: length) {
            OutsideText.decode(UnsafeBufferPointer(start: $0, count: length))
        }
    }

    private static func epoch(_ time: UnsafePointer<ASN1_TIME>?) -> Double? {
        guard let time else { return nil }
        var parts = tm()
        guard ASN1_TIME_to_tm(time, &parts) == 1 else { return nil }
        return Double(timegm(&parts))
    }

    /// RFC 3339 in UTC, by hand: a formatter per call was the largest cost of a shared
    /// probe's facts over thousands of domains.
    static func rfc3339(_ epoch: Double) -> String {
        var seconds = time_t(epoch)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
                      Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }
}
