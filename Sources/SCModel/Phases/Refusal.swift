import SCNetwork
import SCRandom

/// MODEL.md 7.14: people refusing the score together, by Granovetter's threshold rule.
public enum RefusalRule {
    /// Whether a citizen with `friends` friends, `resistingFriends` of them resisting, and
    /// threshold theta starts resisting: resisting friends / friends >= theta, never with
    /// no friends (Watts 2002's rule; Granovetter 1978's with thresholds as shares of the
    /// others, a threshold of 0 being an instigator).
    @inlinable
    public static func resists(resistingFriends: Int, friends: Int, threshold: Double) -> Bool {
        friends > 0 && Double(resistingFriends) / Double(friends) >= threshold
    }

    /// theta = clamp(mean + sd z, 0, 1) for a standard normal z.
    @inlinable
    public static func threshold(mean: Double, sd: Double, z: Double) -> Double {
        min(1, max(0, mean + sd * z))
    }

    /// The threshold rule run to its fixed point on `graph` from `seeds`, in synchronous
    /// rounds (each round reads the state the round began with): which citizens end up
    /// resisting, and the rounds it took. Monotone (nobody stops), so the end state is the
    /// same in any update order. The phase applies one round per step; `scsim validate`
    /// checks this against Granovetter (1978) and Watts (2002).
    public static func cascade(_ graph: FriendshipGraph, thresholds: [Double], seeds: [Int]) -> (resisting: [Bool], rounds: Int) {
        let n = graph.nodeCount
        precondition(thresholds.count == n, "one threshold per citizen")
        var resisting = [Bool](repeating: false, count: n)
        for s in seeds { resisting[s] = true }
        var rounds = 0
        while true {
            var joiners: [Int] = []
            graph.withAdjacency { adj in
                for i in 0..<n where !resisting[i] {
                    var count = 0
                    for j in adj.neighbors(i) where resisting[Int(j)] { count += 1 }
                    if resists(resistingFriends: count, friends: Int(adj.degree[i]), threshold: thresholds[i]) { joiners.append(i) }
                }
            }
            guard !joiners.isEmpty else { return (resisting, rounds) }
            for i in joiners { resisting[i] = true }
            rounds += 1
        }
    }
}

extension Simulation {
    /// Draws every citizen's refusal threshold when refusal is on, block by block, one
    /// normal deviate per citizen on the initial-thresholds stream (so no other draw moves).
    func drawRefusalThresholds() {
        let pop = population
        guard pop.threshold.count > 0 else { return }
        let p = parameters
        runner.forEachBlock(step: StreamKey.initialisationStep, phase: .initialThresholds) { ctx in
            for i in ctx.citizens {
                pop.threshold[i] = RefusalRule.threshold(mean: p.refusalThresholdMean, sd: p.refusalThresholdSD,
                                                         z: p.refusalThresholdSD > 0 ? ctx.random.normal(mean: 0, sd: 1) : 0)
            }
        }
    }

    /// Phase 10b (MODEL.md 7.14), after imitation. At `refusal.start` the seed resisters
    /// (`refusal.seeds` citizens drawn uniformly without replacement on the stream (seed,
    /// step, refusal, 0)) start; from then on, each step, every other citizen whose share
    /// of resisting friends (as the round began) reaches its threshold starts too. A
    /// resister keeps resisting; a colluder leaves its ring. Changes are applied after the
    /// parallel part in ascending citizen order.
    func runRefusal(step t: Int) {
        let p = parameters
        let pop = population
        resistersJoined = 0
        guard p.refusalEnabled, pop.threshold.count > 0, t >= p.refusalStart else { return }
        let resister = Strategy.resister.rawValue
        if t == p.refusalStart && p.refusalSeeds > 0 {
            let random = RandomStream(kind: p.generator, key: StreamKey(seed: UInt64(p.seed), step: UInt64(t), phase: Phase.refusal.rawValue, block: 0))
            var candidates = (0..<Int32(pop.count)).filter { pop.strategy[Int($0)] != resister }
            let k = min(p.refusalSeeds, candidates.count)
            // A partial Fisher-Yates shuffle: the first k are a uniform sample.
            for a in 0..<k {
                let b = a + random.uniformInt(candidates.count - a)
                candidates.swapAt(a, b)
            }
            for i in candidates[0..<k].sorted() { startResisting(Int(i)) }
        }
        let outboxes = self.outboxes
        let threshold = pop.threshold
        graph.withAdjacency { adj in
            runner.forEachBlock(step: UInt64(t), stream: StreamID(Phase.refusal.rawValue, drawsRandomNumbers: false)) { ctx in
                let box = outboxes[ctx.block]
                box.resisters.removeAll(keepingCapacity: true)
                for i in ctx.citizens where pop.strategy[i] != resister {
                    var count = 0
                    for j in adj.neighbors(i) where pop.strategy[Int(j)] == resister { count += 1 }
                    if RefusalRule.resists(resistingFriends: count, friends: Int(adj.degree[i]), threshold: threshold[i]) {
                        box.resisters.append(Int32(i))
                    }
                }
            }
        }
        for box in outboxes { for i in box.resisters { startResisting(Int(i)) } }
    }

    private func startResisting(_ i: Int) {
        let pop = population
        let before = pop.strategy[i]
        pop.strategy[i] = Strategy.resister.rawValue
        resistersJoined += 1
        if let log = eventLog, log.strategies {
            log.append(RawEvent(.strategy, .change, citizen: i, from: before, to: Strategy.resister.rawValue))
            if pop.ring[i] >= 0 { log.append(RawEvent(.ring, .leave, citizen: i, value: Double(pop.ring[i]))) }
        }
        if pop.ring[i] >= 0 {
            rings.remove(Int32(i), from: pop.ring[i])
            pop.ring[i] = -1
        }
    }
}

/// Collective refusal (MODEL.md 7.14), after imitation. An entry of
/// `ReferencePhases.standard`; does nothing unless `refusal.enabled`.
public struct RefusalPhase: StepPhase {
    public init() {}
    public var name: String { "refusal" }
    public var stream: StreamID { Phase.refusal.streamID }
    public func run(_ simulation: Simulation, step: Int) { simulation.runRefusal(step: step) }
}
