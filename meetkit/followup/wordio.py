"""The Word round trip of action items: the secretary fills in the first table of
``actions.docx`` or ``rectification.docx`` by hand and ``import_document`` reads it back
(python-docx is imported only when importing)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import MeetkitError
from ..i18n import _
from ..model.action import Action, ActionFields, text_key  # noqa: F401  (followup's names)
from .parse import (
    _HEADER_OF,
    KIND_DOCUMENT,
    KINDS,
    carry_scope,
    clean_text,
    owner_ids,
    parse_due,
    parse_owner,
    parse_status,
)

if TYPE_CHECKING:
    from ..model.meeting import Meeting
    from ..workspace import Workspace

# --------------------------------------------------------------------------------------------
# The Word round trip
# --------------------------------------------------------------------------------------------


@dataclass
class ImportReport:
    """What ``import_document`` did with one file."""

    file: Path
    kind: str
    added: list = field(default_factory=list)  # (row number, Action)
    updated: list = field(default_factory=list)  # (row number, Action, [changed field names])
    unchanged: int = 0
    skipped: list = field(default_factory=list)  # (row number, reason)
    notes: list = field(default_factory=list)  # (row number, remark) about rows still used


def _header_map(cells: list[str]) -> dict[str, int] | None:
    """Column meaning -> index, when ``cells`` is a header row with at least text and owner."""
    found = {}
    for i, cell in enumerate(cells):
        col = _HEADER_OF.get(re.sub(r"\s", "", cell).casefold())
        if col and col not in found:
            found[col] = i
    return found if {"text", "owner"} <= set(found) else None


def read_table(path: Path) -> tuple[str, list[tuple[int, dict]]]:
    """(kind, rows) from the first table of a .docx: each row as (table row number counting
    the header as 1, {column meaning: cell text}). Rows left blank are dropped."""
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        doc = Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise MeetkitError(
            _("{path}: cannot read as a Word .docx file ({why})").format(path=path, why=exc)
        ) from None
    if not doc.tables:
        raise MeetkitError(
            _(
                "{path}: has no table (expected the list with columns "
                "序号|事项|责任人|完成时限|完成情况)"
            ).format(path=path)
        )
    table = doc.tables[0]
    header, start = None, 0
    for i, row in enumerate(table.rows[:3]):  # a merged title row may sit above the header
        header = _header_map([c.text for c in row.cells])
        if header:
            start = i + 1
            break
    if not header:
        first = " | ".join(clean_text(c.text) for c in table.rows[0].cells) if table.rows else ""
        raise MeetkitError(
            _(
                "{path}: the first table's header is not an action list (found: "
                "{found}; expected 序号|事项|责任人|完成时限|完成情况 or "
                "序号|存在问题|整改措施|责任人|整改时限|完成情况)"
            ).format(path=path, found=first)
        )
    kind = "rectification" if "measures" in header else "task"
    out = []
    for number, row in enumerate(table.rows[start:], start + 1):
        cells = row.cells
        values = {
            col: clean_text(cells[i].text) if i < len(cells) else "" for col, i in header.items()
        }
        if any(v for col, v in values.items() if col != "no"):
            out.append((number, values))
    return kind, out


def _row_label(number: int, values: dict) -> str:
    no = values.get("no")
    return _("row {row}").format(row=number) + (f" (序号 {no})" if no else "")


def import_document(
    ws: Workspace, meeting_id: str, path: Path, today: dt.date | None = None
) -> ImportReport:
    """Read a filled-in action list back into the store.

    Each row is matched by its text (ignoring spaces) to the meeting's own actions of the
    list's kind, then to the earlier actions the meeting carried (open when it began). A row
    that matches nothing is a new action of this meeting; a matched row updates the owner,
    deadline, measures, status and note where they differ. A row that cannot be read (no text,
    no owner, an owner not on the roster, a deadline that is not a date) is skipped and
    reported; all other rows are written together in one transaction. Importing the same file
    again changes nothing. A row saying "open" never reopens an action meetkit knows is done
    (an older printout should not undo later work): that is reported instead.
    """
    meeting = ws.meeting(meeting_id)
    path = Path(path)
    if not path.is_file():
        raise MeetkitError(_("{path}: no such file").format(path=path))
    kind, table = read_table(path)
    report = ImportReport(path, kind)
    scope = carry_scope(ws)
    own = ws.store.list_actions(meeting_id=meeting.id, kind=kind)
    # What the meeting's list may have printed: open when its pack was first prepared (or
    # when it began, for a meeting recorded afterwards).
    printed_at = min(meeting.created_at or meeting.start, meeting.start)
    earlier = ws.store.earlier_actions(meeting, kind=kind, scope=scope, open_at=printed_at)
    by_key: dict[str, Action] = {}
    for a in earlier:  # in date order, so the most recent earlier action wins a tie...
        by_key[text_key(a.text)] = a
    for a in own:  # ...and the meeting's own action wins over any earlier one
        by_key[text_key(a.text)] = a
    seen: dict[str, int] = {}
    new, changes = [], []
    for number, values in table:
        label = _row_label(number, values)
        text = values.get("text", "")
        if not text:
            report.skipped.append((number, f"{label}: no task text"))
            continue
        key = text_key(text)
        if key in seen:
            report.skipped.append(
                (
                    number,
                    _("{label}: repeats row {row} ({text})").format(
                        label=label, row=seen[key], text=text
                    ),
                )
            )
            continue
        seen[key] = number
        try:
            if not values.get("owner"):
                raise MeetkitError(
                    _("{label}: no owner (责任人) for {text!r}").format(label=label, text=text)
                )
            owner = parse_owner(ws, values["owner"], _("{label}: owner").format(label=label))
            due = parse_due(values.get("due", ""), _("{label}: deadline").format(label=label))
        except MeetkitError as exc:
            report.skipped.append((number, str(exc)))
            continue
        status, note = parse_status(values.get("status", ""))
        measures = values.get("measures", "")
        existing = by_key.get(key)
        if existing is None:
            new.append(
                (
                    number,
                    dict(
                        text=text,
                        text_key=key,
                        owner=owner,
                        due=due,
                        kind=kind,
                        measures=measures,
                        status=status,
                        note=note,
                        owner_ids=owner_ids(ws, owner),
                    ),
                )
            )
            continue
        fields: ActionFields = {}
        if owner != existing.owner:
            fields["owner"] = owner
            fields["owner_ids"] = owner_ids(ws, owner)
        if due != existing.due:
            fields["due"] = due
        if kind == "rectification" and measures != existing.measures:
            fields["measures"] = measures
        if status == "done" and existing.status == "open":
            fields["status"] = "done"
        elif status == "open" and existing.status == "done":
            report.notes.append(
                (
                    number,
                    f"{label}: {existing.text!r} is done in meetkit "
                    f"(#{existing.id}) but open in the table; left done (use "
                    f"`meetkit action update {existing.id} --reopen`)",
                )
            )
        if note and note != existing.note and not (status == "open" and existing.status == "done"):
            fields["note"] = note
        if fields:
            changes.append((number, existing, fields))
        else:
            report.unchanged += 1
    ids = ws.store.apply_action_changes(
        meeting.id, [f for _, f in new], [(a.id, f) for _, a, f in changes]
    )
    for (number, _fields), new_id in zip(new, ids):
        report.added.append((number, ws.store.get_action(new_id)))
    for number, existing, fields in changes:
        report.updated.append(
            (
                number,
                ws.store.get_action(existing.id),
                sorted(f for f in fields if f != "owner_ids"),
            )
        )
    return report


def default_import_files(ws: Workspace, meeting: Meeting) -> list[Path]:
    """The filled-in lists of a meeting's folder: actions.docx, and rectification.docx when the
    meeting's pack has one."""
    folder = ws.meeting_folder(meeting)
    names = [d.name for d in ws.plugins.documents(ws.plugins.meeting_type(meeting.type))]
    files = [folder / f"{KIND_DOCUMENT[k]}.docx" for k in KINDS if KIND_DOCUMENT[k] in names]
    found = [f for f in files if f.is_file()]
    if not found:
        raise MeetkitError(
            _(
                "{folder}: no {files} to import (prepare the meeting first, or name the file)"
            ).format(folder=folder, files=" or ".join(f.name for f in files) or "actions.docx")
        )
    return found
