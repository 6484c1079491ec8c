import DNSClient
import Foundation
import NetworkSupport
import Reports
#if canImport(Glibc)
import Glibc
#endif

/// How far a multi-domain run is: a line on standard error, redrawn in place at most four
/// times a second (`--progress`; by default only when standard error is a terminal), and the
/// run's figures at the end (`--stats`). Nothing here ever goes to standard output, so a
/// report piped from there is never mixed with it.
final class RunProgress: @unchecked Sendable {
    private let total: Int
    private let showsLine: Bool
    private let began = MonotonicClock.seconds()
    // Guarded by `lock`: domains finish on the audit's task, the line is drawn from it too.
    private let lock = NSLock()
    private var done = 0
    private var notAudited = 0
    private var failing = 0
    private var lastDrawn = -Double.infinity
    private var drewLine = false

    init(total: Int, showsLine: Bool) {
        self.total = total
        self.showsLine = showsLine
    }

    /// Whether to draw the line: as asked, or when standard error is a terminal.
    static func wanted(_ asked: Bool?) -> Bool {
        asked ?? (isatty(STDERR_FILENO) == 1)
    }

    /// One domain finished.
    func finished(_ report: DomainReport) {
        lock.lock()
        defer { lock.unlock() }
        done += 1
        if report.summary.collectionError != nil {
            notAudited += 1
        } else if report.summary.fail > 0 {
            failing += 1
        }
        let now = MonotonicClock.seconds()
        if showsLine && (now - lastDrawn >= 0.25 || done == total) {
            lastDrawn = now
            draw(now)
        }
    }

    /// Ends the line (so that what follows starts on a line of its own).
    func end() {
        lock.lock()
        defer { lock.unlock() }
        if drewLine { StandardOutput.writeError("\n") }
        drewLine = false
    }

    /// The line, e.g. `1,200/10,000 domains · 385/s · 23 s left · 3 not audited · 41 failing`.
    static func line(done: Int, total: Int, seconds: Double, notAudited: Int, failing: Int) -> String {
        let rate = seconds > 0 ? Double(done) / seconds : 0
        var parts = ["\(grouped(done))/\(grouped(total)) domains"]
        if done > 0 && seconds > 0 {
            parts.append(rate >= 10 ? "\(Int(rate.rounded()))/s" : String(format: "%.1f/s", rate))
            if done < total { parts.append(duration(Double(total - done) / rate) + " left") } else { parts.append("done in " + duration(seconds)) }
        }
        parts.append("\(grouped(notAudited)) not audited")
        parts.append("\(grouped(failing)) failing")
        return parts.joined(separator: " · ")
    }

    /// The run's figures, one line of `key=value` pairs (for scripts and the benchmark).
    /// `validation`: what mailaudit's own DNSSEC validation cost (nil: it did not run).
    func statistics(_ dns: DNSStatistics?, validation: DNSSECValidatorStatistics? = nil) -> String {
        lock.lock()
        let (done, notAudited, failing) = (self.done, self.notAudited, self.failing)
        lock.unlock()
        let seconds = MonotonicClock.seconds() - began
        var pairs: [(String, String)] = [
            ("domains", String(done)), ("seconds", String(format: "%.3f", seconds)),
            ("domains_per_second", String(format: "%.1f", seconds > 0 ? Double(done) / seconds : 0)),
            ("not_audited", String(notAudited)), ("failing", String(failing)),
        ]
        if let dns {
            pairs += [
                ("dns_questions", String(dns.questions)), ("dns_shared_answers", String(dns.sharedAnswers)),
                ("dns_queries", String(dns.queriesSent)),
                ("dns_queries_per_domain", String(format: "%.1f", done > 0 ? Double(dns.queriesSent) / Double(done) : 0)),
                ("dns_retransmissions", String(dns.retransmissions)), ("dns_tcp", String(dns.tcpQueries)),
                ("dns_timeouts", String(dns.timeouts)),
            ]
        }
        if let validation {
            pairs += [("dnssec_validations", String(validation.validations)), ("dnssec_queries", String(validation.queries)),
                      ("dnssec_unanswered", String(validation.unanswered))]
        }
        return "mailaudit: stats: " + pairs.map { "\($0)=\($1)" }.joined(separator: " ")
    }

    private func draw(_ now: Double) {
        let text = Self.line(done: done, total: total, seconds: now - began, notAudited: notAudited, failing: failing)
        // Carriage return and erase-line: the line is redrawn where it stands.
        StandardOutput.writeError("\r\u{1B}[K" + text)
        drewLine = true
    }

    static func grouped(_ number: Int) -> String {
        let digits = String(number)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return out
    }

    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.up))
        if whole < 60 { return "\(whole) s" }
        if whole < 3600 { return "\(whole / 60) min \(whole % 60) s" }
        return "\(whole / 3600) h \(whole / 60 % 60) min"
    }
}
