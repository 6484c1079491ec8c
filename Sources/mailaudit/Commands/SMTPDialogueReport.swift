import MailFacts
import Reports
import RuleEngine
import SMTPProbe

/// The `smtp` command's result: what the text and JSON outputs show.
struct SMTPDialogueReport: Encodable {
    var host: String
    var address: String
    var port: Int
    var result: String
    var failure: SMTPFailureFact?
    var greeting: String?
    var ehlo: [String]
    var tls: TLSFact?
    var authentication: String?
    var transaction: [String]
    var transcript: [String]
    var seconds: Double
    /// A TCP connection was made.
    var connected: Bool
    /// What the SMTP rules conclude from the dialogue (passes, problems, what was not tested).
    var verdicts: [Finding] = []
    /// A --require-tls / --verify requirement that was not met.
    var required: String?
    /// The exit status: the worst of the dialogue, the verdicts and the requirements.
    var exitStatus: Int32 = 0

    init(_ session: SMTPSessionResult, host: String, serverName: String?, context: TLSClientContext) {
        self.host = host
        address = session.address
        port = Int(session.port)
        result = session.failure.map { "\($0.step.rawValue): \($0.kind.rawValue)" } ?? "ok"
        failure = session.failure
        greeting = session.greeting.map { "\($0.code) \($0.text)" }
        ehlo = (session.ehloAfterTLS ?? session.ehlo)?.extensions.map { ([$0.keyword] + $0.parameters).joined(separator: " ") } ?? []
        tls = session.tlsFact(host: serverName, context: context)
        authentication = session.authReply.map { "\($0.code) \($0.text)" }
        transaction = session.transactionReplies.map { "\($0.code) \($0.text)" }
        transcript = session.transcript.map(\.rendered)
        seconds = (session.seconds * 1000).rounded() / 1000
        connected = session.connectSeconds != nil
    }

    /// Why the dialogue does not meet `--require-tls` / `--verify`, or nil when it does.
    func unmetRequirement(requireTLS: Bool, verify: Bool) -> String? {
        guard requireTLS else { return nil }
        guard let tls, tls.status == .ok else { return "TLS was not negotiated (--require-tls)" }
        guard verify else { return nil }
        if tls.trusted != true { return "the certificate chain does not verify: \(tls.verifyReason ?? "unknown reason") (--verify)" }
        if tls.namesHost == false { return "the certificate does not name \(host) (--verify)" }
        return nil
    }

    var text: String {
        var lines = transcript
        lines.append("")
        // No TLS line for a dialogue that never had a connection.
        if connected, let tls {
            switch tls.status {
            case .ok:
                lines.append("TLS:         \(tls.version ?? "?") \(tls.cipher ?? "?")\(tls.group.map { " (\($0))" } ?? "")\(tls.implicit ? ", implicit" : ", STARTTLS")")
                if let leaf = tls.chain.first {
                    lines.append("certificate: \(leaf.subject), issued by \(leaf.issuer)")
                    lines.append("             names \(leaf.dnsNames.joined(separator: ", ")); \(leaf.keyType) \(leaf.keyBits) bits; valid until \(leaf.notAfter) (\(tls.daysToExpiry.map { $0 < 0 ? "expired \(-$0) days ago" : "\($0) days left" } ?? "?"))")
                    let trust = tls.trusted == true || tls.verifyCode == 10 ? EndpointSummary.trust(tls) : "NOT trusted: \(tls.verifyReason ?? "?")"
                    let named = tls.namesHost.map { $0 ? "names \(host)" : "does NOT name \(host)" } ?? ""
                    lines.append("             \(trust)\(named.isEmpty ? "" : "; " + named)")
                }
            case .failed:
                lines.append("TLS:         handshake failed: \(tls.error ?? "?")")
            case .notOffered, .starttlsRefused, .notReached:
                let why = tls.status == .notOffered ? "STARTTLS not offered" : tls.status == .starttlsRefused ? "STARTTLS refused" : "not reached"
                lines.append("TLS:         none (\(why)\(tls.error.map { ": \($0)" } ?? ""))")
            }
        } else if connected {
            lines.append("TLS:         none")
        }
        if let authentication { lines.append("AUTH:        \(authentication)") }
        let outcome = failure.map { failure in
            "\(failure.step.rawValue) failed (\(failure.kind.rawValue)): \(failure.detail)" + (CommandLineAdvice.smtp(failure).map { " (\($0))" } ?? "")
        }
        lines.append("dialogue:    \(outcome ?? "completed") in \(seconds) s")
        if let required { lines.append("required:    \(required)") }
        // The verdicts, worst first: what the server does wrong, then what could not be
        // tested, then what passed.
        if !verdicts.isEmpty {
            lines.append("")
            func rank(_ finding: Finding) -> Int { finding.notTested == true ? 1 : NagiosReport.rank(finding.outcome) + (finding.outcome == .pass ? 0 : 2) }
            // Errors with one cause (a busy server leaves every rule unjudged) are shown once,
            // with the rules they left, as the audit's text report shows them.
            let groups = Dictionary(grouping: verdicts.filter { $0.outcome == .error }, by: \.message).filter { $0.value.count > 1 }
            var printed: Set<String> = []
            for finding in verdicts.sorted(by: { rank($0) > rank($1) }) {
                if finding.outcome == .error, let group = groups[finding.message] {
                    guard printed.insert(finding.message).inserted else { continue }
                    lines.append("ERROR    \(group.count) checks could not judge: \(finding.message.replacingOccurrences(of: "cannot judge: ", with: ""))")
                    lines.append("         not judged: \(group.map(\.ruleID).joined(separator: ", "))")
                    continue
                }
                let label = finding.notTested == true ? "UNTESTED" : finding.outcome.rawValue.uppercased()
                let title = finding.notTested == true ? finding.notTestedQuestion : finding.title
                lines.append("\(label.padding(toLength: 8, withPad: " ", startingAt: 0)) \(title) (\(finding.ruleID))")
                if finding.outcome != .pass {
                    let message = finding.notTestedWhat
                    if !message.isEmpty { lines.append("         \(message)") }
                    if let fix = finding.fix, [.warn, .fail].contains(finding.outcome) { lines.append("         fix: \(fix)") }
                }
            }
        }
        let counts = FindingSummary(verdicts)
        let state = ExitStatus(rawValue: exitStatus)?.stateName ?? "\(exitStatus)"
        lines.append("")
        lines.append("result:      \(state): \(counts.fail) fail, \(counts.warn) warn, \(counts.error) error, \(counts.pass) pass"
                     + "\(counts.notTested.map { ", \($0) not tested" } ?? "")\(outcome == nil ? "" : failure?.kind == .busy ? "; the server was busy, nothing was judged" : "; the dialogue failed")\(required == nil ? "" : "; a requirement is not met") (exit \(exitStatus))")
        // The server's words (replies, certificate fields) are data: inert on a terminal.
        return lines.map(InertText.escape).joined(separator: "\n") + "\n"
    }
}
