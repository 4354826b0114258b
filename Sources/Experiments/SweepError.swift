/// Why a sweep step failed, with the exit status a scheduler acts on (sysexits.h):
/// a retry cannot fix a usage error or a plan mismatch, and may fix a runtime failure.
public enum SweepError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The shard's assignment or the files named are unusable (EX_USAGE, 64).
    case usage(String)
    /// The plan and what was run or merged disagree: another hash, another tool version,
    /// a point the command rejects, a row twice (EX_DATAERR, 65).
    case planMismatch(String)
    /// Something a retry may fix: a missing shard, an unwritable file (1).
    case runtime(String)

    public var exitStatus: Int32 {
        switch self {
        case .usage: 64
        case .planMismatch: 65
        case .runtime: 1
        }
    }

    public var description: String {
        switch self {
        case let .usage(text), let .planMismatch(text), let .runtime(text): text
        }
    }
}
