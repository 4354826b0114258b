import SurplusCore
import SurplusTestSupport
import Testing

/// `RunOptions`: threads validated once, streams and derived seeds by splitting.
@Suite struct RunOptionsTests {
    @Test(arguments: [0, -1, 1025, Int.max])
    func threadCountsOutsideTheRangeAreOneInputError(threads: Int) {
        #expect(throws: InputError(field: "threads", value: threads, expected: "an integer in 1...1024")) {
            try RunOptions(threads: threads)
        }
    }

    @Test func theDefaultIsEveryCore() throws {
        #expect(try RunOptions().threads == Parallel.processorCount)
        #expect(RunOptions.serial.threads == 1)
    }

    static let family = StreamName(7, "test family"), other = StreamName(8, "other family")

    /// The same (seed, family, index) gives the same stream; any change gives another.
    @Test func streamsDependOnSeedFamilyAndIndexOnly() throws {
        let a = try RunOptions(seed: 3, threads: 1), b = try RunOptions(seed: 3, threads: 2)
        var x = a.stream(Self.family, 5), y = b.stream(Self.family, 5)
        #expect((0..<8).map { _ in x.next() } == (0..<8).map { _ in y.next() })
        let firsts: [UInt64] = [
            a.stream(Self.family, 5), a.stream(Self.family, 6), a.stream(Self.other, 5),
            try RunOptions(seed: 4).stream(Self.family, 5),
        ].map { var s = $0; return s.next() }
        #expect(Set(firsts).count == firsts.count)
    }

    /// Derived seeds are not offsets: replicate 1 of seed s is not replicate 0 of seed s + 1.
    @Test func derivedSeedsAreSplitNotOffset() throws {
        let s = try RunOptions(seed: 10, threads: 1), t = try RunOptions(seed: 11, threads: 1)
        #expect(s.derived(Self.family, 1).seed != t.derived(Self.family, 0).seed)
        #expect(s.derived(Self.family, 1).seed == s.derived(Self.family, 1).seed)
        #expect(s.derived(Self.family, 1).threads == 1)
    }

    @Test func cancellationIsSharedByCopies() throws {
        let options = try RunOptions(threads: 1)
        let copy = options.derived(Self.family, 2)
        #expect(throws: Never.self) { try copy.checkCancellation() }
        options.cancellation.cancel()
        #expect(throws: CancellationError.self) { try copy.checkCancellation() }
    }
}

/// `InputError` and `Validate`: one line naming the field, the value and what was expected.
@Suite struct InputErrorTests {
    @Test func printsOneLineWithoutNumericNoise() {
        #expect(InputError(field: "price", value: 5.0, expected: "a price above 6").description
            == "price = 5 is invalid: expected a price above 6")
        #expect(InputError.format(.nan) == "nan" && InputError.format(-.infinity) == "-inf" && InputError.format(0.25) == "0.25")
    }

    @Test func validationNamesTheField() {
        #expect(throws: InputError(field: "beta", value: 1.5, expected: "a probability in [0, 1]")) {
            try Validate.probability(1.5, "beta")
        }
        #expect(throws: InputError(field: "k", value: .infinity, expected: "a finite number > 0")) {
            try Validate.positive(.infinity, "k")
        }
        #expect(throws: InputError(field: "s", value: -1.0, expected: "a number in [0, 2]")) {
            try Validate.inRange(-1, 0...2, "s")
        }
        #expect(throws: InputError(field: "agents", value: 1, expected: "an integer in 2...10")) {
            try Validate.count(1, 2...10, "agents")
        }
        #expect(throws: InputError(field: "buyers[2].id", value: "'a'", expected: "an id not used by an earlier entry")) {
            try Validate.uniqueIDs(["a", "b", "a"], "buyers")
        }
        #expect((try? Validate.nonNegative(0, "q")) == 0)
    }
}

/// The test kit's own contract: swift-numerics' semantics.
@Suite struct ApproximateEqualityTests {
    @Test func absoluteAndRelativeTolerances() {
        #expect(isApproximatelyEqual(1.0, 1.04, absolute: 0.05))
        #expect(!isApproximatelyEqual(1.0, 1.06, absolute: 0.05))
        #expect(isApproximatelyEqual(100, 101, relative: 0.01))
        #expect(!isApproximatelyEqual(100, 102, relative: 0.01))
        #expect(isApproximatelyEqual(101, 100, relative: 0.01), "symmetric")
        #expect(isApproximatelyEqual(.infinity, .infinity) && !isApproximatelyEqual(.nan, .nan, absolute: 1))
        #expect(!isApproximatelyEqual(.infinity, 1e308, relative: 1))
    }
}

/// `ProgressStages`: one bar over named stages, inner progress mapped into the stage's share.
@Suite struct ProgressStagesTests {
    @Test func innerProgressStaysInsideItsStage() {
        final class Log: @unchecked Sendable { var updates: [ProgressUpdate] = [] }
        let log = Log()
        let stages = ProgressStages(["a", "b"], reportingTo: { log.updates.append($0) })
        stages.begin(0)
        stages.within(1)?(ProgressUpdate(stage: "inner", completed: 1, total: 2))
        stages.finish()
        #expect(log.updates.map(\.stage) == ["a", "b: inner", "done"])
        let fractions = log.updates.map(\.fraction)
        #expect(fractions[0] == 0 && fractions[1] > 0.5 && fractions[1] < 1 && fractions[2] == 1)
    }
}
