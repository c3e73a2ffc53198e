"""`meetkit new-plugin`, run as a new user would: write the plugin, see it in `meetkit types`,
prepare a meeting of it at once and read the documents back. `--package` is installed with pip
(into a temporary target folder) and its own generated test is run."""

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import need

from meetkit.testing import document_text

DATE = "2026-03-05"


def test_new_plugin_then_prepare(run, workspace):
    out = run("new-plugin", "council").stdout
    assert out.splitlines() == [
        "Wrote the plugin council:",
        "  plugins/council/templates/zh-CN/council-record.docx",
        "  plugins/council/templates/en/council-record.docx",
        "  plugins/council/agenda.toml",
        "  plugins/council.py",
        "Try `meetkit types` and `meetkit prepare council`; edit plugins/council.py and its files "
        "to fit your format (docs/plugins.md explains every hook).",
    ]
    types = {t["key"]: t for t in json.loads(run("types", "--json").stdout)}
    council = types["council"]
    assert council["plugin"] == "council"
    assert council["quorum"] == "有表决权的党员超过半数到会"
    assert council["documents"] == [
        "notice",
        "agenda",
        "signin",
        "minutes",
        "council-record",
        "actions",
    ]
    plugins = {r["name"]: r for r in json.loads(run("plugins", "--json").stdout)}
    assert plugins["council"]["status"] == "ok"
    assert plugins["council"]["hooks"] == [
        "meetkit_documents",
        "meetkit_register_meeting_types",
        "meetkit_template_context",
        "meetkit_validate_meeting",
    ]

    result = run("prepare", "council", "--no-input", "--date", DATE)
    assert result.stderr == ""
    folder = workspace / "meetings" / f"{DATE}-council"
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [
            "notice.docx",
            "agenda.docx",
            "signin.docx",
            "minutes.docx",
            "council-record.docx",
            "actions.docx",
            "qr.png",
        ]
    )
    record = document_text(folder / "council-record.docx").splitlines()
    assert record[0] == "示例社区第一党支部2026年第1次council会议记录"
    assert "地点 | 社区党群服务中心二楼会议室" in record
    assert "1. 主持人报告到会情况，宣布会议是否有效" in record
    assert "有表决权的党员 (10)" in record
    assert "10 | 徐强 | 第二党小组 | " in record  # voters renumbered: the 2 probationary left out
    assert "赵磊" not in "\n".join(record)
    assert "备注：预备党员列席，不参加表决" in record
    agenda = document_text(folder / "agenda.docx")
    assert "3. 讨论并表决有关事项" in agenda
    notice = document_text(folder / "notice.docx")
    assert "召开council会议" in notice


