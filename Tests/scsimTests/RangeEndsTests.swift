import Foundation
import ScsimKit
import Testing

/// Issue 13, "Crashes and hangs on accepted input": every numeric key of the whole
/// catalogue, at the lowest and at the highest value its documented range admits, on a tiny
/// run (30 citizens, 3 steps), either finishes (exit 0) in bounded time or is refused
/// cleanly (exit 2, an `error:` line, nothing written). Before: values inside the ranges
/// hung in `gsl_ran_multinomial` or trapped converting an integer (SIGILL).
///
/// An open end is tried at the nearest value inside it (0 excluded: the smallest positive
/// double); a missing end at ±1.8e308, the largest finite doubles.
struct RangeEndsTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let key: String
        let end: String
        let text: String
        let extra: [String]
        var testDescription: String { "\(key) at its \(end) (\(text))" }
    }

    /// Settings that make a key matter on the tiny run (a network key is read only by its
    /// generator, a detection key only when the detector runs).
    static let context: [String: [String]] = [
        "network.k": ["network.generator=watts_strogatz"],
        "network.p": ["network.generator=watts_strogatz"],
        "network.meanDegree": ["network.generator=erdos_renyi"],
        "network.m": ["network.generator=barabasi_albert"],
        "network.blocks": ["network.generator=stochastic_block"],
        "network.pIn": ["network.generator=stochastic_block"],
        "network.pOut": ["network.generator=stochastic_block"],
        "detection.penalty": ["detection.every=1"],
        "detection.blocks": ["detection.every=1"],
        "detection.densityThreshold": ["detection.every=1"],
        "detection.weightConstant": ["detection.every=1", "detection.weighting=logdegree"],
        "detection.seeds": ["detection.every=1", "detection.method=sybilrank"],
        "detection.flagShare": ["detection.every=1", "detection.method=sybilrank"],
        "detection.iterations": ["detection.every=1", "detection.method=sybilrank"],
        "output.clusteringSamples": ["output.networkMetrics=sampled"],
        "output.exactNetworkLimit": ["output.networkMetrics=auto"],
        "output.panel.sample": ["output.panel.every=1"],
        "population.ringSize": ["population.strategies.honest=0.5", "population.strategies.colluder=0.5",
                                "population.strategies.padder=0", "population.strategies.evader=0"],
    ]

    /// The same for whole groups of keys (a mechanic that is off by default).
    static let groupContext: [(prefix: String, settings: [String])] = [
        ("informants.", ["informants.reportRate=0.5"]),
        ("refusal.", ["refusal.enabled=true", "refusal.seeds=3"]),
        ("money.", ["money.enabled=true"]),
        ("market.", ["money.enabled=true", "market.shopRate=0.5"]),
        ("theft.", ["theft.rate=0.5"]),
        ("sybils.", ["money.enabled=true", "sybils.capacity=5", "output.networkMetrics=sampled"]),
    ]

    /// Keys whose largest value makes the run itself long, not any one step: such a run may
    /// still be going at the deadline, and must then stop cleanly on SIGINT (exit 130).
    static let longByDesign: Set<String> = ["steps"]

    /// A number as YAML reads it back as a float (Yams' float form needs a point: 5e-324
    /// would be text).
    static func yamlNumber(_ x: Double) -> String {
        var text = "\(x)"
        if !text.contains("."), let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) { text.insert(contentsOf: ".0", at: e) }
        if !text.contains(".") { text += ".0" }
        return text
    }

    static let cases: [Case] = {
        ScsimKit.registerBuiltInModels()
        var cases: [Case] = []
        for spec in ParameterCatalog.all {
            var extra = context[spec.path] ?? groupContext.first { spec.path.hasPrefix($0.prefix) }?.settings ?? []
            if let plugin = ModelRegistry.all.first(where: { model in model.parameterSpecs.contains { $0.path == spec.path } }) {
                extra.append("model=\(plugin.name)")
            }
            switch spec.domain {
            case .integer(let range):
                let low = range.lower.map { Int($0) + (range.lowerInclusive ? 0 : 1) } ?? Int(Int32.min)
                let high = range.upper.map { Int($0) - (range.upperInclusive ? 0 : 1) } ?? Int(Int32.max)
                cases.append(Case(key: spec.path, end: "minimum", text: "\(low)", extra: extra))
                cases.append(Case(key: spec.path, end: "maximum", text: "\(high)", extra: extra))
            case .number(let range):
                let low = range.lower.map { range.lowerInclusive ? $0 : $0.nextUp } ?? -Double.greatestFiniteMagnitude
                let high = range.upper.map { range.upperInclusive ? $0 : $0.nextDown } ?? Double.greatestFiniteMagnitude
                cases.append(Case(key: spec.path, end: "minimum", text: yamlNumber(low), extra: extra))
                cases.append(Case(key: spec.path, end: "maximum", text: yamlNumber(high), extra: extra))
            case .friendless:
                // A fixed number for friendless citizens: a score, so within NumberRange.points.
                cases.append(Case(key: spec.path, end: "minimum", text: yamlNumber(NumberRange.points.lower!), extra: extra))
                cases.append(Case(key: spec.path, end: "maximum", text: yamlNumber(NumberRange.points.upper!), extra: extra))
            default:
                continue
            }
        }
        return cases
    }()

    static let scenario = """
        name: ends
        seed: 3
        steps: 3
        population:
          size: 30
        """

    /// The catalogue is covered: every number and whole-number key has both ends here.
    @Test func everyNumericKeyHasBothEnds() {
        let numeric = ParameterCatalog.all.filter {
            switch $0.domain {
            case .number, .integer, .friendless: return true
            default: return false
            }
        }
        #expect(numeric.count > 60)
        #expect(Self.cases.count == 2 * numeric.count)
    }

    @Test(arguments: cases) func aKeyAtAnEndOfItsRangeRunsOrIsRefused(_ c: Case) throws {
        // The value is inside the documented range and read back as the number meant.
        let spec = try #require(ParameterCatalog.spec(for: c.key))
        let read = YAMLDocument.value(ofArgument: c.text, for: spec)
        guard case .success(let value) = read, case .success = spec.domain.admit(value) else {
            Issue.record("\(c.text) is not read as a value inside \(c.key)'s range: \(read)")
            return
        }
        let folder = CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.scenario.write(toFile: folder + "/ends.yaml", atomically: true, encoding: .utf8)
        let out = folder + "/out"
        var arguments = ["run", folder + "/ends.yaml", "--out", out, "--quiet", "--threads", "1"]
        for setting in c.extra + ["\(c.key)=\(c.text)"] { arguments += ["--set", setting] }
        let result = try CLI.run(arguments, deadline: .seconds(60))
        let said = String(result.stderr.prefix(600))
        switch result.status {
        case 0 where !result.timedOut:
            #expect(FileManager.default.fileExists(atPath: out + "/timeseries.csv"), "\(said)")
        case 2 where !result.timedOut:
            #expect(result.stderr.hasPrefix("error: "), "\(said)")
            #expect(result.stderr.utf8.count < 20_000, "a refusal is short")
            let written = (try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []
            #expect(written.isEmpty, "a refused run writes nothing, found \(written)")
        case 130 where result.timedOut && Self.longByDesign.contains(c.key):
            #expect(result.stderr.contains("interrupted"), "\(said)")
        default:
            let how = result.signalled ? "killed by signal \(result.status)" : "exit \(result.status)"
            Issue.record("\(c.testDescription): \(how)\(result.timedOut ? " after the deadline and SIGINT" : ""): \(said)")
        }
    }
}
