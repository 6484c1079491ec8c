import Foundation
import MailFacts
import SMTPProbe

/// The acceptance scan of one endpoint (docs/architecture.md, "The acceptance scan"):
/// handshakes only, each offering what is left after removing what the server chose before,
/// one at a time and paced (50 ms apart), within a bound of handshakes and seconds.
extension DomainCollector {
    /// The scan's bounds: at most this many handshakes per endpoint, this long between two
    /// (a server's connection-rate limit must not trip), and this many seconds in all.
    static let scanHandshakes = 120
    static let scanInterval = 0.05
    static let scanSeconds = 40.0
    /// Seconds of greeting delay above which the scan makes one handshake per version only.
    static let slowGreeting = 1.0

    private enum Attempt {
        case accepted(TLSSessionInfo)
        case refused(String)
        case cut(String)
    }

    func scan(_ address: String, port: UInt16, mode: SMTPTLSMode, serverName: String, depth asked: TLSScanDepth, greetingSeconds: Double?,
              probe: ProbeOptions, remaining: @escaping @Sendable () -> Double) async -> TLSScanFact {
        // Every handshake waits for the greeting again: a server that greets late (a delay
        // as spam defence) is not scanned, and the facts say why.
        if let greetingSeconds, greetingSeconds > Self.slowGreeting {
            let late = String(format: "%.1f", greetingSeconds)
            return TLSScanFact(depth: "skipped", notTested: ["the versions, suites, order and groups: the server greets after \(late) s, and each handshake of the scan waits for the greeting again"],
                               cutShort: "not made: the server greets after \(late) s", cutPhase: "versions")
        }
        let depth = asked
        var fact = TLSScanFact(depth: depth.rawValue)
        let began = Date()
        let limit = min(Self.scanSeconds, remaining())
        let local = Dictionary(uniqueKeysWithValues: TLSProtocolVersion.allCases.map { ($0, TLSOffer.localCiphers($0, context: probe.tls)) })
        // What the local OpenSSL cannot offer is never taken for the server's refusal.
        let everyLocal = local.values.flatMap { $0 }
        fact.notOffered = TLSOffer.brokenFamilies.filter { family in
            !everyLocal.contains { $0.range(of: family.pattern, options: .regularExpression) != nil }
        }.map(\.name)
        fact.notTested += [
            "SSLv2 and SSLv3: the local OpenSSL cannot offer them",
            "0-RTT (early data): needs a resumed session",
            "client-initiated renegotiation",
            "TLS compression: the local OpenSSL is built without it",
        ]
        if !fact.notOffered.isEmpty {
            fact.notTested.append("\(fact.notOffered.joined(separator: ", ")) suites: the local OpenSSL cannot offer them")
        }
        var hashes: [String] = []
        var phase = "versions"
        func attempt(_ offer: TLSOffer) async -> Attempt {
            if fact.handshakes >= Self.scanHandshakes { return .cut("the bound of \(Self.scanHandshakes) handshakes was reached") }
            if Date().timeIntervalSince(began) > limit { return .cut("the bound of \(Int(limit)) seconds was reached") }
            if fact.handshakes > 0 { try? await Task.sleep(for: .seconds(Self.scanInterval)) }
            fact.handshakes += 1
            var configuration = configuration(probe, serverName: serverName, mode: mode,
                                              remaining: min(remaining(), limit - Date().timeIntervalSince(began) + 1), purpose: .handshake)
            configuration.offer = offer
            let key = ProbeScheduler.Key(address: address, port: port, mode: mode, serverName: serverName, purpose: .handshake,
                                         offer: offer.description)
            let session = await probe.scheduler.session(key, configuration: configuration, using: probe.prober).result
            if let tls = session.tls, tls.error == nil {
                if let hash = tls.signatureHash, !hashes.contains(hash) { hashes.append(hash) }
                if tls.version != "TLSv1.3" {
                    fact.secureRenegotiation = fact.secureRenegotiation ?? tls.secureRenegotiation
                    fact.extendedMasterSecret = fact.extendedMasterSecret ?? tls.extendedMasterSecret
                }
                return .accepted(tls)
            }
            if let failure = session.failure, failure.step == .tlsHandshake, [.tlsFailed, .closed, .reset].contains(failure.kind) {
                return .refused(failure.detail)
            }
            return .cut(session.failure.map { "\($0.step.rawValue): \($0.kind.rawValue): \($0.detail)" } ?? "the handshake did not start")
        }
        // What every way out of the scan records (a defer would run after `return fact` copied it).
        func finished(cut: String? = nil) -> TLSScanFact {
            if let cut {
                fact.cutShort = cut
                fact.cutPhase = phase
            }
            fact.signatureHashes = hashes
            fact.seconds = (Date().timeIntervalSince(began) * 1000).rounded() / 1000
            return fact
        }
        for version in TLSProtocolVersion.allCases.reversed() {
            var left = local[version] ?? []
            guard !left.isEmpty else {
                fact.notTested.append("\(version.rawValue): the local OpenSSL offers no suite for it")
                continue
            }
            var result = TLSVersionScanFact(version: version.rawValue, accepted: false)
            func offer(_ names: [String]) -> TLSOffer {
                version == .tls1_3 ? TLSOffer(version: version, suites: names.joined(separator: ":"))
                    : TLSOffer(version: version, ciphers: names.joined(separator: ":"))
            }
            phase = "versions"
            while !left.isEmpty {
                switch await attempt(offer(left)) {
                case .accepted(let tls):
                    guard let cipher = tls.cipher, left.contains(cipher) else { left = []; break }
                    result.accepted = true
                    result.ciphers.append(cipher)
                    left.removeAll { $0 == cipher }
                    if depth == .versions { left = [] }
                case .refused(let why):
                    if result.ciphers.isEmpty { result.refusal = why }
                    left = []
                case .cut(let why):
                    // A version cut before its first answer is not known either way.
                    if result.accepted { fact.versions.append(result) }
                    return finished(cut: why)
                }
            }
            // The server's own order: offered the accepted suites reversed, a server that
            // chooses by its order chooses its first again.
            if result.ciphers.count >= 2 {
                phase = "order"
                switch await attempt(offer(result.ciphers.reversed())) {
                case .accepted(let tls): result.serverOrder = tls.cipher == result.ciphers[0]
                case .refused: break
                case .cut(let why):
                    fact.versions.append(result)
                    return finished(cut: why)
                }
            }
            fact.versions.append(result)
        }
        guard depth == .full else { return finished() }
        // The groups: TLS 1.3 where accepted (every group, ffdhe included), else the highest
        // version with ECDHE suites (finite-field DH below 1.3 is the server's own choice).
        phase = "groups"
        let accepted = fact.versions.filter(\.accepted)
        var groupOffer: ((String) -> TLSOffer)?
        var candidates = TLSOffer.groupNames
        if let tls13 = accepted.first(where: { $0.version == TLSProtocolVersion.tls1_3.rawValue }) {
            groupOffer = { TLSOffer(version: .tls1_3, suites: tls13.ciphers.joined(separator: ":"), groups: $0) }
        } else if let older = accepted.first(where: { $0.ciphers.contains { $0.hasPrefix("ECDHE-") } }),
                  let version = TLSProtocolVersion(rawValue: older.version) {
            let ecdhe = older.ciphers.filter { $0.hasPrefix("ECDHE-") }.joined(separator: ":")
            groupOffer = { TLSOffer(version: version, ciphers: ecdhe, groups: $0) }
            candidates = candidates.filter { !$0.hasPrefix("ffdhe") }
        }
        if let groupOffer {
            // Only the groups the local OpenSSL has (each checked alone, before any connection).
            var left = candidates.filter { groupOffer($0).isOfferable(context: probe.tls) }
            let missing = candidates.filter { !left.contains($0) }
            if !missing.isEmpty { fact.notTested.append("the groups \(missing.joined(separator: ", ")): the local OpenSSL cannot offer them") }
            while !left.isEmpty {
                switch await attempt(groupOffer(left.joined(separator: ":"))) {
                case .accepted(let tls):
                    guard let group = tls.group, let index = left.firstIndex(where: { $0.caseInsensitiveCompare(group) == .orderedSame }) else { left = []; break }
                    fact.groups.append(left[index])
                    left.remove(at: index)
                case .refused: left = []
                case .cut(let why): return finished(cut: why)
                }
            }
        }
        // Finite-field DH (TLS 1.2 and below): the size of the server's group.
        phase = "dh"
        if let dhe = accepted.first(where: { $0.version != TLSProtocolVersion.tls1_3.rawValue && $0.ciphers.contains { $0.hasPrefix("DHE-") || $0.hasPrefix("EDH-") } }),
           let version = TLSProtocolVersion(rawValue: dhe.version) {
            let names = dhe.ciphers.filter { $0.hasPrefix("DHE-") || $0.hasPrefix("EDH-") }
            switch await attempt(TLSOffer(version: version, ciphers: names.joined(separator: ":"))) {
            case .accepted(let tls): fact.dhBits = tls.ephemeralKeyType == "DH" ? tls.ephemeralKeyBits : nil
            case .refused: break
            case .cut(let why): return finished(cut: why)
            }
        }
        return finished()
    }
}
