"""The one schema of ``meetkit.toml`` (``SETTINGS``), and reading and checking it: every error
names the file and the line, ``meetkit.toml:LINE: [section] key ...``.

To add a setting, add a row to ``SETTINGS`` (and an attribute to ``Config`` when code reads it
often; otherwise read it with ``config.setting(section, key)``). Tables that are free-form (a
plugin's own ``[election]``, ``[ledger]`` whose keys are meeting types) stay in ``config.raw``;
their checks use ``line_of``/``error_at`` so they name the line the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import clock as _clock
from ._toml import tomllib
from .errors import MeetkitError
from .i18n import _

if TYPE_CHECKING:
    import datetime as dt

DEFAULT_PORT = 8750


def one_of(*allowed: str) -> Callable[[Any], str | None]:
    """A check: the value is one of ``allowed``."""
    words = " or ".join(f'"{a}"' for a in allowed)
    return lambda value: None if value in allowed else f"must be {words}, got {value!r}"


def between(low: int, high: int | None = None) -> Callable[[Any], str | None]:
    """A check: ``low <= value`` (and ``<= high``)."""

    def check(value: Any) -> str | None:
        if value < low or (high is not None and value > high):
            return (
                f"must be {low}-{high}, got {value}"
                if high is not None
                else f"must be at least {low}, got {value}"
            )
        return None

    return check


def clock(value: str) -> str | None:
    """A check: a time of day, HH:MM."""
    return (
        None if re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value) else f"must be HH:MM, got {value!r}"
    )


def time_zone(value: str) -> str | None:
    """A check: a time zone the system knows (IANA name, e.g. Asia/Shanghai)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        return f'must be a time zone such as "Asia/Shanghai", got {value!r}'
    return None


def share(value: object) -> str | None:
    """A check: a share of the whole, 0 < share <= 1, written 0.3 or "1/3"."""
    from fractions import Fraction

    try:
        ok = not isinstance(value, bool) and 0 < Fraction(str(value)) <= 1
    except (ValueError, ZeroDivisionError):
        ok = False
    return None if ok else f'must be a share such as 0.3 or "1/3", got {value!r}'


def headings(value: list) -> str | None:
    """A check: a non-empty list of headings (text)."""
    if value and all(isinstance(h, str) and h.strip() for h in value):
        return None
    return f'must be a list of headings, e.g. ["一、…", "二、…"], got {value!r}'


def http_address(value: str) -> str | None:
    """A check: empty, or an http:// or https:// address (what goes into the QR code)."""
    if not value or valid_public_url(value.rstrip("/")):
        return None
    return f"must be an http:// or https:// address, got {value!r}"


@dataclass(frozen=True, eq=False)  # eq=False: rows are keys by identity (a dict default)
class Setting:
    """One key of meetkit.toml: where it lives, its type and default, and what else must hold."""

    section: str
    key: str
    kind: type | tuple[type, ...]
    default: Any
    check: Callable[[Any], str | None] | None = None
    attr: str = ""  # the Config attribute that holds it ("" for none: use config.setting())


# A share of the whole (excellent_share): a number or text such as "1/3".
SHARE = (str, float, int)

