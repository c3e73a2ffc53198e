"""Start-up stays light: `meetkit --help`, `--version` and the core commands' help load click and
pluggy, not python-docx, docxtpl, Flask or SQLAlchemy (checked in a fresh interpreter)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

HEAVY = (
    "docx",
    "docxtpl",
    "flask",
    "sqlalchemy",
    "lxml",
    "PIL",
    "qrcode",
    "waitress",
    "jinja2",
    "cryptography",
)

PROBE = """
import json, sys
from meetkit.cli import cli
try:
    cli({args!r}, prog_name="meetkit")
except SystemExit as exc:
    code = exc.code
else:
    code = 0
heavy = sorted(m for m in {heavy!r} if m in sys.modules)
light = sorted(m for m in ("meetkit.model.types", "fractions", "decimal") if m in sys.modules)
print("\\nPROBE" + json.dumps({{"code": code, "heavy": heavy, "light": light}}))
"""


def probe(args: list[str], env: dict | None = None) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=args, heavy=HEAVY)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert "PROBE" in proc.stdout, proc.stderr
    output, _, data = proc.stdout.rpartition("\nPROBE")
    return {**json.loads(data), "output": output}


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--version"],
        ["prepare", "--help"],
        ["update", "--help"],
        ["list", "--help"],
        ["show", "--help"],
        ["types", "--help"],
        ["plugins", "--help"],
        ["init", "--help"],
    ],
    ids=lambda a: " ".join(a),
)
def test_start_up_imports_nothing_heavy(args):
    # No third-party plugin (MEETKIT_LOAD_PLUGINS= loads none): the lean start-up. With one,
    # `meetkit --help` loads the plugins to list their commands (meetkit_register_commands).
    result = probe(args, env={**os.environ, "MEETKIT_LOAD_PLUGINS": ""})
    assert result["code"] == 0, result["output"]
    assert result["heavy"] == [], f"meetkit {' '.join(args)} imported {result['heavy']}"
    if args == ["--help"]:
        for command in ("init", "types", "plugins", "prepare", "update", "list", "show"):
            assert f"  {command} " in result["output"]
    if args in (["--version"], ["--help"]):
        # The plugin API (meetingtypes: fractions, decimal) loads only when asked for.
        assert result["light"] == [], f"meetkit {' '.join(args)} imported {result['light']}"
    if args == ["--version"]:
        from meetkit import __version__

        assert result["output"].strip() == f"meetkit, version {__version__}"


@pytest.mark.parametrize("args", [["--version"], ["-w", "elsewhere", "--version"]])
def test_version_is_answered_before_the_language_is_decided(args):
    """--version prints one string: no workspace is looked for, no catalog loaded."""
    from meetkit import __version__

    code = (
        "import meetkit.cli as c\n"
        "c.set_language = c.terminal_language = None  # would fail if called\n"
        f"c.cli({args!r}, prog_name='meetkit')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"meetkit, version {__version__}"


def test_the_plugin_api_still_imports_from_the_package():
    """`from meetkit import hookimpl, MeetingType, ...` (what a plugin writes) works in a fresh
    interpreter, loading meetingtypes on first use; every name in __all__ resolves."""
    code = (
        "import sys, meetkit\n"
        "assert 'meetkit.model.types' not in sys.modules\n"
        "from meetkit import hookimpl, MeetingType, DocumentSpec, AgendaItem, QuorumRule, VoteRule\n"
        "from meetkit.model import types as meetingtypes\n"
        "assert MeetingType is meetingtypes.MeetingType and VoteRule is meetingtypes.VoteRule\n"
        "assert all(hasattr(meetkit, n) for n in meetkit.__all__)\n"
        "assert set(meetkit.__all__) <= set(dir(meetkit))\n"
        "try:\n    meetkit.no_such_name\nexcept AttributeError:\n    print('ok')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok"


def test_the_probe_would_notice(tmp_path):
    """The check is real: a command that renders documents does import docx."""
    from meetkit.meetings.init import init_workspace

    root = init_workspace(tmp_path / "ws", demo=True)
    result = probe(
        ["--workspace", str(root), "prepare", "lesson", "--no-input", "--date", "2026-12-01"]
    )
    assert result["code"] == 0, result["output"]
    assert {"docx", "docxtpl", "sqlalchemy"} <= set(result["heavy"])


@pytest.mark.parametrize(
    "args, bounded",
    [
        (["prepare", "lesson"], True),
        (["-w", "prepare", "show", "x"], True),  # -w's value is not the command
        (["--workspace=ws", "update", "x"], True),
        (["export", "a", "b", "--pdf"], True),
        (["serve"], False),
        (["plan", "2027", "--prepare"], False),
        (["committee", "status"], False),
        (["--help"], False),
    ],
)
def test_only_one_meeting_commands_run_without_the_cycle_collector(args, bounded):
    """`serve` and a year's `plan --prepare` run long: they keep the garbage collector."""
    from meetkit.cli import ONE_MEETING, _subcommand

    assert (_subcommand(args) in ONE_MEETING) is bounded
