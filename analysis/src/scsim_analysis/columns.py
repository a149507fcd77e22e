"""What each time-series column means, for axis labels and legends.

The definitions follow docs/MODEL.md section 7.11. Each entry is (label, unit): the label
is what a newcomer reads in a legend, the unit goes on the axis. Columns not listed here
(for example ones a newer scsim appends) fall back to their own name.
"""

from __future__ import annotations

# Columns that hold text rather than numbers; every other column is parsed as numeric.
TEXT_COLUMNS = frozenset({"network_metrics"})

COLUMNS: dict[str, tuple[str, str]] = {
    "step": ("step", "weeks"),
    "enrolled_frac": ("enrolled citizens", "share of all citizens"),
    "score_mean": ("mean score", "points"),
    "score_sd": ("score standard deviation", "points"),
    "score_p10": ("10th percentile score", "points"),
    "score_p50": ("median score", "points"),
    "score_p90": ("90th percentile score", "points"),
    "score_gini": ("score Gini coefficient", "0 = equal, 1 = unequal"),
    "benefit_frac": ("in benefit tier", "share of enrolled"),
    "penalty_frac": ("in penalty tier", "share of enrolled"),
    "approved_purchase_frac": ("approved purchases", "share of visible purchases"),
    "disapproved_purchase_frac": ("disapproved purchases", "share of visible purchases"),
    "hidden_purchases": ("hidden (black-market) purchases", "count per step"),
    "fake_purchases": ("fake purchases", "count per step"),
    "fake_posts": ("spam posts", "count per step"),
    "dissent_post_frac": ("dissent posts", "share of genuine posts"),
    "opinion_mean": ("mean private dissent", "opinion, 0 to 1"),
    "falsification_gap": ("falsification gap (private - public dissent)", "opinion minus share"),
    "edges": ("friendship ties", "count"),
    "mean_degree": ("mean number of friends", "friends per citizen"),
    "clustering_avg": ("clustering", "mean local coefficient"),
    "transitivity": ("transitivity", "coefficient"),
    "score_assortativity": ("score assortativity", "correlation across ties"),
    "components": ("connected components", "count"),
    "giant_frac": ("giant component", "share of all citizens"),
    "isolated_frac": ("isolated citizens", "share of all citizens"),
    "low_isolated_frac": ("low scorers with no friends", "share of bottom decile"),
    "low_degree_ratio": ("low scorers' friends vs average", "degree ratio"),
    "ties_added": ("ties added", "count per step"),
    "ties_removed": ("ties removed", "count per step"),
    "padder_frac": ("padders (fake purchases and posts)", "share of all citizens"),
    "evader_frac": ("evaders (hide purchases)", "share of all citizens"),
    "colluder_frac": ("colluders (rings)", "share of all citizens"),
    "audits": ("audits", "count per step"),
    "caught": ("caught by audit", "count per step"),
    "gamer_score_premium": ("gamers' score premium over honest", "points"),
    "adopted": ("voluntary enrolments", "count per step"),
    "visible_purchases": ("visible purchases", "count per step"),
    "genuine_posts": ("genuine posts", "count per step"),
}


def label(column: str) -> str:
    """The legend text for a column (its own name when unknown)."""
    return COLUMNS.get(column, (column, ""))[0]


def unit(column: str) -> str:
    """The axis unit for a column ("" when unknown)."""
    return COLUMNS.get(column, (column, ""))[1]


def axis_label(column: str) -> str:
    """`label (unit)`, for a single-metric axis."""
    text, u = COLUMNS.get(column, (column, ""))
    return f"{text} ({u})" if u else text
