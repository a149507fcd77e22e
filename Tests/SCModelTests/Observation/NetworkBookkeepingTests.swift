import Testing
import SCNetwork
@testable import SCModel

/// The network census keeps triangle counts and component labels up to date from each
/// step's tie changes (issue 17). Exact stays exact: after every step of runs on every
/// generator, with rings, informants, the market, thefts and detection cutting ties, the
/// kept counts equal a recount from scratch.
struct NetworkBookkeepingTests {
    static func base(_ configure: (inout ModelParameters) -> Void) -> ModelParameters {
        var p = ModelParameters()
        p.populationSize = 1200
        p.steps = 30
        p.blockSize = 100
        p.seed = 11
        p.enrolledShare = 0.6
        p.eta = 2 // strong unfriending: hundreds of changes a step, components split
        configure(&p)
        return p
    }

    static let cases: [(String, ModelParameters)] = [
        ("watts-strogatz", base { _ in }),
        ("erdos-renyi", base { $0.networkGenerator = .erdosRenyi; $0.networkMeanDegree = 4 }),
        ("barabasi-albert", base { $0.networkGenerator = .barabasiAlbert; $0.networkM = 3 }),
        ("stochastic-block", base { $0.networkGenerator = .stochasticBlock; $0.networkBlocks = 4; $0.networkPIn = 0.01; $0.networkPOut = 0.001 }),
        ("rings and detection", base {
            $0.shareHonest = 0.85; $0.sharePadder = 0.03; $0.shareEvader = 0.03; $0.shareColluder = 0.09; $0.ringSize = 12
            $0.detectionEvery = 3; $0.detectionMethod = .peeling; $0.detectionCutTies = true; $0.detectionFlagShare = 0.05
        }),
        ("sybil farm (citizens' network only)", base {
            $0.shareHonest = 0.88; $0.shareColluder = 0.06; $0.ringSize = 6
            $0.moneyEnabled = true; $0.sybilCapacity = 80; $0.sybilCreateRate = 4; $0.sybilSellMinScore = 600
            $0.sybilShopRate = 0.3; $0.sybilCatchRate = 0.05
        }),
        ("informants, market, theft", base {
            $0.informantReportRate = 0.5; $0.informantFalseReportRate = 0.1
            $0.moneyEnabled = true; $0.marketShopRate = 0.3; $0.marketSellerMinScore = 600; $0.marketContractWeeks = 2
            $0.theftRate = 0.02
        }),
    ]

    /// The subgraph of the first `n` ids, as a graph of its own.
    static func induced(_ graph: FriendshipGraph, _ n: Int) -> FriendshipGraph {
        var copy = FriendshipGraph(nodeCount: n, reservedDegree: 12)
        for (i, j) in graph.edges() where Int(i) < n && Int(j) < n { copy.addEdge(Int(i), Int(j)) }
        return copy
    }

