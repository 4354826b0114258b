/// Helpers every section shares: counts as the text prints them, and thinning of
/// long series so that a figure keeps a readable number of points.

/// A count with thousands separators: "1,000,000".
func grouped(_ n: Int) -> String {
    let digits = Array(String(n))
    return digits.indices.reduce(into: "") { text, i in
        if i > 0 && (digits.count - i) % 3 == 0 { text.append(",") }
        text.append(digits[i])
    }
}

/// At most `limit` evenly spaced indices of `0..<count`, always keeping the first and the last.
func thinned(_ count: Int, limit: Int = 400) -> [Int] {
    guard count > limit else { return Array(0..<count) }
    let stride = Double(count - 1) / Double(limit - 1)
    return (0..<limit).map { Int((Double($0) * stride).rounded()) }
}

/// At most `limit` evenly spaced items of `items`, always keeping the first and the last.
func thinned<T>(_ items: [T], limit: Int = 400) -> [T] {
    thinned(items.count, limit: limit).map { items[$0] }
}
