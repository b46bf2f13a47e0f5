"""The teacher's view: the class code, tabs open, hand-ins as they arrive and the leaderboard.

Served at ``/teacher`` by the dashboard's server (an ASGI app behind the
:class:`~promosim.app.gate.Gate`), to the browser that opened the teacher's link printed when the
app started (``/teacher?key=…``: the key grants a pass for this server's run, as the class code
does for students). The page is plain HTML that asks the server for its board every few seconds;
it holds no firm and takes no student's place. It offers the class's results as CSV and a debrief
chart (PNG): each policy's difference from the baseline with its 95% interval. Money is a year's
for the class's firm, as ``promosim compare`` shows it (:meth:`.Board.table`).
"""

from __future__ import annotations

import io
import logging
import time
from collections.abc import Callable
from html import escape
from urllib.parse import parse_qs

import pandas as pd
from matplotlib.figure import Figure

from promosim.app.classroom import ClassCode, Sessions
from promosim.app.gate import Receive, Scope, Send, page, respond
from promosim.app.leaderboard import RANKABLE, Board, Leaderboard, shown
from promosim.intervals import Interval
from promosim.outcomes import KINDS, OUTCOMES
from promosim.parameters import BY_NAME

LOG = logging.getLogger(__name__)
#: The cookie that holds the teacher's pass.
TEACHER_COOKIE = "promosim-teacher-pass"
#: Seconds between two updates of the page.
REFRESH = 3
#: Outcomes of the debrief chart besides the one the board is ranked by.
DEBRIEF = ("turnover_rate", "churn_rate", "mean_customer_trust", "profit")

STYLE = """
body { font: 16px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1200px; padding: 16px;
       color: #1d2327; }
h1 { font-size: 26px; margin: 0 0 8px; } h2 { font-size: 20px; margin: 18px 0 6px; }
.code { font-size: 44px; font-weight: bold; letter-spacing: 0.08em; }
.facts { display: flex; flex-wrap: wrap; gap: 8px 32px; align-items: baseline; }
table { border-collapse: collapse; width: 100%; font-size: 15px; }
th, td { border-bottom: 1px solid #d9dee2; padding: 4px 6px; text-align: right;
         vertical-align: top; }
th:first-child, td:first-child, td.text, th.text { text-align: left; }
th { background: #f4f7f9; }
.ci { display: block; color: #4d5760; font-size: 14px; white-space: nowrap; }
.better { color: #1a7f37; font-weight: 600; } .worse { color: #b42318; font-weight: 600; }
.note { color: #4d5760; font-size: 15px; }
img { max-width: 100%; height: auto; }
nav a { margin-right: 12px; }
"""


def difference_class(interval: Interval, better: int) -> str:
    """"better", "worse" or "" (the interval includes zero)."""
    if not (interval.low > 0 or interval.high < 0):
        return ""
    return "better" if interval.estimate * better > 0 else "worse"


def difference_of(row: pd.Series) -> Interval:
    """The difference from the baseline in a row of :meth:`.Board.table`, with its interval."""
    return Interval(float(row["difference"]), float(row["difference_low"]),
                    float(row["difference_high"]), int(row["replicates"]))


