"""Starting the dashboard: its options checked and resolved, its addresses said, its server run.

:func:`prepare` turns the options of ``promosim app`` (or the arguments of
:func:`serve_app`) into a :class:`Dashboard`: the class's firm (a scenario at classroom size),
the preset policies, who may join (the class code, the names and origins the server answers
to), where hand-ins go, and the teacher's link and leaderboard. Everything that can be wrong is
said before the server starts, each in one line; :meth:`Dashboard.report` is what the command
prints, :meth:`Dashboard.serve` runs the server (:mod:`promosim.app.server`) until interrupted.
"""

from __future__ import annotations

import ipaddress
import re
import secrets
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from promosim.app.classroom import ClassCode, Sessions
from promosim.app.firm import Firm, record
from promosim.app.gate import AllowList, is_loopback, origin_of
from promosim.app.leaderboard import RANKABLE, Leaderboard, worker
from promosim.app.setup import CLASSROOM, Setup, shipped_presets
from promosim.errors import ConfigError, shown
from promosim.experiments.limits import MAX_SEED, check_whole
from promosim.scenario import Scenario, configs_folder

WHERE = "promosim.serve_app"
#: The most runs of each hand-in for the leaderboard (they run beside the class's pages).
MOST_REPLICATES = 200
#: The most browser tabs served at once that may be asked for.
MOST_SESSIONS = 10_000
#: Command-line options whose names are not the argument's with dashes.
OPTIONS = {"open_class": "--open", "allow_origins": "--allow-origin", "class_name": "--class"}
#: Addresses that mean "every interface of this machine".
EVERY = ("0.0.0.0", "::")
#: What the dashboard says when Ctrl+C has stopped its server.
STOPPED = "promosim app: stopped"


def option(key: str, where: str | None) -> str:
    """How messages name an argument: ``--class-code`` on the command line, else ``where: 'key'``.

    Args:
        key: the argument of :func:`prepare`.
        where: the caller (None: the command line).

    Returns:
        The name.
    """
    if where is None:
        return OPTIONS.get(key, f"--{key.replace('_', '-')}")
    return f"{where}: '{key}'"


@dataclass(frozen=True)
class Dashboard:
    """A dashboard ready to serve: its firm, who may join, and where the class's files go.

    Made by :func:`prepare`, which checks every part.

    Args:
        setup: what every browser tab runs: the firm, its seed and the preset policies.
        host: the address listened on.
        port: the port.
        allow: the host names and origins the server answers to.
        code: the class code students type (None: none needed).
        max_sessions: browser tabs served at once.
        addresses: the addresses students open (this machine's, when serving beyond it).
        hand_in: the folder hand-ins go to (None: the "Hand in" button is off).
        firm_file: the record of the class's firm in ``hand_in``.
        class_name: the class's name on the teacher's page.
        rank_by: the outcome the leaderboard ranks by.
        replicates: runs of each hand-in for the leaderboard.
        teacher_key: the key of the teacher's link (None without a hand-in folder).
        where: the caller named in the report (None: the command line, whose options it names).
    """

    setup: Setup
    host: str
    port: int
    allow: AllowList
    code: ClassCode | None
    max_sessions: int
    addresses: tuple[str, ...]
    hand_in: Path | None
    firm_file: Path | None
    class_name: str
    rank_by: str
    replicates: int
    teacher_key: ClassCode | None
    where: str | None = WHERE

    @property
    def local(self) -> bool:
        """Whether a browser on this machine reaches the server as ``localhost``."""
        return is_loopback(self.host) or self.host in EVERY

    @property
    def student_links(self) -> list[str]:
        """The addresses students open."""
        return [f"http://{address}:{self.port}/" for address in self.addresses]

    @property
    def teacher_link(self) -> str | None:
        """The teacher's page (None without a hand-in folder); keep it from the students."""
        if self.teacher_key is None:
            return None
        host = "localhost" if self.local else self.host
        return f"http://{host}:{self.port}/teacher?key={self.teacher_key.code}"

    def report(self) -> str:
        """What ``promosim app`` prints before serving: the firm, the addresses, the class code.

        Returns:
            The lines, with the teacher's link when there is a hand-in folder.
        """
        values = self.setup.values
        lines = [f"promosim app: {self.setup.scenario}, {int(values['n_teams'])} teams × "
                 f"{int(values['team_size'])} positions, seed {self.setup.seed}"]
        join = f"?class={self.code.code}" if self.code else ""
        if self.local:
            lines.append(f"open http://localhost:{self.port}/{join} in a browser (Ctrl+C stops "
                         "the server)")
        if self.addresses:
            lines.append("students open " + " or ".join(self.student_links))
        if self.code:
            link = (f" (or give the link http://{self.addresses[0]}:{self.port}/{join})"
                    if self.addresses else "")
            lines.append(f"class code: {self.code.shown}{link}")
        elif not is_loopback(self.host):
            lines.append(f"no class code ({self._said('open_class')}): anyone who can reach "
                         "this machine may use the dashboard")
        lines.append(f"at most {self.max_sessions} browser tabs at once "
                     f"({self._said('max_sessions')})")
        if self.hand_in is not None:
            lines.append(f"handed-in policies go to {self.hand_in}/ (with the firm in "
                         f"{self.firm_file})")
            lines.append(f"teacher's page: {self.teacher_link} (keep this link to yourself)")
        return "\n".join(lines)

    def _said(self, key: str) -> str:
        """An option as the report names it: ``--open``, or ``open_class=True`` in Python."""
        if self.where is None:
            return option(key, None)
        return f"{key}=True" if key == "open_class" else key

    def serve(self, announce: bool = True) -> None:
        """Serve the dashboard until interrupted (Ctrl+C); with a hand-in folder, the leaderboard.

        Ctrl+C is the usual way to stop the server, so it is no error: the server stops, says so
        in one line on standard error (:data:`STOPPED`, where the command line says a command
        was interrupted) and returns, and ``promosim app`` exits with status 0. SIGTERM is
        reported by the command line as for every command (status 143).

        Args:
            announce: print :meth:`report` first (on standard output).
        """
        from promosim.app import server
        from promosim.app.teacher import Teacher

        if announce:
            print(self.report())
        sessions, teacher = Sessions(self.max_sessions), None
        if self.hand_in is not None and self.teacher_key is not None:
            board = Leaderboard(self.hand_in, self.setup, self.replicates, self.rank_by,
                                worker())
            board.start()
            teacher = Teacher(self.teacher_key, board, sessions, self.class_name, self.code,
                              self.student_links)
        sys.stdout.flush()
        server.serve(self.host, self.port, self.allow, self.code, sessions, teacher)
        print(STOPPED, file=sys.stderr, flush=True)


