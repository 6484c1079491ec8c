import Drift
import Foundation
import LabSupport
import MailFacts
import RuleEngine
import Testing

/// Drift between two audits of a domain: findings keyed by rule and subject, and the facts
/// that matter, from real lab facts (a fresh audit of the lab, `LabAudit`) changed as a zone
/// or a server would change them.
@Suite("Drift", .tags(.lab))
struct DriftTests {
    static func domain(_ name: String) async throws -> (facts: FactSet, findings: [Finding]) {
        let root = try #require(try JSONSerialization.jsonObject(with: try await LabAudit.report()) as? [String: Any])
        let domains = try #require(root["domains"] as? [[String: Any]])
        let entry = try #require(domains.first { $0["domain"] as? String == name })
        let facts = try JSONDecoder().decode(FactSet.self, from: JSONSerialization.data(withJSONObject: entry["facts"]!))
        let findings = try JSONDecoder().decode([Finding].self, from: JSONSerialization.data(withJSONObject: entry["findings"]!))
        return (facts, findings)
    }

    static func drift(_ before: (facts: FactSet, findings: [Finding]), _ after: (facts: FactSet, findings: [Finding])) -> DomainDrift {
        DomainDrift(domain: after.facts.domain, from: DriftPoint(source: "run 1", time: "t1", findings: before.findings, facts: before.facts),
                    to: DriftPoint(source: "run 2", time: "t2", findings: after.findings, facts: after.facts))
    }

    @Test("the same audit again is no change, whatever its timings")
    func unchanged() async throws {
        let good = try await Self.domain("good.test")
        var again = good
        again.facts.collectedAt = "2030-01-01T00:00:00Z"
        again.facts.collection.seconds += 3
        let drift = Self.drift(good, again)
        #expect(drift.isEmpty && drift.factsCompared, "\(drift)")
    }

    @Test("a reworded message is not a change; a finding that became a problem is new, one that went away is resolved")
    func findings() async throws {
        let good = try await Self.domain("good.test")
        var after = good
        // Reworded: same rule and subject, another message.
        let index = try #require(after.findings.firstIndex { $0.outcome == .pass })
        after.findings[index].message = "said differently"
        #expect(Self.drift(good, after).findings.isEmpty)
        // p=reject became p=none: dmarc.p-none is new (a warning), dmarc.not-reject superseded by it.
        let pass = try #require(good.findings.first { $0.ruleID == "dmarc.p-none" })
        #expect(pass.outcome == .pass)
        var none = good
        none.findings = none.findings.map { f in
            var f = f
            if f.ruleID == "dmarc.p-none" { f.outcome = .warn; f.message = "p=none" }
            if f.ruleID == "dmarc.not-reject" { f.outcome = .info; f.supersededBy = "dmarc.p-none" }
            return f
        }
        let worse = Self.drift(good, none)
        #expect(worse.findings.map(\.ruleID) == ["dmarc.p-none"], "a superseded finding is not news of its own: \(worse.findings)")
        #expect(worse.findings.first?.kind == .new && worse.news.count == 1)
        let better = Self.drift(none, good)
        #expect(better.findings.map(\.kind) == [.resolved] && better.news.isEmpty)
        // warn → fail is a change for the worse (news); fail → warn is not.
        var failing = none
        failing.findings = failing.findings.map { f in var f = f; if f.ruleID == "dmarc.p-none" { f.outcome = .fail }; return f }
        #expect(Self.drift(none, failing).findings.first.map { $0.kind == .changed && $0.isNews } == true)
        #expect(Self.drift(failing, none).findings.first.map { $0.kind == .changed && !$0.isNews } == true)
        // A waived finding is not a problem: waiving it resolves it.
        var waived = none
        waived.findings = waived.findings.map { f in
            var f = f
            if f.ruleID == "dmarc.p-none" { f.waiver = Finding.WaiverNote(reason: "r", expires: "2999-01-01", profile: "p") }
            return f
        }
        #expect(Self.drift(none, waived).findings.map(\.kind) == [.resolved])
    }

