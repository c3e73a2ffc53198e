"""Limits on one template render (issue 19: a template made `prepare` run 31 s and take
1.8 GB). Templates travel between branches; the sandbox (meetkit.documents.render) keeps them from
reaching Python, these keep them from eating the machine:

- time: ``RENDER_SECONDS`` per document. Checked on every chunk of output, every call and every
  ``range`` step; in the CLI's main thread a timer (SIGALRM) also interrupts a loop that calls
  nothing and writes nothing.
- size: ``RENDER_CHARS`` of XML per document part; ``"x" * n`` and ``[..] * n`` beyond
  ``REPEAT_CHARS``, ``a ** b`` beyond ``POWER_MAX``, and more than ``RANGE_STEPS`` steps of
  ``range`` in one render are refused.

Each refusal is a ``jinja2.exceptions.SecurityError``: meetkit.documents.render words it as one line
naming the template.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Iterator
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

RENDER_SECONDS = 10.0
RENDER_CHARS = 40_000_000
REPEAT_CHARS = 1_000_000
POWER_MAX = 1_000
RANGE_STEPS = 2_000_000


class Budget:
    """What one render may still spend."""

    def __init__(self, seconds: float = RENDER_SECONDS):
        self.deadline = time.monotonic() + seconds
        self.steps = RANGE_STEPS

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise SecurityError(
                f"the template took longer than {RENDER_SECONDS:g} s to render (a loop too big?)"
            )


class LimitedTemplate(jinja2.Template):
    """A template whose output is gathered chunk by chunk, within the budget."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        budget: Budget = self.environment.budget  # type: ignore[attr-defined]
        out, size = [], 0
        for chunk in self.generate(*args, **kwargs):
            size += len(chunk)
            if size > RENDER_CHARS:
                raise SecurityError(
                    f"the document grows past {RENDER_CHARS // 1_000_000} million characters"
                )
            budget.tick()
            out.append(chunk)
        return "".join(out)


# Compiled template code by (environment class, source text), shared by every render's own
# sandbox (issue 25): docxtpl compiles every part of every document with ``from_string``, which
# never caches, so `plan --prepare` compiled the same ~18 templates 2,424 times, 28% of its run.
# The code depends only on the source and the environment's class (its sandbox and intercepted
# operators); the budget and ``undefined`` are read at render time from the render's own
# environment, so each render keeps its own limits. Bounded; dict access is atomic, so the
# server's threads may share it.
COMPILED: dict[tuple[type, str], Any] = {}
COMPILED_LIMIT = 256  # texts kept (a pack has ~10, every built-in document ~60)


# A fresh process (every `meetkit prepare`) compiled its ~14 template texts again: 59 ms of a
# lesson's ~530 ms of CPU. The code is also kept on disk, in the user's cache (templates/, one
# marshal file per text), as Jinja's own bytecode cache does for templates it loads by name.
# The file's name is a digest of the source and of everything the code depends on: Python's
# bytecode tag, Jinja's and meetkit's versions, the environment's class, its intercepted
# operators and its syntax settings; the file holds that digest again, checked on reading. A
# missing, unreadable or foreign file means compiling, as before; a cache that cannot be
# written is skipped.
DISK_LIMIT = 1024  # files kept (a year of every type in both languages: about 60)


