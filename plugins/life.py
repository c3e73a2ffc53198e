"""组织生活会 and 民主生活会: criticism and self-criticism, democratic appraisal, the problem and
rectification list, heart-to-heart talks, opinions, self-inspection and the report.

The documents' variables come from meetkit.lifemeeting (which reads the store)."""

from meetkit import DocumentSpec, MeetingType, QuorumRule, VoteRule, hookimpl

LIFE_TYPES = ("life", "democratic-life")

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


@hookimpl
def meetkit_register_meeting_types(register):
    register.add(
        MeetingType(
            key="life",
            name={"zh-CN": "组织生活会", "en": "organizational life meeting"},
            aliases=("组织生活会", "生活会", "组织生活会议"),
            attendees="all",
            # Usually held as a general meeting, so the general meeting's quorum applies.
            quorum=QuorumRule(basis="voting"),
            votes=True,
            vote_rule=VoteRule(basis="voting"),  # held as a general meeting
            frequency="yearly",
            description={
                "zh-CN": "开展批评与自我批评，通常在第四季度，结合民主评议党员",
                "en": "criticism and self-criticism, usually in Q4, with the democratic appraisal",
            },
        )
    )
    register.add(
        MeetingType(
            key="democratic-life",
            name={"zh-CN": "民主生活会", "en": "democratic life meeting"},
            aliases=("民主生活会", "民主生活会议"),
            attendees="committee",
            quorum=QuorumRule(basis="committee"),
            vote_rule=VoteRule(basis="committee"),
            # Yearly for a leadership team; the ledger asks it of a branch only where meetkit.toml
            # says so (ledger.ONLY_WHEN_CONFIGURED).
            frequency="yearly",
            description={
                "zh-CN": "领导班子每年召开，上级督导人员列席；不评议党员",
                "en": "a leadership team's, yearly; higher-level supervisors attend; "
                "no member appraisal",
            },
        )
    )


@hookimpl
def meetkit_documents(meeting_type):
    if meeting_type.key == "life":
        return [CRITICISM, APPRAISAL, *REST]
    if meeting_type.key == "democratic-life":  # a leadership team: no member appraisal
        return [CRITICISM, *REST]
    return None


@hookimpl
def meetkit_template_context(meeting, meeting_type, document, context, workspace):
    if meeting_type.key not in LIFE_TYPES or document.name not in OWN:
        return None
    if workspace is None or not hasattr(workspace, "store") or not meeting.id:
        return _sample(document.name, context)
    from meetkit.lifemeeting import context as life_context

    return life_context(workspace, meeting, document.name, context)


def _sample(name, context):
    """A sample meeting (check-template, docs) has no store: the variables, empty."""
    from meetkit.lifemeeting import SELFCHECK_HEADINGS

    lang = context.get("lang", "zh-CN")
    return {
        "life": {"last_meeting": "", "team": False},
        "speakers": [dict(m) for m in context.get("members", [])],
        "talks": [],
        "opinions": {"total": 0, "groups": []},
        "selfcheck": {"headings": SELFCHECK_HEADINGS[lang]},
        "report": {},
        # per-member documents get ``member`` from the renderer: here, the first member
        "member": dict(next(iter(context.get("members") or []), {}), label=""),
    }
