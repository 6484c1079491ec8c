import CLDNS
import NetworkSupport
#if canImport(Glibc)
import Glibc
#endif

/// The one place that turns DNS messages into wire format and back, through ldns.
/// Every ldns object made here is freed before the function returns; only Swift values leave.
enum LDNSWire {
    /// The wire form of a query: RD set, EDNS0 (RFC 6891) with the given UDP size and,
    /// when `dnssecOK`, the DO bit (RFC 3225). Nil when the name is not a valid domain name.
    /// `recursionDesired: false` asks an authoritative server only what it holds (RD clear,
    /// RFC 1035 §4.1.1); `ednsVersion` above 0 is the RFC 6891 §6.1.3 test (BADVERS expected).
    static func query(_ question: DNSQuestion, id: UInt16, ednsUDPSize: UInt16, dnssecOK: Bool,
                      recursionDesired: Bool = true, ednsVersion: UInt8 = 0) -> [UInt8]? {
        guard let owner = ldns_dname_new_frm_str(question.name) else { return nil }
        var flags: UInt16 = recursionDesired ? mailaudit_ldns_flag_rd : 0
        if question.checkingDisabled { flags |= mailaudit_ldns_flag_cd }
        guard let packet = ldns_pkt_query_new(owner, ldns_rr_type(rawValue: UInt32(question.type.rawValue)), LDNS_RR_CLASS_IN, flags) else {
            return nil  // ldns_pkt_query_new frees `owner` itself only on success
        }
        defer { ldns_pkt_free(packet) }
        ldns_pkt_set_id(packet, id)
        if ednsUDPSize > 0 {
            ldns_pkt_set_edns_udp_size(packet, ednsUDPSize)
            ldns_pkt_set_edns_do(packet, dnssecOK)
            if ednsVersion > 0 { ldns_pkt_set_edns_version(packet, ednsVersion) }
        }
        var wire: UnsafeMutablePointer<UInt8>?
        var size = 0
        guard ldns_pkt2wire(&wire, packet, &size) == LDNS_STATUS_OK, let wire else { return nil }
        defer { free(wire) }
        return Array(UnsafeBufferPointer(start: wire, count: size))
    }

    /// Whether a name has valid presentation syntax for ldns (label and name lengths, escapes).
    static func isValidName(_ name: String) -> Bool {
        guard let rdf = ldns_dname_new_frm_str(name) else { return false }
        ldns_rdf_deep_free(rdf)
        return true
    }

    /// Parses a response; nil when the bytes are not a well-formed DNS message. The
    /// authority and additional sections and the EDNS header are read only when
    /// `allSections` (the name-server checks): the resolver's hot path needs the answer only.
    static func parse(_ bytes: UnsafeRawBufferPointer, allSections: Bool = false) -> ParsedResponse? {
        guard bytes.count >= 12, let base = bytes.baseAddress else { return nil }
        var packetOut: UnsafeMutablePointer<ldns_pkt>?
        let status = ldns_wire2pkt(&packetOut, base.assumingMemoryBound(to: UInt8.self), bytes.count)
        guard status == LDNS_STATUS_OK, let packet = packetOut else { return nil }
        defer { ldns_pkt_free(packet) }

        var response = ParsedResponse(
            id: ldns_pkt_id(packet),
            isResponse: ldns_pkt_qr(packet),
            truncated: ldns_pkt_tc(packet),
            authoritative: ldns_pkt_aa(packet),
            recursionAvailable: ldns_pkt_ra(packet),
            authenticData: ldns_pkt_ad(packet),
            rcode: UInt8(truncatingIfNeeded: ldns_pkt_get_rcode(packet).rawValue),
            questionName: nil,
            questionType: nil,
            answer: []
        )
        if let questions = ldns_pkt_question(packet), ldns_rr_list_rr_count(questions) > 0,
           let first = ldns_rr_list_rr(questions, 0) {
            response.questionName = DNSName.absolute(string(of: ldns_rr_owner(first)))
            response.questionType = DNSType(rawValue: UInt16(truncatingIfNeeded: ldns_rr_get_type(first).rawValue))
        }
        if let answers = ldns_pkt_answer(packet) {
            let count = ldns_rr_list_rr_count(answers)
            response.answer.reserveCapacity(count)
            for index in 0..<count {
                if let rr = ldns_rr_list_rr(answers, index) { response.answer.append(record(rr)) }
            }
        }
        response.extendedErrors = extendedErrors(of: packet)
        if allSections {
            response.authority = records(ldns_pkt_authority(packet))
            response.additional = records(ldns_pkt_additional(packet))
            response.hasEDNS = ldns_pkt_edns(packet)
            response.ednsVersion = ldns_pkt_edns_version(packet)
            response.extendedRcode = ldns_pkt_edns_extended_rcode(packet)
        }
        return response
    }

