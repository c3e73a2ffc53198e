"""Action items: the tasks a meeting decides (会议决定事项) and the rectification items of a
life meeting (整改清单), each with an owner and a deadline, followed up until done.

This module holds the rules (what a date, an owner or a status looks like; what is overdue;
which earlier actions a meeting carries) and the Word round trip: the secretary fills in the
first table of ``actions.docx`` or ``rectification.docx`` by hand and ``import_document`` reads
it back. SQL stays in ``meetkit.store``; python-docx is imported only when importing.

Why one module of ~500 lines: the parsing rules (dates, owners, status words) are shared by the
CLI commands and the Word import, and splitting them would put one rule's two halves apart.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .. import cache, clock
from ..errors import MeetkitError
from ..i18n import N_, _, gettext_for, pgettext_for
from ..model.action import Action, ActionFields, text_key  # noqa: F401  (followup's names)

KINDS = ("task", "rectification")
# The document each kind is written to and read back from.
KIND_DOCUMENT = {"task": "actions", "rectification": "rectification"}

# Headers of the table read back, per column meaning (both languages; docs/templates.md).
COLUMNS = {
    "no": ("序号", "No.", "No"),
    "text": ("事项", "决定事项", "任务", "存在问题", "问题", "Task", "Problem", "Item"),
    "measures": ("整改措施", "措施", "Measures"),
    "owner": ("责任人", "Owner", "Owners"),
    "due": ("完成时限", "整改时限", "时限", "Deadline", "Due"),
    "status": ("完成情况", "落实情况", "整改情况", "Status"),
}
_HEADER_OF = {re.sub(r"\s", "", h).casefold(): col for col, hs in COLUMNS.items() for h in hs}

# Owners that are not one member but a body: accepted as written.
COLLECTIVE_OWNERS = (
    "支部委员会",
    "支委会",
    "党支部",
    "全体党员",
    "全体支委",
    "各党小组",
    "branch committee",
    "the committee",
    "the branch",
    "all members",
)
# Deadlines that mean "no deadline" (ongoing work is common on rectification lists).
NO_DEADLINE = (
    "",
    "长期",
    "长期坚持",
    "持续",
    "持续推进",
    "常态化",
    "ongoing",
    "none",
    "-",
    "—",
    "/",
)

_DONE_WORDS = (
    "已完成",
    "已落实",
    "已整改",
    "已办结",
    "办结",
    "完成",
    "落实",
    "done",
    "completed",
    "complete",
    "closed",
    "yes",
    "是",
    "√",
    "✓",
    "✔",
    "☑",
)
_OPEN_WORDS = (
    "未完成",
    "未落实",
    "未整改",
    "进行中",
    "正在推进",
    "推进中",
    "整改中",
    "持续推进",
    "部分完成",
    "尚未完成",
    "open",
    "in progress",
    "pending",
    "not done",
    "no",
    "否",
    "×",
    "✗",
    "✘",
    "□",
)
# Words that make a status text "not done" even when it also says 完成 (e.g. 部分完成).
_NEGATIONS = (
    "未",
    "没",
    "尚",
    "部分",
    "基本",
    "正在",
    "进行",
    "推进中",
    "not ",
    "partly",
    "partial",
    "pending",
    "progress",
    "ongoing",
    "×",
)
_SEPARATORS = " \t：:，,；;。.（()）[]【】-—"

# The status column's words (translated; parse_status reads both languages back).
STATUS_WORD = {"done": N_("done"), "open": N_("open")}


# --------------------------------------------------------------------------------------------
# What user text means
# --------------------------------------------------------------------------------------------


def clean_text(text: str) -> str:
    """A cell's text as one tidy line (Word cells may hold several paragraphs)."""
    return " ".join((text or "").split())


def parse_due(value, where: str = "--due") -> dt.date | None:
    """A deadline as a date. Accepts 2026-12-31, 2026/12/31, 2026.12.31, 2026年12月31日,
    31 December 2026, December 31, 2026, and a month alone (2026年12月, 2026年12月底, 2026-12)
    meaning its last day; empty or 长期/ongoing means no deadline. Anything else raises
    MeetkitError("<where>: ... is not a date")."""
    if isinstance(value, dt.date):
        return value
    text = unicodedata.normalize("NFKC", str(value or "")).strip()
    if text.casefold() in NO_DEADLINE:
        return None
    compact = re.sub(r"\s", "", text)
    m = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})(?:月(?:底|末|份)?)?", compact)
    if m and 1 <= int(m[2]) <= 12:  # a month alone: its last day
        year, month = int(m[1]), int(m[2])
        return dt.date(year, month, calendar.monthrange(year, month)[1])
    from ..model.dates import parse_day

    return parse_day(text, where)


