import SurplusCore

/// Every random stream family ProgressiveAuction draws from (`RunOptions.stream`),
/// and the sub-computation kinds whose seeds it derives (`RunOptions.derived`).
/// The ids are those of the first published runs, so every number stays the same.
extension StreamName {
    /// A buyer's private coins in `PrivateWinnerDetermination`: stream `buyerCoins + i` for buyer i.
    public static let buyerCoins = StreamName(0, "a buyer's private coins")
    /// Valuations of `RandomInstances.pspValuations`.
    public static let pspValuations = StreamName(1, "PSP valuations")
    /// Sellers and buyers of `RandomInstances.exchange`.
    public static let exchangeMarket = StreamName(2, "exchange market")
    /// Sellers and buyers of `RandomInstances.splittingExchange`.
    public static let splittingMarket = StreamName(9, "splitting exchange")
    /// The sealed bids of `RandomInstances.sealedBids` and their shuffle.
    public static let sealedBids = StreamName(11, "sealed bids")
    /// Instance k of a seeded study (`derived(.studyInstance, k)`: seed + k, the numbering of the first studies).
    public static let studyInstance = StreamName(0, "study instance")
    /// A second run of the same instance with fresh coins (`derived(.rerun)`: seed + 1).
    public static let rerun = StreamName(1, "rerun with fresh coins")
}
