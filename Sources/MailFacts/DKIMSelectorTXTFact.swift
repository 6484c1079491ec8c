public struct DKIMSelectorTXTFact: Codable, Sendable, Equatable {
    public var selector: String
    public var txt: TXTSetFact

    public init(selector: String, txt: TXTSetFact) {
        self.selector = selector
        self.txt = txt
    }
}
