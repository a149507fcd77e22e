import Testing
import SCNetwork
@testable import SCModel

/// The tie phase's parallel application and the friend post totals it keeps.
struct TieApplicationTests {
    /// A population of 1,200 in blocks of 16 (75 blocks), with lively tie dynamics.
    func parameters() -> ModelParameters {
        var p = ModelParameters()
        p.populationSize = 1200
        p.steps = 30
        p.blockSize = 16
        p.seed = 5
        p.enrolledShare = 0.6
        p.eta = 0.6
        p.lookProbability = 0.5
        p.driftRate = 0.05
        p.proposeRate = 0.2
        return p
    }

    /// Every list, in order, is what a single thread applying the blocks' drops and then
    /// their additions, each in ascending key order with `removeEdge`/`addEdge`, makes.
    @Test(arguments: [1, 2, 3])
    func listsMatchASequentialApplication(threads: Int) throws {
        let sim = try Simulation(parameters: parameters(), threads: threads)
        for t in 0..<12 {
            for phase in 0..<8 { step(sim, phase: phase, t: t) }
            var expected = sim.graph
            sim.runTies(step: t)
            var removed = 0, added = 0
            for (keys, isDrop) in [(sim.outboxes.flatMap(\.drops), true), (sim.outboxes.flatMap(\.adds), false)] {
                for key in Set(keys).sorted() {
                    let a = Int(key >> 32), b = Int(key & 0xFFFF_FFFF)
                    if isDrop { if expected.removeEdge(a, b) { removed += 1 } } else if expected.addEdge(a, b) { added += 1 }
                }
            }
            #expect(sim.tiesRemoved == removed && sim.tiesAdded == added)
            #expect(sim.graph.edgeCount == expected.edgeCount)
            for i in 0..<sim.graph.nodeCount where sim.graph.neighbors(of: i) != expected.neighbors(of: i) {
                Issue.record("step \(t): list of \(i) differs")
                break
            }
            sim.runAudit(step: t)
            sim.runImitation(step: t)
            sim.finishStepForTesting()
        }
        #expect(sim.graph.invariantViolations().isEmpty)
    }

    /// After every step, each citizen's friend post totals equal its current friends'
    /// posts of that step, summed afresh: the totals survived every tie change.
    @Test func friendTotalsEqualAFreshSum() throws {
        var p = parameters()
        p.shareHonest = 0.82    // more colluders: imitation joining rings adds ties too
        p.shareColluder = 0.10
        let sim = try Simulation(parameters: p, threads: 2)
        var checked = 0
        for _ in 0..<25 {
            sim.advance()
            let posts = sim.population.postColumn(forStep: sim.step - 1)
            for i in 0..<sim.graph.nodeCount {
                var dissent = 0, visible = 0
                for j in sim.graph.neighbors(of: i) {
                    dissent += Int(posts[Int(j)].dissent)
                    visible += Int(posts[Int(j)].visible)
                }
                let totals = sim.population.friendPostTotals[i]
                if totals.dissent != dissent || totals.visible != visible {
                    Issue.record("step \(sim.step - 1), citizen \(i): totals \(totals), fresh (\(dissent), \(visible))")
                    return
                }
                checked += 1
            }
        }
        #expect(checked == 25 * 1200)
        #expect(sim.tiesAdded + sim.tiesRemoved > 0)
    }

    private func step(_ sim: Simulation, phase: Int, t: Int) {
        switch phase {
        case 0: sim.applyPolicy(step: t)
        case 1: sim.runAdoption(step: t)
        case 2: sim.runConsumption(step: t)
        case 3: sim.runExpression(step: t)
        case 4: sim.runBills(step: t)
        case 5: sim.runScoring(step: t)
        case 6: sim.assignTiers()
        default: break
        }
    }
}

extension Simulation {
    /// Ends a step run phase by phase in a test, as `advance()` does.
    func finishStepForTesting() {
        restoredStep(step + 1)
        tiesAdded = 0
        tiesRemoved = 0
    }
}

/// Which worker owns which block: contiguous shares that cover every block once.
struct BlockOwnershipTests {
    @Test(arguments: [1, 2, 3, 5])
    func sharesAreContiguousAndMatchTheOwnerOfEachCitizen(threads: Int) {
        for (citizens, blockSize) in [(1_000, 7), (10_000, 1024), (97, 10), (4, 1)] {
            let runner = BlockRunner(citizenCount: citizens, blockSize: blockSize, threads: threads, seed: 1,
                                     generator: .taus2, categoryCount: 1)
            #expect(runner.firstBlock(of: 0) == 0 && runner.firstBlock(of: runner.threads) == runner.blockCount)
            for w in 0..<runner.threads {
                #expect(runner.firstBlock(of: w) <= runner.firstBlock(of: w + 1))
                for b in runner.firstBlock(of: w)..<runner.firstBlock(of: w + 1) {
                    for i in runner.range(ofBlock: b) where runner.worker(ofCitizen: i) != w {
                        Issue.record("\(citizens) citizens, blocks of \(blockSize), \(threads) threads: citizen \(i) in block \(b) of worker \(w) reported as \(runner.worker(ofCitizen: i))")
                        return
                    }
                }
            }
        }
    }
}
