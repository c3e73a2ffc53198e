"""The general meeting's part: ``meetkit prepare general --admit NAME`` (and
``--full-membership NAME``) puts one vote item per person on the agenda, with its procedure (the
sponsors present the candidate, members discuss, the vote; several candidates one by one), and
links it to the person; once its tally is entered (``meetkit vote``, or a secret ballot closed)
and it passed, the ``admission`` (or ``full-membership``) step is recorded with that meeting,
and the minutes write the 决议 sentence."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import MeetkitError
from ..i18n import N_, _, gettext_for

if TYPE_CHECKING:
    from ..model.meeting import Meeting
    from ..store.development import Person
    from ..workspace import Workspace

TEXT = {
    "admission": N_("Admitting Comrade {name} as a probationary member"),
    "full-membership": N_("Converting probationary member Comrade {name} to full membership"),
}
PROCEDURE = {
    "admission": N_(
        "The candidate reports on their understanding of the party, motive, history and "
        "family; the sponsors present the candidate and give their opinion; the branch "
        "committee reports its review; the members discuss; the voting full members vote "
        "(it passes when 'for' exceeds half of the voting full members who should attend; "
        "several candidates are discussed and voted on one by one)."
    ),
    "full-membership": N_(
        "The probationary member reports on the probation; the sponsors and the party group "
        "give their opinion; the branch committee reports its review; the members discuss; "
        "the voting full members vote (it passes as the admission does; several members one "
        "by one)."
    ),
}
RESOLUTION = {
    "admission": N_("The meeting agrees to admit Comrade {name} as a probationary member."),
    "full-membership": N_(
        "The meeting agrees that Comrade {name} becomes a full member as scheduled."
    ),
}


def items(
    ws: Workspace, admit: tuple, full: tuple, lang: str
) -> list[tuple[str, str, Person, str]]:
    """(text, procedure, person, step) of each vote item asked for, in the order given."""
    from .pipeline import person_or_fail

    tr = gettext_for(lang)
    out = []
    seen = set()
    for step, names in (("admission", admit), ("full-membership", full)):
        for name in names:
            person = person_or_fail(ws, name)
            if (person.id, step) in seen:
                raise MeetkitError(
                    _("{name} is named twice for the same vote").format(name=person.name)
                )
            seen.add((person.id, step))
            out.append((tr(TEXT[step]).format(name=person.name), tr(PROCEDURE[step]), person, step))
    return out


def link(ws: Workspace, meeting: Meeting, asked: list) -> None:
    for text, _procedure, person, step in asked:
        ws.store.link_vote(meeting.id, text, person.id, step)


def tallied(ws: Workspace, meeting: Meeting, item_title: str) -> list[str]:
    """After a tally of ``item_title``: record the linked step when it passed; lines to show."""
    linked = ws.store.linked_votes(meeting.id).get(item_title)
    if linked is None:
        return []
    from ..decisions import votes as decisions
    from . import pipeline

    person_id, step = linked
    person = ws.store.person_by_id(person_id)
    if person is None:
        return []
    result = next((r for r in decisions.results(ws, meeting) if r["text"] == item_title), None)
    if result is None or not result["passed"]:
        return [
            _("{name}: the vote did not pass, so {step} is not recorded").format(
                name=person.name, step=step
            )
        ]
    if any(s.step == step for s in ws.store.steps(person.id)):
        return [_("{name}: {step} was already on record").format(name=person.name, step=step)]
    try:
        done = pipeline.record(ws, person.name, step, meeting_id=meeting.id)
    except MeetkitError as exc:
        return [
            _("{name}: {step} not recorded: {why}").format(name=person.name, step=step, why=exc)
        ]
    lines = [
        _("{name}: recorded {step} on {date} (`meetkit development {name}`)").format(
            name=person.name, step=step, date=done.date.isoformat()
        )
    ]
    lines += done.warnings
    return lines


def resolutions(ws: Workspace, meeting: Meeting, lang: str) -> dict[str, str]:
    """{vote item text: the 决议 sentence} of the linked items that passed."""
    if not meeting.id:
        return {}
    linked = ws.store.linked_votes(meeting.id)
    if not linked:
        return {}
    tr = gettext_for(lang)
    out = {}
    for text, (person_id, step) in linked.items():
        person = ws.store.person_by_id(person_id)
        if person is not None:
            out[text] = tr(RESOLUTION[step]).format(name=person.name)
    return out
