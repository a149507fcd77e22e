"""Reference values of L(p)/L(0) for the Watts-Strogatz check of `scsim validate`.

Watts and Strogatz (1998) publish L(p)/L(0) for n = 1000, k = 10 only as a figure (their
Fig. 2), so the suite compares with the same construction in networkx, which scsim's
generator follows step for step (only the random numbers differ). Run:

    python3 docs/validation/ws_networkx_reference.py > docs/validation/ws_networkx_reference.txt

and copy the numbers into Sources/SCValidation/WattsStrogatzChecks.swift.
"""
import statistics

import networkx as nx

N, K, REALISATIONS = 1000, 10, 50
L0 = N * (N + K - 2) / (2 * K * (N - 1))  # the ring lattice, exactly

print(f"# networkx {nx.__version__}, n = {N}, k = {K}, {REALISATIONS} realisations (seeds 0..{REALISATIONS - 1})")
print("# p  mean_L_over_L0  standard_error  connected_realisations")
for p in (0.001, 0.01, 0.1, 1.0):
    ratios = []
    for seed in range(REALISATIONS):
        g = nx.watts_strogatz_graph(N, K, p, seed=seed)
        if nx.is_connected(g):
            ratios.append(nx.average_shortest_path_length(g) / L0)
    mean = statistics.fmean(ratios)
    se = statistics.stdev(ratios) / len(ratios) ** 0.5
    print(f"{p} {mean:.6f} {se:.6f} {len(ratios)}", flush=True)
