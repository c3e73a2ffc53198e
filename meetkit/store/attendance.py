"""Sign-ins, guests sitting in (列席), leave and every sign-in attempt.

Each call is one short transaction, committed before it returns: a sign-in the web app answered
with success is on disk (SQLite WAL) even if the server is killed the next moment.

Over 400 lines because sign-ins, guests, leave and attempts are read together by every
attendance question (who is in, on which device, from which address) and change together.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Table,
    bindparam,
    delete,
    exists,
    func,
    insert,
    literal,
    select,
    union_all,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError

if TYPE_CHECKING:
    from sqlalchemy import Insert
    from sqlalchemy.engine import Connection, Row
    from sqlalchemy.sql.expression import ClauseElement

from .direct import Cursor, Dedicated, Statements, reader
from .schema import as_datetime, attempts, guests, leaves, signin_codes, signins

# SQLite takes one writer at a time; sign-ins of one server queue here instead of in SQLite's
# busy loop (which sleeps between retries), and a check-then-insert never interleaves with
# another. The unique indexes still decide between processes (a `meetkit signin` meanwhile).
_WRITE_LOCK = threading.Lock()

# The sign-in's statements, built once: a busy minute runs them for every phone, and building
# a statement costs SQLAlchemy more than running it (measured in process: 4.0 ms of CPU per
# API sign-in with statements built per call, 2.8 ms with these). Parameters: m (meeting),
# n (name), d (device key), a (address key).
_SIGNED_AT = select(signins.c.at).where(
    signins.c.meeting_id == bindparam("m"), signins.c.name == bindparam("n")
)
# Whom a device or address already signed in, member or guest, device first. A NULL key
# matches nothing (NULL = NULL is not true).
_OWNER = (
    union_all(
        *(
            select(
                literal(order).label("o"), literal(status).label("status"), table.c.name, table.c.at
            ).where(table.c.meeting_id == bindparam("m"), table.c[column] == bindparam(key))
            for order, (status, column, key, table) in enumerate(
                (
                    ("one-device", "device_key", "d", signins),
                    ("one-device", "device_key", "d", guests),
                    ("one-address", "address_key", "a", signins),
                    ("one-address", "address_key", "a", guests),
                )
            )
        )
    )
    .order_by("o")
    .limit(1)
)
_INSERT_ATTEMPT = insert(attempts)
_ATTEMPT_COLUMNS = ("meeting_id", "name", "at", "outcome", "reason", "method", "address", "device")
_SIGNIN_COLUMNS = (
    "meeting_id",
    "name",
    "at",
    "status",
    "method",
    "device",
    "device_key",
    "address",
    "address_key",
)


def _insert_signin_if_free(device: bool, address: bool) -> Insert:
    """``INSERT INTO signins ... SELECT <the row> WHERE NOT EXISTS ...``: the sign-in, written
    only when the member has none yet and (``device``/``address``: when that key is bound)
    the device or address signed in no one else, member or guest. One statement decides and
    writes, so a sign-in is one transaction of two statements (this and its attempt); the
    reasons are read only when it wrote nothing. Typed parameters: PostgreSQL casts each to its
    column's type."""
    m = bindparam("meeting_id", type_=signins.c.meeting_id.type)
    free = [~exists().where(signins.c.meeting_id == m, signins.c.name == bindparam("name"))]
    for bound, key in ((device, "device_key"), (address, "address_key")):
        if bound:
            free += [
                ~exists().where(table.c.meeting_id == m, table.c[key] == bindparam(key))
                for table in (signins, guests)
            ]
    row = select(*(bindparam(c, type_=signins.c[c].type) for c in _SIGNIN_COLUMNS)).where(*free)
    return insert(signins).from_select(list(_SIGNIN_COLUMNS), row)


def _signin_statement(key: tuple[bool, bool] | str) -> ClauseElement:
    """The sign-in's statements by key: (device bound, address bound) for the INSERT … SELECT,
    ``attempt``, ``signed-at`` and ``owner`` (compiled once per store: ``_SigninSQL``)."""
    if key == "attempt":
        return insert(attempts).values({c: bindparam(c) for c in _ATTEMPT_COLUMNS})
    if key == "signed-at":
        return _SIGNED_AT
    if key == "owner":
        return _OWNER
    assert isinstance(key, tuple)
    return _insert_signin_if_free(*key)


