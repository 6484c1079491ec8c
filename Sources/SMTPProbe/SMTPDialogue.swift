import Foundation
import MailFacts
import MailRecords
import NetworkSupport

/// The state of one dialogue; each step returns false when the dialogue must end.
struct SMTPDialogue {
    let configuration: SMTPProbeConfiguration
    let began = MonotonicClock.seconds()
    let hardDeadline: Double
    var result: SMTPSessionResult
    var connection: Connection?
    var reader = SMTPReplyReader()
    /// Replies that arrived together with the one read last (a server must send one reply
    /// per command unless PIPELINING is used, which the probe does not).
    var queued: [SMTPReply] = []
    var buffer = [UInt8](repeating: 0, count: 4096)

    init(address: String, port: UInt16, configuration: SMTPProbeConfiguration) {
        self.configuration = configuration
        self.hardDeadline = began + configuration.deadline
        self.result = SMTPSessionResult(address: address, port: port)
    }

    var inTLS: Bool { connection?.tls != nil }

    mutating func run() {
        let connectTimeout = min(configuration.connectTimeout, configuration.deadline)
        switch Connection.open(result.address, result.port, timeout: connectTimeout) {
        case .failure(let failure):
            result.failure = failure
            return
        case .success(let opened): connection = opened
        }
        result.connectSeconds = MonotonicClock.seconds() - began
        note("connected to \(result.address) port \(result.port)")
        if configuration.tlsMode == .implicit {
            guard handshake(implicit: true) else { return }
        }
        guard greet(), let firstEHLO = ehlo(step: .ehlo) else { return inconclusive() }
        result.ehlo = firstEHLO
        if configuration.purpose == .starttlsInjection {
            testInjection(offered: firstEHLO.has("STARTTLS"))
            return
        }
        var current = firstEHLO
        if configuration.tlsMode == .starttls, configuration.tls != nil, firstEHLO.has("STARTTLS") {
            guard starttls(), handshake(implicit: false) else { return inconclusive() }
            // One handshake of the scan: what the handshake came to is all it is for.
            if configuration.purpose == .handshake { return quit() }
            guard let again = ehlo(step: .ehloTLS) else { return inconclusive() }
            result.ehloAfterTLS = again
            current = again
        }
        switch configuration.purpose {
        case .mailboxes: return checkMailboxes(domain: configuration.domain ?? "")
        case .relay: return checkRelay(domain: configuration.domain ?? "")
        case .handshake: return quit()
        case .dialogue, .starttlsInjection: break
        }
        if let credentials = configuration.credentials {
            guard authenticate(credentials, offered: current.authMechanisms) else { return }
        }
        if let transaction = configuration.transaction {
            guard deliver(transaction) else { return }
        }
        quit()
    }

    // MARK: - Steps

    mutating func greet() -> Bool {
        var firstByte: Double?
        switch read(step: .greeting, timeout: configuration.greetingTimeout, firstByte: &firstByte) {
        case .failure(let failure):
            result.failure = failure
            return false
        case .success(let reply):
            result.greeting = reply
            result.greetingSeconds = MonotonicClock.seconds() - began
            result.greetingFirstByteSeconds = firstByte.map { $0 - began }
            guard reply.code == 220 else {
                if reply.isTemporary { return busy(.greeting, reply, what: "greeting") }
                result.failure = SMTPFailureFact(step: .greeting, kind: .rejected, detail: "the greeting is \(reply.code), not 220: \(reply.text)")
                return false
            }
            return true
        }
    }

    mutating func ehlo(step: SMTPStep) -> EHLOResponse? {
        guard let reply = command("EHLO \(configuration.ehloName)", step: step) else { return nil }
        guard let parsed = EHLOResponse(reply) else {
            if reply.isTemporary { _ = busy(step, reply, what: "EHLO"); return nil }
            result.failure = SMTPFailureFact(step: step, kind: .rejected, detail: "EHLO answered \(reply.code): \(reply.text)")
            return nil
        }
        return parsed
    }

