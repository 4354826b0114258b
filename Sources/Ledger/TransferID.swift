import Foundation
import SurplusCore

/// The client-chosen 128-bit id of a transfer (TigerBeetle's `id`): the key that makes every
/// posting idempotent. A client picks it once per intended transfer (a random UUID does) and
/// sends it again on every retry; the ledger posts it at most once. Zero is not an id.
///
/// Text form: 32 hexadecimal digits (printed in lower case), or a UUID with its dashes.
public struct TransferID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The first 64 of the 128 bits (the first 8 bytes of the UUID).
    public let high: UInt64
    /// The last 64 bits.
    public let low: UInt64

    /// - Throws: ``InputError`` for the zero id.
    public init(high: UInt64, low: UInt64, field: String = "id") throws(InputError) {
        guard high != 0 || low != 0 else { throw InputError(field: field, value: "0", expected: "a non-zero 128-bit id") }
        self.high = high
        self.low = low
    }

    public init(_ uuid: UUID) {
        let b = uuid.uuid
        high = [b.0, b.1, b.2, b.3, b.4, b.5, b.6, b.7].reduce(0) { $0 << 8 | UInt64($1) }
        low = [b.8, b.9, b.10, b.11, b.12, b.13, b.14, b.15].reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// A random id (a version-4 UUID).
    public static func random() -> TransferID { TransferID(UUID()) }

    /// A random id from `generator`, for reproducible workloads.
    public static func random(using generator: inout some RandomNumberGenerator) -> TransferID {
        TransferID(unchecked: generator.next() | 1, generator.next())
    }

    /// A time-ordered id: a version-7 UUID (RFC 9562, sec. 5.7), the Unix time of `date` in
    /// milliseconds in its first 48 bits, then the version, the variant and 74 random bits.
    ///
    /// Clients choose their ids; ids made later sort later, so a store's unique index on ids
    /// grows at its end, where a batch dirties a few pages, instead of one random page per
    /// transfer (TigerBeetle asks for time-based ids for the same reason). Random ids stay valid.
    public static func timeOrdered(at date: Date = Date(), using generator: inout some RandomNumberGenerator) -> TransferID {
        let milliseconds = UInt64(max(0, date.timeIntervalSince1970 * 1000)) & 0xFFFF_FFFF_FFFF
        let random = generator.next()
        let high = milliseconds << 16 | 0x7000 | (random & 0x0FFF)
        let low = 0x8000_0000_0000_0000 | (generator.next() >> 2)
        return TransferID(unchecked: high, low)
    }

    /// ``timeOrdered(at:using:)`` with the system's random number generator.
    public static func timeOrdered(at date: Date = Date()) -> TransferID {
        var generator = SystemRandomNumberGenerator()
        return timeOrdered(at: date, using: &generator)
    }

    /// Parses 32 hexadecimal digits or a UUID (`8-4-4-4-12` digits).
    public init(parsing text: some StringProtocol, field: String = "id") throws(InputError) {
        let shown = text.count > 40 ? "\(text.prefix(40))..." : String(text)
        let expected = "a transfer id: 32 hexadecimal digits or a UUID"
        var hex = Array(text.utf8)
        if hex.count == 36, [8, 13, 18, 23].allSatisfy({ hex[$0] == UInt8(ascii: "-") }) {
            hex.removeAll { $0 == UInt8(ascii: "-") }
        }
        guard hex.count == 32 else { throw InputError(field: field, value: shown, expected: expected) }
        var words: [UInt64] = [0, 0]
        for (k, byte) in hex.enumerated() {
            guard let digit = Character(Unicode.Scalar(byte)).hexDigitValue else {
                throw InputError(field: field, value: shown, expected: expected)
            }
            words[k / 16] = words[k / 16] << 4 | UInt64(digit)
        }
        try self.init(high: words[0], low: words[1], field: field)
    }

    /// The 16 bytes, most significant first (how the stores keep it).
    public var bytes: [UInt8] {
        (0..<8).reversed().map { UInt8(truncatingIfNeeded: high >> (8 * $0)) }
            + (0..<8).reversed().map { UInt8(truncatingIfNeeded: low >> (8 * $0)) }
    }

    /// The id of 16 bytes, most significant first; nil unless 16 bytes of a non-zero id.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 16 else { return nil }
        let high = bytes.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
        let low = bytes.suffix(8).reduce(0) { $0 << 8 | UInt64($1) }
        guard high != 0 || low != 0 else { return nil }
        self.init(unchecked: high, low)
    }

    init(unchecked high: UInt64, _ low: UInt64) {
        self.high = high
        self.low = low
    }

    public static func < (a: TransferID, b: TransferID) -> Bool { (a.high, a.low) < (b.high, b.low) }

    /// 32 lower-case hexadecimal digits.
    public var description: String {
        func hex(_ word: UInt64) -> String {
            let digits = String(word, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }
        return hex(high) + hex(low)
    }
}

/// In JSON a transfer id is its text form; decoding takes either form.
extension TransferID: Codable {
    public init(from decoder: any Decoder) throws {
        try self.init(parsing: try decoder.singleValueContainer().decode(String.self), field: fieldName(decoder.codingPath, default: "id"))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