    private static func records(_ list: UnsafeMutablePointer<ldns_rr_list>?) -> [DNSRecord] {
        guard let list else { return [] }
        return (0..<ldns_rr_list_rr_count(list)).compactMap { ldns_rr_list_rr(list, $0).map(record) }
    }

    /// The Extended DNS Error options of the OPT record (RFC 8914 §2: INFO-CODE, then
    /// EXTRA-TEXT in UTF-8). At most 8 are read; a short option is skipped.
    private static func extendedErrors(of packet: UnsafeMutablePointer<ldns_pkt>) -> [DNSExtendedError] {
        // The list belongs to the packet and is freed with it.
        guard let options = ldns_pkt_edns_get_option_list(packet) else { return [] }
        var errors: [DNSExtendedError] = []
        for index in 0..<ldns_edns_option_list_get_count(options) where errors.count < 8 {
            guard let option = ldns_edns_option_list_get_option(options, index),
                  ldns_edns_get_code(option) == LDNS_EDNS_EDE else { continue }
            let size = ldns_edns_get_size(option)
            guard size >= 2, let data = ldns_edns_get_data(option) else { continue }
            let bytes = UnsafeBufferPointer(start: data, count: size)
            let code = UInt16(bytes[0]) << 8 | UInt16(bytes[1])
            // The text is at most what fits a message; keep a bounded prefix.
            var text = String(decoding: bytes.dropFirst(2).prefix(512), as: UTF8.self)
            while text.last == "\u{0}" { text.removeLast() }
            errors.append(DNSExtendedError(code: code, text: text))
        }
        return errors
    }

    static func record(_ rr: UnsafeMutablePointer<ldns_rr>) -> DNSRecord {
        let type = DNSType(rawValue: UInt16(truncatingIfNeeded: ldns_rr_get_type(rr).rawValue))
        let owner = DNSName.absolute(string(of: ldns_rr_owner(rr)))
        return DNSRecord(name: owner, type: type, ttl: ldns_rr_ttl(rr), data: rdata(rr, type: type))
    }

    private static func rdata(_ rr: UnsafeMutablePointer<ldns_rr>, type: DNSType) -> DNSRData {
        let count = ldns_rr_rd_count(rr)
        let fields: [UnsafeMutablePointer<ldns_rdf>] = (0..<count).compactMap { ldns_rr_rdf(rr, $0) }
        guard fields.count == count else { return .other("") }
        func name(_ i: Int) -> String { DNSName.absolute(string(of: fields[i])) }
        func bytes(_ i: Int) -> [UInt8] { bytesOf(fields[i]) }
        func integer(_ i: Int) -> UInt32 { bytes(i).reduce(0) { $0 << 8 | UInt32($1) } }

        switch (type, count) {
        case (.A, 1):
            if let text = IPAddress(bytes: bytes(0))?.description { return .a(text) }
        case (.AAAA, 1):
            if let text = IPAddress(bytes: bytes(0))?.description { return .aaaa(text) }
        case (.MX, 2):
            return .mx(preference: UInt16(truncatingIfNeeded: integer(0)), exchange: name(1))
        case (.TXT, _), (.SPF, _):
            // Each rdf is one <character-string>: a length byte, then that many bytes.
            return .txt(fields.map { field in
                let raw = bytesOf(field)
                guard let length = raw.first else { return [] }
                return Array(raw.dropFirst().prefix(Int(length)))
            })
        case (.CNAME, 1): return .cname(name(0))
        case (.PTR, 1): return .ptr(name(0))
        case (.NS, 1): return .ns(name(0))
        case (.SOA, 7):
            return .soa(mname: name(0), rname: name(1), serial: integer(2), refresh: integer(3),
                        retry: integer(4), expire: integer(5), minimum: integer(6))
        case (.SRV, 4):
            return .srv(priority: UInt16(truncatingIfNeeded: integer(0)), weight: UInt16(truncatingIfNeeded: integer(1)),
                        port: UInt16(truncatingIfNeeded: integer(2)), target: name(3))
        case (.DS, 4):
            return .ds(keyTag: UInt16(truncatingIfNeeded: integer(0)), algorithm: UInt8(truncatingIfNeeded: integer(1)),
                       digestType: UInt8(truncatingIfNeeded: integer(2)), digest: bytes(3))
        case (.DNSKEY, 4):
            return .dnskey(flags: UInt16(truncatingIfNeeded: integer(0)), protocolNumber: UInt8(truncatingIfNeeded: integer(1)),
                           algorithm: UInt8(truncatingIfNeeded: integer(2)), publicKey: bytes(3))
        case (.TLSA, 4):
            return .tlsa(usage: UInt8(truncatingIfNeeded: integer(0)), selector: UInt8(truncatingIfNeeded: integer(1)),
                         matchingType: UInt8(truncatingIfNeeded: integer(2)), data: bytes(3))
        case (.CAA, 3):
            // ldns keeps the tag with its length byte (RFC 8659 §4.1) and the value as is.
            var tag = bytes(1)
            if let length = tag.first, Int(length) == tag.count - 1 { tag.removeFirst() }
            return .caa(flags: UInt8(truncatingIfNeeded: integer(0)), tag: String(decoding: tag, as: UTF8.self),
                        value: String(decoding: bytes(2), as: UTF8.self))
        default:
            break
        }
        return .other(fields.map(string(of:)).joined(separator: " "))
    }

