import Foundation
import Ledger
import SurplusCore
import Testing

@Suite("Amounts are parsed exactly")
struct AmountTests {
    @Test(arguments: [
        ("0", 0), ("12", 12_000_000), ("0.1", 100_000), ("-0.5", -500_000), ("0.000001", 1), ("1.50000000", 1_500_000),
        ("1e3", 1_000_000_000), ("1.5E-6", -1), ("2.5e-1", 250_000), ("9223372036854.775807", Int64.max),
        ("-9223372036854.775808", Int64.min), ("0e-9999", 0), ("000012.300", 12_300_000), ("123456789e-6", 123_456_789),
    ] as [(String, Int64)])
    func parses(_ text: String, _ micro: Int64) throws {
        if micro == -1 {  // 1.5e-6 needs 7 decimals
            #expect(throws: InputError.self) { try Amount(parsing: text, field: "amount") }
        } else {
            #expect(try Amount(parsing: text, field: "amount").microUnits == micro)
        }
    }

    @Test(arguments: [
        ("0.0000001", "at most 6 decimals"), ("1.2345678", "at most 6 decimals"), ("9223372036854.775808", "within"),
        ("-9223372036854.775809", "within"), ("1e13", "within"), ("99999999999999999999999", "within"), ("", "decimal number"),
        ("1.", "decimal number"), (".5", "decimal number"), ("+1", "decimal number"), ("1,5", "decimal number"), ("0x10", "decimal number"),
        ("1e", "decimal number"), ("1e+", "decimal number"), ("1e99999", "decimal number"), ("nan", "decimal number"), (" 1", "decimal number"),
        ("1.2.3", "decimal number"), ("--1", "decimal number"),
    ])
    func refuses(_ text: String, _ expected: String) {
        #expect {
            try Amount(parsing: text, field: "bids[2].amount")
        } throws: { error in
            let error = error as? InputError
            return error?.field == "bids[2].amount" && error?.expected.contains(expected) == true && error?.description.contains("\n") == false
        }
    }

    @Test(arguments: [(0, "0"), (1, "0.000001"), (1_500_000, "1.5"), (-12_000_000, "-12"), (Int64.min, "-9223372036854.775808"),
                      (Int64.max, "9223372036854.775807")] as [(Int64, String)])
    func prints(_ micro: Int64, _ text: String) throws {
        #expect(Amount(microUnits: micro).description == text)
        #expect(try Amount(parsing: text, field: "amount").microUnits == micro)
    }

    struct Body: Codable, Equatable { let amount: Amount }

    @Test func decodesNumbersAndStringsExactly() throws {
        let decoder = JSONDecoder()
        for (json, micro) in [(#"{"amount": 0.1}"#, Int64(100_000)), (#"{"amount": "0.3"}"#, 300_000), (#"{"amount": 1e2}"#, 100_000_000),
                              (#"{"amount": 123456.789012}"#, 123_456_789_012), (#"{"amount": 9223372036854.775807}"#, .max)] {
            #expect(try decoder.decode(Body.self, from: Data(json.utf8)).amount.microUnits == micro, "\(json)")
        }
        #expect { try decoder.decode(Body.self, from: Data(#"{"amount": 0.0000001}"#.utf8)) } throws: { error in
            (error as? InputError)?.field == "amount"
        }
        let body = Body(amount: Amount(microUnits: 123_456_789_012))
        let encoded = String(decoding: try JSONEncoder().encode(body), as: UTF8.self)
        #expect(encoded == #"{"amount":123456.789012}"#)
        #expect(try decoder.decode(Body.self, from: Data(encoded.utf8)) == body)
    }

    @Test func arithmeticReportsOverflow() {
        #expect(Amount(microUnits: .max).adding(Amount(microUnits: 1)) == nil)
        #expect(Amount(microUnits: .min).subtracting(Amount(microUnits: 1)) == nil)
        #expect(Amount(tokens: 9_223_372_036_855) == nil)
        #expect(Amount(tokens: 3)?.microUnits == 3_000_000)
    }
}

