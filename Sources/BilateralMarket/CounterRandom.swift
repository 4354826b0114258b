import SurplusCore

/// A counter-based random generator: draw number `counter` under a 64-bit key is a fixed
/// function of the two, so any slot's draw can be computed anywhere, in any order, eight
/// at a time. The population kernel keys one per period, bucket and purpose
/// (`Population.random(_:period:bucket:)`) and counts by slot.
///
/// The function is a keyed two-round cipher on 32 bits: each round xors a key half into
/// the word and applies `lowbias32` (C. Wellons' hash-prospector mixer
/// x ^= x >> 16; x *= 0x21f0aaad; x ^= x >> 15; x *= 0x735a2d97; x ^= x >> 15, the 32-bit
/// mixer with the lowest known avalanche bias). Every step is a bijection, so the draws of
/// one key at distinct counters are distinct 32-bit words: sampling without replacement
/// from 2^32, which no statistic of a bucket (at most 2^24 draws) can tell from
/// independent uniforms. The key comes from `RunOptions.stream` (xoshiro256** seeded by
/// SplitMix64), so distinct (seed, stream) pairs give unrelated keys.
struct CounterRandom: Sendable {
    let low: UInt32
    let high: UInt32

    init(key: UInt64) {
        low = UInt32(truncatingIfNeeded: key)
        high = UInt32(truncatingIfNeeded: key >> 32)
    }

    @inline(__always)
    static func mix(_ v: SIMD8<UInt32>) -> SIMD8<UInt32> {
        var x = v
        x ^= x &>> 16
        x &*= 0x21F0_AAAD
        x ^= x &>> 15
        x &*= 0x735A_2D97
        x ^= x &>> 15
        return x
    }

    @inline(__always)
    static func mix(_ v: UInt32) -> UInt32 {
        var x = v
        x ^= x >> 16
        x &*= 0x21F0_AAAD
        x ^= x >> 15
        x &*= 0x735A_2D97
        x ^= x >> 15
        return x
    }

    /// 32 random bits for each of eight counters.
    @inline(__always)
    func bits(_ counter: SIMD8<UInt32>) -> SIMD8<UInt32> {
        CounterRandom.mix(CounterRandom.mix(counter ^ low) ^ high)
    }

    /// 32 random bits for one counter (the same function as the eight-lane form).
    @inline(__always)
    func bits(_ counter: UInt32) -> UInt32 {
        CounterRandom.mix(CounterRandom.mix(counter ^ low) ^ high)
    }

    /// The counters `start, start + 1, ..., start + 7`.
    @inline(__always)
    static func counters(from start: Int) -> SIMD8<UInt32> {
        SIMD8(repeating: UInt32(truncatingIfNeeded: start)) &+ SIMD8(0, 1, 2, 3, 4, 5, 6, 7)
    }

    /// A uniform index in 0 ..< bound for each lane from its 32 bits (the high word of
    /// bits x bound): uniform up to bound / 2^32, which no bucket rule needs better (see
    /// `Population`'s destinations).
    @inline(__always)
    static func scaled(_ bits: SIMD8<UInt32>, below bound: UInt32) -> SIMD8<UInt32> {
        let wide = SIMD8<UInt64>(truncatingIfNeeded: bits) &* UInt64(bound)
        return SIMD8<UInt32>(truncatingIfNeeded: wide &>> 32)
    }
}
