import Testing
import SCNetwork
import SCRandom
@testable import SCModel

/// The `unconfounded` column group (issue 12 item 14): hand-worked values, the fast
/// computations against plain loops, and how `output.metrics` selects the group.
struct UnconfoundedMetricsTests {
    /// A 4-cycle 0-1-2-3 with the chord 0-2, a triangle 4-5-6 whose three ties are ring ties
    /// (4, 5, 6 form ring 0), and the ordinary ties 0-4 and 2-4.
    static func ringExample() -> Simulation {
        let edges = [(0, 1), (1, 2), (2, 3), (3, 0), (0, 2), (4, 5), (5, 6), (4, 6), (0, 4), (2, 4)]
        let sim = Fixtures.neutral(7, edges: edges, scores: Array(repeating: 600, count: 7))
        for i in 4...6 { sim.population.ring[i] = 0 }
        return sim
    }

    @Test func handWorkedClusteringWithAndWithoutRingTies() {
        let sim = Self.ringExample()
        // All ties. Triangles 012, 023, 024, 456. Degrees 4, 2, 4, 2, 4, 2, 2; triangles at each
        // corner 3, 1, 3, 1, 2, 1, 1; local clustering 3/6, 1, 3/6, 1, 2/6, 1, 1, mean 16/21.
        // Connected triples: sum C(d, 2) = 6 + 1 + 6 + 1 + 6 + 1 + 1 = 22; 3 x 4 / 22 = 6/11.
        let all = TriangleCensus.compute(sim.graph)
        #expect(abs(all.averageClustering - 16.0 / 21) < 1e-12)
        #expect(all.transitivity == 6.0 / 11)
        #expect(sim.triangleCensus() == all)
        // Without ring ties 4-5, 5-6, 4-6: 5 and 6 have no friend, 4 keeps 0 and 2. Triangles
        // 012, 023, 024; local clustering 1/2, 1, 1/2, 1, 1, 0, 0, mean 4/7; triples
        // 6 + 1 + 6 + 1 + 1 = 15; 3 x 3 / 15 = 3/5.
        let noRing = sim.noRingTriangleCensus()
        #expect(abs(noRing.averageClustering - 4.0 / 7) < 1e-12)
        #expect(noRing.transitivity == 3.0 / 5)
        // Ring ids matter, not ring membership: two rings' members tied across keep the tie.
        sim.population.ring[6] = 1
        let split = sim.noRingTriangleCensus()
        // Only 4-5 goes: triangles 012, 023, 024 (456 is broken); degrees 4, 2, 4, 2, 3, 1, 2.
        // Local 1/2, 1, 1/2, 1, 1/3, 0, 0 -> 10/3 / 7; triples 6 + 1 + 6 + 1 + 3 + 0 + 1 = 18 -> 9/18.
        #expect(abs(split.averageClustering - 10.0 / 21) < 1e-12)
        #expect(split.transitivity == 0.5)
    }

    @Test func handWorkedBehaviourDecile() {
        // 20 enrolled citizens, decile of 2. b_i = 0 for all (neutral) except citizen 7
        // (credit 0.6: b = 0.4 x -1 = -0.4) and citizens 3 and 12, tied at credit 0.7
        // (b = -0.2): the decile is {7, 3}, the tie going to the lower id. 7 has no friend,
        // 3 has one; mean enrolled degree = 2 x 9 ties / 20 = 0.9.
        let edges = (0..<9).map { (2 * $0, 2 * $0 + 1) }.filter { $0.0 != 6 } + [(3, 12)]
        let sim = Fixtures.neutral(20, edges: edges, scores: Array(repeating: 600, count: 20))
        sim.population.credit[7] = 0.6
        sim.population.credit[3] = 0.7
        sim.population.credit[12] = 0.7
        #expect(sim.graph.degree(of: 7) == 0 && sim.graph.degree(of: 3) == 2 && sim.graph.edgeCount == 9)
        let decile = sim.lowBehaviourDecile()
        #expect(decile.isolated == .real(0.5))
        #expect(decile.degreeRatio == .real(1.0 / 0.9))
        // Nobody enrolled: undefined.
        for i in 0..<20 { sim.population.enrolled[i] = 0 }
        #expect(sim.lowBehaviourDecile().isolated == .missing)
    }

    @Test func selectionMatchesASort() {
        let r = RandomStream(seed: 12)
        for trial in 0..<40 {
            let n = 1 + r.uniformInt(3_000)
            // Coarse values with many ties, negative and zero (both signs of zero) included.
            let values = (0..<n).map { _ in Double(r.uniformInt(21) - 10) / 10 * (r.uniform() < 0.1 ? -1 : 1) }
            var keys = values.enumerated().map { BehaviourKey(behaviour: $0.element, citizen: Int32($0.offset)) }
            let k = trial % 3 == 0 ? n : max(1, n / 10)
            BehaviourKey.selectLowest(&keys, count: k)
            let expected = (0..<n).sorted { values[$0] != values[$1] ? values[$0] < values[$1] : $0 < $1 }.prefix(k)
            #expect(Set(keys.prefix(k).map { Int($0.citizen) }) == Set(expected))
        }
    }

