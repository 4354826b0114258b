import Foundation

/// A label placed on a chart canvas, with an estimate of the box it covers.
public struct PlacedText: Sendable, Equatable {
    public enum Anchor: String, Sendable {
        case start, middle, end
    }

    public var text: String
    /// The anchor point on the baseline.
    public var x: Double
    public var y: Double
    public var size: Double
    public var anchor: Anchor
    /// Degrees, clockwise positive as in SVG; 0 for horizontal text.
    public var rotation: Double
    public var bold: Bool

    init(_ text: String, x: Double, y: Double, size: Double, anchor: Anchor, rotation: Double = 0, bold: Bool = false) {
        self.text = text
        self.x = x
        self.y = y
        self.size = size
        self.anchor = anchor
        self.rotation = rotation
        self.bold = bold
    }

    /// Width of `text` in a sans-serif font of `size` pixels: 0.62 em per
    /// character, a little above DejaVu Sans's average, so estimates err wide.
    static func estimatedWidth(_ text: String, size: Double) -> Double {
        Double(text.count) * size * 0.62
    }

    /// The axis-aligned box the text covers (rotated boxes are bounded by
    /// their rotated corners).
    public var bounds: Rect {
        let width = Self.estimatedWidth(text, size: size) * (bold ? 1.08 : 1)
        let start: Double
        switch anchor {
        case .start: start = 0
        case .middle: start = -width / 2
        case .end: start = -width
        }
        // Corners relative to the anchor, before rotation: ascent 0.8 em, descent 0.25 em.
        let corners = [(start, -0.8 * size), (start + width, -0.8 * size), (start, 0.25 * size), (start + width, 0.25 * size)]
        let angle = rotation * .pi / 180
        let turned = corners.map { (dx, dy) in
            (x + dx * cos(angle) - dy * sin(angle), y + dx * sin(angle) + dy * cos(angle))
        }
        let xs = turned.map(\.0), ys = turned.map(\.1)
        return Rect(x: xs.min()!, y: ys.min()!, width: xs.max()! - xs.min()!, height: ys.max()! - ys.min()!)
    }

    /// Whether two labels' glyph boxes overlap. Labels turned by the same angle
    /// are compared in their own frame (tilted category labels sit side by side
    /// although their axis-aligned bounds overlap); others by `bounds`.
    public func overlaps(_ other: PlacedText) -> Bool {
        guard rotation != 0, rotation == other.rotation, size == other.size else {
            return bounds.intersects(other.bounds)
        }
        let angle = rotation * .pi / 180
        let dx = other.x - x, dy = other.y - y
        let along = dx * cos(angle) + dy * sin(angle)
        let across = -dx * sin(angle) + dy * cos(angle)
        let extent = { (label: PlacedText) -> (Double, Double) in
            let width = Self.estimatedWidth(label.text, size: label.size)
            switch label.anchor {
            case .start: return (0, width)
            case .middle: return (-width / 2, width / 2)
            case .end: return (-width, 0)
            }
        }
        let (a0, a1) = extent(self)
        let (b0, b1) = extent(other)
        let separateAlong = along + b1 <= a0 || along + b0 >= a1
        return !separateAlong && abs(across) < 1.05 * size
    }

    /// `text` broken at spaces into lines no wider than `width`.
    static func wrap(_ text: String, size: Double, width: Double) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            let candidate = line.isEmpty ? String(word) : line + " " + word
            if !line.isEmpty && estimatedWidth(candidate, size: size) > width {
                lines.append(line)
                line = String(word)
            } else {
                line = candidate
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines.isEmpty ? [""] : lines
    }
}
