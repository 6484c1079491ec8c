/// The cause and the advice as one line: `cause; advice`.
public enum CollectionAdviceText {
    public static func join(_ cause: String, _ advice: String?) -> String {
        advice.map { "\(cause); \($0)" } ?? cause
    }
}
