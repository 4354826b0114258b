import Foundation
import SurplusCore
import SurplusTestSupport
import Testing

@testable import Experiments

@Suite struct SweepPlanTests {
    static let spec = SweepSpec(
        command: "mfe", seed: 7, replicates: 2,
        parameters: ["price": .range(from: 6, to: 7, step: 0.5), "model": .values([.text("bank"), .text("loan")])],
        fixed: ["agents": .number(100), "recordBudgets": .flag(true)], record: ["tradeRatio"])

    @Test func sha256MatchesTheFIPSVectors() {
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        // Two blocks (56 bytes: the padding spills into a second block).
        #expect(
            SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func pointsEnumerateAlphabeticallyLastNameFastest() throws {
        let plan = try SweepPlan(spec: Self.spec, toolVersion: "test")
        #expect(plan.points.map { $0.map(\.description) } == [
            ["bank", "6"], ["bank", "6.5"], ["bank", "7"], ["loan", "6"], ["loan", "6.5"], ["loan", "7"],
        ])
        #expect(plan.rowCount == 12)
        #expect(
            plan.arguments(row: 3) == [
                "mfe", "--model", "bank", "--price", "6.5", "--agents", "100", "--record-budgets",
                "--seed", String(plan.seeds[3]), "--format", "json",
            ])
    }

    @Test func seedsDependOnBaseSeedAndIndicesOnly() throws {
        let plan = try SweepPlan(spec: Self.spec, toolVersion: "test")
        #expect(Set(plan.seeds).count == plan.seeds.count)
        // Another grid with the same base seed: the same row numbers get the same seeds.
        var wider = Self.spec
        wider.parameters["price"] = .range(from: 5, to: 9, step: 0.25)
        let other = try SweepPlan(spec: wider, toolVersion: "test")
        #expect(Array(other.seeds.prefix(plan.rowCount)) == plan.seeds)
        var reseeded = Self.spec
        reseeded.seed = 8
        #expect(try SweepPlan(spec: reseeded, toolVersion: "test").seeds != plan.seeds)
        #expect(try SweepPlan(spec: reseeded, toolVersion: "test").hash != plan.hash)
        #expect(try SweepPlan(spec: Self.spec, toolVersion: "test").hash == plan.hash)
    }

    @Test func rangesRoundToTwelveDigits() throws {
        let values = ParameterGrid.range(from: 6, to: 6.3, step: 0.1).gridValues.map(\.description)
        #expect(values == ["6", "6.1", "6.2", "6.3"])
    }

    @Test func latinHypercubeHasOnePointPerStratum() throws {
        var spec = Self.spec
        spec.parameters = ["alpha": .interval(low: 1, high: 2), "beta": .interval(low: 0.9, high: 1), "model": .values([.text("bank")])]
        spec.samples = 20
        let plan = try SweepPlan(spec: spec, toolVersion: "test")
        #expect(plan.points.count == 20)
        for (d, (low, high)) in [(0, (1.0, 2.0)), (1, (0.9, 1.0))] {
            let strata = plan.points.compactMap { $0[d].number }.map { Int(($0 - low) / (high - low) * 20) }
            #expect(strata.sorted() == Array(0..<20), "dimension \(d)")
        }
    }

    @Test(arguments: [
        (#"{"command": "mfe", "seed": 1, "replicates": 0, "parameters": {"price": [7]}, "record": ["tradeRatio"]}"#, "replicates"),
        (#"{"command": "mfe", "seed": 1, "replicates": 1, "parameters": {"price": {"from": 8, "to": 7, "step": 0.5}}, "record": ["tradeRatio"]}"#, "parameters.price"),
        (#"{"command": "mfe", "seed": 1, "replicates": 1, "parameters": {"price": [7]}, "record": ["agentPeriodsPerSecond"]}"#, "record[0]"),
        (#"{"command": "mfe", "seed": 1, "replicates": 1, "parameters": {"price": [7]}, "record": ["price"]}"#, "record[0]"),
        (#"{"command": "mfe", "seed": 1, "replicates": 1, "parameters": {"price": [7]}, "fixed": {"price": 6}, "record": ["tradeRatio"]}"#, "fixed.price"),
        (#"{"command": "mfe", "seed": 1, "replicates": 1, "parameters": {"seed": [1, 2]}, "record": ["tradeRatio"]}"#, "parameters.seed"),
        (#"{"command": "mfe", "seed": 1, "replicates": 1, "parameters": {"price": {"low": 6, "high": 8}}, "record": ["tradeRatio"]}"#, "samples"),
        (#"{"command": "mfe", "seed": 1, "replicates": 1, "parameters": {"price": [7]}, "record": ["tradeRatio"], "recrod": []}"#, "recrod"),
        (#"{"command": "mfe", "seed": 1, "replicates": 1, "parameters": {"price": {"from": 6, "to": 7, "stpe": 1}}, "record": ["tradeRatio"]}"#, "step"),
    ])
    func badSpecsNameTheirField(text: String, field: String) throws {
        let path = try temporaryFile(text)
        #expect {
            _ = try SweepFiles.readSpec(path)
        } throws: { error in
            "\(error)".contains(field) && (error as? SweepError)?.exitStatus == 64 || (error as? InputError)?.field == field
        }
    }
}
