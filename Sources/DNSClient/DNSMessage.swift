/// A DNS response decoded as the client decodes what a resolver sends: for tests, the
/// fuzzer (`scripts/fuzz.sh dns-message`) and tools that read captured answers.
public enum DNSMessage {
    /// The answer `bytes` give to `question` (CNAME chain followed, records of the asked
    /// type only); nil when the bytes are not a well-formed DNS message.
    public static func answer(decoding bytes: [UInt8], for question: DNSQuestion) -> DNSAnswer? {
        guard let response = bytes.withUnsafeBytes({ LDNSWire.parse($0) }) else { return nil }
        return QueryRunner.interpret(response, question: question)
    }
}
