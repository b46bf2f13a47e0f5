"""Same parameters and seed give the same numbers: across processes, batches and checkpoints."""

import json
import subprocess
import sys

import numpy as np

from promosim import PromoterModel
from promosim.batch import simulate, spin_up
from promosim.parameters import resolve
from promosim.randomness import replicate_seeds

SCRIPT = """
import json, sys
from promosim import PromoterModel
model = PromoterModel(rng=42, **json.loads(sys.argv[1])).run()
print(model.datacollector.get_model_vars_dataframe().to_json(double_precision=15))
"""


def test_same_seed_gives_same_numbers_in_two_processes(small):
    outputs = [subprocess.run([sys.executable, "-c", SCRIPT, json.dumps(small)], check=True,
                              capture_output=True, text=True).stdout for _ in range(2)]
    assert outputs[0] == outputs[1]
    here = PromoterModel(rng=42, **small).run().datacollector.get_model_vars_dataframe()
    assert json.loads(outputs[0]) == json.loads(here.to_json(double_precision=15))


def test_different_seeds_give_different_runs(small):
    a = PromoterModel(rng=1, **small).run().datacollector.get_model_vars_dataframe()
    b = PromoterModel(rng=2, **small).run().datacollector.get_model_vars_dataframe()
    assert not a.equals(b)


def test_a_run_is_the_same_alone_and_in_any_batch(small):
    base = resolve(small)
    other = resolve({**small, "supervision_base": 0.8, "fixed_share": 0.3})
    seeds = replicate_seeds(9, 3)
    together = simulate([base, other, base], seeds)
    for i, point in enumerate([base, other, base]):
        alone = simulate([point], [seeds[i]])
        for name, values in alone.series.items():
            assert np.array_equal(values[0], together.series[name][i]), name
        mine = together.events[together.events["run"] == i].drop(columns="run")
        assert mine.reset_index(drop=True).equals(alone.events.drop(columns="run"))


def test_the_model_and_the_batch_engine_agree(small):
    model = PromoterModel(rng=7, **small).run()
    batch = simulate([resolve(small)], [7])
    frame = model.datacollector.get_model_vars_dataframe()
    for name in frame.columns:
        assert np.array_equal(frame[name].to_numpy(), batch.series[name][0]), name


def test_continuing_from_a_checkpoint_equals_a_full_run(small):
    points = [resolve({**small, "supervision_reactivity": 2.0})] * 2
    seeds = replicate_seeds(3, 2)
    full = simulate(points, seeds)
    resumed = simulate(points, seeds, start=spin_up([resolve(small)] * 2, seeds))
    for name, values in full.series.items():
        assert np.array_equal(values, resumed.series[name]), name


def test_policies_on_the_same_seed_share_their_history(small):
    """Common random numbers: the spin-up (the firm's history) does not depend on the levers."""
    seeds = replicate_seeds(4, 1)
    a = simulate([resolve(small)], seeds)
    b = simulate([resolve({**small, "supervision_base": 0.9})], seeds)
    for name in a.series:
        assert a.series[name][0, 0] == b.series[name][0, 0], name
    assert not np.array_equal(a.series["mean_supervision"], b.series["mean_supervision"])
