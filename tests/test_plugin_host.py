"""The core is a plugin host: a plugin outside meetkit adds a document that depends on the
meeting, a command and a page through the hooks meetkit's own features use; a hook
implementation written for the older, shorter signatures keeps working; and meetkit's modules
import one another without a circle (function-local imports counted), in the layers
pyproject.toml's import-linter contracts name."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import need

from meetkit.scaffold import TemplateWriter
from meetkit.testing import document_text

ROOT = Path(__file__).resolve().parent.parent
DATE = "2026-03-05"

DUES = '''
from pathlib import Path

import click
from markupsafe import escape

from meetkit import DocumentSpec, hookimpl

HERE = Path(__file__).resolve().parent / "dues"
DUES = DocumentSpec("dues", {"zh-CN": "党费收缴提醒", "en": "Dues reminder"},
                    template_dir=HERE / "templates", order=90)


def months_unpaid(workspace, meeting):
    """The months since the last meeting that collected dues (its topic says 党费)."""
    earlier = [m for m in workspace.store.list_meetings()
               if m.date < meeting.date and "党费" in m.topic]
    last = max((m.date for m in earlier), default=None)
    return 0 if last is None else (meeting.date.year - last.year) * 12 + meeting.date.month - last.month


@hookimpl
def meetkit_documents(meeting_type, meeting, workspace):
    # Only for a meeting that collects dues: the document depends on the meeting.
    if meeting is not None and "党费" in meeting.topic:
        return [DUES]
    return None


@hookimpl
def meetkit_template_context(meeting, document, workspace):
    if document.name == "dues":
        return {"unpaid": months_unpaid(workspace, meeting)}
    return None


@hookimpl
def meetkit_register_commands(cli):
    @cli.command("dues", help="Months since dues were last collected before meeting ID.")
    @click.argument("meeting_id")
    @click.pass_obj
    def dues(obj, meeting_id):
        ws = obj.workspace  # meetkit's context: the workspace of -w / MEETKIT_WORKSPACE / here
        click.echo(months_unpaid(ws, ws.meeting(meeting_id)))


@hookimpl
def meetkit_register_routes(app, workspace):
    def page(meeting_id):
        meeting = workspace.meeting(meeting_id)
        return f"<h1>{escape(meeting.topic)}</h1><p>{months_unpaid(workspace, meeting)}</p>"

    app.add_url_rule("/dues/<meeting_id>", "dues_page", page)
'''


def write_dues_plugin(workspace: Path) -> None:
    for lang in ("zh-CN", "en"):
        t = TemplateWriter(lang)
        t.title("{{ meeting.topic }}")
        t.para("已有{{ unpaid }}个月未收缴党费" if lang == "zh-CN" else "{{ unpaid }} months")
        t.save(workspace / "plugins" / "dues" / "templates" / lang / "dues.docx")
    (workspace / "plugins" / "dues.py").write_text(textwrap.dedent(DUES), encoding="utf-8")


def test_a_plugin_adds_a_document_that_depends_on_the_meeting_a_command_and_a_page(run, workspace):
    write_dues_plugin(workspace)
    run("prepare", "lesson", "--no-input", "--date", "2026-01-08", "--topic", "收缴党费")
    plain = run("prepare", "lesson", "--no-input", "--date", "2026-02-05").stdout
    assert "dues.docx" not in plain  # no dues at this meeting: no reminder
    out = run(
        "prepare", "general", "--no-input", "--date", DATE, "--topic", "收缴<三月>党费"
    ).stdout
    assert "dues.docx" in out
    text = document_text(workspace / "meetings" / f"{DATE}-general" / "dues.docx")
    assert text.splitlines()[:2] == ["收缴<三月>党费", "已有2个月未收缴党费"]

    assert run("dues", f"{DATE}-general").stdout == "2\n"
    assert "  dues " in run("--help").stdout

    from meetkit.web import create_app
    from meetkit.workspace import Workspace

    app = create_app(Workspace(workspace), admin_token="t" * 32, public_url="http://127.0.0.1:9")
    page = app.test_client().get(f"/dues/{DATE}-general")
    assert page.status_code == 200
    assert page.get_data(as_text=True) == "<h1>收缴&lt;三月&gt;党费</h1><p>2</p>"


def test_hooks_written_for_the_shorter_signatures_keep_working(run, workspace):
    """meetkit_documents once received only the type: an old plugin still works (pluggy
    passes an implementation only the arguments it names)."""
    for lang in ("zh-CN", "en"):
        t = TemplateWriter(lang)
        t.title("{{ meeting.topic }}")
        t.save(workspace / "plugins" / "old" / "templates" / lang / "old.docx")
    (workspace / "plugins" / "old.py").write_text(
        textwrap.dedent(
            """
            from pathlib import Path

            from meetkit import DocumentSpec, hookimpl


            @hookimpl
            def meetkit_documents(meeting_type):
                return [DocumentSpec("old", {"zh-CN": "旧", "en": "Old"},
                        template_dir=Path(__file__).resolve().parent / "old" / "templates")]


            @hookimpl
            def meetkit_template_context(document):
                return {"old": document.name}
            """
        ),
        encoding="utf-8",
    )
    run("prepare", "lesson", "--no-input", "--date", DATE, "--topic", "旧插件")
    assert document_text(workspace / "meetings" / f"{DATE}-lesson" / "old.docx") == "旧插件"
    assert "failed" not in run("plugins").stdout


# -- the architecture ------------------------------------------------------------------------
def import_graph() -> dict[str, set[str]]:
    """meetkit's modules and what each imports of meetkit, function-local imports included."""
    package = ROOT / "meetkit"
    modules = {}
    for path in package.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        parts = path.relative_to(ROOT).with_suffix("").parts
        is_package = parts[-1] == "__init__"
        modules[".".join(parts[:-1] if is_package else parts)] = (path, is_package)

    def owner(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {m: set() for m in modules}
    for module, (path, is_package) in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = module.split(".") if is_package else module.split(".")[:-1]
                if node.level:
                    base = base[: len(base) - node.level + 1]
                    prefix = ".".join(base + ([node.module] if node.module else []))
                else:
                    prefix = node.module or ""
                names = [f"{prefix}.{a.name}" for a in node.names] + [prefix]
            else:
                continue
            for name in names:
                found = owner(name)
                if found and found != module and name.startswith("meetkit"):
                    graph[module].add(found)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    out = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for v in graph:
        if v not in index:
            visit(v)
    return out


def test_no_module_of_meetkit_imports_another_in_a_circle():
    graph = import_graph()
    assert len(graph) > 100 and graph["meetkit.documents.pack"]  # the graph is real
    assert cycles(graph) == []


def test_the_circle_this_test_would_find():
    """The check finds a circle of function-local imports (as pack and decisions had)."""
    graph = import_graph()
    graph["meetkit.documents.pack"].add("meetkit.decisions.votes")
    graph["meetkit.decisions.votes"].add("meetkit.documents.pack")
    assert ["meetkit.decisions.votes", "meetkit.documents.pack"] in cycles(graph)


def test_import_linter_keeps_the_layers():
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    need("import-linter", lint is not None, "pip install -e '.[test]'")
    done = subprocess.run([lint], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:]
    assert "0 broken" in done.stdout
