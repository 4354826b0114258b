/// An indexed binary max-heap of sellers keyed by residual supply, which the
/// priority schedule pops to find a buyer's pool of largest residuals.
///
/// Order: seller a comes before seller b when its key is larger, or the keys
/// are equal and a has the smaller rank (the larger D^j: the order of I_i(n),
/// "sellers with the largest quantities"). `rank` must be a permutation of
/// `0..<count`, so the order is strict and the pop order is unique.
///
/// Invariant (``isValid(rank:)``, checked by the tests after every operation):
/// - heap order: no element of `heap` comes after its parent, `(p - 1) / 2`;
/// - `position` indexes `heap`: `position[heap[p]] == p` for every slot p, and
///   `position[j] == -1` for every seller j not in the heap;
/// - no seller is in the heap twice.
///
/// Cost: `rebuild` O(n), `popMax`, `push` and `update` O(log n).
package struct SellerHeap {
    /// Sellers in heap order; `heap[0]` comes first.
    package private(set) var heap: [Int] = []
    /// The slot of each seller in `heap`, -1 when it is not there.
    package private(set) var position: [Int]
    /// Each seller's key (its residual supply), in the heap or not.
    package private(set) var key: [Double]

    package init(count: Int) {
        position = Array(repeating: -1, count: count)
        key = Array(repeating: 0, count: count)
    }

    /// Whether seller a comes before seller b.
    @inline(__always)
    func above(_ a: Int, _ b: Int, _ rank: [Int]) -> Bool {
        Self.comesBefore(a, b, keys: key, rank: rank)
    }

    /// The heap's order: a larger key first, then a smaller rank.
    @inline(__always)
    static func comesBefore(_ a: Int, _ b: Int, keys: [Double], rank: [Int]) -> Bool {
        keys[a] != keys[b] ? keys[a] > keys[b] : rank[a] < rank[b]
    }

    /// Every seller `0..<keys.count` with its key, heapified bottom-up.
    package mutating func rebuild(keys: [Double], rank: [Int]) {
        key = keys
        heap = Array(0..<keys.count)
        for p in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(p, rank) }
        for (p, j) in heap.enumerated() { position[j] = p }
    }

    mutating func swapAt(_ a: Int, _ b: Int) {
        heap.swapAt(a, b)
        position[heap[a]] = a
        position[heap[b]] = b
    }

    mutating func siftDown(_ start: Int, _ rank: [Int]) {
        var p = start
        let n = heap.count
        while true {
            let l = 2 * p + 1, r = l + 1
            var best = p
            if l < n && above(heap[l], heap[best], rank) { best = l }
            if r < n && above(heap[r], heap[best], rank) { best = r }
            if best == p { return }
            heap.swapAt(p, best)
            position[heap[p]] = p
            position[heap[best]] = best
            p = best
        }
    }

    mutating func siftUp(_ start: Int, _ rank: [Int]) {
        var p = start
        while p > 0 {
            let parent = (p - 1) / 2
            if !above(heap[p], heap[parent], rank) { return }
            swapAt(p, parent)
            p = parent
        }
    }

    /// Removes and returns the first seller (nil when the heap is empty).
    package mutating func popMax(rank: [Int]) -> Int? {
        guard let top = heap.first else { return nil }
        let last = heap.removeLast()
        position[top] = -1
        if !heap.isEmpty {
            heap[0] = last
            position[last] = 0
            siftDown(0, rank)
        }
        return top
    }

    /// Inserts seller j, which must not be in the heap, with key k.
    package mutating func push(_ j: Int, key k: Double, rank: [Int]) {
        key[j] = k
        heap.append(j)
        position[j] = heap.count - 1
        siftUp(heap.count - 1, rank)
    }

    /// Changes the key of seller j (only the key when j is not in the heap).
    package mutating func update(_ j: Int, key k: Double, rank: [Int]) {
        let old = key[j]
        key[j] = k
        let p = position[j]
        guard p >= 0 else { return }
        if k < old { siftDown(p, rank) } else { siftUp(p, rank) }
    }

    /// Whether the invariant above holds: O(n), for tests and debugging.
    package func isValid(rank: [Int]) -> Bool {
        guard Self.isHeapOrder(heap, keys: key, rank: rank) else { return false }
        var inHeap = Array(repeating: false, count: position.count)
        for (p, j) in heap.enumerated() {
            guard j >= 0, j < position.count, !inHeap[j], position[j] == p else { return false }
            inHeap[j] = true
        }
        return position.indices.allSatisfy { inHeap[$0] || position[$0] == -1 }
    }

    /// Whether no element of `heap` comes before its parent under `keys` and `rank`.
    package static func isHeapOrder(_ heap: [Int], keys: [Double], rank: [Int]) -> Bool {
        heap.indices.dropFirst().allSatisfy { p in !comesBefore(heap[p], heap[(p - 1) / 2], keys: keys, rank: rank) }
    }
}