def prepare(scenario: str | Path | Scenario | Mapping[str, Any] | None = None, *,
            host: str = "127.0.0.1", port: int = 8765, class_code: str | None = None,
            open_class: bool = False, allow_origins: Sequence[str] = (),
            max_sessions: int = 60, teams: int = CLASSROOM["n_teams"],
            team_size: int = CLASSROOM["team_size"], overrides: Mapping[str, Any] | None = None,
            months: int | None = None, seed: int = 1, policies: str | Path | None = None,
            hand_in: str | Path | None = None, class_name: str | None = None,
            rank_by: str = "profit", replicates: int = 30,
            where: str | None = WHERE) -> Dashboard:
    """Check the dashboard's options and make it ready to serve (see :func:`serve_app`).

    Publishes the setup to this process's environment (where the server's pages read it),
    records the class's firm in the hand-in folder and checks that the port is free and the
    browser assets are installed.

    Args:
        scenario: as in :func:`serve_app`.
        host: as in :func:`serve_app`.
        port: as in :func:`serve_app`.
        class_code: as in :func:`serve_app`.
        open_class: as in :func:`serve_app`.
        allow_origins: as in :func:`serve_app`.
        max_sessions: as in :func:`serve_app`.
        teams: as in :func:`serve_app`.
        team_size: as in :func:`serve_app`.
        overrides: as in :func:`serve_app`.
        months: as in :func:`serve_app`.
        seed: as in :func:`serve_app`.
        policies: as in :func:`serve_app`.
        hand_in: as in :func:`serve_app`.
        class_name: as in :func:`serve_app`.
        rank_by: as in :func:`serve_app`.
        replicates: as in :func:`serve_app`.
        where: the caller, named first in messages; None for the command line, whose messages
            name its options (``--class-code``) and whose parser has checked the numbers.

    Returns:
        The dashboard, ready to serve.

    Raises:
        ConfigError: an option that cannot be used, a broken preset policy, a hand-in folder
            that cannot be written, a port in use, or missing browser assets.
    """
    from promosim.app import server
    from promosim.workflows.running import overrides_of, scenario_of

    if where is not None:  # the command line's parser has checked these
        check_numbers(where, port=port, max_sessions=max_sessions, seed=seed,
                      replicates=replicates)
        if rank_by not in RANKABLE:
            raise ConfigError(f"{option('rank_by', where)} must be one of "
                              f"{', '.join(RANKABLE)}, got {shown(rank_by)}")
        for key, value in (("host", host), ("class_code", class_code),
                           ("class_name", class_name)):
            if not (value is None or isinstance(value, str)) or (key == "host" and not value):
                raise ConfigError(f"{option(key, where)} must be a string, got {shown(value)}")
    changes = dict(overrides_of(overrides, where or "--set"))
    if months is not None:
        changes["months"] = months
    chosen = scenario_of(scenario, None, None, where or "--config")
    if where is None:  # as the command line's --set, after --teams and --team-size
        chosen = chosen.with_overrides("--set", **{"n_teams": teams, "team_size": team_size,
                                                   **changes})
    else:
        chosen = chosen.with_overrides(where, n_teams=teams, team_size=team_size)
        if changes:
            chosen = chosen.with_overrides(f"{where}: overrides", **changes)
    folder = configs_folder() / "policies" if policies is None else Path(policies)
    if not folder.is_dir():
        raise ConfigError(f"{folder}: no such folder of policy files (--policies)" if where is None
                          else f"{option('policies', where)}: {folder}: no such folder of policy "
                               "files")
    code = resolve_class_code(class_code, open_class, is_loopback(host), where)
    origins = [allow_origins] if isinstance(allow_origins, str) else list(allow_origins)
    for item in origins:
        check_allowed(item, where)
    folder_in = None if hand_in is None else Path(hand_in)
    if class_name is not None:
        check_class_name(class_name, where)
        folder_in = folder_in or Path("results") / "classes" / class_name
    setup = Setup(values=chosen.values, schedule=chosen.policy_schedule(), seed=seed,
                  scenario=chosen.name, presets=shipped_presets(folder),
                  hand_in=str(folder_in) if folder_in else None)
    setup.policies()  # a broken preset file is reported now, not in the browser
    setup.to_environment()
    firm_file = None
    if folder_in is not None:  # the folder is made and the firm recorded before serving
        firm_file = recorded_here(folder_in, Firm(setup.scenario, setup.values, setup.schedule,
                                                  setup.seed), where)
    server.check_port(host, port, where)
    server.configure()
    allow = AllowList.build(host, port, origins)
    return Dashboard(setup, host, port, allow, code, max_sessions,
                     tuple(student_addresses(host, allow.hosts)), folder_in, firm_file,
                     class_name or (folder_in.name if folder_in else ""), rank_by, replicates,
                     ClassCode(secrets.token_hex(8).upper()) if folder_in else None, where)


