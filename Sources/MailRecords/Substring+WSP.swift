import Foundation

extension Substring {
    /// Without the spaces and tabs (WSP) at either end.
    func trimmingWSP() -> Substring {
        var result = self
        while let first = result.first, first == " " || first == "\t" { result = result.dropFirst() }
        while let last = result.last, last == " " || last == "\t" { result = result.dropLast() }
        return result
    }
}

extension StringProtocol {
    func trimmingWSP() -> Substring { Substring(self).trimmingWSP() }
}
