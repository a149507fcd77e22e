#if canImport(Glibc)
import Glibc
#endif

/// SybilRank (Cao, Sirivianos, Yang and Pregueiro 2012): trust spread from verified honest
/// seeds by an early-terminated power iteration, then normalised by degree.
///
/// Trust starts as 1 / |seeds| on each seed (0 elsewhere) and each iteration every citizen
/// hands its trust out evenly over its ties: t'(v) = sum over friends u of t(u) / d_u. Run
/// to convergence this would give every citizen trust proportional to its degree; stopped
/// after about log2 N iterations, trust has filled the well-connected honest region but
/// has barely crossed the few attack edges into a sybil region. The ranking is the
/// degree-normalised trust t(v) / d_v, lowest most suspect; a citizen without ties has 0.
///
/// The iteration is kept in its normalised form, x(v) = t(v) / d_v, so one iteration is
/// x'(v) = (sum over friends u of x(u)) / d_v: a pull over v's own list that writes v
/// only, so it can be split over ranges of citizens on several threads with the same
/// result (each sum runs in list order whatever the split).
public enum SybilRank {
    /// SybilRank's early termination: ceil(log2 n) iterations (at least 1).
    public static func iterations(nodeCount n: Int) -> Int {
        n <= 2 ? 1 : Int(ceil(log2(Double(n))))
    }

    /// The degree-normalised trust of every citizen after `iterations` iterations from
    /// `seeds` (duplicate seeds count once per listing; seeds without ties hold trust that
    /// goes nowhere).
    ///
    /// - Complexity: O(iterations (n + m)) time, sequentially; O(n) memory (two Double
    ///   arrays).
    public static func rank(_ graph: FriendshipGraph, seeds: [Int32], iterations: Int) -> [Double] {
        let n = graph.nodeCount
        var current = initialTrust(graph, seeds: seeds)
        var next = [Double](repeating: 0, count: n)
        for _ in 0..<iterations {
            current.withUnsafeBufferPointer { x in
                next.withUnsafeMutableBufferPointer { y in
                    propagate(graph, from: x.baseAddress!, into: y.baseAddress!, citizens: 0..<n)
                }
            }
            swap(&current, &next)
        }
        return current
    }

    /// x_0: 1 / |seeds| on each seed, divided by its degree (0 when it has none).
    ///
    /// - Complexity: O(n + |seeds|).
    public static func initialTrust(_ graph: FriendshipGraph, seeds: [Int32]) -> [Double] {
        var x = [Double](repeating: 0, count: graph.nodeCount)
        guard !seeds.isEmpty else { return x }
        let share = 1 / Double(seeds.count)
        for s in seeds {
            let d = graph.degree(of: Int(s))
            if d > 0 { x[Int(s)] += share / Double(d) }
        }
        return x
    }

    /// One iteration for `citizens`: y(v) = (sum over friends u of x(u)) / d_v, 0 without
    /// friends. Reads all of `x`, writes `y` at `citizens` only.
    ///
    /// - Complexity: O(|citizens| + their degrees).
    public static func propagate(_ graph: FriendshipGraph, from x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>,
                                 citizens: Range<Int>) {
        graph.withAdjacency { adjacency in
            for v in citizens {
                let friends = adjacency.neighbors(v)
                guard !friends.isEmpty else { y[v] = 0; continue }
                var sum = 0.0
                for u in friends { sum += x[Int(u)] }
                y[v] = sum / Double(friends.count)
            }
        }
    }
}