def parse_owner(ws, value: str, where: str = "--owner") -> str:
    """Owner text checked against the roster: one member, several joined by 、 , ; or /, or a
    body such as 支部委员会. Returns the owners joined with 、."""
    names = [n.strip() for n in re.split(r"[、,，;；/]", value or "") if n.strip()]
    if not names:
        raise MeetkitError(_("{where}: no owner given").format(where=where))
    from ..members import Unknown, find

    collective = {c.casefold() for c in COLLECTIVE_OWNERS}
    out = []
    for name in names:
        if name.casefold() in collective:
            out.append(name)
            continue
        try:  # a name, a label such as 张伟（第一党小组） or an id; kept as the label
            member = find(ws.members, name, where=where, source=ws.roster_path.name)
        except Unknown as exc:
            raise MeetkitError(str(exc)) from None
        out.append(getattr(member, "label", None) or member.name)
    return "、".join(out)


def owner_ids(ws, owner: str) -> str:
    """The member ids of an owner text that ``parse_owner`` checked, 、-joined (bodies such
    as 支部委员会 have none)."""
    from ..members import find

    collective = {c.casefold() for c in COLLECTIVE_OWNERS}
    return "、".join(
        find(ws.members, name).id for name in owner.split("、") if name.casefold() not in collective
    )


def parse_status(value: str) -> tuple[str, str]:
    """(``open``|``done``, note) from a status cell: 已完成/完成/done/√ mean done; 未完成,
    进行中, 部分完成 and other text mean open. A bare status word leaves no note; any other text
    is kept as the note ("已完成（已报街道）" -> done, note "已报街道")."""
    text = clean_text(value)
    if not text:
        return "open", ""
    low = text.casefold()
    for word in sorted(_DONE_WORDS + _OPEN_WORDS, key=len, reverse=True):
        if low.startswith(word.casefold()):
            rest = text[len(word) :]
            # "done" followed by more words is a sentence, not a status word ("donation...")
            if word.isascii() and word.isalpha() and rest[:1].isalpha():
                continue
            status = "open" if word in _OPEN_WORDS else "done"
            return status, rest.strip(_SEPARATORS)
    negated = any(n in low for n in _NEGATIONS)
    said_done = any(w.casefold() in low for w in _DONE_WORDS if len(w) > 1 or not w.isalnum())
    return ("done" if said_done and not negated else "open"), text


def status_text(action: Action, lang: str) -> str:
    """What the status column shows; reads back (``parse_status``) as the same status."""
    word = gettext_for(lang)(STATUS_WORD[action.status])
    if not action.note:
        return word
    if parse_status(action.note)[0] == action.status and not _starts_with_status_word(action.note):
        return action.note
    pgettext = pgettext_for(lang)
    return word + pgettext("parenthesis", " ({text})").format(text=action.note)


def _starts_with_status_word(text: str) -> bool:
    low = text.casefold()
    return any(low.startswith(w.casefold()) for w in _DONE_WORDS + _OPEN_WORDS)


def carry_scope(ws) -> str:
    """``[followup] carry`` in meetkit.toml: "type" (default: a meeting carries the open actions
    of earlier meetings of its type and party group) or "branch" (of every earlier meeting)."""
    return ws.config.setting("followup", "carry")  # checked when meetkit.toml was read


# --------------------------------------------------------------------------------------------
# Commands: add, done, update, list
# --------------------------------------------------------------------------------------------


def get(ws, action_id) -> Action:
    """The action with this id, or an error."""
    try:
        number = int(str(action_id).lstrip("#"))
    except ValueError:
        raise MeetkitError(
            _("{id!r} is not an action id (a number; see `meetkit actions --all`)").format(
                id=action_id
            )
        ) from None
    action = ws.store.get_action(number)
    if action is None:
        raise MeetkitError(_("no action {id} (see `meetkit actions --all`)").format(id=number))
    return action