    mutating func starttls() -> Bool {
        guard let reply = command("STARTTLS", step: .starttls) else { return false }
        result.starttlsReply = reply
        guard reply.code == 220 else {
            // 454 (RFC 3207 §4: "TLS not available due to temporary reason") and 421 say
            // nothing about whether the server has TLS.
            if reply.isTemporary { return busy(.starttls, reply, what: "STARTTLS") }
            result.failure = SMTPFailureFact(step: .starttls, kind: .rejected, detail: "STARTTLS answered \(reply.code): \(reply.text)")
            return false
        }
        // RFC 3207 §5: bytes sent before the handshake would be read as if they came inside
        // TLS (the STARTTLS command-injection flaw); a server that sends them is not trusted.
        if reader.bufferedByteCount > 0 || !queued.isEmpty {
            let extra = reader.bufferedByteCount + queued.reduce(0) { $0 + $1.text.utf8.count + 6 }
            result.failure = SMTPFailureFact(step: .starttls, kind: .garbage,
                                         detail: "the server sent about \(extra) bytes of plain text after its 220 to STARTTLS (RFC 3207 §5)")
            return false
        }
        return true
    }

    /// CVE-2011-0411 and its kin: `STARTTLS` and `NOOP` in one write (one segment), the
    /// handshake, then `QUIT` inside TLS. The first reply inside TLS tells: 221 answers the
    /// QUIT (the NOOP was thrown away); a 250 answers the NOOP, plain text run as if it had
    /// come inside TLS.
    mutating func testInjection(offered: Bool) {
        guard offered, configuration.tls != nil else {
            result.injection = STARTTLSInjectionFact(status: .inconclusive, detail: "EHLO does not offer STARTTLS")
            return quit()
        }
        let start = result.transcript.count
        defer { result.injection?.transcript = result.transcript[start...].map(\.rendered) }
        guard send("STARTTLS\r\nNOOP", step: .starttls, shown: "STARTTLS\\r\\nNOOP (one segment)") else {
            result.injection = STARTTLSInjectionFact(status: .inconclusive, detail: result.failure?.detail)
            return
        }
        var firstByte: Double?
        guard case .success(let ready) = read(step: .starttls, timeout: configuration.commandTimeout, firstByte: &firstByte) else {
            result.injection = STARTTLSInjectionFact(status: .inconclusive, detail: result.failure?.detail)
            return
        }
        guard ready.code == 220 else {
            result.injection = STARTTLSInjectionFact(status: .inconclusive, detail: "STARTTLS with a pipelined command answered \(ready.code): \(ready.text)")
            return quit()
        }
        // Plain text after the 220 (the answer to the NOOP before TLS) is a flaw of its own,
        // which the dialogue reports (RFC 3207 §5); here it leaves nothing to conclude.
        if reader.bufferedByteCount > 0 || !queued.isEmpty {
            result.injection = STARTTLSInjectionFact(status: .inconclusive, detail: "the server answered the pipelined command in plain text before TLS")
            return
        }
        guard handshake(implicit: false) else {
            result.injection = STARTTLSInjectionFact(status: .inconclusive, detail: result.failure?.detail)
            return
        }
        guard send("QUIT", step: .quit) else {
            result.injection = STARTTLSInjectionFact(status: .inconclusive, detail: result.failure?.detail)
            return
        }
        guard case .success(let first) = read(step: .quit, timeout: configuration.commandTimeout, firstByte: &firstByte) else {
            result.injection = STARTTLSInjectionFact(status: .inconclusive, detail: "no reply inside TLS: \(result.failure?.detail ?? "?")")
            return
        }
        if first.code == 221 {
            result.injection = STARTTLSInjectionFact(status: .notVulnerable, detail: "the first reply inside TLS answered QUIT")
            return
        }
        // Only a 250 answers the NOOP; anything else before the 221 decides nothing.
        if first.code == 250 {
            result.injection = STARTTLSInjectionFact(status: .vulnerable,
                detail: "the server answered the NOOP sent with STARTTLS inside TLS (\(first.code) \(first.text)) before it answered QUIT")
        } else {
            result.injection = STARTTLSInjectionFact(status: .inconclusive, detail: "the first reply inside TLS was \(first.code) \(first.text), which answers neither command")
        }
    }

