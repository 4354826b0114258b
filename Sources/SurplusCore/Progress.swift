/// Progress of a long computation, reported through a closure the caller may ignore.
public struct ProgressUpdate: Sendable, Equatable {
    /// What is being done, e.g. "value iteration".
    public let stage: String
    public let completed: Int
    public let total: Int

    public init(stage: String, completed: Int, total: Int) {
        self.stage = stage
        self.completed = completed
        self.total = total
    }

    /// completed / total in [0, 1].
    public var fraction: Double { total > 0 ? min(1, Double(completed) / Double(total)) : 0 }
}

/// Receives progress updates; must be cheap and thread-safe.
public typealias ProgressHandler = @Sendable (ProgressUpdate) -> Void
