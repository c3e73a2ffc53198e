"""Sign-ins, guests sitting in (列席), leave and every sign-in attempt.

Each call is one short transaction, committed before it returns: a sign-in the web app answered
with success is on disk (SQLite WAL) even if the server is killed the next moment.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from .schema import attempts, guests, leaves, signins


_CREATE_LOCK = threading.Lock()
IDLE_SECONDS = 5.0  # the writer thread ends after this long without work


class _Compiled:
    """A statement compiled once for the engine's dialect, run on a raw DBAPI cursor."""

    def __init__(self, dialect, statement, column_keys=None):
        compiled = statement.compile(dialect=dialect, column_keys=column_keys)
        self.sql = str(compiled)
        self.order = compiled.positiontup if compiled.positional else None

    def params(self, values: dict):
        """The DBAPI parameters for ``values``, in the dialect's parameter style."""
        return tuple(values[k] for k in self.order) if self.order is not None else values


class _Job:
    """One sign-in waiting to be written: ``ok`` True (committed), False (a clash: already
    signed in, or the device is taken); ``error`` when the transaction failed."""

    __slots__ = ("row", "attempt", "ok", "error", "done")

    def __init__(self, row: dict, attempt: dict):
        self.row, self.attempt = row, attempt
        self.ok, self.error = False, None
        self.done = threading.Lock()  # released once the transaction holding the row is over
        self.done.acquire()


