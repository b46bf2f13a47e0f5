"""What is happening in the firm, in plain words, from its state and the latest events.

:func:`narrate` reads a :class:`~promosim.model.PromoterModel` after a step and returns a few
sentences for the class: the spirals under way and how the managers behave in them, this month's
quits, hires, new role holders and lost customers, and how trust and supervision have moved.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from promosim.model import PromoterModel
from promosim.parameters import BY_NAME


def position_name(position: int, team_size: int) -> str:
    """A position as the dashboard names it: team and seat, 1-based (``"2.4"``)."""
    return f"{position // team_size + 1}.{position % team_size + 1}"


def count(n: int, singular: str, plural: str | None = None) -> str:
    """``"1 promoter"``, ``"3 promoters"``."""
    return f"{n} {singular if n == 1 else plural or singular + 's'}"


def listing(items: list[str]) -> str:
    """``"a"``, ``"a and b"``, ``"a, b and c"``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def narrate(model: PromoterModel, details: int = 3,
            events: pd.DataFrame | None = None) -> list[str]:
    """Sentences on the firm's month, most important first (at most ``details`` per kind).

    ``events`` is the model's event log, if already at hand.
    """
    if model.steps == 0:
        return [f"Month 0: the firm has {int(model.latest['promoters'])} promoters and "
                f"{int(model.latest['active_relationships'])} customer relationships after "
                f"{int(model.values['spinup_months']) // 12} years under the baseline policy. "
                "Press Step or Play to watch your policy at work.", *spirals(model, details)]
    events = model.events if events is None else events
    now = events[events["month"] == model.steps]
    return [*policy_news(model), *spirals(model, details), *this_month(model, now, details),
            *climate(model)]


def policy_news(model: PromoterModel) -> list[str]:
    """Lever changes that took effect this month."""
    changes = {name: value for month, levers in model.policy_schedule if month == model.steps
               for name, value in levers.items()}
    if not changes:
        return []
    said = listing([f"{BY_NAME[name].label.lower()} {value:g}" for name, value in changes.items()])
    return [f"New policy from this month: {said}."]


def spirals(model: PromoterModel, details: int) -> list[str]:
    """The failure–distrust spirals under way, with what the managers do in them."""
    st, size = model.state, model.params.team_size
    base = model.params.scalar("supervision_base")
    caught = np.flatnonzero(st.in_spiral[0] & st.occupied[0])
    if caught.size == 0:
        return ["No promoter is in a failure–distrust spiral."]
    teams = sorted({int(p) // size + 1 for p in caught})
    lines = [f"{count(caught.size, 'promoter')} {'is' if caught.size == 1 else 'are'} in a "
             f"failure–distrust spiral (team{'s' if len(teams) > 1 else ''} "
             f"{listing([str(t) for t in teams])})."]
    worst = caught[np.argsort(st.mgmt_trust[0, caught])][:details]
    for p in worst:
        failures = int(st.failure_lag1[0, p]) + int(st.failure_lag2[0, p])
        lost = int(st.negotiations[0, p] - st.wins[0, p])
        months = model.steps - int(st.spiral_start[0, p])
        why = ("after two months in a row read as failures" if failures == 2
               else "after results read as failures" if failures else
               "although this month's results were not read as a failure")
        lines.append(
            f"Team {p // size + 1}'s manager has tightened supervision of promoter "
            f"{position_name(int(p), size)} to {st.supervision[0, p]:.2f} (policy base {base:.2f}) "
            f"{why}; trust in them is down to {st.mgmt_trust[0, p]:.2f} and their latitude to "
            f"{st.latitude[0, p]:.2f}"
            + (f"; this month they lost {count(lost, 'negotiation')}" if lost else "")
            + f". In the spiral for {count(months, 'month')}.")
    return lines


def this_month(model: PromoterModel, now: pd.DataFrame, details: int) -> list[str]:
    """This month's events: spirals ended, quits, new role holders, hires and customers."""
    size = model.params.team_size
    by_kind: dict[str, list] = {}
    for row in now.itertuples():
        by_kind.setdefault(row.event, []).append(row)
    lines = []
    name = lambda row: position_name(int(row.position), size)  # noqa: E731
    for row in by_kind.get("spiral_end", [])[:details]:
        how = ("the manager's trust recovered and supervision eased" if row.detail == "recovery"
               else "the promoter quit")
        lines.append(f"The spiral of promoter {name(row)} ended after {row.duration:.0f} months: "
                     f"{how}.")
    for row in by_kind.get("quit", [])[:details]:
        held = ", a relationship promoter," if row.detail == "role holder" else ""
        accounts = int(model.state.active[0, int(row.position)].sum())
        lines.append(f"Promoter {name(row)}{held} quit after {row.duration / 12:.1f} years; "
                     f"the team covers their {count(accounts, 'customer')} until a successor "
                     "starts, and personal trust went with them.")
    for row in by_kind.get("role_gained", [])[:details]:
        lines.append(f"Promoter {name(row)} has become a relationship promoter: customers and "
                     "management have trusted them for a year.")
    for row in by_kind.get("role_lost", [])[:details]:
        lines.append(f"Promoter {name(row)} has lost the relationship-promoter role.")
    hires = by_kind.get("hire", [])
    if hires:
        seats = listing([name(row) for row in hires])
        plural = "s" if len(hires) > 1 else ""
        lines.append(f"New promoter{plural} started in position{plural} {seats}: they need a "
                     "few months to ramp up and earn trust.")
    lost, won = (len(by_kind.get(kind, [])) for kind in ("relationship_end", "relationship_start"))
    if lost or won:
        lines.append(f"Customers: {count(lost, 'relationship')} ended, "
                     f"{count(won, 'new one')} won.")
    return lines


def climate(model: PromoterModel) -> list[str]:
    """Trust, supervision, vacancies, role holders and power over-use, against a year ago."""
    collected = model.datacollector.model_vars
    months = len(collected["promoters"])
    now, ago = ({name: values[i] for name, values in collected.items()}
                for i in (months - 1, max(months - 13, 0)))

    def trend(name: str) -> str:
        change = now[name] - ago[name]
        if abs(change) < 0.01:
            return f"{now[name]:.2f}, as a year ago"
        return f"{now[name]:.2f}, {'up' if change > 0 else 'down'} from {ago[name]:.2f} a year ago"

    lines = [f"Customers trust their promoters at {trend('mean_customer_trust')}; managers trust "
             f"their promoters at {trend('mean_management_trust')}, with supervision at "
             f"{now['mean_supervision']:.2f} and role conflict at {now['mean_role_conflict']:.2f}.",
             f"{count(int(now['promoters_in_role']), 'promoter')} of {int(now['promoters'])} "
             "hold the relationship-promoter role."]
    vacancies = int(now["vacancies"])
    if vacancies:
        lines.append(f"{count(vacancies, 'position')} {'is' if vacancies == 1 else 'are'} vacant: "
                     "their customers get only the team's cover.")
    overuse = int(now["power_overuse"])
    if overuse:
        verb = "faces" if overuse == 1 else "face"
        lines.append(f"{count(overuse, 'customer-side promoter')} {verb} no promoter of yours "
                     "and over-use their power (costly adaptations).")
    return lines
