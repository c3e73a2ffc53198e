"""Finding the workspace: from the current folder upward (like git), from --workspace, from
MEETKIT_WORKSPACE; a clear error outside one."""

from __future__ import annotations

import json

import pytest
from core_helpers import make_workspace, meetkit_process, mk

from meetkit.errors import MeetkitError
from meetkit.workspace import find_workspace


@pytest.fixture
def ws(tmp_path):
    return make_workspace(tmp_path / "ws")


def test_found_from_a_subfolder(ws, monkeypatch):
    deep = ws / "meetings" / "notes" / "2026"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    result = mk(None, "prepare", "lesson", "--no-input", "--date", "2026-12-01")
    assert "Prepared 2026-12-01-lesson" in result.output
    # The pack goes to the workspace root's meetings/, not under the current folder.
    assert (ws / "meetings/2026-12-01-lesson/minutes.docx").is_file()
    assert not (deep / "meetings").exists()
    listed = json.loads(mk(None, "list", "--json").stdout)
    assert [m["id"] for m in listed] == ["2026-12-01-lesson"]
    assert find_workspace(start=deep).root == ws.resolve()


def test_found_from_the_option(ws, tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    mk(None, "--workspace", ws, "prepare", "theme-day", "--no-input", "--date", "2026-12-01")
    assert (ws / "meetings/2026-12-01-theme-day/signin.docx").is_file()
    shown = json.loads(mk(None, "-w", ws, "show", "2026-12-01-theme-day", "--json").stdout)
    assert shown["folder"] == str(ws.resolve() / "meetings/2026-12-01-theme-day")


def test_found_from_the_environment(ws, tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    mk(
        None,
        "prepare",
        "group",
        "--no-input",
        "--date",
        "2026-12-01",
        env={"MEETKIT_WORKSPACE": str(ws)},
    )
    assert (ws / "meetings/2026-12-01-group/notice.docx").is_file()
    assert not (elsewhere / "meetings").exists()


def test_the_option_wins_over_the_environment(ws, tmp_path):
    other = make_workspace(tmp_path / "other")
    mk(
        None,
        "--workspace",
        other,
        "prepare",
        "lesson",
        "--no-input",
        "--date",
        "2026-12-01",
        env={"MEETKIT_WORKSPACE": str(ws)},
    )
    assert (other / "meetings/2026-12-01-lesson").is_dir()
    assert not (ws / "meetings").exists()


def test_clear_error_outside_a_workspace(tmp_path):
    outside = tmp_path / "nothing-here"
    outside.mkdir()
    proc = meetkit_process("list", cwd=outside)
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "no meetkit workspace" in lines[0] and "meetkit init" in lines[0]
    assert "Traceback" not in proc.stderr + proc.stdout
    with pytest.raises(MeetkitError, match="no meetkit workspace"):
        find_workspace(start=outside)


def test_clear_error_for_a_wrong_workspace_option(tmp_path):
    outside = tmp_path / "nothing-here"
    outside.mkdir()
    proc = meetkit_process("--workspace", outside, "prepare", "lesson", "--no-input", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stderr.strip().count("\n") == 0
    assert str(outside) in proc.stderr and "not a meetkit workspace" in proc.stderr
    assert not (outside / "meetings").exists()