    /// A check on a connection of its own whose dialogue ended before the check began.
    mutating func inconclusive() {
        let why = result.failure?.description ?? "the dialogue ended early"
        switch configuration.purpose {
        case .mailboxes: result.mailboxes = SMTPMailboxesFact(domain: configuration.domain ?? "", status: .inconclusive, detail: why)
        case .relay: result.relay = SMTPRelayFact(status: .inconclusive, detail: why)
        case .starttlsInjection: result.injection = STARTTLSInjectionFact(status: .inconclusive, detail: why)
        case .dialogue, .handshake: break
        }
    }

    /// Sends a command and keeps its reply as a fact, whatever its code; nil when the
    /// connection failed (the failure recorded).
    mutating func ask(_ line: String, step: SMTPStep) -> SMTPCommandFact? {
        guard let reply = command(line, step: step) else { return nil }
        return SMTPCommandFact(command: line, code: reply.code, text: reply.lines.joined(separator: " "))
    }

    /// RFC 5321 §4.5.1 (postmaster), §3.5 and §7.3 (VRFY, EXPN): RCPT only, never DATA.
    mutating func checkMailboxes(domain: String) {
        var fact = SMTPMailboxesFact(domain: domain, status: .inconclusive)
        defer { result.mailboxes = fact }
        let unknown = "mailaudit-\(UInt32.random(in: 100_000...999_999))-nobody"
        guard let mail = ask("MAIL FROM:<>", step: .mail) else { fact.detail = result.failure?.description; return }
        fact.mailFrom = mail
        if mail.code == 421 { fact.detail = "MAIL FROM answered 421: \(mail.text)"; return }
        if (200..<300).contains(mail.code) {
            guard let rcpt = ask("RCPT TO:<postmaster@\(domain)>", step: .rcpt) else { fact.detail = result.failure?.description; return }
            fact.postmaster = rcpt
            guard ask("RSET", step: .rcpt) != nil else { fact.detail = result.failure?.description; return }
        }
        let postmaster = "postmaster@\(domain)", nobody = "\(unknown)@\(domain)"
        for (verb, name) in [("VRFY", postmaster), ("VRFY", nobody), ("EXPN", postmaster), ("EXPN", nobody)] {
            guard let reply = ask("\(verb) \(name)", step: .rcpt) else { fact.detail = result.failure?.description; return }
            if reply.code == 421 { fact.detail = "\(verb) answered 421: \(reply.text)"; return }
            if verb == "VRFY" { fact.vrfy.append(reply) } else { fact.expn.append(reply) }
        }
        fact.status = .done
        quit()
    }

    /// The address forms relay tests use, with reserved names only (RFC 2606) for the sender
    /// and the foreign recipient: nothing accepted here can ever be delivered, and DATA is
    /// never sent. `foreign`: the recipient is outside the domain whatever the server makes of
    /// it; the other forms route through the audited domain, and count only when the
    /// domain's own unknown address (`control`, asked first) is refused: a catch-all accepts
    /// them without relaying.
    static func relayForms(domain: String, control: String) -> [(form: String, from: String, to: String, foreign: Bool)] {
        let from = "mailaudit-relay-test@example.com", target = "relay-test@example.net"
        return [
            ("control", from, "\(control)@\(domain)", false),
            ("plain", from, target, true),
            ("null-sender", "", target, true),
            ("source-route", from, "@\(domain):\(target)", true),
            ("invalid-tld", from, "relay-test@relay.invalid", true),
            ("percent-hack", from, "relay-test%example.net@\(domain)", false),
            ("quoted", from, "\"\(target)\"", false),
            ("quoted-at-domain", from, "\"\(target)\"@\(domain)", false),
            ("bang-path", from, "example.net!relay-test", false),
            ("bang-path-at-domain", from, "example.net!relay-test@\(domain)", false),
        ]
    }

