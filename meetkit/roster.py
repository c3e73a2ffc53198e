"""The branch's members, read from ``members.csv`` or ``members.xlsx`` (English or Chinese
headers), and the labels that tell members with the same name apart."""

from __future__ import annotations

import csv
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .errors import MeetkitError
from .i18n import N_, _, gettext_for
from .model.member import fold, shown  # noqa: F401  (the roster's names for them)

HEADERS = ("name", "status", "group", "role", "phone")
OPTIONAL = ("id", "note", "joined")
ZH_HEADERS = {
    "姓名": "name",
    "类别": "status",
    "党小组": "group",
    "职务": "role",
    "电话": "phone",
    "手机": "phone",
    "手机号": "phone",
    "编号": "id",
    "备注": "note",
    "入党时间": "joined",
    "入党日期": "joined",
}
REQUIRED = ("name", "status", "group", "role")

STATUSES = {
    "full": "full",
    "正式党员": "full",
    "正式": "full",
    "probationary": "probationary",
    "预备党员": "probationary",
    "预备": "probationary",
    "suspended": "suspended",
    "留党察看": "suspended",
}
# Away (流动党员, 外出) is not a voting status: it goes beside one ("预备党员、外出"); alone it
# means a full member away.
AWAY_WORDS = ("away", "流动党员", "外出", "流动")
ROLES = {
    "secretary": "secretary",
    "书记": "secretary",
    "deputy": "deputy",
    "副书记": "deputy",
    "committee": "committee",
    "委员": "committee",
    "支委": "committee",
    # A committee member's own title, kept as the roster gives it (printed as such).
    "organization": "organization",
    "组织委员": "organization",
    "propaganda": "propaganda",
    "宣传委员": "propaganda",
    "discipline": "discipline",
    "纪检委员": "discipline",
    "group-leader": "group-leader",
    "党小组长": "group-leader",
    "小组长": "group-leader",
    "组长": "group-leader",
    "member": "member",
    "党员": "member",
}
COMMITTEE_ROLES = ("secretary", "deputy", "committee", "organization", "propaganda", "discipline")

# Statuses and roles in words, translated through the catalog (status_text, role_text).
STATUS_TEXT = {
    "full": N_("full member"),
    "probationary": N_("probationary member"),
    "suspended": N_("under probation within the party"),
    "away": N_("away"),
}
ROLE_TEXT = {
    "secretary": N_("secretary"),
    "deputy": N_("deputy secretary"),
    "committee": N_("committee member"),
    "organization": N_("organization committee member"),
    "propaganda": N_("publicity committee member"),
    "discipline": N_("discipline inspection committee member"),
    "group-leader": N_("party group leader"),
    "member": N_("member"),
}


def status_text(status: str, lang: str) -> str:
    """A member's status in words (正式党员 …)."""
    return gettext_for(lang)(STATUS_TEXT[status])


def role_text(role: str, lang: str) -> str:
    """A member's role in words (书记 …)."""
    return gettext_for(lang)(ROLE_TEXT[role])


@dataclass
class Member:
    """One party member on the roster. ``id`` is stable: from the roster's id column, else
    given by meetkit once and kept in the database (see ``meetkit.members``)."""

    name: str
    status: str = "full"  # full | probationary | suspended
    group: str = ""
    # secretary | deputy | committee (organization, propaganda, discipline: 组织/宣传/纪检委员)
    # | group-leader | member
    role: str = "member"
    phone: str = ""
    id: str = ""
    away: bool = False  # 流动党员 / 外出: on the roster, left out of "should attend"
    note: str = ""
    # 入党时间 as the roster writes it: for a probationary member, the day the general meeting
    # admitted them (their probation's start); "" when the roster has no such column.
    joined: str = ""
    # What to call them where two members share the name (张伟（第一党小组）); "" until the
    # workspace (or a meeting's frozen roster) gives it: show ``label or name``.
    label: str = field(default="", compare=False)
    row: int = field(default=0, compare=False, repr=False)  # roster row, for messages
    explicit_id: bool = field(default=False, compare=False, repr=False)  # from the id column

    def __post_init__(self) -> None:
        self.id = self.id or self.name  # a roster without ids: see members.identify

    @property
    def voting(self) -> bool:
        """Probationary members and those under probation attend and speak but don't vote."""
        return self.status == "full"

    @property
    def committee(self) -> bool:
        return self.role in COMMITTEE_ROLES

    def as_dict(self) -> dict:
        out = asdict(self)
        del out["row"], out["explicit_id"], out["joined"]
        return {**out, "label": shown(self), "voting": self.voting}


