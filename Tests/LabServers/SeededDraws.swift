/// SplitMix64: a small, seedable generator, for the fault-injecting peers (`FaultyResolver`,
/// `LatencyRelay`): the tests need the same faults each run.
public enum SeededDraws {
    /// The next number in 0..<1.
    public static func next(_ state: inout UInt64) -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(1 << 53)
    }
}
