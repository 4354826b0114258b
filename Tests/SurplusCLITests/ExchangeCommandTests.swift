import Foundation
import ProgressiveAuction
import Testing

@testable import SurplusCLI
import SurplusTestSupport

/// `surplus psp` and `surplus exchange`: the JSON contract, and invalid
/// scenarios giving one line that names the field.
@Suite struct ExchangeCommandTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let example = repository.appendingPathComponent("Scenarios/data-exchange-example.json").path

    /// The message `surplus` would print (after "error: "), or nil on success.
    static func failure(_ arguments: [String]) -> String? {
        do {
            var command = try Surplus.parseAsRoot(arguments)
            try command.run()
            return nil
        } catch {
            return Surplus.message(for: error)
        }
    }

    @Test func exampleScenarioRunsAndKeepsTheContract() throws {
        let scenario = try Terminal.readScenario(ExchangeScenario.self, path: Self.example)
        let (report, _) = try ExchangeCommand.report(for: scenario)
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any] ?? [:]
        for key in ["trades", "reservePrices", "unmetDemand", "rounds"] { #expect(json[key] != nil, "missing \(key)") }
        let trades = json["trades"] as? [[String: Any]] ?? []
        #expect(trades.count == 6)
        for t in trades {
            for key in ["buyer", "seller", "quantity", "unitPrice", "payment"] { #expect(t[key] != nil, "trade lacks \(key)") }
        }
        #expect(Surplus.main(arguments: ["exchange", "--scenario", Self.example, "--format", "json"]) == 0)
        #expect(Surplus.main(arguments: ["exchange", "--scenario", Self.example, "--isp-price", "2.5", "--epsilon", "0.02"]) == 0)
    }

    @Test func pspScenariosKeepTheContract() throws {
        for name in ["psp-bids.json", "psp-lazar-semret.json"] {
            let scenario = try Terminal.readScenario(PSPScenario.self, path: Self.repository.appendingPathComponent("Scenarios/\(name)").path)
            try scenario.validate()
            let report = try PSPCommand.report(for: scenario)
            let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any] ?? [:]
            for key in ["bids", "allocations", "payments", "rounds", "converged", "welfare", "optimalWelfare"] {
                #expect(json[key] != nil, "\(name) lacks \(key)")
            }
        }
    }

    static let badExchanges: [(String, String)] = [
        (#"{ "epsilon": 0.01, "sellers": [ { "id": "S1", "quantity": 5 } ], "buyers": [ { "id": "A", "demand": 5, "unitPrice": 1 "#, "malformed JSON"),
        (#"{ "epsilon": 0.01, "sellers": [ { "id": "S1", "quantity": 5 } ], "buyers": [ { "id": "A", "demand": 5, "unitPrice": 1, "colour": "red" } ] }"#, "buyers[0].colour: unknown field"),
        (#"{ "epsilon": 0.01, "sellers": [ { "id": "S1", "quantity": -5 } ], "buyers": [ { "id": "A", "demand": 5, "unitPrice": 1 } ] }"#, "sellers[0].quantity = -5.0"),
        (#"{ "epsilon": 0.01, "sellers": [], "buyers": [ { "id": "A", "demand": 5, "unitPrice": 1 } ] }"#, "sellers is empty"),
        (#"{ "epsilon": 0.01, "sellers": [ { "id": "S1", "quantity": 5 } ], "buyers": [] }"#, "buyers is empty"),
        (#"{ "epsilon": 0, "sellers": [ { "id": "S1", "quantity": 5 } ], "buyers": [ { "id": "A", "demand": 5, "unitPrice": 1 } ] }"#, "epsilon = 0.0"),
        (#"{ "epsilon": 0.01, "sellers": [ { "id": "S1", "quantity": 5 }, { "id": "S1", "quantity": 5 } ], "buyers": [ { "id": "A", "demand": 5, "unitPrice": 1 } ] }"#, "sellers[1].id: duplicate id 'S1'"),
        (#"{ "epsilon": 0.01, "sellers": [ { "id": "S1", "quantity": 5 } ], "buyers": [ { "id": "A", "unitPrice": 1 } ] }"#, "buyers[0].demand: missing field"),
        (#"{ "epsilon": 0.01, "sellers": [ { "id": "S1", "quantity": 5 } ], "buyers": [ { "id": "A", "demand": -2, "unitPrice": 1 } ] }"#, "buyers[0].demand = -2.0"),
    ]

    @Test(arguments: badExchanges.indices)
    func invalidExchangeScenario(index: Int) throws {
        let (body, expected) = Self.badExchanges[index]
        let message = try #require(Self.failure(["exchange", "--scenario", temporaryFile(body)]))
        #expect(message.contains(expected), "\(message)")
        #expect(!message.contains("\n"), "\(message)")
        #expect(Surplus.main(arguments: ["exchange", "--scenario", try temporaryFile(body)]) == 2)
    }

    @Test func invalidOptionValues() throws {
        let message = try #require(Self.failure(["exchange", "--scenario", Self.example, "--epsilon=-1"]))
        #expect(message.contains("epsilon = -1.0") && !message.contains("\n"))
        let isp = try #require(Self.failure(["exchange", "--scenario", Self.example, "--isp-price", "0"]))
        #expect(isp.contains("ispPrice = 0.0"))
        #expect(Surplus.main(arguments: ["psp", "--scenario", Self.example]) == 2)
    }

    static let badPSPs: [(String, String)] = [
        (#"{ "quantity": 100, "epsilon": 5 }"#, "bids is empty"),
        (#"{ "quantity": 100, "epsilon": 5, "bids": [ { "id": "a", "quantity": 1, "price": 1 } ], "players": [] }"#, "either bids or players"),
        (#"{ "quantity": 100, "epsilon": 5, "players": [ { "id": "a", "valuation": { "kind": "cubic" } } ] }"#, "players[0].valuation.kind"),
        (#"{ "quantity": 100, "epsilon": 5, "players": [ { "id": "a", "valuation": { "kind": "linear", "unitValue": 2, "cap": 3, "weight": 1 } } ] }"#, "players[0].valuation.weight: unknown field"),
        (#"{ "quantity": 100, "epsilon": -5, "bids": [ { "id": "a", "quantity": 1, "price": 1 } ] }"#, "epsilon = -5.0"),
        (#"{ "quantity": 100, "epsilon": 5, "bids": [ { "id": "a", "quantity": 1, "price": 1 }, { "id": "a", "quantity": 1, "price": 2 } ] }"#, "bids[1].id: duplicate id 'a'"),
        (#"{ "quantity": 100, "epsilon": 5, "bids": [ { "id": "a", "quantity": -1, "price": 1 } ] }"#, "bids[0].quantity = -1.0"),
    ]

    @Test(arguments: badPSPs.indices)
    func invalidPSPScenario(index: Int) throws {
        let (body, expected) = Self.badPSPs[index]
        let message = try #require(Self.failure(["psp", "--scenario", temporaryFile(body)]))
        #expect(message.contains(expected), "\(message)")
        #expect(!message.contains("\n"), "\(message)")
    }
}