def labels(members: list, lang: str = "zh-CN") -> dict:
    """{member id: what to call them}: the name, or, where the name is shared, the shortest
    label that tells them apart: the group, else the phone's last four digits, else a number
    (张伟（第一党小组）, 张伟（尾号1234）, 张伟（2）)."""
    _ = gettext_for(lang)
    by_name: dict = {}
    for m in members:
        by_name.setdefault(fold(m.name), []).append(m)
    out = {}
    for same in by_name.values():
        if len(same) == 1:
            out[same[0].id] = same[0].name
            continue
        for number, m in enumerate(same, 1):
            groups = [o.group for o in same if o.group == m.group]
            tails = [o.phone[-4:] for o in same if o.phone and o.phone[-4:] == m.phone[-4:]]
            if m.group and len(groups) == 1:
                extra = m.group
            elif len(m.phone) >= 4 and len(tails) == 1:
                # TRANSLATORS: what tells two members of the same name apart: their phone's tail.
                extra = _("phone …{tail}").format(tail=m.phone[-4:])
            else:
                extra = str(number)
            # TRANSLATORS: a member's label where two share the name: 张伟（第一党小组）.
            out[m.id] = _("{name} ({extra})").format(name=m.name, extra=extra)
    return out


def _cells_csv(path: Path) -> list:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = path.read_text(encoding="gb18030")  # Excel on Chinese Windows saves GBK
        except UnicodeDecodeError:
            raise MeetkitError(_("{path}: not UTF-8 or GBK text").format(path=path)) from None
    # Python 3.10's csv refuses a NUL outright ("line contains NUL"); 3.11 reads it as text. Read
    # it as another control character, which the row check below names with file:row on both.
    reader = csv.reader(text.replace("\x00", "\x01").splitlines())
    rows = []
    try:
        for row in reader:
            rows.append([_unquote(c) for c in row])
    except csv.Error as exc:  # e.g. a field over the csv module's 128 KB limit
        raise MeetkitError(
            _("{path}:{line}: not a readable CSV row: {why}").format(
                path=path, line=reader.line_num, why=exc
            )
        ) from None
    return list(enumerate(rows, 1))


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone or an id typed as a number
    return _unquote(str(value))


def _unquote(text: str) -> str:
    """A cell as ``csv_cell`` wrote it, without its apostrophe before a formula-like text."""
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text


def _cells_xlsx(path: Path) -> list:
    """The first sheet's rows as text, numbered as Excel numbers them."""
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise MeetkitError(
            _("{path}: not an Excel workbook (.xlsx): {why}").format(
                path=path, why=str(exc) or type(exc).__name__
            )
        ) from None
    try:
        sheet = book.worksheets[0]
        rows = [
            (number, [_cell_text(v) for v in row])
            for number, row in enumerate(sheet.iter_rows(values_only=True), 1)
        ]
    finally:
        book.close()
    # Excel keeps formatted but empty cells: drop trailing empty cells of each row.
    out = []
    for number, row in rows:
        while row and not row[-1].strip():
            row.pop()
        out.append((number, row))
    return out


def _parse_status(value: str, where: str) -> tuple[str, bool]:
    words = [w for w in re.split(r"[、,，;；/+＋\s]+", value.strip()) if w]
    status, away = None, False
    for word in words or ["full"]:
        key = word.lower() if word.isascii() else word
        if key in AWAY_WORDS:
            away = True
        elif key in STATUSES and status is None:
            status = STATUSES[key]
        else:
            raise MeetkitError(
                _(
                    "{where}: status {value!r} is not one of full, probationary, "
                    "suspended, away (正式党员, 预备党员, 留党察看, 流动党员/外出)"
                ).format(where=where, value=value)
            )
    return status or "full", away