    @Test("a problem not measured this time (probes off, only a pass that is 'not tested') is not resolved; one whose rule judged the others is")
    func notMeasuredIsNotResolved() async throws {
        let good = try await Self.domain("good.test")
        var expired = good
        let index = try #require(expired.findings.firstIndex { $0.ruleID == "smtp.cert-expired" })
        expired.findings[index].outcome = .fail
        let subject = expired.findings[index].subject
        // --no-smtp: no SMTP finding at all this time.
        var unprobed = good
        unprobed.findings.removeAll { $0.area == "smtp" }
        #expect(Self.drift(expired, unprobed).findings.isEmpty, "\(Self.drift(expired, unprobed).findings)")
        // This time the rule passed without measuring (notTested): not resolved either.
        var untested = good
        untested.findings[index].outcome = .notApplicable
        untested.findings[index].notTested = true
        #expect(Self.drift(expired, untested).findings.isEmpty)
        // The server was taken out of the MX set while the rule judged the others: resolved.
        var removed = good
        removed.findings.removeAll { $0.ruleID == "smtp.cert-expired" && $0.subject == subject }
        #expect(removed.findings.contains { $0.ruleID == "smtp.cert-expired" }, "the lab's good.test has more than one endpoint")
        #expect(Self.drift(expired, removed).findings.map(\.kind) == [.resolved])
        // Probes off: a probe rule's n/a is not measured (not resolved), a DNS rule's n/a is.
        var warned = good
        let pNone = try #require(warned.findings.firstIndex { $0.ruleID == "dmarc.p-none" })
        warned.findings[pNone].outcome = .warn
        let policy = try #require(warned.findings.firstIndex { $0.ruleID == "mtasts.mx-not-covered" })
        warned.findings[policy].outcome = .fail
        var blind = good
        blind.facts.smtp = SMTPFacts(status: .skipped)
        blind.findings[pNone].outcome = .notApplicable
        blind.findings[policy].outcome = .notApplicable
        let changes = Self.drift(warned, blind).findings
        #expect(changes.map(\.ruleID) == ["dmarc.p-none"] && changes.map(\.kind) == [.resolved], "\(changes)")
    }

    @Test("--remind-after: a problem unchanged for N days is news again once every N days, counted from when it began")
    func reminders() async throws {
        let good = try await Self.domain("good.test")
        var failing = good
        let index = try #require(failing.findings.firstIndex { $0.ruleID == "smtp.cert-expired" })
        failing.findings[index].outcome = .fail
        func point(_ findings: [Finding], _ time: String) -> DriftPoint {
            DriftPoint(source: "run", time: time, findings: findings, facts: nil)
        }
        // It began on day 0 (the first run), and is carried along unchanged.
        let day0 = DomainDrift.carryingSince(failing.findings, laterTime: "2026-11-01T03:00:00Z", earlier: [], earlierTime: "")
        #expect(day0[index].since == "2026-11-01T03:00:00Z" && day0.filter { $0.outcome == .pass }.allSatisfy { $0.since == nil })
        func night(_ day: Int, after previous: [Finding], _ previousTime: String) -> ([Finding], String, DomainDrift) {
            let time = String(format: "2026-11-%02dT03:00:00Z", day + 1)
            let carried = DomainDrift.carryingSince(failing.findings, laterTime: time, earlier: previous, earlierTime: previousTime)
            let drift = DomainDrift(domain: "good.test", from: point(previous, previousTime), to: point(carried, time), remindAfterDays: 7)
            return (carried, time, drift)
        }
        var (findings, time) = (day0, "2026-11-01T03:00:00Z")
        var reminded: [Int] = []
        for day in 1...15 {
            let (next, nextTime, drift) = night(day, after: findings, time)
            #expect(next[index].since == "2026-11-01T03:00:00Z", "since is kept while the problem lasts")
            if drift.findings.contains(where: { $0.kind == .reminder && $0.ruleID == "smtp.cert-expired" }) {
                reminded.append(day)
                #expect(drift.news.contains { $0.kind == .reminder }, "a reminder is news for --quiet and --fail-on new")
            }
            (findings, time) = (next, nextTime)
        }
        #expect(reminded == [7, 14], "once every 7 days: \(reminded)")
        // Without --remind-after: never.
        let plain = DomainDrift(domain: "good.test", from: point(day0, "2026-11-01T03:00:00Z"), to: point(findings, time))
        #expect(plain.findings.isEmpty)
    }