def add(
    ws, meeting_id: str, text: str, owner: str, due, kind: str = "task", measures: str = ""
) -> Action:
    """Record a new action decided at meeting ``meeting_id``; checks everything first."""
    meeting = ws.meeting(meeting_id)
    text = clean_text(text)
    if not text:
        raise MeetkitError(_("TEXT: the action's text is empty"))
    if kind not in KINDS:
        raise MeetkitError(
            _("--kind: {kind!r} is not one of {kinds}").format(kind=kind, kinds=", ".join(KINDS))
        )
    owner = parse_owner(ws, owner)
    due = parse_due(due)
    key = text_key(text)
    for existing in ws.store.list_actions(meeting_id=meeting.id, kind=kind):
        if text_key(existing.text) == key:
            raise MeetkitError(
                _("meeting {meeting} already has this action: #{id} {text}").format(
                    meeting=meeting.id, id=existing.id, text=existing.text
                )
            )
    new_id = ws.store.add_action(
        meeting.id,
        text,
        key,
        owner,
        due,
        kind,
        clean_text(measures),
        owner_ids=owner_ids(ws, owner),
    )
    return ws.store.get_action(new_id)


def done(ws, action_id, note: str | None = None, by: str | None = None) -> tuple[Action, bool]:
    """Mark an action done; returns (action, whether it changed). A rectification item is
    ticked off (销号) with who confirmed it: ``by``, else the secretary."""
    action = get(ws, action_id)
    confirmer = None
    if action.kind == "rectification" or by:
        confirmer = (
            parse_owner(ws, by, "--by")
            if by
            else (
                ws.config.secretary
                or next((m.name for m in ws.members if m.role == "secretary"), "")
            )
        )
    if action.status == "done" and note is None and by is None:
        return action, False

    fields: ActionFields = {"status": "done"}
    if note is not None:
        fields["note"] = clean_text(note)
    ws.store.update_action(action.id, **fields)
    if confirmer:
        ws.store.confirm_action(action.id, confirmer, clean_text(note or ""))
    return ws.store.get_action(action.id), True


def update(
    ws,
    action_id,
    *,
    due=None,
    owner=None,
    note=None,
    text=None,
    measures=None,
    reopen: bool = False,
) -> Action:
    """Change an action's deadline, owner, note, text or measures, or reopen it. Everything is
    checked before anything is written."""
    action = get(ws, action_id)
    fields: ActionFields = {}
    if due is not None:
        fields["due"] = parse_due(due)
    if owner is not None:
        fields["owner"] = parse_owner(ws, owner)
        fields["owner_ids"] = owner_ids(ws, fields["owner"])
    if note is not None:
        fields["note"] = clean_text(note)
    if measures is not None:
        fields["measures"] = clean_text(measures)
    if text is not None:
        fields["text"] = clean_text(text)
        if not fields["text"]:
            raise MeetkitError(_("--text: the action's text is empty"))
    if reopen:
        fields["status"] = "open"
    if not fields:
        raise MeetkitError(
            _("nothing to change: give --due, --owner, --note, --text, --measures or --reopen")
        )
    ws.store.update_action(action.id, **fields)
    return ws.store.get_action(action.id)


def listing(
    ws,
    which: str = "open",
    owner: str | None = None,
    meeting_id: str | None = None,
    kind: str | None = None,
    today: dt.date | None = None,
) -> list[Action]:
    """Actions to list: ``which`` is open, overdue or all."""
    today = today or clock.today()
    if owner:
        parse_owner(ws, owner)
    if meeting_id:
        ws.meeting(meeting_id)
    if which == "all":
        return ws.store.list_actions(owner=owner, meeting_id=meeting_id, kind=kind)
    if which == "overdue":
        return ws.store.list_actions(
            status="open", owner=owner, meeting_id=meeting_id, kind=kind, due_before=today
        )
    return ws.store.list_actions(status="open", owner=owner, meeting_id=meeting_id, kind=kind)


# --------------------------------------------------------------------------------------------
# Carry-over: what a meeting's documents show
# --------------------------------------------------------------------------------------------


