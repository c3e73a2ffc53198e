"""Sign-ins, guests sitting in (列席), leave and every sign-in attempt.

Each call is one short transaction, committed before it returns: a sign-in the web app answered
with success is on disk (SQLite WAL) even if the server is killed the next moment.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, event, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from .schema import attempts, guests, leaves, metadata, signins


@dataclass(frozen=True)
class SigninRow:
    """One member's sign-in."""

    name: str
    at: str  # ISO local datetime
    status: str  # present | late
    method: str
    bound: bool = False  # tied to a device (one phone, one person)


@dataclass(frozen=True)
class SigninOutcome:
    """What ``sign_in`` did: ``status`` is present, late, already or device-used.

    ``at`` is when the person signed in (now, or the earlier time for ``already``);
    for ``device-used``, ``name`` is the person that device already signed in."""

    status: str
    name: str
    at: str


@dataclass(frozen=True)
class LeaveRow:
    name: str
    kind: str  # sick | personal | official
    reason: str
    at: str
    method: str = ""


@dataclass(frozen=True)
class GuestRow:
    name: str
    note: str
    at: str


@dataclass(frozen=True)
class AttemptRow:
    at: str
    name: str
    outcome: str
    reason: str
    method: str
    address: str
    device: str


class AttendanceStore:
    """Queries on attendance (mixed into ``Store``)."""

    # -- sign-in ---------------------------------------------------------------------------
    def sign_in(self, meeting_id: str, name: str, *, at: str, status: str, method: str,
                device: str = "", bind_device: bool = False, address: str = "") -> SigninOutcome:
        """Sign ``name`` in, once: a repeat answers ``already`` with the first time and changes
        nothing. With ``bind_device``, a device that already signed in someone else (member or
        guest) is refused with ``device-used``. The attempt is recorded in the same commit."""
        key = device if (bind_device and device) else None
        for _ in range(3):  # a unique-index clash with a concurrent request: look again
            with self.engine.begin() as conn:
                row = conn.execute(select(signins.c.at).where(
                    signins.c.meeting_id == meeting_id, signins.c.name == name)).first()
                early = SigninOutcome("already", name, row.at) if row else \
                    self._device_owner(conn, meeting_id, key)
                if early is not None:
                    self._attempt(conn, meeting_id, name, at, _outcome(early), method, address,
                                  device, reason=_reason(early))
                    return early
                try:
                    conn.execute(insert(signins).values(
                        meeting_id=meeting_id, name=name, at=at, status=status, method=method,
                        device=device, device_key=key, address=address))
                except IntegrityError:
                    continue
                self._attempt(conn, meeting_id, name, at, status, method, address, device)
                return SigninOutcome(status, name, at)
        raise RuntimeError(f"sign-in of {name!r} at {meeting_id} kept clashing")  # pragma: no cover

    @staticmethod
    def _device_owner(conn, meeting_id: str, key: str | None) -> SigninOutcome | None:
        """Whom the device ``key`` already signed in at this meeting (member or guest)."""
        if key is None:
            return None
        for table in (signins, guests):
            other = conn.execute(select(table.c.name, table.c.at).where(
                table.c.meeting_id == meeting_id, table.c.device_key == key)).first()
            if other is not None:
                return SigninOutcome("device-used", other.name, other.at)
        return None

    def add_guest(self, meeting_id: str, name: str, *, at: str, note: str = "", method: str,
                  device: str = "", bind_device: bool = False,
                  address: str = "") -> SigninOutcome:
        """Record a guest sitting in (列席). Status ``guest``, or ``already``/``device-used``."""
        key = device if (bind_device and device) else None
        for _ in range(3):
            with self.engine.begin() as conn:
                row = conn.execute(select(guests.c.at).where(
                    guests.c.meeting_id == meeting_id, guests.c.name == name)).first()
                early = SigninOutcome("already", name, row.at) if row else \
                    self._device_owner(conn, meeting_id, key)
                if early is not None:
                    self._attempt(conn, meeting_id, name, at, _outcome(early), method, address,
                                  device, reason="guest " + _reason(early))
                    return early
                try:
                    conn.execute(insert(guests).values(
                        meeting_id=meeting_id, name=name, at=at, note=note, device=device,
                        device_key=key, address=address))
                except IntegrityError:
                    continue
                self._attempt(conn, meeting_id, name, at, "guest", method, address, device,
                              reason=note)
                return SigninOutcome("guest", name, at)
        raise RuntimeError(f"guest {name!r} at {meeting_id} kept clashing")  # pragma: no cover

    def cancel_signin(self, meeting_id: str, name: str, *, at: str, method: str = "manual",
                      address: str = "") -> bool:
        """Remove a mistaken sign-in (admin only); True when there was one."""
        with self.engine.begin() as conn:
            gone = conn.execute(delete(signins).where(signins.c.meeting_id == meeting_id,
                                                      signins.c.name == name)).rowcount
            if gone:
                self._attempt(conn, meeting_id, name, at, "cancelled", method, address, "",
                              reason="sign-in removed by the admin")
        return bool(gone)

    def release_device(self, meeting_id: str, name: str) -> bool:
        """Unbind the device that signed ``name`` in, so it may sign in one more person."""
        with self.engine.begin() as conn:
            n = conn.execute(update(signins).where(
                signins.c.meeting_id == meeting_id, signins.c.name == name,
                signins.c.device_key.is_not(None)).values(device_key=None)).rowcount
            n += conn.execute(update(guests).where(
                guests.c.meeting_id == meeting_id, guests.c.name == name,
                guests.c.device_key.is_not(None)).values(device_key=None)).rowcount
        return bool(n)

    # -- leave -----------------------------------------------------------------------------
    def record_leave(self, meeting_id: str, name: str, *, kind: str, reason: str, at: str,
                     method: str, address: str = "", device: str = "") -> LeaveRow:
        """Record (or replace) ``name``'s leave for a meeting."""
        with self.engine.begin() as conn:
            conn.execute(delete(leaves).where(leaves.c.meeting_id == meeting_id,
                                              leaves.c.name == name))
            conn.execute(insert(leaves).values(meeting_id=meeting_id, name=name, kind=kind,
                                               reason=reason, at=at, method=method))
            self._attempt(conn, meeting_id, name, at, "leave", method, address, device,
                          reason=f"{kind}: {reason}")
        return LeaveRow(name, kind, reason, at, method)

    def cancel_leave(self, meeting_id: str, name: str) -> bool:
        """Forget ``name``'s leave; True when there was one."""
        with self.engine.begin() as conn:
            return bool(conn.execute(delete(leaves).where(
                leaves.c.meeting_id == meeting_id, leaves.c.name == name)).rowcount)

    # -- attempts --------------------------------------------------------------------------
    def record_attempt(self, meeting_id: str | None, name: str, *, at: str, outcome: str,
                       reason: str = "", method: str = "", address: str = "",
                       device: str = "") -> None:
        """Store an attempt that changed nothing (a refused one, with its reason)."""
        with self.engine.begin() as conn:
            self._attempt(conn, meeting_id, name, at, outcome, method, address, device, reason)

    @staticmethod
    def _attempt(conn, meeting_id, name, at, outcome, method, address, device, reason=""):
        conn.execute(insert(attempts).values(
            meeting_id=meeting_id, name=(name or "")[:200], at=at, outcome=outcome,
            reason=(reason or "")[:500], method=method, address=(address or "")[:64],
            device=(device or "")[:64]))

    # -- reading ---------------------------------------------------------------------------
    def signins(self, meeting_id: str) -> list[SigninRow]:
        """A meeting's sign-ins, earliest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(signins).where(signins.c.meeting_id == meeting_id)
                                .order_by(signins.c.at, signins.c.id)).all()
        return [SigninRow(r.name, r.at, r.status, r.method or "", r.device_key is not None)
                for r in rows]

    def leaves(self, meeting_id: str) -> list[LeaveRow]:
        """A meeting's leave records, in the order recorded."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(leaves).where(leaves.c.meeting_id == meeting_id)
                                .order_by(leaves.c.id)).all()
        return [LeaveRow(r.name, r.kind, r.reason or "", r.at, r.method or "") for r in rows]

    def guests(self, meeting_id: str) -> list[GuestRow]:
        """The guests who sat in, in the order they signed in."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(guests).where(guests.c.meeting_id == meeting_id)
                                .order_by(guests.c.id)).all()
        return [GuestRow(r.name, r.note or "", r.at) for r in rows]

    def attempts(self, meeting_id: str, limit: int = 100) -> list[AttemptRow]:
        """The latest attempts at a meeting, newest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(attempts).where(attempts.c.meeting_id == meeting_id)
                                .order_by(attempts.c.id.desc()).limit(limit)).all()
        return [AttemptRow(r.at, r.name or "", r.outcome, r.reason or "", r.method or "",
                           r.address or "", r.device or "") for r in rows]

    def attendance_counts(self, meeting_id: str) -> dict:
        """{"signins": n, "guests": n, "leaves": n, "attempts": n}, cheaply."""
        with self.engine.connect() as conn:
            return {table.name: conn.execute(select(func.count()).select_from(table).where(
                table.c.meeting_id == meeting_id)).scalar() for table in
                (signins, guests, leaves, attempts)}


def _outcome(outcome: SigninOutcome) -> str:
    return "refused" if outcome.status == "device-used" else outcome.status


def _reason(outcome: SigninOutcome) -> str:
    if outcome.status == "device-used":
        return f"device-used: this device already signed in {outcome.name}"
    return f"already signed in at {outcome.at}"


def _add_missing_columns(target, connection, **_kw) -> None:
    """A database made before these columns existed gets them (all nullable or defaulted):
    ``create_all`` creates missing tables but never alters existing ones."""
    from sqlalchemy import inspect, text

    inspector = inspect(connection)
    for table in (signins, guests, leaves, attempts):
        if not inspector.has_table(table.name):
            continue
        have = {c["name"] for c in inspector.get_columns(table.name)}
        for column in table.columns:
            if column.name not in have:
                kind = column.type.compile(dialect=connection.dialect)
                connection.execute(text(f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" '
                                        f"{kind}"))
        for index in table.indexes:
            index.create(connection, checkfirst=True)


event.listen(metadata, "after_create", _add_missing_columns)
