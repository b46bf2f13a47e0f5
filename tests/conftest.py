"""Shared test settings: a small firm keeps the default test run fast."""

import pytest

#: A small firm with a short history and horizon (enough for hires, quits, spirals and roles).
SMALL = {"n_teams": 2, "team_size": 4, "accounts_per_position": 4, "months": 36,
         "spinup_months": 24}


@pytest.fixture
def small() -> dict:
    """Parameters of a small, fast firm."""
    return dict(SMALL)