def test_new_plugin_names_and_english(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from meetkit.cli import cli
    from meetkit.meetings.init import init_workspace

    root = init_workspace(tmp_path / "ws", lang="en", demo=True)
    monkeypatch.setenv("MEETKIT_WORKSPACE", str(root))
    runner = CliRunner()
    result = runner.invoke(
        cli,
        [
            "new-plugin",
            "village-council",
            "--name-zh",
            "村级联席会议",
            "--name-en",
            "village council meeting",
        ],
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["prepare", "village-council", "--no-input", "--date", DATE])
    assert result.exit_code == 0, result.output
    folder = root / "meetings" / f"{DATE}-village-council"
    record = document_text(folder / "village-council-record.docx").splitlines()
    assert record[0] == ("Demo Community Branch No. 1 village council meeting No. 1, 2026: record")
    assert "Voting members (10)" in record
    assert "Note: probationary members attend but do not vote" in record


def test_scaffold_templates_pass_check_template(run, workspace):
    run("new-plugin", "council")
    for lang in ("zh-CN", "en"):
        path = workspace / "plugins" / "council" / "templates" / lang / "council-record.docx"
        out = run("check-template", str(path)).stdout
        assert out == (
            f"{path}: ok, checked as document 'council-record' of a sample council "
            f"meeting ({lang})\n"
        )


def test_scaffold_templates_are_lean_and_in_meetkit_look(run, workspace):
    """The record templates new-plugin writes are as lean as the built-in ones (meetkit.documents.look):
    no stylesWithEffects, thumbnail or customXml parts, only the styles in use, Chinese fonts on
    the East Asian slot, A4 with the GB/T 9704 margins, the document's own title, fixed dates."""
    import zipfile
    from datetime import datetime, timezone

    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Mm

    run("new-plugin", "council", "--name-zh", "村务联席会议", "--name-en", "council meeting")
    titles = {"zh-CN": "村务联席会议记录", "en": "council meeting record"}
    east_asia = {"zh-CN": {"仿宋_GB2312", "方正小标宋简体", "黑体"}, "en": {"SimSun"}}
    for lang in ("zh-CN", "en"):
        path = workspace / "plugins" / "council" / "templates" / lang / "council-record.docx"
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
            xml_bytes = sum(
                i.file_size for i in z.infolist() if i.filename.endswith((".xml", ".rels"))
            )
            app = z.read("docProps/app.xml").decode("utf-8")
        assert "word/stylesWithEffects.xml" not in names
        assert "docProps/thumbnail.jpeg" not in names
        assert not [n for n in names if n.startswith("customXml/")]
        assert "<Application>meetkit</Application>" in app
        # python-docx's default package is ~825 KB of XML (276 latent styles, 164 styles)
        assert xml_bytes < 80_000, xml_bytes
        assert path.stat().st_size < 15_000

        doc = Document(str(path))
        styles = doc.styles.element
        assert styles.find(qn("w:latentStyles")) is None
        assert len(styles.findall(qn("w:style"))) < 20
        runs = list(doc.element.body.iter(qn("w:r")))
        assert runs
        fonts = [r.find(f"{qn('w:rPr')}/{qn('w:rFonts')}") for r in runs]
        assert all(f is not None and f.get(qn("w:ascii")) == "Times New Roman" for f in fonts)
        assert {f.get(qn("w:eastAsia")) for f in fonts} <= east_asia[lang]
        normal = doc.styles["Normal"].element.rPr.rFonts
        assert normal.get(qn("w:eastAsia")) == ("仿宋_GB2312" if lang == "zh-CN" else "SimSun")

        section = doc.sections[0]
        for got, want_mm in (
            (section.page_width, 210),
            (section.page_height, 297),
            (section.top_margin, 37),
            (section.bottom_margin, 35),
            (section.left_margin, 28),
            (section.right_margin, 26),
        ):
            assert abs(got - Mm(want_mm)) < Mm(0.2), (got.mm, want_mm)

        props = doc.core_properties
        assert props.title == titles[lang]
        assert (props.author, props.last_modified_by) == ("meetkit", "meetkit")
        assert props.subject == props.comments == props.keywords == ""
        fixed = datetime(2026, 1, 1, tzinfo=timezone.utc)
        assert props.created == props.modified == fixed

    # The rendered record inherits the title (the title of a PDF made from it, too).
    run("prepare", "council", "--no-input", "--date", DATE)
    record = Document(str(workspace / "meetings" / f"{DATE}-council" / "council-record.docx"))
    assert record.core_properties.title == "村务联席会议记录"


def test_template_writer_is_reproducible():
    """The same template written twice gives the same bytes: git sees no change."""
    from meetkit.scaffold import record_template

    assert record_template("zh-CN", "x记录") == record_template("zh-CN", "x记录")
    assert record_template("en", "x record") != record_template("en", "y record")


def test_new_plugin_refuses_bad_names_and_never_overwrites(run, workspace):
    def error(*args):
        result = run(*args, ok=False)
        assert result.exit_code != 0
        return result.stderr.strip().splitlines()

    assert error("new-plugin", "Council") == [
        "Error: NAME: 'Council' is not a meeting type key (at most 40 lower-case letters, "
        "digits and '-', starting with a letter, e.g. village-council)"
    ]
    assert error("new-plugin", "lesson") == [
        "Error: NAME: meeting type 'lesson' already exists (plugin lesson, built-in); choose "
        "another name"
    ]
    run("new-plugin", "council")
    assert error("new-plugin", "council") == [
        f"Error: NAME: meeting type 'council' already exists (plugin council, local "
        f"({workspace / 'plugins' / 'council.py'})); choose another name"
    ]

    # A file in the way: nothing at all is written.
    (workspace / "plugins" / "village").mkdir()
    (workspace / "plugins" / "village" / "agenda.toml").write_text("# mine\n")
    assert error("new-plugin", "village") == [
        f"Error: {workspace / 'plugins' / 'village' / 'agenda.toml'} already exists; new-plugin "
        "never overwrites a file"
    ]
    assert not (workspace / "plugins" / "village.py").exists()
    assert not (workspace / "plugins" / "village" / "templates").exists()
    assert (workspace / "plugins" / "village" / "agenda.toml").read_text() == "# mine\n"


def test_new_plugin_outside_a_workspace(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from meetkit.cli import cli

    monkeypatch.delenv("MEETKIT_WORKSPACE", raising=False)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["new-plugin", "council"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no meetkit workspace here or above ")


def test_new_plugin_package_installs_and_its_test_passes(tmp_path, monkeypatch):
    try:
        import setuptools  # noqa: F401 - pip builds the package with it, offline

        have_setuptools = True
    except ImportError:
        have_setuptools = False
    need("setuptools", have_setuptools, "pip install setuptools (builds the package offline)")
    from click.testing import CliRunner

    from meetkit.cli import cli

    monkeypatch.delenv("MEETKIT_WORKSPACE", raising=False)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["new-plugin", "village-council", "--package"])
    assert result.exit_code == 0, result.output
    root = tmp_path / "meetkit-village-council"
    assert result.stdout.splitlines()[-1] == (
        "Install it with `pip install ./meetkit-village-council` (or -e while you edit it); "
        "then `meetkit plugins` lists village-council and `meetkit prepare village-council` "
        "uses it."
    )
    assert sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) == [
        "README.md",
        "meetkit_village_council/__init__.py",
        "meetkit_village_council/agenda.toml",
        "meetkit_village_council/templates/en/village-council-record.docx",
        "meetkit_village_council/templates/zh-CN/village-council-record.docx",
        "pyproject.toml",
        "tests/test_meetkit_village_council.py",
    ]

    # A real, non-editable install: the templates and agenda must ship as package data.
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--target",
            str(target),
            str(root),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    installed = target / "meetkit_village_council"
    assert (installed / "templates" / "zh-CN" / "village-council-record.docx").is_file()
    assert (installed / "agenda.toml").is_file()

    env = dict(os.environ, PYTHONPATH=str(target))
    env.pop("MEETKIT_LOAD_PLUGINS", None)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # Its own generated test, run from another folder so only the installed copy is importable.
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(root / "tests")],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "3 passed" in tests.stdout

    meetkit = [sys.executable, "-c", "from meetkit.cli import main; main()"]
    subprocess.run(
        meetkit + ["init", "ws", "--demo"],
        cwd=elsewhere,
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )
    listed = subprocess.run(
        meetkit + ["plugins", "--json"],
        cwd=elsewhere / "ws",
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    row = next(r for r in json.loads(listed.stdout) if r["name"] == "village-council")
    assert row["source"] == "entry point (meetkit-village-council)"
    assert Path(row["file"]) == installed / "__init__.py"
    types = subprocess.run(
        meetkit + ["types", "--json"],
        cwd=elsewhere / "ws",
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    council = next(t for t in json.loads(types.stdout) if t["key"] == "village-council")
    assert council["templates"]["village-council-record"] == {
        "origin": "plugin",
        "path": str(installed / "templates" / "zh-CN" / "village-council-record.docx"),
    }


def test_new_plugin_refuses_a_key_too_long_for_meeting_ids(run, workspace):
    result = run("new-plugin", "a" * 41, ok=False)
    assert result.exit_code == 1
    assert "at most 40 lower-case letters" in result.output
    assert not list((workspace / "plugins").glob("*.py"))
