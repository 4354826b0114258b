import Foundation
import Ledger
import LiveMarkets
import SurplusCore

/// A market command's commit payload: the market after it, every command applied on the way
/// (caught up, then this one) with its sequence and open round, and the stored response.
struct MarketAnswer: Sendable, Responding {
    struct Applied: Sendable {
        var sequence: Int
        var round: Int
        var outcome: CommandOutcome
        /// The command as stored (``StoredCommand/body``).
        var body: Data
    }
    var market: LiveMarket
    var applied: [Applied]
    var status: Int
    var body: Data
}

extension LiveMarket {
    /// Applies commands other processes committed (sequences following ``sequence``).
    mutating func catchUp(_ commands: [StoredCommand]) throws -> [MarketAnswer.Applied] {
        try commands.map { stored in
            guard stored.sequence == sequence + 1 else { throw StorageConflict(market: id, sequence: stored.sequence) }
            let round = currentRound
            let outcome = try apply(try StrictJSON.decode(RecordedCommand.self, from: stored.body), sequence: stored.sequence)
            return MarketAnswer.Applied(sequence: stored.sequence, round: round, outcome: outcome, body: stored.body)
        }
    }
}

extension MarketService {
    // MARK: Markets

    /// `POST /v1/markets` (admin) `{kind, name, parameters}` -> 201 Market. A bilateral market's
    /// equilibrium policy (for `equilibrium` bids) is solved here, once, and stored with it.
    public func createMarket(body: Data, idempotencyKey: String?, by principal: Principal) async throws(ServiceError) -> ServiceResponse {
        try Self.requireAdmin(principal)
        let key = try Self.checkedKey(idempotencyKey)
        let request = try ServiceJSON.decode(CreateMarketRequest.self, from: body)
        let definition: Data
        do { definition = ServiceJSON.encode(try LiveMarket.definition(of: request)) } catch { throw ServiceError(error) }
        let plan = CommitPlan<Answer<LiveMarket>>(
            scope: IdempotencyScope(caller: principal.caller, key: key),
            fingerprint: Self.fingerprint(method: "POST", path: "/v1/markets", body: body), allocation: .market
        ) { context in
            guard let number = context.allocatedNumber else { throw ServiceError.internal }
            let stored = StoredMarket(number: number, kind: request.kind.rawValue, name: request.name, definition: definition)
            let live = try LiveMarket(stored: stored)
            let body = ServiceJSON.encode(live.view)
            return (CommitEffects(market: stored, status: 201, body: body), Answer(value: live, status: 201, body: body))
        }
        return try await run(plan) { answer, _, _ in
            if markets[answer.value.number] == nil { markets[answer.value.number] = answer.value }
        }
    }

    /// `GET /v1/markets` (anyone), by number.
    public func listMarkets() async -> MarketList {
        await refreshMarkets()
        return MarketList(markets: markets.keys.sorted().compactMap { markets[$0]?.view })
    }

    /// `GET /v1/markets/{id}` (anyone).
    public func market(_ id: String) async throws(ServiceError) -> MarketView {
        try await live(id).view
    }

    /// The market `text` names (`m2`); 404 when there is none.
    func live(_ text: String, field: String = "market") async throws(ServiceError) -> LiveMarket {
        guard let number = Self.marketNumber(text) else { throw .notFound("market", text, field: field) }
        if markets[number] == nil { await refreshMarkets() }
        guard let market = markets[number] else { throw .notFound("market", text, field: field) }
        return market
    }

    /// `live` after the commands other processes committed to it since this one last saw it
    /// (installed, their events published), so that a server sharing its database with others
    /// shows their rounds at least once per tick of its clock.
    func caughtUp(_ live: LiveMarket) async -> LiveMarket {
        guard let newer = try? await storage.commands(of: live.id, after: live.sequence), !newer.isEmpty else {
            return markets[live.number] ?? live
        }
        var market = markets[live.number] ?? live
        let unseen = newer.filter { $0.sequence > market.sequence }
        if let applied = try? market.catchUp(unseen), !applied.isEmpty {
            install(MarketAnswer(market: market, applied: applied, status: 200, body: Data()), number: live.number)
        }
        return markets[live.number] ?? market
    }

