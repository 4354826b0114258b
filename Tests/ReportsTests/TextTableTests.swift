import Testing
import TextFormatting

@Suite struct TextTableTests {
    @Test func numbersAlignRightAndTextLeft() {
        var table = TextTable(title: "Trades", header: ["buyer", "share"])
        table.append(["A", "12.5%"])
        table.append(["Broker B", "3"])
        #expect(table.render() == """
            Trades
            buyer     share
            --------  -----
            A         12.5%
            Broker B      3

            """)
    }

    @Test func fixedNeverPrintsANegativeZeroOrAnExponent() {
        #expect(Format.fixed(-0.00001, 2) == "0.00")
        #expect(Format.fixed(1e20, 0) == "100000000000000000000")
        #expect(Format.fixed(.nan) == "-")
        #expect(Format.dollars(-111.5) == "-$111.50")
        #expect(Format.percent(0.8423) == "84.2%")
    }
}
