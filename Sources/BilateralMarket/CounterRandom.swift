import SurplusCore

/// A counter-based random generator: draw number `counter` under a 64-bit key is the
/// counter-th output of SplitMix64 (Steele, Lea & Flood 2014) started at the key,
/// mix(key + (counter + 1) x 0x9E3779B97F4A7C15), so any slot's draw is computed on its
/// own, in any order, by any thread. SplitMix64 passes BigCrush; the draws of one key at
/// distinct counters are distinct (mix is a bijection), and the keys come from
/// `RunOptions.stream` (xoshiro256** seeded by SplitMix64), one per period, bucket and
/// purpose (`Population.random(_:_:period:bucket:)`).
///
/// Scalar on purpose: the package builds for baseline x86-64 (SSE2, no vector 64-bit or
/// even 32-bit multiply), where one scalar 64-bit draw, 9 instructions, is cheaper than
/// any vector mixer of the same quality, and gives all the bits an agent needs in a period.
struct CounterRandom: Sendable {
    let key: UInt64

    init(key: UInt64) {
        self.key = key
    }

    /// 64 random bits for `counter`.
    @inline(__always)
    func bits(_ counter: Int) -> UInt64 {
        var z = key &+ (UInt64(truncatingIfNeeded: counter) &+ 1) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
