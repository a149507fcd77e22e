/// MODEL.md 7.5: bills paid on time feed a running credit record.
public enum BillsRule {
    /// c <- memory * c + (1 - memory) * b.
    @inlinable
    public static func updatedCredit(_ credit: Double, paidOnTime: Bool, memory: Double) -> Double {
        memory * credit + (1 - memory) * (paidOnTime ? 1 : 0)
    }
}

extension Simulation {
    /// Phase 5. One Bernoulli(r_i) draw per citizen, enrolled or not.
    func runBills(step t: Int) {
        let pop = population
        let memory = parameters.creditMemory
        runner.forEachBlock(step: UInt64(t), phase: .bills) { ctx in
            for i in ctx.citizens {
                let paid = ctx.random.bernoulli(pop.reliability[i])
                pop.credit[i] = BillsRule.updatedCredit(pop.credit[i], paidOnTime: paid, memory: memory)
            }
        }
    }
}

/// Bills paid or missed (MODEL.md 7.5). An entry of `ReferencePhases.standard`.
public struct BillsPhase: StepPhase {
    public init() {}
    public var name: String { "bills" }
    public var stream: StreamID { Phase.bills.streamID }
    public func run(_ simulation: Simulation, step: Int) { simulation.runBills(step: step) }
}
