import Foundation
import Ledger
import LiveMarkets
import SurplusCore

/// The application layer of `surplus serve`: what every front end (the HTTP server, the
/// agents, the demo) calls. It owns the participants and their API keys, the money operations,
/// the markets (their state machines rebuilt from the stored commands on start), the
/// idempotency records and the event stream. It imports no HTTP or database library: a
/// ``MarketStorage`` keeps everything.
///
/// **Creating operations** take the raw body, the `Idempotency-Key` and the caller, and
/// return a ``ServiceResponse`` (status, JSON body, replayed): the request's fingerprint is
/// SHA-256 of method, path and body; the first response is stored in the same transaction as
/// the request's effects, and a retry with the same key and fingerprint gets it again;
/// another fingerprint is 422 `idempotencyKeyReused`. Refused requests store nothing (a retry
/// is tried again). **Reads** return the response types; encode them with ``ServiceJSON``.
/// Every refusal is a ``ServiceError``.
public actor MarketService {
    /// The most events a subscriber may fall behind before it is dropped.
    public static let defaultEventBuffer = 1_024

    let storage: any MarketStorage
    private let adminKeyHash: String
    /// Participants by number, and by key hash.
    var participants: [Int: StoredParticipant] = [:]
    private var participantByKey: [String: AccountID] = [:]
    var markets: [Int: LiveMarket] = [:]
    /// The latest state each market's commits decided (what a commit starts from).
    let heads = DecidedHeads()
    var hub: EventHub

    /// Opens the service on `storage`: loads the participants and markets and replays every
    /// market's commands, so the service resumes where the last commit left it.
    /// - Parameter adminKey: the key that acts as admin (the server's `--admin-key`).
    /// - Throws: ``ServiceError`` for an empty admin key; the store's error when it cannot load;
    ///   an error when a stored command does not replay (a store written by other code).
    public init(storage: any MarketStorage, adminKey: String, eventBuffer: Int = MarketService.defaultEventBuffer) async throws {
        guard !adminKey.isEmpty else {
            throw ServiceError(status: 400, code: "invalidField", message: "admin key is empty: expected a non-empty key", field: "adminKey")
        }
        self.storage = storage
        adminKeyHash = APIKey.hash(adminKey)
        hub = EventHub(bufferSize: max(1, eventBuffer))
        let world = try await storage.load()
        for participant in world.participants { try add(participant) }
        for stored in world.markets { markets[stored.number] = try LiveMarket(stored: stored) }
        for command in world.commands {
            guard let number = Self.marketNumber(command.market), var market = markets[number] else { continue }
            _ = try market.apply(try StrictJSON.decode(RecordedCommand.self, from: command.body), sequence: command.sequence)
            markets[number] = market
        }
    }

    private func add(_ participant: StoredParticipant) throws {
        participants[participant.number] = participant
        participantByKey[participant.keyHash] = try participant.id
    }

    // MARK: Authentication

    /// The caller of a request: `bearer` is the `Authorization` header's value (`Bearer KEY`)
    /// or the key alone.
    /// - Throws: ``ServiceError/unauthorized`` (401) without a valid key.
    public func authenticate(bearer: String?) async throws(ServiceError) -> Principal {
        guard var key = bearer?.trimmingCharacters(in: .whitespaces), !key.isEmpty else { throw .unauthorized }
        if key.lowercased().hasPrefix("bearer ") { key = String(key.dropFirst(7)).trimmingCharacters(in: .whitespaces) }
        let hash = APIKey.hash(key)
        if hash == adminKeyHash { return .admin }
        if let id = participantByKey[hash] { return .participant(id) }
        await refreshParticipants()  // created by another process on the same database?
        if let id = participantByKey[hash] { return .participant(id) }
        throw .unauthorized
    }

    func refreshParticipants() async {
        let last = participants.keys.max() ?? 0
        guard let newer = try? await storage.participants(after: last) else { return }
        for participant in newer { try? add(participant) }
    }

    static func requireAdmin(_ principal: Principal) throws(ServiceError) {
        guard principal == .admin else { throw .forbidden("Authorization is invalid: expected the admin key for this request", field: "Authorization") }
    }

    static func requireParticipant(_ principal: Principal) throws(ServiceError) -> AccountID {
        guard let id = principal.participant else {
            throw .forbidden("Authorization is invalid: expected a participant's key for this request", field: "Authorization")
        }
        return id
    }

    /// The participant `text` names (`p3`), known to the service.
    func knownParticipant(_ text: String, field: String) async throws(ServiceError) -> AccountID {
        guard text.hasPrefix("p"), let number = Int(text.dropFirst()), number > 0, String(number) == text.dropFirst() else {
            throw .notFound("participant", text, field: field)
        }
        if participants[number] == nil { await refreshParticipants() }
        guard let participant = participants[number], let id = try? participant.id else { throw .notFound("participant", text, field: field) }
        return id
    }

    /// Self or admin: a participant may see only its own resources.
    static func requireSelfOrAdmin(_ principal: Principal, _ id: AccountID) throws(ServiceError) {
        if case let .participant(caller) = principal, caller != id {
            throw .forbidden("participant = '\(id)' is invalid: expected your own id (\(caller))", field: "participant")
        }
    }

    static func marketNumber(_ id: MarketID) -> Int? { marketNumber(id.rawValue) }

    static func marketNumber(_ text: String) -> Int? {
        guard text.hasPrefix("m"), let number = Int(text.dropFirst()), number > 0, String(number) == text.dropFirst() else { return nil }
        return number
    }

    // MARK: Idempotent commits

    /// The checked `Idempotency-Key`.
    static func checkedKey(_ key: String?) throws(ServiceError) -> String {
        guard let key, !key.isEmpty else { throw .idempotencyKeyRequired }
        guard key.utf8.count <= 128, key.utf8.allSatisfy({ (0x20...0x7E).contains($0) }) else {
            throw ServiceError(status: 400, code: "idempotencyKeyRequired",
                               message: "Idempotency-Key is invalid: expected 1 to 128 printable ASCII characters", field: "Idempotency-Key")
        }
        return key
    }

    /// SHA-256 of method, path and body (each length-prefixed, so no two requests collide).
    static func fingerprint(method: String, path: String, body: Data) -> String {
        var bytes: [UInt8] = []
        for part in [Array(method.utf8), Array(path.utf8), Array(body)] {
            bytes += withUnsafeBytes(of: UInt64(part.count).bigEndian, Array.init)
            bytes += part
        }
        return SHA256.hex(bytes)
    }

    /// Commits `plan` and answers: the stored response of a replay (or 422 when the key was
    /// used for another request), else the new response after `install` applied the payload.
    func run<Payload: Sendable & Responding>(_ plan: CommitPlan<Payload>,
                                install: (Payload, [StoredCommand], Int?) throws -> Void) async throws(ServiceError) -> ServiceResponse {
        let result: CommitResult<Payload>
        do { result = try await storage.commit(plan) } catch { throw ServiceError(error) }
        switch result {
        case let .replay(record):
            guard record.fingerprint == plan.fingerprint else { throw .idempotencyKeyReused(plan.scope.key) }
            return ServiceResponse(status: record.status, body: record.body, replayed: true)
        case let .committed(caughtUp, sequence, payload):
            do { try install(payload, caughtUp, sequence) } catch { throw ServiceError(error) }
            return ServiceResponse(status: payload.status, body: payload.body, replayed: false)
        }
    }

    // MARK: Participants

    /// `POST /v1/participants` (admin) `{name}` -> 201 `{id, name, apiKey}`.
    public func createParticipant(body: Data, idempotencyKey: String?, by principal: Principal) async throws(ServiceError) -> ServiceResponse {
        try Self.requireAdmin(principal)
        let key = try Self.checkedKey(idempotencyKey)
        let request = try ServiceJSON.decode(CreateParticipantRequest.self, from: body)
        let apiKey = APIKey.generate()
        let plan = CommitPlan<Answer<StoredParticipant>>(
            scope: IdempotencyScope(caller: principal.caller, key: key),
            fingerprint: Self.fingerprint(method: "POST", path: "/v1/participants", body: body), allocation: .participant
        ) { context in
            let name = request.name.trimmingCharacters(in: .whitespaces)
            guard (1...100).contains(name.count), !name.contains(where: \.isNewline) else {
                throw InputError(field: "name", value: "'\(request.name.prefix(40))'", expected: "1 to 100 characters on one line")
            }
            guard let number = context.allocatedNumber else { throw ServiceError.internal }
            let participant = StoredParticipant(number: number, name: name, keyHash: APIKey.hash(apiKey))
            let body = ServiceJSON.encode(ParticipantCreated(id: try participant.id, name: name, apiKey: apiKey))
            return (CommitEffects(participant: participant, status: 201, body: body), Answer(value: participant, status: 201, body: body))
        }
        return try await run(plan) { answer, _, _ in try add(answer.value) }
    }

    /// `GET /v1/participants` (admin).
    public func listParticipants(by principal: Principal) async throws(ServiceError) -> ParticipantList {
        try Self.requireAdmin(principal)
        await refreshParticipants()
        return ParticipantList(participants: participants.keys.sorted().compactMap { number in
            participants[number].flatMap { p in (try? p.id).map { ParticipantView(id: $0, name: p.name) } }
        })
    }

    // MARK: Money

    /// `GET /v1/participants/{id}/account` (self or admin).
    public func account(of participant: String, by principal: Principal) async throws(ServiceError) -> AccountView {
        let id = try await knownParticipant(participant, field: "participant")
        try Self.requireSelfOrAdmin(principal, id)
        do {
            let state = try await storage.ledger.account(id)
            return AccountView(participant: id, balance: state.balance, held: state.held, available: state.available ?? state.balance)
        } catch { throw ServiceError(error) }
    }

    /// `GET /v1/participants/{id}/entries?before=&limit=` (self or admin): newest first.
    public func entries(of participant: String, before: String?, limit: String?, by principal: Principal) async throws(ServiceError) -> EntriesPage {
        let id = try await knownParticipant(participant, field: "participant")
        try Self.requireSelfOrAdmin(principal, id)
        do {
            let cursor = try before.map { try JournalCursor(parsing: $0, field: "before") }
            let page = try await storage.ledger.entries(of: id, before: cursor, limit: try Self.limit(limit, default: 100))
            return EntriesPage(entries: page.entries.map(EntryView.init), next: page.next?.description)
        } catch { throw ServiceError(error) }
    }

    /// A page size: 1...1000, `default` when absent.
    static func limit(_ text: String?, default value: Int) throws(InputError) -> Int {
        guard let text else { return value }
        guard let limit = Int(text), (1...1000).contains(limit) else {
            throw InputError(field: "limit", value: "'\(text.prefix(20))'", expected: "an integer from 1 to 1000")
        }
        return limit
    }

    /// `GET /v1/ledger` (admin).
    public func ledgerTotals(by principal: Principal) async throws(ServiceError) -> LedgerTotals {
        try Self.requireAdmin(principal)
        do { return try await storage.ledger.totals() } catch { throw ServiceError(error) }
    }

    /// `POST /v1/deposits` (admin) `{participant, amount}` -> 201 `{transfer, participant, amount, balance}`.
    public func deposit(body: Data, idempotencyKey: String?, by principal: Principal) async throws(ServiceError) -> ServiceResponse {
        try await moveMoney(body: body, idempotencyKey: idempotencyKey, by: principal, path: "/v1/deposits", deposit: true)
    }

    /// `POST /v1/withdrawals` (admin): beyond the available funds is 422 `insufficientFunds`.
    public func withdraw(body: Data, idempotencyKey: String?, by principal: Principal) async throws(ServiceError) -> ServiceResponse {
        try await moveMoney(body: body, idempotencyKey: idempotencyKey, by: principal, path: "/v1/withdrawals", deposit: false)
    }

    private func moveMoney(body: Data, idempotencyKey: String?, by principal: Principal, path: String, deposit: Bool) async throws(ServiceError) -> ServiceResponse {
        try Self.requireAdmin(principal)
        let key = try Self.checkedKey(idempotencyKey)
        let request = try ServiceJSON.decode(MoneyRequest.self, from: body)
        let participant = try await knownParticipant(request.participant.rawValue, field: "participant")
        let scope = IdempotencyScope(caller: principal.caller, key: key)
        let transferID = try Self.transferID(scope, purpose: deposit ? "deposit" : "withdrawal")
        let plan = CommitPlan<Answer<Void>>(
            scope: scope, fingerprint: Self.fingerprint(method: "POST", path: path, body: body),
            accountsToRead: { _ in [participant] }
        ) { context in
            try Self.checkPositive(request.amount)
            let action: Transfer.Action = deposit
                ? .post(debit: .world, credit: participant, amount: request.amount)
                : .post(debit: participant, credit: .world, amount: request.amount)
            let transfer = try Transfer(id: transferID, action, memo: deposit ? "deposit" : "withdrawal")
            let before = context.accounts[participant]?.balance ?? .zero
            let after = (deposit ? before.adding(request.amount) : before.subtracting(request.amount)) ?? before
            let body = ServiceJSON.encode(MoneyMovement(transfer: transferID, participant: participant, amount: request.amount, balance: after))
            return (CommitEffects(postings: [transfer], status: 201, body: body), Answer(value: (), status: 201, body: body))
        }
        return try await run(plan) { _, _, _ in }
    }

    /// `POST /v1/transfers` (participant) `{to, amount}` -> 201 `{transfer, from, to, amount}`.
    public func transfer(body: Data, idempotencyKey: String?, by principal: Principal) async throws(ServiceError) -> ServiceResponse {
        let from = try Self.requireParticipant(principal)
        let key = try Self.checkedKey(idempotencyKey)
        let request = try ServiceJSON.decode(TransferRequest.self, from: body)
        let to = try await knownParticipant(request.to.rawValue, field: "to")
        let scope = IdempotencyScope(caller: principal.caller, key: key)
        let transferID = try Self.transferID(scope, purpose: "transfer")
        let plan = CommitPlan<Answer<Void>>(scope: scope, fingerprint: Self.fingerprint(method: "POST", path: "/v1/transfers", body: body)) { _ in
            try Self.checkPositive(request.amount)
            guard to != from else { throw InputError(field: "to", value: "'\(to)'", expected: "another participant than yourself") }
            let transfer = try Transfer(id: transferID, .post(debit: from, credit: to, amount: request.amount), memo: "transfer")
            let body = ServiceJSON.encode(TransferView(transfer: transferID, from: from, to: to, amount: request.amount))
            return (CommitEffects(postings: [transfer], status: 201, body: body), Answer(value: (), status: 201, body: body))
        }
        return try await run(plan) { _, _, _ in }
    }

    static func checkPositive(_ amount: Amount) throws(InputError) {
        guard amount > .zero else { throw InputError(field: "amount", value: amount.description, expected: "an amount > 0") }
    }

    /// The ledger id of the transfer a request makes: the first 128 bits of SHA-256 of the
    /// purpose, the caller and the `Idempotency-Key`, so a retried request posts it once.
    static func transferID(_ scope: IdempotencyScope, purpose: String) throws(ServiceError) -> TransferID {
        let digest = SHA256.digest(Array("surplus.service.\(purpose)\u{0}\(scope.caller)\u{0}\(scope.key)".utf8))
        let high = digest[0..<8].reduce(0) { $0 << 8 | UInt64($1) }
        let low = digest[8..<16].reduce(0) { $0 << 8 | UInt64($1) }
        do { return try TransferID(high: high, low: low | 1) } catch { throw .internal }
    }

    // MARK: Events

    /// The events published from now on, of one market (`market`, e.g. `m1`) or all (nil), and
    /// of the given `types` only (nil: all, as `GET /v1/events` streams them). The stream
    /// finishes when the subscriber falls ``defaultEventBuffer`` events behind, or when the
    /// service shuts down.
    public func events(market: String? = nil, types: Set<String>? = nil) throws(ServiceError) -> AsyncStream<ServiceEvent> {
        var filter: MarketID?
        if let market {
            guard let number = Self.marketNumber(market), let live = markets[number] else { throw .notFound("market", market, field: "market") }
            filter = live.id
        }
        return hub.subscribe(market: filter, types: types) { [weak self] id in
            Task { await self?.unsubscribe(id) }
        }
    }

    private func unsubscribe(_ id: Int) { hub.unsubscribe(id) }

    /// Subscribers of the event stream now.
    public var eventSubscribers: Int { hub.subscriberCount }

    /// Ends every event stream (at shutdown).
    public func finishEvents() { hub.finishAll() }
}

/// A payload that carries the response a commit stores.
protocol Responding {
    var status: Int { get }
    var body: Data { get }
}

/// A commit's payload: a value for the service, and the response stored with it.
struct Answer<Value: Sendable>: Sendable, Responding {
    var value: Value
    var status: Int
    var body: Data
}
