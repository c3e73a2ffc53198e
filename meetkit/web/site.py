"""What every page of the web app shares: the served workspace (``site()``) and the meeting
cached between requests."""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from flask import current_app

from .security import GuessLimiter

if TYPE_CHECKING:
    from ..model.meeting import Meeting
    from ..model.types import MeetingType
    from ..roster import Member
    from ..workspace import Workspace

log = logging.getLogger("meetkit.web")

CACHE_SECONDS = 2.0  # how long a meeting and its expected list are reused between requests


@dataclass
class Cached:
    meeting: Meeting
    meeting_type: MeetingType
    expected: list[Member]
    index: dict[str, Member]  # by name, for the names no other expected member shares
    loaded: float
    generation: int = 0  # the printed code's generation (reissued codes revoke earlier ones)
    window: tuple[int, int] = (0, 0)  # when the printed code is accepted (Unix seconds)
    codes: tuple[str, ...] = ()  # the printed codes of generations 0 to ``generation``


@dataclass
class Site:
    """What every request shares: the workspace, the admin token, the public address, the
    limiter, and a short-lived cache of meetings (read on every sign-in)."""

    workspace: Workspace
    admin_token: str
    public_url: str
    limiter: GuessLimiter
    behind_proxy: bool = False
    _cache: dict[str, Cached] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _reload: threading.Lock = field(default_factory=threading.Lock)
    _qr: dict[str, bytes] = field(default_factory=dict)

    def meeting(self, meeting_id: str) -> Cached | None:
        """The meeting, its type and expected members; None when there is no such meeting."""
        hit = self._cache.get(meeting_id)
        if hit is not None and time.monotonic() - hit.loaded < CACHE_SECONDS:
            return hit
        # One thread reloads; the others wait for it instead of all reading the same rows
        # (a room of phones arrives at once, and a meeting may expect hundreds of members).
        with self._reload:
            hit = self._cache.get(meeting_id)
            now = time.monotonic()
            if hit is not None and now - hit.loaded < CACHE_SECONDS:
                return hit
            ws = self.workspace
            meeting = ws.store.get_meeting(meeting_id)
            if meeting is None:
                self._cache.pop(meeting_id, None)
                return None
            from ..attendance.tokens import compact_codes, config_window

            # `meetkit signin-code reissue` runs in another process: read the generation on
            # every reload, so a revoked code stops working within CACHE_SECONDS.
            generation = ws.store.printed_generation(meeting_id)
            window = config_window(ws.config, meeting.start)
            codes = (
                hit.codes
                if hit is not None and hit.generation == generation
                else compact_codes(ws.secret, meeting_id, generation)
            )
            if hit is not None and hit.meeting == meeting:
                # Unchanged meeting, unchanged snapshot: `update` rewrites who is expected
                # only together with the meeting's own row (its party group).
                hit = Cached(
                    meeting,
                    hit.meeting_type,
                    hit.expected,
                    hit.index,
                    now,
                    generation,
                    window,
                    codes,
                )
            else:
                expected = ws.store.expected_members(meeting_id)
                # Only names no other expected member shares: a shared one must be asked.
                count = Counter(m.name for m in expected)
                hit = Cached(
                    meeting,
                    ws.plugins.meeting_type(meeting.type),
                    expected,
                    {m.name: m for m in expected if count[m.name] == 1},
                    now,
                    generation,
                    window,
                    codes,
                )
            with self._lock:
                if len(self._cache) > 200:
                    self._cache.clear()
                self._cache[meeting_id] = hit
            return hit

    def forget(self, meeting_id: str) -> None:
        """Drop a meeting from the cache after the admin changed it."""
        self._cache.pop(meeting_id, None)

    def qr_png(self, url: str) -> bytes:
        """The QR picture of ``url`` (a few are kept: each projector code is shown 30 s)."""
        png = self._qr.get(url)
        if png is None:
            from ..documents.qr import qr_png_bytes

            png = qr_png_bytes(url, box_size=12)
            with self._lock:
                if len(self._qr) > 20:
                    self._qr.clear()
                self._qr[url] = png
        return png


def site() -> Site:
    return current_app.extensions["meetkit"]
