"""An action item (a follow-up task or a rectification item) as the store keeps it: plain data
and the one rule for matching its text. The follow-up feature (meetkit.followup) works on them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TypedDict

from .. import clock
from .meeting import iso_moment
from .member import fold


class ActionFields(TypedDict, total=False):
    """The columns of an action ``Store.update_action`` and ``apply_action_changes`` change."""

    text: str
    owner: str
    owner_ids: str
    due: dt.date | None
    measures: str
    note: str
    status: str  # open | done


@dataclass
class Action:
    """One action item, with the few details of the meeting that decided it."""

    id: int
    meeting_id: str
    text: str
    owner: str
    due: dt.date | None
    kind: str = "task"  # task | rectification
    status: str = "open"  # open | done
    measures: str = ""
    note: str = ""
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    done_at: dt.datetime | None = None
    meeting_date: dt.date | None = None
    meeting_type: str = ""
    meeting_number: int = 1
    meeting_group: str = ""
    owner_ids: str | None = None  # the owners' member ids, 、-joined; None: written before ids

    @property
    def owner_members(self) -> list[str]:
        """The owners' member ids (an older row's owner names are its ids)."""
        return (
            self.owner_ids.split("、")
            if self.owner_ids
            else ([] if self.owner_ids == "" else self.owners)
        )

    @property
    def owners(self) -> list[str]:
        """The owner field split into names (``A、B``)."""
        return [o for o in re.split(r"[、,，;；/]", self.owner) if o.strip()]

    def overdue(self, today: dt.date | None = None) -> bool:
        """Open and its deadline has passed (a deadline is met until that day ends)."""
        today = today or clock.today()
        return self.status == "open" and self.due is not None and self.due < today

    def as_dict(self, today: dt.date | None = None) -> dict:
        """The JSON form `meetkit actions --json` prints."""
        return {
            "id": self.id,
            "meeting": self.meeting_id,
            "kind": self.kind,
            "text": self.text,
            "measures": self.measures,
            "owner": self.owner,
            "owner_ids": self.owner_members,
            "due": self.due.isoformat() if self.due else None,
            "status": self.status,
            "overdue": self.overdue(today),
            "note": self.note,
            "done_at": iso_moment(self.done_at),
            "created_at": iso_moment(self.created_at) or "",
            "updated_at": iso_moment(self.updated_at) or "",
        }


# The text actions are matched by, folded as a typed name is (model.member.fold): no
# whitespace at all, NFKC, case folded. "缴纳 党费" and "缴纳党费" are the same action.
text_key = fold
