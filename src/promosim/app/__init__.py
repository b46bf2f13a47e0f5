"""The teaching dashboard: a browser app (Solara and Mesa) for B2B classes.

One module per job: :mod:`~promosim.app.setup` (what the app runs: scenario, seed, presets),
:mod:`~promosim.app.trajectory` (what the charts show of a run), :mod:`~promosim.app.whatif`
(instant re-simulation from a cached spin-up), :mod:`~promosim.app.live` (the firm stepped month
by month), :mod:`~promosim.app.narrator` (what is happening, in plain words),
:mod:`~promosim.app.organisation` (managers → promoters → accounts), :mod:`~promosim.app.charts`,
:mod:`~promosim.app.export` (policy files), :mod:`~promosim.app.handin` (handing them in: limits
and whole files), :mod:`~promosim.app.inputs` (values from the browser, checked),
:mod:`~promosim.app.controller` (step, play, reset), :mod:`~promosim.app.controls` and
:mod:`~promosim.app.page` (the Solara components), :mod:`~promosim.app.classroom` (the class code
and the session cap), :mod:`~promosim.app.gate` (who gets in: an ASGI middleware) and
:mod:`~promosim.app.server`.

The page's Solara components that show a :class:`~promosim.PromoterModel` are importable for
your own pages, e.g. with Mesa's ``SolaraViz``: ``from promosim.app import Organisation,
Narrator`` (each takes the model), and ``MonthHeader``, ``Charts`` and ``ProjectionTable``
(which also take the projections of :mod:`~promosim.app.whatif`). They load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from promosim.lazy import lazy_names

if TYPE_CHECKING:
    from promosim.app.page import Charts, MonthHeader, Narrator, Organisation, ProjectionTable

__all__ = ["Charts", "MonthHeader", "Narrator", "Organisation", "ProjectionTable"]

__getattr__, __dir__ = lazy_names(__name__, dict.fromkeys(__all__, "promosim.app.page"),
                                  globals())
