/// L(p)/L(0) of the Watts-Strogatz graph with n = 1000, k = 10, from networkx.
///
/// Watts and Strogatz (1998) give these only as a figure (their Fig. 2), so the reference
/// is the same construction in networkx 3.6.1 (`watts_strogatz_graph`, which scsim's
/// generator follows step for step), averaged over 50 graphs by
/// docs/validation/ws_networkx_reference.py; its output is
/// docs/validation/ws_networkx_reference.txt.
enum WattsStrogatzReference {
    /// (p, mean of L(p)/L(0), its standard error, graphs).
    static let pathRatios: [(p: Double, mean: Double, standardError: Double, count: Int)] = [
        (0.001, 0.569333, 0.018468, 50),
        (0.01, 0.179041, 0.001921, 50),
        (0.1, 0.087866, 0.000134, 50),
        (1.0, 0.064781, 0.000004, 50),
    ]

    static func pathRatio(p: Double) -> Estimate? {
        pathRatios.first { $0.p == p }.map { Estimate(mean: $0.mean, standardError: $0.standardError, count: $0.count) }
    }
}