    @Test("the watched facts: MX set, SPF, DMARC, DKIM keys, MTA-STS, TLSA, certificates, STARTTLS, TLS version, DNSSEC")
    func facts() async throws {
        let good = try await Self.domain("good.test")
        var after = good
        after.facts.mx!.records.append(MXRecordFact(preference: 30, exchange: "mx3.good.test"))
        after.facts.spf!.records = ["v=spf1 mx ~all"]
        after.facts.spf!.effectiveAll = "~all"
        after.facts.dmarc!.record!.p = "none"
        after.facts.dkim!.selectors[0].keys[0].record = "v=DKIM1; k=ed25519; p=changed"
        after.facts.mtaSts!.id = "20270101T000000"
        after.facts.mx!.exchanges[0].tlsa.records[0].data = "00ff"
        after.facts.smtp!.endpoints[0].tls!.chain[0].sha256 = "abcd"
        after.facts.smtp!.endpoints[0].tls!.chain[0].notAfter = "2027-01-09T00:00:00Z"
        after.facts.smtp!.endpoints[1].tls!.version = "TLSv1.2"
        after.facts.smtp!.endpoints[2].ehlo!.starttls = false
        after.facts.dnssec!.status = .insecure
        let drift = Self.drift(good, after)
        let keys = Set(drift.facts.map(\.key))
        let endpoint0 = "\(good.facts.smtp!.endpoints[0].host) [\(good.facts.smtp!.endpoints[0].address)]:\(good.facts.smtp!.endpoints[0].port)"
        for key in ["mx", "spf.record", "spf.all", "dmarc.p", "mtasts.id", "dnssec", "tlsa:\(good.facts.mx!.exchanges[0].tlsa.name)",
                    "certificate.sha256:\(endpoint0)", "certificate.notAfter:\(endpoint0)"] {
            #expect(keys.contains(key), "\(key) in \(keys.sorted())")
        }
        #expect(keys.contains { $0.hasPrefix("dkim:") } && keys.contains { $0.hasPrefix("tls:") } && keys.contains { $0.hasPrefix("starttls:") })
        let mx = try #require(drift.facts.first { $0.key == "mx" })
        #expect(mx.kind == .changed && mx.from == "10 mx1.good.test, 20 mx2.good.test" && mx.to == "10 mx1.good.test, 20 mx2.good.test, 30 mx3.good.test")
        #expect(drift.facts.first { $0.key == "dmarc.p" }.map { $0.from == "reject" && $0.to == "none" } == true)
    }

    @Test("a lookup that failed this time is 'not seen', not removed; a report without facts compares findings only")
    func unseen() async throws {
        let good = try await Self.domain("good.test")
        var failed = good
        failed.facts.mx!.lookup.outcome = .servfail
        let drift = Self.drift(good, failed)
        let mx = try #require(drift.facts.first { $0.key == "mx" })
        #expect(mx.kind == .unseen && mx.to == nil)
        let noFacts = DomainDrift(domain: "good.test", from: DriftPoint(source: "baseline", time: "t", findings: good.findings, facts: nil),
                                  to: DriftPoint(source: "now", time: "t2", findings: good.findings, facts: good.facts))
        #expect(!noFacts.factsCompared && noFacts.isEmpty)
    }

    @Test("a side that could not be audited is not compared: no finding reads as resolved or new")
    func notAudited() async throws {
        let good = try await Self.domain("good.test")
        let failed = DriftPoint(source: "run 2", time: "t2", findings: [], facts: good.facts, collectionError: "the resolver did not answer")
        let drift = DomainDrift(domain: "good.test", from: DriftPoint(source: "run 1", time: "t1", findings: good.findings, facts: good.facts), to: failed)
        #expect(drift.findings.isEmpty && drift.facts.isEmpty && drift.news.isEmpty)
        #expect(drift.notCompared?.contains("this audit could not be made: the resolver did not answer") == true)
    }

    @Test("a problem after a night of error is news; a failed TLSA or MX lookup and a timed-out server are 'not seen', not removed")
    func unseenAndError() async throws {
        let good = try await Self.domain("good.test")
        var errored = good, warned = good
        errored.findings = errored.findings.map { f in var f = f; if f.ruleID == "dmarc.p-none" { f.outcome = .error }; return f }
        warned.findings = warned.findings.map { f in var f = f; if f.ruleID == "dmarc.p-none" { f.outcome = .warn }; return f }
        let change = try #require(Self.drift(errored, warned).findings.first)
        #expect(change.kind == .changed && change.isNews, "error → warn: \(change)")

        var noTLSA = good
        noTLSA.facts.mx!.exchanges[0].tlsa.lookup.outcome = .servfail
        noTLSA.facts.mx!.exchanges[0].tlsa.records = []
        let tlsa = try #require(Self.drift(good, noTLSA).facts.first { $0.key.hasPrefix("tlsa:") })
        #expect(tlsa.kind == .unseen, "\(tlsa)")

        var timedOut = good
        timedOut.facts.smtp!.endpoints[0].outcome = .timeout
        timedOut.facts.smtp!.endpoints[0].ehlo = nil
        timedOut.facts.smtp!.endpoints[0].tls = nil
        let endpointChanges = Self.drift(good, timedOut).facts
        #expect(!endpointChanges.isEmpty && endpointChanges.allSatisfy { $0.kind == .unseen }, "\(endpointChanges)")

        var noMX = good
        noMX.facts.mx = MXFacts(lookup: LookupFact(name: "good.test", type: "MX", outcome: .servfail))
        noMX.facts.smtp = nil
        let lost = Self.drift(good, noMX).facts
        #expect(lost.first { $0.key == "mx" }?.kind == .unseen)
        #expect(lost.filter { $0.key.hasPrefix("tlsa:") || $0.key.hasPrefix("certificate.") }.allSatisfy { $0.kind == .unseen }, "\(lost)")
    }
}
