"""Every table meetkit keeps. Only the store package speaks SQL.

A change here needs a migration in migrations/versions/ (and ``migrate.HEAD`` moved to it):
tests/test_store_migrations.py compares this schema with the one the migrations build.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, overload

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.dialects import sqlite

if TYPE_CHECKING:
    from sqlalchemy.engine import Dialect
    from sqlalchemy.types import TypeEngine

metadata = MetaData()


class ISODate(TypeDecorator):
    """A date column that also takes ISO text ("2026-12-03") as a parameter."""

    impl = Date
    cache_ok = True

    def process_bind_param(self, value: str | dt.date | None, dialect: Dialect) -> dt.date | None:
        return dt.date.fromisoformat(value) if isinstance(value, str) else value


# How meetkit has always written a moment on SQLite, ``isoformat(timespec="seconds")``:
# rows written before timestamps were typed read and sort the same as new ones.
_SQLITE_STAMP = sqlite.DATETIME(
    storage_format="%(year)04d-%(month)02d-%(day)02dT%(hour)02d:%(minute)02d:%(second)02d"
)


@overload
def as_datetime(value: str | dt.datetime) -> dt.datetime: ...
@overload
def as_datetime(value: None) -> None: ...
def as_datetime(value: str | dt.datetime | None) -> dt.datetime | None:
    """A moment given as ISO text ("2026-12-01T19:05:00") or datetime, to the second."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value.replace(microsecond=0) if value is not None else None