    mutating func checkRelay(domain: String) {
        var fact = SMTPRelayFact(status: .inconclusive)
        defer { result.relay = fact }
        let control = "mailaudit-\(UInt32.random(in: 100_000...999_999))-nobody"
        let forms = Self.relayForms(domain: domain, control: control)
        var controlRefused = false
        var routed: [String] = []
        var refusedForeign = false
        for (form, from, to, foreign) in forms {
            var attempt = SMTPRelayAttemptFact(form: form)
            guard let mail = ask("MAIL FROM:<\(from)>", step: .mail) else { fact.detail = result.failure?.description; return }
            attempt.mailFrom = mail
            if (200..<300).contains(mail.code) {
                guard let rcpt = ask("RCPT TO:<\(to)>", step: .rcpt) else { fact.attempts.append(attempt); fact.detail = result.failure?.description; return }
                attempt.rcptTo = rcpt
                let accepted = (200..<300).contains(rcpt.code)
                if form == "control" { controlRefused = rcpt.code >= 500 }
                if foreign && rcpt.code >= 500 { refusedForeign = true }
                if accepted && foreign { fact.accepted.append(form) }
                if accepted && !foreign && form != "control" { routed.append(form) }
            }
            fact.attempts.append(attempt)
            if mail.code == 421 || attempt.rcptTo?.code == 421 { fact.detail = "the server ended the dialogue with 421"; return }
            guard ask("RSET", step: .rcpt) != nil else { fact.detail = result.failure?.description; return }
        }
        // Routed forms count only where the domain's unknown address was refused: otherwise a
        // catch-all (or a server that checks recipients after DATA) accepts them without relaying.
        if controlRefused { fact.accepted += routed }
        // A pass needs a foreign recipient refused outright (5xx): a refused MAIL FROM, or only
        // temporary answers, decide nothing.
        if fact.accepted.isEmpty && !refusedForeign {
            fact.detail = "no foreign recipient was refused outright (MAIL FROM refused, or only temporary answers), so relaying was not tested"
            quit()
            return
        }
        fact.status = .done
        quit()
    }

    mutating func handshake(implicit: Bool) -> Bool {
        guard let context = configuration.tls, let connection else { return false }
        let deadline = min(hardDeadline, MonotonicClock.seconds() + configuration.commandTimeout)
        switch connection.startTLS(context: context, serverName: configuration.serverName, offer: configuration.offer, until: deadline) {
        case .failure(let error):
            let detail: String
            switch error {
            case .tls(let reason): detail = reason
            case .timeout: detail = "no TLS handshake within \(configuration.commandTimeout) s"
            case .closed: detail = "the server closed the connection during the handshake"
            case .reset: detail = "the connection was reset during the handshake"
            case .network(let reason): detail = reason
            }
            result.tls = TLSSessionInfo(implicit: implicit, error: detail, chain: [], serverName: configuration.serverName)
            result.failure = SMTPFailureFact(step: .tlsHandshake, kind: error.kindDuringHandshake, detail: detail)
            note("TLS handshake failed: \(detail)")
            return false
        case .success(let session):
            var info = TLSSessionInfo(implicit: implicit, version: session.version, cipher: session.cipher, group: session.group,
                                      chain: session.peerChain, serverName: configuration.serverName)
            if session.version != "TLSv1.3" { info.secureRenegotiation = session.secureRenegotiation }
            info.extendedMasterSecret = session.version == "TLSv1.3" ? nil : session.extendedMasterSecret
            info.ephemeralKeyType = session.ephemeralKey?.type
            info.ephemeralKeyBits = session.ephemeralKey?.bits
            info.signatureHash = session.signatureHash
            result.tls = info
            let subject = info.chain.first.flatMap { X509Certificate(der: $0)?.fact.subject } ?? "none"
            note("TLS started: \(info.version ?? "?") \(info.cipher ?? "?")\(info.group.map { " (\($0))" } ?? ""); peer certificate: \(subject)")
            return true
        }
    }

