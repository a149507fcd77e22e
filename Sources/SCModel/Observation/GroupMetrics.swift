/// The optional column groups of issue 14 (`output.metrics: [strategies, deciles, rings,
/// components, friendless]` or `all`): how each strategy fares, who loses ties by score
/// decile, the collusion rings, the fragmentation of the network, and the friendless.
/// Each group is computed in at most one extra pass over the citizens, only on rows of
/// runs that switch it on.
public enum GroupMetrics {
    public typealias M = Metric<ReferenceRow>

    static let strategyNames = Strategy.allCases.map { "\($0)" }

    public static let strategies = MetricGroup(
        name: "strategies",
        summary: "per strategy: count, mean score, mean payoff, penalty share, share caught this step",
        metrics: Strategy.allCases.flatMap { s -> [M] in
            let name = "\(s)", k = Int(s.rawValue)
            return [
                M("strategy_\(name)_count", label: "\(name) citizens", unit: "count",
                  "Citizens whose strategy is \(name) after this step, enrolled or not.", type: .integer) { row in
                    .integer(row.simulation.strategyStats(row).count[k])
                },
                M("strategy_\(name)_score_mean", label: "\(name) mean score", unit: "score points",
                  "Mean score S_i of enrolled citizens whose strategy is \(name) after this step; empty when there are none.") { row in
                    let st = row.simulation.strategyStats(row)
                    return st.enrolled[k] > 0 ? .real(st.scoreSum[k] / Double(st.enrolled[k])) : .missing
                },
                M("strategy_\(name)_payoff_mean", label: "\(name) mean payoff", unit: "score points",
                  "Mean payoff Pi_i = S_i - imitation.gamingCost x gaming actions this step (MODEL.md 7.10) of enrolled citizens whose strategy is \(name) after this step; empty when there are none.") { row in
                    let st = row.simulation.strategyStats(row)
                    return st.enrolled[k] > 0 ? .real(st.payoffSum[k] / Double(st.enrolled[k])) : .missing
                },
                M("strategy_\(name)_penalty_frac", label: "\(name) in the penalty tier", unit: "share of enrolled \(name)s",
                  "Enrolled citizens whose strategy is \(name) and whose tier is penalty / enrolled citizens whose strategy is \(name), after this step; empty when there are none.") { row in
                    let st = row.simulation.strategyStats(row)
                    return ReferenceRow.fraction(st.penalty[k], st.enrolled[k])
                },
                M("strategy_\(name)_caught_frac", label: "\(name)s caught", unit: "share of enrolled \(name)s",
                  "Citizens caught by this step's audit while their strategy was \(name) (before any reform) / enrolled citizens whose strategy is \(name) after this step; empty when there are none. Always 0 for honest and resister (only gamers are audited).") { row in
                    let st = row.simulation.strategyStats(row)
                    let t = row.tally
                    // Honest citizens and resisters are never audited.
                    let caught = [0, t.caughtPadders, t.caughtEvaders, t.caughtColluders, 0][k]
                    return ReferenceRow.fraction(caught, st.enrolled[k])
                },
            ]
        })

    public static let deciles = MetricGroup(
        name: "deciles",
        summary: "per score decile of enrolled citizens: mean degree, isolated share, ties removed this step",
        metrics: (1...10).flatMap { d -> [M] in
            [
                M("decile\(d)_degree_mean", label: "score decile \(d): mean friends", unit: "ties per citizen",
                  "Mean degree of score decile \(d) of enrolled citizens after this step: those ranked floor(\(d - 1) n / 10) to floor(\(d) n / 10) - 1 by score ascending (ties by citizen id, as low_isolated_frac), n enrolled; decile 1 scores lowest. Empty when the decile is empty (n < 10).") { row in
                    let st = row.simulation.decileStats(row)
                    return st.size[d - 1] > 0 ? .real(Double(st.degree[d - 1]) / Double(st.size[d - 1])) : .missing
                },
                M("decile\(d)_isolated_frac", label: "score decile \(d): no friends", unit: "share of decile",
                  "Share of score decile \(d) (as decile\(d)_degree_mean) with no friend after this step; empty when the decile is empty.") { row in
                    let st = row.simulation.decileStats(row)
                    return ReferenceRow.fraction(st.isolated[d - 1], st.size[d - 1])
                },
                M("decile\(d)_ties_removed_mean", label: "score decile \(d): ties lost", unit: "ties per citizen",
                  "Ties removed by this step's ties phase (drift and unfriending, as ties_removed) touching a citizen of score decile \(d) (ranked after the step), counted once per end in the decile, / citizens in the decile; empty when the decile is empty. The first row after scsim resume counts none.") { row in
                    let st = row.simulation.decileStats(row)
                    return st.size[d - 1] > 0 ? .real(Double(st.removed[d - 1]) / Double(st.size[d - 1])) : .missing
                },
            ]
        })

