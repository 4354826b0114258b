import Foundation
import Ledger
import LiveMarkets

/// One event of `GET /v1/events`: `id: sequence`, `event: type`, `data: data`.
public struct ServiceEvent: Sendable, Hashable {
    /// Increasing by one for every event this service published (from 1 at start).
    public let sequence: Int64
    /// roundOpened, orderAccepted, orderRejected, orderReplaced, orderCancelled, trade, noMatch,
    /// roundClosed, settled.
    public let type: String
    public let market: MarketID
    /// The JSON object `{market, type, round, ...the event's fields}` (a trade under `trade`).
    public let data: Data
}

/// The JSON of an event's `data`.
struct EventData: Encodable {
    var market: MarketID
    var type: String
    var round: Int
    var order: String?
    var participant: AccountID?
    var inputHash: String?
    var trade: TradeView?
    var client: AccountID?
    var server: AccountID?
    var session: Int?
    var code: String?
    var message: String?

    /// The event of `event` in `market`, whose open round is `round` when the event has none.
    init(_ event: LiveEvent, market: MarketID, round: Int) {
        self.market = market
        self.round = round
        type = Self.type(of: event)
        switch event {
        case let .orderAccepted(order, participant), let .orderReplaced(order, participant), let .orderCancelled(order, participant):
            self.order = "\(market)-\(order)"; self.participant = participant
        case let .roundClosed(round, inputHash):
            self.round = round; self.inputHash = inputHash
        case let .trade(trade):
            self.round = trade.round; self.trade = TradeView(trade)
        case let .noMatch(round, client, server):
            self.round = round; self.client = client; self.server = server
        case let .settled(round, session):
            self.round = round; self.session = session
        case let .roundOpened(round):
            self.round = round
        }
    }

    /// The `type` of an order a market refused.
    static let rejectedType = "orderRejected"

    /// The event's `type` (`event:` of the stream).
    static func type(of event: LiveEvent) -> String {
        switch event {
        case .orderAccepted: "orderAccepted"
        case .orderReplaced: "orderReplaced"
        case .orderCancelled: "orderCancelled"
        case .roundClosed: "roundClosed"
        case .trade: "trade"
        case .noMatch: "noMatch"
        case .settled: "settled"
        case .roundOpened: "roundOpened"
        }
    }

    /// An order a market refused (`orderRejected`), with the error's code and message.
    init(rejected error: ServiceError, participant: AccountID?, market: MarketID, round: Int) {
        self.market = market
        self.round = round
        type = Self.rejectedType
        self.participant = participant
        code = error.code
        message = error.message
    }
}

/// The subscribers of the event stream, each with a bounded buffer: a subscriber that falls
/// `bufferSize` events behind is dropped (its stream finishes).
struct EventHub {
    /// What a subscriber hears: the events of `market` (nil: every market) whose type is in
    /// `types` (nil: every type).
    private struct Subscriber {
        var market: MarketID?
        var types: Set<String>?
        var continuation: AsyncStream<ServiceEvent>.Continuation

        func listens(to market: MarketID, type: String) -> Bool {
            (self.market == nil || self.market == market) && (types?.contains(type) ?? true)
        }
    }

    private var subscribers: [Int: Subscriber] = [:]
    private var nextSubscriber = 0
    private(set) var sequence: Int64 = 0
    let bufferSize: Int

    init(bufferSize: Int) { self.bufferSize = bufferSize }

    /// A new subscriber's id and stream; `onTermination` is called when it ends (dropped,
    /// or its consumer went away).
    mutating func subscribe(market: MarketID?, types: Set<String>? = nil,
                            onTermination: @escaping @Sendable (Int) -> Void) -> AsyncStream<ServiceEvent> {
        nextSubscriber += 1
        let id = nextSubscriber
        let (stream, continuation) = AsyncStream<ServiceEvent>.makeStream(bufferingPolicy: .bufferingOldest(bufferSize))
        continuation.onTermination = { _ in onTermination(id) }
        subscribers[id] = Subscriber(market: market, types: types, continuation: continuation)
        return stream
    }

    mutating func unsubscribe(_ id: Int) { subscribers[id] = nil }

    var subscriberCount: Int { subscribers.count }

    /// Publishes the event `make` builds (an `EventData` of `market` and `type`) to every
    /// subscriber listening to it; with none, the event takes its sequence number and is neither
    /// built nor encoded (the metrics' subscriber hears only closed rounds and trades, not the
    /// order events of every bid).
    mutating func publish(in market: MarketID, type: String, _ make: () -> EventData) {
        sequence += 1
        guard subscribers.values.contains(where: { $0.listens(to: market, type: type) }) else { return }
        let event = ServiceEvent(sequence: sequence, type: type, market: market, data: ServiceJSON.encode(make()))
        for (id, subscriber) in subscribers where subscriber.listens(to: market, type: type) {
            if case .dropped = subscriber.continuation.yield(event) {
                subscribers[id] = nil
                subscriber.continuation.finish()
            }
        }
    }

    mutating func finishAll() {
        for subscriber in subscribers.values { subscriber.continuation.finish() }
        subscribers = [:]
    }
}
