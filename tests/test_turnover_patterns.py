"""The instruments of P11 and P12, and the loop's figures (experiments/spiral_loop.py)."""

import runpy
from pathlib import Path

import numpy as np
import pandas as pd

from promosim.validation.p11_turnover_antecedents import Panel, logistic
from promosim.validation.p12_contagion import dispersion, team_years

ROOT = Path(__file__).resolve().parents[1]


def test_the_logistic_regression_recovers_known_effects():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(20_000, 2))
    y = (rng.random(20_000) < 1 / (1 + np.exp(-(-1.0 + 0.8 * X[:, 0] - 0.4 * X[:, 1])))).astype(
        float)
    assert np.allclose(logistic(X, y), [0.8, -0.4], atol=0.06)


def test_the_panel_marks_quits_within_the_next_twelve_months():
    panel = Panel()
    panel.rows = [{"run": np.array([0, 0]), "month": np.array([m, m]),
                   "person": np.array([1, 2]),
                   **{k: np.array([0.5, 0.6]) for k in ("leader_trust", "stress",
                                                         "role_conflict", "satisfaction", "pay",
                                                         "tenure", "customer_trust")}}
                  for m in (1, 5, 10)]
    events = pd.DataFrame({"run": [0], "person": [1], "month": [15], "event": ["quit"]})
    table = panel.table(events, months=30)
    quits = dict(zip(zip(table["month"].tolist(), table["person"].tolist(), strict=True),
                     table["quits"].tolist(), strict=True))
    assert quits == {(1, 1): 0.0, (1, 2): 0.0, (5, 1): 1.0, (5, 2): 0.0, (10, 1): 1.0,
                     (10, 2): 0.0}


def test_binomial_quits_show_no_clustering_and_shared_shocks_do():
    rng = np.random.default_rng(2)
    independent = rng.binomial(10, 0.2, size=(200, 10, 10)).astype(float)
    overall, within = dispersion(independent, 10)
    assert abs(overall.mean() - 1) < 0.05 and abs(within.mean() - 1) < 0.05
    bad_years = rng.random((200, 10, 10)) < 0.2
    clustered = rng.binomial(10, np.where(bad_years, 0.5, 0.125)).astype(float)
    assert dispersion(clustered, 10)[0].mean() > 1.5


def test_team_years_count_quits_by_team_and_year():
    events = pd.DataFrame({"run": [0, 0, 1], "team": [1, 1, 0], "month": [1, 13, 24],
                           "event": ["quit", "quit", "quit"]})
    counts = team_years(events, runs=2, teams=2, years=2)
    assert counts[0, 1].tolist() == [1.0, 1.0] and counts[1, 0].tolist() == [0.0, 1.0]


def test_the_loop_experiment_prints_its_three_tables(capsys):
    script = runpy.run_path(str(ROOT / "experiments" / "spiral_loop.py"))
    assert script["main"](["--quick"]) == 0
    out = capsys.readouterr().out
    assert out.count("| reactivity |") == 1 and "| tight-control |" in out
    assert "`supervision_reactivity`" in out and "total effect" in out


def test_a_quit_stays_on_the_colleagues_minds_and_new_hires_know_nothing_of_it():
    from promosim.batch import simulate
    from promosim.parameters import resolve

    size, seen = 5, {"checked": 0}

    def observe(st, month: int) -> None:
        previous = seen.get("quit")
        if previous is not None:
            for t in range(2):
                left = previous[t * size:(t + 1) * size].sum() / size
                for p in range(t * size, (t + 1) * size):
                    if st.hired[0, p]:
                        assert st.peer_quits[0, p] == 0.0
                    elif st.occupied[0, p] and seen["held"][p] and left > 0:
                        assert st.peer_quits[0, p] >= left
                        seen["checked"] += 1
        seen["quit"], seen["held"] = st.quit[0].copy(), st.occupied[0].copy()

    simulate([resolve({"n_teams": 2, "team_size": size, "accounts_per_position": 2,
                       "months": 60, "spinup_months": 12, "quit_base": 0.05})], [3],
             observe=observe)
    assert seen["checked"] > 10
