"""The command line's ``compare --uncertainty N [--posterior FILE]``: options and their run."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING

from promosim.commands.common import positive_int, whole_number
from promosim.errors import ConfigError
from promosim.scenario import Policy, Scenario
from promosim.uncertainty.posterior import Posterior, read_posterior
from promosim.uncertainty.worlds import WORLD_DESIGNS

if TYPE_CHECKING:
    from promosim.workflows.robust import RobustResult


def add_uncertainty_options(parser: argparse.ArgumentParser) -> None:
    """--uncertainty, --posterior, --world-replicates, --design and --unfiltered."""
    group = parser.add_argument_group(
        "uncertainty (answers across parameter worlds, led with in the report)")
    group.add_argument("--uncertainty", type=lambda t: whole_number(t, 2, most=100_000),
                       metavar="N",
                       help="also compare the policies in N parameter worlds drawn from the "
                            "priors (or from --posterior), written to OUT/uncertainty/")
    group.add_argument("--posterior", metavar="FILE",
                       help="draw the worlds from a posterior file of 'promosim calibrate' "
                            "(its firm's structure and current practice become the baseline)")
    group.add_argument("--world-replicates", type=positive_int, default=10, metavar="R",
                       help="replicates per world and policy (default: 10)")
    group.add_argument("--design", choices=WORLD_DESIGNS, default="lhs",
                       help="how worlds are drawn from the priors: Latin hypercube (default) or "
                            "Sobol (a power of 2 worlds)")
    group.add_argument("--unfiltered", action="store_true",
                       help="keep every world drawn from the priors, also those whose baseline "
                            "turnover or churn lies outside the literature's ranges")


def posterior_from_args(args: argparse.Namespace) -> Posterior | None:
    """The posterior named by ``--posterior`` (checked), or None.

    Raises:
        ConfigError: --posterior without --uncertainty, or a file that cannot be used.

    """
    if args.posterior is None:
        return None
    if not args.uncertainty:
        raise ConfigError("--posterior needs --uncertainty N (how many worlds to draw from it)")
    return read_posterior(args.posterior)


def run_uncertainty(args: argparse.Namespace, scenario: Scenario, policies: Sequence[Policy],
                    posterior: Posterior | None, seed: int) -> RobustResult:
    """Run the robust comparison into ``OUT/uncertainty`` (:func:`promosim.robust_compare`).

    ``seed`` is the comparison's base seed (the class's for recorded hand-ins).

    Returns:
        The result, whose report the command prints.
    """
    from promosim.commands.common import said
    from promosim.commands.experiment_options import execution_from_args
    from promosim.uncertainty.compare import FOLDER
    from promosim.workflows.robust import robust_compare

    with said("compare"):
        return robust_compare(policies, scenario, worlds=args.uncertainty,
                              world_replicates=args.world_replicates, posterior=posterior,
                              design=args.design, plausible=not args.unfiltered, seed=seed,
                              out=args.out / FOLDER, chunk_runs=args.chunk_runs,
                              **execution_from_args(args))
