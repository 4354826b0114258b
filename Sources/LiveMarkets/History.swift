import HashTreeCollections

/// An append-only list with persistent storage: a copy costs O(1), and appending to or
/// reading from any copy costs O(log n), because copies share every element they have in
/// common (a `TreeDictionary` keyed by position).
///
/// The live markets keep their whole history (every closed round, every trade, every order
/// ever placed) in values that the market service copies once per command: it applies a
/// command to a copy of the committed state and installs the copy only when the store has
/// committed it. With `Array` each such copy that appended duplicated the whole history, so
/// a market's n-th command cost O(n) and a long run grew quadratically; with `History` it
/// costs O(log n).
public struct History<Element: Sendable>: Sendable {
    private var elements: TreeDictionary<Int, Element> = [:]

    public init() {}

    public init(_ elements: some Sequence<Element>) {
        for element in elements { append(element) }
    }

    public mutating func append(_ element: Element) {
        elements[elements.count] = element
    }
}

extension History: RandomAccessCollection {
    public var startIndex: Int { 0 }
    public var endIndex: Int { elements.count }

    public subscript(position: Int) -> Element {
        get {
            precondition(indices.contains(position), "History index \(position) out of range 0..<\(count)")
            return elements[position]!
        }
        set {
            precondition(indices.contains(position), "History index \(position) out of range 0..<\(count)")
            elements[position] = newValue
        }
    }
}

extension History: Equatable where Element: Equatable {
    public static func == (a: History, b: History) -> Bool { a.elementsEqual(b) }
}

extension History: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: Element...) { self.init(elements) }
}
