"""The branch's members, read from ``members.csv`` (English or Chinese headers)."""
from __future__ import annotations

import csv
from dataclasses import asdict, dataclass
from pathlib import Path

from .errors import MeetkitError

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

STATUS_TEXT = {"full": {"zh-CN": "正式党员", "en": "full member"},
               "probationary": {"zh-CN": "预备党员", "en": "probationary member"},
               "suspended": {"zh-CN": "留党察看", "en": "under probation within the party"}}
ROLE_TEXT = {"secretary": {"zh-CN": "书记", "en": "secretary"},
             "deputy": {"zh-CN": "副书记", "en": "deputy secretary"},
             "committee": {"zh-CN": "委员", "en": "committee member"},
             "member": {"zh-CN": "党员", "en": "member"}}


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
        raise MeetkitError(f"{path}: roster not found (columns: {', '.join(HEADERS)})")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = path.read_text(encoding="gb18030")  # Excel on Chinese Windows saves GBK
        except UnicodeDecodeError:
            raise MeetkitError(f"{path}: not UTF-8 or GBK text") from None
    rows = list(csv.reader(text.splitlines()))
    if not rows:
        raise MeetkitError(f"{path}: empty roster (expected a header row: {', '.join(HEADERS)})")
    header = [ZH_HEADERS.get(h.strip(), h.strip().lower()) for h in rows[0]]
    missing = [h for h in REQUIRED if h not in header]
    if missing:
        raise MeetkitError(f"{path}:1: header lacks column(s) {', '.join(missing)} "
                           f"(expected {', '.join(HEADERS)} or 姓名,类别,党小组,职务)")
    members: list[Member] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header) and len(row) <= max(header.index(h) for h in REQUIRED):
            raise MeetkitError(f"{path}:{number}: row has {len(row)} column(s), expected "
                               f"{len(header)} ({', '.join(header)})")
        values = {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(header)}
        where = f"{path}:{number}"
        for h, value in values.items():
            if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
                raise MeetkitError(f"{where}: {h} contains a control character; "
                                   "retype it as plain text")
        if not values["name"]:
            raise MeetkitError(f"{where}: name is empty")
        status = STATUSES.get(values["status"].lower() if values["status"].isascii() else values["status"])
        if status is None:
            raise MeetkitError(f"{where}: status {values['status']!r} is not one of full, "
                               "probationary, suspended (正式党员, 预备党员, 留党察看)")
        role = ROLES.get(values["role"].lower() if values["role"].isascii() else values["role"])
        if role is None:
            raise MeetkitError(f"{where}: role {values['role']!r} is not one of secretary, deputy, "
                               "committee, member (书记, 副书记, 委员, 党员)")
        if values["name"] in seen:
            raise MeetkitError(f"{where}: {values['name']} is listed twice (also row {seen[values['name']]})")
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
