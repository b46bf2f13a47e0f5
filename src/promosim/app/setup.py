"""What the dashboard runs: the firm (a scenario, at classroom size), the seed and the presets.

``promosim app`` resolves its options into a :class:`Setup` and hands it to the server through an
environment variable, so the page reads the same setup whichever way Solara loads it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from promosim.parameters import LEVERS, resolve
from promosim.scenario import BASELINE, Policy, configs_folder, load_policy

ENVIRONMENT = "PROMOSIM_APP_SETUP"
#: The classroom firm: small enough for the organisation view to stay readable.
CLASSROOM = {"n_teams": 4, "team_size": 6}



@dataclass(frozen=True)
class Setup:
    """The scenario's parameters (its levers are the baseline policy), seed and preset files."""

    values: dict[str, float] = field(default_factory=lambda: resolve(CLASSROOM))
    schedule: list[tuple[int, dict[str, float]]] = field(default_factory=list)
    seed: int = 1
    scenario: str = BASELINE
    presets: tuple[str, ...] = ()
    hand_in: str | None = None

    @property
    def baseline(self) -> dict[str, float]:
        """The scenario's levers: what every policy is compared with and exported against."""
        return {name: self.values[name] for name in LEVERS}

    def policies(self) -> dict[str, Policy]:
        """The preset policies by name (read from their files once)."""
        return dict(self._policies)

    @cached_property
    def _policies(self) -> dict[str, Policy]:
        loaded = (load_policy(path) for path in self.presets)
        return {policy.name: policy for policy in loaded}

    def presets_by_name(self) -> dict[str, dict[str, float]]:
        """Every preset's levers by name, the scenario's own ("baseline") first."""
        return {BASELINE: self.baseline, **{name: self.preset_levers(policy)
                                            for name, policy in self.policies().items()}}

    def descriptions(self) -> dict[str, str]:
        """The presets' descriptions by name."""
        return {name: policy.description for name, policy in self.policies().items()}

    def preset_levers(self, policy: Policy | None) -> dict[str, float]:
        """All levers under a preset (the baseline's where the preset says nothing)."""
        return {**self.baseline, **(policy.levers if policy else {})}

    def model_kwargs(self, levers: Mapping[str, float], seed: int) -> dict[str, Any]:
        """Keyword arguments of :class:`~promosim.model.PromoterModel` for these levers and seed."""
        return {"rng": seed, **self.values, **levers, "policy_schedule": self.schedule}

    def to_environment(self) -> None:
        """Publish this setup to the server (in this process and any it starts)."""
        os.environ[ENVIRONMENT] = json.dumps(asdict(self))

    @classmethod
    def from_environment(cls) -> Setup:
        """The published setup, or the default classroom firm with the shipped presets."""
        text = os.environ.get(ENVIRONMENT)
        if text is None:
            return cls(presets=shipped_presets(configs_folder() / "policies"))
        data = json.loads(text)
        data["schedule"] = [(int(m), dict(levers)) for m, levers in data["schedule"]]
        data["presets"] = tuple(data["presets"])
        return cls(**data)


def shipped_presets(folder: Path) -> tuple[str, ...]:
    """The policy files in ``folder`` (none if it does not exist)."""
    return tuple(str(path) for path in sorted(folder.glob("*.toml")))
