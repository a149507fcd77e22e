import SCModel
import SCNetwork

/// Bits of `NetworkFrame.flags`: what the network view marks on a citizen.
enum CitizenFlag {
    /// Enrolled in the scoring system (the others have no score and are drawn grey).
    static let enrolled: UInt8 = 1
    /// A member of a collusion ring.
    static let ring: UInt8 = 2
    /// No friend at all (in the whole network, not only in the sample).
    static let isolated: UInt8 = 4
    /// Enrolled with a score at or below the 10th percentile of the last row (`score_p10`).
    static let low: UInt8 = 8
    /// In the penalty tier.
    static let penalty: UInt8 = 16
    /// In the benefit tier.
    static let benefit: UInt8 = 32
}

/// One picture of the sampled citizens at one step: who they are, their state and the ties
/// among them. Made on the simulation thread (a copy, so the layout thread never touches
/// the model), laid out on the layout thread.
struct NetworkFrame: Sendable {
    /// The run it belongs to (`ExplorerSession`'s epoch); a frame of an older run is dropped.
    var epoch: Int
    /// Steps completed.
    var step: Int
    /// Citizens in the whole population.
    var population: Int
    /// Sampled citizens' ids, in sample order.
    var ids: [Int32] = []
    /// Their scores (NaN when not enrolled).
    var scores: [Float] = []
    /// Their `Strategy` raw values.
    var strategies: [UInt8] = []
    /// Their `CitizenFlag` bits.
    var flags: [UInt8] = []
    /// Their friend counts in the whole network.
    var degrees: [Int32] = []
    /// Ties among sampled citizens, as pairs of indexes into `ids` (lower index first),
    /// each tie once.
    var edges: [Int32] = []
    /// The score at or below which an enrolled citizen counts as a low scorer, when known.
    var lowScore: Double?
    /// `score.min` and `score.max`, the colour scale's ends.
    var scoreRange: (min: Double, max: Double)
}

/// The citizens the network view follows, chosen and read on the simulation thread.
///
/// A sample of a few thousand of them: most (the core) by snowball sampling from random
/// seeds at step 0, kept for the whole run so their layout and history carry over; the rest
/// (the watch list) refreshed at each frame with isolated citizens and low scorers found
/// anywhere in the population, isolated low scorers first, so those the issue asks about
/// are in view even when the snowball missed them. The choice draws from the explorer's
/// own generator keyed by the scenario's seed, never from the model's streams, so
/// watching changes nothing in the run, and the same run gives the same sample.
///
/// Each step's scores of the sampled citizens go into a short ring of history
/// (`historyLength` steps), shown when the page asks about one of them.
///
/// - Complexity: `record` is O(sample) per step, into buffers allocated once; `frame` is
///   O(sample times mean degree) plus a scan of the population for the watch list that
///   stops once it has enough isolated low scorers (O(population) at worst), once per frame.
final class NetworkSampler {
    /// Sampled citizens at most.
    let capacity: Int
    /// Slots `0..<coreCount` hold the snowball core; the rest the watch list.
    private(set) var coreCount = 0
    /// Steps of score history kept per sampled citizen.
    let historyLength: Int

    /// Citizen in each slot, or -1.
    private var slotCitizen: [Int32]
    /// Slot of each citizen, or -1 (one entry per citizen, allocated once per run).
    private var citizenSlot: [Int32]
    /// Step from which a slot's history belongs to its citizen.
    private var slotSince: [Int32]
    /// `historyLength` scores per slot, a ring indexed like `historySteps`.
    private var history: [Float]
    /// Step of each history entry (the ring's positions).
    private var historySteps: [Int32]
    private var historyNext = 0
    private var historyCount = 0
    private var random: SplitMix

    /// Chooses the core at the model's current state (step 0) and records its scores.
    init(simulation: Simulation, capacity: Int = 2500, historyLength: Int = 120) {
        let population = simulation.population.count
        self.capacity = max(1, min(capacity, population))
        self.historyLength = historyLength
        slotCitizen = [Int32](repeating: -1, count: self.capacity)
        // An entry for every vertex: with sybil farms (MODEL.md 7.19) a friend may be a
        // sybil slot after the citizens (the snowball may reach it; seeds are citizens).
        citizenSlot = [Int32](repeating: -1, count: simulation.population.slotCount)
        slotSince = [Int32](repeating: 0, count: self.capacity)
        history = [Float](repeating: .nan, count: self.capacity * historyLength)
        historySteps = [Int32](repeating: -1, count: historyLength)
        random = SplitMix(seed: UInt64(bitPattern: Int64(simulation.parameters.seed)) ^ 0x6E65_7477_6F72_6B21)  // "network!"
        chooseCore(simulation)
        record(simulation)
    }

