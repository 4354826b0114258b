/// What can go wrong in a provisioning computation beyond bad input (which is an
/// `InputError` naming the field): each prints as one line.
public enum ProvisioningError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The model is well formed but the requested computation does not apply to it.
    case unsupported(field: String, reason: String)
    /// A numerical search failed to bracket or converge.
    case noSolution(what: String, reason: String)

    public var description: String {
        switch self {
        case let .unsupported(field, reason):
            return "\(field): \(reason)"
        case let .noSolution(what, reason):
            return "no solution for \(what): \(reason)"
        }
    }
}
