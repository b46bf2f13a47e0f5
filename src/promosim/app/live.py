"""The firm the class watches month by month, and policy changes while it runs.

A lever moved while the firm runs takes effect from its next month, as a policy change in a real
firm would (``PromoterModel.set_levers``, recorded in ``model.policy_schedule``). Before the first
month the firm is simply built anew under the new levers: its spin-up is the same, so nothing is
lost.
"""

from __future__ import annotations

from collections.abc import Mapping

from promosim.app.export import lever_value
from promosim.model import PromoterModel


def change_levers(model: PromoterModel, levers: Mapping[str, float]) -> dict[str, float]:
    """Put ``levers`` into force from the model's next month; returns the levers that changed.

    Only for a model that has run at least one month (before that, build a new model).
    """
    if model.steps == 0:
        raise ValueError("the firm has not started: build it anew with the new levers")
    upcoming = {name: model.params.scalar(name) for name in levers}
    for month, scheduled in model.policy_schedule:
        if month == model.steps + 1:
            upcoming.update({k: v for k, v in scheduled.items() if k in upcoming})
    changed = {name: lever_value(name, value) for name, value in levers.items()
               if lever_value(name, value) != lever_value(name, upcoming[name])}
    if changed:
        model.set_levers(**changed)
    return changed
