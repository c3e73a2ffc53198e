"""Faults of the machine, not of the user's input: a full disk, a database held by another
process for longer than meetkit waits, a store that can't be reached. The CLI turns each into
one line naming what and where, and exits non-zero (cli.MeetkitGroup.invoke); every write
before it was a transaction or an atomic rename, so nothing is left half-done.
"""

from __future__ import annotations

import errno
import sys

from .i18n import _

_BUSY = ("database is locked", "database table is locked", "lock timeout", "statement timeout")
_UNREACHABLE = (
    "could not connect",
    "connection refused",
    "connection timed out",
    "timeout expired",
    "could not translate host name",
    "name or service not known",
    "no route to host",
    "password authentication failed",
    "unable to open database file",
)


def describe(exc: BaseException) -> str | None:
    """One line for a known fault, or None (a bug: let it show)."""
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        where = exc.filename or ""
        return _(
            "no space left on the disk{where}: nothing was changed; free some space and run "
            "the command again"
        ).format(where=f" ({where})" if where else "")
    if isinstance(exc, OSError) and exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return _("{path}: not writable ({why}); nothing was changed").format(
            path=exc.filename or "?", why=exc.strerror or exc.__class__.__name__
        )
    if "sqlalchemy" not in sys.modules:  # not loaded: not its error (and --help stays light)
        return None
    from sqlalchemy.exc import DBAPIError

    if isinstance(exc, DBAPIError):
        why = " ".join(str(getattr(exc, "orig", exc) or exc).split())
        low = why.casefold()
        if "disk is full" in low or "no space left" in low:
            return _(
                "no space left on the disk (the database): nothing was changed; free some "
                "space and run the command again"
            )
        if any(word in low for word in _BUSY):
            return _(
                "the database is busy: another meetkit (or the server) held it for more than "
                "10 s; nothing was changed; try again in a moment"
            )
        missing_database = (
            low.startswith("(") is False and 'database "' in low and ("does not exist" in low)
        )
        if missing_database or any(word in low for word in _UNREACHABLE):
            return _("can't reach the store ([store] url or MEETKIT_DATABASE_URL): {why}").format(
                why=why[:200]
            )
    return None
