/// What a figure shows, independent of how it is drawn: a title, two titled
/// axes with units, and named series.
///
/// Charts are plain values (`Codable`), so a report's `results.json` carries
/// every plotted number; `ChartLayout` draws one as SVG.
public struct Chart: Sendable, Codable, Equatable {
    public var title: String
    public var x: Axis
    public var y: Axis
    public var series: [Series]

    public init(title: String, x: Axis, y: Axis, series: [Series]) {
        self.title = title
        self.x = x
        self.y = y
        self.series = series
    }
}

/// One axis of a chart.
public struct Axis: Sendable, Codable, Equatable {
    public enum Scale: String, Sendable, Codable {
        case linear
        /// Base-10 logarithmic; every value on the axis must be positive.
        case logarithmic
    }

    /// What is measured, e.g. "price k".
    public var title: String
    /// The unit, e.g. "%", "dollars", "rounds"; nil for pure numbers.
    public var unit: String?
    public var scale: Scale
    /// A fixed range; nil fits the data (extended to round ticks).
    public var lowerBound: Double?
    public var upperBound: Double?
    /// Named positions: values 0, 1, ... of this axis stand for these names
    /// (bar charts over buyers, credit models, ...).
    public var categories: [String]?
    /// Whether the axis counts whole things (rounds, periods, players): ticks fall on
    /// integers only, and a `.line` series over a discrete x axis also marks each of
    /// its points (up to 40 of them), so the reader sees where the observations are. Optional so that
    /// `results.json` names it only for the axes that set it; read ``isDiscrete``.
    public var discrete: Bool?

    public init(
        _ title: String, unit: String? = nil, scale: Scale = .linear,
        lowerBound: Double? = nil, upperBound: Double? = nil, categories: [String]? = nil,
        discrete: Bool = false
    ) {
        self.title = title
        self.unit = unit
        self.scale = scale
        self.lowerBound = lowerBound
        self.upperBound = upperBound
        self.categories = categories
        self.discrete = discrete ? true : nil
    }

    /// Whether ticks fall on integers only (see ``discrete``).
    public var isDiscrete: Bool { discrete == true }

    /// "title (unit)", as printed beside the axis. A unit the title already names
    /// ("period" in periods, "clearing round t" in rounds) is left out rather than
    /// printed twice.
    public var label: String {
        guard let unit, !unit.isEmpty, !Self.titleNames(title, unit: unit) else { return title }
        return "\(title) (\(unit))"
    }

    /// Whether one of `title`'s words is `unit`, singular or plural ("round" names "rounds").
    static func titleNames(_ title: String, unit: String) -> Bool {
        let unit = unit.lowercased()
        let forms: Set<String> = [unit, unit.hasSuffix("s") ? String(unit.dropLast()) : unit + "s"]
        let words = title.lowercased().split { !$0.isLetter && !$0.isNumber && $0 != "-" }.map(String.init)
        if forms.contains(where: { $0.contains(" ") }) {
            // A unit of several words must appear as a whole.
            let joined = " " + words.joined(separator: " ") + " "
            return forms.contains { joined.contains(" \($0) ") }
        }
        return words.contains { forms.contains($0) }
    }
}

/// A named sequence of points.
public struct Series: Sendable, Codable, Equatable {
    public enum Style: String, Sendable, Codable {
        /// Points joined by straight segments.
        case line
        /// A step function: constant from each point to the next (CDFs).
        case steps
        /// Unjoined points.
        case markers
        /// Bars from zero; with a categorical x axis, series sit side by side.
        case bars
    }

    public var name: String
    public var style: Style
    public var x: [Double]
    public var y: [Double]
    /// Half-lengths of vertical error bars, one per point (y +- yErrors[i], e.g. standard
    /// errors over replicates); nil draws none (and is left out of `results.json`).
    public var yErrors: [Double]?

    /// `x`, `y` and `yErrors` must have equal lengths; `ChartLayout` reports a mismatch by series name.
    public init(_ name: String, style: Style = .line, x: [Double], y: [Double], yErrors: [Double]? = nil) {
        self.name = name
        self.style = style
        self.x = x
        self.y = y
        self.yErrors = yErrors
    }

    /// The y values the axis must show: each point, and the ends of its error bar.
    var yExtent: [Double] {
        guard let yErrors else { return y }
        return y + zip(y, yErrors).flatMap { [$0 - $1, $0 + $1] }
    }

    /// A series over x = 0, 1, 2, ...
    public init(_ name: String, style: Style = .line, y: [Double]) {
        self.init(name, style: style, x: y.indices.map(Double.init), y: y)
    }
}
