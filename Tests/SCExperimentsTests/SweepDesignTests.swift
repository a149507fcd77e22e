import Foundation
import SCModel
import SCRandom
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

    @Test func sha256MatchesTheStandardVectors() {
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let long = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(SHA256.hex(long) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func studentQuantilesMatchTheTables() {
        #expect(StudentT.quantile975(degreesOfFreedom: 1) == 12.706205)
        #expect(StudentT.quantile975(degreesOfFreedom: 9) == 2.262157)
        #expect(abs(StudentT.quantile975(degreesOfFreedom: 40) - 2.021075) < 1e-5)
        #expect(abs(StudentT.quantile975(degreesOfFreedom: 120) - 1.979930) < 1e-5)
        #expect(StudentT.quantile975(degreesOfFreedom: 0).isNaN)
        let estimate = IntervalEstimate([1, 2, 3, 4])
        #expect(estimate.mean == 2.5)
        #expect(abs(estimate.sd - 1.2909944487358056) < 1e-12)
        #expect(abs(estimate.halfWidth - 3.182446 * 1.2909944487358056 / 2) < 1e-9)
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
}
