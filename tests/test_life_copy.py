"""A local copy of the life meeting (`meetkit new-plugin life-extended --like life`) runs the
life meeting's whole test path: every test of tests/test_life.py that works on the prepared
life meeting runs here again on the copy (opinions, the page, talks, criticism, problems and
rectification, the report, the PDF), and the ledger counts the copy as a life meeting."""

from __future__ import annotations

import datetime as dt
import inspect
import json

import pytest
import test_life as base
import time_machine

COPY = "life-extended"
NAME_ZH = "组织生活会（扩大）"


@pytest.fixture(autouse=True)
def _the_copy(monkeypatch):
    """test_life's tests name the meeting by the module's LIFE: here, the copy's meeting."""
    monkeypatch.setattr(base, "LIFE", f"2026-12-20-{COPY}")
    monkeypatch.setattr(base, "LIFE_NAME", NAME_ZH)


@pytest.fixture
def life(run, workspace):
    written = run("new-plugin", COPY, "--like", "life", "--name-zh", NAME_ZH).output
    assert f"plugins/{COPY}.py" in written
    run("prepare", COPY, "--date", "2026-12-20")
    return workspace / "meetings" / base.LIFE


# Every test of the life meeting's path (those given the prepared meeting), on the copy.
for _name, _test in vars(base).items():
    if _name.startswith("test_") and "life" in inspect.signature(_test).parameters:
        globals()[_name] = _test


def test_the_copy_is_a_type_of_its_own_counted_as_life(run, life, workspace):
    types = {t["key"]: t for t in json.loads(run("types", "--json").output)}
    assert types[COPY]["names"]["zh-CN"] == NAME_ZH
    assert types[COPY]["documents"] == types["life"]["documents"]
    # its agenda and templates are its own, copied for editing
    assert (workspace / "plugins" / COPY / "agenda.toml").is_file()
    assert (workspace / "plugins" / COPY / "templates" / "zh-CN" / "criticism.docx").is_file()
    with time_machine.travel(dt.datetime(2026, 12, 31, 12, 0), tick=False):  # the year's end
        ledger = json.loads(run("ledger", "--year", "2026", "--json").output)
    life_row = next(r for r in ledger["types"] if r["type"] == "life")
    assert life_row["held"] == 1  # the copy's meeting, counted as the life meeting
    assert all(r["type"] != COPY for r in ledger["types"])
    life_check = ledger["checks"]["life"]
    assert base.LIFE in json.dumps(life_check)


def test_a_copied_template_is_the_copy_s_alone(run, life, workspace):
    """Editing the copy's minutes template changes the copy's minutes, not the original's."""
    from docx import Document

    path = workspace / "plugins" / COPY / "templates" / "zh-CN" / "minutes.docx"
    doc = Document(str(path))
    doc.add_paragraph("本支部扩大会议专用")
    doc.save(str(path))
    run("update", base.LIFE, "--topic", "扩大会议")
    run("prepare", "life", "--date", "2026-12-21")
    from core_helpers import all_text

    assert "本支部扩大会议专用" in all_text(Document(str(life / "minutes.docx")))
    original = workspace / "meetings" / "2026-12-21-life" / "minutes.docx"
    assert "本支部扩大会议专用" not in all_text(Document(str(original)))
