"""The teaching dashboard: a browser app (Solara and Mesa) for B2B classes.

One module per job: :mod:`~promosim.app.setup` (what the app runs: scenario, seed, presets),
:mod:`~promosim.app.session` (one tab's firm, levers, history, pins and reference),
:mod:`~promosim.app.trajectory` (what the charts show of a run), :mod:`~promosim.app.whatif`
(instant re-simulation from a cached spin-up), :mod:`~promosim.app.live` (the firm stepped month
by month), :mod:`~promosim.app.narrator` (what is happening, in plain words),
:mod:`~promosim.app.organisation` (managers → promoters → accounts), :mod:`~promosim.app.charts`
(drawn in the browser from compact data), :mod:`~promosim.app.exercises` (the teaching guide's
exercises as guided steps), :mod:`~promosim.app.export` (policy files),
:mod:`~promosim.app.handin` (handing them in: one file a team, limits and whole files),
:mod:`~promosim.app.firm` (the class's firm, recorded beside the hand-ins),
:mod:`~promosim.app.inputs` (values from the browser, checked), :mod:`~promosim.app.controller`
(step, play, speed, reset), :mod:`~promosim.app.controls` and :mod:`~promosim.app.page` (the
Solara components), :mod:`~promosim.app.classroom` (the class code and the session cap),
:mod:`~promosim.app.leaderboard` and :mod:`~promosim.app.teacher` (the teacher's view),
:mod:`~promosim.app.gate` (who gets in: an ASGI middleware) and :mod:`~promosim.app.server`.

Two views of a :class:`~promosim.PromoterModel` are importable for pages of one's own, e.g. with
Mesa's ``SolaraViz``: ``from promosim.app import Organisation, Narrator``
(:mod:`~promosim.app.components`; each takes the model). They load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from promosim.lazy import lazy_names

if TYPE_CHECKING:
    from promosim.app.components import Narrator, Organisation

__all__ = ["Narrator", "Organisation"]

__getattr__, __dir__ = lazy_names(__name__, dict.fromkeys(__all__, "promosim.app.components"),
                                  globals())
