"""meetkit.testing, the helpers a plugin's own tests use."""

import pytest

from meetkit.testing import (
    document_text,
    make_workspace,
    prepare_meeting,
    run_cli,
    temporary_workspace,
)


def test_make_workspace_with_the_demo_roster(tmp_path):
    ws = make_workspace(tmp_path / "ws")
    assert len(ws.members) == 12
    assert sum(m.voting for m in ws.members) == 10
    assert ws.config.branch == "示例社区第一党支部"
    en = make_workspace(tmp_path / "en", lang="en")
    assert en.config.lang == "en" and en.members[0].name == "Wang Jianguo"


def test_make_workspace_with_own_roster_config_and_plugin(tmp_path):
    plugin = tmp_path / "tea.py"
    plugin.write_text(
        "from meetkit import MeetingType, hookimpl\n\n"
        "@hookimpl\n"
        "def meetkit_register_meeting_types(register):\n"
        "    register.add(MeetingType(key='tea', name={'zh-CN': '茶话会', 'en': 'tea party'}))\n",
        encoding="utf-8",
    )
    ws = make_workspace(
        tmp_path / "ws",
        members=[
            {"name": "甲", "role": "secretary"},
            {"name": "乙", "role": "committee", "group": "一组"},
            {"name": "丙", "status": "probationary", "group": "一组"},
        ],
        plugins=[plugin],
        config="[ledger]\nlesson = 2",
    )
    assert [m.name for m in ws.members] == ["甲", "乙", "丙"]
    assert ws.config.ledger == {"lesson": 2}
    assert "tea" in ws.plugins.types
    result = prepare_meeting(ws, "tea", date="2026-03-05", topic="迎春 <茶话会> & 座谈")
    assert result.meeting.id == "2026-03-05-tea"
    assert result.folder == ws.root / "meetings" / "2026-03-05-tea"
    assert set(result.files) == {"notice", "agenda", "signin", "minutes", "actions", "qr"}
    notice = document_text(result.document("notice"))
    assert "迎春 <茶话会> & 座谈" in notice
    with pytest.raises(KeyError, match="no document 'ballot' in the pack; there are: notice, "):
        result.document("ballot")


def test_document_text_reads_tables_in_order(tmp_path):
    ws = make_workspace(tmp_path / "ws")
    result = prepare_meeting(ws, "lesson", date="2026-03-05")
    lines = document_text(result.document("signin")).splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("序号 | 姓名"))
    assert lines[header + 1].startswith("1 | 王建国 | 正式党员 | 第一党小组 | ")
    # the title, broken between words where it is longer than a line
    assert "".join(lines[:2]) == "示例社区第一党支部2026年第1次党课签到表"


def test_temporary_workspace_is_removed(tmp_path):
    with temporary_workspace(lang="en") as ws:
        root = ws.root
        assert (root / "meetkit.toml").is_file()
    assert not root.exists()


def test_run_cli(tmp_path):
    ws = make_workspace(tmp_path / "ws")
    out = run_cli(ws, "prepare", "lesson", "--no-input", "--date", "2026-03-05")
    assert "Prepared 2026-03-05-lesson" in out
    assert "2026-03-05-lesson" in run_cli(ws, "list")
    with pytest.raises(AssertionError, match="meetkit show nosuch exited 1:\nError: no meeting "):
        run_cli(ws, "show", "nosuch")
    assert run_cli(ws.root, "show", "nosuch", ok=False) == ""  # errors go to stderr
