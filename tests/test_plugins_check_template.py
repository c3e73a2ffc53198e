"""`meetkit check-template FILE`: the mistakes a secretary makes editing a template in Word are
reported, one line each with the file, before a meeting trips over them."""

import json
import re
from pathlib import Path

import pytest
from docx import Document

from meetkit.documents.check import DOCUMENTED_VARIABLES, check_template


def make_docx(path, paragraphs=(), rows=()):
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    if rows:
        table = doc.add_table(rows=len(rows), cols=len(rows[0]))
        for i, row in enumerate(rows):
            for j, text in enumerate(row):
                table.cell(i, j).text = text
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    return path


def test_a_good_template_is_ok(run, workspace):
    path = make_docx(
        workspace / "templates" / "zh-CN" / "notice.docx",
        ["{{ meeting.title }}", "{{ meeting.place }} {{ meeting.host }}"],
    )
    result = run("check-template", str(path))
    assert result.stdout == (
        f"{path}: ok, checked as document 'notice' of a sample committee meeting (zh-CN)\n"
    )


def test_broken_tag_shows_line_and_text_around(run, tmp_path):
    path = make_docx(
        tmp_path / "notice.docx", ["{{ meeting.title }}", "地点：{{ meeting.place }", "请准时参加"]
    )
    result = run("check-template", str(path), ok=False)
    assert result.exit_code == 1
    assert result.stdout == (
        f"{path}: broken tag (line 3): unexpected '}}' near: "
        "{{ meeting.title }} 地点：{{ meeting.place }请准时参加\n"
    )
    assert result.stderr == (
        f"Error: {path}: 1 problem, checked as document 'notice' of a "
        "sample committee meeting (zh-CN)\n"
    )


def test_unclosed_block(run, tmp_path):
    path = make_docx(tmp_path / "agenda.docx", ["{%p if votes %}", "表决", "后记"])
    result = run("check-template", str(path), ok=False)
    assert result.stdout.startswith(f"{path}: broken tag (line ")
    assert "Unexpected end of template" in result.stdout


def test_undeclared_variables_with_a_suggestion(run, tmp_path):
    path = make_docx(tmp_path / "notice.docx", ["{{ meetng.title }}", "{{ weather }}"])
    result = run("check-template", str(path), ok=False)
    assert result.stdout.splitlines() == [
        f"{path}: undeclared variable 'meetng' (did you mean meeting?): not in docs/templates.md "
        "nor added by a plugin",
        f"{path}: undeclared variable 'weather': not in docs/templates.md nor added by a plugin",
    ]
    assert result.stderr.startswith(f"Error: {path}: 2 problems, checked as ")


def test_misspelt_attribute_found_by_the_sample_render(run, tmp_path):
    path = make_docx(tmp_path / "notice.docx", ["{{ meeting.title }}", "地点：{{ meeting.plcae }}"])
    result = run("check-template", str(path), ok=False)
    assert result.stdout == (
        f"{path}: with a sample meeting (line 3): meeting.plcae is not "
        "defined (did you mean meeting.place?) near: {{ meeting.title }}"
        "地点：{{ meeting.plcae }}\n"
    )


def test_misspelt_field_inside_a_table_loop(run, tmp_path):
    path = make_docx(
        tmp_path / "signin.docx",
        rows=[
            ["{%tr for m in expected %}", ""],
            ["{{ m.no }}", "{{ m.nme }}"],
            ["{%tr endfor %}", ""],
        ],
    )
    result = run("check-template", str(path), ok=False)
    assert re.fullmatch(
        rf"{re.escape(str(path))}: with a sample meeting \(line \d+\): m\.nme "
        r"is not defined near: .*\n",
        result.stdout,
    )


def test_not_a_word_file(run, tmp_path):
    path = tmp_path / "minutes.docx"
    path.write_text("this is not a Word file")
    result = run("check-template", str(path), ok=False)
    assert result.stdout == (
        f"{path}: cannot use as a Word template: Package not found at '{path}'\n"
    )


def test_json_output(run, tmp_path):
    path = make_docx(tmp_path / "en" / "minutes.docx", ["{{ meeting.title }} {{ nope }}"])
    result = run("check-template", str(path), "--json", ok=False)
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {
        "file": str(path),
        "ok": False,
        "problems": [
            f"{path}: undeclared variable 'nope': not in docs/templates.md nor added by a plugin"
        ],
        "checked_as": {"type": "committee", "document": "minutes", "lang": "en"},
    }


