import Foundation
import ProgressiveAuction
import SurplusTestSupport
import Testing

/// `surplus psp` and `surplus exchange`: the JSON contract, the scenario files
/// against the module's fixtures, and invalid input giving one line that
/// names the field and the value.
@Suite struct ExchangeCommandTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static func scenario(_ name: String) -> String { repository.appendingPathComponent("Scenarios/\(name)").path }
    static let example = scenario("data-exchange-example.json")

    /// stdout of a successful run, parsed as a JSON object.
    static func json(_ arguments: [String]) throws -> [String: Any] {
        let run = CommandRun(arguments)
        #expect(run.status == 0, "\(run)")
        return try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any] ?? [:]
    }

    @Test func exampleScenarioRunsAndKeepsTheContract() throws {
        let json = try Self.json(["exchange", "--scenario", Self.example, "--format", "json"])
        for key in ["trades", "reservePrices", "unmetDemand", "unsoldSupply", "utilities", "rounds", "efficiency", "schedule"] {
            #expect(json[key] != nil, "missing \(key)")
        }
        let trades = json["trades"] as? [[String: Any]] ?? []
        #expect(trades.count == 6)
        for t in trades {
            for key in ["buyer", "seller", "quantity", "unitPrice", "payment"] { #expect(t[key] != nil, "trade lacks \(key)") }
        }
        let overridden = try Self.json(["exchange", "--scenario", Self.example, "--isp-price", "2.5", "--epsilon", "0.02", "--format", "json"])
        #expect(overridden["epsilon"] as? Double == 0.02 && overridden["ispPrice"] as? Double == 2.5)
        #expect(CommandRun(["exchange", "--scenario", Self.example, "--seed", "3", "--threads", "1"]).status == 0)
    }

    /// A scenario without readings settles under the defaults of `ExchangeMarket.Options`.
    @Test func exchangeDefaultsAreTheModules() throws {
        let json = try Self.json(["exchange", "--scenario", Self.example, "--format", "json"])
        let defaults = ExchangeMarket.Options()
        #expect(json["schedule"] as? String == defaults.schedule.rawValue)
        #expect(json["reserveRule"] as? String == defaults.reserveRule.rawValue)
        #expect(json["paymentRule"] as? String == defaults.paymentRule.rawValue)
        #expect(json["brokers"] as? Bool == defaults.brokers)
    }

    /// The scenario files hold the module's fixtures.
    @Test func scenarioFilesAreTheFixtures() throws {
        let psp = try JSONDecoder().decode(PSPScenario.self, from: Data(contentsOf: URL(fileURLWithPath: Self.scenario("psp-lazar-semret.json"))))
        #expect(psp == PSPScenario.fivePlayerSetting)
        let exchange = try JSONDecoder().decode(ExchangeScenario.self, from: Data(contentsOf: URL(fileURLWithPath: Self.example)))
        let one = try ExchangeMarket.exampleOne(epsilon: exchange.epsilon, ispPrice: exchange.ispPrice)
        #expect(exchange.sellers == one.sellers && exchange.buyers == one.buyers)
    }

    @Test func pspScenariosKeepTheContract() throws {
        for name in ["psp-bids.json", "psp-lazar-semret.json"] {
            let json = try Self.json(["psp", "--scenario", Self.scenario(name), "--format", "json"])
            for key in ["bids", "allocations", "payments", "rounds", "converged", "welfare", "optimalWelfare", "efficiency"] {
                #expect(json[key] != nil, "\(name) lacks \(key)")
            }
        }
    }

    static let badExchanges: [(String, [String])] = [
        (#"{ "epsilon": 0.01, "sellers": [ { "id": "S1", "quantity": 5 } ], "buyers": [ { "id": "A", "demand": 5, "unitPrice": 1 "#, ["malformed JSON"]),
        (#"{ "epsilon": 0.01, "sellers": [ { "id": "S1", "quantity": 5 } ], "buyers": [ { "id": "A", "demand": 5, "unitPrice": 1, "colour": "red" } ] }"#, ["buyers[0].colour: unknown field"]),
        (#"{ "epsilon": 0.01, "sellers": [ { "id": "S1", "quantity": -5 } ], "buyers": [ { "id": "A", "demand": 5, "unitPrice": 1 } ] }"#, ["sellers[0].quantity = -5 ", ">= 0"]),
        (#"{ "epsilon": 0.01, "sellers": [], "buyers": [ { "id": "A", "demand": 5, "unitPrice": 1 } ] }"#, ["sellers = []", "at least one seller"]),
        (#"{ "epsilon": 0.01, "sellers": [ { "id": "S1", "quantity": 5 } ], "buyers": [] }"#, ["buyers = []", "at least one buyer"]),
        (#"{ "epsilon": 0, "sellers": [ { "id": "S1", "quantity": 5 } ], "buyers": [ { "id": "A", "demand": 5, "unitPrice": 1 } ] }"#, ["epsilon = 0 ", "> 0"]),
        (#"{ "epsilon": 0.01, "sellers": [ { "id": "S1", "quantity": 5 }, { "id": "S1", "quantity": 5 } ], "buyers": [ { "id": "A", "demand": 5, "unitPrice": 1 } ] }"#, ["sellers[1].id = 'S1'"]),
        (#"{ "epsilon": 0.01, "sellers": [ { "id": "S1", "quantity": 5 } ], "buyers": [ { "id": "S1", "demand": 5, "unitPrice": 1 } ] }"#, ["buyers[0].id = 'S1'", "no seller uses"]),
        (#"{ "epsilon": 0.01, "sellers": [ { "id": "ISP", "quantity": 5 } ], "buyers": [ { "id": "A", "demand": 5, "unitPrice": 1 } ] }"#, ["sellers[0].id = 'ISP'"]),
        (#"{ "epsilon": 0.01, "sellers": [ { "id": "S1", "quantity": 5 } ], "buyers": [ { "id": "A", "unitPrice": 1 } ] }"#, ["buyers[0].demand: missing field"]),
        (#"{ "epsilon": 0.01, "sellers": [ { "id": "S1", "quantity": 5 } ], "buyers": [ { "id": "A", "demand": -2, "unitPrice": 1 } ] }"#, ["buyers[0].demand = -2 "]),
    ]

    @Test(arguments: badExchanges.indices)
    func invalidExchangeScenario(index: Int) throws {
        let (body, fragments) = Self.badExchanges[index]
        let run = CommandRun(["exchange", "--scenario", try temporaryFile(body)])
        #expect(run.isUsageError(mentioning: fragments), "\(run)")
    }

    @Test func invalidOptionValues() throws {
        let epsilon = CommandRun(["exchange", "--scenario", Self.example, "--epsilon=-1"])
        #expect(epsilon.isUsageError(mentioning: ["--epsilon = -1 "]), "\(epsilon)")
        let isp = CommandRun(["exchange", "--scenario", Self.example, "--isp-price", "0"])
        #expect(isp.isUsageError(mentioning: ["--isp-price = 0 "]), "\(isp)")
        let threads = CommandRun(["exchange", "--scenario", Self.example, "--threads", "0"])
        #expect(threads.isUsageError(mentioning: ["threads = 0"]), "\(threads)")
        let rounds = CommandRun(["psp", "--scenario", Self.scenario("psp-lazar-semret.json"), "--max-rounds", "0"])
        #expect(rounds.isUsageError(mentioning: ["--max-rounds = 0"]), "\(rounds)")
        let wrongKind = CommandRun(["psp", "--scenario", Self.example])
        #expect(wrongKind.isUsageError(mentioning: ["quantity: missing field"]), "\(wrongKind)")
    }

    static let badPSPs: [(String, [String])] = [
        (#"{ "quantity": 100, "epsilon": 5 }"#, ["bids = absent", "bids (cleared once) or players"]),
        (#"{ "quantity": 100, "epsilon": 5, "bids": [ { "id": "a", "quantity": 1, "price": 1 } ], "players": [] }"#, ["players", "either bids or players"]),
        (#"{ "quantity": 100, "epsilon": 5, "bids": [] }"#, ["bids = []", "at least one bid"]),
        (#"{ "quantity": 100, "epsilon": 5, "players": [ { "id": "a", "valuation": { "kind": "cubic" } } ] }"#, ["players[0].valuation.kind"]),
        (#"{ "quantity": 100, "epsilon": 5, "players": [ { "id": "a", "valuation": { "kind": "linear", "unitValue": 2, "cap": 3, "weight": 1 } } ] }"#, ["players[0].valuation.weight: unknown field"]),
        (#"{ "quantity": 100, "epsilon": -5, "bids": [ { "id": "a", "quantity": 1, "price": 1 } ] }"#, ["epsilon = -5 "]),
        (#"{ "quantity": 100, "epsilon": 5, "bids": [ { "id": "a", "quantity": 1, "price": 1 }, { "id": "a", "quantity": 1, "price": 2 } ] }"#, ["bids[1].id = 'a'"]),
        (#"{ "quantity": 100, "epsilon": 5, "bids": [ { "id": "a", "quantity": -1, "price": 1 } ] }"#, ["bids[0].quantity = -1 "]),
    ]

    @Test(arguments: badPSPs.indices)
    func invalidPSPScenario(index: Int) throws {
        let (body, fragments) = Self.badPSPs[index]
        let run = CommandRun(["psp", "--scenario", try temporaryFile(body)])
        #expect(run.isUsageError(mentioning: fragments), "\(run)")
    }
}
