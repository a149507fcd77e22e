import Foundation
import SCModel
import SCRandom
import ScsimKit
import Testing
@testable import SCExperiments

/// Designs (grid, Latin hypercube, Sobol, Halton) and the small numeric helpers.
struct SweepDesignTests {
    func interval(_ path: String, _ from: Double, _ to: Double) -> SweepParameter {
        SweepParameter(path: path, values: .interval(from: from, to: to))
    }

    @Test func latinHypercubeUsesEveryStratumOnceInEveryDimension() throws {
        let unit = SweepDesign.latinHypercube(samples: 20, dimensions: 3, seed: 9)
        #expect(unit.count == 20)
        for dimension in 0..<3 {
            let strata = unit.map { Int(($0[dimension] * 20).rounded(.down)) }.sorted()
            #expect(strata == Array(0..<20))
        }
        // Deterministic for a seed, different for another.
        #expect(SweepDesign.latinHypercube(samples: 20, dimensions: 3, seed: 9) == unit)
        #expect(SweepDesign.latinHypercube(samples: 20, dimensions: 3, seed: 10) != unit)
    }

    @Test func sampledValuesFillTheirIntervalAndWholeNumberKeysStayWhole() throws {
        let parameters = [interval("score.eta", 0.2, 0.6), interval("network.k", 4, 8)]
        let points = try SweepDesign.latinHypercube(samples: 50, seed: 3).points(for: parameters, integerKeys: ["network.k"])
        #expect(points.count == 50)
        for point in points {
            guard case .number(let eta) = point[0], case .integer(let k) = point[1] else {
                Issue.record("unexpected kinds \(point)")
                continue
            }
            #expect(eta >= 0.2 && eta < 0.6)
            #expect((4...8).contains(k))
        }
        // Each whole number 4 ... 8 takes exactly a fifth of the strata.
        let counts = Dictionary(grouping: points.map { $0[1] }, by: { $0.description }).mapValues(\.count)
        #expect(counts == ["4": 10, "5": 10, "6": 10, "7": 10, "8": 10])
    }

    @Test func sobolAndHaltonFollowGSL() throws {
        let sobol = try QuasiRandomSequence(kind: .sobol, dimensions: 2).points(4)
        #expect(sobol == [[0.5, 0.5], [0.75, 0.25], [0.25, 0.75], [0.375, 0.375]])
        let halton = try QuasiRandomSequence(kind: .halton, dimensions: 2).points(3)
        #expect(halton[0][0] == 0.5 && abs(halton[0][1] - 1.0 / 3) < 1e-12)
        #expect(halton[1][0] == 0.25 && abs(halton[1][1] - 2.0 / 3) < 1e-12)
        #expect(throws: QuasiRandomSequence.DimensionError.self) { try QuasiRandomSequence(kind: .sobol, dimensions: 41) }
        let skipped = try QuasiRandomSequence(kind: .sobol, dimensions: 2).points(2, skip: 2)
        #expect(skipped == Array(sobol[2...]))
        let scaled = try SweepDesign.sobol(samples: 2, skip: 0).points(for: [interval("score.eta", 0, 0.6)], integerKeys: [])
        #expect(scaled == [[.number(0.3)], [.number(0.45)]])
    }

    @Test func stepsAreTidiedAndIncludeTheEnd() {
        let range = SweepParameter(path: "score.eta", values: .range(from: 0, to: 0.3, step: 0.1))
        #expect(range.gridValues == [.number(0), .number(0.1), .number(0.2), .number(0.3)])
        #expect(SweepParameter.rangeCount(from: 0, to: 1, step: 0.3) == 4)
        #expect(SweepParameter.rangeCount(from: 1, to: 0, step: 0.3) == 0)
    }

