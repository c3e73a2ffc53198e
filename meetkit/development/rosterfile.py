"""Joining the roster: on ``approval`` the new member is written into the workspace's roster
file (members.csv or members.xlsx, the one the branch keeps) as probationary, with 入党时间 the
admission meeting's date; on ``full-approval`` the same row becomes a full member.

The file is the roster: every command reads it, so the new member is expected at the next
meeting, signs in and shows in ``meetkit members`` at once. The row is written in the file's own
words (中文表头 → 预备党员/正式党员, 党员; English → probationary/full, member) and encoding; a
入党时间 (joined) column is added when the file has none. The file is rewritten atomically."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import MeetkitError
from ..files import atomic_write_bytes
from ..i18n import _
from ..roster import STATUSES, ZH_HEADERS

if TYPE_CHECKING:
    from ..store.development import Person
    from ..workspace import Workspace

WORDS = {
    True: {"probationary": "预备党员", "full": "正式党员", "member": "党员", "joined": "入党时间"},
    False: {"probationary": "probationary", "full": "full", "member": "member", "joined": "joined"},
}


def _key(header: str) -> str:
    h = header.strip()
    return ZH_HEADERS.get(h, h.lower())


def _update(rows: list[list[str]], person: Person, status: str, joined: dt.date, path: Path) -> str:
    """Change ``rows`` (the header first) in place; returns what was done, in words."""
    head = rows[0]
    chinese = any(h.strip() in ZH_HEADERS for h in head)
    words = WORDS[chinese]
    keys = [_key(h) for h in head]
    if "joined" not in keys:
        head.append(words["joined"])
        keys.append("joined")
        for row in rows[1:]:
            row.append("")
    width = len(head)
    for row in rows[1:]:
        row.extend([""] * (width - len(row)))
    col = {k: i for i, k in enumerate(keys)}
    same = [row for row in rows[1:] if row[col["name"]].strip() == person.name]

    def is_this_person(row: list[str]) -> bool:
        """The row written for this admission: its 入党时间, or a probationary row without one
        (typed in by hand). A full member of the same name is someone else."""
        status = row[col["status"]].strip()
        when = row[col["joined"]].strip()
        if when:
            return when == joined.isoformat()
        return STATUSES.get(status.lower() if status.isascii() else status) == "probationary"

    mine = [row for row in same if is_this_person(row)]
    if len(same) > 1 or (same and not mine):
        raise MeetkitError(
            _(
                "{path}: {name} is already on the roster as someone else; add the new "
                "member's row yourself (status {status}, 入党时间 {date})"
            ).format(path=path.name, name=person.name, status=words[status], date=joined)
        )
    if mine:
        row = mine[0]
        row[col["status"]] = words[status]
        row[col["joined"]] = joined.isoformat()
        return _("{path}: {name} is now a {status} (row {row})").format(
            path=path.name, name=person.name, status=words[status], row=rows.index(row) + 1
        )
    row = [""] * width
    row[col["name"]] = person.name
    row[col["status"]] = words[status]
    row[col["role"]] = words["member"]
    if "group" in col:
        row[col["group"]] = person.group
    row[col["joined"]] = joined.isoformat()
    rows.append(row)
    return _("{path}: added {name} as a {status} from {date} (row {row})").format(
        path=path.name, name=person.name, status=words[status], date=joined, row=len(rows)
    )


def _csv(path: Path, person: Person, status: str, joined: dt.date) -> str:
    raw = path.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    try:
        text, encoding = raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = raw.decode("gb18030"), "gb18030"
    rows = [row for row in csv.reader(text.splitlines()) if any(c.strip() for c in row)]
    said = _update(rows, person, status, joined, path)
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n" if "\r\n" in text else "\n").writerows(rows)
    data = out.getvalue().encode(encoding)
    atomic_write_bytes(path, (b"\xef\xbb\xbf" if bom else b"") + data)
    return said


def _xlsx(path: Path, person: Person, status: str, joined: dt.date) -> str:
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = book.worksheets[0]
    rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    first = next(i for i, row in enumerate(rows) if any(c.strip() for c in row))
    body = [rows[first]] + [r for r in rows[first + 1 :] if any(c.strip() for c in r)]
    said = _update(body, person, status, joined, path)
    sheet.delete_rows(first + 1, sheet.max_row)
    for row in body:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    atomic_write_bytes(path, out.getvalue())
    return said


def join(ws: Workspace, person: Person, status: str, joined: dt.date) -> tuple[str, bool]:
    """Write ``person`` into the roster file as ``status`` (probationary | full) with 入党时间
    ``joined``. Returns (one line saying what changed, or why the roster was left alone;
    whether it changed). The step is on record either way: a roster the branch must fix by
    hand never undoes it."""
    path = ws.roster_path
    try:
        if not path.exists():
            raise MeetkitError(_("{path}: roster not found").format(path=path))
        write = _xlsx if path.suffix.lower() == ".xlsx" else _csv
        said = write(path, person, status, joined)
    except (MeetkitError, OSError, ValueError) as exc:
        return str(exc), False
    ws.__dict__.pop("members", None)  # read the roster again
    return said, True
