"""党课: the party lesson, with its lecture record (lecturer, outline, discussion)."""
from meetkit import DocumentSpec, MeetingType, hookimpl


@hookimpl
def meetkit_register_meeting_types(register):
    register.add(MeetingType(
        key="lesson",
        name={"zh-CN": "党课", "en": "party lesson"},
        aliases=("党课",),
        attendees="all",
        frequency="quarterly",
        needs_lecturer=True,
        description={"zh-CN": "书记每年至少讲一次党课", "en": "the secretary lectures at least once a year"},
    ))


@hookimpl
def meetkit_documents(meeting_type):
    if meeting_type.key == "lesson":
        return [DocumentSpec("lecture", {"zh-CN": "党课记录", "en": "Party lesson record"}, order=60)]
    return None
