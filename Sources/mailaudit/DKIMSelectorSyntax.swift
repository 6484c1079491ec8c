import Collector
import Foundation
import MailFacts
import Reports

/// What a DKIM selector may be (RFC 6376 §3.1: `selector = sub-domain *( "." sub-domain )`,
/// each a label of letters, digits and hyphens, not starting or ending with a hyphen;
/// underscores are accepted, as some providers use them). `sel1 sel2`, an empty entry of a
/// list and a name with spaces are input errors, never a lookup of a name that cannot exist.
enum DKIMSelectorSyntax {
    /// Why `selector` is not one, or nil.
    static func problem(_ selector: String) -> String? {
        if selector.isEmpty { return "an empty selector (two commas, or a comma at an end)" }
        guard selector.utf8.count <= 200 else { return "'\(InertText.escape(selector))' is too long for a selector" }
        for label in selector.split(separator: ".", omittingEmptySubsequences: false) {
            guard !label.isEmpty, label.count <= 63 else {
                return "'\(InertText.escape(selector))' is not a selector (RFC 6376 §3.1: labels of 1 to 63 letters, digits and hyphens, joined by dots)"
            }
            let allowed = label.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "-" || $0 == "_" }
            guard allowed, !label.hasPrefix("-"), !label.hasSuffix("-") else {
                return "'\(InertText.escape(selector))' is not a selector (RFC 6376 §3.1: letters, digits and hyphens, joined by dots)"
            }
        }
        return nil
    }
}
