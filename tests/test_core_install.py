"""After a plain, non-editable install into a fresh venv, the built-in plugins, agendas and
templates are all found: build a wheel of this checkout, install it (dependencies from PyPI), and
run `meetkit init --demo`, `meetkit prepare lesson --no-input` and `meetkit types --json` from a
folder far from the source tree.

Slow (about a minute with a warm pip cache): `pytest -m 'not slow'` leaves it out."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import need
from core_helpers import EXTRA_DOCS, STANDARD_DOCS, TYPES, find_table, open_docx

SOURCE = Path(__file__).resolve().parent.parent
SKIP_DIRS = {
    ".git",
    ".venv",
    "venv",
    "build",
    "dist",
    "__pycache__",
    ".pytest_cache",
    "node_modules",
    ".mypy_cache",
    ".ruff_cache",
}


def pypi_reachable() -> bool:
    try:
        with socket.create_connection(("pypi.org", 443), timeout=5):
            return True
    except OSError:
        return False


def clean_env() -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("MEETKIT_", "PYTHON", "VIRTUAL_ENV", "PIP_"))
    }
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def run(cmd, cwd, timeout=900):
    return subprocess.run(
        [str(c) for c in cmd],
        cwd=cwd,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def copy_source(dest: Path) -> Path:
    """A copy of the checkout without build leftovers, so the shared tree stays untouched."""

    def ignore(folder, names):
        return [
            n
            for n in names
            if n in SKIP_DIRS
            or n.endswith(".egg-info")
            or (Path(folder) == SOURCE and n == "meetings")
        ]

    shutil.copytree(SOURCE, dest, ignore=ignore)
    return dest


@pytest.mark.slow
def test_wheel_installs_and_finds_its_builtins(tmp_path):
    src = copy_source(tmp_path / "src")
    dist = tmp_path / "dist"
    built = run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", dist, src], cwd=tmp_path
    )
    if built.returncode != 0:
        need("PyPI (to build the wheel)", pypi_reachable(), built.stderr[-500:])
        pytest.fail(f"building the wheel failed:\n{built.stdout[-2000:]}\n{built.stderr[-3000:]}")
    wheels = list(dist.glob("meetkit-*.whl"))
    assert len(wheels) == 1, list(dist.iterdir())

    venv = tmp_path / "venv"
    made = run([sys.executable, "-m", "venv", venv], cwd=tmp_path, timeout=300)
    assert made.returncode == 0, made.stderr
    python, meetkit = venv / "bin" / "python", venv / "bin" / "meetkit"
    installed = run([python, "-m", "pip", "install", "--quiet", wheels[0]], cwd=tmp_path)
    if installed.returncode != 0:
        need("PyPI (for meetkit's dependencies)", pypi_reachable(), installed.stderr[-500:])
        pytest.fail(f"pip install of the wheel failed:\n{installed.stderr[-3000:]}")

    # It is the installed copy that runs, not this checkout.
    where = run(
        [
            python,
            "-c",
            "import meetkit, meetkit.resources as r; "
            "print(meetkit.__file__); print(r.builtin_dir('templates')); "
            "print(r.builtin_dir('agendas'))",
        ],
        cwd=tmp_path,
    )
    assert where.returncode == 0, where.stderr
    package, templates, agendas = where.stdout.split()
    site = str(venv)
    assert package.startswith(site) and templates.startswith(site) and agendas.startswith(site)
    assert Path(templates, "zh-CN", "minutes.docx").is_file()
    assert Path(templates, "en", "minutes.docx").is_file()
    assert Path(agendas, "lesson.toml").is_file()

    work = tmp_path / "elsewhere"
    work.mkdir()
    init = run([meetkit, "init", "ws", "--demo"], cwd=work)
    assert init.returncode == 0, init.stderr
    ws = work / "ws"

    types = run([meetkit, "types", "--json"], cwd=ws)
    assert types.returncode == 0, types.stderr
    listed = json.loads(types.stdout)
    assert [t["key"] for t in listed] == list(TYPES)
    for t in listed:
        assert t["plugin"] and t["agenda"]["origin"] == "built-in"
        assert t["agenda"]["path"].startswith(site)
        for name, template in t["templates"].items():
            assert template["origin"] == "built-in", (t["key"], name)
            assert template["path"].startswith(site)

    plugins = json.loads(run([meetkit, "plugins", "--json"], cwd=ws).stdout)
    assert {"standard", "committee", "general", "group", "lesson", "life", "theme_day"} <= {
        p["name"] for p in plugins if p["source"] == "built-in" and p["status"] == "ok"
    }

    for lang in ("zh-CN", "en"):
        prepared = run(
            [meetkit, "prepare", "lesson", "--no-input", "--date", "2026-12-01", "--lang", lang],
            cwd=ws,
        )
        assert prepared.returncode == 0, prepared.stderr
    for meeting_id, name_header in (("2026-12-01-lesson", "姓名"), ("2026-12-01-lesson-2", "Name")):
        folder = ws / "meetings" / meeting_id
        assert sorted(p.name for p in folder.iterdir()) == sorted(
            [f"{d}.docx" for d in (*STANDARD_DOCS, *EXTRA_DOCS.get("lesson", ()))] + ["qr.png"]
        )
        signin = find_table(open_docx(folder / "signin.docx"), name_header)
        assert "王建国" in [row[1] for row in signin[1:] if len(row) > 1]

    # The compiled catalog ships in the wheel: a zh-CN workspace answers in Chinese at once.
    mo = run([python, "-c", "import meetkit.i18n as i; print(i.LOCALE_DIR)"], cwd=tmp_path)
    assert Path(mo.stdout.strip(), "zh_CN", "LC_MESSAGES", "meetkit.mo").is_file()
    helped = run([meetkit, "prepare", "--help"], cwd=ws)  # clean_env drops MEETKIT_LANG
    assert helped.returncode == 0 and "准备一次会议" in helped.stdout, helped.stderr

    version = run([meetkit, "--version"], cwd=work)
    assert version.returncode == 0 and "meetkit, version" in version.stdout
