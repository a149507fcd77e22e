/// Connected components of the friendship network.
///
/// Unfriending can split the population into groups that no longer hear of each other;
/// the component count and the share in the largest one show when that happens.
public enum ComponentCensus {
    /// Counts components, the largest one's size and the isolated citizens.
    ///
    /// Breadth-first search with an explicit queue, so a long path cannot overflow the
    /// stack as recursion would on a million-citizen network. Citizens are visited in id
    /// order, so the result never depends on anything but the graph.
    ///
    /// - Complexity: O(n + m) time, O(n) extra space.
    public static func compute(_ graph: FriendshipGraph) -> ComponentSummary {
        let n = graph.nodeCount
        var summary = ComponentSummary(count: 0, largest: 0, isolated: 0)
        guard n > 0 else { return summary }
        // Raw buffers: at ten million citizens the checks of captured Swift arrays cost more
        // than the search itself.
        let seen = UnsafeMutablePointer<Bool>.allocate(capacity: n)
        seen.initialize(repeating: false, count: n)
        let queue = UnsafeMutablePointer<Int32>.allocate(capacity: n)
        defer {
            seen.deallocate()
            queue.deallocate()
        }
        var count = 0, largest = 0, isolated = 0
        graph.withAdjacency { adjacency in
            for root in 0..<n where !seen[root] {
                count += 1
                if adjacency.degree[root] == 0 {
                    seen[root] = true
                    isolated += 1
                    largest = max(largest, 1)
                    continue
                }
                // queue[head..<tail] is the frontier; each citizen enters it once.
                var head = 0, tail = 1
                queue[0] = Int32(root)
                seen[root] = true
                while head < tail {
                    let u = Int(queue[head])
                    head += 1
                    let start = adjacency.start[u], end = start + Int(adjacency.degree[u])
                    for k in start..<end {
                        let v = Int(adjacency.slots[k])
                        if !seen[v] {
                            seen[v] = true
                            queue[tail] = Int32(v)
                            tail += 1
                        }
                    }
                }
                largest = max(largest, tail)
            }
        }
        summary = ComponentSummary(count: count, largest: largest, isolated: isolated)
        return summary
    }
}