    /// Whether citizen `id` is sampled now.
    func isSampled(_ id: Int) -> Bool { id >= 0 && id < citizenSlot.count && citizenSlot[id] >= 0 }

    // MARK: The core: a snowball from random seeds

    private func chooseCore(_ simulation: Simulation) {
        let population = simulation.population.count
        if capacity >= population {
            // Small populations are shown whole.
            for i in 0..<population { place(Int32(i), in: i, step: 0) }
            coreCount = population
            return
        }
        let target = capacity - capacity / 5
        let wave = max(50, target / 8)
        let referrals = 4
        var queue: [Int32] = []
        queue.reserveCapacity(wave)
        var candidates: [Int32] = []
        var count = 0
        var attempts = 0
        simulation.graph.withAdjacency { graph in
            while count < target && attempts < 50 * capacity {
                attempts += 1
                let seed = Int32(random.below(population))
                guard citizenSlot[Int(seed)] < 0 else { continue }
                place(seed, in: count, step: 0)
                count += 1
                var waveCount = 1
                queue.removeAll(keepingCapacity: true)
                queue.append(seed)
                var head = 0
                while head < queue.count && waveCount < wave && count < target {
                    let citizen = Int(queue[head])
                    head += 1
                    candidates.removeAll(keepingCapacity: true)
                    for friend in graph.neighbors(citizen) where citizenSlot[Int(friend)] < 0 { candidates.append(friend) }
                    // A few referrals per citizen, chosen at random (a partial shuffle).
                    var taken = 0
                    while taken < referrals && taken < candidates.count && waveCount < wave && count < target {
                        let k = taken + random.below(candidates.count - taken)
                        candidates.swapAt(taken, k)
                        let friend = candidates[taken]
                        taken += 1
                        place(friend, in: count, step: 0)
                        count += 1
                        waveCount += 1
                        queue.append(friend)
                    }
                }
            }
        }
        coreCount = count
    }

    private func place(_ citizen: Int32, in slot: Int, step: Int) {
        slotCitizen[slot] = citizen
        citizenSlot[Int(citizen)] = Int32(slot)
        slotSince[slot] = Int32(step)
        for k in 0..<historyLength { history[slot * historyLength + k] = .nan }
    }

    private func free(_ slot: Int) {
        let citizen = slotCitizen[slot]
        guard citizen >= 0 else { return }
        citizenSlot[Int(citizen)] = -1
        slotCitizen[slot] = -1
    }

    // MARK: Every step

    /// Adds the sampled citizens' scores after the step just run (NaN when not enrolled)
    /// to the history ring. Writes into buffers allocated once.
    func record(_ simulation: Simulation) {
        let population = simulation.population
        let position = historyNext
        historySteps[position] = Int32(simulation.step)
        history.withUnsafeMutableBufferPointer { history in
            slotCitizen.withUnsafeBufferPointer { slots in
                for slot in 0..<slots.count {
                    let citizen = Int(slots[slot])
                    let value: Float = citizen < 0 || !population.isEnrolled(citizen) ? .nan : Float(population.score(of: citizen))
                    history[slot * historyLength + position] = value
                }
            }
        }
        historyNext = (historyNext + 1) % historyLength
        historyCount = min(historyCount + 1, historyLength)
    }

    // MARK: A frame

    /// Refreshes the watch list, then copies the sampled citizens' state and the ties among
    /// them. `lowScore`: the last row's `score_p10`, when there is one.
    func frame(_ simulation: Simulation, epoch: Int, lowScore: Double?) -> NetworkFrame {
        refreshWatchList(simulation, lowScore: lowScore)
        let population = simulation.population
        let parameters = simulation.parameters
        var frame = NetworkFrame(epoch: epoch, step: simulation.step, population: population.count, lowScore: lowScore,
                                 scoreRange: (parameters.scoreMin, parameters.scoreMax))
        var index = [Int32](repeating: -1, count: capacity)  // slot -> index in the frame
        for slot in 0..<capacity where slotCitizen[slot] >= 0 {
            index[slot] = Int32(frame.ids.count)
            frame.ids.append(slotCitizen[slot])
        }
        let n = frame.ids.count
        frame.scores.reserveCapacity(n)
        frame.strategies.reserveCapacity(n)
        frame.flags.reserveCapacity(n)
        frame.degrees.reserveCapacity(n)
        simulation.graph.withAdjacency { graph in
            for (k, id) in frame.ids.enumerated() {
                let citizen = Int(id)
                let enrolled = population.isEnrolled(citizen)
                let score = population.score(of: citizen)
                let degree = graph.degree[citizen]
                frame.scores.append(enrolled ? Float(score) : .nan)
                frame.strategies.append(population.strategy(of: citizen).rawValue)
                frame.flags.append(Self.flags(population, citizen, degree: degree, lowScore: lowScore))
                frame.degrees.append(degree)
                for friend in graph.neighbors(citizen) {
                    let slot = citizenSlot[Int(friend)]
                    guard slot >= 0 else { continue }
                    let other = index[Int(slot)]
                    if other > Int32(k) { frame.edges.append(Int32(k)); frame.edges.append(other) }
                }
            }
        }
        return frame
    }

