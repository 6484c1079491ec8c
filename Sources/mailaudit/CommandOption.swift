/// One option of a command as ArgumentParser describes it (`--experimental-dump-help`,
/// `_dumpHelp()`: ToolInfo version 0): only what the configuration file needs. Its own
/// types, because swift-argument-parser does not export ArgumentParserToolInfo.
struct CommandOption: Decodable {
    struct ToolInfo: Decodable {
        struct Command: Decodable { var arguments: [CommandOption]? }
        var serializationVersion: Int
        var command: Command
    }

    struct Name: Decodable {
        /// "long", "short" or "longWithSingleDash".
        var kind: String
        var name: String
    }

    /// "positional", "option" or "flag".
    var kind: String
    var names: [Name]?
    var isRepeating: Bool
    var valueName: String?
    /// The values an option takes, when it takes only some (an enumeration).
    var allValues: [String]?
}
