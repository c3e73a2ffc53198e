"""meetkit types, plugins, list and show, for people and as JSON."""

from __future__ import annotations

import json

import pytest
from core_helpers import EXTRA_DOCS, STANDARD_DOCS, TYPES, make_workspace, mk

# The table in domain.md.
NAMES = {
    "committee": ("支部委员会", "branch committee meeting"),
    "general": ("支部党员大会", "general meeting of party members"),
    "group": ("党小组会", "party group meeting"),
    "lesson": ("党课", "party lesson"),
    "life": ("组织生活会", "organizational life meeting"),
    "democratic-life": ("民主生活会", "democratic life meeting"),
    "theme-day": ("主题党日", "theme party day"),
}


@pytest.fixture
def ws(tmp_path):
    return make_workspace(tmp_path / "ws")


def test_types_json(ws):
    result = mk(ws, "types", "--json")
    types = json.loads(result.stdout)
    assert [t["key"] for t in types] == list(TYPES)
    for t in types:
        assert {"key", "name", "plugin", "documents"} <= set(t)
        zh, en = NAMES[t["key"]]
        assert t["name"] == zh and t["names"] == {"zh-CN": zh, "en": en}
        assert t["documents"] == [*STANDARD_DOCS[:4], *EXTRA_DOCS.get(t["key"], ()), "actions"]
        # Every template and agenda is found (built-in ones here).
        assert t["agenda"]["origin"] == "built-in"
        assert all(v["origin"] == "built-in" for v in t["templates"].values()), t["templates"]
    by_key = {t["key"]: t for t in types}
    assert by_key["committee"]["attendees"] == "committee"
    assert by_key["group"]["attendees"] == "group"
    assert by_key["general"]["attendees"] == "all"
    assert by_key["committee"]["quorum"] and by_key["general"]["quorum"]
    assert "半数" in by_key["general"]["quorum"]
    assert by_key["lesson"]["quorum"] is None and by_key["theme-day"]["quorum"] is None
    assert by_key["committee"]["votes"] and by_key["general"]["votes"]
    assert not by_key["lesson"]["votes"]
    assert by_key["general"]["frequency"] == "quarterly"
    assert by_key["committee"]["frequency"] == "monthly"
    assert by_key["life"]["frequency"] == "yearly"


def test_types_built_in_whatever_else_is_installed(ws):
    """With every installed plugin loaded, the built-in types are still exactly these seven."""
    infos = json.loads(mk(ws, "plugins", "--json", env={"MEETKIT_LOAD_PLUGINS": None}).stdout)
    built_in = {i["name"] for i in infos if i["source"] == "built-in"}
    types = json.loads(mk(ws, "types", "--json", env={"MEETKIT_LOAD_PLUGINS": None}).stdout)
    assert [t["key"] for t in types if t["plugin"] in built_in] == list(TYPES)


def test_types_table_in_english(ws):
    out = mk(ws, "types", "--lang", "en").output
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["key", "zh-CN", "en"]
    for key, (zh, en) in NAMES.items():
        row = next(line for line in lines if line.startswith(key + " "))
        assert zh in row and en in row
    assert "more than half of the committee members present" in out
    assert "quarterly" in out and "lecture" not in out  # a lesson has one record: its minutes


