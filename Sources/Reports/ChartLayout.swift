import Foundation

/// A chart placed on a canvas and drawn as a standalone SVG document.
///
/// Layout first, drawing second: every label's position and estimated extent
/// is kept in `texts`, so tests can check that no two labels overlap. Legends
/// sit below the plot, never over the data; tick counts shrink until their
/// labels fit; category labels tilt when they are wider than their band.
/// Data that touch a bound of an axis are drawn `inset` pixels inside the frame,
/// so a series lying on the bound (a belief at z = 1, a ratio at 100%) is not hidden by it.
public struct ChartLayout: Sendable {
    /// Canvas width in pixels; the height follows from the legend's rows.
    public static let width = 720.0
    static let plotHeight = 300.0
    static let tickSize = 12.0
    static let titleSize = 16.0
    static let axisTitleSize = 13.0
    static let legendSize = 12.0
    /// How far inside the frame a bound the data touch is drawn: clear of the frame's
    /// 1-pixel stroke by more than a 2-pixel line's width and a 3-pixel marker's radius.
    static let inset = 8.0

    public let chart: Chart
    public private(set) var height = 0.0
    /// Every label drawn, with its estimated bounds.
    public private(set) var texts: [PlacedText] = []
    /// The frame: the rectangle data is drawn in (and clipped to).
    public private(set) var plot = Rect(x: 0, y: 0, width: 0, height: 0)
    /// Where the axes' ranges map to: `plot`, inset by ``inset`` on each side whose bound the
    /// data touch (see ``touchedBounds(_:)``).
    public private(set) var dataArea = Rect(x: 0, y: 0, width: 0, height: 0)
    var xTicks: AxisTicks
    var yTicks: AxisTicks

    /// Lays `chart` out; throws `ChartError` naming the axis or series at fault.
    public init(_ chart: Chart) throws {
        try chart.validate()
        self.chart = chart
        xTicks = try Self.ticks(for: chart.x, values: chart.series.flatMap(\.x), target: 9, includeZero: false)
        let hasBars = chart.series.contains { $0.style == .bars }
        yTicks = try Self.ticks(for: chart.y, values: chart.series.flatMap(\.yExtent), target: 7, includeZero: hasBars)
        touched = Self.touchedBounds(chart, xTicks: xTicks, yTicks: yTicks)
        layOut()
    }

    // MARK: Layout

    private mutating func layOut() {
        let width = Self.width
        var top = 12.0
        for line in PlacedText.wrap(chart.title, size: Self.titleSize, width: (width - 24) / 1.08) { // bold is wider
            top += Self.titleSize * 1.3
            texts.append(PlacedText(line, x: width / 2, y: top, size: Self.titleSize, anchor: .middle, bold: true))
        }
        top += 14
        let yLabels = yTicks.values.map { yTicks.label($0) }
        let yLabelWidth = yLabels.map { PlacedText.estimatedWidth($0, size: Self.tickSize) }.max() ?? 0
        let yTitle = PlacedText.wrap(chart.y.label, size: Self.axisTitleSize, width: Self.plotHeight - 8)
        let lineHeight = Self.axisTitleSize * 1.25
        var left = 12 + Double(yTitle.count) * lineHeight + 8 + yLabelWidth + 8
        if let categories = chart.x.categories {
            // Tilted category labels reach left of the first band: keep them on the canvas.
            let band = (width - left - 24) / Double(categories.count)
            let widest = categories.map { PlacedText.estimatedWidth($0, size: Self.tickSize) }.max() ?? 0
            if widest > band - 8 { left = max(left, widest * cos(35 * .pi / 180) - band / 2 + 12) }
        }
        plot = Rect(x: left, y: top, width: width - left - 24, height: Self.plotHeight)
        let touched = self.touched
        let inset = { (side: Bound) in touched.contains(side) ? Self.inset : 0 }
        dataArea = Rect(
            x: plot.x + inset(.xLower), y: plot.y + inset(.yUpper),
            width: plot.width - inset(.xLower) - inset(.xUpper), height: plot.height - inset(.yUpper) - inset(.yLower))

        for (value, label) in zip(yTicks.values, yLabels) {
            texts.append(PlacedText(label, x: plot.x - 8, y: yPosition(value) + Self.tickSize * 0.35, size: Self.tickSize, anchor: .end))
        }
        for (line, text) in yTitle.enumerated() {
            texts.append(PlacedText(
                text, x: 12 + Self.axisTitleSize + Double(line) * lineHeight, y: plot.y + plot.height / 2,
                size: Self.axisTitleSize, anchor: .middle, rotation: -90))
        }

        var below = plot.maxY + 8
        below = placeXTickLabels(from: below)
        below += Self.axisTitleSize * 1.4
        texts.append(PlacedText(chart.x.label, x: plot.x + plot.width / 2, y: below, size: Self.axisTitleSize, anchor: .middle))
        below = placeLegend(from: below + 14)
        height = (below + 12).rounded(.up)
    }

