// Diagnostic for docs/VALIDATION.md: the adaptive voter model with the paper's multigraph
// convention (a moved tie may become parallel to an existing one; no self-loops), with its
// own xorshift generator, to compare the crossing of N^0.61 S/N with scsim's simple graph.
// Not part of scsim. Run: swiftc -O holme_newman_multigraph.swift -o /tmp/hn && /tmp/hn 400
import Foundation

struct RNG { var s: UInt64
    mutating func next() -> UInt64 { s ^= s << 13; s ^= s >> 7; s ^= s << 17; return s }
    mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

func run(n: Int, phi: Double, seed: UInt64, selfLoops: Bool) -> Double {
    var rng = RNG(s: seed &* 0x9E3779B97F4A7C15 | 1)
    for _ in 0..<10 { _ = rng.next() }
    let g = n / 10, m = 2 * n
    var adj = [[Int32]](repeating: [], count: n)
    for _ in 0..<m {  // G(N, M) without self-loops, parallel allowed (as a multigraph)
        var a = rng.int(n), b = rng.int(n)
        while a == b { a = rng.int(n); b = rng.int(n) }
        adj[a].append(Int32(b)); adj[b].append(Int32(a))
    }
    var op = (0..<n).map { _ in Int32(rng.int(g)) }
    var holders = [[Int32]](repeating: [], count: g), pos = [Int32](repeating: 0, count: n)
    for v in 0..<n { pos[v] = Int32(holders[Int(op[v])].count); holders[Int(op[v])].append(Int32(v)) }
    var discordant = 0
    for v in 0..<n { for w in adj[v] where op[Int(w)] != op[v] { discordant += 1 } }
    discordant /= 2
    while discordant > 0 {
        let i = rng.int(n)
        let d = adj[i].count
        if d == 0 { continue }
        let slot = rng.int(d), j = Int(adj[i][slot]), mine = Int(op[i])
        if rng.unit() < phi {
            let h = holders[mine].count
            var k: Int
            if selfLoops { k = Int(holders[mine][rng.int(h)]) } else {
                if h < 2 { continue }
                var idx = rng.int(h - 1); if idx >= Int(pos[i]) { idx += 1 }
                k = Int(holders[mine][idx])
            }
            if op[j] != op[i] { discordant -= 1 }
            // remove one j from i's list (this slot) and one i from j's list
            adj[i][slot] = Int32(k)
            if let r = adj[j].firstIndex(of: Int32(i)) { adj[j].swapAt(r, adj[j].count - 1); adj[j].removeLast() }
            adj[k].append(Int32(i))
        } else {
            let theirs = Int(op[j])
            if theirs == mine { continue }
            for w in adj[i] { let o = Int(op[Int(w)]); if o == mine { discordant += 1 } else if o == theirs { discordant -= 1 } }
            let p = Int(pos[i]); let last = holders[mine].removeLast()
            if Int(last) != i { holders[mine][p] = last; pos[Int(last)] = Int32(p) }
            pos[i] = Int32(holders[theirs].count); holders[theirs].append(Int32(i)); op[i] = Int32(theirs)
        }
    }
    return Double(holders.map(\.count).max()!) / Double(n)
}

let args = CommandLine.arguments
let runs = Int(args[1])!, selfLoops = args.count > 2
let sizes = [200, 400, 800], phis = [0.42, 0.44, 0.46, 0.48, 0.50, 0.52]
var means = [[Double]]()
for n in sizes {
    var row = [Double]()
    for (f, phi) in phis.enumerated() {
        var sum = 0.0
        for r in 0..<runs { sum += run(n: n, phi: phi, seed: UInt64(n * 100_000 + f * 1000 + r + 1), selfLoops: selfLoops) }
        row.append(sum / Double(runs) * pow(Double(n), 0.61))
    }
    means.append(row)
    print(n, row.map { String(format: "%.2f", $0) }.joined(separator: " "))
}
for s in 0..<(sizes.count - 1) {
    let gap = zip(means[s + 1], means[s]).map { $0 - $1 }
    for i in 1..<gap.count where gap[i - 1] > 0 && gap[i] <= 0 {
        print("crossing \(sizes[s])/\(sizes[s + 1]):", phis[i - 1] + (phis[i] - phis[i - 1]) * gap[i - 1] / (gap[i - 1] - gap[i])); break
    }
}
