import Testing
import SCRandom
@testable import SCModel

/// `IncentiveTilts`, the consumption phase's store of each citizen's exp(v_i a_d): runs
/// with the store and without it are the same bits, including across a timeline event
/// that changes beta_buy (a stale store would keep the old tilts), on one and two
/// threads; the store empties itself on such a change and is not kept above its limit.
struct IncentiveTiltsTests {
    static func parameters(incentiveChange: Bool) -> ModelParameters {
        var p = ModelParameters()
        p.populationSize = 1_500
        p.steps = 30
        p.seed = 11
        p.blockSize = 256
        if incentiveChange {
            p.timeline = [PolicyEvent(step: 10, assignments: [ParameterAssignment(path: "consumption.incentive", value: .number(4))]),
                          PolicyEvent(step: 20, assignments: [ParameterAssignment(path: "consumption.incentive", value: .number(1.5))])]
        }
        return p
    }

    static func run(_ p: ModelParameters, threads: Int, keep: Bool) throws -> [[UInt64]] {
        let sim = try Simulation(parameters: p, threads: threads)
        if !keep { sim.incentiveTilts = nil }
        #expect((sim.incentiveTilts != nil) == keep)
        var rows: [[UInt64]] = []
        for _ in 0..<p.steps {
            sim.advance()
            rows.append((0..<p.populationSize).map { sim.population.purchaseSignal[$0].bitPattern })
            rows.append((0..<p.populationSize).map { sim.population.score[$0].bitPattern })
            rows.append(sim.observe(includeNetwork: false).values.map { value in
                if case .real(let x) = value { return x.bitPattern }
                if case .integer(let x) = value { return UInt64(bitPattern: Int64(x)) }
                return 0
            })
        }
        return rows
    }

    @Test(arguments: [(false, 1), (true, 1), (true, 2)])
    func runsWithAndWithoutTheStoreAreTheSame(incentiveChange: Bool, threads: Int) throws {
        let p = Self.parameters(incentiveChange: incentiveChange)
        let kept = try Self.run(p, threads: threads, keep: true)
        let computed = try Self.run(p, threads: 1, keep: false)
        #expect(kept.count == computed.count)
        // The first row (three a step: purchase signals, scores, the time-series row) where they differ.
        #expect(kept.indices.first { kept[$0] != computed[$0] } == nil)
    }

    /// Without the emptying on a change of beta_buy the runs above would differ: the
    /// tilts stored under 1.5 are not those under 4.
    @Test func aChangeOfIncentiveEmptiesTheStore() {
        let goods = GoodsTable(approvals: Good.defaultCatalogue.map(\.approval))
        let store = IncentiveTilts(citizens: 4, goods: goods, incentive: 1.5)!
        let first = store.tilts(of: 2, incentive: 1.5 * 0.8, goods: goods)[0]
        #expect(first == exp(1.5 * 0.8 * goods.distinct[0]) || goods.distinct[0] == 0)
        store.keep(incentive: 1.5)
        #expect(!store.values[2 * store.stride].isNaN)
        store.keep(incentive: 4)
        #expect(store.values[2 * store.stride].isNaN)
        #expect(store.tilts(of: 2, incentive: 4 * 0.8, goods: goods)[0] != first)
    }

    @Test func notKeptAboveItsLimit() {
        let goods = GoodsTable(approvals: Good.defaultCatalogue.map(\.approval))
        let perCitizen = 8 * goods.distinctCount
        #expect(IncentiveTilts(citizens: IncentiveTilts.byteLimit / perCitizen, goods: goods, incentive: 1) != nil)
        #expect(IncentiveTilts(citizens: IncentiveTilts.byteLimit / perCitizen + 1, goods: goods, incentive: 1) == nil)
    }
}