class ISODateTime(TypeDecorator):
    """A timestamp column: naive local time, to the second. Takes ISO text or a datetime as a
    parameter and gives a datetime. PostgreSQL: TIMESTAMP. SQLite has no such type: the text
    meetkit always stored there ("2026-12-01T19:05:00"), read with ``fromisoformat``."""

    impl = DateTime
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(_SQLITE_STAMP)
        return dialect.type_descriptor(DateTime())

    def process_bind_param(
        self, value: str | dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        return as_datetime(value)


meetings = Table(
    "meetings",
    metadata,
    Column("id", String(80), primary_key=True),
    Column("seq", Integer, nullable=False),  # order prepared, for ties in date and time
    Column("type", String(60), nullable=False, index=True),
    Column("date", ISODate, nullable=False, index=True),
    Column("time", String(5), nullable=False),
    Column("place", Text, default=""),
    Column("topic", Text, default=""),
    Column("host", Text, default=""),
    Column("recorder", Text, default=""),
    Column("lecturer", Text, default=""),
    Column("group_name", Text, default=""),
    Column("lang", String(8), default="zh-CN"),
    Column("number", Integer, default=1),
    Column("folder", Text, default=""),
    Column("created_at", ISODateTime, nullable=False),
    Column("signin_closed_at", ISODateTime, nullable=True),
    Column("end_time", String(5), nullable=True),  # HH:MM the meeting ended, once known
    Column("cancelled_at", ISODateTime, nullable=True),  # NULL: not cancelled
    Column("cancel_reason", Text, nullable=True),
    Column("extra", Text, default="{}"),  # JSON: fields plugins keep
)

# Who was expected, frozen when the meeting was prepared: later roster edits don't rewrite it.
expected = Table(
    "expected",
    metadata,
    Column("meeting_id", String(80), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("status", String(20), nullable=False),
    Column("group_name", Text, default=""),
    Column("role", String(20), default="member"),
    Column("voting", Boolean, nullable=False),
    # The member's id (NULL in rows frozen before members had ids: the name is the id there),
    # the label that told them apart from a same-named member, and whether they were away.
    Column("member_id", Text, nullable=True),
    Column("label", Text, nullable=True),
    Column("away", Boolean, nullable=True),
    Column("note", Text, nullable=True),  # why they are away, from the roster's note column
)

# Every member meetkit has given an id, so renaming or reordering the roster keeps their
# history: matched by id, then phone, then name and group (see meetkit.members). Rows of
# members who left stay, as their sign-ins do.
member_ids = Table(
    "member_ids",
    metadata,
    Column("id", String(120), primary_key=True),
    Column("name", Text, nullable=False),
    Column("group_name", Text, default=""),
    Column("phone", String(40), default=""),
    Column("updated_at", ISODateTime, nullable=False),
)

# What meetkit last wrote into each meeting folder, to notice a user's own edits.
documents = Table(
    "documents",
    metadata,
    Column("meeting_id", String(80), primary_key=True),
    Column("path", Text, primary_key=True),  # file name inside the meeting folder
    Column("name", String(60), nullable=False),  # document name, e.g. minutes
    Column("sha256", String(64), nullable=False),
    Column("written_at", ISODateTime, nullable=False),
)

signins = Table(
    "signins",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    # No index of its own: the (meeting_id, name) one serves lookups by meeting, and each
    # index is one more page to write on every sign-in.
    Column("meeting_id", String(80), nullable=False),
    # The member's id. A roster without ids gave each member their name as id, so rows
    # written before members had ids read the same.
    Column("name", Text, nullable=False),
    Column("at", ISODateTime, nullable=False),
    Column("status", String(12), nullable=False),  # present | late
    Column("method", String(12), default="web"),  # web | api | manual | cli
    Column("device", String(64), default=""),
    # The device bound to this sign-in (one phone signs in one person per meeting); NULL when
    # not bound (admin, kiosk, CLI, or released by the admin). NULLs never clash in the index.
    Column("device_key", String(64), nullable=True),
    Column("address", String(64), default=""),
    # The network address bound to this sign-in (one address signs in one person per meeting,
    # unless [signin] one_member_per_address = false); NULL when not bound, as device_key.
    Column("address_key", String(64), nullable=True),
    UniqueConstraint("meeting_id", "name"),
    Index("ux_signins_device", "meeting_id", "device_key", unique=True),
    Index("ux_signins_address", "meeting_id", "address_key", unique=True),
)

guests = Table(
    "guests",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("meeting_id", String(80), nullable=False, index=True),
    Column("name", Text, nullable=False),
    Column("at", ISODateTime, nullable=False),
    Column("note", Text, default=""),  # e.g. their unit or title
    Column("device", String(64), default=""),
    Column("device_key", String(64), nullable=True),
    Column("address", String(64), default=""),
    Column("address_key", String(64), nullable=True),
    UniqueConstraint("meeting_id", "name"),
)

# The printed sign-in code of a meeting: `meetkit signin-code reissue ID` moves to the next
# generation, and codes of earlier generations are refused (reason "revoked"). No row: 0.
signin_codes = Table(
    "signin_codes",
    metadata,
    Column("meeting_id", String(80), primary_key=True),
    Column("generation", Integer, nullable=False),
    Column("issued_at", ISODateTime, nullable=False),
)

leaves = Table(
    "leaves",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("meeting_id", String(80), nullable=False, index=True),
    Column("name", Text, nullable=False),  # the member's id, as in signins
    Column("kind", String(12), nullable=False),  # sick | personal | official
    Column("reason", Text, default=""),
    Column("at", ISODateTime, nullable=False),
    Column("method", String(12), default="cli"),  # web | api | manual | cli
    UniqueConstraint("meeting_id", "name"),
)

# Every sign-in attempt, refused ones too, with the reason.
attempts = Table(
    "attempts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("meeting_id", String(80), index=True),
    Column("name", Text, default=""),
    Column("at", ISODateTime, nullable=False),
    Column("address", String(64), default=""),
    Column("device", String(64), default=""),
    Column(
        "outcome", String(16), nullable=False
    ),  # present | late | already | refused | guest | leave
    Column("reason", Text, default=""),
    Column("method", String(12), default=""),  # web | api | manual | cli
)

actions = Table(
    "actions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("meeting_id", String(80), nullable=False, index=True),
    Column("text", Text, nullable=False),
    Column("text_key", Text, nullable=False),  # text without spaces, to match imported rows
    Column("owner", Text, nullable=False),  # as shown: names (labels where shared), 、-joined
    # The owners' member ids, 、-joined (bodies such as 支部委员会 have none); NULL in rows
    # written before member ids, whose owner names are the ids.
    Column("owner_ids", Text, nullable=True),
    Column("due", ISODate, nullable=True),
    Column("kind", String(16), nullable=False, default="task"),  # task | rectification
    Column("status", String(8), nullable=False, default="open"),  # open | done
    Column("measures", Text, default=""),
    Column("note", Text, default=""),
    Column("created_at", ISODateTime, nullable=False),
    Column("updated_at", ISODateTime, nullable=False),
    Column("done_at", ISODateTime, nullable=True),
)

# -- decisions (meetkit/decisions/votes.py, ballots.py, appraisal.py) ------------------------------
# Items are keyed by their text: an agenda renumbered later still finds its tally.
votes = Table(
    "votes",
    metadata,
    Column("meeting_id", String(80), primary_key=True),
    Column("item", Text, primary_key=True),  # the item's exact text
    Column("yes", Integer, nullable=False),
    Column("no", Integer, nullable=False),
    Column("abstain", Integer, nullable=False),
    Column("method", String(8), nullable=False),  # hands | paper | ballot
    Column("recorded_at", ISODateTime, nullable=False),
)

# A secret ballot on one vote item. ``cast`` counts ballots; the choices are in ballot_counts.
ballots = Table(
    "ballots",
    metadata,
    Column("meeting_id", String(80), primary_key=True),
    Column("item", Text, primary_key=True),
    Column("choices", Text, nullable=False),  # JSON list of the words shown, for/against/abstain
    Column("state", String(8), nullable=False),  # open | closed
    Column("cast", Integer, nullable=False, default=0),
)

# Who has voted: no time, no device, no address; WITHOUT ROWID, so the rows sit in key order
# (the member id), not in the order they were cast.
ballot_voters = Table(
    "ballot_voters",
    metadata,
    Column("meeting_id", String(80), primary_key=True),
    Column("item", Text, primary_key=True),
    Column("member", Text, primary_key=True),  # member id
    sqlite_with_rowid=False,
)

# The choices, apart from the voters: one counter per choice, nothing else.
ballot_counts = Table(
    "ballot_counts",
    metadata,
    Column("meeting_id", String(80), primary_key=True),
    Column("item", Text, primary_key=True),
    Column("choice", Integer, primary_key=True),  # 0 for, 1 against, 2 abstain
    Column("count", Integer, nullable=False, default=0),
    sqlite_with_rowid=False,
)

# Paper ballots of a secret ballot, as the tellers count them (`meetkit ballot paper`): totals
# only, entered again to correct; never more than the voting members present less the phone
# ballots (meetkit/decisions/ballots.py).
ballot_paper = Table(
    "ballot_paper",
    metadata,
    Column("meeting_id", String(80), primary_key=True),
    Column("item", Text, primary_key=True),
    Column("yes", Integer, nullable=False),
    Column("no", Integer, nullable=False),
    Column("abstain", Integer, nullable=False),
)

# The democratic appraisal of one meeting; ``ballots`` counts phone and paper ballots.
appraisals = Table(
    "appraisals",
    metadata,
    Column("meeting_id", String(80), primary_key=True),
    Column("state", String(8), nullable=False),  # open | closed
    Column("ballots", Integer, nullable=False, default=0),
    Column("committee", Boolean, nullable=False, default=False),  # 支部班子测评 on the ballot
)

appraisal_voters = Table(
    "appraisal_voters",
    metadata,
    Column("meeting_id", String(80), primary_key=True),
    Column("member", Text, primary_key=True),  # member id of whoever cast a phone ballot
    sqlite_with_rowid=False,
)

# Counters per graded member and grade (subject "" is the branch committee's assessment): a
# ballot adds one to a counter per graded member, never a row naming its voter.
appraisal_counts = Table(
    "appraisal_counts",
    metadata,
    Column("meeting_id", String(80), primary_key=True),
    Column("subject", Text, primary_key=True),  # member id graded; "" = the branch committee
    Column("grade", String(24), primary_key=True),
    Column("count", Integer, nullable=False, default=0),
    sqlite_with_rowid=False,
)

# Reasons given with 不合格, under random keys (so in no order of casting).
appraisal_reasons = Table(
    "appraisal_reasons",
    metadata,
    Column("meeting_id", String(80), primary_key=True),
    Column("key", String(32), primary_key=True),  # random
    Column("subject", Text, nullable=False),
    Column("reason", Text, nullable=False),
    sqlite_with_rowid=False,
)

# The committee's decision (组织评定) per graded member.
appraisal_grades = Table(
    "appraisal_grades",
    metadata,
    Column("meeting_id", String(80), primary_key=True),
    Column("member", Text, primary_key=True),  # member id
    Column("name", Text, nullable=False),
    Column("grade", String(24), nullable=False),
    Column("reason", Text, default=""),
    Column("decided_at", ISODateTime, nullable=False),
)


# -- the organizational life meeting (meetkit/store/life.py) ---------------------------------
# Opinions collected for a life meeting (征求意见): from the public page or typed in from paper.
# No serial number and no time finer than the day: nothing tells in which order they came.
# Keyed by a random key (WITHOUT ROWID on SQLite: no rowid in the order of arrival either),
# and written again in key order when the page closes (store/life.py).
opinions = Table(
    "opinions",
    metadata,
    Column("meeting_id", String(80), primary_key=True),
    Column("key", String(16), primary_key=True),  # random; what `--from-opinion` takes
    Column("text", Text, nullable=False),
    Column("category", String(20), nullable=False, default="other"),
    Column("about", Text, default=""),  # the member an opinion is addressed to, if any
    Column("name", Text, default=""),  # the submitter, only when they chose to give it
    Column("source", String(8), nullable=False),  # web | paper
    Column("day", ISODate, nullable=False),
    sqlite_with_rowid=False,
)

# The opinion page of a meeting: open from opened_at until closed_at.
opinion_pages = Table(
    "opinion_pages",
    metadata,
    Column("meeting_id", String(80), primary_key=True),
    Column("opened_at", ISODateTime, nullable=False),
    Column("closed_at", ISODateTime, nullable=True),
)

# Heart-to-heart talks (谈心谈话) held before a life meeting.
talks = Table(
    "talks",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("meeting_id", String(80), nullable=False, index=True),
    Column("a", Text, nullable=False),  # member id (the name until members have ids)
    Column("b", Text, nullable=False),
    Column("date", ISODate, nullable=True),
    Column("topic", Text, default=""),
    Column("note", Text, default=""),
    Column("created_at", ISODateTime, nullable=False),
)

# Who confirmed a rectification item done (对单销号); the date is the action's done_at.
confirmations = Table(
    "confirmations",
    metadata,
    Column("action_id", Integer, primary_key=True),
    Column("confirmed_by", Text, nullable=False),
    Column("note", Text, default=""),
    Column("at", ISODateTime, nullable=False),
)

# How many times each meeting was changed after it was first announced: the SEQUENCE of its
# calendar invitation (RFC 5545 §3.8.7.4), so calendars replace the old invitation.
revisions = Table(
    "revisions",
    metadata,
    Column("meeting_id", String(80), primary_key=True),
    Column("sequence", Integer, nullable=False, default=0),
    Column("changed_at", ISODateTime, nullable=False),
)

# Developing new members (发展党员): the people in the pipeline, each step they took (dated,
# with who and the override reason where a rule was set aside), and the general meeting's vote
# items that record a step once tallied (meetkit/development).
development_people = Table(
    "development_people",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", Text, nullable=False, unique=True),
    Column("applied", ISODate, nullable=True),
    Column("born", ISODate, nullable=True),
    Column("grp", Text, default=""),
    Column("note", Text, default=""),
    Column("created_at", ISODateTime, nullable=False),
)
development_steps = Table(
    "development_steps",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("person_id", Integer, nullable=False, index=True),
    Column("step", String(32), nullable=False),
    Column("date", ISODate, nullable=False),
    Column("date_to", ISODate, nullable=True),  # publicity: the last day
    Column("by", Text, default=""),  # JSON list of names
    Column("meeting_id", String(80), nullable=True),
    Column("hours", Integer, nullable=True),
    Column("months", Integer, nullable=True),  # probation-review: the probation extended by
    Column("note", Text, default=""),
    Column("override", Text, nullable=True),  # why a rule was set aside
    Column("recorded_at", ISODateTime, nullable=False),
)
development_votes = Table(
    "development_votes",
    metadata,
    Column("meeting_id", String(80), primary_key=True),
    Column("item", Text, primary_key=True),  # the vote item's exact text
    Column("person_id", Integer, nullable=False),
    Column("step", String(32), nullable=False),  # admission | full-membership
)
