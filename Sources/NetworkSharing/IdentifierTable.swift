/// Agent ids interned by their UTF-8 bytes, each given the next index on first sight: the
/// table the graph readers (`NetworkFile`) look every id of every edge up in, without making a
/// `String` per field. Open addressing with linear probing over a power-of-two slot array,
/// kept at most half full; an id's bytes are copied once, into one contiguous arena.
struct IdentifierTable {
    /// The bytes of every id, id k at `arena[keyStart[k] ..< keyStart[k + 1]]`.
    private var arena: [UInt8] = []
    private var keyStart: [Int] = [0]
    private var keyHash: [UInt32] = []
    /// Index + 1 of the id in each slot (0: empty).
    private var slots: [Int32]
    private var mask: Int

    /// The most ids a table holds (indices are `Int32`, as in `SharingNetwork`).
    static let capacityLimit = 1 << 30

    init(expected: Int = 16) {
        var size = 16
        while size < 2 * min(expected, Self.capacityLimit) { size <<= 1 }
        slots = [Int32](repeating: 0, count: size)
        mask = size - 1
    }

    var count: Int { keyHash.count }

    /// The index of the id `bytes`, and whether it was new (then it is added, with the next index).
    /// Returns nil, adding nothing, once the table holds `capacityLimit` ids.
    @inline(__always)
    mutating func intern(_ bytes: UnsafeRawBufferPointer) -> (index: Int, isNew: Bool)? {
        let hash = Self.hash(bytes)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = Int(slots[slot])
            if entry == 0 { break }
            let k = entry - 1
            if keyHash[k] == UInt32(truncatingIfNeeded: hash) && equals(k, bytes) { return (k, false) }
            slot = (slot + 1) & mask
        }
        guard count < Self.capacityLimit else { return nil }
        let k = count
        arena.append(contentsOf: bytes)
        keyStart.append(arena.count)
        keyHash.append(UInt32(truncatingIfNeeded: hash))
        slots[slot] = Int32(k + 1)
        if 2 * count > slots.count { grow() }
        return (k, true)
    }

    /// Id k as a `String`, or nil if its bytes are not UTF-8.
    func string(_ k: Int) -> String? {
        arena.withUnsafeBufferPointer {
            String(validating: UnsafeBufferPointer(rebasing: $0[keyStart[k]..<keyStart[k + 1]]), as: UTF8.self)
        }
    }

    /// The ids of the given indices as strings; `invalid(position)` is thrown for the first
    /// that is not UTF-8.
    func strings(_ indices: some Sequence<Int>, invalid: (Int) -> Error) throws -> [String] {
        var out: [String] = []
        out.reserveCapacity(count)
        for (position, k) in indices.enumerated() {
            guard let id = string(k) else { throw invalid(position) }
            out.append(id)
        }
        return out
    }

    @inline(__always)
    private func equals(_ k: Int, _ bytes: UnsafeRawBufferPointer) -> Bool {
        let start = keyStart[k], length = keyStart[k + 1] - start
        guard length == bytes.count else { return false }
        return arena.withUnsafeBufferPointer { stored in
            for i in 0..<length where stored[start + i] != bytes[i] { return false }
            return true
        }
    }

    private mutating func grow() {
        let size = 2 * slots.count
        slots = [Int32](repeating: 0, count: size)
        mask = size - 1
        for k in 0..<count {
            var slot = Int(keyHash[k]) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(k + 1)
        }
    }

    /// A multiplicative hash of the bytes, eight at a time (ids are short: one or two words).
    @inline(__always)
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h = UInt64(truncatingIfNeeded: bytes.count) &* 0x9E37_79B9_7F4A_7C15
        var i = 0
        while i < bytes.count {
            var word: UInt64 = 0
            let end = min(i + 8, bytes.count)
            var shift: UInt64 = 0
            for k in i..<end {
                word |= UInt64(bytes[k]) << shift
                shift += 8
            }
            h = (h ^ word) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 29
            i = end
        }
        return h ^ (h >> 32)
    }
}