class _SigninWriter:
    """Writes new sign-ins with group commit, on a thread of its own.

    A burst of sign-ins (a room of phones scanning the projector at once) would otherwise be
    one commit each, and SQLite takes one writer at a time, with sleeps between retries. Here a
    request queues its row and waits; the writer thread takes everything queued, writes it in
    one transaction and commits, then wakes each request of that transaction: nothing is
    answered before it is on disk, and the busier the server, the more rows share a commit.
    Statements are compiled once and run on one DBAPI connection kept for writing. A
    unique-index clash (already signed in, device taken) fails only its own statement in
    SQLite; other databases get one transaction per row, on a connection taken from the pool
    for each round."""

    def __init__(self, engine):
        dialect = engine.dialect
        self.engine = engine
        self.batch = dialect.name == "sqlite"
        self.integrity_error = dialect.dbapi.IntegrityError
        self.signin = _Compiled(dialect, insert(signins), [
            "meeting_id", "name", "at", "status", "method", "device", "device_key", "address"])
        self.attempt = _Compiled(dialect, insert(attempts), [
            "meeting_id", "name", "at", "address", "device", "outcome", "reason", "method"])
        # ", (?, ?, ...)": one more row of VALUES, for the multi-row form.
        self.attempt_more = ", " + self.attempt.sql[self.attempt.sql.rindex("("):]
        self.guest_device = _Compiled(dialect, select(guests.c.id).where(
            guests.c.meeting_id == bindparam("m"), guests.c.device_key == bindparam("k")))
        # Plain locks, not Condition/Event: this runs for every sign-in of a busy minute.
        self.mutex = threading.Lock()  # guards pending, idle and thread
        self.wakeup = threading.Lock()  # released to wake an idle writer thread
        self.wakeup.acquire()
        self.idle = False
        self.pending: list[_Job] = []
        self.thread: threading.Thread | None = None
        self.con = None

    def submit(self, job: _Job) -> bool:
        """Queue ``job`` for the writer thread and wait until the transaction holding it is
        over; True when committed, False on a clash."""
        with self.mutex:
            self.pending.append(job)
            wake, self.idle = self.idle, False
            if self.thread is None:
                self._start()
        if wake:
            self.wakeup.release()
        job.done.acquire()  # released by the writer thread
        if job.error is not None:
            raise job.error
        return job.ok

    def _start(self) -> None:
        self.thread = threading.Thread(target=self._run, name="meetkit-signin-writer",
                                       daemon=True)
        self.thread.start()

    def _run(self) -> None:
        """Write whatever is queued, one transaction at a time; end after a quiet while."""
        try:
            while True:
                with self.mutex:
                    jobs, self.pending = self.pending, []
                    if not jobs:
                        self.wakeup.acquire(False)  # locked, whatever happened before
                        self.idle = True
                if not jobs:
                    if not self.wakeup.acquire(timeout=IDLE_SECONDS):
                        with self.mutex:
                            if not self.pending:
                                self.idle = False
                                return
                    continue
                if self.batch:
                    self._write(jobs)
                else:
                    for one in jobs:
                        self._write([one])
                    self._release()
        finally:
            with self.mutex:
                self.thread = None
                if self.pending:  # queued while ending (or after a crash): carry on
                    self.idle = False
                    self._start()

    def _release(self) -> None:
        """Hand the writing connection back to the pool (servers other than SQLite): a
        connection kept idle between rounds may be closed by the server (a restart, an idle
        timeout), and the pool pings it before giving it out again."""
        con, self.con = self.con, None
        if con is not None:
            con.close()

    def _log_attempts(self, cur, rows: list) -> None:
        """The attempts of the sign-ins just written: one multi-row INSERT where the dialect's
        parameters are positional (each statement costs a round through the database
        driver), else one INSERT each."""
        if self.attempt.order is None:
            for row in rows:
                cur.execute(self.attempt.sql, self.attempt.params(row))
            return
        for start in range(0, len(rows), 100):  # well under SQLite's limit of variables
            chunk = rows[start:start + 100]
            cur.execute(self.attempt.sql + self.attempt_more * (len(chunk) - 1),
                        [v for row in chunk for v in self.attempt.params(row)])

    def _write(self, jobs: list) -> None:
        try:
            if self.con is None:
                self.con = self.engine.raw_connection()
            cur = self.con.cursor()
            for job in jobs:
                key = job.row["device_key"]
                if key is not None:
                    cur.execute(self.guest_device.sql, self.guest_device.params(
                        {"m": job.row["meeting_id"], "k": key}))
                    if cur.fetchone() is not None:
                        continue  # the device signed in a guest
                try:
                    cur.execute(self.signin.sql, self.signin.params(job.row))
                except self.integrity_error:
                    continue  # in SQLite only this statement is undone
                job.ok = True
            self._log_attempts(cur, [job.attempt for job in jobs if job.ok])
            self.con.commit()
        except BaseException as exc:
            for job in jobs:
                job.ok, job.error = False, exc
            con, self.con = self.con, None
            if con is not None:
                try:
                    con.rollback()
                    con.close()
                except Exception:  # the connection is gone: the pool must not reuse it
                    con.invalidate()
            if not isinstance(exc, Exception):
                raise
        finally:
            for job in jobs:
                job.done.release()


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
        guest) is refused with ``device-used``. The attempt is recorded in the same commit,
        and the commit is done before this returns.

        This is the hot path of a meeting's opening minutes: see ``_SigninWriter``."""
        key = device if (bind_device and device) else None
        job = _Job({"meeting_id": meeting_id, "name": name, "at": at, "status": status,
                    "method": method, "device": device, "device_key": key, "address": address},
                   {"meeting_id": meeting_id, "name": name, "at": at, "address": address,
                    "device": device, "outcome": status, "reason": "", "method": method})
        if self._writer().submit(job):
            return SigninOutcome(status, name, at)
        # Already signed in, or the device signed in someone else: say so, and record it.
        with self.engine.begin() as conn:
            existing = conn.execute(select(signins.c.at).where(
                signins.c.meeting_id == meeting_id, signins.c.name == name)).first()
            early = SigninOutcome("already", name, existing.at) if existing else \
                self._device_owner(conn, meeting_id, key)
            if early is None:  # pragma: no cover - the clashing row was removed meanwhile
                raise RuntimeError(f"sign-in of {name!r} at {meeting_id} clashed; try again")
            self._attempt(conn, meeting_id, name, at, _outcome(early), method, address,
                          device, reason=_reason(early))
            return early

    def _writer(self) -> "_SigninWriter":
        writer = getattr(self, "_signin_writer", None)
        if writer is None:
            with _CREATE_LOCK:
                writer = getattr(self, "_signin_writer", None)
                if writer is None:
                    writer = self._signin_writer = _SigninWriter(self.engine)
        return writer

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

    def device_owner(self, meeting_id: str, device: str) -> SigninOutcome | None:
        """Whom this device signed in at the meeting (status ``device-used``), or None."""
        if not device:
            return None
        with self.engine.connect() as conn:
            return self._device_owner(conn, meeting_id, device)

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
