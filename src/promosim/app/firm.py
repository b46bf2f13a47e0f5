"""The firm a class uses, recorded beside its hand-ins so that every comparison runs the same firm.

``promosim app`` writes :data:`FIRM_FILE` into the hand-in folder: the scenario's name, every
parameter of the firm the students see (the classroom size included), its schedule and the class's
seed. ``promosim compare results/class/*.toml`` reads it and compares the hand-ins on that firm and
seed, and so does the teacher's leaderboard: the numbers the class discusses are those of the firm
it played with.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from promosim.errors import ConfigError
from promosim.output import atomic_write
from promosim.parameters import resolve
from promosim.scenario import Scenario, scenario_from
from promosim.version import model_version

#: The file, in the hand-in folder.
FIRM_FILE = "firm.json"


@dataclass(frozen=True)
class Firm:
    """A class's firm: the name of its scenario, every parameter, the schedule and the seed."""

    name: str
    values: Mapping[str, float]
    schedule: list[tuple[int, dict[str, float]]]
    seed: int

    def scenario(self) -> Scenario:
        """The firm as a scenario (its schedule included), named after its scenario."""
        base = scenario_from(self.values, self.name)
        return replace(base, schedule=[(self.name, {"month": month, **levers})
                                       for month, levers in self.schedule])

    def describe(self) -> str:
        """E.g. ``"baseline, 4 teams × 6 positions, seed 42"``."""
        return (f"{self.name}, {int(self.values['n_teams'])} teams × "
                f"{int(self.values['team_size'])} positions, seed {self.seed}")


def record(folder: Path, firm: Firm) -> Path:
    """Write ``firm`` into ``folder`` (created if needed); returns the file's path."""
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"scenario": firm.name, "seed": firm.seed,
                       "values": dict(firm.values),
                       "schedule": [[month, levers] for month, levers in firm.schedule],
                       "model_version": model_version()}, indent=1)
    return atomic_write(folder / FIRM_FILE, lambda p: p.write_text(text, encoding="utf-8"))


def recorded(folder: Path) -> Firm | None:
    """The firm recorded in ``folder``, None if there is none; a damaged record is a ConfigError."""
    path = folder / FIRM_FILE
    if not path.is_file():
        return None
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
        values = resolve(data["values"], str(path))
        seed = data["seed"]
        schedule = [(int(month), {str(k): float(v) for k, v in levers.items()})
                    for month, levers in data.get("schedule", [])]
        if not (isinstance(seed, int) and 0 <= seed < 2**63 and math.isfinite(seed)):
            raise ValueError("seed")
        return Firm(str(data.get("scenario", "class")), values, schedule, seed)
    except ConfigError:
        raise
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise ConfigError(f"{path}: not a firm record written by 'promosim app' "
                          f"({type(error).__name__}); delete it or run the app again") from None
