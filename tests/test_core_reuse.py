"""What one run reuses across meetings (issue 25): compiled templates (templatelimits.COMPILED) and
the follow-up lists while one pack renders (actions.reading). Reuse must never show one
meeting's text in another's documents, nor hide a change made between two renders."""

from __future__ import annotations

import datetime as dt

import pytest
from docx import Document

from meetkit.documents.limits import COMPILED
from meetkit.documents.pack import Options, prepare
from meetkit.followup import actions
from meetkit.workspace import Workspace

DAY = dt.date.today() + dt.timedelta(days=10)


def _text(path) -> str:
    doc = Document(str(path))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_templates_compile_once_and_each_meeting_keeps_its_own_text(workspace):
    ws = Workspace(workspace)
    COMPILED.clear()  # other tests' templates: not this one's business
    first = prepare(ws, "lesson", Options(date=DAY.isoformat(), topic="第一课<甲>&"))
    compiled = dict(COMPILED)
    assert compiled  # the lesson's templates, compiled
    second = prepare(
        ws, "lesson", Options(date=(DAY + dt.timedelta(days=7)).isoformat(), topic="第二课<乙>")
    )
    # The second lesson compiled nothing new: the same compiled code served it.
    assert all(COMPILED[key] is code for key, code in compiled.items())
    assert len(COMPILED) == len(compiled)
    one = _text(ws.meeting_folder(first.meeting) / "notice.docx")
    two = _text(ws.meeting_folder(second.meeting) / "notice.docx")
    assert "第一课<甲>&" in one and "第二课<乙>" not in one
    assert "第二课<乙>" in two and "第一课<甲>&" not in two


def test_a_new_process_takes_compiled_templates_from_the_users_cache(tmp_path, monkeypatch):
    """What one process compiled, the next reads from the user's cache instead of compiling;
    a file that is damaged or made for other settings is compiled again, never used."""
    from jinja2.sandbox import SandboxedEnvironment

    from meetkit.documents import limits

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    source = "{{ who }} 同志：{% for x in items %}{{ x }}；{% endfor %}"
    COMPILED.clear()
    env = limits.LimitedSandbox()
    first = env.from_string(source).render(who="张伟", items=["一", "二"])
    kept = list((tmp_path / "meetkit" / "templates").glob("*.code"))
    assert len(kept) == 1

    compiles = []
    real = SandboxedEnvironment.compile

    def counted(self, *args, **kwargs):
        compiles.append(args[0])
        return real(self, *args, **kwargs)

    monkeypatch.setattr(SandboxedEnvironment, "compile", counted)
    COMPILED.clear()  # as in a new process
    again = limits.LimitedSandbox().from_string(source).render(who="张伟", items=["一", "二"])
    assert again == first == "张伟 同志：一；二；" and compiles == []

    # Other syntax settings: another key, compiled.
    COMPILED.clear()
    other = limits.LimitedSandbox(variable_start_string="[[", variable_end_string="]]")
    assert other.from_string("[[ who ]]").render(who="李") == "李" and len(compiles) == 1

    # A damaged file: compiled again and the render is right.
    kept[0].write_bytes(b"\x00not marshal")
    COMPILED.clear()
    assert limits.LimitedSandbox().from_string(source).render(who="王", items=[]) == "王 同志："
    assert len(compiles) == 2


def test_the_users_template_cache_stays_small(tmp_path, monkeypatch):
    from meetkit.documents import limits

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(limits, "DISK_LIMIT", 3)
    COMPILED.clear()
    folder = tmp_path / "meetkit" / "templates"
    for n in range(3):
        limits.LimitedSandbox().from_string(f"{{{{ x }}}}{n}").render(x="")
    assert len(list(folder.glob("*.code"))) == 3
    assert limits.LimitedSandbox().from_string("{{ x }}第四").render(x="") == "第四"
    assert len(list(folder.glob("*.code"))) == 1  # the full folder was cleared first


def test_without_a_home_templates_compile_and_nothing_is_kept(monkeypatch):
    """No HOME and no XDG_CACHE_HOME (a service account): no cache, and no shared folder used
    instead; a relative XDG_CACHE_HOME is ignored, as the XDG spec says."""
    import pathlib

    from meetkit import files
    from meetkit.documents import limits

    def no_home() -> pathlib.Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    monkeypatch.setattr(pathlib.Path, "home", staticmethod(no_home))
    with pytest.raises(OSError):
        files.user_cache_dir()
    COMPILED.clear()
    assert (
        limits.LimitedSandbox().from_string("{{ a }}：{{ b }}").render(a="甲", b="乙") == "甲：乙"
    )
    assert not pathlib.Path("relative").exists()


def test_follow_up_lists_are_read_once_per_render_and_fresh_after(workspace, monkeypatch):
    ws = Workspace(workspace)
    earlier = prepare(ws, "lesson", Options(date=DAY.isoformat()))
    actions.add(ws, earlier.meeting.id, "修缮活动室", "王建国", None)
    later = prepare(ws, "lesson", Options(date=(DAY + dt.timedelta(days=7)).isoformat()))
    meeting = later.meeting
    calls = []
    real = ws.store.earlier_actions

    def counted(*args, **kwargs):
        calls.append(kwargs.get("kind"))
        return real(*args, **kwargs)

    monkeypatch.setattr(ws.store, "earlier_actions", counted)
    with actions.reading():
        first = actions.carried(ws, meeting, "task")
        again = actions.carried(ws, meeting, "task")
        assert [a.text for a in first] == [a.text for a in again] == ["修缮活动室"]
        again.clear()  # a caller's list is its own
        assert len(actions.carried(ws, meeting, "task")) == 1
    assert calls == ["task"]
    # Outside a render every call reads the store: a change shows at once.
    actions.add(ws, earlier.meeting.id, "更新党员名册", "李秀英", None)
    assert [a.text for a in actions.carried(ws, meeting, "task")] == ["修缮活动室", "更新党员名册"]
    # And the next render of the pack shows it in the actions list.
    from meetkit.documents.pack import render_pack

    render_pack(ws, meeting)
    assert "更新党员名册" in _text(ws.meeting_folder(meeting) / "actions.docx")


def test_each_template_part_is_patched_once(workspace, monkeypatch):
    """docxtpl's patch_xml (some thirty regexes over a part's XML) runs once per distinct part
    in a process, and a changed template (another text) is patched afresh."""
    from docxtpl import DocxTemplate

    from meetkit.documents import render

    calls = []
    real = DocxTemplate.patch_xml

    def counted(self, src_xml):
        calls.append(len(src_xml))
        return real(self, src_xml)

    monkeypatch.setattr(DocxTemplate, "patch_xml", counted)
    render.PATCHED.clear()
    ws = Workspace(workspace)
    first = prepare(ws, "lesson", Options(date=DAY.isoformat(), topic="第一课"))
    once = len(calls)
    assert once > 0 and len(render.PATCHED) == once
    second = prepare(ws, "lesson", Options(date=(DAY + dt.timedelta(days=7)).isoformat()))
    assert len(calls) == once  # the second lesson patched nothing
    assert "第一课" in _text(ws.meeting_folder(first.meeting) / "notice.docx")
    assert "第一课" not in _text(ws.meeting_folder(second.meeting) / "notice.docx")
