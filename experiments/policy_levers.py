"""Every policy lever: Sobol and Morris sensitivity indices for retention and relationships.

Run: ``python experiments/policy_levers.py [--out DIR] [options]``, e.g. ``--samples 128
--workers 2`` (``--help`` lists them). Runs ``promosim.sensitivity`` on
``configs/sweeps/policy-levers.toml`` with Sobol and with Morris; each writes its results
folder (default ``results/policy-levers-sobol`` and ``-morris``) with ``indices.csv`` and the
bar chart ``indices.png`` (turnover, churn and customer trust).
"""

from __future__ import annotations

import sys

from sweep_script import guarded, options, settings

import promosim

SWEEP = "configs/sweeps/policy-levers.toml"


def main() -> int:
    parser = options(__doc__.splitlines()[0], "results/policy-levers")
    parser.add_argument("--methods", nargs="+", default=["sobol", "morris"],
                        choices=["sobol", "morris"])
    parser.add_argument("--samples", type=int,
                        help="Sobol base samples (a power of 2) or Morris trajectories")
    args = parser.parse_args()

    def work() -> None:
        for method in args.methods:
            out = args.out.with_name(f"{args.out.name}-{method}")
            result = promosim.sensitivity(SWEEP, method=method, samples=args.samples, out=out,
                                          **settings(args))
            folder = result.save()
            print(result.report())
            print(f"indices: {folder / 'indices.csv'}\nchart:   {folder / 'indices.png'}")

    return guarded(work)


if __name__ == "__main__":
    sys.exit(main())