def meeting_label(ws, action: Action, lang: str) -> str:
    """The meeting that decided an action, as documents name it: 2026年第3次支部党员大会."""
    from ..documents.context import meeting_title
    from ..model.meeting import Meeting

    if action.meeting_date is None:  # not read from the store, which always joins the meeting
        return action.meeting_id
    try:
        meeting_type = ws.plugins.meeting_type(action.meeting_type)
    except MeetkitError:  # the type's plugin is gone: the id still names the meeting
        return action.meeting_id
    stub = Meeting(
        id=action.meeting_id,
        type=action.meeting_type,
        date=action.meeting_date,
        time="00:00",
        number=action.meeting_number,
    )
    return meeting_title("", stub, meeting_type, lang)


def rows(ws, actions: list[Action], lang: str, today: dt.date | None = None) -> list[dict]:
    """Template rows (docs/templates.md): no, text, owner, due, status, plus meeting,
    measures, note, id, overdue."""
    from ..documents.context import long_date

    today = today or clock.today()
    labels: dict[str, str] = {}
    # Who confirmed a rectification item done (对单销号), and when: `action done --by`.
    confirmed = (
        ws.store.confirmations(a.id for a in actions if a.status == "done")
        if hasattr(ws.store, "confirmations")
        else {}
    )
    out = []
    for no, a in enumerate(actions, 1):
        if a.meeting_id not in labels:
            labels[a.meeting_id] = meeting_label(ws, a, lang)
        out.append(
            {
                "no": no,
                "id": a.id,
                "text": a.text,
                "owner": a.owner,
                "due": long_date(a.due, lang) if a.due else "",
                "due_iso": a.due.isoformat() if a.due else "",
                "status": status_text(a, lang),
                "measures": a.measures,
                "note": a.note,
                "kind": a.kind,
                "meeting": labels[a.meeting_id],
                "meeting_id": a.meeting_id,
                "overdue": a.overdue(today),
                "closed": long_date(a.done_at.date(), lang)
                if a.status == "done" and a.done_at
                else "",
                "confirmed_by": confirmed.get(a.id, ("", ""))[0],
            }
        )
    return out


def day_after(meeting) -> dt.datetime:
    """Midnight after a meeting's day: an action closed before it was reported at that meeting
    (or earlier); one still open then is carried into it."""
    return dt.datetime.combine(meeting.date + dt.timedelta(days=1), dt.time())


# While one meeting's documents render, its follow-up lists, read once (see ``reading``).


def reading():
    """Within: ``carried``, ``closed_since_last`` and ``own`` read each (workspace, meeting,
    kind) once, not once per document (meetkit.cache; the renderer opens it for a pack)."""
    return cache.scope()


def _remembered(what: str, ws, meeting, kind: str, read) -> list[Action]:
    key = ("followup", what, id(ws), meeting.id, meeting.date, meeting.time, kind)
    return list(cache.remembered(key, read))  # a list of its own: callers extend what they get


def own(ws, meeting, kind: str = "task") -> list[Action]:
    """The actions ``meeting`` itself decided, of ``kind``."""
    return _remembered(
        "own", ws, meeting, kind, lambda: ws.store.list_actions(meeting_id=meeting.id, kind=kind)
    )


def carried(ws, meeting, kind: str = "task") -> list[Action]:
    """Actions of ``kind`` from earlier meetings (within ``carry_scope``) still open at the
    end of ``meeting``'s day: open now, or closed after that day."""
    return _remembered(
        "carried",
        ws,
        meeting,
        kind,
        lambda: ws.store.earlier_actions(
            meeting, kind=kind, scope=carry_scope(ws), open_at=day_after(meeting)
        ),
    )


def closed_since_last(ws, meeting, kind: str = "task") -> list[Action]:
    """Actions of earlier meetings closed after the day of the last meeting before this one
    (same scope) and by the end of this meeting's day: what this meeting hears was done."""
    return _remembered("closed", ws, meeting, kind, lambda: _closed_since_last(ws, meeting, kind))


def _closed_since_last(ws, meeting, kind: str) -> list[Action]:
    scope = carry_scope(ws)
    previous = ws.store.previous_meeting(meeting, scope)
    if previous is None:
        return []
    low = (
        day_after(previous) if previous.date < meeting.date else previous.start
    )  # two meetings on one day
    return ws.store.earlier_actions(
        meeting, kind=kind, scope=scope, closed_between=(low, day_after(meeting))
    )


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


def import_document(ws, meeting_id: str, path: Path, today: dt.date | None = None) -> ImportReport:
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


def default_import_files(ws, meeting) -> list[Path]:
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
