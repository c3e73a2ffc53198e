"""The ledger as ledger.docx: the template's variables and the file (rendered through
``meetkit.documents.render``, the only docxtpl user)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .. import clock
from ..documents.context import long_date
from .ledger import Ledger, overall_rate

if TYPE_CHECKING:
    from ..model.action import Action
    from ..workspace import Workspace
from .ledger_out import action_status, appraisal_line, rectification_line
from .ledger_words import (
    CHECK_WORDS,
    MEMBER_COLUMNS,
    STATUS_WORDS,
    WORDS,
    actions_line,
    all_gaps,
    attendance_line,
    cancelled_lines,
    check_detail,
    check_label,
    meeting_cells,
    member_cells,
    percent,
    photos_note,
    requirement_text,
    short,
    since_line,
    subtitle,
    summary,
    title,
    type_label,
)


def context(ws: Workspace, ledger: Ledger) -> dict:
    """The variables of the ledger.docx template (documented in docs/followup.md)."""
    from ..followup.actions import meeting_label

    lang, w, year = ledger.lang, WORDS[ledger.lang], ledger.year
    types = []
    for no, t in enumerate(ledger.types, 1):
        months = [str(c) if c else "" for c in t.months]
        types.append(
            {
                "no": no,
                "name": type_label(t, lang),
                "key": t.key,
                "group": t.group,
                "requirement": requirement_text(t.requirement, lang),
                "held": t.held,
                "planned": t.planned,
                "months": months,
                **{f"m{i}": c for i, c in enumerate(months, 1)},
                "status": STATUS_WORDS[t.status][lang],
                "gaps": short(t, year, lang),
                "summary": summary(t, year, lang),
            }
        )
    labels: dict[str, str] = {}

    def label(a: Action) -> str:
        if a.meeting_id not in labels:
            labels[a.meeting_id] = meeting_label(ws, a, lang)
        return labels[a.meeting_id]

    plugin_types = ws.plugins.types
    return {
        "lang": lang,
        "year": year,
        "title": title(ledger),
        "subtitle": subtitle(ledger),
        "since": since_line(ledger, document=True),
        "as_of": long_date(ledger.today, lang),
        "branch": {
            "name": ledger.branch,
            "secretary": ledger.secretary,
            "higher_org": ledger.higher_org,
        },
        "types": types,
        "gaps": [x["summary"] for x in types if x["summary"]],
        "gaps_each": all_gaps(ledger),
        "cancelled": cancelled_lines(ledger),
        "cancelled_title": w["cancelled"],
        "checks": [
            {
                "no": i,
                "label": check_label(c.key, lang),
                "held": c.held,
                "result": CHECK_WORDS[c.status][lang],
                "detail": check_detail(ledger, c, plugin_types),
            }
            for i, c in enumerate(ledger.checks, 1)
        ],
        "meetings": [
            dict(
                zip(
                    ("date", "name", "topic", "expected", "attended", "leave", "absent", "rate"),
                    meeting_cells(m, lang),
                ),
                no=i,
                id=m.id,
                date=WORDS[lang]["short_date"].format(
                    long_date=long_date(m.date, lang), month=m.date.month, day=m.date.day
                ),
                known=m.known,
                label=(
                    WORDS[lang]["meeting_label"].format(name=m.name, topic=m.topic)
                    if m.topic
                    else m.name
                )
                + photos_note(m, lang),
            )
            for i, m in enumerate(ledger.meetings, 1)
        ],
        "members": [
            dict(
                zip(MEMBER_COLUMNS, member_cells(m, lang)),
                no=i,
            )
            for i, m in enumerate(ledger.members, 1)
        ],
        # the committee's grades and the 销号 share, as the terminal ledger gives them
        "checks_notes": [x for x in (appraisal_line(ledger), rectification_line(ledger)) if x],
        "attendance_line": attendance_line(ledger),
        "attendance_note": w["rate_note"],
        "overall_rate": percent(overall_rate(ledger.meetings), lang),
        "actions_summary": actions_line(ledger),
        "open_actions": [
            {
                "no": i,
                "id": a.id,
                "text": a.text,
                "owner": a.owner,
                "due": long_date(a.due, lang) if a.due else "",
                "meeting": label(a),
                "status": action_status(a, ledger.today, lang),
                "overdue": a.overdue(ledger.today),
            }
            for i, a in enumerate(ledger.open_actions, 1)
        ],
        "generated": clock.now().strftime("%Y-%m-%d %H:%M"),
    }


def write_docx(ws: Workspace, ledger: Ledger, path: Path) -> Path:
    """Render ledger.docx (the workspace's templates/<lang>/ledger.docx wins over the built-in
    one) to ``path``, atomically."""
    from ..documents.render import render_to
    from ..documents.templates import find_template
    from ..model.types import DocumentSpec

    template, _origin = find_template(DocumentSpec("ledger"), ledger.lang, ws.root)
    if not ledger.development:
        render_to(template, context(ws, ledger), Path(path))
        return Path(path)
    from ..development.ledgerdoc import append_section
    from ..documents.render import render_bytes
    from ..files import atomic_write_bytes

    data = render_bytes(template, context(ws, ledger))
    atomic_write_bytes(Path(path), append_section(data, ledger.development, ledger.lang))
    return Path(path)
