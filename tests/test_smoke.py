import json


def test_prepare_lesson_writes_a_pack(run, workspace):
    run("prepare", "lesson", "--no-input", "--date", "2026-12-01")
    shown = json.loads(run("show", "2026-12-01-lesson", "--json").output)
    folder = workspace / "meetings" / "2026-12-01-lesson"
    assert shown["folder"] == str(folder)
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(
        ["notice.docx", "agenda.docx", "signin.docx", "minutes.docx", "actions.docx", "qr.png"]
    )
    assert len(shown["expected"]) == 12
