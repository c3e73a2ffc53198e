"""主题党日: the theme party day, one fixed day a month; no quorum."""

from meetkit import MeetingType, hookimpl


@hookimpl
def meetkit_register_meeting_types(register):
    register.add(
        MeetingType(
            key="theme-day",
            name={"zh-CN": "主题党日", "en": "theme party day"},
            aliases=("主题党日", "党日", "主题党日活动"),
            attendees="all",
            frequency="monthly",
        )
    )
