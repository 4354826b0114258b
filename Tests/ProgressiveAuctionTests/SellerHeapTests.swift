import ProgressiveAuction
import SurplusCore
import Testing

/// `SellerHeap`, the priority schedule's indexed max-heap: its invariant holds
/// after every operation, and it pops in the order a sort gives.
@Suite struct SellerHeapTests {
    /// The heap's order: larger key first, then smaller rank.
    static func sortedOrder(_ sellers: [Int], keys: [Double], rank: [Int]) -> [Int] {
        sellers.sorted { keys[$0] != keys[$1] ? keys[$0] > keys[$1] : rank[$0] < rank[$1] }
    }

    /// Random sequences of rebuilds, pops, pushes and key updates on 1-40
    /// sellers, with keys on a coarse grid so that ties (broken by rank) are
    /// common. Every pop must return the first seller of the sorted order of
    /// the sellers in the heap, and draining the heap must give that order.
    @Test(arguments: UInt64(1)...30)
    func randomOperationsKeepTheInvariant(seed: UInt64) {
        var rng = RandomStream(seed: seed)
        let n = 1 + rng.nextIndex(below: 40)
        let rank = Array(0..<n).shuffled(using: &rng)
        var keys = (0..<n).map { _ in Double(rng.nextIndex(below: 8)) }
        var heap = SellerHeap(count: n)
        heap.rebuild(keys: keys, rank: rank)
        #expect(heap.isValid(rank: rank))
        var inHeap = Set(0..<n)
        for step in 0..<400 {
            switch rng.nextIndex(below: 3) {
            case 0:
                let expected = Self.sortedOrder(Array(inHeap), keys: keys, rank: rank).first
                let popped = heap.popMax(rank: rank)
                #expect(popped == expected, "seed \(seed), step \(step)")
                if let popped { inHeap.remove(popped) }
            case 1:
                let out = (0..<n).filter { !inHeap.contains($0) }
                guard let j = out.isEmpty ? nil : out[rng.nextIndex(below: out.count)] else { continue }
                keys[j] = Double(rng.nextIndex(below: 8))
                heap.push(j, key: keys[j], rank: rank)
                inHeap.insert(j)
            default:
                let j = rng.nextIndex(below: n)
                keys[j] = Double(rng.nextIndex(below: 8))
                heap.update(j, key: keys[j], rank: rank)
            }
            #expect(heap.isValid(rank: rank), "seed \(seed), step \(step)")
            #expect(Set(heap.heap) == inHeap, "seed \(seed), step \(step)")
        }
        let expected = Self.sortedOrder(Array(inHeap), keys: keys, rank: rank)
        var drained: [Int] = []
        while let j = heap.popMax(rank: rank) { drained.append(j) }
        #expect(drained == expected, "seed \(seed)")
        #expect(heap.isValid(rank: rank) && heap.heap.isEmpty)
    }

    /// The check itself rejects a broken heap.
    @Test func invalidHeapIsDetected() {
        let rank = [0, 1, 2]
        var heap = SellerHeap(count: 3)
        heap.rebuild(keys: [1, 2, 3], rank: rank)
        #expect(heap.isValid(rank: rank) && heap.heap.first == 2)
        // Raising a key without sifting is what `update` must never leave behind:
        // a fresh heap built over other keys, then judged against the old order.
        var stale = SellerHeap(count: 3)
        stale.rebuild(keys: [3, 2, 1], rank: rank)
        #expect(stale.isValid(rank: rank))
        #expect(!SellerHeap.isHeapOrder(stale.heap, keys: [1, 2, 3], rank: rank))
    }
}
