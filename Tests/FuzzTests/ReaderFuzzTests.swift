import Foundation
import PropertyBased
import SCExperiments
import SCNetwork
import SCScenario
import ScsimKit
import Testing

/// Issue 13's fuzz target: mutated scenario, sweep and edge-list text through the readers.
///
/// Each input is a file from the repository (the shipped scenarios and sweeps, or an edge
/// list) with up to eight mutations: bytes replaced, cut, repeated or spliced with
/// fragments that readers find hard (YAML anchors and aliases, `.nan`, huge numbers, deep
/// nesting, control bytes, repeated keys). A reader must answer every one in bounded time
/// with a value or its own error type, never a crash, a trap or a hang. The counts keep the
/// three targets well under a minute in a debug build; a failure prints the seed that
/// reproduces it (`.fixedSeed(...)`).
struct ReaderFuzzTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func read(_ relative: String) -> String {
        (try? String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8)) ?? ""
    }

    static let scenarios = ["tiny", "baseline", "crackdown", "mandatory", "ostracism", "no-friend-weight", "detection", "adaptive-voter"]
        .map { read("scenarios/\($0).yaml") }
    static let sweeps = ["01-smoke", "eta-audit", "morris-screening", "sobol-gaming"].map { read("scenarios/sweeps/\($0).yaml") }
    static let edgeLists = ["0 1\n1 2\n2 3\n# a comment\n3 4  # two\n\n4 0\n", "0\t5\n5 6\r\n6 7\n7 8\n8 9\n9 0\n"]

    /// Text that readers find hard.
    static let fragments = [
        "&a ", "*a", "<<: *a\n", "{", "}", "[", "]", ": ", ":", "\n", "\n  ", "- ", "#", "\"", "'", "\\", "\u{0}", "\u{7}", "\t",
        ".nan", ".inf", "-.inf", "1e999", "-0", "017", "1:20", "0x7fffffffffffffff", "99999999999999999999999", "-1", "1.5",
        "5e-324", "1.7976931348623157e+308", "true", "null", "~", "!!str ", "!!int ", "!!binary ", "? ", "---\n", "...\n",
        "name: ../../x\n", "steps: 1\n", "population:\n  size: 2\n", "goods: []\n", "timeline:\n  - at: 0\n    set: {score.max: 0}\n",
        "score.min: 1e9\n", "from: 0\nto: 1\nstep: 1.0e-300\n", "{from: -1.0e308, to: 1.0e308, step: 1}", "[0, 1, 2]",
        String(repeating: "[", count: 200), String(repeating: "{a: ", count: 100), String(repeating: "k: 1\n", count: 50),
        "a: &x [1]\nb: [*x, *x, *x, *x]\n", "\u{FEFF}", "é", "\u{202E}", "0 1", "2147483648 0", "-5 3", "1 1",
    ]

    /// One mutation, chosen and placed by `code`.
    static func mutate(_ text: inout [UInt8], _ code: Int) {
        let position = text.isEmpty ? 0 : (code >> 8) % (text.count + 1)
        switch code & 7 {
        case 0, 1, 2:
            let fragment = Array(fragments[(code >> 20) % fragments.count].utf8)
            text.insert(contentsOf: fragment, at: position)
        case 3:
            let end = min(text.count, position + (code >> 24) % 64)
            text.removeSubrange(position..<end)
        case 4:
            if position < text.count { text[position] = UInt8(truncatingIfNeeded: code >> 40) }
        case 5:
            let end = min(text.count, position + (code >> 24) % 200)
            let copy = Array(text[position..<end])
            for _ in 0..<((code >> 40) % 4 + 1) { text.insert(contentsOf: copy, at: position) }
        case 6:
            text = Array(text[..<position])
        default:
            let fragment = Array(fragments[(code >> 20) % fragments.count].utf8)
            let end = min(text.count, position + fragment.count)
            text.replaceSubrange(position..<end, with: fragment)
        }
    }

    static func mutated(_ corpus: [String], _ index: Int, _ codes: [Int]) -> String {
        var bytes = Array(corpus[index % corpus.count].utf8)
        for code in codes { mutate(&bytes, code) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Fails when one reading takes longer than two seconds.
    static func timed(_ what: String, _ text: String, _ body: () -> Void) {
        let clock = ContinuousClock()
        let elapsed = clock.measure(body)
        #expect(elapsed < .seconds(2), "\(what) took \(elapsed) on \(text.prefix(300).debugDescription)")
    }

    @Test func scenarioReader() async {
        ScsimKit.registerBuiltInModels()
        await propertyCheck(count: 10_000, input: Gen.int(in: 0...1_000), Gen.int(in: 0...Int.max).array(of: 0...8)) { index, codes in
            let text = Self.mutated(Self.scenarios, index, codes)
            Self.timed("the scenario reader", text) {
                do {
                    _ = try ScenarioLoader.parse(yaml: text, source: "fuzz.yaml", baseDirectory: Self.root.appendingPathComponent("scenarios").path)
                } catch is ScenarioError {
                } catch is EdgeListError {
                } catch {
                    Issue.record("unexpected \(type(of: error)): \(error)")
                }
            }
        }
    }

    @Test func sweepReader() async {
        ScsimKit.registerBuiltInModels()
        await propertyCheck(count: 4_000, input: Gen.int(in: 0...1_000), Gen.int(in: 0...Int.max).array(of: 0...8)) { index, codes in
            let text = Self.mutated(Self.sweeps, index, codes)
            Self.timed("the sweep reader", text) {
                do {
                    _ = try SweepLoader.parse(yaml: text, source: "fuzz.yaml", baseDirectory: Self.root.appendingPathComponent("scenarios/sweeps").path)
                } catch is SweepError {
                } catch {
                    Issue.record("unexpected \(type(of: error)): \(error)")
                }
            }
        }
    }

    @Test func edgeListReader() async {
        await propertyCheck(count: 20_000, input: Gen.int(in: 0...1_000), Gen.int(in: 0...Int.max).array(of: 0...8)) { index, codes in
            let text = Self.mutated(Self.edgeLists, index, codes)
            Self.timed("the edge-list reader", text) {
                do {
                    let graph = try EdgeListReader.parse(text: text, nodeCount: 10, source: "fuzz.txt")
                    #expect(graph.nodeCount == 10)
                } catch let error as EdgeListError {
                    #expect(error.description.utf8.count < 20_000, "a bounded message")
                } catch {
                    Issue.record("unexpected \(type(of: error)): \(error)")
                }
            }
        }
    }
}
