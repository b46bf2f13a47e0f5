"""Make the example firm: a simulated supplier whose records are written as a firm folder.

    .venv/bin/python examples/firm/make_firm.py [FOLDER]

The firm has 6 teams of 8 promoter positions with 6 accounts each, observed from January 2021
to December 2025 with yearly surveys. Its parameters are the defaults with a few changes, listed
in made-with.toml, so that a calibration can be checked against the values that made it.
"""

import argparse
import datetime as dt
from pathlib import Path

from promosim.firm.synthetic import write_synthetic_firm
from promosim.parameters import resolve

#: What sets this firm apart from the default calibration.
CHANGES = {"quit_base": 0.016, "control_aversion": 0.55, "trust_loss": 0.36,
           "defection_base": 0.021, "satisfaction_intrinsic": 0.3}
STRUCTURE = {"n_teams": 6, "team_size": 8, "accounts_per_position": 6}
SURVEYS = {"customer_trust": [11, 23, 35, 47, 59], "engagement": [5, 17, 29, 41, 53],
           "trust_in_manager": [5, 17, 29, 41, 53]}
SEED = 2026


def arguments() -> argparse.Namespace:
    """The command line: the folder to write (this script's folder by default)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=str(Path(__file__).parent),
                        help="the firm folder to write (default: this script's folder)")
    return parser.parse_args()


def main(folder: str = str(Path(__file__).parent)) -> None:
    """Write the example firm's records and ``made-with.toml`` into ``folder``."""
    point = resolve({**STRUCTURE, **CHANGES})
    write_synthetic_firm(folder, point, SEED, dt.date(2021, 1, 1), 60, SURVEYS,
                         name="Example Components GmbH (synthetic)")
    lines = ["# The parameters this synthetic firm was made with: the defaults, except these.",
             "# (A real firm has no such file; calibration estimates them from the records.)"]
    lines += [f"{name} = {value}" for name, value in {**STRUCTURE, **CHANGES}.items()]
    (Path(folder) / "made-with.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote the example firm to {folder}/")


if __name__ == "__main__":
    main(arguments().folder)