    /// Clustering and transitivity without ring ties by a plain loop over neighbour sets,
    /// summing local coefficients block by block as the census adds its block tallies.
    static func plainNoRingCensus(_ sim: Simulation, blockSize: Int) -> (averageClustering: Double, transitivity: Double) {
        let n = sim.population.count, ring = sim.population.ring
        var lists = [[Int]](repeating: [], count: n)
        for (a, b) in sim.graph.edges() {
            let (a, b) = (Int(a), Int(b))
            if ring[a] >= 0 && ring[a] == ring[b] { continue }
            lists[a].append(b)
            lists[b].append(a)
        }
        let sets = lists.map(Set.init)
        var sum = 0.0, closed = 0, pairs = 0
        for first in stride(from: 0, to: n, by: blockSize) {
            var block = 0.0
            for u in first..<min(n, first + blockSize) {
                let d = lists[u].count
                guard d >= 2 else { continue }
                var c = 0
                for v in lists[u] { for w in lists[u] where v != w && sets[v].contains(w) { c += 1 } }
                block += Double(c) / Double(d * (d - 1))
                closed += c
                pairs += d * (d - 1)
            }
            sum += block
        }
        return (sum / Double(n), pairs > 0 ? Double(closed) / Double(pairs) : 0)
    }

    @Test(arguments: [1, 2]) func fastCensusEqualsPlainLoopExactly(threads: Int) {
        let n = 3_000
        var p = Fixtures.quietParameters(n)
        p.blockSize = 64
        let r = RandomStream(seed: 99)
        var graph = FriendshipGraph(nodeCount: n, reservedDegree: 8)
        for _ in 0..<(4 * n) { _ = graph.addEdge(r.uniformInt(n), r.uniformInt(n)) }
        // Rings of 3 to 22 members, all pairs tied, as formRings and imitation leave them.
        var ringOf = [Int32](repeating: -1, count: n)
        var next = 0, id: Int32 = 0
        while next < n / 3 {
            let size = 3 + r.uniformInt(20)
            let members = (0..<size).map { _ in r.uniformInt(n) }.filter { ringOf[$0] < 0 }
            for m in members { ringOf[m] = id }
            for a in members { for b in members where a < b { _ = graph.addEdge(a, b) } }
            id += 1
            next += size
        }
        let sim = Simulation(parameters: p, graph: graph, threads: threads)
        for i in 0..<n { sim.population.ring[i] = ringOf[i] }
        let fast = sim.noRingTriangleCensus()
        let plain = Self.plainNoRingCensus(sim, blockSize: 64)
        #expect(fast == plain)
        // From the kept triangle counts (what a network row uses), the same bits.
        _ = sim.networkChangesSinceLastCensus(forTriangles: true)
        _ = sim.trackedTriangleCensus(changes: nil)
        #expect(sim.noRingTriangleCensus(from: sim.triangleBook!) == plain)
        // And the census with ring ties is the standard one (rings do raise it here).
        let standard = sim.triangleCensus()
        #expect(standard.transitivity > fast.transitivity)
    }

    @Test func groupsAreParsedInCatalogueOrder() {
        #expect(MetricGroups.parse("") == [])
        #expect(MetricGroups.parse("all") == MetricGroups.names)
        #expect(MetricGroups.parse("unconfounded, unconfounded") == ["unconfounded"])
        #expect(MetricGroups.parse("unconfounded,nosuch") == nil)
        var p = ModelParameters()
        let spec = ParameterCatalog.spec(for: "output.metrics")!
        #expect(spec.assign(.text("all"), to: &p) == nil && p.metricGroups == MetricGroups.names)
        #expect(spec.assign(.text("nosuch"), to: &p)?.contains("nosuch") == true)
        #expect(spec.value(in: ModelParameters()) == .text(""))
    }

    @Test func groupColumnsFollowTheStandardOnes() throws {
        var p = Fixtures.quietParameters(400)
        p.steps = 3
        p.metricGroups = ["unconfounded"]
        // The model adds the groups its parameters name when it is built (and restored).
        let model = try ReferenceModel.make(p, threads: 1)
        let names = UnconfoundedMetrics.metrics.columnNames()
        #expect(model.columnNames == ReferenceMetrics.standard.columnNames() + names)
        #expect(MetricGroups.definitions(p)?.map(\.name) == model.columnNames)
        try MetricGroups.enable(on: model)   // a second call adds nothing
        #expect(model.columnNames.count == ReferenceMetrics.standard.count + names.count)
        let sim = try #require(model as? Simulation)
        sim.advance()
        let row = sim.observe(includeNetwork: true)
        let census = sim.noRingTriangleCensus(), decile = sim.lowBehaviourDecile()
        #expect(row["clustering_avg_noring"] == .real(census.averageClustering))
        #expect(row["transitivity_noring"] == .real(census.transitivity))
        #expect(row["low_behaviour_isolated_frac"] == decile.isolated)
        #expect(row["low_behaviour_degree_ratio"] == decile.degreeRatio)
        // Rows without the network columns leave the no-ring ones empty too.
        sim.advance()
        let light = sim.observe(includeNetwork: false)
        #expect(light["transitivity_noring"] == .missing && light["low_behaviour_isolated_frac"] != .missing)
    }
}