def board_html(board: Board, sessions: Sessions | None = None) -> str:
    """The part of the page that changes: tabs open, hand-ins, leaderboard, chart."""
    ranked, outcome = board.ranked, OUTCOMES[board.rank_by]
    parts = []
    if sessions is not None:
        parts.append(f'<p class="facts"><span>Tabs open: <b>{len(sessions)}</b> of '
                     f"{sessions.cap}</span><span>Hand-ins: <b>{len(board.entries)}</b></span>"
                     "</p>")
    links = " ".join(f'<a href="/teacher?rank={name}">{escape(OUTCOMES[name].label)}</a>'
                     if name != board.rank_by else f"<b>{escape(OUTCOMES[name].label)}</b>"
                     for name in RANKABLE)
    parts.append(f"<h2>Leaderboard</h2><nav>Rank by: {links}</nav>")
    if board.baseline is None:
        parts.append('<p class="note">The baseline is being run…</p>')
    elif not ranked:
        parts.append('<p class="note">No policy has been run yet: hand-ins appear here as '
                     "they arrive.</p>")
    else:
        columns = shown(board.rank_by)
        table = board.table(columns).set_index(["rank", "outcome"])
        head = "".join(f"<th>{escape(o.yearly_heading)}</th>" for o in columns)
        rows = []
        for rank, entry in enumerate(ranked, start=1):
            cells = []
            for o in columns:
                kind, row = KINDS[o.kind], table.loc[(rank, o.name)]
                diff = difference_of(row)
                cells.append(f"<td>{kind.value(row['mean'])}"
                             f'<span class="ci {difference_class(diff, o.better)}">'
                             f"{kind.difference(diff.estimate)} ({kind.number(diff.low, True)} "
                             f"to {kind.number(diff.high, True)})</span></td>")
            rows.append(f'<tr data-rank="{rank}"><td>{rank}</td><td class="text">'
                        f"<b>{escape(entry.policy.name)}</b><br><small>{escape(entry.path.name)}"
                        f"</small></td>{''.join(cells)}</tr>")
        base = "".join(f"<td>{KINDS[o.kind].value(table.loc[(0, o.name), 'mean'])}</td>"
                       for o in columns)
        parts.append(
            f'<table><thead><tr><th>rank</th><th class="text">policy</th>{head}</tr></thead>'
            f'<tbody><tr><td></td><td class="text">baseline</td>{base}</tr>{"".join(rows)}'
            "</tbody></table>"
            f'<p class="note">Ranked by {escape(outcome.label.lower())} (best first), each '
            f"policy run {board.replicates} times on the class's firm with the same luck as the "
            f"baseline (common random numbers, seed {board.seed}). Under each mean: the "
            "difference from the baseline and its 95% interval, green or red where the interval "
            "excludes zero. Policies whose intervals overlap may differ by luck alone. Money is "
            f"a year's for the class's firm: its total over the {board.months} months divided by "
            f"{board.months / 12:g} years.</p>"
            f'<p><img src="/teacher/debrief.png?rank={board.rank_by}&amp;v={board.version}" '
            'alt="each policy against the baseline, with 95% intervals"></p>')
    parts.append(f'<p><a href="/teacher/class.csv?rank={board.rank_by}" download>Download the '
                 f'results (CSV)</a> · <a href="/teacher/debrief.png?rank={board.rank_by}" '
                 "download>Download the debrief chart (PNG)</a></p>")
    if board.waiting:
        parts.append("<p class=\"note\">Being run: " + ", ".join(
            escape(e.path.name) for e in board.waiting) + "</p>")
    parts.append("<h2>Hand-ins, latest first</h2><table><thead><tr><th>time</th>"
                 '<th class="text">file</th><th class="text">policy</th>'
                 '<th class="text">what it changes</th></tr></thead><tbody>')
    for entry in board.entries:
        if entry.policy is None:
            why = entry.problem.removeprefix(f"{entry.path}: ")
            what = f"<b>cannot be used:</b> {escape(why[:300])}"
            name = ""
        else:
            what = escape(", ".join(f"{BY_NAME[k].label.split(' (')[0].lower()} {v:g}"
                                     for k, v in entry.policy.levers.items())
                          + (f"; {len(entry.policy.schedule)} scheduled change(s)"
                             if entry.policy.schedule else ""))
            name = escape(entry.policy.name)
        parts.append(f"<tr><td>{entry.handed_in:%H:%M:%S}</td><td class=\"text\">"
                     f"{escape(entry.path.name)}</td><td class=\"text\">{name}</td>"
                     f'<td class="text">{what}</td></tr>')
    parts.append("</tbody></table>")
    return "".join(parts)


def debrief_png(board: Board) -> bytes:
    """The debrief chart: each ranked policy's difference from the baseline, 95% intervals."""
    names = list(dict.fromkeys((board.rank_by, *DEBRIEF)))[:4]
    ranked = board.ranked
    labels = [entry.policy.name for entry in ranked]
    table = board.table([OUTCOMES[name] for name in names]).set_index(["rank", "outcome"])
    figure = Figure(figsize=(11, 2.2 + 0.8 * len(ranked)), layout="constrained")
    axes = figure.subplots(2, 2, sharey=True).flat
    for axis, name in zip(axes, names, strict=False):
        outcome = OUTCOMES[name]
        kind = KINDS[outcome.kind]
        for y in range(len(ranked)):
            diff = difference_of(table.loc[(y + 1, name)])
            colour = {"better": "#1a7f37", "worse": "#b42318"}.get(
                difference_class(diff, outcome.better), "#555555")
            axis.errorbar(diff.estimate * kind.factor, y, fmt="o", color=colour, capsize=3,
                          xerr=[[(diff.estimate - diff.low) * kind.factor],
                                [(diff.high - diff.estimate) * kind.factor]])
        axis.axvline(0, color="#222222", lw=1)
        unit = kind.unit_of(True).strip()
        axis.set_title(outcome.yearly_heading, fontsize=11)
        axis.set_xlabel(f"difference from the baseline{f' ({unit})' if unit else ''}")
        axis.set_yticks(range(len(labels)), labels)
        axis.grid(alpha=0.3)
    axes[0].set_ylim(len(labels) - 0.5, -0.5)  # the best on top
    figure.suptitle(f"Each policy against the baseline, 95% intervals ({board.replicates} "
                    f"replicates, seed {board.seed}); ranked by "
                    f"{OUTCOMES[board.rank_by].label.lower()}; money a year", fontsize=11)
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=100)
    return out.getvalue()


