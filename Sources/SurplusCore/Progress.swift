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

/// One progress bar over a fixed list of named stages: the idiom every multi-stage
/// computation uses. Stage `i` owns the share `[i, i + 1) / count` of the bar, and the
/// handler returned by ``within(_:)`` maps a stage's own progress into that share.
public struct ProgressStages: Sendable {
    public let names: [String]
    let progress: ProgressHandler?

    public init(_ names: [String], reportingTo progress: ProgressHandler?) {
        self.names = names
        self.progress = progress
    }

    /// Stage `index` starts.
    public func begin(_ index: Int) {
        progress?(ProgressUpdate(stage: names[index], completed: index * Self.resolution, total: total))
    }

    /// A handler for the inner progress of stage `index`, or nil when nobody listens.
    public func within(_ index: Int) -> ProgressHandler? {
        guard let progress else { return nil }
        let name = names[index], total = total
        return { update in
            let inner = Int(update.fraction * Double(Self.resolution - 1))
            progress(ProgressUpdate(stage: "\(name): \(update.stage)", completed: index * Self.resolution + inner, total: total))
        }
    }

    /// Every stage is done.
    public func finish() {
        progress?(ProgressUpdate(stage: "done", completed: total, total: total))
    }

    static let resolution = 1000
    var total: Int { names.count * Self.resolution }
}
