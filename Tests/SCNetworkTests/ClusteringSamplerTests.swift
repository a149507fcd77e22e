import Testing
@testable import SCNetwork
import SCRandom

/// Sampled clustering against the exact census.
struct ClusteringSamplerTests {
    @Test func triangleIsFullyClustered() {
        var g = FriendshipGraph(nodeCount: 3)
        g.addEdge(0, 1); g.addEdge(1, 2); g.addEdge(0, 2)
        let e = ClusteringSampler.estimate(g, samples: 500, random: RandomStream(seed: 1))
        #expect(e.averageClustering.value == 1 && e.averageClustering.standardError == 0)
        #expect(e.transitivity.value == 1)
    }

    @Test func starIsNotClustered() {
        var g = FriendshipGraph(nodeCount: 5)
        for leaf in 1...4 { g.addEdge(0, leaf) }
        let e = ClusteringSampler.estimate(g, samples: 500, random: RandomStream(seed: 2))
        #expect(e.averageClustering.value == 0 && e.transitivity.value == 0)
    }

    /// On a Watts-Strogatz graph (n = 20,000, k = 10, p = 0.1) the estimates fall within
    /// four of their own standard errors of the exact census, and the standard error is
    /// about sqrt(x (1 - x) / samples).
    @Test func agreesWithTheCensusWithinItsStandardError() {
        let g = WattsStrogatz.generate(nodeCount: 20_000, k: 10, rewire: 0.1, random: RandomStream(seed: 3))
        let exact = TriangleCensus.compute(g)
        let e = ClusteringSampler.estimate(g, samples: 20_000, random: RandomStream(seed: 4))
        #expect(abs(e.averageClustering.value - exact.averageClustering) < 4 * e.averageClustering.standardError)
        #expect(abs(e.transitivity.value - exact.transitivity) < 4 * e.transitivity.standardError)
        let expectedSE = (exact.transitivity * (1 - exact.transitivity) / 20_000).squareRoot()
        #expect(abs(e.transitivity.standardError - expectedSE) < 0.1 * expectedSE)
    }
}

/// The scout that looks the sampler's draws ahead changes what is asked for early, never
/// the estimates.
struct WedgeScoutTests {
    static func estimates(_ graph: FriendshipGraph, kind: GeneratorKind, seed: UInt64, scouted: Bool)
        -> (ClusteringSampler.Estimate, ClusteringSampler.Estimate, WedgeScout?) {
        let random = RandomStream(kind: kind, seed: seed)
        return graph.withAdjacency { adjacency in
            let scout = scouted ? WedgeScout(adjacency: adjacency, random: random) : nil
            let e = ClusteringSampler.draw(nodeCount: graph.nodeCount, samples: 3_000, random: random, centres: WedgeCentres(),
                                           degrees: adjacency.degree, scout: scout) {
                ClusteringSampler.closesRandomWedge(among: adjacency.neighbors($0), adjacency, random)
            }
            return (e.averageClustering, e.transitivity, scout)
        }
    }

    /// Every citizen with at least two friends: the scout keeps step with the real draws
    /// (no restart) on the two usual generators, and the estimates are the same bits.
    @Test(arguments: [GeneratorKind.mt19937, .taus2])
    func staysInStepAndChangesNothing(kind: GeneratorKind) {
        let graph = WattsStrogatz.generate(nodeCount: 5_000, k: 10, rewire: 0.1, random: RandomStream(seed: 8))
        let plain = Self.estimates(graph, kind: kind, seed: 9, scouted: false)
        let scouted = Self.estimates(graph, kind: kind, seed: 9, scouted: true)
        #expect(scouted.0 == plain.0 && scouted.1 == plain.1)
        #expect(scouted.2!.restarts == 0 && scouted.2!.isActive)
    }

    /// Stopped in the citizen loop by a graph of loners, the scout starts again for the
    /// wedge loop, whose centres all have two friends or more: it ends the run active.
    @Test func stopsForOneLoopOnly() {
        // 3,000 loners and a ring of 1,000 (two friends each).
        var graph = FriendshipGraph(nodeCount: 4_000)
        for i in 0..<1_000 { graph.addEdge(i, (i + 1) % 1_000) }
        let plain = Self.estimates(graph, kind: .taus2, seed: 5, scouted: false)
        let scouted = Self.estimates(graph, kind: .taus2, seed: 5, scouted: true)
        #expect(scouted.0 == plain.0 && scouted.1 == plain.1)
        #expect(scouted.2!.restarts > 64 && scouted.2!.isActive)
    }

