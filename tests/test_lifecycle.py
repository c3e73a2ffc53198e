"""meetkit cancel and meetkit delete (issue 13, item 4), and what `list` says when its
filters match nothing."""

from __future__ import annotations

import json
import sqlite3

import pytest
from docx import Document

from meetkit.attendance.tokens import rotating_token
from meetkit.web import create_app
from meetkit.workspace import Workspace


def prepare(run, *args) -> str:
    out = run("prepare", *args, "--no-input").output
    return next(line.split()[1] for line in out.splitlines() if line.startswith("Prepared "))


def header_text(path) -> str:
    doc = Document(str(path))
    return " ".join(p.text for s in doc.sections for p in s.header.paragraphs)


def first_member(workspace) -> str:
    return Workspace(workspace).members[0].name


@pytest.mark.parametrize(
    "lang,stamp", [("zh-CN", "已取消：书记出差"), ("en", "CANCELLED: 书记出差")]
)
def test_cancel_keeps_the_meeting_stamps_every_document_and_refuses_signin(
    run, workspace, lang, stamp
):
    mid = prepare(run, "committee", "--date", "2026-12-03", "--lang", lang)
    folder = workspace / "meetings" / mid
    assert "已取消" not in header_text(folder / "minutes.docx")
    out = run("cancel", mid, "--reason", "书记出差").output
    assert mid in out and "minutes.docx" in out
    for name in ("notice", "agenda", "signin", "minutes", "actions"):
        assert stamp in header_text(folder / f"{name}.docx"), name
    listed = json.loads(run("list", "--json").output)
    assert listed[0]["cancelled"] is True and listed[0]["cancel_reason"] == "书记出差"
    assert listed[0]["cancelled_at"]
    shown = json.loads(run("show", mid, "--json").output)
    assert shown["cancelled"] is True and shown["cancel_reason"] == "书记出差"
    assert "cancelled: 书记出差" in run("list").output
    assert "书记出差" in run("show", mid).output
    refused = run("signin", mid, first_member(workspace), ok=False)
    assert refused.exit_code == 1 and "cancelled" in refused.output
    assert "Traceback" not in refused.output
    refused = run("leave", mid, first_member(workspace), "--reason", "x", ok=False)
    assert refused.exit_code == 1 and "cancelled" in refused.output
    again = run("cancel", mid, "--reason", "again", ok=False)
    assert again.exit_code == 1 and "already cancelled" in again.output


def test_cancelled_meeting_refuses_signin_on_the_web(run, workspace):
    mid = prepare(run, "general")
    run("cancel", mid, "--reason", "改期")
    ws = Workspace(workspace)
    client = create_app(ws, admin_token="t", public_url="http://127.0.0.1:9").test_client()
    token = rotating_token(ws.secret, mid)
    page = client.get(f"/s/{mid}?t={token}")
    assert client.get(f"/s/{mid}").status_code == 409
    api = client.post(
        f"/api/meetings/{mid}/signins", json={"token": token, "name": first_member(workspace)}
    )
    assert api.status_code == 409 and "cancelled" in api.get_json()["error"]
    assert page.status_code in (303, 409)


def test_cancel_needs_a_reason(run):
    mid = prepare(run, "lesson")
    result = run("cancel", mid, "--reason", "  ", ok=False)
    assert result.exit_code == 1 and "--reason" in result.output
    assert json.loads(run("show", mid, "--json").output)["cancelled"] is False


def test_delete_removes_folder_and_rows_after_confirmation(run, workspace):
    mid = prepare(run, "lesson")
    keep = prepare(run, "committee")
    folder = workspace / "meetings" / mid
    assert folder.is_dir()
    declined = run("delete", mid, input="n\n", ok=False)
    assert declined.exit_code == 1 and folder.is_dir()
    out = run("delete", mid, input="y\n").output
    assert "Delete" in out and "Deleted" in out
    assert not folder.exists()
    assert [m["id"] for m in json.loads(run("list", "--json").output)] == [keep]
    db = sqlite3.connect(workspace / ".meetkit" / "meetkit.db")
    for table in ("meetings", "expected", "documents"):
        column = "id" if table == "meetings" else "meeting_id"
        assert db.execute(f"select count(*) from {table} where {column}=?", (mid,)).fetchone() == (
            0,
        ), table
    gone = run("show", mid, ok=False)
    assert gone.exit_code == 1 and "no meeting" in gone.output


def test_delete_refuses_a_meeting_with_records_unless_forced(run, workspace):
    mid = prepare(run, "committee")
    run("signin", mid, first_member(workspace), "--at", "19:30")
    run("action", "add", mid, "更新台账", "--owner", first_member(workspace), "--due", "2026-12-31")
    refused = run("delete", mid, "--yes", ok=False)
    assert refused.exit_code == 1
    assert "signins" in refused.output and "actions" in refused.output
    assert "--force" in refused.output and "Traceback" not in refused.output
    assert (workspace / "meetings" / mid).is_dir()
    run("delete", mid, "--yes", "--force")
    assert not (workspace / "meetings" / mid).exists()
    db = sqlite3.connect(workspace / ".meetkit" / "meetkit.db")
    for table in ("signins", "actions", "expected"):
        assert db.execute(
            f"select count(*) from {table} where meeting_id=?", (mid,)
        ).fetchone() == (0,), table
    assert "No meetings yet" in run("list").output


def test_list_filters_say_what_matched_nothing(run):
    assert "No meetings yet" in run("list").output
    prepare(run, "lesson", "--date", "2026-12-04")
    out = run("list", "--type", "group").output
    assert "No meetings of type group" in out and "No meetings yet" not in out
    assert "No meetings of type foo" in run("list", "--type", "foo").output
    assert "No meetings in 2020" in run("list", "--year", "2020").output
