"""Faults of the machine and of odd input give one line, a non-zero exit and a workspace left
as it was (issue 19): a full disk, a database held for more than 10 s, an unreachable store, a
CSV field over 128 KB, TOML nested 5,000 deep, a huge late_grace_minutes."""

from __future__ import annotations

import errno
import hashlib
import sqlite3
import time

import pytest

from meetkit.workspace import Workspace


def snapshot(root) -> dict:
    """Every file of the workspace but the database (compared by its rows) with its hash."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".meetkit" not in p.parts
    }


def meetings(root) -> list:
    store = Workspace(root).store
    try:
        return [m.id for m in store.list_meetings()]
    finally:
        store.close()


def one_line(result) -> str:
    out = result.output.strip()
    assert result.exit_code != 0, out
    assert len(out.splitlines()) == 1 and "Traceback" not in out, out
    return out


def test_a_full_disk_is_one_line_and_nothing_changes(workspace, run, monkeypatch):
    run("prepare", "general", "--no-input", "--date", "2026-12-03")
    before, rows = snapshot(workspace), meetings(workspace)
    import meetkit.files

    def full(src, dst):
        raise OSError(errno.ENOSPC, "No space left on device", str(dst))

    monkeypatch.setattr(meetkit.files.os, "replace", full)
    out = one_line(run("update", "2026-12-03-general", "--place", "三楼会议室", ok=False))
    assert "no space left on the disk" in out
    monkeypatch.undo()
    assert snapshot(workspace) == before and meetings(workspace) == rows
    assert Workspace(workspace).store.get_meeting("2026-12-03-general").place != "三楼会议室"


def test_a_database_held_over_ten_seconds_is_one_line(workspace, run):
    run("prepare", "general", "--no-input", "--date", "2026-12-03")
    holder = sqlite3.connect(workspace / ".meetkit" / "meetkit.db", timeout=1)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        started = time.monotonic()
        out = one_line(run("signin", "2026-12-03-general", "王建国", "--at", "19:30", ok=False))
        waited = time.monotonic() - started
    finally:
        holder.rollback()
        holder.close()
    assert "the database is busy" in out and 9 <= waited < 30
    assert Workspace(workspace).store.signins("2026-12-03-general") == []


def test_an_unreachable_store_is_one_line(workspace, run, monkeypatch):
    monkeypatch.setenv("MEETKIT_DATABASE_URL", "postgresql+psycopg://u:secretpw@127.0.0.1:1/x")
    out = one_line(run("list", ok=False))
    assert "can't reach the store" in out and "secretpw" not in out


def test_a_csv_field_over_128_kb_is_one_line(workspace, run):
    roster = workspace / "members.csv"
    text = roster.read_text(encoding="utf-8")
    roster.write_text(text + '"' + "长" * 140_000 + '",full,,member,1\n', encoding="utf-8")
    before = snapshot(workspace)
    out = one_line(run("members", ok=False))
    assert "members.csv" in out and "not a readable CSV row" in out
    assert snapshot(workspace) == before


@pytest.mark.parametrize(
    "extra, expected",
    [
        ("x = " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
        ("[meeting]\nlate_grace_minutes = 1000000000000\n", "late_grace_minutes"),
    ],
)
def test_odd_settings_are_one_line(workspace, run, extra, expected):
    toml = workspace / "meetkit.toml"
    text = toml.read_text(encoding="utf-8")
    if "[meeting]" in extra and "[meeting]" in text:
        text = text.replace("late_grace_minutes = 10", "late_grace_minutes = 1000000000000")
        extra = ""
    toml.write_text(text + "\n" + extra, encoding="utf-8")
    before = snapshot(workspace)
    out = one_line(run("prepare", "general", "--no-input", "--date", "2026-12-03", ok=False))
    assert expected in out and "meetkit.toml" in out
    assert snapshot(workspace) == before


def test_update_checks_every_document_before_changing_anything(workspace, run, monkeypatch):
    """`update --place` while notice.docx is open in Word (its ~$ lock file beside it), or with
    a read-only agenda: one line naming the file, no document rewritten, the database as it
    was; closed and writable again, the update goes through."""
    import os

    mid = "2026-12-03-general"
    run("prepare", "general", "--no-input", "--date", "2026-12-03")
    folder = next((workspace / "meetings").glob(f"{mid}*"))
    assert (folder / "notice.docx").exists() and (folder / "agenda.docx").exists()
    lock = folder / "~$notice.docx"
    lock.write_bytes(b"\x05owner")
    before = snapshot(workspace)
    monkeypatch.setenv("MEETKIT_LANG", "zh-CN")
    out = one_line(run("update", mid, "--place", "三楼会议室", ok=False))
    assert "请先在 Word/WPS 中关闭 notice.docx" in out
    monkeypatch.setenv("MEETKIT_LANG", "en")
    assert snapshot(workspace) == before
    assert Workspace(workspace).store.get_meeting(mid).place != "三楼会议室"
    lock.unlink()
    os.chmod(folder / "agenda.docx", 0o444)
    before = snapshot(workspace)
    out = one_line(run("update", mid, "--place", "三楼会议室", ok=False))
    assert "agenda.docx is read-only" in out
    assert snapshot(workspace) == before
    os.chmod(folder / "agenda.docx", 0o644)
    run("update", mid, "--place", "三楼会议室")
    assert Workspace(workspace).store.get_meeting(mid).place == "三楼会议室"
    assert snapshot(workspace) != before


@pytest.mark.parametrize(
    "body, why",
    [
        # nested loops that call nothing and write nothing: the timer stops them
        (
            "{% set x = range(1000)|list %}{% for a in x %}{% for b in x %}{% for c in x %}"
            "{% endfor %}{% endfor %}{% endfor %}",
            "longer than 10 s",
        ),
        # a document of 10^11 characters: refused at 40 million
        ("{% for i in range(100000) %}{{ 'x' * 999999 }}{% endfor %}", "grows past"),
        ("{{ 'x' * 1000000000 }}", "too big"),
        ("{% for i in range(10**9) %}{% endfor %}", "too big"),
    ],
)
def test_a_template_has_a_time_and_size_limit(workspace, run, body, why):
    """A workspace template that would run for minutes or take gigabytes: `prepare` stops it
    within the limit, in one line naming the template, and keeps no meeting."""
    import resource

    from docx import Document

    folder = workspace / "templates" / "zh-CN"
    folder.mkdir(parents=True, exist_ok=True)
    doc = Document()
    doc.add_paragraph(body)
    doc.save(folder / "notice.docx")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    out = one_line(run("prepare", "general", "--no-input", "--date", "2026-12-03", ok=False))
    took = time.monotonic() - started
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak) / 1024
    assert "notice.docx" in out and why in out, out
    print(f"\n{why}: {took:.1f} s, +{grown_mb:.0f} MB")
    assert took < 15 and grown_mb < 600, (took, grown_mb)
    assert meetings(workspace) == []