@Suite("Ids")
struct IDTests {
    @Test func transferIDsParseHexAndUUIDs() throws {
        let uuid = try #require(UUID(uuidString: "0123ABCD-4567-89AB-CDEF-0123456789AB"))
        let id = TransferID(uuid)
        #expect(id.description == "0123abcd456789abcdef0123456789ab")
        #expect(try TransferID(parsing: "0123abcd-4567-89ab-cdef-0123456789ab") == id)
        #expect(try TransferID(parsing: "0123ABCD456789ABCDEF0123456789AB") == id)
        #expect(TransferID(bytes: id.bytes) == id)
        #expect(TransferID(bytes: [UInt8](repeating: 0, count: 16)) == nil)
        for bad in ["", "0", String(repeating: "0", count: 32), String(repeating: "g", count: 32), "0123abcd-4567-89ab-cdef-0123456789a",
                    String(repeating: "1", count: 33)] {
            #expect(throws: InputError.self, "\(bad)") { try TransferID(parsing: bad, field: "transfers[0].id") }
        }
        struct Body: Codable { let id: TransferID }
        let json = String(decoding: try JSONEncoder().encode(Body(id: id)), as: UTF8.self)
        #expect(json == #"{"id":"0123abcd456789abcdef0123456789ab"}"#)
    }

    @Test func timeOrderedIDsAreVersion7UUIDsThatSortByTime() throws {
        let start: UInt64 = 1_764_547_200_123  // 2025-12-01T00:00:00.123Z, in milliseconds
        var generator = SystemRandomNumberGenerator()
        // Half a millisecond into each millisecond, so that no rounding moves it to the next.
        let ids = (0..<64).map { k in
            TransferID.timeOrdered(at: Date(timeIntervalSince1970: (Double(start + UInt64(k)) + 0.5) / 1000), using: &generator)
        }
        for id in ids {
            let uuid = try #require(UUID(uuidString: String(id.description.enumerated().flatMap { k, c in
                [8, 12, 16, 20].contains(k) ? ["-", c] : [c]
            })))
            #expect(TransferID(uuid) == id)
            #expect(id.high >> 16 == start + UInt64(ids.firstIndex(of: id)!))
            #expect((id.high >> 12) & 0xF == 7, "version 7")
            #expect(id.low >> 62 == 0b10, "RFC 9562 variant")
        }
        #expect(ids == ids.sorted(), "ids of later milliseconds sort later")
        #expect(Set(ids).count == ids.count)
    }

    @Test func accountIDsAreShortAndPlain() throws {
        #expect(try AccountID("alice-1.b_c:d").rawValue == "alice-1.b_c:d")
        for bad in ["", "a b", "é", String(repeating: "a", count: 65), "a/b", "a\n"] {
            #expect(throws: InputError.self, "\(bad)") { try AccountID(bad, field: "participant") }
        }
        #expect(Account.system.map(\.id.rawValue) == ["bank", "isp", "world"])
    }

    @Test func transfersRefuseMalformedBodies() throws {
        let a = try AccountID("a"), b = try AccountID("b"), id = try TransferID(high: 0, low: 1)
        #expect(throws: InputError.self) { try Transfer(id: id, .post(debit: a, credit: b, amount: .zero)) }
        #expect(throws: InputError.self) { try Transfer(id: id, .post(debit: a, credit: b, amount: Amount(microUnits: -1))) }
        #expect(throws: InputError.self) { try Transfer(id: id, .hold(debit: a, credit: a, amount: Amount(microUnits: 1))) }
        #expect(throws: InputError.self) { try Transfer(id: id, .voidHold(id)) }
        #expect(throws: InputError.self) { try Transfer(id: id, .postHold(try TransferID(high: 0, low: 2), amount: .zero)) }
        #expect(throws: InputError.self) { try Transfer(id: id, .post(debit: a, credit: b, amount: Amount(microUnits: 1)), memo: "a\nb") }
        #expect(throws: InputError.self) {
            try Transfer(id: id, .post(debit: a, credit: b, amount: Amount(microUnits: 1)), memo: String(repeating: "x", count: 257))
        }
        #expect(throws: InputError.self) { try TransferID(high: 0, low: 0) }
        #expect(throws: InputError.self) { try BalanceLimit(creditLine: Amount(microUnits: -1)) }
    }

    @Test func errorsPrintOneLine() throws {
        let a = try AccountID("a"), id = try TransferID(high: 0, low: 1)
        let errors: [LedgerError] = [
            .unknownAccount(a), .accountExists(a), .insufficientFunds(account: a, available: Amount(microUnits: 1), needed: Amount(microUnits: 2)),
            .idReused(id), .unknownHold(id), .alreadyResolved(hold: id, by: id), .exceedsHold(hold: id, held: .zero, requested: .zero), .overflow(a),
        ]
        #expect(Set(errors.map(\.code)).count == errors.count)
        for error in errors { #expect(!error.description.contains("\n") && !error.description.isEmpty) }
        #expect(LedgerError.insufficientFunds(account: a, available: Amount(microUnits: 1_500_000), needed: Amount(microUnits: 2_000_000)).description
                == "insufficient funds: account 'a' has 1.5 available, needs 2")
    }
}
