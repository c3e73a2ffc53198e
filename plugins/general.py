"""支部党员大会: the general meeting of party members. Quorum: more than half of the members
with a vote (probationary members attend but don't count)."""

from meetkit import MeetingType, QuorumRule, VoteRule, hookimpl


@hookimpl
def meetkit_register_meeting_types(register):
    register.add(
        MeetingType(
            key="general",
            name={"zh-CN": "支部党员大会", "en": "general meeting of party members"},
            aliases=("党员大会", "支部党员大会", "全体党员大会"),
            attendees="all",
            quorum=QuorumRule(
                basis="voting",
                text={
                    "zh-CN": "有表决权的党员超过半数到会方可召开；赞成票超过应到会有表决权党员的半数为通过",
                    "en": "more than half of the voting members present; a resolution passes when "
                    "'for' exceeds half of the voting members who should attend",
                },
            ),
            votes=True,
            vote_rule=VoteRule(basis="voting"),
            frequency="quarterly",
        )
    )
