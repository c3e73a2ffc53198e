"""Long work started from a page (``meetkit plan --prepare``, ``meetkit export --pdf``) runs in
a thread of its own, so the page can show its progress: the page reloads itself every second
(a meta refresh: no JavaScript) while the job runs, then shows what it did.

One job per key at a time (a second click while it runs only shows the progress); jobs are
kept in memory, for this server process only."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..errors import MeetkitError


@dataclass
class Job:
    key: str
    total: int = 0
    done: int = 0
    running: bool = True
    error: str = ""
    result: Any = None
    lines: list[str] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else (0 if self.running else 100)


_JOBS: dict[str, Job] = {}
_LOCK = threading.Lock()


def get(key: str) -> Job | None:
    return _JOBS.get(key)


def start(key: str, total: int, work: Callable[[Job], Any]) -> Job:
    """Run ``work(job)`` in a thread unless a job ``key`` runs already; ``work`` counts
    ``job.done`` up to ``total`` and returns its result. A MeetkitError becomes ``job.error``
    (one line, as the command would print it)."""
    with _LOCK:
        running = _JOBS.get(key)
        if running is not None and running.running:
            return running
        job = _JOBS[key] = Job(key, total)

    def run() -> None:
        try:
            job.result = work(job)
        except MeetkitError as exc:
            job.error = str(exc)
        except Exception as exc:  # noqa: BLE001 - shown on the page, never a traceback
            job.error = f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}"
        finally:
            job.running = False

    threading.Thread(target=run, name=f"meetkit-console-{key}", daemon=True).start()
    return job
