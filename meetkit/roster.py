"""The branch's members, read from ``members.csv`` (English or Chinese headers)."""
from __future__ import annotations

import csv
from dataclasses import asdict, dataclass
from pathlib import Path

from .errors import MeetkitError
from .i18n import N_, _, gettext_for

HEADERS = ("name", "status", "group", "role", "phone")
ZH_HEADERS = {"姓名": "name", "类别": "status", "党小组": "group", "职务": "role",
              "电话": "phone", "手机": "phone", "手机号": "phone"}
REQUIRED = ("name", "status", "group", "role")

STATUSES = {"full": "full", "正式党员": "full", "正式": "full",
            "probationary": "probationary", "预备党员": "probationary", "预备": "probationary",
            "suspended": "suspended", "留党察看": "suspended"}
ROLES = {"secretary": "secretary", "书记": "secretary",
         "deputy": "deputy", "副书记": "deputy",
         "committee": "committee", "委员": "committee", "支委": "committee",
         "组织委员": "committee", "宣传委员": "committee", "纪检委员": "committee",
         "member": "member", "党员": "member"}
COMMITTEE_ROLES = ("secretary", "deputy", "committee")

# Statuses and roles in words, translated through the catalog (status_text, role_text).
STATUS_TEXT = {"full": N_("full member"), "probationary": N_("probationary member"),
               "suspended": N_("under probation within the party")}
ROLE_TEXT = {"secretary": N_("secretary"), "deputy": N_("deputy secretary"),
             "committee": N_("committee member"), "member": N_("member")}


def status_text(status: str, lang: str) -> str:
    """A member's status in words (正式党员 …)."""
    return gettext_for(lang)(STATUS_TEXT[status])


def role_text(role: str, lang: str) -> str:
    """A member's role in words (书记 …)."""
    return gettext_for(lang)(ROLE_TEXT[role])


@dataclass
class Member:
    """One party member on the roster."""

    name: str
    status: str = "full"  # full | probationary | suspended
    group: str = ""
    role: str = "member"  # secretary | deputy | committee | member
    phone: str = ""

    @property
    def voting(self) -> bool:
        """Probationary members and those under probation attend and speak but don't vote."""
        return self.status == "full"

    @property
    def committee(self) -> bool:
        return self.role in COMMITTEE_ROLES

    def as_dict(self) -> dict:
        return {**asdict(self), "voting": self.voting}


def read_roster(path: Path) -> list[Member]:
    """Read members.csv; a bad row raises MeetkitError naming the file and row."""
    if not path.exists():
        raise MeetkitError(_("{path}: roster not found (columns: {columns})").format(
            path=path, columns=", ".join(HEADERS)))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = path.read_text(encoding="gb18030")  # Excel on Chinese Windows saves GBK
        except UnicodeDecodeError:
            raise MeetkitError(_("{path}: not UTF-8 or GBK text").format(path=path)) from None
    rows = list(csv.reader(text.splitlines()))
    if not rows:
        raise MeetkitError(_("{path}: empty roster (expected a header row: {columns})").format(
            path=path, columns=", ".join(HEADERS)))
    header = [ZH_HEADERS.get(h.strip(), h.strip().lower()) for h in rows[0]]
    missing = [h for h in REQUIRED if h not in header]
    if missing:
        raise MeetkitError(_("{path}:1: header lacks column(s) {missing} (expected {columns} "
                             "or 姓名,类别,党小组,职务)").format(
            path=path, missing=", ".join(missing), columns=", ".join(HEADERS)))
    members, seen = [], {}
    for number, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header) and len(row) <= max(header.index(h) for h in REQUIRED):
            raise MeetkitError(_("{path}:{row}: row has {count} column(s), expected {expected} "
                                 "({columns})").format(path=path, row=number, count=len(row),
                                                       expected=len(header),
                                                       columns=", ".join(header)))
        values = {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(header)}
        where = f"{path}:{number}"
        for h, value in values.items():
            if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
                raise MeetkitError(_("{where}: {column} contains a control character; retype "
                                     "it as plain text").format(where=where, column=h))
        if not values["name"]:
            raise MeetkitError(_("{where}: name is empty").format(where=where))
        status = STATUSES.get(values["status"].lower() if values["status"].isascii() else values["status"])
        if status is None:
            raise MeetkitError(_("{where}: status {status!r} is not one of full, probationary, "
                                 "suspended (正式党员, 预备党员, 留党察看)").format(
                where=where, status=values["status"]))
        role = ROLES.get(values["role"].lower() if values["role"].isascii() else values["role"])
        if role is None:
            raise MeetkitError(_("{where}: role {role!r} is not one of secretary, deputy, "
                                 "committee, member (书记, 副书记, 委员, 党员)").format(
                where=where, role=values["role"]))
        if values["name"] in seen:
            raise MeetkitError(_("{where}: {name} is listed twice (also row {row})").format(
                where=where, name=values["name"], row=seen[values["name"]]))
        seen[values["name"]] = number
        members.append(Member(name=values["name"], status=status, group=values["group"],
                              role=role, phone=values.get("phone", "")))
    return members


def write_roster(path: Path, members: list[Member]) -> None:
    """Write members.csv with English headers."""
    from .files import atomic_write_text
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADERS)
    for m in members:
        writer.writerow([m.name, m.status, m.group, m.role, m.phone])
    atomic_write_text(path, out.getvalue())
