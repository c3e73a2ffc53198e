"""党小组会: a party group's meeting, convened by its leader; no quorum."""

from meetkit import MeetingType, hookimpl


@hookimpl
def meetkit_register_meeting_types(register):
    register.add(
        MeetingType(
            key="group",
            name={"zh-CN": "党小组会", "en": "party group meeting"},
            aliases=("党小组会", "小组会", "党小组会议"),
            attendees="group",
            frequency="monthly",
            needs_group=True,
        )
    )


@hookimpl
def meetkit_validate_meeting(meeting, meeting_type, members):
    if meeting_type.key == "group" and not members:
        return [f"party group {meeting.group!r} has no members in members.csv"]
    return None