    public static let rings = MetricGroup(
        name: "rings",
        summary: "collusion rings: count, mean and largest size, members",
        metrics: [
            M("rings_count", label: "collusion rings", unit: "count", "Collusion rings with at least one member after this step.", type: .integer) { row in
                .integer(row.simulation.rings.members.reduce(0) { $0 + ($1.isEmpty ? 0 : 1) })
            },
            M("ring_size_mean", label: "mean ring size", unit: "members", "ring_members / rings_count; empty when there is no ring.") { row in
                let sizes = row.simulation.rings.members.map(\.count).filter { $0 > 0 }
                return sizes.isEmpty ? .missing : .real(Double(sizes.reduce(0, +)) / Double(sizes.count))
            },
            M("ring_size_max", label: "largest ring", unit: "members", "Members of the largest collusion ring after this step (0 with none).", type: .integer) { row in
                .integer(row.simulation.rings.members.map(\.count).max() ?? 0)
            },
            M("ring_members", label: "ring members", unit: "count", "Citizens in a collusion ring after this step.", type: .integer) { row in
                .integer(row.simulation.rings.members.reduce(0) { $0 + $1.count })
            },
        ])

    public static let components = MetricGroup(
        name: "components",
        summary: "connected components: largest, second largest, singletons (network rows only)",
        metrics: [
            M("component_largest", label: "largest component", unit: "citizens",
              "Citizens in the largest connected component (always exact; network rows only).", cost: .network, type: .integer) { row in
                row.network.map { .integer($0.largestComponent) } ?? .missing
            },
            M("component_second", label: "second largest component", unit: "citizens",
              "Citizens in the second largest connected component, 0 with fewer than two (always exact; network rows only).", cost: .network, type: .integer) { row in
                row.network.map { .integer($0.secondLargestComponent) } ?? .missing
            },
            M("component_singletons", label: "singleton components", unit: "citizens",
              "Components of one citizen: citizens with no friend (network rows only).", cost: .network, type: .integer) { row in
                row.network.map { .integer($0.isolated) } ?? .missing
            },
        ])

    public static let friendless = MetricGroup(
        name: "friendless",
        summary: "enrolled citizens with no friend, and their penalty share",
        metrics: [
            M("friendless_enrolled", label: "friendless enrolled citizens", unit: "count",
              "Enrolled citizens with no friend after this step.", type: .integer) { row in
                .integer(row.simulation.strategyStats(row).friendless)
            },
            M("friendless_penalty_frac", label: "friendless in the penalty tier", unit: "share of friendless enrolled",
              "Enrolled citizens with no friend whose tier is penalty / enrolled citizens with no friend, after this step; empty when there are none.") { row in
                let st = row.simulation.strategyStats(row)
                return ReferenceRow.fraction(st.friendlessPenalty, st.friendless)
            },
        ])

    public static let all: [MetricGroup] = [strategies, deciles, rings, components, friendless]
}

/// Per-strategy sums over the citizens after a step (index: `Strategy.rawValue`), and the
/// friendless enrolled citizens.
struct StrategyStats {
    var count = [Int](repeating: 0, count: Strategy.allCases.count)
    var enrolled = [Int](repeating: 0, count: Strategy.allCases.count)
    var penalty = [Int](repeating: 0, count: Strategy.allCases.count)
    var scoreSum = [Double](repeating: 0, count: Strategy.allCases.count)
    var payoffSum = [Double](repeating: 0, count: Strategy.allCases.count)
    var friendless = 0
    var friendlessPenalty = 0
}

/// Per score decile of enrolled citizens (index 0: lowest scores).
struct DecileStats {
    var size = [Int](repeating: 0, count: 10)
    var degree = [Int](repeating: 0, count: 10)
    var isolated = [Int](repeating: 0, count: 10)
    var removed = [Int](repeating: 0, count: 10)
}

extension Simulation {
    func strategyStats(_ row: ReferenceRow) -> StrategyStats {
        if let known = row.shared.strategies { return known }
        var st = StrategyStats()
        let pop = population, cost = parameters.gamingCost
        for i in 0..<pop.count {
            let s = Int(pop.strategy[i])
            st.count[s] += 1
            guard pop.enrolled[i] != 0 else { continue }
            st.enrolled[s] += 1
            let penalty = pop.tier[i] == Tier.penalty.rawValue
            if penalty { st.penalty[s] += 1 }
            st.scoreSum[s] += pop.score[i]
            st.payoffSum[s] += ImitationRule.payoff(score: pop.score[i], gamingActions: Int(pop.gamingActions[i]), cost: cost)
            if graph.degree(of: i) == 0 {
                st.friendless += 1
                if penalty { st.friendlessPenalty += 1 }
            }
        }
        row.shared.strategies = st
        return st
    }

    func decileStats(_ row: ReferenceRow) -> DecileStats {
        if let known = row.shared.deciles { return known }
        var st = DecileStats()
        // Ties removed this step, per citizen: each dropped tie once (the outboxes keep the
        // ties phase's drops until the next step's).
        var keys: [UInt64] = []
        for box in outboxes { keys.append(contentsOf: box.drops) }
        keys.sort()
        // Every slot: a dropped tie may end at a sybil (7.19); only citizens are read.
        var removed = [Int32](repeating: 0, count: population.slotCount)
        var previous = UInt64.max
        for key in keys where key != previous {
            previous = key
            removed[Int(key >> 32)] += 1
            removed[Int(key & 0xFFFF_FFFF)] += 1
        }
        let ranked = ranking.citizens, n = ranked.count
        for d in 0..<10 {
            for r in (d * n / 10)..<((d + 1) * n / 10) {
                let i = Int(ranked[r])
                let degree = graph.degree(of: i)
                st.size[d] += 1
                st.degree[d] += degree
                if degree == 0 { st.isolated[d] += 1 }
                st.removed[d] += Int(removed[i])
            }
        }
        row.shared.deciles = st
        return st
    }
}
