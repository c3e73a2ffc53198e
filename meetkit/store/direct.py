"""Statements compiled once for the store's dialect and run on a DBAPI cursor of one of its
pooled connections: the sign-in's path (``AttendanceStore.sign_in``), which a room of phones
runs a hundred times a second at the busiest.

The SQL is what SQLAlchemy compiles from the same ``Table`` definitions, the parameters go
through the same type processing (``ISODateTime`` on SQLite, for one), a driver's error is
raised as SQLAlchemy's own (``IntegrityError``, ``OperationalError``: what callers catch), and
a connection that lost its server is invalidated as ``Connection`` would. What it skips is
``Connection.execute``'s per-call work (execution context, result object, cache lookup,
events) and, with ``Dedicated``, the pool's checkout and checkin: ``store.sign_in`` took
0.99 ms of CPU with calls 10 ms apart, 0.52 ms on a cursor, 0.35 ms on the kept connection
(docs/benchmarks.md, issue 25).
Every other query keeps ``Connection``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.compiler import SQLCompiler

if TYPE_CHECKING:
    from sqlalchemy.engine import Dialect, Engine
    from sqlalchemy.sql.expression import ClauseElement


class Compiled:
    """``statement`` compiled for ``dialect``: its SQL and how to turn a dict of parameters
    into the driver's (positional or named, each through its type's bind processor)."""

    def __init__(self, statement: ClauseElement, dialect: Dialect):
        compiled = statement.compile(dialect=dialect)
        assert isinstance(compiled, SQLCompiler)  # a statement's, not DDL's
        if compiled.escaped_bind_names:  # pragma: no cover - our names are plain identifiers
            raise ValueError("parameter names that need escaping are not supported here")
        self.sql = compiled.string
        binds = compiled.binds
        processors: dict[str, Callable[[Any], Any] | None] = {
            name: bind.type.dialect_impl(dialect).bind_processor(dialect)
            for name, bind in binds.items()
        }
        # Values baked into the statement (a literal, a LIMIT): used when not given.
        self.defaults = {
            name: bind.effective_value for name, bind in binds.items() if not bind.required
        }
        self.positional = bool(compiled.positional)
        names = list(compiled.positiontup or ()) if self.positional else list(binds)
        self.names = names
        # Only the parameters whose type changes them on the way in (a moment on SQLite).
        self.processors = [(n, proc) for n, proc in processors.items() if proc is not None]

    def parameters(self, values: Mapping[str, Any]) -> tuple[Any, ...] | dict[str, Any]:
        """The driver's parameters for ``values`` (every name the statement uses)."""
        given = {**self.defaults, **values}
        for name, proc in self.processors:
            if given[name] is not None:
                given[name] = proc(given[name])
        if self.positional:
            return tuple([given[name] for name in self.names])
        return {name: given[name] for name in self.names}


class Statements:
    """Statements compiled lazily, once per store (its engine's dialect), by key."""

    def __init__(self, dialect: Dialect, build: Callable[[Any], ClauseElement]):
        self._dialect = dialect
        self._build = build
        self._compiled: dict[Any, Compiled] = {}

    def __getitem__(self, key: Any) -> Compiled:
        found = self._compiled.get(key)
        if found is None:
            found = self._compiled[key] = Compiled(self._build(key), self._dialect)
        return found


def reader(type_: Any, dialect: Dialect) -> Callable[[Any], Any]:
    """How SQLAlchemy turns a column of ``type_`` from the driver into Python (identity when
    the driver's value is already right)."""
    process = type_.dialect_impl(dialect).result_processor(dialect, None)
    return process if process is not None else (lambda value: value)


class Cursor:
    """A DBAPI cursor that runs ``Compiled`` statements, raising SQLAlchemy's errors."""

    def __init__(self, cursor: Any, raw: Any, dialect: Dialect):
        self._cursor, self._raw, self._dialect = cursor, raw, dialect
        self.errors: type[Exception] = dialect.loaded_dbapi.Error

    def run(self, statement: Compiled, values: Mapping[str, Any]) -> int:
        """Execute; the number of rows it changed (an INSERT … SELECT: 0 or 1)."""
        params = statement.parameters(values)
        try:
            self._cursor.execute(statement.sql, params)
        except self.errors as exc:
            raise self.wrapped(exc, statement.sql, params) from exc
        return int(self._cursor.rowcount)

    def first(self, statement: Compiled, values: Mapping[str, Any]) -> tuple[Any, ...] | None:
        """Execute a query; its first row (a plain tuple), or None."""
        self.run(statement, values)
        try:
            row = self._cursor.fetchone()
        except self.errors as exc:  # pragma: no cover - a fetch after a good execute
            raise self.wrapped(exc, statement.sql, None) from exc
        return tuple(row) if row is not None else None

    def wrapped(self, exc: Any, sql: str, params: Any) -> BaseException:
        """The driver's error ``exc`` as SQLAlchemy raises it; a connection that lost its
        server is dropped from the pool."""
        lost = self._dialect.is_disconnect(exc, self._raw.dbapi_connection, self._cursor)
        if lost:
            self._raw.invalidate(exc)
        return DBAPIError.instance(
            sql, params, exc, self.errors, connection_invalidated=lost, dialect=self._dialect
        )


class Dedicated:
    """One connection of ``engine``'s pool, kept out of it for a kind of write its caller
    already runs one at a time (the sign-ins, under the store's write lock): checking a
    connection out of the pool and back in for each one cost as much as the sign-in's own
    INSERT on SQLite. Taken on first use; given back by ``release`` (``Store.close``). A
    connection that lost its server is dropped and the next transaction takes a new one
    (what the pool's pre-ping did at each checkout)."""

    def __init__(self, engine: Engine):
        self._engine = engine
        self._held: tuple[Any, Cursor] | None = None

    def transaction(self) -> _Transaction:
        """One transaction (``with dedicated.transaction() as cursor:``): committed when the
        block ends, rolled back if it raises. The caller makes sure no two run at once."""
        held = self._held
        if held is None:
            raw = self._engine.raw_connection()
            held = self._held = (raw, Cursor(raw.cursor(), raw, self._engine.dialect))
        return _Transaction(self, *held)

    def _undo(self, raw: Any) -> None:
        """Roll back; a connection that is no longer valid (or can't roll back) is dropped."""
        if raw.is_valid:
            try:
                raw.rollback()
                return
            except Exception:  # noqa: BLE001 - broken beyond rollback: drop it below
                raw.invalidate()
        self.release()

    def release(self) -> None:
        """Give the connection back to the pool (it rolls back anything uncommitted)."""
        held, self._held = self._held, None
        if held is not None:
            held[0].close()


class _Transaction:
    """``Dedicated.transaction``'s block (a plain class: no generator per sign-in)."""

    __slots__ = ("_owner", "_raw", "_cursor")

    def __init__(self, owner: Dedicated, raw: Any, cursor: Cursor):
        self._owner, self._raw, self._cursor = owner, raw, cursor

    def __enter__(self) -> Cursor:
        return self._cursor

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: Any
    ) -> None:
        if kind is None:
            try:
                self._raw.commit()
                return
            except self._cursor.errors as error:
                self._owner._undo(self._raw)
                raise self._cursor.wrapped(error, "COMMIT", None) from error
            except BaseException:
                self._owner._undo(self._raw)
                raise
        self._owner._undo(self._raw)
