/// Agent ids interned by their UTF-8 bytes, each given the next index on first sight: the
/// table the graph readers (`NetworkFile`) look every id of every edge up in, without making a
/// `String` per field. Open addressing with linear probing over a power-of-two slot array,
/// kept at most half full; an id's bytes are copied once, into one contiguous arena.
struct IdentifierTable {
    /// The bytes of every id, id k at `arena[keyStart[k] ..< keyStart[k + 1]]`.
    private var arena: [UInt8] = []
    private var keyStart: [Int] = [0]
    /// Two words per slot: the id's bytes packed little-endian if it has at most 8 of them (so a
    /// lookup compares in the slot itself, one cache line), else its hash; then index + 1 and
    /// the length << 32 (0: empty slot).
    private var slots: [UInt64]
    private var mask: Int

    /// The most ids a table holds (indices are `Int32`, as in `SharingNetwork`).
    static let capacityLimit = 1 << 30

    init(expected: Int = 16) {
        var size = 16
        while size < 2 * min(expected, Self.capacityLimit) { size <<= 1 }
        slots = [UInt64](repeating: 0, count: 2 * size)
        mask = size - 1
    }

    var count: Int { keyStart.count - 1 }

    /// The index of the id `bytes`, and whether it was new (then it is added, with the next index).
    /// Returns nil, adding nothing, once the table holds `capacityLimit` ids.
    @inline(__always)
    mutating func intern(_ bytes: UnsafeRawBufferPointer) -> (index: Int, isNew: Bool)? {
        let length = bytes.count
        let word: UInt64
        if length <= 8 {
            var packed: UInt64 = 0
            for k in 0..<length { packed |= UInt64(bytes[k]) << UInt64(8 * k) }
            word = packed
        } else {
            word = Self.hash(bytes)
        }
        var slot = Int(truncatingIfNeeded: Self.mix(word ^ UInt64(length))) & mask
        let found: Int? = slots.withUnsafeBufferPointer { table in
            while true {
                let meta = table[2 * slot + 1]
                if meta == 0 { return nil }
                if meta >> 32 == UInt64(length) && table[2 * slot] == word {
                    let k = Int(meta & 0xFFFF_FFFF) - 1
                    if length <= 8 || equals(k, bytes) { return k }
                }
                slot = (slot + 1) & mask
            }
        }
        if let found { return (found, false) }
        guard count < Self.capacityLimit else { return nil }
        let k = count
        arena.append(contentsOf: bytes)
        keyStart.append(arena.count)
        slots[2 * slot] = word
        slots[2 * slot + 1] = UInt64(k + 1) | UInt64(length) << 32
        if 4 * count > slots.count { grow() }
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
        let old = slots
        let size = old.count  // twice the slots
        slots = [UInt64](repeating: 0, count: 2 * size)
        mask = size - 1
        for s in 0..<(old.count / 2) where old[2 * s + 1] != 0 {
            let word = old[2 * s], meta = old[2 * s + 1]
            var slot = Int(truncatingIfNeeded: Self.mix(word ^ (meta >> 32))) & mask
            while slots[2 * slot + 1] != 0 { slot = (slot + 1) & mask }
            slots[2 * slot] = word
            slots[2 * slot + 1] = meta
        }
    }

    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 {
        var h = x &* 0x9E37_79B9_7F4A_7C15
        h ^= h >> 29
        h = h &* 0xBF58_476D_1CE4_E5B9
        return h ^ (h >> 32)
    }

    /// A hash of an id longer than 8 bytes, eight bytes at a time.
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h = UInt64(truncatingIfNeeded: bytes.count)
        var i = 0
        while i < bytes.count {
            var word: UInt64 = 0
            let end = min(i + 8, bytes.count)
            for k in i..<end { word |= UInt64(bytes[k]) << UInt64(8 * (k - i)) }
            h = mix(h ^ word)
            i = end
        }
        return h
    }
}
