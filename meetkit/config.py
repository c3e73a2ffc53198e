"""Reads and checks ``meetkit.toml``: every error names the file and the line."""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .errors import MeetkitError
from .i18n import _

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DEFAULT_PORT = 8750


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


def _line_of(text: str, section: str, key: str) -> int:
    """Best-effort line number of ``key`` inside ``[section]``, for error messages."""
    current = ""
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        m = re.match(r"^\[([^\]]+)\]", stripped)
        if m:
            current = m.group(1).strip()
        elif current == section and re.match(rf"^{re.escape(key)}\s*=", stripped):
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
    return (parts.scheme in ("http", "https") and bool(parts.hostname)
            and not parts.query and not parts.fragment and not parts.username
            and re.fullmatch(r"[!#-;=?-~]+", url) is not None)


def line_of(path: Path, section: str, key: str) -> int:
    """The line of ``key`` in ``[section]`` of the file at ``path`` (0 when not found)."""
    try:
        return _line_of(path.read_text(encoding="utf-8"), section, key)
    except (OSError, UnicodeDecodeError):
        return 0


def load_config(path: Path) -> Config:
    """Parse and validate ``path``; raise MeetkitError("meetkit.toml:LINE: what") when bad."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise MeetkitError(_("{path}: not UTF-8 text ({reason})").format(
            path=path, reason=exc.reason)) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        msg = getattr(exc, "msg", str(exc))
        if line is None:
            m = re.search(r"line (\d+)", str(exc))
            line = m.group(1) if m else "?"
            msg = re.sub(r"\s*\(at line.*\)$", "", str(exc))
        raise MeetkitError(_("{path}:{line}: invalid TOML: {why}").format(
            path=path, line=line, why=msg)) from None

    def get(section, key, kind, default):
        value = data.get(section, {}).get(key, default)
        if not isinstance(data.get(section, {}), dict):
            raise MeetkitError(_("{path}: [{section}] must be a table").format(
                path=path, section=section))
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            line = _line_of(text, section, key)
            want = {str: _("text in quotes"), int: _("a whole number"),
                    bool: _("true or false")}[kind]
            raise MeetkitError(_("{path}:{line}: [{section}] {key} must be {want}, got "
                                 "{value!r}").format(path=path, line=line, section=section,
                                                     key=key, want=want, value=value))
        return value

    cfg = Config(
        branch=get("branch", "name", str, ""),
        secretary=get("branch", "secretary", str, ""),
        organizer=get("branch", "organizer", str, ""),
        higher_org=get("branch", "higher_org", str, ""),
        place=get("branch", "place", str, ""),
        lang=get("branch", "lang", str, "zh-CN"),
        start_time=get("meeting", "start_time", str, "19:30"),
        late_grace_minutes=get("meeting", "late_grace_minutes", int, 10),
        exclude_away=get("meeting", "exclude_away", bool, True),
        public_url=get("signin", "public_url", str, "").rstrip("/"),
        port=get("signin", "port", int, DEFAULT_PORT),
        printed_opens_minutes=get("signin", "printed_opens_minutes", int, 30),
        printed_closes_minutes=get("signin", "printed_closes_minutes", int, 180),
        one_member_per_address=get("signin", "one_member_per_address", bool, True),
        database_url=get("store", "url", str, ""),
        ledger=data.get("ledger", {}),
        raw=data,
    )
    if cfg.lang not in ("zh-CN", "en"):
        raise MeetkitError(_("{path}:{line}: [branch] lang must be 'zh-CN' or 'en', got "
                             "{value!r}").format(path=path, line=_line_of(text, "branch", "lang"),
                                                 value=cfg.lang))
    if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", cfg.start_time):
        raise MeetkitError(_("{path}:{line}: [meeting] start_time must be HH:MM, got "
                             "{value!r}").format(
            path=path, line=_line_of(text, "meeting", "start_time"), value=cfg.start_time))
    if not 0 < cfg.port < 65536:
        raise MeetkitError(_("{path}:{line}: [signin] port must be 1-65535, got {value}").format(
            path=path, line=_line_of(text, "signin", "port"), value=cfg.port))
    for key in ("printed_opens_minutes", "printed_closes_minutes"):
        if not 0 <= getattr(cfg, key) <= 7 * 24 * 60:
            raise MeetkitError(f"{path}:{_line_of(text, 'signin', key)}: [signin] {key} must be "
                               f"0-10080 (minutes), got {getattr(cfg, key)}")
    if cfg.public_url and not valid_public_url(cfg.public_url):
        raise MeetkitError(f"{path}:{_line_of(text, 'signin', 'public_url')}: [signin] "
                           f"public_url must be an http:// or https:// address, got "
                           f"{data['signin']['public_url']!r}")
    if cfg.late_grace_minutes < 0:
        raise MeetkitError(_("{path}:{line}: [meeting] late_grace_minutes must not be "
                             "negative").format(
            path=path, line=_line_of(text, "meeting", "late_grace_minutes")))
    return cfg


def render_config(*, branch: str, secretary: str, organizer: str, higher_org: str, place: str,
                  lang: str, since=None) -> str:
    """The text of a new meetkit.toml, commented for the secretary who will edit it. ``since``
    (default today) starts the ledger's count; [ledger] is the last table, so a user's own
    ``TYPE = N`` lines go right under it."""
    import datetime as dt

    since = since or dt.date.today()
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