    /// FIPS 180-2's examples (B.1 "abc", B.2 the 448-bit message, B.3 a million 'a's) and
    /// the empty message, through the digest the sweep identity uses (swift-crypto).
    @Test func sha256MatchesTheStandardVectors() {
        #expect(SweepDefinition.sha256Hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SweepDefinition.sha256Hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let long = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(long.count * 8 == 448)
        #expect(SweepDefinition.sha256Hex(long) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SweepDefinition.sha256Hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// A sweep's identity is what an existing database records, so the same definition must
    /// keep the same hash: pinned from the hand-written SHA-256 that scsim used before
    /// swift-crypto (a database of this definition written by that build holds this value).
    /// It also changes, rightly, if the resolved tiny scenario changes (a catalogue default
    /// added or changed; a key added later counts only when set away from its default, see
    /// `ParameterSpec.addedLater`): then databases of older builds are refused on resume.
    /// The resolved scenario lists every registered model's keys (the voter model's too, as
    /// the CLI registers it), so the identity is computed with the built-in models registered.
    @Test func aSweepsIdentityIsUnchanged() throws {
        ScsimKit.registerBuiltInModels()
        let definition = try Fixtures.definition(SweepDatabaseTests.text)
        #expect(definition.identity == "71f02d3bd06c7167d32b69af0dcee17a15d3ea5c5f6b4f2857e1d39a7b58a74a")
        #expect(definition.identity == SweepDefinition.sha256Hex(SweepDefinition.canonicalJSON(definition.resolvedDefinition)))
    }

    /// Published t(0.975, df) values (the usual t tables, to 7 decimals, as R's qt and scipy's
    /// t.ppf print them), from GSL's gsl_cdf_tdist_Pinv, and the lower tail by symmetry.
    @Test(arguments: [(1, 12.7062047), (2, 4.3026527), (5, 2.5705818), (9, 2.2621572), (30, 2.0422725),
                      (40, 2.0210754), (120, 1.9799304)])
    func studentQuantilesMatchPublishedTables(dof: Int, value: Double) {
        #expect(abs(StudentT.quantile975(degreesOfFreedom: dof) - value) < 1e-6)
        #expect(abs(Distributions.studentTQuantile(0.975, degreesOfFreedom: Double(dof)) - value) < 1e-6)
        #expect(abs(Distributions.studentTQuantile(0.025, degreesOfFreedom: Double(dof)) + value) < 1e-6)
    }

    /// The six-decimal table that scsim used before GSL: GSL rounds to it at every entry,
    /// so printed figures can differ only past the sixth decimal of t.
    @Test func studentQuantilesRoundToTheOldTable() {
        let table = [
            12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004,
            2.262157, 2.228139, 2.200985, 2.178813, 2.160369, 2.144787, 2.131450, 2.119905,
            2.109816, 2.100922, 2.093024, 2.085963, 2.079614, 2.073873, 2.068658, 2.063899,
            2.059539, 2.055529, 2.051831, 2.048407, 2.045230, 2.042272,
        ]
        for (index, value) in table.enumerated() {
            #expect(abs(StudentT.quantile975(degreesOfFreedom: index + 1) - value) <= 5e-7, "df \(index + 1)")
        }
    }

    @Test func studentQuantilesOutsideTheDomainAreNaN() {
        #expect(StudentT.quantile975(degreesOfFreedom: 0).isNaN)
        #expect(StudentT.quantile975(degreesOfFreedom: -3).isNaN)
        #expect(Distributions.studentTQuantile(0.975, degreesOfFreedom: 0).isNaN)
        #expect(Distributions.studentTQuantile(1.5, degreesOfFreedom: 4).isNaN)
        #expect(Distributions.studentTQuantile(.nan, degreesOfFreedom: 4).isNaN)
        #expect(abs(Distributions.studentTQuantile(0.5, degreesOfFreedom: 7)) < 1e-12)
    }

    @Test func intervalEstimateUsesTheTQuantile() {
        let estimate = IntervalEstimate([1, 2, 3, 4])
        #expect(estimate.mean == 2.5)
        #expect(abs(estimate.sd - 1.2909944487358056) < 1e-12)
        #expect(abs(estimate.halfWidth - 3.1824463 * 1.2909944487358056 / 2) < 1e-6)
    }

    @Test func shardsSplitRunsWithoutOverlap() throws {
        let shards = try (1...3).map { try Shard(parsing: "\($0)/3") }
        for run in 0..<30 {
            #expect(shards.filter { $0.contains(runID: run) }.count == 1)
        }
        #expect(throws: SweepError.self) { try Shard(parsing: "0/3") }
        #expect(throws: SweepError.self) { try Shard(parsing: "4/3") }
        #expect(throws: SweepError.self) { try Shard(parsing: "two") }
    }

    // MARK: - OFAT, Morris and Saltelli

    @Test func ofatVariesOneKeyAtATimeFromTheBaseScenario() throws {
        let definition = try Fixtures.definition(Fixtures.sweepText(
            parameters: "  score.eta: {from: 0, to: 0.6}\n  audit.rate: [0.05, 0.1]\n  network.k: {from: 4, to: 8}",
            design: "{method: ofat, levels: 3}"))
        let rows = definition.points.map { $0.values.map(\.description) }
        let base = rows[0]
        #expect(rows.count == 1 + 3 + 2 + 3)
        #expect(rows[1...3].map { $0[0] } == ["0", "0.3", "0.6"])
        #expect(rows[1...3].allSatisfy { Array($0[1...]) == Array(base[1...]) })
        #expect(rows[4...5].map { $0[1] } == ["0.05", "0.1"])
        #expect(rows[6...8].map { $0[2] } == ["4", "6", "8"])
        #expect(rows[6...8].allSatisfy { Array($0[..<2]) == Array(base[..<2]) })
        #expect(definition.resolvedDefinition["design_settings"] != nil)
        #expect(definition.design.description == "ofat(levels: 3)")
    }

    @Test func olderDesignsKeepTheirResolvedDefinition() throws {
        let definition = try Fixtures.definition(Fixtures.sweepText(parameters: "  score.eta: {from: 0, to: 1}", design: "{method: sobol, samples: 4}"))
        #expect(definition.resolvedDefinition["design_settings"] == nil)
    }

    static let twoKeys = [SweepParameter(path: "score.eta", values: .interval(from: 0, to: 0.6)),
                          SweepParameter(path: "network.k", values: .interval(from: 4, to: 10))]
    static let morris = SweepDesign.morris(MorrisSettings(levels: 4, trajectories: 2, optimal: nil, seed: 7, file: "m.csv"))
    static let header = #"# scsim-sa design: {"method": "morris", "levels": 4, "trajectories": 2, "optimal": null, "seed": 7, "parameters": ["score.eta", "network.k"], "bounds": {"score.eta": [0.0, 0.6], "network.k": [4.0, 10.0]}, "salib": "1.6.0"}"#
    static let rows = "score.eta,network.k\n0.2,4.0\n0.6000000000000001,4.0\n0.6000000000000001,8.0\n0.0,10.0\n0.4,10.0\n0.4,6.0\n"

    @Test func aDesignFileIsReadRowForRow() throws {
        let read = try DesignFile.parse(text: Self.header + "\n" + Self.rows, design: Self.morris, parameters: Self.twoKeys)
        #expect(read.count == 6)
        #expect(read[1] == [0.6000000000000001, 4])  // exactly the double SALib wrote
        var settings = MorrisSettings(levels: 4, trajectories: 2, optimal: nil, seed: 7, file: "m.csv")
        settings.rows = read
        let points = try SweepDesign.morris(settings).points(for: Self.twoKeys, integerKeys: ["network.k"])
        #expect(points[1] == [.number(0.6000000000000001), .integer(4)])
        #expect(points[3] == [.number(0), .integer(10)])
        #expect(points[2][1] == .integer(8))  // u = 2/3 of 4...10: 4 + floor(2/3 x 7) = 8
    }

    @Test func aStaleOrBrokenDesignFileIsRefused() {
        func problem(_ text: String, _ design: SweepDesign = Self.morris) -> String {
            do {
                _ = try DesignFile.parse(text: text, design: design, parameters: Self.twoKeys)
                return "accepted"
            } catch let error as DesignFile.Problem {
                return error.message
            } catch {
                return "\(error)"
            }
        }
        #expect(problem(Self.rows).hasPrefix("not a design file"))
        let otherSeed = SweepDesign.morris(MorrisSettings(levels: 4, trajectories: 2, optimal: nil, seed: 8, file: ""))
        #expect(problem(Self.header + "\n" + Self.rows, otherSeed) == "made for other settings (seed 7, not 8)")
        let otherBounds = [SweepParameter(path: "score.eta", values: .interval(from: 0, to: 0.5)), Self.twoKeys[1]]
        #expect(throws: DesignFile.Problem.self) { try DesignFile.parse(text: Self.header + "\n" + Self.rows, design: Self.morris, parameters: otherBounds) }
        #expect(problem(Self.header + "\n" + Self.rows + "0.2,4\n") == "has 7 rows; the design has 6")
        #expect(problem(Self.header + "\n" + Self.rows.replacingOccurrences(of: "0.4,6.0", with: "0.4,11.0")).contains("lies outside [4, 10]"))
        #expect(problem(Self.header + "\nnetwork.k,score.eta\n").hasPrefix("its columns are network.k,score.eta"))
        // Issue 13: a non-finite cell is refused, and a damaged enormous row is quoted in part.
        #expect(problem(Self.header + "\n" + Self.rows.replacingOccurrences(of: "0.4,6.0", with: "nan,6.0")).contains("is not 2 finite numbers"))
        let huge = problem(Self.header + "\nscore.eta,network.k\n" + String(repeating: "9", count: 1 << 20) + ",x\n0.2,4.0\n")
        #expect(huge.contains("... (1048578 bytes)") && huge.utf8.count < 300, "\(huge.prefix(300))")
    }

    @Test func morrisAndSaltelliSettingsAreChecked() {
        func problems(_ design: String) -> [String] {
            do {
                _ = try Fixtures.definition(Fixtures.sweepText(parameters: "  score.eta: {from: 0, to: 1}", design: design))
                return []
            } catch let error as SweepError {
                guard case .invalidFile(let found) = error else { return ["\(error)"] }
                return found.map(\.description)
            } catch {
                return ["\(error)"]
            }
        }
        #expect(problems("{method: morris, levels: 5, trajectories: 4}")
            == ["test.yaml:8: design.levels: must be an even number of grid levels, at least 2 (SALib's num_levels), got 5"])
        #expect(problems("{method: morris, trajectories: 4, optimal: 6}").first?.contains("need 2 <= optimal <= 4, got 6") == true)
        #expect(problems("{method: morris}").first?.contains("missing: a morris design needs a trajectory count") == true)
        #expect(problems("{method: saltelli, samples: 24}")
            == ["test.yaml:8: design.samples: must be a power of 2 (SALib's Sobol sequence is balanced only then), got 24"])
        #expect(problems("{method: saltelli, samples: 8, skip: 4}").first?.contains("must be 0 or a power of 2 at least samples (8)") == true)
        #expect(problems("{method: saltelli, samples: 8, levels: 4}").first?.contains("a saltelli design has no levels") == true)
        #expect(problems("{method: ofat, samples: 8}").first?.contains("an ofat design has no samples") == true)
        // No design file yet: the message says how to make one.
        let missing = problems("{method: saltelli, samples: 8, seed: 3}")
        #expect(missing.count == 1)
        #expect(missing.first?.contains("design.file: test.design.csv: no such design file; make it with `scsim-sa design test.yaml`") == true)
    }
}
