import pandas as pd
import pytest

from promosim.cli import main
from promosim.experiments.sensitivity import sample
from promosim.experiments.store import read_manifest
from promosim.experiments.sweepfile import load_sweep

SENSITIVE = """\
name = "levers"
design = "lhs"
samples = 8
replicates = 1
seed = 4
months = 12
outputs = ["turnover_rate", "churn_rate"]

[parameters]
supervision_base = { low = 0.0, high = 1.0 }
goal_clarity = { low = 0.0, high = 1.0 }
pay_level = { low = 0.8, high = 1.2 }

[set]
n_teams = 2
team_size = 3
spinup_months = 12

[sensitivity]
samples = 8
outputs = ["turnover_rate", "mean_customer_trust"]
"""


def test_samples_are_seeded_and_sized(sweep_file):
    sweep = load_sweep(sweep_file(SENSITIVE))
    sobol = sample(sweep.factors, sweep.sensitivity, seed=4)
    assert len(sobol) == 8 * (3 + 2)
    assert sobol.equals(sample(sweep.factors, sweep.sensitivity, seed=4))
    assert sobol["pay_level"].between(0.8, 1.2).all()
    from dataclasses import replace
    morris = sample(sweep.factors, replace(sweep.sensitivity, method="morris"), seed=4)
    assert len(morris) == 8 * (3 + 1)


@pytest.mark.parametrize(("method", "columns"), [
    ("sobol", ["S1", "S1_conf", "ST", "ST_conf"]),
    ("morris", ["mu", "mu_star", "mu_star_conf", "sigma"]),
])
def test_sensitivity_command_writes_indices_and_chart(sweep_file, tmp_path, method, columns,
                                                      capsys):
    out = tmp_path / method
    status = main(["sensitivity", str(sweep_file(SENSITIVE)), "--method", method, "--out",
                   str(out), "--workers", "0"])
    assert status == 0, capsys.readouterr().err
    indices = pd.read_csv(out / "indices.csv")
    assert list(indices.columns) == ["outcome", "parameter", *columns]
    assert len(indices) == 2 * 3
    assert set(indices["outcome"]) == {"turnover_rate", "mean_customer_trust"}
    assert indices[columns[1]].notna().all()
    assert (out / "indices.png").stat().st_size > 10_000
    manifest = read_manifest(out)
    assert manifest["kind"] == "sweep"
    assert manifest["design"]["method"] == ("saltelli" if method == "sobol" else "morris")
    assert "most influential" in capsys.readouterr().out


@pytest.mark.parametrize("method", ["sobol", "morris"])
def test_an_output_that_never_varies_gets_zeros_and_is_named(tmp_path, method):
    import warnings

    import numpy as np

    from promosim.experiments.designs import Factor
    from promosim.experiments.sensitivity import analyse
    from promosim.experiments.sweepfile import Sensitivity
    from promosim.workflows.sensitivity import SensitivityResult

    factors = [Factor("a", 0.0, 1.0), Factor("b", 0.0, 1.0)]
    settings = Sensitivity(method=method, samples=16, outputs=("turnover_rate", "churn_rate"))
    design = sample(factors, settings, seed=1)
    runs = pd.DataFrame({"point": np.arange(len(design)), "turnover_rate": 0.0,
                         "churn_rate": 2 * design["a"] + design["b"]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no division by a zero variance
        indices = analyse(factors, design, runs, settings, seed=1)
    flat = indices[indices["outcome"] == "turnover_rate"].drop(columns=["outcome", "parameter"])
    assert (flat.to_numpy() == 0).all()
    lines = SensitivityResult(tmp_path, indices, method).report().splitlines()
    assert lines[0].startswith("turnover_rate: the same in every run of the sample")
    assert lines[1].startswith("churn_rate: most influential by ") and " a " in lines[1]
