struct CELLexedToken {
    let token: CELToken
    /// Offset in characters from the start of the expression.
    let position: Int
}
