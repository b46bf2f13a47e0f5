"""The compiled engine's cache: a folder per model version; unwritable: compiled in memory."""

import os
import subprocess
import sys

import pytest

from promosim import batch, jit, version
from promosim.version import model_version

RUN = ("from promosim.batch import simulate; from promosim.parameters import resolve; "
       "r = simulate([resolve({'n_teams': 1, 'team_size': 2, 'months': 3, "
       "'spinup_months': 2})], [1]); print(r.series['revenue'][0].tolist())")


def test_the_cache_has_one_folder_per_model_version(tmp_path, monkeypatch):
    monkeypatch.setenv("PROMOSIM_CACHE_DIR", str(tmp_path))
    jit.cache_dir.cache_clear()
    try:
        assert jit.cache_dir() == tmp_path / model_version()
        assert (tmp_path / model_version()).is_dir()
    finally:
        jit.cache_dir.cache_clear()


def test_a_complete_cache_is_not_loaded_again_to_make_sure_of_it(tmp_path, monkeypatch):
    monkeypatch.setenv("PROMOSIM_CACHE_DIR", str(tmp_path))
    jit.cache_dir.cache_clear()
    warmed = []
    monkeypatch.setattr(batch, "warm_up", lambda: warmed.append(1))
    try:
        assert not jit.cache_complete()
        batch.ensure_compiled()
        assert warmed == [1]
        jit.mark_complete()
        assert jit.cache_complete()
        batch.ensure_compiled()
        assert warmed == [1]
        with monkeypatch.context() as m:  # other module files (times, sizes): Numba compiles
            m.setattr(version, "MODEL_SOURCES", version.MODEL_SOURCES[:-1])
            assert not jit.cache_complete()
        (jit.cache_dir() / "complete").write_text("another compiler\n", encoding="utf-8")
        assert not jit.cache_complete()
        with monkeypatch.context() as m:  # nowhere to cache: every process compiles its own
            m.setattr(jit, "cache_dir", lambda: None)
            batch.ensure_compiled()
        assert warmed == [1]
    finally:
        jit.cache_dir.cache_clear()


@pytest.mark.slow
def test_an_unwritable_cache_compiles_in_memory_with_a_warning():
    env = {**os.environ, "PROMOSIM_CACHE_DIR": "/dev/null/cache"}
    unwritable = subprocess.run([sys.executable, "-W", "default", "-c", RUN], env=env,
                                capture_output=True, text=True, check=True)
    cached = subprocess.run([sys.executable, "-c", RUN], capture_output=True, text=True,
                            check=True)
    assert "compiled code is not cached" in unwritable.stderr
    assert unwritable.stdout == cached.stdout
