/// The round-by-round record of a run (`ExchangeMarket.Options.recordTrace`).
extension ExchangeEngine {
    func responses(of movers: [Int]) -> [ExchangeRound.Response] {
        movers.map { i in
            ExchangeRound.Response(
                buyer: market.buyers[i].id,
                bids: bids[i].enumerated().map { k, e in
                    ExchangeRound.PoolBid(seller: market.sellers[e.seller].id, quantity: e.quantity, price: price(buyer: i, bid: k))
                })
        }
    }

    func sellerStates() -> [ExchangeRound.SellerState] {
        (0..<sellerCount).map { j in
            var states: [ExchangeRound.BidState] = []
            var sold = 0.0
            for e in offsets[j]..<offsets[j + 1] {
                let i = entryBuyer[e]
                let a = bidAllocations[i][entryIndex[e]]
                sold += a
                states.append(ExchangeRound.BidState(buyer: market.buyers[i].id, quantity: entryQuantity[e], price: entryPrice[e], allocated: a))
            }
            return ExchangeRound.SellerState(seller: market.sellers[j].id, remaining: max(0, supply[j] - sold), reservePrice: reserve[j], bids: states)
        }
    }
}
