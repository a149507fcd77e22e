import SCRandom

/// Asks for the memory the sampled clustering's next draws will read, before they read it.
///
/// Each sample reads a citizen's degree and list, then two friends' degrees and the
/// shorter friend's list (and, for a wedge centre, first a block of the cumulative wedge
/// counts): six to eight misses to memory at a million citizens, one after the other,
/// since each address comes from the last read. The draws cannot be reordered, but a
/// scout, a copy of the random stream run up to 16 samples ahead, can make the same draws
/// and ask for each sample's memory in stages, each stage reading what the one before
/// asked for:
///
/// - 16 samples ahead: make the sample's first draw (a citizen, or a wedge target) and
///   the two friend draws (as uniforms); for a target, ask for its block of counts;
/// - 12 ahead: find the citizen (for a target, search its block) and ask for its degree
///   and list start;
/// - 8 ahead: ask for its list;
/// - 4 ahead: guess the two friends from the uniforms (the real draw's choice up to
///   rounding) and ask for their degrees and list starts;
/// - 2 ahead: ask for the shorter friend's list.
///
/// The scout assumes each sample takes three draws. A citizen with fewer than two friends
/// takes one, and a rejected integer draw (about one in 2^32 / n) one more; the loop sees
/// either (`check`: its first draw differs from the scout's, or the citizen has fewer than
/// two friends) and the scout restarts from the real stream. Only what is asked for ahead
/// depends on the scout, never a result: the estimates are those of the loop without it.
final class WedgeScout {
    private let adjacency: AdjacencyView
    private let stream: RandomStream
    private static let slots = 32
    /// The sample's first draw, the citizen found from it, and the two friend draws.
    private var value = [Double](repeating: 0, count: WedgeScout.slots)
    private var node = [Int](repeating: 0, count: WedgeScout.slots)
    private var first = [Double](repeating: 0, count: WedgeScout.slots)
    private var second = [Double](repeating: 0, count: WedgeScout.slots)
    /// Samples the scout has drawn and found the citizen of; `samples`, the loop's length.
    private var predicted = 0
    private var resolved = 0
    private var samples = 0
    /// Restarts over both loops (for tests and profiles), and in the current loop.
    private(set) var restarts = 0
    private var loopRestarts = 0
    /// False once restarts came at more than one sample in four of the current loop (a
    /// generator whose uniform and integer draws advance it differently, or a graph of
    /// loners): the scout then stops for the rest of that loop, rather than cost more
    /// than it saves.
    private(set) var isActive = true

    init(adjacency: AdjacencyView, random: RandomStream) {
        self.adjacency = adjacency
        stream = random.copy()
    }

    /// Starts a loop of `samples` samples at `random`'s point in its stream.
    func restart(following random: RandomStream, samples: Int) {
        isActive = true
        loopRestarts = 0
        stream.follow(random)
        predicted = 0
        resolved = 0
        self.samples = samples
    }

    /// Before sample i: runs each stage. `draw` makes a sample's first draw from the stream
    /// it is given, as the loop does; `early` asks for what finding its citizen will read;
    /// `resolve` finds the citizen.
    @inline(__always)
    func lookAhead(before i: Int, draw: (RandomStream) -> Double, early: (Double) -> Void, resolve: (Double) -> Int) {
        guard isActive else { return }
        let mask = Self.slots - 1
        while predicted < min(samples, i + 16) {
            let k = predicted & mask
            value[k] = draw(stream)
            first[k] = stream.uniform()
            second[k] = stream.uniform()
            early(value[k])
            predicted += 1
        }
        while resolved < min(predicted, i + 12) {
            let k = resolved & mask
            let u = resolve(value[k])
            node[k] = u
            prefetch(adjacency.degree + u)
            prefetch(adjacency.start + u)
            resolved += 1
        }
        if i + 8 < resolved {
            adjacency.prefetchList(of: node[(i + 8) & mask])
        }
        if i + 4 < resolved, let (x, y) = friends((i + 4) & mask) {
            prefetch(adjacency.degree + x); prefetch(adjacency.start + x)
            prefetch(adjacency.degree + y); prefetch(adjacency.start + y)
        }
        if i + 2 < resolved, let (x, y) = friends((i + 2) & mask) {
            adjacency.prefetchList(of: adjacency.degree[x] <= adjacency.degree[y] ? x : y)
        }
    }

    /// The two friends the sample in slot k will probably pick.
    @inline(__always)
    private func friends(_ k: Int) -> (Int, Int)? {
        let list = adjacency.neighbors(node[k])
        let d = list.count
        guard d >= 2 else { return nil }
        let a = min(d - 1, Int(first[k] * Double(d)))
        var b = min(d - 2, Int(second[k] * Double(d - 1)))
        if b >= a { b += 1 }
        return (Int(list[a]), Int(list[b]))
    }

    /// After sample i, whose first draw was `drawn` and whose citizen has `degree` friends:
    /// when the scout drew otherwise, or the sample took fewer draws than the scout
    /// assumed, the scout restarts from the real stream.
    @inline(__always)
    func check(sample i: Int, drew drawn: Double, degree: Int, following random: RandomStream) {
        guard isActive, value[i & (Self.slots - 1)] != drawn || degree < 2 else { return }
        stream.follow(random)
        predicted = i + 1
        resolved = i + 1
        restarts += 1
        loopRestarts += 1
        if loopRestarts > 64 && loopRestarts * 4 > i { isActive = false }
    }
}
