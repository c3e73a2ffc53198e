"""支部委员会: the branch committee meeting. Quorum: more than half of committee members."""

from meetkit import MeetingType, QuorumRule, VoteRule, hookimpl


@hookimpl
def meetkit_register_meeting_types(register):
    register.add(
        MeetingType(
            key="committee",
            name={"zh-CN": "支部委员会", "en": "branch committee meeting"},
            aliases=("支委会", "支部委员会", "支委会议"),
            attendees="committee",
            quorum=QuorumRule(
                basis="committee",
                text={
                    "zh-CN": "支部委员超过半数到会方可召开",
                    "en": "more than half of the committee members present",
                },
            ),
            votes=True,
            # Decisions need more than half of the committee members who should attend.
            vote_rule=VoteRule(basis="committee"),
            frequency="monthly",
        )
    )