def test_type_and_document_options(run, workspace):
    path = make_docx(workspace / "mine.docx", ["{{ meeting.lecturer }} {{ meeting.type_name }}"])
    out = run(
        "check-template", str(path), "--type", "lesson", "--document", "lecture", "--lang", "en"
    ).stdout
    assert out == f"{path}: ok, checked as document 'lecture' of a sample lesson meeting (en)\n"
    result = run("check-template", str(path), "--type", "nosuch", ok=False)
    assert result.stderr.startswith("Error: unknown meeting type 'nosuch'; known types: ")


def test_outside_a_workspace_uses_a_demo_branch(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from meetkit.cli import cli

    monkeypatch.delenv("MEETKIT_WORKSPACE", raising=False)
    monkeypatch.chdir(tmp_path)
    path = make_docx(tmp_path / "zh-CN" / "minutes.docx", ["{{ meeting.title }}"])
    result = CliRunner().invoke(cli, ["check-template", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"{path}: ok, checked as document 'minutes' of a sample committee meeting (zh-CN)\n"
    )


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_every_builtin_meeting_document_passes(lang, workspace):
    """Each type's documents (installed plugins' too), checked with a sample meeting of it."""
    from meetkit.documents.sample import sample_context
    from meetkit.documents.templates import find_template
    from meetkit.workspace import Workspace

    ws = Workspace(workspace)
    plugins = ws.plugins
    checked = set()
    for meeting_type in plugins.types.values():
        for doc in plugins.documents(meeting_type):
            path, _origin = find_template(doc, lang, None)
            if path in checked:
                continue  # the standard documents are shared by every type
            sample = sample_context(plugins, meeting_type, doc, workspace=ws, lang=lang)
            assert check_template(path, DOCUMENTED_VARIABLES | set(sample), sample) == [], path
            checked.add(path)
    assert len(checked) >= 10


def test_documented_variables_match_docs_and_context(workspace):
    """render.DOCUMENTED_VARIABLES is what docs/templates.md lists and build_context builds."""
    from meetkit.documents.sample import sample_context
    from meetkit.host.manager import Plugins

    docs = (Path(__file__).resolve().parent.parent / "docs" / "templates.md").read_text("utf-8")
    table = docs.split("## Variables available in every template", 1)[1].split("\n## ", 1)[0]
    listed = set()
    for row in re.findall(r"^\| (.+?) \|", table, flags=re.M):
        listed |= {name.split(".")[0] for name in re.findall(r"`([a-z_.]+)`", row)}
    listed.discard("variable")
    assert listed == DOCUMENTED_VARIABLES
    plugins = Plugins(None)
    context = sample_context(plugins, plugins.meeting_type("lesson"), None, filled=False)
    assert set(context) == DOCUMENTED_VARIABLES


ATTACK = "{{ self.__init__.__globals__.__builtins__.__import__('os').popen('touch %s').read() }}"


def test_a_template_that_runs_code_is_refused_by_the_check(run, tmp_path):
    """Attack: this passed check-template and ran the command at prepare."""
    marker = tmp_path / "ran"
    path = make_docx(
        tmp_path / "notice.docx",
        ["{{ meeting.title }}", ATTACK % marker, "{{ meeting['__class__'] }}"],
    )
    result = run("check-template", str(path), ok=False)
    assert result.exit_code == 1
    assert sorted(result.stdout.splitlines()) == sorted(
        f"{path}: unsafe attribute access {name!r}: templates can't run code (only the "
        "documented variables and their fields can be used)"
        for name in ("__init__", "__globals__", "__builtins__", "__import__", "__class__")
    )
    assert not marker.exists()


def test_prepare_with_an_unsafe_template_stops_in_one_line_and_writes_nothing(run, workspace):
    marker = workspace.parent / "ran"
    make_docx(
        workspace / "templates" / "zh-CN" / "minutes.docx", ["{{ meeting.title }}", ATTACK % marker]
    )
    result = run("prepare", "committee", "--no-input", "--date", "2026-12-01", ok=False)
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "minutes.docx: unsafe template" in lines[0]
    assert "templates can't run code" in lines[0]
    assert not marker.exists()
    assert not (workspace / "meetings" / "2026-12-01-committee").exists()
    assert "2026-12-01-committee" not in run("list").output
