"""meetkit-election: the branch election meeting (选举支部委员会的党员大会).

An election needs more than four-fifths of the voting members present (probationary members
and members under probation within the party attend but neither vote nor stand). The pack adds
three documents to the standard five: the candidate list, the ballot and the counting record.

Committee elections are competitive (差额选举): the 2020 rules for grassroots elections
(中国共产党基层组织选举工作条例, Art. 13) ask for at least 20% more candidates than seats
(3 seats: at least 4 candidates; rounded up). Candidates and seats come from meetkit.toml::

    [election]
    seats = 3
    candidates = ["王建国", "李秀英", "张伟", "刘洋"]

Without them the current committee stands again, one seat each, with the next full members on
the roster added as candidates until the proportion is met.

Installed with pip, meetkit finds this module through the ``meetkit`` entry point
(pyproject.toml); the agenda and templates ship inside the package.
"""

from __future__ import annotations

import math
from fractions import Fraction
from pathlib import Path

from meetkit import DocumentSpec, MeetingType, QuorumRule, hookimpl
from meetkit.errors import MeetkitError

__version__ = "0.1.0"

KEY = "election"
HERE = Path(__file__).resolve().parent

DOCUMENTS = (
    DocumentSpec(
        "candidates",
        {"zh-CN": "候选人名单", "en": "Candidate list"},
        template_dir=HERE / "templates",
        order=25,
    ),
    DocumentSpec(
        "ballot", {"zh-CN": "选票", "en": "Ballot"}, template_dir=HERE / "templates", order=50
    ),
    DocumentSpec(
        "count",
        {"zh-CN": "计票记录", "en": "Counting record"},
        template_dir=HERE / "templates",
        order=55,
    ),
)
NAMES = {d.name for d in DOCUMENTS}
WRITE_IN_ROWS = 2  # blank rows on the ballot and the count for "another person" (另选他人)
# 基层组织选举工作条例 (2020) Art. 13: 委员候选人的差额不少于应选人数的20%
MARGIN = Fraction(1, 5)


def fewest_candidates(seats: int) -> int:
    """The fewest candidates for ``seats``: at least 20% more, rounded up (3 seats: 4)."""
    return seats + math.ceil(seats * MARGIN)


WORDS = {
    "zh-CN": {
        "competitive": "差额选举",
        "uncontested": "等额选举",
        "majority": "被选举人获得的赞成票超过实到会有选举权的党员人数的一半，始得当选",
    },
    "en": {
        "competitive": "competitive election (more candidates than seats)",
        "uncontested": "uncontested election (as many candidates as seats)",
        "majority": "a candidate is elected with 'for' votes from more than half of the "
        "voting members present",
    },
}


@hookimpl
def meetkit_register_meeting_types(register):
    """The election meeting: all members attend, more than 4/5 of the voting ones must."""
    register.add(
        MeetingType(
            key=KEY,
            name={"zh-CN": "选举支部委员会党员大会", "en": "branch election meeting"},
            attendees="all",
            quorum=QuorumRule(
                basis="voting",
                fraction=Fraction(4, 5),
                text={
                    "zh-CN": "有选举权的党员超过应到会人数的五分之四到会方可进行选举",
                    "en": "more than four-fifths of the voting members present",
                },
            ),
            votes=True,
            frequency=None,  # when the committee's term ends
            agenda_file=HERE / "agenda.toml",
            description={"zh-CN": "选举产生新一届支部委员会", "en": "elects the branch committee"},
        )
    )


@hookimpl
def meetkit_documents(meeting_type):
    """Candidate list, ballot and counting record, for election meetings only."""
    if meeting_type.key == KEY:
        return list(DOCUMENTS)
    return None


@hookimpl
def meetkit_validate_meeting(meeting, meeting_type, members, workspace):
    """An election without a single voting member can't be held; [election] in meetkit.toml
    is checked here too, before anything is stored or written."""
    if meeting_type.key != KEY:
        return None
    if not any(m.voting for m in members):
        return ["nobody expected has the right to vote (members.csv has no full members)"]
    if workspace is not None:
        election_settings(workspace)  # raises MeetkitError naming meetkit.toml and the line
    return None


