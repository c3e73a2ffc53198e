"""Members as people: the stable id each member keeps, and finding the member a name, a label
or an id means (several members may share a name).

Ids: a roster's ``id``/``编号`` column, else the id meetkit gave the member the first time it
saw them (their name, ``张伟-2`` for a second 张伟), kept in the database and found again by
phone, then by name and group, then by name alone, so renaming or reordering rows keeps a
member's history. A roster of names only (every workspace made before ids) therefore keeps the
ids its sign-ins, leave and actions were written with: the names.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from .errors import MeetkitError
from .i18n import _
from .model.member import Named, fold
from .roster import labels

if TYPE_CHECKING:
    from collections.abc import Callable, Hashable

    from .config import Config
    from .roster import Member
    from .store import Store


class RosterFiles(Protocol):
    """What ``roster_report`` reads of a workspace (attendance, below the workspace, imports
    this module, so it can't name Workspace)."""

    @property
    def config(self) -> Config: ...

    @property
    def config_path(self) -> Path: ...

    def read_members(self, problems: list | None = None) -> tuple[list, list]: ...


class Unknown(MeetkitError):
    """No member answers to this name."""


class Ambiguous(MeetkitError):
    """Several members answer to this name; ``candidates`` are [{"member": id, "label"}]."""

    def __init__(self, message: str, candidates: list):
        super().__init__(message)
        self.candidates = candidates


def member_id(member: Named) -> str:
    """The id of a member (or the name of anything name-like)."""
    return getattr(member, "id", None) or member.name


# -- ids -------------------------------------------------------------------------------------
def identify(members: list[Member], store: Store, source: str = "members.csv") -> list[str]:
    """Give every member of ``members`` its stable id (in place) and store new ones; returns
    notes for the members matched by a guess (phone, or name without group)."""
    from .store.members import Identity

    stored = store.identities()
    by_id = {i.id: i for i in stored}
    claimed = {m.id for m in members if m.explicit_id}
    pending = [m for m in members if not m.explicit_id]
    notes = []

    def claim(key: Callable[[Any], Hashable], how: str, unique_name: bool = False) -> None:
        """Give each pending member the one unclaimed stored id with the same ``key``."""
        found: dict = {}
        for ident in stored:
            if ident.id not in claimed and key(ident):
                found.setdefault(key(ident), []).append(ident)
        names = [m.name for m in pending]
        for m in list(pending):
            hits = [i for i in found.get(key(m), ()) if i.id not in claimed] if key(m) else []
            if len(hits) != 1 or (unique_name and names.count(m.name) > 1):
                continue
            ident = hits[0]
            m.id = ident.id
            claimed.add(ident.id)
            pending.remove(m)
            if how and (ident.name, ident.group) != (m.name, m.group):
                notes.append(
                    _(
                        "{source}:{row}: {name} keeps the id {id} of {was} (matched by {how})"
                    ).format(
                        source=source,
                        row=m.row or "?",
                        name=m.name,
                        id=ident.id,
                        was=" ".join(filter(None, (ident.name, ident.group))),
                        how=how,
                    )
                )

    # A roster that gained an id column: a new id takes over the history of the member it
    # replaces (matched by phone, else name and group), so nothing is left under the old id.
    for m in members:
        if not m.explicit_id or m.id in by_id:
            continue
        for how, test in (
            (_("phone"), lambda i, m=m: bool(m.phone) and i.phone == m.phone),
            (_("name and group"), lambda i, m=m: (i.name, i.group) == (m.name, m.group)),
        ):
            hits = [i for i in stored if i.id not in claimed and test(i)]
            if len(hits) == 1:
                old = hits[0].id
                store.rekey_member(old, m.id)
                claimed.add(old)
                notes.append(
                    _(
                        "{source}:{row}: {name} now has the id {id}, and the history of "
                        "the id {old} (matched by {how})"
                    ).format(
                        source=source, row=m.row or "?", name=m.name, id=m.id, old=old, how=how
                    )
                )
                break

    claim(lambda x: (x.name, x.group, x.phone), "")
    claim(lambda x: x.phone, _("phone"))
    claim(lambda x: (x.name, x.group), "")
    claim(lambda x: x.name, _("name"), unique_name=True)
    used = claimed | set(by_id)
    for m in pending:
        new, n = m.name, 1
        while new in used:
            n += 1
            new = f"{m.name}-{n}"
        m.id = new
        used.add(new)
    changed = [
        Identity(m.id, m.name, m.group, m.phone)
        for m in members
        if by_id.get(m.id) != Identity(m.id, m.name, m.group, m.phone)
    ]
    store.save_identities(changed)
    return notes


# -- who is meant ----------------------------------------------------------------------------
def find(
    members: list,
    text: str,
    *,
    where: str = "",
    lang: str = "zh-CN",
    all_members: list | None = None,
    source: str = "",
) -> Member:
    """The member ``text`` means among ``members``: an id, a label (张伟（第一党小组）) or a
    name, exactly, else after normalisation (NFKC, spaces, width, case). Raises Unknown
    (with close names) or Ambiguous (with the candidates). ``all_members`` (the roster) makes
    labels the same as everywhere else."""
    text = (text or "").strip()
    prefix = f"{where}: " if where else ""
    pool = all_members or members
    names = labels(pool, lang)
    # A label already given (frozen with a meeting, or by the workspace) is the one shown.
    names.update({m.id: m.label for m in pool if getattr(m, "label", None)})
    # A name first: an id equal to a shared name (张伟, given to the first 张伟) must not
    # pick one of them silently.
    for test in (
        lambda m: names.get(m.id) == text,
        lambda m: m.name == text,
        lambda m: m.id == text,
        lambda m: fold(names.get(m.id, m.name)) == fold(text),
        lambda m: fold(m.name) == fold(text),
    ):
        hits = [m for m in members if test(m)]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            listed = "; ".join(f"{names.get(m.id, m.name)} (--member {m.id})" for m in hits)
            raise Ambiguous(
                prefix
                + _("{count} members are called {name}: {listed}").format(
                    count=len(hits), name=text, listed=listed
                ),
                [{"member": m.id, "label": names.get(m.id, m.name)} for m in hits],
            )
    close = difflib.get_close_matches(
        text, list(dict.fromkeys(m.name for m in members)), n=3, cutoff=0.5
    )
    hint = _("; did you mean {names}?").format(names=", ".join(close)) if close else ""
    where_from = _(" (not in {source})").format(source=source) if source else ""
    raise Unknown(prefix + _("unknown member {name!r}").format(name=text) + where_from + hint)


def by_id(members: list[Member], ident: str, *, where: str = "--member") -> Member:
    """The member with this id, or Unknown naming ``where``."""
    for m in members:
        if m.id == ident:
            return m
    raise Unknown(
        _("{where}: no member has the id {id!r} (see `meetkit members`)").format(
            where=where, id=ident
        )
    )


def config_problems(config: Config, members: list[Member], path: Path) -> list[str]:
    """``meetkit.toml:LINE: …`` for a secretary or organizer who is not a member."""
    from .config import line_of

    out = []
    for key in ("secretary", "organizer"):
        value = getattr(config, key, "")
        if not value:
            continue
        try:
            find(members, value)
        except MeetkitError as exc:
            line = line_of(path, "branch", key)
            out.append(f"{path}:{line}: [branch] {key}: {exc}")
    return out


def roster_report(ws: RosterFiles) -> tuple[list, dict, list[str], list[str]]:
    """What ``meetkit members`` shows: (members, their labels by id, notes, problems). Bad
    rows are skipped and described in problems, with meetkit.toml's secretary/organizer."""
    from .roster import labels

    problems: list = []
    roster, notes = ws.read_members(problems)
    problems += config_problems(ws.config, roster, ws.config_path)
    return roster, labels(roster, ws.config.lang), notes, problems
