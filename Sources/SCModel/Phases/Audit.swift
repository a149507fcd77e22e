extension Simulation {
    /// Phase 9 (MODEL.md 7.9). Each enrolled padder, evader or colluder is audited with
    /// probability `audit.rate`; one that gamed this step (faked or hid a purchase, spammed,
    /// or belongs to a ring) is caught with probability `audit.detection`, loses
    /// `score.auditPenalty` at the next scoring, and reforms to honest with probability
    /// `audit.reformProbability`. Draws per eligible citizen: audit, then detection and
    /// reform when they apply. A colluder who reforms leaves its ring after the parallel
    /// part, in ascending order.
    func runAudit(step t: Int) {
        let pop = population
        let p = parameters
        let tallies = self.tallies, outboxes = self.outboxes
        let log = eventLog.flatMap { $0.gathersAuditsOrStrategies ? $0 : nil }
        let logAudits = log?.audits ?? false, logStrategies = log?.strategies ?? false
        let penalty = p.auditPenalty
        runner.forEachBlock(step: UInt64(t), phase: .audit) { ctx in
            let r = ctx.random
            let box = outboxes[ctx.block]
            let logged = log?.blocks[ctx.block]
            box.ringLeavers.removeAll(keepingCapacity: true)
            var audits = 0, caught = 0, byStrategy = (0, 0, 0, 0)
            for i in ctx.citizens {
                pop.caught[i] = 0
                guard pop.enrolled[i] != 0, (Strategy(rawValue: pop.strategy[i]) ?? .honest).games else { continue }
                guard r.uniform() < p.auditRate else { continue }
                audits += 1
                let gamed = pop.gamingActions[i] > 0 || pop.ring[i] >= 0
                guard gamed, r.uniform() < p.auditDetection else {
                    if let logged, logAudits { logged.events.append(RawEvent(.audit, gamed ? .missed : .clean, citizen: i, value: 0)) }
                    continue
                }
                pop.caught[i] = 1
                caught += 1
                switch pop.strategy[i] {
                case Strategy.padder.rawValue: byStrategy.1 += 1
                case Strategy.evader.rawValue: byStrategy.2 += 1
                default: byStrategy.3 += 1
                }
                let reforms = r.uniform() < p.reformProbability
                if let logged {
                    if logAudits { logged.events.append(RawEvent(.audit, reforms ? .reformed : .caught, citizen: i, value: penalty)) }
                    if logStrategies && reforms {
                        logged.events.append(RawEvent(.strategy, .change, citizen: i, from: pop.strategy[i], to: Strategy.honest.rawValue))
                        if pop.ring[i] >= 0 { logged.events.append(RawEvent(.ring, .leave, citizen: i, value: Double(pop.ring[i]))) }
                    }
                }
                if reforms {
                    pop.strategy[i] = Strategy.honest.rawValue
                    if pop.ring[i] >= 0 { box.ringLeavers.append(Int32(i)) }
                }
            }
            tallies[ctx.block].audits = audits
            tallies[ctx.block].caught = caught
            tallies[ctx.block].caughtPadders = byStrategy.1
            tallies[ctx.block].caughtEvaders = byStrategy.2
            tallies[ctx.block].caughtColluders = byStrategy.3
        }
        log?.flushBlocks()
        for box in outboxes {
            for citizen in box.ringLeavers {
                rings.remove(citizen, from: pop.ring[Int(citizen)])
                pop.ring[Int(citizen)] = -1
            }
        }
    }
}

/// Random audits of enrolled citizens (MODEL.md 7.9). An entry of `ReferencePhases.standard`.
public struct AuditPhase: StepPhase {
    public init() {}
    public var name: String { "audit" }
    public var stream: StreamID { Phase.audit.streamID }
    public func run(_ simulation: Simulation, step: Int) { simulation.runAudit(step: step) }
}