def serve_app(scenario: str | Path | Scenario | Mapping[str, Any] | None = None, *,
              host: str = "127.0.0.1", port: int = 8765, class_code: str | None = None,
              open_class: bool = False, allow_origins: Sequence[str] = (),
              max_sessions: int = 60, teams: int = CLASSROOM["n_teams"],
              team_size: int = CLASSROOM["team_size"],
              overrides: Mapping[str, Any] | None = None, months: int | None = None,
              seed: int = 1, policies: str | Path | None = None,
              hand_in: str | Path | None = None, class_name: str | None = None,
              rank_by: str = "profit", replicates: int = 30) -> None:
    """Serve the teaching dashboard until interrupted, as ``promosim app`` does.

    Every option is checked first; then the addresses students open, the class code and (with
    a hand-in folder) the teacher's link are printed, and the server runs in this process until
    Ctrl+C (in Jupyter: until the kernel is interrupted). Each browser tab gets its own firm;
    nothing is loaded from the internet. To place the dashboard's views in a page of one's own
    instead, see :mod:`promosim.app.components`. ``promosim app`` starts its interpreter with
    ``PYTHONMALLOC=malloc``, so that a class's closed tabs give their memory back
    (:mod:`promosim.app.server`); a long-running server started from Python should set it too.

    Args:
        scenario: the class's firm: a scenario file, a :class:`~promosim.scenario.Scenario`, a
            mapping of parameter values, or None for ``configs/baseline.toml``.
        host: the address to listen on: ``127.0.0.1`` (this machine only) or ``0.0.0.0`` (a
            classroom network, which needs a class code unless ``open_class``).
        port: the port, 1 to 65535.
        class_code: the code students type to join (6–32 letters and digits); default: a new
            code when serving beyond this machine.
        open_class: serve beyond this machine without a class code.
        allow_origins: other names students reach the server by (``class.example.org``), or
            origins of a proxy in front of it (``https://class.example.org``).
        max_sessions: browser tabs served at once, each with its own firm.
        teams: teams in the firm (default: a classroom firm of 4 teams).
        team_size: promoter positions per team (default: 6).
        overrides: parameter values that replace the scenario's (after ``teams`` and
            ``team_size``).
        months: the horizon (None: the scenario's).
        seed: the class's seed: same seed, same luck.
        policies: the folder of preset policy files (default: ``configs/policies``).
        hand_in: the folder where the "Hand in" button saves students' policy files.
        class_name: run a class of this name: hand-ins go to ``results/classes/NAME`` (unless
            ``hand_in`` says otherwise) and the teacher gets a page with the class code, the
            hand-ins as they arrive and a leaderboard.
        rank_by: the outcome the leaderboard ranks by.
        replicates: runs of each hand-in for the leaderboard, 2 to 200.

    Raises:
        ConfigError: an option that cannot be used, a broken preset policy, a hand-in folder
            that cannot be written, a port in use, or missing browser assets.
    """
    prepare(scenario, host=host, port=port, class_code=class_code, open_class=open_class,
            allow_origins=allow_origins, max_sessions=max_sessions, teams=teams,
            team_size=team_size, overrides=overrides, months=months, seed=seed,
            policies=policies, hand_in=hand_in, class_name=class_name, rank_by=rank_by,
            replicates=replicates).serve()


