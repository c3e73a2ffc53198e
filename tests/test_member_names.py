"""Names commands take are the names meetkit prints (issue 19): with two 张伟, every command
that names a member takes the label (张伟（第二党小组）), the id, or --member ID, and refuses
the bare name with the candidates listed, in one line, storing nothing."""

from __future__ import annotations

import json

import pytest

LIFE = "2026-12-20-life"
GENERAL = "2026-12-03-general"
FIRST, SECOND = "张伟（第二党小组）", "张伟（第一党小组）"  # ids 张伟 and 张伟-2


@pytest.fixture
def two_zhang(workspace, run):
    roster = workspace / "members.csv"
    roster.write_text(
        roster.read_text(encoding="utf-8") + "张伟,full,第一党小组,member,13800000013\n",
        encoding="utf-8",
    )
    run("prepare", "life", "--no-input", "--date", "2026-12-20")
    run("prepare", "general", "--no-input", "--date", "2026-12-03")
    labels = {m["label"]: m["id"] for m in json.loads(run("members", "--json").output)}
    assert labels[FIRST] == "张伟" and labels[SECOND] == "张伟-2"
    return workspace


def refused_as_ambiguous(result) -> None:
    out = result.output.strip()
    assert result.exit_code != 0 and len(out.splitlines()) == 1, out
    assert "2 members are called 张伟" in out
    assert f"{FIRST} (--member 张伟)" in out and f"{SECOND} (--member 张伟-2)" in out


def test_appraisal_add_and_grade(two_zhang, run):
    refused_as_ambiguous(run("appraisal", "add", LIFE, "张伟=优秀", ok=False))
    assert json.loads(run("appraisal", LIFE, "--json").output)["ballots"] == 0
    run("appraisal", "add", LIFE, f"{SECOND}=优秀", "王建国=合格")
    run("appraisal", "add", LIFE, "张伟-2=合格")
    refused_as_ambiguous(run("appraisal", "grade", LIFE, "张伟", "优秀", ok=False))
    run("appraisal", "grade", LIFE, SECOND, "优秀")
    run("appraisal", "grade", LIFE, "张伟", "合格", ok=False)
    run("appraisal", "grade", LIFE, "张伟-2", "优秀")  # the id, again: replaces
    data = json.loads(run("appraisal", LIFE, "--json").output)
    by_id = {m["member"]: m for m in data["members"]}
    assert by_id["张伟-2"]["graders"] == 2 and by_id["张伟-2"]["grade"] == "excellent"
    assert by_id["张伟"]["graders"] == 0 and by_id["张伟"]["grade"] is None


def test_talk_add_opinion_about_and_problem_owner(two_zhang, run):
    refused_as_ambiguous(run("talk", "add", LIFE, "王建国", "张伟", ok=False))
    run("talk", "add", LIFE, "王建国", FIRST)
    run("talk", "add", LIFE, "李秀英", "张伟-2")
    talks = json.loads(run("talks", LIFE, "--json").output)["talks"]
    assert sorted(t["b"] for t in talks) == sorted([FIRST, SECOND])
    refused_as_ambiguous(
        run("opinions", "add", LIFE, "x", "--category", "member", "--about", "张伟", ok=False)
    )
    run("opinions", "add", LIFE, "联系群众不够", "--category", "member", "--about", SECOND)
    assert json.loads(run("opinions", LIFE, "--json").output)[0]["about"] == SECOND
    refused_as_ambiguous(run("problem", "add", LIFE, "x", "--owner", "张伟", ok=False))
    run("problem", "add", LIFE, "学习不够", "--owner", SECOND)
    refused_as_ambiguous(
        run("action", "add", GENERAL, "y", "--owner", "张伟", "--due", "2027-01-31", ok=False)
    )
    run("action", "add", GENERAL, "整理台账", "--owner", FIRST, "--due", "2027-01-31")
    owners = {a["text"]: a["owner"] for a in json.loads(run("actions", "--all", "--json").output)}
    assert owners == {"学习不够": SECOND, "整理台账": FIRST}


def test_signin_and_leave(two_zhang, run):
    refused_as_ambiguous(run("signin", GENERAL, "张伟", "--at", "19:00", ok=False))
    run("signin", GENERAL, SECOND, "--at", "19:00")
    refused_as_ambiguous(run("leave", GENERAL, "张伟", "--reason", "出差", ok=False))
    run("leave", GENERAL, "--member", "张伟", "--reason", "出差")
    data = json.loads(run("attendance", GENERAL, "--json").output)
    assert SECOND in data["present"] and FIRST not in data["present"]
    assert FIRST in json.dumps(data, ensure_ascii=False)
