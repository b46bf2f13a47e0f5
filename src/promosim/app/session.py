"""One browser tab's state, and what its controls do to it.

A :class:`Session` holds the tab's firm, its levers and their history (for undo), the policies it
pinned and the reference its projection is compared with. Its fields are Solara reactive variables
made by the page component that owns the session, so each view subscribes to what it reads and
re-renders when that changes, nothing else: a month stepped redraws the firm, not the levers; a
lever moved redraws its row, the projection and the comparison, not the organisation.

The reference is "before your last change", a preset, or a policy pinned earlier; every reference
and projection comes from :func:`promosim.app.whatif.project`, cached for all sessions of the
server (a class that tries the presets simulates each once).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass

import solara
from mesa.visualization.utils import force_update

from promosim.app import inputs, live, whatif
from promosim.app.export import changed_levers
from promosim.app.setup import Setup
from promosim.app.trajectory import Trajectory
from promosim.model import PromoterModel
from promosim.parameters import BY_NAME

#: The reference that follows the levers: the projection before the last change.
PREVIOUS = "previous"
#: Lever settings kept for undo.
HISTORY = 50
#: Policies one tab may pin.
PINS = 12
#: Projections a tab keeps at hand (the server keeps more, see :mod:`promosim.app.whatif`).
PROJECTIONS = 8
#: A reference's label names at most this many changed levers.
NAMED = 3
SEED_NOTE = (f"A seed is a whole number from {inputs.SEED_RANGE[0]} to "
             f"{inputs.SEED_RANGE[1]:,}.")


@dataclass(frozen=True)
class Pin:
    """A policy pinned as a reference: its label and levers."""

    label: str
    levers: Mapping[str, float]


def describe(levers: Mapping[str, float], baseline: Mapping[str, float]) -> str:
    """The levers that differ from the baseline, in words (``goal clarity 0.9, …``)."""
    changed = changed_levers(levers, baseline)
    if not changed:
        return "the baseline levers"
    said = [f"{BY_NAME[name].label.split(' (')[0].lower()} {value:g}"
            for name, value in list(changed.items())[:NAMED]]
    more = len(changed) - NAMED
    return ", ".join(said) + (f" and {more} more" if more > 0 else "")


class Session:
    """A tab's firm, levers, history, pins and reference (reactive), and the actions on them."""

    def __init__(self, setup: Setup, presets: Mapping[str, Mapping[str, float]],
                 levers: solara.Reactive[dict[str, float]], seed: solara.Reactive[int],
                 model: solara.Reactive[PromoterModel],
                 history: solara.Reactive[tuple[dict[str, float], ...]],
                 pins: solara.Reactive[tuple[Pin, ...]], reference: solara.Reactive[str],
                 seed_note: solara.Reactive[str],
                 batch: AbstractContextManager[object] | None = None):
        self.setup, self.presets = setup, presets
        self.levers, self.seed, self.model = levers, seed, model
        self.history, self.pins, self.reference = history, pins, reference
        self.seed_note = seed_note
        #: Changes made inside ``with session.batch`` re-render the page once, at the end (the
        #: page's render context; nothing to batch without one).
        self.batch = batch if batch is not None else nullcontext()
        self._projections: dict[tuple, Trajectory] = {}
        #: Whoever changes or reads the firm (a step, a reset, new levers, a view) holds this
        #: lock; a view drawn while the same thread steps the firm takes it again.
        self.lock = threading.RLock()

    # --- what the views show ----------------------------------------------------------------

    def build(self, levers: Mapping[str, float] | None = None, seed: int | None = None
              ) -> PromoterModel:
        """A new firm under these levers and seed (the session's by default)."""
        return PromoterModel(**self.setup.model_kwargs(
            self.levers.value if levers is None else levers,
            self.seed.value if seed is None else seed))

    def project(self, levers: Mapping[str, float]) -> Trajectory:
        """The horizon under ``levers`` on this session's firm and seed (cached)."""
        key = (self.seed.value, tuple(sorted(levers.items())))
        known = self._projections.get(key)
        if known is None:
            known = whatif.project({**self.setup.values, **levers}, self.seed.value,
                                   self.setup.schedule)
            if len(self._projections) >= PROJECTIONS:
                self._projections.pop(next(iter(self._projections)))
            self._projections[key] = known
        return known

    def preset_name(self, levers: Mapping[str, float] | None = None) -> str:
        """The preset these levers (the session's by default) equal, or "custom"."""
        levers = self.levers.value if levers is None else levers
        return next((name for name, values in self.presets.items()
                     if not changed_levers(levers, values)), "custom")

    def references(self) -> dict[str, str]:
        """Every reference that can be chosen: key → label."""
        choices = {PREVIOUS: "before your last change"}
        choices.update({f"preset:{name}": f"preset {name}" for name in self.presets})
        choices.update({f"pin:{i}": pin.label for i, pin in enumerate(self.pins.value)})
        return choices

    def reference_levers(self) -> Mapping[str, float] | None:
        """The levers of the chosen reference (None: nothing changed yet)."""
        key = self.reference.value
        if key == PREVIOUS:
            return self.history.value[-1] if self.history.value else None
        kind, _, name = key.partition(":")
        if kind == "preset" and name in self.presets:
            return self.presets[name]
        if kind == "pin" and name.isdigit() and int(name) < len(self.pins.value):
            return self.pins.value[int(name)].levers
        return None

    def reference_label(self) -> str:
        """The chosen reference's label."""
        return self.references().get(self.reference.value, "before your last change")

    # --- what the controls do ---------------------------------------------------------------

    def set_lever(self, name: str, value: float) -> None:
        """Move one lever (a value already checked by :func:`promosim.app.inputs.lever`)."""
        self.change({**self.levers.value, name: value})

    def choose_preset(self, name: str) -> None:
        """Put a preset's levers in force."""
        if name not in self.presets:
            inputs.refused(inputs.InputError(f"preset: no preset {str(name)[:40]!r}"))
            return
        self.change(dict(self.presets[name]))

    def change(self, new: dict[str, float]) -> None:
        """Put ``new`` levers in force, remembering the old ones for undo."""
        old = self.levers.value
        if not changed_levers(new, old):
            return
        with self.batch:
            self.history.set((*self.history.value, old)[-HISTORY:])
            self._apply(new)

    def undo(self) -> None:
        """Go back to the levers before the last change."""
        if self.history.value:
            *rest, last = self.history.value
            with self.batch:
                self.history.set(tuple(rest))
                self._apply(dict(last))

    def _apply(self, new: dict[str, float]) -> None:
        self.levers.set(new)
        with self.lock:
            firm = self.model.value
            if firm.steps == 0:  # nothing has happened yet: the same firm under the new levers
                self.model.set(self.build(new))
            else:  # from the next month on; nothing on screen changes before that month
                live.change_levers(firm, new)

    def pin(self) -> None:
        """Pin the current levers as a reference and compare with them."""
        levers = dict(self.levers.value)
        pins = self.pins.value
        for i, pin in enumerate(pins):
            if not changed_levers(levers, pin.levers):
                self.reference.set(f"pin:{i}")
                return
        preset = self.preset_name(levers)
        label = (f"pinned: {preset}" if preset != "custom" else
                 f"pinned: {describe(levers, self.setup.baseline)}")
        with self.batch:
            self.pins.set((*pins, Pin(label, levers))[-PINS:])
            self.reference.set(f"pin:{len(self.pins.value) - 1}")

    def choose_reference(self, key: str) -> None:
        """Compare the projection with the reference ``key`` (see :meth:`references`)."""
        if key not in self.references():
            inputs.refused(inputs.InputError(f"reference: no reference {str(key)[:40]!r}"))
            return
        self.reference.set(key)

    def set_seed(self, text: object) -> None:
        """A new seed from the seed box: a new firm; anything else gets a note, no change."""
        try:
            value = inputs.whole(_number(text), *inputs.SEED_RANGE, "seed")
        except inputs.InputError:
            self.seed_note.set(SEED_NOTE)
            return
        with self.batch:
            self.seed_note.set("")
            if value == self.seed.value:
                return
            with self.lock:
                self.seed.set(value)
                self.model.set(self.build(seed=value))

    def reset(self) -> None:
        """The firm anew at month 0 under the current levers."""
        with self.batch, self.lock:
            self.model.set(self.build())
            force_update()


def _number(text: object) -> object:
    """A number typed in a text box (whole numbers only), or the text as it is."""
    if isinstance(text, str) and text.strip().lstrip("-").isdigit() and len(text) < 30:
        return int(text.strip())
    return text

