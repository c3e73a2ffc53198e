"""Installed plugins (entry-point group ``meetkit``) fail as clearly as local ones: a fake
distribution on sys.path stands for a pip-installed package (the real one is
tests/test_example_election.py)."""

import json
import textwrap

import pytest


@pytest.fixture
def install(tmp_path, monkeypatch):
    """install(dist, ep_name, files={relpath: code}, module=...) puts a distribution with a
    ``meetkit`` entry point on sys.path, as pip would."""
    import sys

    site = tmp_path / "site"
    packages = []

    def make(dist, ep_name, files, module):
        for rel, code in files.items():
            path = site / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(code).lstrip("\n"), encoding="utf-8")
        info = site / f"{dist.replace('-', '_')}-1.2.0.dist-info"
        info.mkdir(parents=True, exist_ok=True)
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.2.0\n")
        (info / "entry_points.txt").write_text(f"[meetkit]\n{ep_name} = {module}\n")
        packages.append(module.split(".")[0])
        return site

    monkeypatch.syspath_prepend(str(site))
    yield make
    for name in list(sys.modules):  # the next test's package of the same name is another one
        if name.split(".")[0] in packages:
            del sys.modules[name]


def warnings(result):
    return [line for line in result.stderr.splitlines() if line.startswith("meetkit: warning:")]


def test_installed_plugin_is_listed_with_its_distribution(run, install):
    install(
        "meetkit-village",
        "village",
        {
            "meetkit_village/__init__.py": """
        from meetkit import MeetingType, hookimpl

        @hookimpl
        def meetkit_register_meeting_types(register):
            register.add(MeetingType(key="village", name={"zh-CN": "村", "en": "village"}))
    """
        },
        "meetkit_village",
    )
    rows = {r["name"]: r for r in json.loads(run("plugins", "--json").stdout)}
    assert rows["village"]["source"] == "entry point (meetkit-village)"
    assert rows["village"]["version"] == "1.2.0"
    assert rows["village"]["hooks"] == ["meetkit_register_meeting_types"]
    types = {t["key"]: t for t in json.loads(run("types", "--json").stdout)}
    assert types["village"]["plugin"] == "village"


def test_installed_plugin_that_fails_to_import(run, install, workspace):
    site = install(
        "meetkit-broken",
        "broken",
        {
            "meetkit_broken/__init__.py": """
        from meetkit import hookimpl
        from .rules import RULES
    """,
            "meetkit_broken/rules.py": """
        RULES = {}
        RULES["quorum"] = 1 / 0
    """,
        },
        "meetkit_broken",
    )
    result = run("types", "--json")
    assert warnings(result) == [
        f"meetkit: warning: plugin broken skipped: {site}/meetkit_broken/rules.py:2: "
        "cannot import: ZeroDivisionError: division by zero"
    ]
    json.loads(result.stdout)
    rows = {r["name"]: r for r in json.loads(run("plugins", "--json").stdout)}
    assert rows["broken"]["status"] == "failed"
    assert rows["broken"]["source"] == "entry point (meetkit-broken)"
    run("prepare", "lesson", "--no-input", "--date", "2026-12-01")
    assert (workspace / "meetings" / "2026-12-01-lesson" / "minutes.docx").is_file()


def test_installed_plugin_raising_in_a_submodule_names_that_file(run, install):
    site = install(
        "meetkit-deep",
        "deep",
        {
            "meetkit_deep/__init__.py": """
        from meetkit import hookimpl

        from .docs import documents


        @hookimpl
        def meetkit_documents(meeting_type):
            return documents(meeting_type)
    """,
            "meetkit_deep/docs.py": """
        def documents(meeting_type):
            return [meeting_type.no_such_field]
    """,
        },
        "meetkit_deep",
    )
    result = run("types", "--json")
    assert warnings(result) == [
        f"meetkit: warning: plugin deep skipped: {site}/meetkit_deep/docs.py:2: meetkit_documents "
        "raised AttributeError: 'MeetingType' object has no attribute 'no_such_field'"
    ]


def test_entry_point_to_a_module_inside_a_package_names_the_line_in_the_package(run, install):
    """An entry point may name a module inside a package (``pkg.plugin``): the whole package is
    the plugin's own code, so a hook that fails in a helper module names the helper's line, as
    a failing import does."""
    site = install(
        "meetkit-inner",
        "inner",
        {
            "meetkit_inner/__init__.py": "",
            "meetkit_inner/plugin.py": """
        from meetkit import hookimpl

        from .docs import documents


        @hookimpl
        def meetkit_documents(meeting_type):
            return documents(meeting_type)
    """,
            "meetkit_inner/docs.py": """
        def documents(meeting_type):
            return [meeting_type.no_such_field]
    """,
        },
        "meetkit_inner.plugin",
    )
    result = run("types", "--json")
    assert warnings(result) == [
        f"meetkit: warning: plugin inner skipped: {site}/meetkit_inner/docs.py:2: "
        "meetkit_documents raised AttributeError: 'MeetingType' object has no attribute "
        "'no_such_field'"
    ]
    rows = {r["name"]: r for r in json.loads(run("plugins", "--json").stdout)}
    assert rows["inner"]["status"] == "failed"
    assert rows["inner"]["file"] == f"{site}/meetkit_inner/plugin.py"


def test_installed_plugin_named_like_a_builtin(run, install):
    install(
        "meetkit-other-lesson",
        "lesson",
        {
            "meetkit_other_lesson/__init__.py": """
        from meetkit import hookimpl
    """
        },
        "meetkit_other_lesson",
    )
    result = run("plugins", "--json")
    assert warnings(result) == [
        "meetkit: warning: plugin lesson skipped: meetkit_other_lesson: a plugin named 'lesson' "
        "is already loaded (built-in)"
    ]
    rows = [r for r in json.loads(result.stdout) if r["name"] == "lesson"]
    assert [r["status"] for r in rows] == ["ok", "failed"]


def test_load_plugins_applies_to_installed_plugins(run, install, monkeypatch):
    install(
        "meetkit-village",
        "village",
        {
            "meetkit_village/__init__.py": """
        raise RuntimeError("never imported when not wanted")
    """
        },
        "meetkit_village",
    )
    monkeypatch.setenv("MEETKIT_LOAD_PLUGINS", "")
    result = run("plugins", "--json")
    assert warnings(result) == []
    assert "village" not in {r["name"] for r in json.loads(result.stdout)}