    @Test(arguments: [1, 2])
    func keptCountsEqualARecountAfterEveryStep(threads: Int) throws {
        for (name, p) in Self.cases {
            let sim = try Simulation(parameters: p, threads: threads)
            // Replay every batch, however many removals, so that the replay is what is checked.
            sim.componentBook = ComponentBookkeeping(nodeCount: p.populationSize)
            sim.componentBook!.maximumRemovals = .max
            sim.componentBook!.searchBudget = .max
            var changesSeen = 0
            for t in 0..<p.steps {
                sim.advance()
                changesSeen += sim.tiesAdded + sim.tiesRemoved
                let row = sim.rowContext(includeNetwork: true)
                let network = try #require(row.network)
                // Components: the recount's summary, and labels that are constant along every
                // tie and as many as there are components (so they are the partition).
                // The reference: the citizens' own network, copied without sybil slots.
                let citizens = Self.induced(sim.graph, p.populationSize)
                let recount = ComponentCensus.compute(citizens)
                #expect(network.components == recount.count, "\(name) step \(t)")
                #expect(network.largestComponent == recount.largest, "\(name) step \(t)")
                #expect(network.secondLargestComponent == recount.secondLargest, "\(name) step \(t)")
                #expect(network.isolated == recount.isolated, "\(name) step \(t)")
                let book = try #require(sim.componentBook, "\(name) step \(t): the labels were dropped")
                var labels = Set<Int>()
                for i in 0..<p.populationSize {
                    labels.insert(book.component(of: i))
                    for j in citizens.neighbors(of: i) where book.component(of: Int(j)) != book.component(of: i) {
                        Issue.record("\(name) step \(t): tie \(i)-\(j) crosses labels")
                    }
                }
                #expect(labels.count == recount.count, "\(name) step \(t)")
                // Triangles at every citizen against the forward algorithm from scratch.
                let triangles = try #require(sim.triangleBook)
                let counter = TriangleCounter(nodeCount: p.populationSize, workers: 1)
                citizens.withAdjacency { counter.prepare($0) }
                counter.count(citizens: 0..<p.populationSize, worker: 0)
                var mismatches = 0, total = 0
                for u in 0..<p.populationSize {
                    if Int(triangles.corners[u]) != counter.triangles(at: u) { mismatches += 1 }
                    total += counter.triangles(at: u)
                }
                #expect(mismatches == 0, "\(name) step \(t): \(mismatches) citizens' triangles differ")
                #expect(triangles.triangles * 3 == total, "\(name) step \(t)")
                // The census without ring ties from the kept counts equals its recount.
                #expect(sim.noRingTriangleCensus(from: triangles) == sim.noRingTriangleRecount(), "\(name) step \(t)")
                // And the averages the row reports equal TriangleCensus's to rounding.
                let plain = TriangleCensus.compute(citizens)
                #expect(abs(network.clustering - plain.averageClustering) < 1e-12, "\(name) step \(t)")
                #expect(network.transitivity == plain.transitivity, "\(name) step \(t)")
            }
            #expect(changesSeen > 100 * p.steps, "\(name): only \(changesSeen) tie changes")
            // The counts were kept, not recounted: triangles from one recount at the first
            // census, components too (with no limits on the replay).
            #expect(sim.triangleBook!.replays >= p.steps - 2, "\(name): \(sim.triangleBook!.replays) replays")
            #expect(sim.componentBook!.replays >= p.steps - 2, "\(name): \(sim.componentBook!.replays) replays")
        }
    }

    /// Components by breadth-first search: (count, largest, second largest).
    static func searchedComponents(_ graph: FriendshipGraph) -> [Int] {
        var seen = [Bool](repeating: false, count: graph.nodeCount)
        var sizes: [Int] = []
        for root in 0..<graph.nodeCount where !seen[root] {
            var queue = [root], head = 0
            seen[root] = true
            while head < queue.count {
                for v in graph.neighbors(of: queue[head]) where !seen[Int(v)] { seen[Int(v)] = true; queue.append(Int(v)) }
                head += 1
            }
            sizes.append(queue.count)
        }
        sizes.sort(by: >)
        return [sizes.count, sizes.first ?? 0, sizes.count > 1 ? sizes[1] : 0]
    }

    /// With sampled clustering, two threads count the components on one worker beside the
    /// sampling on the other (`censusBesideSampledClustering`): the counts equal a search's
    /// after every step, and the rows equal one thread's.
    @Test func sampledRowsCountComponentsBesideTheSampling() throws {
        for (name, base) in Self.cases.prefix(6) {
            var p = base
            p.networkMetricsMode = .sampled
            p.steps = 12
            let sim = try Simulation(parameters: p, threads: 2)
            for t in 0..<p.steps {
                sim.advance()
                let network = try #require(sim.rowContext(includeNetwork: true).network)
                #expect(network.sampled)
                let searched = Self.searchedComponents(Self.induced(sim.graph, p.populationSize))
                #expect([network.components, network.largestComponent, network.secondLargestComponent] == searched, "\(name) step \(t)")
            }
            #expect(try Fixtures.csv(p, threads: 1) == Fixtures.csv(p, threads: 2), "\(name)")
        }
    }

    /// A census every 5th step replays five steps' changes at once (ties added and removed
    /// again in between net to nothing).
    @Test func sparseCensusesReplayTheNetChanges() throws {
        let p = Self.base { $0.steps = 40; $0.eta = 0.3 }
        let sim = try Simulation(parameters: p, threads: 2)
        var changes = 0
        for t in 0..<p.steps {
            sim.advance()
            changes += sim.tiesAdded + sim.tiesRemoved
            guard t % 5 == 4 else { continue }
            #expect(changes > 500, "step \(t): \(changes) changes in five steps")
            changes = 0
            let network = try #require(sim.rowContext(includeNetwork: true).network)
            let recount = ComponentCensus.compute(sim.graph)
            #expect(network.components == recount.count && network.largestComponent == recount.largest, "step \(t)")
            let plain = TriangleCensus.compute(sim.graph)
            #expect(network.transitivity == plain.transitivity, "step \(t)")
        }
        #expect(sim.triangleBook!.replays >= 5)
    }
}

