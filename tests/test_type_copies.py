"""`meetkit new-plugin KEY --like TYPE` for the general meeting and the party lesson: the copy
works as its original does (votes by the statute's rule, the lecturer, the minutes) and the
ledger counts it as the original (the secretary's lesson, the quarter's general meeting)."""

from __future__ import annotations

import datetime as dt
import json

import time_machine
from core_helpers import all_text
from docx import Document


def ledger_2026(run) -> dict:
    with time_machine.travel(dt.datetime(2026, 12, 31, 12, 0), tick=False):
        return json.loads(run("ledger", "--year", "2026", "--json").output)


def row(ledger: dict, key: str) -> dict:
    return next(r for r in ledger["types"] if r["type"] == key)


def test_a_copy_of_the_general_meeting_votes_and_counts_as_one(run, workspace):
    out = run(
        "new-plugin", "general-joint", "--like", "general", "--name-zh", "联合党员大会"
    ).output
    assert "plugins/general-joint.py" in out
    meeting = "2026-03-05-general-joint"
    run(
        "prepare",
        "general-joint",
        "--no-input",
        "--date",
        "2026-03-05",
        "--vote",
        "同意购置学习资料",
    )
    # 10 voting members expected: 6 "for" pass, 5 fail, whoever came (the statute's rule)
    run("vote", meeting, "同意购置学习资料", "--for", "5", "--against", "0", "--abstain", "0")
    votes = json.loads(run("votes", meeting, "--json").output)
    assert votes[0]["passed"] is False and votes[0]["required"] == 6
    run("vote", meeting, "同意购置学习资料", "--for", "6", "--against", "0", "--abstain", "0")
    run("minutes", meeting)
    minutes = all_text(Document(str(workspace / "meetings" / meeting / "minutes.docx")))
    assert "联合党员大会" in minutes and "同意购置学习资料" in minutes and "通过" in minutes
    ledger = ledger_2026(run)
    assert row(ledger, "general")["held"] == 1
    assert all(r["type"] != "general-joint" for r in ledger["types"])
    # the development steps that need a general meeting accept the copy too
    run("prepare", "general-joint", "--no-input", "--date", "2026-04-02", "--topic", "接收预备党员")


def test_a_copy_of_the_lesson_names_its_lecturer_and_counts_as_the_secretary_s_lesson(
    run, workspace
):
    run("new-plugin", "lesson-online", "--like", "lesson", "--name-zh", "网上党课")
    meeting = "2026-05-20-lesson-online"
    bad = run(
        "prepare",
        "lesson-online",
        "--no-input",
        "--date",
        "2026-05-20",
        "--lecturer",
        "Nobody",
        ok=False,
    )
    assert bad.exit_code != 0 and "Nobody" in bad.output
    run(
        "prepare",
        "lesson-online",
        "--no-input",
        "--date",
        "2026-05-20",
        "--lecturer",
        "王建国",
        "--topic",
        "学习党章",
    )
    notice = all_text(Document(str(workspace / "meetings" / meeting / "notice.docx")))
    assert "王建国" in notice and "学习党章" in notice and "网上党课" in notice
    ledger = ledger_2026(run)
    assert row(ledger, "lesson")["held"] == 1
    lesson_check = ledger["checks"]["secretary_lesson"]
    assert meeting in json.dumps(lesson_check)  # the secretary (王建国) lectured: counted


def test_a_copy_of_an_unknown_type_or_a_taken_key_is_one_line(run, workspace):
    bad = run("new-plugin", "x-copy", "--like", "no-such-type", ok=False)
    assert bad.exit_code == 1 and "no-such-type" in bad.output
    bad = run("new-plugin", "lesson", "--like", "general", ok=False)
    assert bad.exit_code == 1 and "lesson" in bad.output and "Traceback" not in bad.output
    assert not (workspace / "plugins" / "x-copy.py").exists()