# The schema of meetkit.toml. Extend it here; nothing else parses the file.
SETTINGS: tuple[Setting, ...] = (
    #       section     key                   type default        check               Config attribute
    Setting("branch", "name", str, "", None, "branch"),
    Setting("branch", "secretary", str, "", None, "secretary"),
    Setting("branch", "organizer", str, "", None, "organizer"),
    Setting("branch", "higher_org", str, "", None, "higher_org"),
    Setting("branch", "place", str, "", None, "place"),
    Setting("branch", "lang", str, "zh-CN", one_of("zh-CN", "en"), "lang"),
    Setting("meeting", "start_time", str, "19:30", clock, "start_time"),
    # At most a day: a bigger grace is a typo, and overflows the date arithmetic.
    Setting("meeting", "late_grace_minutes", int, 10, between(0, 1440), "late_grace_minutes"),
    Setting("meeting", "exclude_away", bool, True, None, "exclude_away"),
    Setting("signin", "public_url", str, "", http_address, "public_url"),
    Setting("signin", "port", int, DEFAULT_PORT, between(1, 65535), "port"),
    Setting("signin", "printed_opens_minutes", int, 30, between(0, 43200), "printed_opens_minutes"),
    Setting(
        "signin", "printed_closes_minutes", int, 180, between(0, 43200), "printed_closes_minutes"
    ),
    Setting("signin", "one_member_per_address", bool, True, None, "one_member_per_address"),
    Setting("store", "url", str, "", None, "database_url"),
    Setting("followup", "carry", str, "type", one_of("type", "branch")),
    Setting("ledger", "", dict, {}, None, "ledger"),  # TYPE = N
    # Calendar invitations (meetkit share --ics, plan): the zone and how long a meeting blocks.
    Setting("meeting", "timezone", str, "Asia/Shanghai", time_zone),
    Setting("meeting", "duration_minutes", int, 90, between(1, 1440)),
    # The democratic appraisal (decisions/appraisal.py).
    Setting("appraisal", "min_graders", int, 3, between(1)),
    Setting("appraisal", "excellent_share", SHARE, "1/3", share),
    Setting("appraisal", "committee", bool, False),
    # The self-inspection's headings (life/meeting.py); None: the built-in ones.
    Setting("life", "selfcheck_headings", list, None, headings),
    Setting("plan", "", dict, {}),  # TYPE = day of the month (reports/plan.py)
)

KINDS = {
    str: "text in quotes",
    int: "a whole number",
    bool: "true or false",
    dict: "a table",
    list: "a list",
    SHARE: 'a share such as 0.3 or "1/3"',
}


@dataclass
class Config:
    """The settings of one workspace."""

    branch: str = ""
    secretary: str = ""
    organizer: str = ""
    higher_org: str = ""
    place: str = ""
    lang: str = "zh-CN"
    start_time: str = "19:30"
    late_grace_minutes: int = 10
    public_url: str = ""
    port: int = DEFAULT_PORT
    printed_opens_minutes: int = 30
    printed_closes_minutes: int = 180
    one_member_per_address: bool = True
    database_url: str = ""
    exclude_away: bool = True  # members away are left out of "should attend" and quorums
    ledger: dict = field(default_factory=dict)
    raw: dict = field(default_factory=dict)
    path: Path | None = None

    def setting(self, section: str, key: str) -> Any:
        """The value of a SETTINGS row (checked when the file was read), or its default."""
        row = next(s for s in SETTINGS if (s.section, s.key) == (section, key))
        table = self.raw.get(section, {})
        return table.get(key, row.default) if key else table or row.default


def line_in_text(text: str, section: str, key: str = "") -> int:
    """The line where ``[section] key`` (or the table itself) is set, 0 if nowhere. The TOML
    parser finds it, not a pattern: the first prefix of the file that holds it. Only called
    for an error, on a file of a few dozen lines."""
    lines = text.splitlines()
    for number in range(1, len(lines) + 1):
        try:
            table = tomllib.loads("\n".join(lines[:number])).get(section)
        except tomllib.TOMLDecodeError:
            continue  # the prefix ends inside a multi-line value
        if table is not None and (not key or (isinstance(table, dict) and key in table)):
            return number
    return 0


