"""One override order for agendas and templates: the workspace's agendas/ and templates/ beat
a plugin's, which beat meetkit's built-in ones; `meetkit types --json` says which applies."""

import json
import textwrap

from meetkit.scaffold import TemplateWriter
from meetkit.testing import document_text

DATE = "2026-03-05"


def origins(run, key, lang="zh-CN"):
    types = {t["key"]: t for t in json.loads(run("types", "--json", "--lang", lang).stdout)}
    t = types[key]
    return t["agenda"], {name: (v["origin"], v["path"]) for name, v in t["templates"].items()}


def test_workspace_beats_plugin_beats_builtin(run, workspace):
    run("new-plugin", "council")
    plugin_dir = workspace / "plugins" / "council"

    agenda, templates = origins(run, "council")
    assert agenda == {"origin": "plugin", "path": str(plugin_dir / "agenda.toml")}
    assert templates["council-record"] == (
        "plugin",
        str(plugin_dir / "templates" / "zh-CN" / "council-record.docx"),
    )
    assert templates["minutes"][0] == "built-in"

    # The workspace's own copies win.
    (workspace / "agendas" / "council.toml").write_text(
        textwrap.dedent("""
        [topic]
        zh-CN = "本村自定主题"
        en = "Our own topic"

        [[items]]
        title = { zh-CN = "本村自定议题", en = "Our own item" }
    """),
        encoding="utf-8",
    )
    t = TemplateWriter("zh-CN")
    t.title("本村记录：{{ meeting.topic }}，{{ record.voter_count }}人有表决权")
    t.save(workspace / "templates" / "zh-CN" / "council-record.docx")
    agenda, templates = origins(run, "council")
    assert agenda == {"origin": "workspace", "path": str(workspace / "agendas" / "council.toml")}
    assert templates["council-record"] == (
        "workspace",
        str(workspace / "templates" / "zh-CN" / "council-record.docx"),
    )
    # Per language: no English copy in the workspace, so English still uses the plugin's.
    _, en = origins(run, "council", "en")
    assert en["council-record"][0] == "plugin"

    run("prepare", "council", "--no-input", "--date", DATE)
    folder = workspace / "meetings" / f"{DATE}-council"
    assert (
        document_text(folder / "council-record.docx").splitlines()[0]
        == "本村记录：本村自定主题，10人有表决权"
    )
    assert "1. 本村自定议题" in document_text(folder / "agenda.docx")


def test_plugin_template_beats_a_builtin_one(run, workspace):
    """A plugin replaces a built-in document's template by returning a DocumentSpec of the same
    name with its own template_dir; the workspace still beats it."""
    own = workspace / "plugins" / "county"
    t = TemplateWriter("zh-CN")
    t.title("县委统一格式会议通知：{{ meeting.title }}")
    t.save(own / "zh-CN" / "notice.docx")
    (workspace / "plugins" / "county.py").write_text(
        textwrap.dedent("""
        from pathlib import Path

        from meetkit import DocumentSpec, hookimpl


        @hookimpl
        def meetkit_documents(meeting_type):
            return [DocumentSpec("notice", {"zh-CN": "会议通知", "en": "Notice"},
                                 template_dir=Path(__file__).resolve().parent / "county",
                                 order=10)]
    """),
        encoding="utf-8",
    )
    _, templates = origins(run, "lesson")
    assert templates["notice"] == ("plugin", str(own / "zh-CN" / "notice.docx"))
    _, en = origins(run, "lesson", "en")
    assert en["notice"][0] == "built-in"  # the plugin has no English notice

    run("prepare", "lesson", "--no-input", "--date", DATE)
    folder = workspace / "meetings" / f"{DATE}-lesson"
    assert document_text(folder / "notice.docx").startswith("县委统一格式会议通知：")

    t = TemplateWriter("zh-CN")
    t.title("本支部通知：{{ meeting.title }}")
    t.save(workspace / "templates" / "zh-CN" / "notice.docx")
    _, templates = origins(run, "lesson")
    assert templates["notice"][0] == "workspace"
    run("prepare", "lesson", "--no-input", "--date", "2026-03-06")
    text = document_text(workspace / "meetings" / "2026-03-06-lesson" / "notice.docx")
    assert text.startswith("本支部通知：")


def test_builtin_origin_without_overrides(run, workspace):
    agenda, templates = origins(run, "lesson")
    assert agenda["origin"] == "built-in" and agenda["path"].endswith("lesson.toml")
    assert {o for o, _ in templates.values()} == {"built-in"}