    /// Places the x tick labels (fewer ticks until they fit); returns the lowest y used.
    private mutating func placeXTickLabels(from top: Double) -> Double {
        let baseline = top + Self.tickSize
        if let categories = chart.x.categories {
            let band = plot.width / Double(categories.count)
            let widest = categories.map { PlacedText.estimatedWidth($0, size: Self.tickSize) }.max() ?? 0
            let tilted = widest > band - 8
            for (index, name) in categories.enumerated() {
                let x = xPosition(Double(index))
                if tilted {
                    texts.append(PlacedText(name, x: x, y: baseline, size: Self.tickSize, anchor: .end, rotation: -35))
                } else {
                    texts.append(PlacedText(name, x: x, y: baseline, size: Self.tickSize, anchor: .middle))
                }
            }
            return tilted ? baseline + widest * sin(35 * .pi / 180) : baseline
        }
        var target = 9
        while true {
            let labels = xTicks.values.map { xTicks.label($0) }
            let positions = xTicks.values.map(xPosition)
            let widest = labels.map { PlacedText.estimatedWidth($0, size: Self.tickSize) }.max() ?? 0
            let spacing = zip(positions.dropFirst(), positions).map { $0 - $1 }.min() ?? .infinity
            if spacing >= widest + 10 || target <= 2 || chart.x.scale == .logarithmic && xTicks.values.count <= 2 {
                for (x, label) in zip(positions, labels) {
                    texts.append(PlacedText(label, x: x, y: baseline, size: Self.tickSize, anchor: .middle))
                }
                return baseline
            }
            target -= 1
            xTicks = Self.thinned(xTicks, axis: chart.x, target: target)
        }
    }

    /// Legend entries left to right, wrapping into rows; returns the lowest y used.
    private mutating func placeLegend(from top: Double) -> Double {
        let swatch = 28.0, gap = 18.0
        var x = plot.x, y = top + Self.legendSize
        for series in chart.series {
            let entry = swatch + 6 + PlacedText.estimatedWidth(series.name, size: Self.legendSize)
            if x > plot.x && x + entry > Self.width - 12 {
                x = plot.x
                y += Self.legendSize * 1.7
            }
            legendOrigins.append((x, y))
            texts.append(PlacedText(series.name, x: x + swatch + 6, y: y, size: Self.legendSize, anchor: .start))
            x += entry + gap
        }
        return y + 4
    }

    /// Where each legend entry's swatch starts (baseline of its row).
    var legendOrigins: [(x: Double, y: Double)] = []

    // MARK: Coordinates

    func xPosition(_ value: Double) -> Double {
        dataArea.x + dataArea.width * Self.fraction(value, ticks: xTicks, scale: chart.x.scale)
    }

    func yPosition(_ value: Double) -> Double {
        dataArea.maxY - dataArea.height * Self.fraction(value, ticks: yTicks, scale: chart.y.scale)
    }

