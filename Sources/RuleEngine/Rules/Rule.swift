import Foundation

/// One rule of a rule file (docs/extending.md, "A rule").
public struct Rule: Sendable {
    public var id: String
    public var title: String
    /// What holds when the rule passes ("A DMARC policy applies"): the title of a passed finding.
    public var passTitle: String? = nil
    /// The title of a finding that could not judge, when "Could not check whether <passTitle>"
    /// does not read well (a rule that reports a list it cannot use).
    public var errorTitle: String? = nil
    public var severity: Severity
    /// What the problem costs when the rule does not pass, 1 to 5 (docs/extending.md, "Impact"):
    /// 5 mail is lost or refused now; 4 anyone can send as the domain, or mail crosses the
    /// network readable; 3 a protection is weakened; 2 best practice; 1 a note. Findings of
    /// one severity are shown by impact, so what to fix first comes first.
    public var impact: Int = 2
    /// The rule file gave `impact` (`rules test` reports a rule without one).
    public var impactGiven = false
    /// The rule file's area (`mx`, `spf`, ...).
    public var area: String
    /// A fact list to judge element by element (`mx.exchanges`); nil for once per domain.
    public var scope: String?
    /// The name the element has in the expressions (default `item`).
    public var variable: String
    /// `when`: applicability; the outcome is n/a when it does not hold.
    public var when: CELExpr?
    /// `check`: what must hold.
    public var check: CELExpr
    /// Fact paths of lookups (with an `outcome`) or parts (with a `status`) the rule needs:
    /// when one of them failed, the outcome is `error`, never `fail`. An entry `a | b` needs
    /// any one of its paths: it fails only when all of them did.
    public var requires: [String]
    /// `cannotJudge`: conditions under which the facts themselves say the check cannot be
    /// judged (a blocklist refused the query, an answer no list gives): the outcome is
    /// `error` with this entry's message and fix, never `fail`. Tried in order, after
    /// `requires` and `when`, before `check`.
    public var cannotJudge: [CannotJudge] = []
    /// `notTested`: conditions under which a pass would claim more than was measured (only
    /// the negotiated TLS version was seen, not every version the server accepts): when the
    /// check passes and one holds, the outcome is n/a with "not tested: <message>" (say how
    /// to test it), never pass. A check that fails on what was measured still fails.
    public var notTested: [NotTested] = []
    public var message: MessageTemplate
    public var fix: MessageTemplate?
    public var refs: [String]
    /// Rules this one supersedes for the same subject: when this one does not pass, their
    /// findings describe the same cause again, so they are kept (marked) but not counted or
    /// shown as problems of their own.
    public var supersedes: [String] = []
    /// Rule id patterns (`mx.*`) this rule is the root cause for: when it does not pass, the
    /// findings of those rules for the domain are not judged because of it (n/a, counted
    /// apart): a domain that does not exist gets one finding, not a list of repairs.
    public var blocks: [String] = []
    /// Lines that show the values the rule judged (the record, the terms, the certificate),
    /// printed under a finding that does not pass. From the rule, or else from its file
    /// (`evidence` for rules of the domain, `scopeEvidence` for rules with a scope).
    public var evidence: [MessageTemplate] = []
    /// The rule names a cause that explains other findings (the domain does not exist, DNSSEC
    /// fails): when it does not pass, reports show it first.
    public var rootCause = false
    /// The rule's own numbers, read in its expressions as `parameters.NAME`; outputs that
    /// show the same judgement take them from here (`CertificateThresholds`), never a number
    /// of their own.
    public var parameters: [String: CELValue] = [:]
    public var examples: [RuleExample]
    public var location: SourceLocation

    /// The title of a finding that could not judge: what it would have checked, as a question
    /// left open ("Could not check whether the domain exists"), never the pass title as if it held.
    public var couldNotCheckTitle: String {
        if let errorTitle { return errorTitle }
        guard let passTitle else { return "Could not check: " + title }
        return "Could not check whether " + Self.lowercasingFirst(passTitle)
    }

    /// The title of a pass that was not all measured: the question left open. A rule titled by
    /// a negation ("An MX does not offer STARTTLS") asks it in its pass title's words
    /// ("whether the MX offers STARTTLS"), never as a double negative.
    public var notTestedTitle: String {
        let negative = title.hasPrefix("No ") || title.contains(" not ") || title.contains("n't ")
        let question = negative ? (passTitle ?? title) : title
        return Finding.notTestedTitlePrefix + "whether " + Self.lowercasingFirst(question)
    }

    /// "The MX ..." → "the MX ...", but "DNSSEC validation ..." stays as it is (an acronym).
    public static func lowercasingFirst(_ text: String) -> String {
        let letters = Array(text.prefix(2))
        if letters.count == 2, letters[1].isUppercase { return text }
        return text.prefix(1).lowercased() + text.dropFirst()
    }

    /// Every expression of the rule, with the part it is in (`check`, `message`, ...): what
    /// the loader checks against the facts, and where profile settings are read.
    var expressions: [(part: String, expr: CELExpr)] {
        var all: [(part: String, expr: CELExpr)] = [("check", check)]
        if let when { all.append(("when", when)) }
        all += message.expressions.map { ("message", $0) }
        all += (fix?.expressions ?? []).map { ("fix", $0) }
        all += evidence.flatMap(\.expressions).map { ("evidence", $0) }
        for entry in cannotJudge {
            all.append(("cannotJudge", entry.condition))
            all += (entry.message.expressions + (entry.fix?.expressions ?? [])).map { ("cannotJudge", $0) }
        }
        for entry in notTested {
            all.append(("notTested", entry.condition))
            all += entry.message.expressions.map { ("notTested", $0) }
        }
        return all
    }

    /// The paths of one `requires` entry (`mx.lookup | txt.domain.lookup`).
    static func alternatives(_ entry: String) -> [String] {
        entry.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// One `notTested` entry: `if` the condition holds, a pass is "not tested: `message`".
    public struct NotTested: Sendable {
        public var condition: CELExpr
        public var message: MessageTemplate
        /// `beforeCheck: true`: the question cannot be asked of these facts at all (a domain
        /// audited before its delegation, whose DNSSEC chain cannot exist yet): n/a "not
        /// tested" whatever the check and the inputs would say, tried before anything else.
        public var beforeCheck = false
    }

    /// One `cannotJudge` entry: `if` the condition holds, the rule reports `error` with `message` and `fix`.
    public struct CannotJudge: Sendable {
        public var condition: CELExpr
        public var message: MessageTemplate
        public var fix: MessageTemplate?
    }
}
