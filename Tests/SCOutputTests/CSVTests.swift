import Foundation
import SCModel
import Testing
@testable import SCOutput

/// The one CSV formatter (`CSV`), on hand-worked cases of RFC 4180.
struct CSVTests {
    @Test func fieldsAreQuotedOnlyWhenTheyMustBe() {
        #expect(CSV.field("plain") == "plain")
        #expect(CSV.field("") == "")
        #expect(CSV.field("a,b") == "\"a,b\"")
        #expect(CSV.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSV.field("\"") == "\"\"\"\"")
        #expect(CSV.field("two\nlines") == "\"two\nlines\"")
        #expect(CSV.field("cr\r") == "\"cr\r\"")
        #expect(CSV.field("it's; fine") == "it's; fine")
        #expect(CSV.field("é,ü") == "\"é,ü\"")
    }

    @Test func numbersAreShortestRoundTripAndMissingIsEmpty() {
        #expect(CSV.number(0.1) == "0.1")
        #expect(CSV.number(3) == "3.0")
        #expect(CSV.number(-0.0) == "-0.0")
        #expect(CSV.number(1e-5) == "1e-05")
        #expect(CSV.number(0.1 + 0.2) == "0.30000000000000004")
        #expect(CSV.number(.nan) == "" && CSV.number(.infinity) == "" && CSV.number(-.infinity) == "")
        #expect(CSV.field(MetricValue.integer(-42)) == "-42")
        #expect(CSV.field(MetricValue.missing) == "")
        #expect(CSV.field(MetricValue.real(2.5)) == "2.5")
    }

    @Test func linesJoinFieldsWithCommas() {
        #expect(CSV.line(["step", "a,b", "q\""]) == "step,\"a,b\",\"q\"\"\"")
        #expect(CSV.line([.integer(7), .real(0.25), .missing, .text("x,y"), .real(.nan)]) == "7,0.25,,\"x,y\",")
        // The time series' row format is this line.
        #expect(TimeSeriesWriter.format([.integer(1), .real(0.5), .missing]) == "1,0.5,")
        var document = CSVDocument(header: ["id", "name"])
        document.append([.integer(0), .text("a \"b\"")])
        document.append([.integer(1), .missing])
        #expect(document.text == "id,name\n0,\"a \"\"b\"\"\"\n1,\n")
    }
}
