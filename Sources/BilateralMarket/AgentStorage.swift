/// The agents' state in manually managed contiguous memory, owned by this object
/// and freed with it: two budget buffers (8 B each), two type buffers (1 B each),
/// a bucket tag (1 B) and a pairing index (4 B), 23 bytes per agent. Parallel work
/// writes disjoint index ranges only, which is what makes the unchecked `Sendable`
/// conformance sound.
final class AgentStorage: @unchecked Sendable {
    let count: Int
    /// Budgets and types of the current period, grouped by bucket.
    private(set) var budgets: UnsafeMutablePointer<Double>
    private(set) var types: UnsafeMutablePointer<UInt8>
    /// Where the scatter writes the next period's arrangement.
    private(set) var nextBudgets: UnsafeMutablePointer<Double>
    private(set) var nextTypes: UnsafeMutablePointer<UInt8>
    /// Each agent's bucket for next period.
    let tags: UnsafeMutablePointer<UInt8>
    /// Client and server lists of each bucket.
    let pairing: UnsafeMutablePointer<UInt32>

    init(count: Int) {
        self.count = count
        budgets = .allocate(capacity: count)
        budgets.initialize(repeating: 0, count: count)
        nextBudgets = .allocate(capacity: count)
        nextBudgets.initialize(repeating: 0, count: count)
        types = .allocate(capacity: count)
        types.initialize(repeating: 0, count: count)
        nextTypes = .allocate(capacity: count)
        nextTypes.initialize(repeating: 0, count: count)
        tags = .allocate(capacity: count)
        tags.initialize(repeating: 0, count: count)
        pairing = .allocate(capacity: count)
        pairing.initialize(repeating: 0, count: count)
    }

    /// Makes the scattered arrangement the current one.
    func swapBuffers() {
        swap(&budgets, &nextBudgets)
        swap(&types, &nextTypes)
    }

    deinit {
        budgets.deallocate()
        nextBudgets.deallocate()
        types.deallocate()
        nextTypes.deallocate()
        tags.deallocate()
        pairing.deallocate()
    }
}