@hookimpl
def meetkit_template_context(meeting, meeting_type, document, context, workspace):
    """``election.*`` for the three documents (see README.md for the variables)."""
    if meeting_type.key != KEY or document.name not in NAMES or workspace is None:
        return None
    seats, candidates = election_settings(workspace)
    lang = meeting.lang
    rows = [
        {"no": n, "name": m.name, "group": m.group, "role": _role(m, lang)}
        for n, m in enumerate(candidates, 1)
    ]
    return {
        "election": {
            "seats": seats,
            "candidates": rows,
            "candidate_count": len(rows),
            "kind": WORDS[lang]["competitive" if len(rows) > seats else "uncontested"],
            "voting_count": context["voting_count"],
            # copies to print: one per voting member (the ballot itself doesn't say how many were
            # handed out: that is counted at the meeting, on count.docx)
            "ballots": context["voting_count"],
            "majority_rule": WORDS[lang]["majority"],
            "write_in_rows": list(range(WRITE_IN_ROWS)),
        }
    }


def _role(member, lang: str) -> str:
    from meetkit.roster import role_text

    return role_text(member.role, lang)


def _line(text: str, needle: str) -> int:
    """The line of meetkit.toml where ``needle`` first appears inside [election] (or 0)."""
    inside = False
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("["):
            inside = stripped.startswith("[election]")
        elif inside and needle in line:
            return number
    return 0


def election_settings(workspace) -> tuple[int, list]:
    """(seats, candidate members) from meetkit.toml's [election], checked against the roster
    and the 20% margin; without [election], the current committee stands, one seat each, and
    the next full members on the roster make up the margin."""
    path = workspace.config_path
    raw = workspace.config.raw.get("election")
    members = {m.name: m for m in workspace.members}
    if raw is None:
        committee = [m for m in workspace.members if m.committee and m.voting]
        if not committee:
            raise MeetkitError(
                f"{path}: add an [election] table with seats and candidates "
                "(members.csv names no committee members to stand again)"
            )
        seats = len(committee)
        others = [m for m in workspace.members if m.voting and m not in committee]
        candidates = committee + others[: fewest_candidates(seats) - seats]
        if len(candidates) < fewest_candidates(seats):
            raise MeetkitError(
                f"{path}: add an [election] table with seats and candidates "
                f"({seats} seats need at least {fewest_candidates(seats)} "
                "candidates and the roster has too few full members)"
            )
        return seats, candidates
    text = path.read_text(encoding="utf-8")
    if not isinstance(raw, dict):
        raise MeetkitError(f"{path}:{_line(text, 'election')}: [election] must be a table")
    seats = raw.get("seats")
    names = raw.get("candidates")
    if not isinstance(seats, int) or isinstance(seats, bool) or seats < 1:
        raise MeetkitError(
            f"{path}:{_line(text, 'seats')}: [election] seats must be a whole "
            f"number of at least 1, got {seats!r}"
        )
    if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
        raise MeetkitError(
            f"{path}:{_line(text, 'candidates')}: [election] candidates must be "
            'a list of names, e.g. ["王建国", "李秀英"]'
        )
    candidates, seen = [], set()
    for name in (n.strip() for n in names):
        where = f"{path}:{_line(text, name)}"
        if name in seen:
            raise MeetkitError(f"{where}: [election] candidates: {name} is listed twice")
        seen.add(name)
        member = members.get(name)
        if member is None:
            raise MeetkitError(
                f"{where}: [election] candidates: {name} is not in {workspace.roster_path.name}"
            )
        if not member.voting:
            raise MeetkitError(
                f"{where}: [election] candidates: {name} is a {member.status} "
                "member and cannot stand for election"
            )
        candidates.append(member)
    if len(candidates) < fewest_candidates(seats):
        raise MeetkitError(
            f"{path}:{_line(text, 'seats')}: [election] {len(candidates)} "
            f"candidates for {seats} seats: a committee election needs at least "
            f"{fewest_candidates(seats)} (20% more candidates than seats, "
            "基层组织选举工作条例 Art. 13)"
        )
    return seats, candidates