    /// Loads markets another process created on the same database, with their commands.
    func refreshMarkets() async {
        let last = markets.keys.max() ?? 0
        guard let newer = try? await storage.markets(after: last) else { return }
        for stored in newer {
            guard var market = try? LiveMarket(stored: stored),
                  let commands = try? await storage.commands(of: market.id, after: 0),
                  (try? market.catchUp(commands)) != nil
            else { continue }
            if markets[stored.number] == nil { markets[stored.number] = market }
        }
    }

    // MARK: Orders

    /// `POST /v1/markets/{id}/offers` (participant): exchange `{quantity}`, bilateral `{}` -> 201 Order.
    public func placeOffer(market: String, body: Data, idempotencyKey: String?, by principal: Principal) async throws(ServiceError) -> ServiceResponse {
        let participant = try Self.requireParticipant(principal)
        let key = try Self.checkedKey(idempotencyKey)
        let live = try await live(market)
        let offer = try ServiceJSON.decode(OfferRequest.self, from: body)
        let command = RecordedCommand(action: .offer, participant: participant, offer: offer)
        return try await orderCommand(live, command, key: key, principal: principal, method: "POST",
                                      path: "/v1/markets/\(market)/offers", body: body, status: 201)
    }

    /// `POST /v1/markets/{id}/bids` (participant) -> 201 Order. Exchange `{demand, unitPrice,
    /// strategy}`; bilateral `{price}` or `{strategy: "equilibrium"}`.
    public func placeBid(market: String, body: Data, idempotencyKey: String?, by principal: Principal) async throws(ServiceError) -> ServiceResponse {
        let participant = try Self.requireParticipant(principal)
        let key = try Self.checkedKey(idempotencyKey)
        let live = try await live(market)
        let bid = try ServiceJSON.decode(BidRequest.self, from: body)
        let command = RecordedCommand(action: .bid, participant: participant, bid: bid)
        return try await orderCommand(live, command, key: key, principal: principal, method: "POST",
                                      path: "/v1/markets/\(market)/bids", body: body, status: 201)
    }

    /// `PUT /v1/orders/{id}` (owner), the body of placing it -> 200 Order.
    public func replaceOrder(_ order: String, body: Data, idempotencyKey: String?, by principal: Principal) async throws(ServiceError) -> ServiceResponse {
        let participant = try Self.requireParticipant(principal)
        let key = try Self.checkedKey(idempotencyKey)
        let (live, view) = try await orderView(order, by: principal)
        var command = RecordedCommand(action: .replace, participant: participant, order: try Self.orderNumber(in: order))
        switch view.side {
        case .offer: command.offer = try ServiceJSON.decode(OfferRequest.self, from: body)
        case .bid: command.bid = try ServiceJSON.decode(BidRequest.self, from: body)
        }
        return try await orderCommand(live, command, key: key, principal: principal, method: "PUT", path: "/v1/orders/\(order)",
                                      body: body, status: 200)
    }

    /// `DELETE /v1/orders/{id}` (owner) -> 200 Order, state `cancelled`, its hold released.
    public func cancelOrder(_ order: String, idempotencyKey: String?, by principal: Principal) async throws(ServiceError) -> ServiceResponse {
        let participant = try Self.requireParticipant(principal)
        let key = try Self.checkedKey(idempotencyKey)
        let (live, _) = try await orderView(order, by: principal)
        let command = RecordedCommand(action: .cancel, participant: participant, order: try Self.orderNumber(in: order))
        return try await orderCommand(live, command, key: key, principal: principal, method: "DELETE", path: "/v1/orders/\(order)",
                                      body: Data(), status: 200)
    }

    /// `GET /v1/orders/{id}` (owner or admin).
    public func order(_ order: String, by principal: Principal) async throws(ServiceError) -> OrderView {
        try await orderView(order, by: principal).1
    }

    private func orderView(_ order: String, by principal: Principal) async throws(ServiceError) -> (LiveMarket, OrderView) {
        let parts = order.split(separator: "-", maxSplits: 1).map(String.init)
        guard parts.count == 2, let number = Self.orderNumber(parts[1]) else { throw .notFound("order", order, field: "order") }
        let market = try await live(parts[0], field: "order")
        guard let view = market.orders[number] else { throw .notFound("order", order, field: "order") }
        if case let .participant(caller) = principal, caller != view.participant {
            throw .forbidden("order = '\(order)' is invalid: expected an order of yours", field: "order")
        }
        return (market, view)
    }