def read_roster(path: Path, problems: list | None = None) -> list[Member]:
    """Read members.csv or members.xlsx; a bad row raises MeetkitError naming the file and
    row (or, given ``problems``, is skipped and its message appended there). Members may
    share a name; ids (when given) must be unique."""
    if not path.exists():
        raise MeetkitError(
            _("{path}: roster not found (columns: {columns})").format(
                path=path, columns=", ".join(HEADERS)
            )
        )
    rows = _cells_xlsx(path) if path.suffix.lower() == ".xlsx" else _cells_csv(path)
    rows = [(n, row) for n, row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise MeetkitError(
            _("{path}: empty roster (expected a header row: {columns})").format(
                path=path, columns=", ".join(HEADERS)
            )
        )
    head_number, head = rows[0]
    header = [ZH_HEADERS.get(h.strip(), h.strip().lower()) for h in head]
    missing = [h for h in REQUIRED if h not in header]
    if missing:
        raise MeetkitError(
            _(
                "{path}:{line}: header lacks column(s) {missing} (expected {columns} "
                "or 姓名,类别,党小组,职务)"
            ).format(
                path=path, line=head_number, missing=", ".join(missing), columns=", ".join(HEADERS)
            )
        )
    members: list[Member] = []
    ids: dict = {}
    people: dict = {}
    for number, row in rows[1:]:
        try:
            member = _member(path, number, row, header, ids, people)
        except MeetkitError as exc:
            if problems is None:
                raise
            problems.append(str(exc))
            continue
        members.append(member)
    return members


def _member(
    path: Path, number: int, row: list[str], header: list[str], ids: dict, people: dict
) -> Member:
    """One roster row as a Member, or MeetkitError naming the file and row."""
    if len(row) < len(header) and len(row) <= max(header.index(h) for h in REQUIRED):
        raise MeetkitError(
            _("{path}:{line}: row has {n} column(s), expected {count} ({columns})").format(
                path=path, line=number, n=len(row), count=len(header), columns=", ".join(header)
            )
        )
    values = {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(header)}
    where = f"{path}:{number}"
    for h, value in values.items():
        if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
            raise MeetkitError(
                _("{where}: {column} contains a control character; retype it as plain text").format(
                    where=where, column=h
                )
            )
    if not values["name"]:
        raise MeetkitError(_("{where}: name is empty").format(where=where))
    status, away = _parse_status(values["status"], where)
    role = ROLES.get(values["role"].lower() if values["role"].isascii() else values["role"])
    if role is None:
        raise MeetkitError(
            _(
                "{where}: role {value!r} is not one of secretary, deputy, "
                "committee, organization, propaganda, discipline, group-leader, member (书记, "
                "副书记, 委员, 组织委员, 宣传委员, 纪检委员, 党小组长, 党员)"
            ).format(where=where, value=values["role"])
        )
    given = values.get("id", "")
    if given:
        if given in ids:
            raise MeetkitError(
                _("{where}: id {id!r} is listed twice (also row {row})").format(
                    where=where, id=given, row=ids[given]
                )
            )
        ids[given] = number
    else:
        # Nothing tells two such rows apart: a row pasted twice.
        person = (values["name"], values["group"], values.get("phone", ""))
        if person in people:
            raise MeetkitError(
                _(
                    "{where}: {name} is listed twice with the same group and "
                    "phone (also row {row}); give each an id or a phone"
                ).format(where=where, name=values["name"], row=people[person])
            )
        people[person] = number
    return Member(
        name=values["name"],
        status=status,
        group=values["group"],
        role=role,
        phone=values.get("phone", ""),
        id=given,
        away=away,
        note=values.get("note", ""),
        joined=values.get("joined", ""),
        row=number,
        explicit_id=bool(given),
    )


# What a spreadsheet may take for a formula at the start of a cell (OWASP, CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """A CSV cell that a spreadsheet opens as text: one starting like a formula gets a
    leading apostrophe (OWASP's advice), which ``_cell_text`` takes off again on reading."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def write_roster(path: Path, members: list[Member]) -> None:
    """Write members.csv with English headers (an id column when a member has one of their
    own, a note column when a member has a note)."""
    import io

    from .files import atomic_write_text

    with_ids = any(getattr(m, "explicit_id", False) for m in members)
    with_notes = any(m.note or m.away for m in members)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow((["id"] if with_ids else []) + list(HEADERS) + (["note"] if with_notes else []))
    for m in members:
        status = (
            m.status + ("+away" if m.away and m.status != "full" else "") if m.away else m.status
        )
        if m.away and m.status == "full":
            status = "away"
        writer.writerow(
            csv_cell(cell)
            for cell in ([m.id] if with_ids else [])
            + [m.name, status, m.group, m.role, m.phone]
            + ([m.note] if with_notes else [])
        )
    atomic_write_text(path, out.getvalue())