class _SigninSQL:
    """A store's sign-in statements, compiled once for its database, and the connection of
    its pool they run on (``meetkit.store.direct``): a sign-in is the one write a room of
    phones makes at once, and ``Connection.execute``'s own work and a checkout from the pool
    for each one cost more than the database's."""

    def __init__(self, engine: Engine):
        self.statements = Statements(engine.dialect, _signin_statement)
        self.at = reader(signins.c.at.type, engine.dialect)
        self.connection = Dedicated(engine)

    def why_not(
        self, cur: Cursor, meeting_id: str, name: str, dkey: str | None, akey: str | None
    ) -> SigninOutcome | None:
        """Why the INSERT … SELECT wrote nothing: ``already`` (their earlier sign-in), else
        whom the device or address signed in; None when nothing keeps them out any more."""
        seen = cur.first(self.statements["signed-at"], {"m": meeting_id, "n": name})
        if seen is not None:
            return SigninOutcome("already", name, self.at(seen[0]))
        if dkey is None and akey is None:
            return None
        other = cur.first(self.statements["owner"], {"m": meeting_id, "d": dkey, "a": akey})
        return SigninOutcome(other[1], other[2], self.at(other[3])) if other else None


class _Undo(Exception):
    """Roll a transaction back and answer ``args[0]``."""


@dataclass(frozen=True)
class SigninRow:
    """One member's sign-in."""

    name: str
    at: dt.datetime  # naive local time
    status: str  # present | late
    method: str
    bound: bool = False  # tied to a device or address (one phone, one person)


@dataclass(frozen=True)
class SigninOutcome:
    """What ``sign_in`` did: ``status`` is present, late, already, one-device or one-address.

    ``at`` is when the person signed in (now, or the earlier time for ``already``);
    for ``one-device`` / ``one-address``, ``name`` is the person that device or address
    already signed in."""

    status: str
    name: str
    at: dt.datetime


@dataclass(frozen=True)
class LeaveRow:
    name: str
    kind: str  # sick | personal | official
    reason: str
    at: dt.datetime
    method: str = ""


@dataclass(frozen=True)
class GuestRow:
    name: str
    note: str
    at: dt.datetime


@dataclass(frozen=True)
class AttemptRow:
    at: dt.datetime
    name: str
    outcome: str
    reason: str
    method: str
    address: str
    device: str


