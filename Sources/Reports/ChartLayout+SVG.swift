import Foundation
import TextFormatting

extension ChartLayout {
    /// Okabe-Ito colours, distinguishable with the common colour-vision deficiencies.
    static let colors = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
    /// Dash patterns, so series differ in grey print too.
    static let dashes = ["", "7 3", "2 3", "9 3 2 3", "4 4", "1 3", "12 4"]

    /// The chart as a standalone SVG document (UTF-8, no scripts, no external resources).
    public func svg() -> String {
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Self.width.svg)" height="\(height.svg)" \
            viewBox="0 0 \(Self.width.svg) \(height.svg)" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">
            <title>\(chart.title.xmlEscaped)</title>
            <rect width="100%" height="100%" fill="#ffffff"/>
            <defs><clipPath id="plot-area"><rect x="\(plot.x.svg)" y="\(plot.y.svg)" width="\(plot.width.svg)" height="\(plot.height.svg)"/></clipPath></defs>

            """
        out += grid()
        for (index, series) in chart.series.enumerated() {
            out += draw(series, index: index)
        }
        out += legendSwatches()
        out += "<rect x=\"\(plot.x.svg)\" y=\"\(plot.y.svg)\" width=\"\(plot.width.svg)\" height=\"\(plot.height.svg)\" fill=\"none\" stroke=\"#444444\"/>\n"
        for text in texts { out += text.svg + "\n" }
        return out + "</svg>\n"
    }

    private func grid() -> String {
        var out = "<g stroke=\"#e3e3e3\" stroke-width=\"1\">\n"
        for value in yTicks.values {
            let y = yPosition(value).svg
            out += "<line x1=\"\(plot.x.svg)\" y1=\"\(y)\" x2=\"\(plot.maxX.svg)\" y2=\"\(y)\"/>\n"
        }
        if chart.x.categories == nil {
            for value in xTicks.values {
                let x = xPosition(value).svg
                out += "<line x1=\"\(x)\" y1=\"\(plot.y.svg)\" x2=\"\(x)\" y2=\"\(plot.maxY.svg)\"/>\n"
            }
        }
        return out + "</g>\n"
    }

    private func draw(_ series: Series, index: Int) -> String {
        let color = Self.colors[index % Self.colors.count]
        let points = zip(series.x, series.y).map { (xPosition($0.0), yPosition($0.1)) }
        var out = "<g clip-path=\"url(#plot-area)\">\n"
        switch series.style {
        case .line, .steps:
            var path = ""
            for (offset, (x, y)) in points.enumerated() {
                if offset == 0 {
                    path += "M\(x.svg),\(y.svg)"
                } else if series.style == .steps {
                    path += " H\(x.svg) V\(y.svg)"
                } else {
                    path += " L\(x.svg),\(y.svg)"
                }
            }
            let dash = Self.dashes[index % Self.dashes.count]
            out += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\""
                + (dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"") + " stroke-linejoin=\"round\"/>\n"
            if marksPoints(series) {
                // Whole-numbered x: mark the observations the segments join.
                for (x, y) in points {
                    out += "<circle cx=\"\(x.svg)\" cy=\"\(y.svg)\" r=\"3\" fill=\"\(color)\"/>\n"
                }
            }
        case .markers:
            for (x, y) in points {
                out += "<circle cx=\"\(x.svg)\" cy=\"\(y.svg)\" r=\"3\" fill=\"\(color)\"/>\n"
            }
        case .bars:
            out += bars(series, index: index, color: color)
        }
        out += errorBars(series, color: color)
        return out + "</g>\n"
    }

    /// Bars of the `index`-th series, side by side with the other bar series in each category.
    private func bars(_ series: Series, index: Int, color: String) -> String {
        let barSeries = chart.series.filter { $0.style == .bars }
        let slot = chart.series[..<index].filter { $0.style == .bars }.count
        let band = plot.width / Double(max(1, chart.x.categories?.count ?? 1))
        let barWidth = band * 0.8 / Double(barSeries.count)
        let baseline = yPosition(chart.y.scale == .logarithmic ? yTicks.lower : max(yTicks.lower, min(0, yTicks.upper)))
        var out = ""
        for (x, y) in zip(series.x, series.y) {
            let left = xPosition(x) - band * 0.4 + Double(slot) * barWidth
            let top = yPosition(y)
            out += "<rect x=\"\(left.svg)\" y=\"\(min(top, baseline).svg)\" width=\"\(barWidth.svg)\" "
                + "height=\"\(abs(baseline - top).svg)\" fill=\"\(color)\"/>\n"
        }
        return out
    }

    /// Vertical bars from y - e to y + e with short caps, one per point of a series with `yErrors`.
    private func errorBars(_ series: Series, color: String) -> String {
        guard let errors = series.yErrors else { return "" }
        var path = ""
        for ((x, y), e) in zip(zip(series.x, series.y), errors) where e > 0 {
            let px = xPosition(x), low = yPosition(y - e), high = yPosition(y + e)
            path += "M\(px.svg),\(low.svg) V\(high.svg) M\((px - 4).svg),\(low.svg) H\((px + 4).svg) M\((px - 4).svg),\(high.svg) H\((px + 4).svg) "
        }
        guard !path.isEmpty else { return "" }
        return "<path d=\"\(path.dropLast())\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.2\"/>\n"
    }

    /// Whether a `.line` series also marks its points: over a discrete x axis, when it has
    /// few enough points (``markedPointLimit``) for the marks to stay apart.
    func marksPoints(_ series: Series) -> Bool {
        series.style == .line && chart.x.isDiscrete && series.x.count <= Self.markedPointLimit
    }

    /// Beyond this many points a discrete series reads as a line; marks would merge.
    static let markedPointLimit = 40

    private func legendSwatches() -> String {
        var out = ""
        for (index, (series, origin)) in zip(chart.series, legendOrigins).enumerated() {
            let color = Self.colors[index % Self.colors.count]
            let middle = origin.y - Self.legendSize * 0.35
            switch series.style {
            case .bars:
                out += "<rect x=\"\(origin.x.svg)\" y=\"\((middle - 6).svg)\" width=\"28\" height=\"12\" fill=\"\(color)\"/>\n"
            case .markers:
                out += "<circle cx=\"\((origin.x + 14).svg)\" cy=\"\(middle.svg)\" r=\"3.5\" fill=\"\(color)\"/>\n"
            case .line, .steps:
                let dash = Self.dashes[index % Self.dashes.count]
                out += "<line x1=\"\(origin.x.svg)\" y1=\"\(middle.svg)\" x2=\"\((origin.x + 28).svg)\" y2=\"\(middle.svg)\" "
                    + "stroke=\"\(color)\" stroke-width=\"2\"" + (dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"") + "/>\n"
                if marksPoints(series) {
                    out += "<circle cx=\"\((origin.x + 14).svg)\" cy=\"\(middle.svg)\" r=\"3\" fill=\"\(color)\"/>\n"
                }
            }
        }
        return out
    }
}

extension PlacedText {
    var svg: String {
        var attributes = "x=\"\(x.svg)\" y=\"\(y.svg)\" font-size=\"\(size.svg)\" text-anchor=\"\(anchor.rawValue)\" fill=\"#222222\""
        if bold { attributes += " font-weight=\"bold\"" }
        if rotation != 0 { attributes += " transform=\"rotate(\(rotation.svg) \(x.svg) \(y.svg))\"" }
        return "<text \(attributes)>\(text.xmlEscaped)</text>"
    }
}

extension Double {
    /// A coordinate with one decimal, never in exponent notation.
    var svg: String { Format.fixed(self, 1) }
}

extension String {
    /// Escaped for XML text and attribute values.
    var xmlEscaped: String {
        var out = ""
        out.reserveCapacity(count)
        for character in self {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(character)
            }
        }
        return out
    }
}