    mutating func authenticate(_ credentials: SMTPCredentials, offered: [String]) -> Bool {
        guard inTLS || configuration.tlsMode == .none else {
            result.failure = SMTPFailureFact(step: .auth, kind: .notSent,
                                         detail: "no TLS session, so the credentials were not sent")
            quit()
            return false
        }
        let plain = Data(([0] + Array(credentials.user.utf8) + [0] + Array(credentials.password.utf8))).base64EncodedString()
        if offered.contains("PLAIN") || !offered.contains("LOGIN") {
            guard let reply = command("AUTH PLAIN \(plain)", step: .auth, shown: "AUTH PLAIN ******** (redacted)") else { return false }
            result.authReply = reply
        } else {
            guard let first = command("AUTH LOGIN", step: .auth) else { return false }
            guard first.code == 334 else { result.authReply = first; return authAccepted(first) }
            guard let second = command(Data(credentials.user.utf8).base64EncodedString(), step: .auth) else { return false }
            guard second.code == 334 else { result.authReply = second; return authAccepted(second) }
            guard let last = command(Data(credentials.password.utf8).base64EncodedString(), step: .auth, shown: "******** (redacted)") else { return false }
            result.authReply = last
        }
        return authAccepted(result.authReply!)
    }

    mutating func authAccepted(_ reply: SMTPReply) -> Bool {
        guard reply.code == 235 else {
            result.failure = SMTPFailureFact(step: .auth, kind: .rejected, detail: "AUTH answered \(reply.code): \(reply.text)")
            quit()
            return false
        }
        return true
    }

    mutating func deliver(_ transaction: SMTPTransaction) -> Bool {
        guard let mail = command("MAIL FROM:<\(transaction.from)>", step: .mail) else { return false }
        result.transactionReplies.append(mail)
        guard mail.code == 250 else { return rejected(.mail, mail) }
        var anyAccepted = false
        for recipient in transaction.to {
            guard let rcpt = command("RCPT TO:<\(recipient)>", step: .rcpt) else { return false }
            result.transactionReplies.append(rcpt)
            if rcpt.code == 250 || rcpt.code == 251 { anyAccepted = true }
        }
        guard anyAccepted else { return rejected(.rcpt, result.transactionReplies.last!) }
        if transaction.sendData {
            guard let data = command("DATA", step: .data) else { return false }
            result.transactionReplies.append(data)
            guard data.code == 354 else { return rejected(.data, data) }
            let message = [
                "From: <\(transaction.from)>", "To: <\(transaction.to.joined(separator: ">, <"))>",
                "Subject: mailaudit delivery test", "Date: \(Self.rfc5322Date())",
                "Message-ID: <\(UUID().uuidString.lowercased())@\(configuration.ehloName)>", "",
                "This is a delivery test sent by mailaudit.", ".",
            ]
            for line in message.dropLast() { guard send(line.hasPrefix(".") ? "." + line : line, step: .data) else { return false } }
            guard let end = command(".", step: .data) else { return false }
            result.transactionReplies.append(end)
            guard end.code == 250 else { return rejected(.data, end) }
        } else {
            _ = command("RSET", step: .data)
        }
        return true
    }

    /// A temporary refusal (4xx) where the dialogue cannot go on: the server is busy or
    /// limits this client (RFC 5321 §4.2.5, §3.8), so nothing about it was measured.
    mutating func busy(_ step: SMTPStep, _ reply: SMTPReply, what: String) -> Bool {
        result.failure = SMTPFailureFact(step: step, kind: .busy, detail: what == "greeting" ? "the greeting is \(reply.code): \(reply.text)"
                                         : "\(what) answered \(reply.code): \(reply.text)")
        if reply.code != 421 { quit() }
        return false
    }