class AttendanceStore:
    """Queries on attendance (mixed into ``Store``)."""

    engine: Engine  # set by Store, which mixes this in

    # -- sign-in ---------------------------------------------------------------------------
    def sign_in(
        self,
        meeting_id: str,
        name: str,
        *,
        at: dt.datetime | str,
        status: str,
        method: str,
        device: str = "",
        bind_device: bool = False,
        address: str = "",
        bind_address: bool = False,
    ) -> SigninOutcome:
        """Sign ``name`` in, once: a repeat answers ``already`` with the first time and changes
        nothing. With ``bind_device`` (``bind_address``), a device (address) that already
        signed in someone else, member or guest, is refused with ``one-device``
        (``one-address``). The attempt is stored in the same transaction, committed before
        this returns."""
        at = _moment(at)
        dkey = device if (bind_device and device) else None
        akey = address if (bind_address and address) else None
        row = {
            "meeting_id": meeting_id,
            "name": name,
            "at": at,
            "status": status,
            "method": method,
            "device": device,
            "device_key": dkey,
            "address": address,
            "address_key": akey,
        }
        sql = self._signin_sql()
        insert_signin = sql.statements[dkey is not None, akey is not None]
        for attempt in range(3):
            try:
                with _WRITE_LOCK, sql.connection.transaction() as cur:
                    if cur.run(insert_signin, row) == 1:
                        cur.run(
                            sql.statements["attempt"],
                            _attempt_row(meeting_id, name, at, status, method, address, device),
                        )
                        return SigninOutcome(status, name, at)
                    # Nothing written: read why (in the same transaction), and log the refusal.
                    early = sql.why_not(cur, meeting_id, name, dkey, akey)
                    if early is not None:
                        cur.run(
                            sql.statements["attempt"],
                            _attempt_row(
                                meeting_id,
                                name,
                                at,
                                _outcome(early),
                                method,
                                address,
                                device,
                                _reason(early),
                            ),
                        )
                        return early
                    # What kept it out is gone again (another process undid it): once more.
            except IntegrityError:  # another process signed the same in meanwhile: look again
                continue
            except DBAPIError as exc:
                # The kept connection lost its server (a restart): nothing was written; once
                # more on a new connection, as the pool's pre-ping would have done.
                if exc.connection_invalidated and attempt == 0:
                    continue
                raise
        raise RuntimeError(f"sign-in of {name!r} at {meeting_id} kept clashing")  # pragma: no cover

    def _signin_sql(self) -> _SigninSQL:
        """The sign-in's statements compiled for this store's database, and its connection
        (made once)."""
        found: _SigninSQL | None = self.__dict__.get("_signin_sql_compiled")
        if found is None:
            with _WRITE_LOCK:
                found = self.__dict__.get("_signin_sql_compiled")
                if found is None:
                    found = self.__dict__["_signin_sql_compiled"] = _SigninSQL(self.engine)
        return found

    def release_signin_connection(self) -> None:
        """Give the sign-ins' connection back to the pool (``Store.close``)."""
        found: _SigninSQL | None = self.__dict__.get("_signin_sql_compiled")
        if found is not None:
            with _WRITE_LOCK:
                found.connection.release()

    def _turn_away(
        self,
        conn: Connection,
        seen: Row[Any] | None,
        meeting_id: str,
        name: str,
        at: dt.datetime,
        dkey: str | None,
        akey: str | None,
        method: str,
        address: str,
        device: str,
        prefix: str = "",
    ) -> SigninOutcome | None:
        """Why ``name`` may not sign in (or sit in) now: ``already`` when ``seen`` (the row
        of their earlier sign-in) is there, else whom the device or address signed in. The
        refusal is stored as an attempt, its reason after ``prefix``; None lets them in."""
        early = (
            SigninOutcome("already", name, seen.at)
            if seen
            else self._owner(conn, meeting_id, dkey, akey)
        )
        if early is not None:
            self._attempt(
                conn,
                meeting_id,
                name,
                at,
                _outcome(early),
                method,
                address,
                device,
                reason=prefix + _reason(early),
            )
        return early

    @staticmethod
    def _owner(
        conn: Connection, meeting_id: str, dkey: str | None, akey: str | None
    ) -> SigninOutcome | None:
        """Whom the device ``dkey`` or the address ``akey`` already signed in at this meeting
        (member or guest), as a ``one-device`` / ``one-address`` outcome."""
        if dkey is None and akey is None:
            return None
        other = conn.execute(_OWNER, {"m": meeting_id, "d": dkey, "a": akey}).first()
        return SigninOutcome(other.status, other.name, other.at) if other else None

    def device_owner(self, meeting_id: str, device: str) -> SigninOutcome | None:
        """Whom this device signed in at the meeting (status ``one-device``), or None."""
        if not device:
            return None
        with self.engine.connect() as conn:
            return self._owner(conn, meeting_id, device, None)

    def member_of_device(self, meeting_id: str, device: str) -> str | None:
        """The member (id) this device signed in at the meeting, bound to it; None for a
        guest's device or an unbound one. Whom a phone may vote as."""
        if not device:
            return None
        with self.engine.connect() as conn:
            return conn.execute(
                select(signins.c.name).where(
                    signins.c.meeting_id == meeting_id, signins.c.device_key == device
                )
            ).scalar()

    # -- handing a member's sign-in to a new phone ------------------------------------------
    def start_handover(
        self, meeting_id: str, member: str, digest: str, *, at: dt.datetime, address: str
    ) -> bool:
        """Log that the admin handed ``member``'s sign-in to a new phone (the one-time code's
        ``digest``, outcome ``handover``); False when the member hasn't signed in."""
        with self.engine.begin() as conn:
            signed = conn.execute(
                select(signins.c.id).where(
                    signins.c.meeting_id == meeting_id, signins.c.name == member
                )
            ).first()
            if signed is None:
                return False
            self._attempt(
                conn, meeting_id, member, at, "handover", "manual", address, "", f"code {digest}"
            )
        return True

    def finish_handover(
        self,
        meeting_id: str,
        digest: str,
        device: str,
        *,
        at: dt.datetime,
        not_before: dt.datetime,
        address: str,
    ) -> tuple[str, str]:
        """Bind the member of the handover code ``digest`` to ``device`` (the new phone):
        ("done", member id), or (why not, "") with ``unknown`` (no such code, or older than
        ``not_before``), ``used`` (used already) or ``one-device`` (this phone signed in
        someone else). Logged as outcome ``handed``; one transaction, so a code binds once."""
        reason = f"code {digest}"
        try:
            return self._finish_handover(meeting_id, reason, device, at, not_before, address)
        except _Undo as undo:
            return undo.args[0], ""

    def _finish_handover(
        self,
        meeting_id: str,
        reason: str,
        device: str,
        at: dt.datetime,
        not_before: dt.datetime,
        address: str,
    ) -> tuple[str, str]:
        with self.engine.begin() as conn:
            row = conn.execute(
                select(attempts.c.name, attempts.c.at).where(
                    attempts.c.meeting_id == meeting_id,
                    attempts.c.outcome == "handover",
                    attempts.c.reason == reason,
                )
            ).first()
            if row is None or as_datetime(row.at) < not_before:
                return "unknown", ""
            member = row.name
            # Write first: the member's sign-in row is locked, so a second use waits for this
            # one and then finds it used.
            bound = conn.execute(
                update(signins)
                .where(signins.c.meeting_id == meeting_id, signins.c.name == member)
                .values(device_key=None)
            ).rowcount
            if not bound:
                return "unknown", ""
            used = conn.execute(
                select(attempts.c.id).where(
                    attempts.c.meeting_id == meeting_id,
                    attempts.c.outcome == "handed",
                    attempts.c.reason == reason,
                )
            ).first()
            if used is not None:
                raise _Undo("used")  # rolls the transaction back
            other = conn.execute(
                select(signins.c.name).where(
                    signins.c.meeting_id == meeting_id, signins.c.device_key == device
                )
            ).first()
            if other is not None:
                raise _Undo("one-device")
            conn.execute(
                update(signins)
                .where(signins.c.meeting_id == meeting_id, signins.c.name == member)
                .values(device_key=device)
            )
            self._attempt(conn, meeting_id, member, at, "handed", "web", address, device, reason)
        return "done", member

    def shared_addresses(self, meeting_id: str) -> list[tuple[str, list[str]]]:
        """Addresses that signed in more than one member or guest at a meeting, with the
        names (for the dashboard's flag when one_member_per_address is off)."""
        seen: dict[str, list[str]] = {}
        with self.engine.connect() as conn:
            # Phones only: by hand, the admin's own address signs in many.
            for table, phone in (
                (signins, signins.c.method.in_(("web", "api"))),
                (guests, guests.c.device != ""),
            ):
                for row in conn.execute(
                    select(table.c.address, table.c.name)
                    .where(table.c.meeting_id == meeting_id, phone)
                    .order_by(table.c.at, table.c.id)
                ):
                    if row.address:
                        seen.setdefault(row.address, []).append(row.name)
        return [(a, names) for a, names in seen.items() if len(names) > 1]

    def add_guest(
        self,
        meeting_id: str,
        name: str,
        *,
        at: dt.datetime | str,
        note: str = "",
        method: str,
        device: str = "",
        bind_device: bool = False,
        address: str = "",
        bind_address: bool = False,
    ) -> SigninOutcome:
        """Record a guest sitting in (列席). Status ``guest``, or ``already``, ``one-device``,
        ``one-address``."""
        at = _moment(at)
        dkey = device if (bind_device and device) else None
        akey = address if (bind_address and address) else None
        for _ in range(3):
            try:
                with _WRITE_LOCK, self.engine.begin() as conn:
                    row = conn.execute(
                        select(guests.c.at).where(
                            guests.c.meeting_id == meeting_id, guests.c.name == name
                        )
                    ).first()
                    early = self._turn_away(
                        conn,
                        row,
                        meeting_id,
                        name,
                        at,
                        dkey,
                        akey,
                        method,
                        address,
                        device,
                        "guest ",
                    )
                    if early is not None:
                        return early
                    conn.execute(
                        insert(guests).values(
                            meeting_id=meeting_id,
                            name=name,
                            at=at,
                            note=note,
                            device=device,
                            device_key=dkey,
                            address=address,
                            address_key=akey,
                        )
                    )
                    self._attempt(
                        conn, meeting_id, name, at, "guest", method, address, device, reason=note
                    )
                    return SigninOutcome("guest", name, at)
            except IntegrityError:
                continue
        raise RuntimeError(f"guest {name!r} at {meeting_id} kept clashing")  # pragma: no cover

    def cancel_signin(
        self,
        meeting_id: str,
        name: str,
        *,
        at: dt.datetime | str,
        method: str = "manual",
        address: str = "",
    ) -> bool:
        """Remove a mistaken sign-in (admin only); True when there was one."""
        return self._remove(signins, meeting_id, name, at, method, address, "sign-in")

    def cancel_guest(
        self,
        meeting_id: str,
        name: str,
        *,
        at: dt.datetime | str,
        method: str = "manual",
        address: str = "",
    ) -> bool:
        """Remove a guest recorded by mistake (admin only); True when there was one."""
        return self._remove(guests, meeting_id, name, at, method, address, "guest")

    def _remove(
        self,
        table: Table,
        meeting_id: str,
        name: str,
        at: dt.datetime | str,
        method: str,
        address: str,
        what: str,
    ) -> bool:
        """Delete ``name``'s row of ``table`` and record the attempt that removed it."""
        with self.engine.begin() as conn:
            gone = conn.execute(
                delete(table).where(table.c.meeting_id == meeting_id, table.c.name == name)
            ).rowcount
            if gone:
                self._attempt(
                    conn,
                    meeting_id,
                    name,
                    at,
                    "cancelled",
                    method,
                    address,
                    "",
                    reason=f"{what} removed by the admin",
                )
        return bool(gone)

    def set_signin_statuses(self, meeting_id: str, statuses: dict[str, str]) -> int:
        """Set the status (present/late) of sign-ins by member id, after the meeting's start
        moved; returns how many rows changed."""
        changed = 0
        with self.engine.begin() as conn:
            for name, status in statuses.items():
                changed += conn.execute(
                    update(signins)
                    .where(
                        signins.c.meeting_id == meeting_id,
                        signins.c.name == name,
                        signins.c.status != status,
                    )
                    .values(status=status)
                ).rowcount
        return changed

    def release_device(self, meeting_id: str, name: str) -> bool:
        """Unbind the device and address that signed ``name`` in, so each may sign in one more
        person."""
        n = 0
        with self.engine.begin() as conn:
            for table in (signins, guests):
                n += conn.execute(
                    update(table)
                    .where(
                        table.c.meeting_id == meeting_id,
                        table.c.name == name,
                        (table.c.device_key.is_not(None)) | (table.c.address_key.is_not(None)),
                    )
                    .values(device_key=None, address_key=None)
                ).rowcount
        return bool(n)

    # -- the printed code ------------------------------------------------------------------
    def printed_generation(self, meeting_id: str) -> int:
        """Which printed code of the meeting is valid (0 until reissued)."""
        with self.engine.connect() as conn:
            return (
                conn.execute(
                    select(signin_codes.c.generation).where(signin_codes.c.meeting_id == meeting_id)
                ).scalar()
                or 0
            )

    def printed_generations(self) -> dict[str, int]:
        """Every reissued meeting's current generation (others are 0)."""
        with self.engine.connect() as conn:
            return dict(
                conn.execute(select(signin_codes.c.meeting_id, signin_codes.c.generation)).all()
            )

    def reissue_printed(self, meeting_id: str, at: dt.datetime | str) -> int:
        """Move the meeting to its next printed code; return the new generation."""
        with self.engine.begin() as conn:
            now = conn.execute(
                select(signin_codes.c.generation).where(signin_codes.c.meeting_id == meeting_id)
            ).scalar()
            if now is None:
                conn.execute(
                    insert(signin_codes).values(meeting_id=meeting_id, generation=1, issued_at=at)
                )
                return 1
            conn.execute(
                update(signin_codes)
                .where(signin_codes.c.meeting_id == meeting_id)
                .values(generation=now + 1, issued_at=at)
            )
            return now + 1

    # -- leave -----------------------------------------------------------------------------
    def record_leave(
        self,
        meeting_id: str,
        name: str,
        *,
        kind: str,
        reason: str,
        at: dt.datetime | str,
        method: str,
        address: str = "",
        device: str = "",
    ) -> LeaveRow:
        """Record (or replace) ``name``'s leave for a meeting."""
        at = _moment(at)
        with self.engine.begin() as conn:
            conn.execute(
                delete(leaves).where(leaves.c.meeting_id == meeting_id, leaves.c.name == name)
            )
            conn.execute(
                insert(leaves).values(
                    meeting_id=meeting_id, name=name, kind=kind, reason=reason, at=at, method=method
                )
            )
            self._attempt(
                conn,
                meeting_id,
                name,
                at,
                "leave",
                method,
                address,
                device,
                reason=f"{kind}: {reason}",
            )
        return LeaveRow(name, kind, reason, at, method)

    def cancel_leave(self, meeting_id: str, name: str) -> bool:
        """Forget ``name``'s leave; True when there was one."""
        with self.engine.begin() as conn:
            return bool(
                conn.execute(
                    delete(leaves).where(leaves.c.meeting_id == meeting_id, leaves.c.name == name)
                ).rowcount
            )

    # -- attempts --------------------------------------------------------------------------
    def record_attempt(
        self,
        meeting_id: str | None,
        name: str,
        *,
        at: dt.datetime | str,
        outcome: str,
        reason: str = "",
        method: str = "",
        address: str = "",
        device: str = "",
    ) -> None:
        """Store an attempt that changed nothing (a refused one, with its reason)."""
        with self.engine.begin() as conn:
            self._attempt(conn, meeting_id, name, at, outcome, method, address, device, reason)

    @staticmethod
    def _attempt(
        conn: Connection,
        meeting_id: str | None,
        name: str | None,
        at: dt.datetime | str,
        outcome: str,
        method: str,
        address: str | None,
        device: str | None,
        reason: str | None = "",
    ) -> None:
        conn.execute(
            _INSERT_ATTEMPT,
            _attempt_row(meeting_id, name, at, outcome, method, address, device, reason),
        )

    # -- reading ---------------------------------------------------------------------------
    def signins(self, meeting_id: str) -> list[SigninRow]:
        """A meeting's sign-ins, earliest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(signins)
                .where(signins.c.meeting_id == meeting_id)
                .order_by(signins.c.at, signins.c.id)
            ).all()
        return [
            SigninRow(
                r.name,
                r.at,
                r.status,
                r.method or "",
                r.device_key is not None or r.address_key is not None,
            )
            for r in rows
        ]

    def leaves(self, meeting_id: str) -> list[LeaveRow]:
        """A meeting's leave records, in the order recorded."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(leaves).where(leaves.c.meeting_id == meeting_id).order_by(leaves.c.id)
            ).all()
        return [LeaveRow(r.name, r.kind, r.reason or "", r.at, r.method or "") for r in rows]

    def guests(self, meeting_id: str) -> list[GuestRow]:
        """The guests who sat in, in the order they signed in."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(guests).where(guests.c.meeting_id == meeting_id).order_by(guests.c.id)
            ).all()
        return [GuestRow(r.name, r.note or "", r.at) for r in rows]

    def attempts(self, meeting_id: str, limit: int = 100) -> list[AttemptRow]:
        """The latest attempts at a meeting, newest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(attempts)
                .where(attempts.c.meeting_id == meeting_id)
                .order_by(attempts.c.id.desc())
                .limit(limit)
            ).all()
        return [
            AttemptRow(
                r.at,
                r.name or "",
                r.outcome,
                r.reason or "",
                r.method or "",
                r.address or "",
                r.device or "",
            )
            for r in rows
        ]

    def attendance_counts(self, meeting_id: str) -> dict:
        """{"signins": n, "guests": n, "leaves": n, "attempts": n}, cheaply."""
        with self.engine.connect() as conn:
            return {
                table.name: conn.execute(
                    select(func.count()).select_from(table).where(table.c.meeting_id == meeting_id)
                ).scalar()
                for table in (signins, guests, leaves, attempts)
            }


def _attempt_row(
    meeting_id: str | None,
    name: str | None,
    at: dt.datetime | str,
    outcome: str,
    method: str,
    address: str | None,
    device: str | None,
    reason: str | None = "",
) -> dict[str, Any]:
    """The attempts row of one attempt (its texts cut to their columns' sizes)."""
    return {
        "meeting_id": meeting_id,
        "name": (name or "")[:200],
        "at": at,
        "outcome": outcome,
        "reason": (reason or "")[:500],
        "method": method,
        "address": (address or "")[:64],
        "device": (device or "")[:64],
    }


def _outcome(outcome: SigninOutcome) -> str:
    return "refused" if outcome.status in ("one-device", "one-address") else outcome.status


def _reason(outcome: SigninOutcome) -> str:
    if outcome.status == "one-device":
        return f"one-device: this device already signed in {outcome.name}"
    if outcome.status == "one-address":
        return f"one-address: this address already signed in {outcome.name}"
    return f"already signed in at {outcome.at.isoformat(timespec='seconds')}"


def _moment(at: dt.datetime | str) -> dt.datetime:
    moment = as_datetime(at)
    if moment is None:
        raise ValueError("a sign-in, guest or leave needs its time")
    return moment
