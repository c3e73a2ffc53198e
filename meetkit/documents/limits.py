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
        """Jinja's compile, once per source text (``COMPILED``)."""
        if not isinstance(source, str) or name or filename or raw or defer_init:
            return super().compile(source, name, filename, raw, defer_init)  # type: ignore[call-overload]
        key = (type(self), source)
        code = COMPILED.get(key)
        if code is None:
            code = super().compile(source)
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