    private static func orderNumber(in text: String) throws(ServiceError) -> Int {
        let suffix = text.split(separator: "-").last.map(String.init) ?? text
        guard let number = orderNumber(suffix) else { throw .notFound("order", text, field: "order") }
        return number
    }

    private static func orderNumber(_ text: String) -> Int? {
        guard text.hasPrefix("o"), let number = Int(text.dropFirst()), number > 0, String(number) == text.dropFirst() else { return nil }
        return number
    }

    /// Commits an order command and answers with the order's view; a refusal publishes
    /// `orderRejected`.
    private func orderCommand(_ live: LiveMarket, _ command: RecordedCommand, key: String, principal: Principal, method: String,
                              path: String, body: Data, status: Int) async throws(ServiceError) -> ServiceResponse {
        do {
            return try await marketCommand(live, command, key: key, principal: principal,
                                           fingerprint: Self.fingerprint(method: method, path: path, body: body)) { market, outcome in
                guard let order = outcome.order ?? command.order.map(OrderID.init), let view = market.orders[order.number] else {
                    throw ServiceError.internal
                }
                return (status, ServiceJSON.encode(view))
            }
        } catch {
            if error.status < 500, error.code != "idempotencyKeyReused", let current = markets[live.number] {
                hub.publish(in: current.id, type: EventData.rejectedType) { EventData(rejected: error, participant: principal.participant, market: current.id, round: current.currentRound) }
            }
            throw error
        }
    }

    // MARK: Rounds

    /// `POST /v1/markets/{id}/rounds/close` (admin) -> 200 Round: closes the round (exchange)
    /// or period (bilateral) now open. A bilateral close reads every participant's available
    /// balance in its transaction and records them in the command.
    public func closeRound(market: String, body: Data = Data(), idempotencyKey: String?, by principal: Principal) async throws(ServiceError) -> ServiceResponse {
        try Self.requireAdmin(principal)
        let key = try Self.checkedKey(idempotencyKey)
        let live = try await live(market)
        if !body.isEmpty { _ = try ServiceJSON.decode(EmptyRequest.self, from: body) }
        return try await closeRound(live, key: key, principal: principal,
                                    fingerprint: Self.fingerprint(method: "POST", path: "/v1/markets/\(market)/rounds/close", body: body))
    }

    /// The round clock's close of the round now open in `market` in time slot `slot` (the
    /// clock's interval counted from the epoch): idempotent by the market and the slot (key
    /// `clock:MARKET:SLOT`, as admin), so the clocks of two servers on one database close one
    /// round per slot; the second gets the first's response, `replayed`.
    public func closeRoundByClock(market: String, slot: Int64) async throws(ServiceError) -> ServiceResponse {
        let live = await caughtUp(try await live(market))
        let key = "clock:\(live.id):\(slot)"
        return try await closeRound(live, key: key, principal: .admin,
                                    fingerprint: Self.fingerprint(method: "POST", path: "/v1/markets/\(live.id)/rounds/close", body: Data()))
    }

    /// The ids of every market (for the round clock).
    public func marketIDs() async -> [String] {
        await refreshMarkets()
        return markets.keys.sorted().compactMap { markets[$0]?.id.rawValue }
    }

    private func closeRound(_ live: LiveMarket, key: String, principal: Principal, fingerprint: String) async throws(ServiceError) -> ServiceResponse {
        try await marketCommand(live, RecordedCommand(action: .close), key: key, principal: principal, fingerprint: fingerprint) { market, _ in
            guard let round = market.round(market.roundsClosed) else { throw ServiceError.internal }
            return (200, ServiceJSON.encode(round))
        }
    }

    /// `GET /v1/markets/{id}/rounds/{n}` (anyone).
    public func round(market: String, number: String) async throws(ServiceError) -> RoundView {
        let live = try await live(market)
        guard let n = Int(number), let round = live.round(n) else { throw .notFound("round", number, field: "round") }
        return round
    }

