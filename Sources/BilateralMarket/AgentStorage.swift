/// The agents' state in manually managed contiguous memory, owned by this object and
/// freed with it: two budget buffers (4 B each, `Float`) and two type buffers (1 B each),
/// 10 bytes per agent. A period reads one pair and writes the other (agents move to their
/// next bucket as they are written), then the two swap. Each buffer has 8 spare slots at
/// its end so that eight-lane loads of the last bucket stay inside it.
///
/// Budgets are stored as `Float` (24-bit significand: a budget of 10 to within 6e-7) and
/// computed in `Double`; the bid rule compares the stored value exactly
/// (`TradeKernel`'s interval ends are rounded inward), so a policy is applied as written
/// to the budget the agent holds.
///
/// Parallel work writes disjoint index ranges only, which is what makes the unchecked
/// `Sendable` conformance sound.
final class AgentStorage: @unchecked Sendable {
    let count: Int
    /// Budgets and types of the current period, grouped by bucket.
    private(set) var budgets: UnsafeMutablePointer<Float>
    private(set) var types: UnsafeMutablePointer<UInt8>
    /// Where the period writes the next period's arrangement.
    private(set) var nextBudgets: UnsafeMutablePointer<Float>
    private(set) var nextTypes: UnsafeMutablePointer<UInt8>

    init(count: Int) {
        self.count = count
        let capacity = count + 8
        budgets = .allocate(capacity: capacity)
        budgets.initialize(repeating: 0, count: capacity)
        nextBudgets = .allocate(capacity: capacity)
        nextBudgets.initialize(repeating: 0, count: capacity)
        types = .allocate(capacity: capacity)
        types.initialize(repeating: 0, count: capacity)
        nextTypes = .allocate(capacity: capacity)
        nextTypes.initialize(repeating: 0, count: capacity)
    }

    /// Makes the arrangement just written the current one.
    func swapBuffers() {
        swap(&budgets, &nextBudgets)
        swap(&types, &nextTypes)
    }

    deinit {
        budgets.deallocate()
        nextBudgets.deallocate()
        types.deallocate()
        nextTypes.deallocate()
    }
}