def valid_public_url(url: str) -> bool:
    """True for an http(s) address with a host and nothing a QR code shouldn't carry (no
    spaces, quotes or angle brackets; no query or fragment)."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        return False
    return (
        parts.scheme in ("http", "https")
        and bool(parts.hostname)
        and not parts.query
        and not parts.fragment
        and not parts.username
        and re.fullmatch(r"[!#-;=?-~]+", url) is not None
    )


def line_of(path: Path, section: str, key: str) -> int:
    """The line of ``key`` in ``[section]`` of the file at ``path`` (0 when not found)."""
    try:
        return line_in_text(path.read_text(encoding="utf-8"), section, key)
    except (OSError, UnicodeDecodeError):
        return 0


# The old name, still imported by ledger.py, plan.py and ics.py: they should call error_at.
_line_of = line_in_text


def error_at(path: Path, section: str, key: str, words: str) -> MeetkitError:
    """``MeetkitError("meetkit.toml:LINE: [section] key words")`` for a setting that is wrong."""
    text = path.read_text(encoding="utf-8")
    where = f"[{section}] {key}" if key else f"[{section}]"
    return MeetkitError(f"{path}:{line_in_text(text, section, key)}: {where} {words}")


def _value(data: dict, path: Path, row: Setting) -> Any:
    table = data.get(row.section, {})
    if not isinstance(table, dict):
        raise error_at(path, row.section, "", "must be a table")
    if row.key and row.key not in table:
        return row.default
    value = table.get(row.key, row.default) if row.key else table
    if not isinstance(value, row.kind) or (row.kind is int and isinstance(value, bool)):
        raise error_at(path, row.section, row.key, f"must be {KINDS[row.kind]}, got {value!r}")
    problem = row.check(value) if row.check else None
    if problem:
        raise error_at(path, row.section, row.key, problem)
    return value


def load_config(path: Path) -> Config:
    """Parse ``path`` and check it against SETTINGS; raise MeetkitError("meetkit.toml:LINE:
    what") when bad."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise MeetkitError(
            _("{path}: not UTF-8 text ({reason})").format(path=path, reason=exc.reason)
        ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # Python < 3.14 puts the position only into the message: "... (at line 3, column 9)".
        line = getattr(exc, "lineno", None)
        msg = getattr(exc, "msg", str(exc))
        if line is None:
            m = re.search(r"line (\d+)", str(exc))
            line = m.group(1) if m else "?"
            msg = re.sub(r"\s*\(at line.*\)$", "", str(exc))
        raise MeetkitError(f"{path}:{line}: invalid TOML: {msg}") from None
    except RecursionError:  # arrays or tables nested thousands deep
        raise MeetkitError(_("{path}: invalid TOML: nested too deeply").format(path=path)) from None
    checked = {row: _value(data, path, row) for row in SETTINGS}
    values = {row.attr: value for row, value in checked.items() if row.attr}
    values["public_url"] = values["public_url"].rstrip("/")
    return Config(**values, raw=data, path=path)


def render_config(
    *,
    branch: str,
    secretary: str,
    organizer: str,
    higher_org: str,
    place: str,
    lang: str,
    since: dt.date | None = None,
) -> str:
    """The text of a new meetkit.toml, commented for the secretary who will edit it. ``since``
    (default today) starts the ledger's count; [ledger] is the last table, so a user's own
    ``TYPE = N`` lines go right under it."""

    since = since or _clock.today()

    def q(value: str) -> str:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'

    return f"""# meetkit workspace settings. Edit freely; `meetkit types` checks that this file reads.

[branch]
name = {q(branch)}              # 党支部名称
secretary = {q(secretary)}      # 书记: hosts meetings by default
organizer = {q(organizer)}      # 组织委员: records minutes by default
higher_org = {q(higher_org)}    # 上级党组织
place = {q(place)}              # default meeting place
lang = {q(lang)}                # document language: "zh-CN" or "en"

[meeting]
start_time = "19:30"           # default start time
late_grace_minutes = 10        # sign-ins after start + this many minutes count as late
exclude_away = true            # members away (流动党员, 外出) are not counted as "should attend"

[signin]
# The address members' phones reach this computer at, e.g. "http://192.168.1.20:8750".
# Empty: this machine's LAN address and the port below.
public_url = ""
port = {DEFAULT_PORT}
# The printed code (sign-in sheet, qr.png) works from this many minutes before the start
# until this many after; `meetkit signin-code reissue ID` replaces a leaked one.
printed_opens_minutes = 30
printed_closes_minutes = 180
# One phone (cookie) and one network address sign in one member each. Set false when phones
# share an address (the room behind one NAT, or a reverse proxy): shared addresses are then
# only flagged on the dashboard.
one_member_per_address = true

[ledger]
since = {since.isoformat()}          # the ledger counts from this day: earlier months are not gaps
# Required meetings per year, overriding each type's own frequency, e.g.:
# lesson = 2
# "democratic-life" = "yearly"     # 民主生活会: only for leadership teams (领导班子)
"""
