"""Agendas: plain TOML data, bilingual, one file per meeting type.

Lookup order (first found wins): the workspace's ``agendas/<type>.toml``, the file a plugin
names in ``MeetingType.agenda_file``, the built-in ``agendas/<type>.toml``.

Format::

    [topic]                      # the type's default topic
    zh-CN = "..."
    en = "..."

    [[items]]
    title = { zh-CN = "...", en = "..." }
    detail = { zh-CN = "...", en = "..." }   # optional
    votes = true                              # optional: the item is voted on
    appraisal = true                          # optional: the democratic appraisal (民主评议党员)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from .._toml import tomllib
from ..errors import MeetkitError
from ..i18n import _
from ..resources import builtin_dir
from .items import own_items
from .types import AgendaItem, localize

if TYPE_CHECKING:
    from .meeting import Meeting
    from .types import MeetingType


class _Hooks(Protocol):
    def call(self, hook: str, **kwargs: Any) -> list: ...


class AgendaSource(Protocol):
    """What ``agenda_items`` reads of a workspace (the model layer can't name Workspace)."""

    @property
    def root(self) -> Path: ...

    @property
    def plugins(self) -> _Hooks: ...


@dataclass
class Agenda:
    source: Path | None
    origin: str  # workspace | plugin | built-in | none
    topic: dict = field(default_factory=dict)
    items: list = field(default_factory=list)  # raw dicts

    def localized(self, lang: str) -> list[AgendaItem]:
        return [
            AgendaItem(
                title=localize(i.get("title"), lang),
                detail=localize(i.get("detail"), lang),
                votes=bool(i.get("votes", False)),
                appraisal=bool(i.get("appraisal", False)),
            )
            for i in self.items
        ]


def find_agenda_file(
    meeting_type: MeetingType, workspace_root: Path | None
) -> tuple[Path | None, str]:
    """The agenda file that applies to a type, and where it comes from."""
    candidates = []
    if workspace_root is not None:
        candidates.append((workspace_root / "agendas" / f"{meeting_type.key}.toml", "workspace"))
    if meeting_type.agenda_file:
        candidates.append((Path(meeting_type.agenda_file), "plugin"))
    candidates.append((builtin_dir("agendas") / f"{meeting_type.key}.toml", "built-in"))
    for path, origin in candidates:
        if path.is_file():
            return path, origin
    return None, "none"


def load_agenda(meeting_type: MeetingType, workspace_root: Path | None) -> Agenda:
    """Read the agenda that applies to ``meeting_type`` (empty when there is none)."""
    path, origin = find_agenda_file(meeting_type, workspace_root)
    if path is None:
        return Agenda(None, origin)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise MeetkitError(_("{path}: invalid TOML: {why}").format(path=path, why=exc)) from None
    except RecursionError:
        raise MeetkitError(_("{path}: invalid TOML: nested too deeply").format(path=path)) from None
    except UnicodeDecodeError:
        raise MeetkitError(_("{path}: not UTF-8 text").format(path=path)) from None
    items = data.get("items", [])
    if not isinstance(items, list) or not all(
        isinstance(i, dict) and i.get("title") for i in items
    ):
        raise MeetkitError(_("{path}: each [[items]] needs a title").format(path=path))
    topic = data.get("topic", {})
    if isinstance(topic, str):
        topic = {"zh-CN": topic, "en": topic}
    return Agenda(path, origin, topic, items)


# The host's summary closes a meeting: a meeting's own items stand before it.
SUMMARY_WORDS = ("小结", "总结", "sums up", "summary")


def agenda_items(ws: AgendaSource, meeting: Meeting, meeting_type: MeetingType) -> list:
    """The default agenda, then what plugins add or change."""
    items = load_agenda(meeting_type, ws.root).localized(meeting.lang)
    for extra in ws.plugins.call(
        "meetkit_agenda", meeting=meeting, meeting_type=meeting_type, items=items, workspace=ws
    ):
        items.extend(extra)
    own = own_items(meeting)
    if any(i.votes for i in own):
        # Real votes replace the type's placeholder vote item ("讨论并表决支部重要事项").
        items = [i for i in items if not i.votes or getattr(i, "own", False)]
    # This meeting's --item/--vote stand before the host's summary, which closes the meeting.
    at = next(
        (n for n, i in enumerate(items) if any(w in i.title for w in SUMMARY_WORDS)), len(items)
    )
    items[at:at] = own
    return items
