import SurplusCore

/// Where a population's buckets lie in memory this period and the next, and where each
/// bucket writes its agents for the next period.
///
/// An agent's next bucket is part of its slot's draw, keyed by period, bucket and slot
/// (`PeriodJob.destination`): it depends on where the agent sits, not on who it is, so
/// how many agents bucket c sends to bucket d in period t+1 (the count matrix M) can be
/// computed during period t, before those agents exist. The offsets that follow from M
/// (bucket d's agents in source order c = 0, 1, ...) are then ready when period t+1
/// begins, and each bucket writes its agents straight to their places: no second pass,
/// one barrier per period, the same layout whatever the threads.
final class BucketLayout: @unchecked Sendable {
    let count: Int
    /// Bucket b of this period is `bounds[b] ..< bounds[b + 1]`.
    private(set) var bounds: UnsafeMutablePointer<Int>
    /// The same for the next period (the column sums of `counts`).
    private(set) var nextBounds: UnsafeMutablePointer<Int>
    /// counts[c * count + d]: agents bucket c sends to bucket d this period.
    private var counts: UnsafeMutablePointer<Int32>
    /// The same for the next period, filled row by row while this one runs.
    private var nextCounts: UnsafeMutablePointer<Int32>
    /// offsets[c * count + d]: where bucket c writes its first agent for bucket d.
    let offsets: UnsafeMutablePointer<Int>

    /// `agents` in `buckets` equal chunks (the first period's layout); `countFirstPeriod`
    /// must fill the first period's counts, then `advance()` makes it current.
    init(agents: Int, buckets: Int) {
        count = buckets
        bounds = .allocate(capacity: buckets + 1)
        nextBounds = .allocate(capacity: buckets + 1)
        let chunks = Parallel.ranges(count: agents, chunks: buckets)
        for b in 0..<buckets { nextBounds[b] = chunks[b].lowerBound }
        nextBounds[buckets] = agents
        bounds.initialize(from: nextBounds, count: buckets + 1)
        counts = .allocate(capacity: buckets * buckets)
        counts.initialize(repeating: 0, count: buckets * buckets)
        nextCounts = .allocate(capacity: buckets * buckets)
        nextCounts.initialize(repeating: 0, count: buckets * buckets)
        offsets = .allocate(capacity: buckets * buckets)
        offsets.initialize(repeating: 0, count: buckets * buckets)
    }

    deinit {
        bounds.deallocate()
        nextBounds.deallocate()
        counts.deallocate()
        nextCounts.deallocate()
        offsets.deallocate()
    }

    /// Row `bucket` of the next counts: the destinations drawn in `period` by the slots
    /// of bucket `bucket` of the next layout. Rows are disjoint: any thread may fill any row.
    func countDestinations(of bucket: Int, period: Int, options: RunOptions) {
        let row = nextCounts + bucket * count
        row.update(repeating: 0, count: count)
        let draws = Population.random(.slotDraws, options, period: period, bucket: bucket)
        let n = nextBounds[bucket + 1] - nextBounds[bucket]
        for i in 0..<n { row[PeriodJob.destination(draws.bits(i), buckets: count)] &+= 1 }
    }

    /// The next period becomes this one: its bounds, its counts, the following period's
    /// bounds (column sums) and this period's write offsets.
    func advance() {
        swap(&bounds, &nextBounds)
        swap(&counts, &nextCounts)
        let running = UnsafeMutablePointer<Int>.allocate(capacity: count)
        defer { running.deallocate() }
        running.initialize(repeating: 0, count: count)
        for c in 0..<count {
            for d in 0..<count { running[d] &+= Int(counts[c * count + d]) }
        }
        var position = 0
        for d in 0..<count {
            nextBounds[d] = position
            position += running[d]
        }
        nextBounds[count] = position
        for d in 0..<count { running[d] = nextBounds[d] }
        for c in 0..<count {
            for d in 0..<count {
                offsets[c * count + d] = running[d]
                running[d] &+= Int(counts[c * count + d])
            }
        }
    }
}
