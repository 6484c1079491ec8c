/// Small helpers for names in presentation form.
public enum DNSName {
    /// The absolute, lower-cased form of a name: `Example.ORG` becomes `example.org.`.
    /// DNS names compare case-insensitively (RFC 4343); lower-casing only ASCII keeps escapes intact.
    public static func absolute(_ name: String) -> String {
        let lowered = String(name.unicodeScalars.map { scalar -> Character in
            (scalar.value >= 65 && scalar.value <= 90) ? Character(Unicode.Scalar(scalar.value + 32)!) : Character(scalar)
        })
        if lowered.isEmpty || lowered == "." { return "." }
        return lowered.hasSuffix(".") && !lowered.hasSuffix("\\.") ? lowered : lowered + "."
    }

    /// Two names are the same name (RFC 4343 case-insensitive comparison, trailing dot optional).
    public static func equal(_ lhs: String, _ rhs: String) -> Bool {
        absolute(lhs) == absolute(rhs)
    }
}
