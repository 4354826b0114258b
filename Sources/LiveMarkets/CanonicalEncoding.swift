import Ledger
import SurplusCore

/// The canonical byte encoding that round input hashes and derived transfer ids are taken
/// of. Each value is written with a one-byte tag and a fixed layout: integers as 8 bytes big
/// endian, a `Double` as its IEEE-754 bit pattern (8 bytes big endian, so `0.1` hashes the
/// same on every platform), a string as its UTF-8 byte count (8 bytes) then its bytes, an
/// optional as a presence byte then the value. Lists are written as their count then their
/// items, in the canonical order the caller sorts them in (by participant id).
struct CanonicalEncoder {
    private(set) var bytes: [UInt8] = []

    mutating func append(_ value: UInt64) {
        bytes.append(0x01)
        appendRaw(value)
    }

    mutating func append(_ value: Int) { append(UInt64(bitPattern: Int64(value))) }

    mutating func append(_ value: Double) {
        bytes.append(0x02)
        appendRaw(value.bitPattern)
    }

    mutating func append(_ value: String) {
        bytes.append(0x03)
        appendRaw(UInt64(value.utf8.count))
        bytes.append(contentsOf: value.utf8)
    }

    mutating func append(_ value: Bool) { bytes.append(value ? 0x05 : 0x04) }

    mutating func append(_ value: Amount) { append(UInt64(bitPattern: value.microUnits)) }

    mutating func append(_ value: AccountID) { append(value.rawValue) }

    mutating func append(_ value: Double?) {
        bytes.append(value == nil ? 0x06 : 0x07)
        if let value { append(value) }
    }

    /// Starts a list of `count` items.
    mutating func beginList(_ count: Int) {
        bytes.append(0x08)
        appendRaw(UInt64(count))
    }

    private mutating func appendRaw(_ value: UInt64) {
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    /// SHA-256 of the bytes, as 64 lower-case hexadecimal digits.
    var sha256: String { SHA256.hex(bytes) }

    /// A transfer id from the first 16 bytes of the SHA-256 of the bytes (the last bit set, so
    /// never zero): the same market, purpose and order always give the same id, so a retried
    /// or replayed command posts nothing twice.
    var transferID: TransferID {
        get throws {
            let digest = SHA256.digest(bytes)
            let high = digest[0..<8].reduce(0) { $0 << 8 | UInt64($1) }
            let low = digest[8..<16].reduce(0) { $0 << 8 | UInt64($1) }
            return try TransferID(high: high, low: low | 1)
        }
    }
}

extension CanonicalEncoder {
    /// The id of a transfer a market posts: its purpose and the numbers that make it unique.
    static func transferID(market: MarketID, _ purpose: String, _ numbers: Int...) throws -> TransferID {
        var encoder = CanonicalEncoder()
        encoder.append("surplus.live.transfer")
        encoder.append(market.rawValue)
        encoder.append(purpose)
        encoder.beginList(numbers.count)
        for n in numbers { encoder.append(n) }
        return try encoder.transferID
    }
}
