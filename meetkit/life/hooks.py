"""The life meeting's cycle as a built-in plugin (DEFAULT_PLUGINS): its documents for every
type that declares them in ``MeetingType.uses``, their variables (from meetkit.life.meeting,
which reads the store), and the documents written again with the minutes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from meetkit import DocumentSpec, hookimpl

if TYPE_CHECKING:
    from flask import Flask

    from ..model.meeting import Meeting
    from ..model.types import MeetingType
    from ..workspace import Workspace

CRITICISM = DocumentSpec(
    "criticism",
    {"zh-CN": "批评与自我批评记录", "en": "Criticism and self-criticism record"},
    order=60,
)
APPRAISAL = DocumentSpec(
    "appraisal", {"zh-CN": "民主评议党员测评表", "en": "Democratic appraisal ballot"}, order=65
)
REST = (
    DocumentSpec(
        "rectification",
        {"zh-CN": "问题清单和整改清单", "en": "Problem and rectification list"},
        order=70,
    ),
    DocumentSpec("talks", {"zh-CN": "谈心谈话记录", "en": "Heart-to-heart talk record"}, order=75),
    DocumentSpec(
        "talk-forms",
        {"zh-CN": "谈心谈话记录（空白表）", "en": "Heart-to-heart talk forms (blank)"},
        order=78,
    ),
    DocumentSpec("opinions", {"zh-CN": "征求意见汇总", "en": "Opinions collected"}, order=76),
    DocumentSpec(
        "selfcheck", {"zh-CN": "对照检查材料", "en": "Self-inspection"}, order=77, per_member=True
    ),
    DocumentSpec(
        "report", {"zh-CN": "情况报告", "en": "Report to the higher-level committee"}, order=80
    ),
)
# The life documents whose variables this plugin adds.
OWN = ("criticism", "talks", "opinions", "selfcheck", "report")


# The feature each document belongs to (``MeetingType.uses``).
USES = {
    "criticism": "criticism",
    "appraisal": "appraisal",
    "rectification": "rectification",
    "talks": "talks",
    "talk-forms": "talks",
    "opinions": "opinions",
    "selfcheck": "selfcheck",
    "report": "report",
}


@hookimpl
def meetkit_documents(meeting_type: MeetingType) -> list[DocumentSpec] | None:
    docs = [d for d in (CRITICISM, APPRAISAL, *REST) if meeting_type.has(USES[d.name])]
    return docs or None


@hookimpl
def meetkit_template_context(
    meeting: Meeting,
    meeting_type: MeetingType,
    document: DocumentSpec,
    context: dict[str, Any],
    workspace: Workspace | None,
) -> dict[str, Any] | None:
    if document.name not in OWN or not meeting_type.has(USES[document.name]):
        return None
    if workspace is None or not hasattr(workspace, "store") or not meeting.id:
        return _sample(document.name, context)
    from .meeting import context as life_context

    return life_context(workspace, meeting, document.name, context)


def _sample(name: str, context: dict[str, Any]) -> dict[str, Any]:
    """A sample meeting (check-template, docs) has no store: the variables, empty."""
    from .meeting import selfcheck_headings

    lang = context.get("lang", "zh-CN")
    return {
        "life": {"last_meeting": "", "team": False},
        "speakers": [dict(m) for m in context.get("members", [])],
        "talks": [],
        "opinions": {"total": 0, "groups": []},
        "selfcheck": {"headings": selfcheck_headings(None, lang)},
        "report": {},
        # per-member documents get ``member`` from the renderer: here, the first member
        "member": dict(next(iter(context.get("members") or []), {}), label=""),
    }


@hookimpl
def meetkit_minutes_documents(
    meeting: Meeting, meeting_type: MeetingType, workspace: Workspace
) -> list[str] | None:
    """The criticism record and the report carry the real attendance too."""
    return [n for n in ("criticism", "report") if meeting_type.has(USES[n])] or None


@hookimpl
def meetkit_register_routes(app: Flask, workspace: Workspace) -> None:
    """The opinion page (征求意见): this feature's blueprint."""
    from .web import bp

    app.register_blueprint(bp)