    static func flags(_ population: Population, _ citizen: Int, degree: Int32, lowScore: Double?) -> UInt8 {
        var flags: UInt8 = 0
        let enrolled = population.isEnrolled(citizen)
        if enrolled { flags |= CitizenFlag.enrolled }
        if population.ring(of: citizen) != nil { flags |= CitizenFlag.ring }
        if degree == 0 { flags |= CitizenFlag.isolated }
        if enrolled, let lowScore, population.score(of: citizen) <= lowScore { flags |= CitizenFlag.low }
        switch population.tier(of: citizen) {
        case .penalty: flags |= CitizenFlag.penalty
        case .benefit: flags |= CitizenFlag.benefit
        case .none: break
        }
        return flags
    }

    /// Keeps the watch list's citizens who are still isolated or low scorers, and fills the
    /// free places from one scan of the population from a random start: isolated low
    /// scorers first, then isolated citizens, then low scorers.
    private func refreshWatchList(_ simulation: Simulation, lowScore: Double?) {
        guard coreCount < capacity else { return }
        let population = simulation.population
        let step = simulation.step
        simulation.graph.withAdjacency { graph in
            func isLow(_ citizen: Int) -> Bool {
                guard let lowScore, population.isEnrolled(citizen) else { return false }
                return population.score(of: citizen) <= lowScore
            }
            var free = 0
            for slot in coreCount..<capacity {
                let citizen = Int(slotCitizen[slot])
                if citizen >= 0 && (graph.degree[citizen] == 0 || isLow(citizen)) { continue }
                self.free(slot)
                free += 1
            }
            guard free > 0 else { return }
            var buckets: [[Int32]] = [[], [], []]  // isolated and low, isolated, low
            let count = population.count
            let startAt = random.below(count)
            for offset in 0..<count {
                var citizen = startAt + offset
                if citizen >= count { citizen -= count }
                guard citizenSlot[citizen] < 0 else { continue }
                let isolated = graph.degree[citizen] == 0
                let low = isLow(citizen)
                let bucket = isolated && low ? 0 : isolated ? 1 : low ? 2 : -1
                if bucket >= 0 && buckets[bucket].count < free { buckets[bucket].append(Int32(citizen)) }
                if buckets[0].count >= free { break }
            }
            var slot = coreCount
            for citizen in buckets.joined() {
                while slot < capacity && slotCitizen[slot] >= 0 { slot += 1 }
                guard slot < capacity else { break }
                place(citizen, in: slot, step: step)
                // The history of a citizen joining the watch list starts now, with this step.
                if historyCount > 0 {
                    let last = (historyNext + historyLength - 1) % historyLength
                    history[slot * historyLength + last] = population.isEnrolled(Int(citizen)) ? Float(population.score(of: Int(citizen))) : .nan
                }
            }
        }
    }

    // MARK: One citizen

    /// Score history of citizen `id` while sampled, oldest first: (step, score or NaN).
    func history(of id: Int) -> [(step: Int, score: Float)] {
        guard isSampled(id) else { return [] }
        let slot = Int(citizenSlot[id])
        var out: [(Int, Float)] = []
        for k in 0..<historyCount {
            let position = (historyNext - historyCount + k + historyLength) % historyLength
            let step = Int(historySteps[position])
            guard step >= Int(slotSince[slot]) else { continue }
            out.append((step, history[slot * historyLength + position]))
        }
        return out
    }
}

/// SplitMix64 (Steele, Lea and Flood 2014): the explorer's own small generator for choosing
/// the sample, so the model's GSL streams are never drawn from by watching.
struct SplitMix {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A whole number in 0..<n (n > 0), by Lemire's multiply-shift (the bias is below 2^-32
    /// for the sizes here, and it is the same on every machine).
    mutating func below(_ n: Int) -> Int {
        Int(((next() >> 32) &* UInt64(n)) >> 32)
    }
}