class Teacher:
    """The teacher's pages (an ASGI app for paths under ``/teacher``)."""

    def __init__(self, key: ClassCode, leaderboard: Leaderboard, sessions: Sessions,
                 class_name: str, student_code: ClassCode | None,
                 addresses: list[str], clock: Callable[[], float] = time.monotonic):
        self.key, self.leaderboard, self.sessions = key, leaderboard, sessions
        self.class_name, self.student_code, self.addresses = class_name, student_code, addresses
        self.clock = clock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer a request for ``/teacher`` or one of its parts (errors: logged, a short page)."""
        try:
            await self._answer(scope, send)
        except Exception:
            LOG.exception("the teacher's page failed")
            await respond(send, 500, page("Something went wrong", TRY_AGAIN))

    async def _answer(self, scope: Scope, send: Send) -> None:
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        path = scope["path"].rstrip("/")
        given = query.get("key")
        if path == "/teacher" and given and self.key.matches(given[0]):
            cookie = (f"{TEACHER_COOKIE}={self.key.grant()}; Path=/teacher; HttpOnly; "
                      "SameSite=Strict")
            await respond(send, 303, "", [("location", "/teacher"), ("set-cookie", cookie)])
            return
        if not self.key.admits(_cookie(scope, TEACHER_COOKIE)) or scope["method"] not in (
                "GET", "HEAD"):
            LOG.warning("refused the teacher's page to %s", _client(scope))
            await respond(send, 403, page("For the teacher", FOR_THE_TEACHER))
            return
        rank = query.get("rank", [self.leaderboard.rank_by])[0]
        board = self.leaderboard.board(rank)
        if path == "/teacher":
            await respond(send, 200, self.page(board))
        elif path == "/teacher/board":
            await respond(send, 200, board_html(board, self.sessions))
        elif path == "/teacher/class.csv":
            await respond(send, 200, board.csv(), [(
                "content-disposition", f'attachment; filename="class-{board.rank_by}.csv"')],
                kind="text/csv; charset=utf-8")
        elif path == "/teacher/debrief.png" and board.ranked and board.baseline is not None:
            await respond(send, 200, debrief_png(board), kind="image/png")
        else:
            await respond(send, 404, page("Not found", "<p>No such page.</p>"))

    def page(self, board: Board) -> str:
        """The whole page: the class, its code, and the board (updated every few seconds)."""
        code = (f'<p>Class code: <span class="code">{escape(self.student_code.shown)}</span></p>'
                if self.student_code else "")
        where = (f"<p>Students open {' or '.join(f'<b>{escape(a)}</b>' for a in self.addresses)}"
                 "</p>" if self.addresses else "")
        return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>promosim · '
                f"teacher · {escape(self.class_name)}</title><meta name=\"viewport\" "
                f'content="width=device-width"><style>{STYLE}</style></head><body>'
                f"<h1>promosim: the class {escape(self.class_name)}</h1>{code}{where}"
                f'<div id="board">{board_html(board, self.sessions)}</div>'
                f"<script>{REFRESHER.replace('{refresh}', str(REFRESH * 1000))}</script>"
                "</body></html>")


TRY_AGAIN = ("<p>The page could not be made; the reason is in the log of <code>promosim app</code>"
             ". "
             '<a href="/teacher">Try again</a>.</p>')
FOR_THE_TEACHER = ("<p>This page is for the teacher: open the link that <code>promosim app</code> "
                   "printed when it started.</p>")
#: Fetches the board every few seconds and puts it in place (the page itself stays).
REFRESHER = """
setInterval(function () {
  fetch("/teacher/board" + location.search, {credentials: "same-origin"})
    .then(function (r) { return r.ok ? r.text() : null; })
    .then(function (html) {
      if (html !== null) { document.getElementById("board").innerHTML = html; }
    })
    .catch(function () {});
}, {refresh});
"""


def _cookie(scope: Scope, name: str) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == b"cookie":
            for item in value.decode("latin-1").split(";"):
                found, _, text = item.strip().partition("=")
                if found == name:
                    return text
    return None


def _client(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "unknown"
