"""组织生活会 and 民主生活会: criticism and self-criticism, democratic appraisal, the problem and
rectification list, and heart-to-heart talks."""
from meetkit import DocumentSpec, MeetingType, QuorumRule, hookimpl

LIFE_TYPES = ("life", "democratic-life")

EXTRA = (
    DocumentSpec("criticism", {"zh-CN": "批评与自我批评记录", "en": "Criticism and self-criticism record"}, order=60),
    DocumentSpec("appraisal", {"zh-CN": "民主评议党员测评表", "en": "Democratic appraisal ballot"}, order=65),
    DocumentSpec("rectification", {"zh-CN": "问题清单和整改清单", "en": "Problem and rectification list"}, order=70),
    DocumentSpec("talks", {"zh-CN": "谈心谈话记录", "en": "Heart-to-heart talk record"}, order=75),
)


@hookimpl
def meetkit_register_meeting_types(register):
    register.add(MeetingType(
        key="life",
        name={"zh-CN": "组织生活会", "en": "organizational life meeting"},
        aliases=("组织生活会", "生活会", "组织生活会议"),
        attendees="all",
        # Usually held as a general meeting, so the general meeting's quorum applies.
        quorum=QuorumRule(basis="voting"),
        votes=True,
        frequency="yearly",
        description={"zh-CN": "开展批评与自我批评，通常在第四季度，结合民主评议党员",
                     "en": "criticism and self-criticism, usually in Q4, with the democratic appraisal"},
    ))
    register.add(MeetingType(
        key="democratic-life",
        name={"zh-CN": "民主生活会", "en": "democratic life meeting"},
        aliases=("民主生活会", "民主生活会议"),
        attendees="committee",
        quorum=QuorumRule(basis="committee"),
        frequency="yearly",
        description={"zh-CN": "领导班子成员参加，上级督导人员列席",
                     "en": "leadership team; higher-level supervisors attend"},
    ))


@hookimpl
def meetkit_documents(meeting_type):
    if meeting_type.key in LIFE_TYPES:
        return list(EXTRA)
    return None
