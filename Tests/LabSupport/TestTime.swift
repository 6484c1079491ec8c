import Foundation

/// Bounds on waiting in tests that prove something does not hang. Under the sanitizers the
/// code runs several times slower and timers fire late, so `scripts/sanitizers.sh` sets
/// MAILAUDIT_TEST_TIME_SCALE (4): a bound that holds with room to spare in a release build
/// would otherwise fail for a reason that is not the code's.
public enum TestTime {
    /// The factor from MAILAUDIT_TEST_TIME_SCALE, 1 when unset or not a number ≥ 1.
    public static let scale: Double = {
        guard let text = ProcessInfo.processInfo.environment["MAILAUDIT_TEST_TIME_SCALE"], let value = Double(text), value >= 1 else { return 1 }
        return value
    }()

    /// `seconds` stretched by `scale`.
    public static func scaled(_ seconds: Double) -> Double { seconds * scale }
}
