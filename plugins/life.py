"""组织生活会 and 民主生活会: the two types. What they use (criticism and self-criticism, the
democratic appraisal, the problem and rectification list, heart-to-heart talks, opinions,
self-inspection and the report) is the life feature's: meetkit/life/hooks.py gives its documents
to every type that declares them in ``uses``, whatever its key."""

from meetkit import MeetingType, QuorumRule, VoteRule, hookimpl

# The life meeting's cycle; a leadership team's meeting has no member appraisal.
CYCLE = ("criticism", "opinions", "talks", "selfcheck", "report", "rectification")


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
            uses=frozenset({*CYCLE, "appraisal"}),
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
            # says so (ledger_optional).
            frequency="yearly",
            uses=frozenset({*CYCLE, "team"}),
            ledger_optional=True,
            description={
                "zh-CN": "领导班子每年召开，上级督导人员列席；不评议党员",
                "en": "a leadership team's, yearly; higher-level supervisors attend; "
                "no member appraisal",
            },
        )
    )
