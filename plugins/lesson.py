"""党课: the party lesson. Its one record is the minutes: they carry the lecture record's fields
(lecturer, title, outline, content, discussion) instead of a separate lecture.docx."""

from meetkit import MeetingType, hookimpl


@hookimpl
def meetkit_register_meeting_types(register):
    register.add(
        MeetingType(
            key="lesson",
            name={"zh-CN": "党课", "en": "party lesson"},
            aliases=("党课",),
            attendees="all",
            frequency="quarterly",
            needs_lecturer=True,
            description={
                "zh-CN": "书记每年至少讲一次党课",
                "en": "the secretary lectures at least once a year",
            },
        )
    )
