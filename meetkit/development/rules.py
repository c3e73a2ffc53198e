"""The rules as data: ``rules/2014-细则.toml`` (the national text) and ``rules/local.toml``
(local defaults, marked local), then the workspace's ``development-rules.toml`` (local rules
of its own: a rule with the id of a built-in local rule replaces it, ``enabled = false`` drops
it). Each rule names its article and quotes the words it rests on.

Dates: a period in months moves by calendar months (1 March + 12 months = 1 March next year; 31
January + 1 month = 28/29 February)."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .._toml import tomllib
from ..errors import MeetkitError
from ..i18n import _

HERE = Path(__file__).with_name("rules")
NATIONAL = "2014-细则.toml"
LOCAL = "local.toml"
WORKSPACE_FILE = "development-rules.toml"
KINDS = (
    "min_age",
    "within",
    "not_before",
    "every",
    "people",
    "min_hours",
    "min_workdays",
    "vote",
    "extension",
    "note",
)


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    step: str
    article: str
    quote: str
    en: str = ""
    source: str = ""  # the text's title (中国共产党发展党员工作细则, 本地规定)
    local: bool = False
    verified: bool = False
    after: str = ""
    until: str = ""
    months: int = 0
    years: int = 0
    min: int = 0
    max: int = 0
    hours: int = 0
    days: int = 0
    workdays: int = 0
    min_months: int = 0
    max_months: int = 0
    params: dict = field(default_factory=dict, compare=False, repr=False)

    def cite(self, lang: str = "zh-CN") -> str:
        """《细则》第十三条 / 本地规定, as a refusal names it."""
        if self.local:
            return self.article
        return f"《{self.source}》{self.article}"


FIELDS = {f for f in Rule.__dataclass_fields__} - {"params", "source", "local"}


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months`` calendar months (the month's last day where it is short)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _read(path: Path, where: str) -> tuple[dict, list[dict]]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise MeetkitError(_("{path}: not valid TOML: {why}").format(path=where, why=exc)) from None
    return data.get("text", {}), data.get("rule", [])


def _rule(raw: dict, text: dict, where: str, local: bool) -> Rule:
    for key in ("id", "kind", "step", "article", "quote"):
        if not raw.get(key):
            raise MeetkitError(
                _("{path}: a rule lacks {key}").format(path=where, key=key)
                + (f" ({raw.get('id')})" if raw.get("id") else "")
            )
    if raw["kind"] not in KINDS:
        raise MeetkitError(
            _("{path}: rule {id}: kind {kind!r} is not one of {kinds}").format(
                path=where, id=raw["id"], kind=raw["kind"], kinds=", ".join(KINDS)
            )
        )
    values = {k: v for k, v in raw.items() if k in FIELDS}
    return Rule(
        **values,
        source=text.get("title", ""),
        local=local or bool(text.get("local")),
        params=dict(raw),
    )


def load(workspace_root: Path | None = None) -> list[Rule]:
    """Every rule in force: the national text's, the local defaults, the workspace's own."""
    rules: list[Rule] = []
    for name in (NATIONAL, LOCAL):
        text, raws = _read(HERE / name, name)
        rules += [_rule(r, text, name, local=False) for r in raws]
    if workspace_root is not None and (workspace_root / WORKSPACE_FILE).is_file():
        path = workspace_root / WORKSPACE_FILE
        text, raws = _read(path, WORKSPACE_FILE)
        text = {"title": text.get("title", "本地规定"), **text, "local": True}
        national = {r.id for r in rules if not r.local}
        for raw in raws:
            if raw.get("id") in national:
                raise MeetkitError(
                    _(
                        "{path}: rule {id} is a rule of the national text; local rules "
                        "can add to it, not change it"
                    ).format(path=WORKSPACE_FILE, id=raw["id"])
                )
            rules = [r for r in rules if r.id != raw.get("id")]
            if raw.get("enabled", True) is False:
                continue
            rules.append(_rule(raw, text, WORKSPACE_FILE, local=True))
    return rules


def for_step(rules: list[Rule], step: str, kind: str | None = None) -> list[Rule]:
    return [r for r in rules if r.step == step and (kind is None or r.kind == kind)]
