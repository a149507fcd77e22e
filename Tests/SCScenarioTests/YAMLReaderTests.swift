import Foundation
import SCModel
import SCScenario
import Testing

/// The one YAML reader (`YAMLDocument`) under hostile and mistaken input (issue 13): number
/// forms that change a value silently, alias bombs, thousands of problems, repeated keys.
struct YAMLReaderTests {
    // MARK: - Number forms

    @Test func aLeadingZeroIsRefusedNotReadAsOctal() throws {
        let problem = try #require(onlyProblem("steps: 017\n"))
        #expect(problem.line == 1 && problem.keyPath == "steps")
        // YAML 1.1 reads 017 as octal 15; the message says so and what to write.
        #expect(problem.message.contains("got '017', a whole number with a leading zero, which YAML 1.1 reads as octal (15)"), "\(problem.message)")
        #expect(problem.message.contains("write 17"), "\(problem.message)")
        // The same rule for --set and for a negative number.
        #expect(try #require(onlyProblem("steps: 10\n", overrides: ["steps=017"])).source == "--set steps=017")
        #expect(try #require(onlyProblem("seed: -010\n")).message.contains("write -10"))
    }

    @Test func baseSixtyIsRefusedNotReadAsEighty() throws {
        let problem = try #require(onlyProblem("steps: 10\nseed: 1:20\n"))
        #expect(problem.description.hasPrefix("test.yaml:2: seed: must be a whole number in [0, 4294967295], got '1:20', which YAML 1.1 reads as a base-60 number"), "\(problem)")
        let float = try #require(onlyProblem("score.eta: 1:20.5\n"))
        #expect(float.keyPath == "score.eta" && float.message.contains("base-60"), "\(float)")
    }

    @Test func minusZeroIsZero() throws {
        #expect(try parameters("seed: -0\n").seed == 0)
        #expect(try parameters("seed: +0\n").seed == 0)
        #expect(try parameters("seed: 5\n", overrides: ["seed=-0"]).seed == 0)
        // Forms that say what they mean are still read.
        #expect(try parameters("seed: 0x10\n").seed == 16)
        #expect(try parameters("seed: 1_000\n").seed == 1000)
        #expect(try parameters("seed: 0\n").seed == 0)
    }

    /// `score.friendless: .nan` passed `check` and the run then failed writing JSON: every
    /// non-finite number is refused by the reader, in a file and on the command line.
    @Test func nonFiniteNumbersAreRefusedForEveryKey() throws {
        for written in [".nan", ".NaN", ".inf", "-.inf", "+.Inf", "1e999"] {
            let friendless = try #require(onlyProblem("score:\n  friendless: \(written)\n"))
            #expect(friendless.line == 2 && friendless.keyPath == "score.friendless", "\(friendless)")
            #expect(friendless.message.contains("not a finite number"), "\(friendless.message)")
            let eta = try #require(onlyProblem("steps: 10\n", overrides: ["score.eta=\(written)"]))
            #expect(eta.keyPath == "score.eta" && eta.message.contains("not a finite number"), "\(eta)")
        }
        // A fixed number is still a fixed number.
        #expect(try parameters("score:\n  friendless: 412.5\n").friendless == .fixed(412.5))
        // The catalogue's domain refuses one too, for values that come from code.
        let spec = try #require(ParameterCatalog.spec(for: "score.friendless"))
        var p = ModelParameters()
        #expect(spec.assign(.number(.nan), to: &p) != nil)
        #expect(spec.assign(.number(.infinity), to: &p) != nil)
    }

    // MARK: - Aliases

    /// Five nested levels of nine-key mappings: 9^5 keys if expanded.
    static let aliasBomb: String = {
        var lines = ["steps: 10", "a0: &a0 {" + (0..<9).map { "k\($0): 1" }.joined(separator: ", ") + "}"]
        for level in 1...5 {
            lines.append("a\(level): &a\(level) {" + (0..<9).map { "k\($0): *a\(level - 1)" }.joined(separator: ", ") + "}")
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    @Test func anAliasBombIsRefusedWithoutExpandingIt() throws {
        let clock = ContinuousClock()
        var found: [ScenarioProblem] = []
        let elapsed = clock.measure { found = problems(Self.aliasBomb) }
        #expect(found.count == 1, "\(found.prefix(3))")
        let problem = try #require(found.first)
        #expect(problem.source == "test.yaml" && problem.line != nil)
        #expect(problem.message.hasPrefix("aliases repeat more than 10000 values in all"), "\(problem.message)")
        #expect(elapsed < .seconds(5), "took \(elapsed)")
    }

    @Test func aFewAliasesAreStillRead() throws {
        let p = try parameters("""
            steps: 10
            audit.rate: &r 0.25
            score.eta: *r
            timeline:
              - {at: 2, set: &s {mandatory: true}}
              - {at: 4, set: *s}
            """)
        #expect(p.auditRate == 0.25 && p.eta == 0.25)
        #expect(p.timeline.map(\.step) == [2, 4])
    }

    // MARK: - Bounded output and work

    @Test func thousandsOfProblemsPrintFiftyAndACount() throws {
        let text = (0..<2_000).map { "unknown\($0): 1" }.joined(separator: "\n")
        let found = problems(text)
        #expect(found.count == 51)
        #expect(found[0].line == 1 && found[0].keyPath == "unknown0", "\(found[0])")
        #expect(found.last?.message == "and 1950 more problems (fix these first)", "\(found.last!)")
    }

    @Test func manyRepeatsOfOneKeyAreEachReported() throws {
        let text = String(repeating: "steps: 10\n", count: 250)
        let found = problems(text)
        #expect(found.count == 51)
        #expect(found[0].description == "test.yaml:2: steps: duplicate key: already set on line 1")
        #expect(found.last?.message == "and 199 more problems (fix these first)")
    }

    @Test func repeatsInManyMappingsStopWithAClearMessage() throws {
        let entries = (0..<300).map { "  - name: g\($0)\n    approval: 0.1\n    approval: 0.2\n" }.joined()
        let found = problems("steps: 10\ngoods:\n" + entries)
        #expect(!found.isEmpty && found.count <= 51)
        #expect(found[0].description == "test.yaml:5: approval: duplicate key", "\(found[0])")
        #expect(found.contains { $0.message.contains("keys repeat in too many places to read on") }, "\(found)")
    }

    /// The check that goods names are unique was quadratic: 20,000 goods took 17 s (debug build).
    @Test func manyGoodsLoadInLinearTime() throws {
        let goods = (0..<20_000).map { "  - {name: g\($0), approval: 0.1}\n" }.joined()
        let clock = ContinuousClock()
        var count = 0
        let elapsed = try clock.measure { count = try parameters("steps: 10\ngoods:\n" + goods).goods.count }
        #expect(count == 20_000)
        #expect(elapsed < .seconds(6), "took \(elapsed)")
        let repeated = try #require(onlyProblem("goods:\n" + goods + "  - {name: g7, approval: 0}\n"))
        #expect(repeated.description == "test.yaml:20002: goods[20000].name: 'g7' is listed twice", "\(repeated)")
    }
}