def _disk_key(env: jinja2.Environment, source: str) -> str:
    import hashlib
    import sys

    from .. import __version__

    settings = (
        sys.implementation.cache_tag,
        jinja2.__version__,
        __version__,
        type(env).__module__,
        type(env).__qualname__,
        sorted(getattr(env, "intercepted_binops", ())),
        sorted(getattr(env, "intercepted_unops", ())),
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        env.line_statement_prefix,
        env.line_comment_prefix,
        env.trim_blocks,
        env.lstrip_blocks,
        env.newline_sequence,
        env.keep_trailing_newline,
        sorted(env.extensions),
        env.optimized,
        env.autoescape if isinstance(env.autoescape, bool) else repr(env.autoescape),
        env.is_async,
        None if env.finalize is None else getattr(env.finalize, "__qualname__", "?"),
        sorted((k, repr(v)) for k, v in env.policies.items() if k.startswith("compiler.")),
    )
    digest = hashlib.sha256(repr(settings).encode("utf-8"))
    digest.update(b"\0" + source.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _disk_read(key: str) -> Any:
    """The code kept for ``key``, or None."""
    import marshal

    from ..files import user_cache_dir

    try:
        data = (user_cache_dir() / "templates" / f"{key[:40]}.code").read_bytes()
        kept_key, code = marshal.loads(data)
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return code if kept_key == key else None


def _disk_write(key: str, code: Any) -> None:
    import marshal

    from ..files import atomic_write_bytes, user_cache_dir

    try:
        folder = user_cache_dir() / "templates"
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        kept = list(folder.glob("*.code"))
        if len(kept) >= DISK_LIMIT:  # old versions' and edited templates' code: start afresh
            for old in kept:
                old.unlink(missing_ok=True)
        atomic_write_bytes(folder / f"{key[:40]}.code", marshal.dumps((key, code)))
    except (OSError, ValueError):
        pass  # no cache: compiled again next time


class LimitedSandbox(SandboxedEnvironment):
    """The sandbox with a budget of time and size for one render."""

    template_class = LimitedTemplate
    intercepted_binops = frozenset({"*", "**", "+"})

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.budget = Budget()
        self.globals["range"] = self._range

    def compile(
        self,
        source: Any,
        name: str | None = None,
        filename: str | None = None,
        raw: bool = False,
        defer_init: bool = False,
    ) -> Any:
        """Jinja's compile, once per source text (``COMPILED``, then the user's cache)."""
        if not isinstance(source, str) or name or filename or raw or defer_init:
            return super().compile(source, name, filename, raw, defer_init)  # type: ignore[call-overload]
        key = (type(self), source)
        code = COMPILED.get(key)
        if code is None:
            disk = _disk_key(self, source)
            code = _disk_read(disk)
            if code is None:
                code = super().compile(source)
                _disk_write(disk, code)
            if len(COMPILED) >= COMPILED_LIMIT:
                COMPILED.clear()
            COMPILED[key] = code
        return code

    def _range(self, *args: int) -> Iterator[int]:
        steps = range(*args)
        if len(steps) > self.budget.steps:
            raise SecurityError(f"range() of {len(steps)} steps is too big for a template")
        self.budget.steps -= len(steps)
        return self._counted(steps)

    def _counted(self, steps: range) -> Iterator[int]:
        for i, value in enumerate(steps):
            if not i % 1000:
                self.budget.tick()
            yield value

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        __self.budget.tick()
        return super().call(__context, __obj, *args, **kwargs)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        self.budget.tick()
        if operator == "**" and isinstance(right, int) and abs(right) > POWER_MAX:
            raise SecurityError(f"a power above {POWER_MAX} is too big for a template")
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(n, int):
                    if len(seq) * n > REPEAT_CHARS:
                        raise SecurityError("a repeated text or list is too big for a template")
        result = super().call_binop(context, operator, left, right)
        if operator == "+" and isinstance(result, str | list) and len(result) > RENDER_CHARS:
            raise SecurityError("a joined text is too big for a template")
        return result


@contextlib.contextmanager
def time_limit(seconds: float = RENDER_SECONDS) -> Iterator[None]:
    """In the main thread with no timer running (the CLI): interrupt the render after
    ``seconds`` even inside a loop that calls nothing. Elsewhere (the server's threads): the
    budget's checks only."""
    usable = (
        threading.current_thread() is threading.main_thread()
        and hasattr(signal, "setitimer")
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0
    )
    if not usable:
        yield
        return

    def stop(_signum: int, _frame: Any) -> None:
        raise SecurityError(
            f"the template took longer than {seconds:g} s to render (a loop too big?)"
        )

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
