import Testing
import SurplusCore
import SurplusTestSupport

@Suite struct RandomStreamTests {
    @Test func sameSeedSameSequence() {
        var a = RandomStream(seed: 42, stream: 3)
        var b = RandomStream(seed: 42, stream: 3)
        for _ in 0..<100 { #expect(a.next() == b.next()) }
    }

    @Test func streamsDiffer() {
        var a = RandomStream(seed: 42, stream: 0)
        var b = RandomStream(seed: 42, stream: 1)
        let same = (0..<100).filter { _ in a.next() == b.next() }.count
        #expect(same == 0)
    }

    /// Mean of U[0,1) draws: standard error 1/sqrt(12 n) = 0.00091 at n = 1e5; 5 sigma.
    @Test(arguments: [1 as UInt64, 7, 123_456])
    func unitDrawsAreUniform(seed: UInt64) {
        var rng = RandomStream(seed: seed)
        let n = 100_000
        var sum = 0.0
        var histogram = try! Histogram(lower: 0, upper: 1, bins: 10)
        for _ in 0..<n {
            let u = rng.nextUnit()
            #expect(u >= 0 && u < 1)
            sum += u
            histogram.add(u)
        }
        #expect(isApproximatelyEqual(sum / Double(n), 0.5, absolute: 5 * 0.00091))
        // Each bin holds 10% +- 5 sigma (sigma = sqrt(0.09/n) = 0.00095).
        for f in histogram.fractions { #expect(isApproximatelyEqual(f, 0.1, absolute: 0.005)) }
    }

    @Test func boundedIndexInRangeAndUnbiased() {
        var rng = RandomStream(seed: 9)
        var counts = [Int](repeating: 0, count: 7)
        for _ in 0..<70_000 { counts[rng.nextIndex(below: 7)] += 1 }
        // 10,000 expected per value, sd about 93; allow 5 sd.
        for c in counts { #expect(isApproximatelyEqual(Double(c), 10_000, absolute: 470)) }
    }

    @Test func parallelMapIsThreadCountInvariant() {
        let work: @Sendable (Int) -> Double = { chunk in
            var rng = RandomStream(seed: 5, stream: UInt64(chunk))
            return (0..<1000).reduce(0) { acc, _ in acc + rng.nextUnit() }
        }
        let one = Parallel.map(chunks: 16, threads: 1, work)
        let many = Parallel.map(chunks: 16, threads: 4, work)
        #expect(one == many)
    }
}
