"""What user text means for action items (会议决定事项, 整改清单): deadlines, owners, status
words, the columns of the Word list; the words used to write them back."""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from typing import TYPE_CHECKING

from ..errors import MeetkitError
from ..i18n import N_, _, gettext_for, pgettext_for
from ..model.action import Action, ActionFields, text_key  # noqa: F401  (followup's names)
from ..model.member import shown

if TYPE_CHECKING:
    from ..workspace import Workspace

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


def parse_due(value: object, where: str = "--due") -> dt.date | None:
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


def parse_owner(ws: Workspace, value: str, where: str = "--owner") -> str:
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
        out.append(shown(member))
    return "、".join(out)


def owner_ids(ws: Workspace, owner: str) -> str:
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


def carry_scope(ws: Workspace) -> str:
    """``[followup] carry`` in meetkit.toml: "type" (default: a meeting carries the open actions
    of earlier meetings of its type and party group) or "branch" (of every earlier meeting)."""
    return ws.config.setting("followup", "carry")  # checked when meetkit.toml was read