    /// `GET /v1/markets/{id}/rounds?limit=N` (anyone): the newest `limit` closed rounds (default 20).
    public func rounds(market: String, limit: String?) async throws(ServiceError) -> RoundList {
        let live = try await live(market)
        let count: Int
        do { count = try Self.limit(limit, default: 20) } catch { throw .invalidField(error) }
        let newest = stride(from: live.roundsClosed, to: max(0, live.roundsClosed - count), by: -1)
        return RoundList(rounds: newest.compactMap { live.round($0) })
    }

    // MARK: Trades

    /// `GET /v1/trades?market=&participant=&before=&limit=` (self or admin): trades newest first
    /// (by market, newest market first, then by round and number); a participant sees only
    /// trades it is party to. `before` is a trade id returned as `next`.
    public func trades(market: String?, participant: String?, before: String?, limit: String?, by principal: Principal) async throws(ServiceError) -> TradePage {
        var party: AccountID?
        if let participant { party = try await knownParticipant(participant, field: "participant") }
        if case let .participant(caller) = principal {
            if let party, party != caller { throw .forbidden("participant = '\(participant ?? "")' is invalid: expected your own id (\(caller))", field: "participant") }
            party = caller
        }
        let count: Int
        do { count = try Self.limit(limit, default: 100) } catch { throw .invalidField(error) }
        let selected: [LiveMarket]
        if let market { selected = [try await live(market)] } else { selected = markets.keys.sorted(by: >).compactMap { markets[$0] } }
        var all = selected.lazy.flatMap { $0.trades.reversed() }.filter { party == nil || $0.buyer == party || $0.seller == party }
            .makeIterator()
        if let before {
            var found = false
            while let trade = all.next() { if trade.id == before { found = true; break } }
            guard found else { throw .invalidField(InputError(field: "before", value: "'\(before.prefix(40))'", expected: "a cursor returned by an earlier page")) }
        }
        var page: [TradeView] = []
        while page.count < count, let trade = all.next() { page.append(trade) }
        let more = all.next() != nil
        return TradePage(trades: page, next: more ? page.last?.id : nil)
    }

    // MARK: Committing a market command

    /// Commits one command of `live`'s market under its lock: catch up on commands committed
    /// elsewhere, complete the command with the accounts it reads (a bilateral close's budgets,
    /// a bilateral bid's funds), apply it, and store it with its postings and the response
    /// `respond` makes.
    func marketCommand(_ live: LiveMarket, _ request: RecordedCommand, key: String, principal: Principal, fingerprint: String,
                       respond: @escaping @Sendable (LiveMarket, CommandOutcome) throws -> (Int, Data)) async throws(ServiceError) -> ServiceResponse {
        let start = markets[live.number] ?? live
        let plan = CommitPlan<MarketAnswer>(
            scope: IdempotencyScope(caller: principal.caller, key: key), fingerprint: fingerprint, market: start.id,
            knownSequence: start.sequence,
            accountsToRead: { [heads] caughtUp in
                guard start.kind == .bilateral else { return [] }
                return try heads.caughtUp(start, caughtUp).0.accountsToRead(for: request)
            }
        ) { [heads] context in
            var (market, applied) = try heads.caughtUp(start, context.caughtUp)
            let command = market.completed(request, accounts: context.accounts)
            let round = market.currentRound
            let outcome = try market.apply(command, sequence: market.sequence + 1)
            let stored = command.body
            applied.append(MarketAnswer.Applied(sequence: market.sequence, round: round, outcome: outcome, body: stored))
            heads.decided(market, applied: applied)
            let (status, body) = try respond(market, outcome)
            return (CommitEffects(command: stored, postings: outcome.postings, status: status, body: body),
                    MarketAnswer(market: market, applied: applied, status: status, body: body))
        }
        return try await run(plan) { answer, _, _ in install(answer, number: start.number) }
    }

    /// Installs a committed market state unless a later one is installed already, and
    /// publishes the events of the commands it applied that were not published yet.
    func install(_ answer: MarketAnswer, number: Int) {
        let installed = markets[number]?.sequence ?? 0
        guard answer.market.sequence > installed else { return }
        markets[number] = answer.market
        for applied in answer.applied where applied.sequence > installed {
            for event in applied.outcome.events {
                hub.publish(in: answer.market.id, type: EventData.type(of: event)) {
                    EventData(event, market: answer.market.id, round: applied.round)
                }
            }
        }
    }
}

/// A body that must be empty or `{}`.
struct EmptyRequest: Codable {}
