import Foundation
import Ledger
import SurplusCore

/// Who sends a request: the admin (markets, participants, deposits) or one participant.
public enum Principal: Hashable, Sendable, CustomStringConvertible {
    case admin
    case participant(AccountID)

    /// The scope of the caller's idempotency keys: `admin` or the participant's id.
    public var caller: String {
        switch self {
        case .admin: "admin"
        case let .participant(id): id.rawValue
        }
    }

    public var description: String { caller }

    /// The participant, or nil for the admin.
    public var participant: AccountID? {
        if case let .participant(id) = self { id } else { nil }
    }
}

/// API keys: `sk_` and 32 random bytes in hexadecimal; stored only as their SHA-256 (hex).
public enum APIKey {
    public static let prefix = "sk_"

    /// A new random key (`SystemRandomNumberGenerator`, the system's CSPRNG).
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return prefix + bytes.map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }

    /// The SHA-256 (64 hex digits) a key is stored as.
    public static func hash(_ key: String) -> String { SHA256.hex(Array(key.utf8)) }
}