    mutating func rejected(_ step: SMTPStep, _ reply: SMTPReply) -> Bool {
        if reply.code == 421 { return busy(step, reply, what: step.rawValue.uppercased()) }
        result.failure = SMTPFailureFact(step: step, kind: .rejected, detail: "\(step.rawValue.uppercased()) answered \(reply.code): \(reply.text)")
        quit()
        return false
    }

    mutating func quit() {
        let deadline = min(5, configuration.commandTimeout)
        guard send("QUIT", step: .quit, recordFailure: false) else { return }
        var firstByte: Double?
        _ = read(step: .quit, timeout: deadline, firstByte: &firstByte, recordFailure: false)
    }

    // MARK: - Reading and writing

    mutating func note(_ text: String) { result.transcript.append(TranscriptLine(direction: .note, text: text)) }

    /// Sends a command and reads its reply; nil (with the failure recorded) when either fails.
    mutating func command(_ line: String, step: SMTPStep, shown: String? = nil) -> SMTPReply? {
        guard send(line, step: step, shown: shown) else { return nil }
        var firstByte: Double?
        if case .success(let reply) = read(step: step, timeout: configuration.commandTimeout, firstByte: &firstByte) { return reply }
        return nil
    }

    mutating func send(_ line: String, step: SMTPStep, shown: String? = nil, recordFailure: Bool = true) -> Bool {
        guard let connection else { return false }
        let deadline = min(hardDeadline, MonotonicClock.seconds() + configuration.commandTimeout)
        if let error = connection.send(Array((line + "\r\n").utf8), until: deadline) {
            if recordFailure { result.failure = error.failure(step, timeout: configuration.commandTimeout) }
            return false
        }
        result.transcript.append(TranscriptLine(direction: inTLS ? .sentTLS : .sent, text: shown ?? line))
        return true
    }

    /// Reads until one complete reply, or the deadline, a close, or garbage.
    mutating func read(step: SMTPStep, timeout: Double, firstByte: inout Double?, recordFailure: Bool = true) -> Result<SMTPReply, SMTPFailureFact> {
        let outcome = readReply(step: step, timeout: timeout, firstByte: &firstByte)
        switch outcome {
        case .success(let reply):
            let direction: TranscriptLine.Direction = inTLS ? .receivedTLS : .received
            for (index, line) in reply.lines.enumerated() {
                let separator = index == reply.lines.count - 1 ? " " : "-"
                result.transcript.append(TranscriptLine(direction: direction, text: "\(reply.code)\(separator)\(line)"))
            }
        case .failure(let failure):
            if recordFailure { result.failure = failure }
        }
        return outcome
    }

    private mutating func readReply(step: SMTPStep, timeout: Double, firstByte: inout Double?) -> Result<SMTPReply, SMTPFailureFact> {
        guard let connection else { return .failure(SMTPFailureFact(step: step, kind: .closed, detail: "not connected")) }
        if !queued.isEmpty { return .success(queued.removeFirst()) }
        let deadline = min(hardDeadline, MonotonicClock.seconds() + timeout)
        while true {
            switch connection.receive(into: &buffer, until: deadline) {
            case .failure(let error):
                if case .timeout = error, deadline >= hardDeadline {
                    return .failure(SMTPFailureFact(step: step, kind: .timeout,
                                                detail: "the probe's deadline of \(configuration.deadline) s passed"))
                }
                return .failure(error.failure(step, timeout: timeout))
            case .success(let count):
                if firstByte == nil { firstByte = MonotonicClock.seconds() }
                do {
                    var replies = try reader.feed(buffer[0..<count])
                    if !replies.isEmpty {
                        let reply = replies.removeFirst()
                        queued += replies
                        return .success(reply)
                    }
                } catch {
                    return .failure(SMTPFailureFact(step: step, kind: .garbage, detail: error.description))
                }
            }
        }
    }

    static func rfc5322Date() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: Date())
    }
}
