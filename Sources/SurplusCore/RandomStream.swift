/// A seedable, splittable pseudo-random number generator (xoshiro256**).
///
/// `RandomStream(seed:stream:)` gives an independent stream for every `stream`
/// index: parallel code gives each fixed chunk of work its own stream, so results
/// are bit-identical whatever the number of threads that run the chunks.
/// The 256-bit state is filled from `seed` and `stream` by SplitMix64, the
/// seeding procedure recommended by the xoshiro authors (Blackman & Vigna, 2018).
public struct RandomStream: RandomNumberGenerator, Sendable {
    @usableFromInline var s0: UInt64
    @usableFromInline var s1: UInt64
    @usableFromInline var s2: UInt64
    @usableFromInline var s3: UInt64

    /// Creates stream number `stream` of the family identified by `seed`.
    public init(seed: UInt64, stream: UInt64 = 0) {
        var mixer = SplitMix64(state: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
        // Advance once more by the stream index so that (seed, stream) pairs
        // with equal xor do not collide.
        mixer.state = mixer.state &+ (stream &* 0x9E37_79B9_7F4A_7C15)
        s0 = mixer.next()
        s1 = mixer.next()
        s2 = mixer.next()
        s3 = mixer.next()
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }
    }

    /// A new independent stream derived from this one's seed family.
    public func split(_ index: UInt64) -> RandomStream {
        RandomStream(seed: s0 ^ s2, stream: index &+ 1)
    }

    @inlinable @inline(__always)
    static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 &- k)) }

    @inlinable @inline(__always)
    public mutating func next() -> UInt64 {
        let result = RandomStream.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = RandomStream.rotl(s3, 45)
        return result
    }

    /// A uniform double in [0, 1) with 53 random bits.
    @inlinable @inline(__always)
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform integer in 0 ..< bound (Lemire's nearly divisionless method).
    @inlinable @inline(__always)
    public mutating func nextIndex(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        let b = UInt64(bound)
        var m = next().multipliedFullWidth(by: b)
        if m.low < b {
            let threshold = (0 &- b) % b
            while m.low < threshold { m = next().multipliedFullWidth(by: b) }
        }
        return Int(m.high)
    }
}

/// SplitMix64 (Steele, Lea & Flood, 2014), used to seed `RandomStream`.
struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &+ 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
