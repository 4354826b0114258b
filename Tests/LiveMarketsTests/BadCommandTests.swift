import BilateralMarket
import Ledger
import SurplusCore
import Testing

@testable import LiveMarkets

/// The field an error names: an ``InputError``'s or a ``LiveMarketError``'s.
private func field(of body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch let error as InputError {
        return error.field
    } catch let error as LiveMarketError {
        return error.field
    } catch {
        return "unexpected \(error)"
    }
}

@Suite("Bad commands")
struct BadCommandTests {
    /// A session with seller S (order o1) and buyer B (order o2).
    private func exchange() throws -> ExchangeSession {
        var session = ExchangeSession(market: try MarketID("m"), rules: try ExchangeRules(epsilon: 0.01, ispPrice: 3))
        _ = try session.apply(.offer(seller: try account("S"), quantity: 10), id: try CommandID("seed-1"))
        _ = try session.apply(.bid(buyer: try account("B"), demand: 5, unitPrice: 1), id: try CommandID("seed-2"))
        return session
    }

    @Test("every bad exchange command names its field and changes nothing",
          arguments: [
            (ExchangeCommand.offer(seller: try! AccountID("X"), quantity: -1), "quantity"),
            (.offer(seller: try! AccountID("X"), quantity: .nan), "quantity"),
            (.offer(seller: try! AccountID("X"), quantity: 1e300), "quantity"),
            (.bid(buyer: try! AccountID("X"), demand: 1e13, unitPrice: 1), "demand"),
            (.bid(buyer: try! AccountID("X"), demand: 0, unitPrice: 1), "demand"),
            (.bid(buyer: try! AccountID("X"), demand: 3, unitPrice: -2), "unitPrice"),
            (.bid(buyer: try! AccountID("X"), demand: .infinity, unitPrice: 1), "demand"),
            (.bid(buyer: .bank, demand: 3, unitPrice: 1), "participant"),
            (.offer(seller: try! AccountID("ISP"), quantity: 3), "participant"),
            (.bid(buyer: try! AccountID("S"), demand: 3, unitPrice: 1), "participant"),
            (.replaceBid(OrderID(2), participant: try! AccountID("S"), demand: 3, unitPrice: 1), "participant"),
            (.replaceBid(OrderID(1), participant: try! AccountID("S"), demand: 3, unitPrice: 1), "order"),
            (.replaceOffer(OrderID(1), participant: try! AccountID("S"), quantity: 0), "quantity"),
            (.cancel(OrderID(9), participant: try! AccountID("S")), "order"),
          ])
    func badExchangeCommand(command: ExchangeCommand, expected: String) throws {
        var session = try exchange()
        let orders = session.orders
        #expect(field { _ = try session.apply(command, id: try CommandID("bad")) } == expected)
        #expect(session.orders == orders)
        // The refused command left its id unused.
        _ = try session.apply(.closeRound, id: try CommandID("bad"))
    }

    @Test("every bad bilateral command names its field")
    func badBilateralCommand() throws {
        var period = BilateralMarketPeriod(market: try MarketID("m"), rules: BilateralRules(parameters: try MarketParameters(), seed: 1))
        _ = try period.apply(.offer(server: try account("s")), id: try CommandID("1"))
        _ = try period.apply(.bid(client: try account("c"), .price(7)), id: try CommandID("2"))
        #expect(field { _ = try period.apply(.bid(client: try account("d"), .price(3)), id: try CommandID("x")) } == "price")
        #expect(field { _ = try period.apply(.bid(client: try account("d"), .equilibrium), id: try CommandID("x")) } == "strategy")
        #expect(field { _ = try period.apply(.bid(client: try account("c"), .price(0)), id: try CommandID("x")) } == "participant")
        #expect(field { _ = try period.apply(.offer(server: .world), id: try CommandID("x")) } == "participant")
        #expect(field { _ = try period.apply(.replaceBid(OrderID(1), participant: try account("s"), .price(0)), id: try CommandID("x")) } == "order")
        #expect(field { _ = try period.apply(.replaceBid(OrderID(2), participant: try account("s"), .price(0)), id: try CommandID("x")) } == "participant")
        #expect(field { _ = try period.apply(.cancel(OrderID(5), participant: try account("s")), id: try CommandID("x")) } == "order")
        #expect(field { _ = try period.apply(.closePeriod(budgets: [try account("s"): .zero]), id: try CommandID("x")) } == "budgets.c")
        #expect(field {
            _ = try period.apply(.closePeriod(budgets: [try account("s"): .zero, try account("c"): Amount(microUnits: -1)]), id: try CommandID("x"))
        } == "budgets.c")
        #expect(period.periods.isEmpty && period.orders.count == 2)
    }

    @Test("bad settings and ids name their field")
    func badSettings() {
        #expect(field { _ = try ExchangeRules(epsilon: 0) } == "epsilon")
        #expect(field { _ = try ExchangeRules(epsilon: 0.1, ispPrice: -1) } == "ispPrice")
        #expect(field { _ = try CommandID("") } == "commandID")
        #expect(field { _ = try CommandID("has space") } == "commandID")
        #expect(field { _ = try MarketID("a/b") } == "market")
        #expect(field { _ = try MoneyRounding.payment(-1, field: "payment") } == "payment")
        #expect(field {
            var session = ExchangeSession(market: try MarketID("m"), rules: try ExchangeRules(epsilon: 0.01))
            _ = try session.apply(.bid(buyer: try account("X"), demand: 1e12, unitPrice: 1e9), id: try CommandID("big"))
        } == "demand", "a hold beyond the ledger's largest amount")
        #expect(field { _ = try MoneyRounding.ceiling(.infinity, field: "demand") } == "demand")
    }
}

@Suite("Hashing and rounding")
struct HashingTests {
    @Test("SHA-256 gives the FIPS 180-4 test vectors")
    func sha256Vectors() {
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        // Two blocks of padding: 64 bytes of 'a'.
        #expect(SHA256.hex(Array(repeating: UInt8(ascii: "a"), count: 64))
            == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb")
    }

    @Test("payments round toward zero, holds up, prices to the nearest micro-unit")
    func rounding() throws {
        #expect(try MoneyRounding.payment(1.0000019, field: "p").microUnits == 1_000_001)
        #expect(try MoneyRounding.ceiling(1.0000011, field: "p").microUnits == 1_000_002)
        #expect(try MoneyRounding.nearest(0.0000025, field: "p").microUnits == 2)
        #expect(try MoneyRounding.payment(0, field: "p") == .zero)
    }
}