    // MARK: Bounds the data touch

    /// A side of the frame: an axis's lower or upper bound.
    public enum Bound: Sendable, Hashable {
        case xLower, xUpper, yLower, yUpper
    }

    /// The sides of the frame some drawn value lies on (within half a percent of the axis
    /// range) or beyond: a line there would be drawn under the frame's stroke. Bars are
    /// areas, visible whatever their height, and sit on their baseline by design, so they
    /// do not count; nor do category axes, whose bands already leave room.
    public private(set) var touched: Set<Bound> = []

    static func touchedBounds(_ chart: Chart, xTicks: AxisTicks, yTicks: AxisTicks) -> Set<Bound> {
        var touched: Set<Bound> = []
        let drawn = chart.series.filter { $0.style != .bars }
        func check(_ values: [Double], _ ticks: AxisTicks, _ scale: Axis.Scale, _ lower: Bound, _ upper: Bound) {
            for value in values {
                let f = fraction(value, ticks: ticks, scale: scale)
                if f <= 0.005 { touched.insert(lower) }
                if f >= 0.995 { touched.insert(upper) }
            }
        }
        if chart.x.categories == nil {
            check(drawn.flatMap(\.x), xTicks, chart.x.scale, .xLower, .xUpper)
        }
        if chart.y.categories == nil {
            check(drawn.flatMap(\.yExtent), yTicks, chart.y.scale, .yLower, .yUpper)
        }
        return touched
    }

    static func fraction(_ value: Double, ticks: AxisTicks, scale: Axis.Scale) -> Double {
        switch scale {
        case .linear: return (value - ticks.lower) / (ticks.upper - ticks.lower)
        case .logarithmic: return log10(value / ticks.lower) / log10(ticks.upper / ticks.lower)
        }
    }

    // MARK: Ticks

    static func ticks(for axis: Axis, values: [Double], target: Int, includeZero: Bool) throws -> AxisTicks {
        if let categories = axis.categories {
            return AxisTicks(lower: -0.5, upper: Double(categories.count) - 0.5, values: categories.indices.map(Double.init), decimals: 0)
        }
        var lower = axis.lowerBound ?? values.min() ?? 0
        var upper = axis.upperBound ?? values.max() ?? 1
        if includeZero && axis.scale == .linear {
            if axis.lowerBound == nil { lower = min(lower, 0) }
            if axis.upperBound == nil { upper = max(upper, 0) }
        }
        switch axis.scale {
        case .linear:
            return .linear(
                lower: lower, upper: upper, target: target, fixedLower: axis.lowerBound != nil,
                fixedUpper: axis.upperBound != nil, integer: axis.isDiscrete)
        case .logarithmic:
            return .logarithmic(lower: lower, upper: upper, fixedLower: axis.lowerBound != nil, fixedUpper: axis.upperBound != nil)
        }
    }

    /// Fewer ticks over the same range (the range itself does not move).
    static func thinned(_ ticks: AxisTicks, axis: Axis, target: Int) -> AxisTicks {
        switch axis.scale {
        case .linear:
            var thinner = AxisTicks.linear(
                lower: ticks.lower, upper: ticks.upper, target: target, fixedLower: true, fixedUpper: true,
                integer: axis.isDiscrete)
            thinner.lower = ticks.lower
            thinner.upper = ticks.upper
            return thinner
        case .logarithmic:
            var thinner = ticks
            thinner.values = ticks.values.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
            return thinner
        }
    }
}

/// A rectangle in canvas pixels (y grows downwards).
public struct Rect: Sendable, Equatable {
    public var x, y, width, height: Double
    public var maxX: Double { x + width }
    public var maxY: Double { y + height }

    public func intersects(_ other: Rect) -> Bool {
        x < other.maxX && other.x < maxX && y < other.maxY && other.y < maxY
    }
}
