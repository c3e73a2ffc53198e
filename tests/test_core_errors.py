"""Bad input: one clear line saying where, exit status 1, no traceback, and nothing written
(no meeting folder, no database row). Run as a real process, as a user meets it."""

from __future__ import annotations

import pytest
from core_helpers import TYPES, make_workspace, meetkit_process

from meetkit.workspace import Workspace


def edit_line(path, old_start: str, new: str) -> int:
    """Replace the line starting with ``old_start``; return its 1-based number."""
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, 1) if line.startswith(old_start))
    lines[number - 1] = new
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return number


def toml_syntax(root):
    line = edit_line(root / "meetkit.toml", "place =", 'place = "会议室')
    return ["prepare", "lesson", "--no-input"], [f"{root / 'meetkit.toml'}:{line}:", "invalid TOML"]


def toml_value(root):
    line = edit_line(root / "meetkit.toml", "port =", 'port = "8750"')
    return ["prepare", "lesson", "--no-input"], [
        f"{root / 'meetkit.toml'}:{line}:",
        "[signin] port",
        "whole number",
    ]


def toml_lang(root):
    line = edit_line(root / "meetkit.toml", "lang =", 'lang = "fr"')
    return ["prepare", "lesson", "--no-input"], [f"{root / 'meetkit.toml'}:{line}:", "lang"]


def roster_short_row(root):
    with open(root / "members.csv", "a", encoding="utf-8") as fh:
        fh.write("缺一列,full\n")
    return ["prepare", "general", "--no-input"], [f"{root / 'members.csv'}:14:", "column"]


def roster_bad_header(root):
    roster = root / "members.csv"
    roster.write_text(
        roster.read_text(encoding="utf-8").replace("role", "duty", 1), encoding="utf-8"
    )
    return ["prepare", "general", "--no-input"], [f"{root / 'members.csv'}:1:", "role"]


def roster_bad_status(root):
    with open(root / "members.csv", "a", encoding="utf-8") as fh:
        fh.write("钱七,入党积极分子,第一党小组,member,\n")
    return ["prepare", "general", "--no-input"], [f"{root / 'members.csv'}:14:", "入党积极分子"]


def unknown_type(root):
    return ["prepare", "branch-party", "--no-input"], [
        "unknown meeting type 'branch-party'",
        *TYPES,
    ]


def unknown_host(root):
    return ["prepare", "lesson", "--no-input", "--host", "李四"], ["--host", "李四", "members.csv"]


def unknown_lecturer(root):
    return ["prepare", "lesson", "--no-input", "--lecturer", "Nobody"], ["--lecturer", "Nobody"]


def bad_date(root):
    return ["prepare", "lesson", "--no-input", "--date", "2026-13-01"], ["--date", "2026-13-01"]


def bad_time(root):
    return ["prepare", "lesson", "--no-input", "--time", "24:00"], ["--time", "24:00"]


def unknown_group(root):
    return ["prepare", "group", "--no-input", "--group", "第九党小组"], [
        "--group",
        "第九党小组",
        "第一党小组",
    ]


def lecturer_for_committee(root):
    return ["prepare", "committee", "--no-input", "--lecturer", "王建国"], [
        "--lecturer",
        "committee",
    ]


CASES = [
    toml_syntax,
    toml_value,
    toml_lang,
    roster_short_row,
    roster_bad_header,
    roster_bad_status,
    unknown_type,
    unknown_host,
    unknown_lecturer,
    bad_date,
    bad_time,
    unknown_group,
    lecturer_for_committee,
]


@pytest.mark.parametrize("case", CASES, ids=[c.__name__ for c in CASES])
def test_bad_input(tmp_path, case):
    root = make_workspace(tmp_path / "ws")
    good = {name: (root / name).read_bytes() for name in ("meetkit.toml", "members.csv")}
    args, wanted = case(root)
    proc = meetkit_process(*args, cwd=root)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("Error: ")
    for text in wanted:
        assert text in lines[0], f"{text!r} not in {lines[0]!r}"
    assert proc.stdout.strip() == ""

    # Nothing written: no meeting folder, no row in the database.
    meetings = root / "meetings"
    assert not meetings.exists() or not any(meetings.iterdir())
    for name, data in good.items():
        (root / name).write_bytes(data)
    assert Workspace(root).store.list_meetings() == []


def test_broken_template_writes_nothing(tmp_path):
    """A workspace template that is not a .docx stops prepare before anything is kept."""
    root = make_workspace(tmp_path / "ws")
    (root / "templates" / "zh-CN").mkdir()
    (root / "templates" / "zh-CN" / "minutes.docx").write_text("not a word file")
    proc = meetkit_process("prepare", "lesson", "--no-input", "--date", "2026-12-01", cwd=root)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert "minutes.docx" in proc.stderr
    assert Workspace(root).store.list_meetings() == []
    assert not (root / "meetings" / "2026-12-01-lesson").exists()


def test_broken_template_tag_names_the_file(tmp_path):
    """A template with a broken jinja tag: one line naming the template, nothing written."""
    from docx import Document

    root = make_workspace(tmp_path / "ws")
    (root / "templates" / "zh-CN").mkdir()
    bad = Document()
    bad.add_paragraph("{{ meeting.place ")
    bad.save(str(root / "templates" / "zh-CN" / "notice.docx"))
    proc = meetkit_process("prepare", "lesson", "--no-input", "--date", "2026-12-01", cwd=root)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert "notice.docx" in proc.stderr and "template error" in proc.stderr
    assert Workspace(root).store.list_meetings() == []
    assert not (root / "meetings" / "2026-12-01-lesson").exists()


def test_prepare_with_an_empty_roster_says_to_add_members(tmp_path, monkeypatch):
    """A workspace made without --demo has no members yet: prepare says so and writes nothing."""
    from click.testing import CliRunner

    from meetkit.cli import cli

    runner = CliRunner()
    root = tmp_path / "fresh"
    result = runner.invoke(cli, ["init", str(root)])
    assert result.exit_code == 0
    assert "fill in meetkit.toml" in result.output
    monkeypatch.setenv("MEETKIT_WORKSPACE", str(root))
    result = runner.invoke(cli, ["prepare", "lesson", "--no-input"])
    assert result.exit_code == 1
    assert "members.csv: no members yet" in result.output
    assert "Traceback" not in result.output
    assert not (root / "meetings").exists() or not any((root / "meetings").iterdir())


def test_a_control_character_in_the_roster_names_file_and_row(workspace, run):
    """A stray control character (pasted from another system) is refused with file:row,
    before any database sees it."""
    roster = workspace / "members.csv"
    lines = roster.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",", "\x00,", 1)
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("prepare", "lesson", "--no-input", ok=False)
    assert result.exit_code == 1
    assert f"{roster}:4: name contains a control character" in result.output
    assert "Traceback" not in result.output
    assert not (workspace / "meetings").exists()