def check_numbers(where: str, **numbers: Any) -> None:
    """Check the whole-number arguments of :func:`prepare` against their bounds.

    Args:
        where: the caller, named first in messages.
        **numbers: ``port``, ``max_sessions``, ``seed`` and ``replicates``.

    Raises:
        ConfigError: a number out of its bounds.
    """
    bounds = {"port": (1, 65535), "max_sessions": (1, MOST_SESSIONS), "seed": (0, MAX_SEED),
              "replicates": (2, MOST_REPLICATES)}
    for key, value in numbers.items():
        check_whole(value, key, where, *bounds[key])


def resolve_class_code(given: str | None, open_class: bool, loopback: bool,
                       where: str | None = None) -> ClassCode | None:
    """The class code: the one given, a new one beyond this machine, none if ``open_class``.

    Returns:
        The code, or None when none is needed.

    Raises:
        ConfigError: a code given for an open class, or a code that is not 6–32 letters and
            digits.
    """
    if given is not None and open_class:
        both = ("--class-code and --open" if where is None
                else f"{where}: 'class_code' and 'open_class'")
        raise ConfigError(f"{both} exclude each other: choose one")
    if given is not None:
        try:
            return ClassCode(given)
        except ValueError as error:
            raise ConfigError(f"{option('class_code', where)}: {error}") from None
    return None if open_class or loopback else ClassCode()


def check_class_name(name: str, where: str | None = None) -> None:
    """Refuse a class name that cannot be a folder's name.

    Raises:
        ConfigError: not 1 to 60 letters, digits, dots, dashes or underscores.
    """
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,59}", name):
        raise ConfigError(f"{option('class_name', where)} {name[:80]!r}: a class name has 1 to "
                          "60 letters, digits, dots, dashes or underscores and starts with a "
                          "letter or digit")


def check_allowed(item: Any, where: str | None = None) -> None:
    """Refuse an allowed name that is neither a host name nor an origin.

    Raises:
        ConfigError: not a host name (``class.example.org``) or an origin without a path.
    """
    if isinstance(item, str):
        if "://" in item:
            parts = urlsplit(item)
            if origin_of(item) is not None and parts.path in ("", "/") and not (
                    parts.query or parts.fragment or parts.username):
                return
        elif re.fullmatch(r"[A-Za-z0-9.-]{1,253}|\[?[0-9A-Fa-f:.]{2,45}\]?", item):
            return
    shown_item = repr(item[:80]) if isinstance(item, str) else shown(item)
    raise ConfigError(f"{option('allow_origins', where)} {shown_item}: expected a host name "
                      "(class.example.org) or an origin (https://class.example.org, no path)")


def student_addresses(host: str, hosts: frozenset[str]) -> list[str]:
    """The addresses students can open: the one listened on, or this machine's IPv4 addresses."""
    if host not in EVERY:
        return [] if is_loopback(host) else [host]
    found = []
    for name in sorted(hosts):
        try:
            address = ipaddress.ip_address(name)
        except ValueError:
            continue
        if address.version == 4 and not (address.is_loopback or address.is_link_local):
            found.append(name)
    return found


def recorded_here(folder: Path, firm: Firm, where: str | None = None) -> Path:
    """Record the class's firm in the hand-in folder.

    Returns:
        The record's path.

    Raises:
        ConfigError: the folder cannot be made or written in.
    """
    try:
        return record(folder, firm)
    except OSError as error:
        raise ConfigError(f"{option('hand_in', where)} {folder}: cannot create the folder or "
                          f"write in it ({error.strerror or error})") from None
