"""The five documents every meeting's pack holds: notice, agenda, sign-in sheet, minutes and
the follow-up action list."""

from meetkit import DocumentSpec, hookimpl

STANDARD = (
    DocumentSpec("notice", {"zh-CN": "会议通知", "en": "Meeting notice"}, order=10),
    DocumentSpec("agenda", {"zh-CN": "会议议程", "en": "Agenda"}, order=20),
    DocumentSpec("signin", {"zh-CN": "签到表", "en": "Sign-in sheet"}, order=30),
    DocumentSpec("minutes", {"zh-CN": "会议记录", "en": "Minutes"}, order=40),
    DocumentSpec(
        "actions", {"zh-CN": "会议决定事项落实清单", "en": "Follow-up action list"}, order=90
    ),
)


@hookimpl
def meetkit_documents(meeting_type):
    return list(STANDARD)
