"""The Mesa port of the reference model (benchmarks/mesa/scsim_mesa.py, docs/MESA.md):
its rules hold at a tiny size, and its docked means agree with scsim's.

Tiny runs (300 citizens x 20 steps, six seeds each side; about 10 s in all). The seeds are
fixed, so the docking comparison is deterministic for given numpy, networkx and scsim
versions; its tolerance is dock.py's (3 standard errors of the difference plus a floor).
"""

from __future__ import annotations

import sys
from pathlib import Path

import networkx as nx
import numpy as np
import pytest

pytest.importorskip("mesa", reason="the Mesa port needs mesa>=3.1 (the analysis package's test extra)")

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "benchmarks" / "mesa"))
import dock  # noqa: E402
import scsim_mesa  # noqa: E402

SIZE, STEPS, SEEDS = 300, 20, range(1, 7)


@pytest.fixture(scope="module")
def mesa_models():
    models = []
    for seed in SEEDS:
        m = scsim_mesa.SocialCreditModel(size=SIZE, seed=seed)
        for _ in range(STEPS):
            m.step()
        models.append(m)
    return models


@pytest.fixture(scope="module")
def mesa_tables(mesa_models):
    tables = []
    for m in mesa_models:
        df = m.datacollector.get_model_vars_dataframe()
        df.insert(0, "step", range(len(df)))
        tables.append(df)
    return tables


def test_one_row_per_step_with_scsims_default_columns(mesa_tables, scsim_bin):
    scsim = dock.run_scsim(scsim_bin, SIZE, 3, 1)
    for df in mesa_tables:
        assert len(df) == STEPS
        assert list(df.columns) == list(scsim.columns)


def test_scores_stay_in_bounds(mesa_models, mesa_tables):
    p = scsim_mesa.BASELINE
    for m, df in zip(mesa_models, mesa_tables):
        scores = [c.score for c in m.citizens if c.enrolled]
        assert scores and min(scores) >= p["score_min"] and max(scores) <= p["score_max"]
        assert (df.score_p10 >= p["score_min"]).all() and (df.score_p90 <= p["score_max"]).all()
        # The baseline never turns penalties on: no penalty tier.
        assert (df.penalty_frac == 0).all()


def test_enrolment_rises_from_the_initial_share_as_the_adoption_rule_implies(mesa_tables):
    first = np.array([df.enrolled_frac.iloc[0] for df in mesa_tables])
    last = np.array([df.enrolled_frac.iloc[-1] for df in mesa_tables])
    # Step 0 starts from Bernoulli(0.3) draws (a step of adoption at most ~1% on top).
    assert abs(first.mean() - 0.3) < 3 * np.sqrt(0.3 * 0.7 / (SIZE * len(first))) + 0.01
    for df in mesa_tables:
        # Voluntary enrolment never reverses, and each step's rise is the adopted count.
        assert (np.diff(df.enrolled_frac.values) >= -1e-12).all()
        assert np.allclose(np.diff(df.enrolled_frac.values) * SIZE, df.adopted.values[1:])
    # Expected adoptions a step are at least baseRate x (N - enrolled): over 20 steps at least
    # ~0.002 x 0.7 x 300 x 20 = 8.4 citizens a run, 50 over six runs.
    adopted = sum(df.adopted.sum() for df in mesa_tables)
    expected_min = sum(0.002 * (1 - df.enrolled_frac.values).sum() * SIZE for df in mesa_tables)
    expected_max = sum(0.004 * (1 - df.enrolled_frac.values).sum() * SIZE for df in mesa_tables)
    assert last.mean() > first.mean()
    assert expected_min - 3 * np.sqrt(expected_min) <= adopted <= expected_max + 3 * np.sqrt(expected_max)


def test_network_is_simple_and_columns_describe_it(mesa_models, mesa_tables):
    for m, df in zip(mesa_models, mesa_tables):
        G = m.G
        assert nx.number_of_selfloops(G) == 0
        assert df.edges.iloc[-1] == G.number_of_edges()
        assert df.clustering_avg.iloc[-1] == pytest.approx(nx.average_clustering(G), abs=1e-12)
        assert df.transitivity.iloc[-1] == pytest.approx(nx.transitivity(G), abs=1e-12)
        assert df.giant_frac.iloc[-1] == max(len(c) for c in nx.connected_components(G)) / SIZE
        assert df.components.iloc[-1] == nx.number_connected_components(G)
        # Score assortativity is networkx's numeric assortativity over ties between
        # enrolled citizens (both directions of every tie), computed directly by the port.
        enrolled = [c.idx for c in m.citizens if c.enrolled]
        H = G.subgraph(enrolled).copy()
        nx.set_node_attributes(H, {c.idx: c.score for c in m.citizens if c.enrolled}, "score")
        assert df.score_assortativity.iloc[-1] == pytest.approx(nx.numeric_assortativity_coefficient(H, "score"), abs=1e-9)


def test_docked_means_agree_with_scsim(mesa_tables, scsim_bin):
    scsim_reps = [dock.summarise(dock.run_scsim(scsim_bin, SIZE, STEPS, seed), dock.FLOORS) for seed in SEEDS]
    mesa_reps = [dock.summarise(df, dock.FLOORS) for df in mesa_tables]
    rows = dock.compare(scsim_reps, mesa_reps, columns=dock.KEY)
    bad = [(r["column"], r["run_mean"], r["final"]) for r in rows if not r["agrees"]]
    assert not bad, f"Mesa port and scsim disagree beyond 3 SE + floor: {bad}"