def test_types_outside_a_workspace(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    types = json.loads(mk(None, "types", "--json").stdout)
    assert [t["key"] for t in types] == list(TYPES)


def test_plugins_json(ws):
    infos = json.loads(mk(ws, "plugins", "--json").stdout)
    by_name = {i["name"]: i for i in infos}
    # The built-in type plugins (other built-in features may add plugins of their own).
    assert set(by_name) >= {
        "standard",
        "committee",
        "general",
        "group",
        "lesson",
        "life",
        "theme_day",
    }
    from meetkit import __version__

    for info in infos:
        assert info["source"] == "built-in"
        assert info["version"] == __version__
        assert info["status"] == "ok" and info["error"] is None
        assert info["hooks"] and all(h.startswith("meetkit_") for h in info["hooks"])
    assert by_name["standard"]["hooks"] == ["meetkit_documents"]
    assert "meetkit_register_meeting_types" in by_name["lesson"]["hooks"]
    # the life meeting's documents are its feature's (life-cycle), for every type using them
    assert "meetkit_documents" in by_name["life-cycle"]["hooks"]
    assert by_name["life"]["hooks"] == ["meetkit_register_meeting_types"]
    assert "meetkit_validate_meeting" in by_name["group"]["hooks"]
    table = mk(ws, "plugins").output
    assert table.splitlines()[0].split() == ["name", "source", "version", "status", "hooks"]
    assert "register_meeting_types" in table


def test_list_and_show(ws):
    assert "No meetings yet" in mk(ws, "list").output
    assert json.loads(mk(ws, "list", "--json").stdout) == []
    mk(ws, "prepare", "group", "--no-input", "--date", "2026-12-08", "--group", "第二党小组")
    mk(ws, "prepare", "committee", "--no-input", "--date", "2026-12-01", "--time", "09:00")

    listed = json.loads(mk(ws, "list", "--json").stdout)
    assert [m["id"] for m in listed] == ["2026-12-01-committee", "2026-12-08-group"]
    assert listed[0]["time"] == "09:00" and listed[1]["group"] == "第二党小组"

    shown = json.loads(mk(ws, "show", "2026-12-08-group", "--json").stdout)
    assert {"id", "type", "date", "folder", "expected"} <= set(shown)
    assert shown["id"] == "2026-12-08-group" and shown["type"] == "group"
    assert shown["date"] == "2026-12-08"
    assert shown["folder"] == str(ws.resolve() / "meetings" / "2026-12-08-group")
    assert shown["expected"] == ["张伟", "黄丽", "周杰", "吴敏", "徐强", "孙婷"]
    # The group's committee member convenes it.
    assert shown["host"] == "张伟"
    assert set(shown["documents"]) == {
        "notice.docx",
        "agenda.docx",
        "signin.docx",
        "minutes.docx",
        "actions.docx",
        "qr.png",
    }

    committee = json.loads(mk(ws, "show", "2026-12-01-committee", "--json").stdout)
    assert committee["expected"] == ["王建国", "李秀英", "张伟"]

    text = mk(ws, "show", "2026-12-01-committee").output
    assert "2026-12-01-committee" in text and "expected: 3: 王建国, 李秀英, 张伟" in text
    table = mk(ws, "list").output.splitlines()
    assert table[0].split() == ["id", "date", "time", "type", "topic", "host"]
    assert table[2].startswith("2026-12-01-committee") and table[3].startswith("2026-12-08-group")
    only_groups = mk(ws, "list", "--type", "group").output.splitlines()[2:]
    assert [line.split()[0] for line in only_groups] == ["2026-12-08-group"]


def test_expected_is_a_snapshot(ws):
    """Editing the roster later does not rewrite who was expected at an earlier meeting."""
    mk(ws, "prepare", "general", "--no-input", "--date", "2026-12-01")
    roster = ws / "members.csv"
    lines = roster.read_text(encoding="utf-8").splitlines()
    roster.write_text(
        "\n".join(line for line in lines if not line.startswith("孙婷"))
        + "\n新同志,probationary,第一党小组,member,\n",
        encoding="utf-8",
    )
    shown = json.loads(mk(ws, "show", "2026-12-01-general", "--json").stdout)
    assert "孙婷" in shown["expected"] and "新同志" not in shown["expected"]
    mk(ws, "prepare", "general", "--no-input", "--date", "2026-12-02")
    later = json.loads(mk(ws, "show", "2026-12-02-general", "--json").stdout)
    assert "孙婷" not in later["expected"] and "新同志" in later["expected"]


def test_show_unknown_meeting(ws):
    result = mk(ws, "show", "2026-01-01-nothing", ok=False)
    assert result.exit_code == 1
    assert "no meeting '2026-01-01-nothing'" in result.output
