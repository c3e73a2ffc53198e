"""Reading the store once per piece of work: within ``scope()`` a value read with
``remembered(key, read)`` is read once; outside, every call reads afresh.

Rendering a meeting's pack changes nothing in the store, yet its plugins ask for the same
lists for every document (the follow-up lists: 30-odd queries a meeting, a growing part of
``plan --prepare`` as the history grows). The renderer opens the scope; a feature decides what
it remembers (meetkit.followup.actions)."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Hashable, Iterator
from typing import Any

_SCOPE: contextvars.ContextVar[dict | None] = contextvars.ContextVar("meetkit_cache", default=None)


@contextlib.contextmanager
def scope() -> Iterator[None]:
    """Remember what is read within (nested scopes share the outer one)."""
    if _SCOPE.get() is not None:
        yield
        return
    token = _SCOPE.set({})
    try:
        yield
    finally:
        _SCOPE.reset(token)


def remembered(key: Hashable, read: Callable[[], Any]) -> Any:
    """``read()``, once per ``key`` within a scope; afresh outside one."""
    memo = _SCOPE.get()
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    return memo[key]
