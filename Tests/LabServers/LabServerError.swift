/// A server of the lab that could not be started (NSD, the latency relay), in words.
public struct LabServerError: Error, CustomStringConvertible {
    public let description: String

    public init(description: String) {
        self.description = description
    }
}