    /// The RRSIG records of a response's answer and authority sections (RFC 4034 §3.1), at
    /// most 64; empty when the bytes are not a DNS message.
    static func signatures(_ bytes: UnsafeRawBufferPointer) -> [DNSSECValidation.Signature] {
        guard bytes.count >= 12, let base = bytes.baseAddress else { return [] }
        var packetOut: UnsafeMutablePointer<ldns_pkt>?
        guard ldns_wire2pkt(&packetOut, base.assumingMemoryBound(to: UInt8.self), bytes.count) == LDNS_STATUS_OK,
              let packet = packetOut else { return [] }
        defer { ldns_pkt_free(packet) }
        var found: [DNSSECValidation.Signature] = []
        for section in [ldns_pkt_answer(packet), ldns_pkt_authority(packet)] {
            guard let list = section else { continue }
            for index in 0..<ldns_rr_list_rr_count(list) where found.count < 64 {
                guard let rr = ldns_rr_list_rr(list, index), ldns_rr_get_type(rr) == LDNS_RR_TYPE_RRSIG,
                      ldns_rr_rd_count(rr) >= 8 else { continue }
                func field(_ i: Int) -> [UInt8] { ldns_rr_rdf(rr, i).map(bytesOf) ?? [] }
                func integer(_ i: Int) -> UInt32 { field(i).reduce(0) { $0 << 8 | UInt32($1) } }
                found.append(DNSSECValidation.Signature(
                    covers: DNSType(rawValue: UInt16(truncatingIfNeeded: integer(0))),
                    algorithm: UInt8(truncatingIfNeeded: integer(1)),
                    signer: DNSName.absolute(string(of: ldns_rr_rdf(rr, 7))),
                    keyTag: UInt16(truncatingIfNeeded: integer(6)),
                    inception: integer(5), expiration: integer(4)))
            }
        }
        return found
    }

    /// The type of one resource record in zone-file form; nil when ldns cannot read it.
    static func recordType(ofLine line: String) -> DNSType? {
        var rr: UnsafeMutablePointer<ldns_rr>?
        guard ldns_rr_new_frm_str(&rr, line, 3600, nil, nil) == LDNS_STATUS_OK, let rr else { return nil }
        defer { ldns_rr_free(rr) }
        return DNSType(rawValue: UInt16(truncatingIfNeeded: ldns_rr_get_type(rr).rawValue))
    }

    private static func bytesOf(_ rdf: UnsafeMutablePointer<ldns_rdf>) -> [UInt8] {
        let size = ldns_rdf_size(rdf)
        guard size > 0, let data = ldns_rdf_data(rdf) else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }

    private static func string(of rdf: UnsafeMutablePointer<ldns_rdf>?) -> String {
        guard let rdf, let text = ldns_rdf2str(rdf) else { return "" }
        defer { free(text) }
        return String(cString: text)
    }

    static func rcodeName(_ rcode: UInt8) -> String {
        switch rcode {
        case 0: return "NOERROR"
        case 1: return "FORMERR"
        case 2: return "SERVFAIL"
        case 3: return "NXDOMAIN"
        case 4: return "NOTIMP"
        case 5: return "REFUSED"
        case 6: return "YXDOMAIN"
        case 7: return "YXRRSET"
        case 8: return "NXRRSET"
        case 9: return "NOTAUTH"
        case 10: return "NOTZONE"
        default: return "RCODE\(rcode)"
        }
    }
}