    /// Through `estimate`, above the population where it sends the scout: the same
    /// estimates as the loop without it.
    @Test func estimateAboveTheThresholdIsTheLoopWithoutTheScout() {
        let n = ClusteringSampler.scoutThreshold
        let graph = WattsStrogatz.generate(nodeCount: n, k: 6, rewire: 0.2, random: RandomStream(seed: 6))
        let viaEstimate = ClusteringSampler.estimate(graph, samples: 2_000, random: RandomStream(seed: 7))
        let random = RandomStream(seed: 7)
        let plain = graph.withAdjacency { adjacency in
            ClusteringSampler.draw(nodeCount: n, samples: 2_000, random: random, centres: WedgeCentres(),
                                   degrees: adjacency.degree) {
                ClusteringSampler.closesRandomWedge(among: adjacency.neighbors($0), adjacency, random)
            }
        }
        #expect(viaEstimate.averageClustering == plain.averageClustering && viaEstimate.transitivity == plain.transitivity)
    }

    /// Loners and citizens with one friend take fewer draws than the scout assumes: it
    /// restarts (and with too many restarts stops), and the estimates are still the same,
    /// on every generator.
    @Test(arguments: GeneratorKind.allCases)
    func restartsWithoutChangingTheEstimates(kind: GeneratorKind) {
        let sparse = ErdosRenyi.generate(nodeCount: 4_000, meanDegree: 2.5, random: RandomStream(seed: 10))
        let dense = ErdosRenyi.generate(nodeCount: 4_000, meanDegree: 12, random: RandomStream(seed: 11))
        for graph in [sparse, dense] {
            let plain = Self.estimates(graph, kind: kind, seed: 12, scouted: false)
            let scouted = Self.estimates(graph, kind: kind, seed: 12, scouted: true)
            #expect(scouted.0 == plain.0 && scouted.1 == plain.1, "\(kind)")
        }
        #expect(Self.estimates(sparse, kind: kind, seed: 12, scouted: true).2!.restarts > 0)
    }
}
/// The two-level search for wedge centres against the plain rule: the first citizen whose
/// running sum of d (d - 1) exceeds the target, found by walking the citizens in order.
struct WedgeCentresTests {
    /// Degrees in storage of their own, as the sampler's callers hold them.
    static func stored(_ degrees: [Int32]) -> UnsafeMutablePointer<Int32> {
        let storage = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, degrees.count))
        storage.initialize(from: degrees, count: degrees.count)
        return storage
    }

    static func plainCentre(_ degrees: [Int], _ target: Double) -> Int {
        var running = 0.0
        for (u, d) in degrees.enumerated() {
            running += Double(d * (d - 1))
            if running > target { return u }
        }
        return degrees.count - 1
    }

    /// Degrees with long runs of 0 and 1 (equal cumulative counts across block edges),
    /// targets at, just below and just above every cumulative count, and uniform ones.
    @Test(arguments: [1, 63, 64, 65, 200, 1_000])
    func sameCentreAsTheRunningSum(citizens: Int) {
        let random = RandomStream(seed: UInt64(citizens))
        let degrees = (0..<citizens).map { u in u % 97 < 40 ? random.uniformInt(2) : random.uniformInt(30) }
        let centres = WedgeCentres()
        let stored = Self.stored(degrees.map(Int32.init))
        defer { stored.deallocate() }
        centres.load(count: citizens, degrees: stored)
        var running = 0.0
        var targets: [Double] = [0, -1, centres.total, centres.total * 2]
        for d in degrees {
            running += Double(d * (d - 1))
            targets += [running, running.nextDown, running.nextUp, running - 0.5]
        }
        for _ in 0..<500 { targets.append(random.uniform() * centres.total) }
        #expect(centres.total == running)
        for target in targets {
            #expect(centres.centre(at: target) == Self.plainCentre(degrees, target), "target \(target)")
        }
    }

    /// Hand-worked: degrees 2, 0, 3, 1 give counts 2, 0, 6, 0 and running sums 2, 2, 8, 8;
    /// targets 0 and 1.9 pick citizen 0, 2 and 7.5 citizen 2, 8 none (the last, 3).
    @Test func byHand() {
        let centres = WedgeCentres()
        let degrees = Self.stored([2, 0, 3, 1])
        defer { degrees.deallocate() }
        centres.load(count: 4, degrees: degrees)
        #expect(centres.total == 8)
        #expect([0, 1.9, 2, 7.5, 8].map { centres.centre(at: $0) } == [0, 0, 2, 2, 3])
    }

    /// A second load with fewer citizens forgets the first.
    @Test func reloadsSmaller() {
        let centres = WedgeCentres()
        let many = Self.stored([Int32](repeating: 5, count: 300)), few = Self.stored([0, 2, 2])
        defer { many.deallocate(); few.deallocate() }
        centres.load(count: 300, degrees: many)
        centres.load(count: 3, degrees: few)
        #expect(centres.total == 4 && centres.count == 3)
        #expect(centres.centre(at: 1) == 1 && centres.centre(at: 3) == 2 && centres.centre(at: 100) == 2)
    }
}
