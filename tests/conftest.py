"""Shared fixtures: a demo workspace, a CLI runner bound to it, and real external tools that
skip when missing (or fail when MEETKIT_REQUIRE_REAL=1, as in CI)."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from meetkit.cli import cli
from meetkit.init import init_workspace

REQUIRE_REAL = os.environ.get("MEETKIT_REQUIRE_REAL") == "1"


def need(what: str, available: bool, why: str):
    """Skip (or, under MEETKIT_REQUIRE_REAL=1, fail) when a real tool is missing."""
    if available:
        return
    if REQUIRE_REAL:
        pytest.fail(f"{what} is required (MEETKIT_REQUIRE_REAL=1) but missing: {why}")
    pytest.skip(f"{what} missing: {why}")


@pytest.fixture
def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    need("LibreOffice", path is not None, "install libreoffice-writer-nogui")
    need("pdftotext", shutil.which("pdftotext") is not None, "install poppler-utils")
    return path


@pytest.fixture
def zxing():
    try:
        import zxingcpp
    except ImportError:
        zxingcpp = None
    need("zxing-cpp", zxingcpp is not None, "pip install zxing-cpp")
    return zxingcpp


@pytest.fixture
def chromium() -> str:
    path = "/usr/bin/chromium"
    need("Chromium", os.path.exists(path), "apt-get install chromium")
    try:
        import playwright  # noqa: F401
    except ImportError:
        need("Playwright", False, "pip install playwright (no browser download needed)")
    return path


@pytest.fixture(autouse=True, scope="session")
def english_messages():
    """The suite reads meetkit's messages in English (MEETKIT_LANG=en), whatever the demo
    workspace's language (zh-CN, which its documents keep); tests/test_i18n.py unsets it to see
    the Chinese. Session-wide, so module-scoped fixtures run under it too."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MEETKIT_LANG", "en")
        yield


@pytest.fixture(autouse=True)
def english_after_each_test():
    """A test that switched the language in-process (i18n.set_language) doesn't leak it."""
    from meetkit import i18n

    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def workspace(tmp_path, monkeypatch) -> Path:
    """A demo workspace (12 fictional members), with MEETKIT_WORKSPACE pointing at it."""
    root = init_workspace(tmp_path / "ws", demo=True)
    monkeypatch.setenv("MEETKIT_WORKSPACE", str(root))
    monkeypatch.delenv("MEETKIT_LOAD_PLUGINS", raising=False)
    monkeypatch.delenv("MEETKIT_TRACE_PLUGINS", raising=False)
    return root


@pytest.fixture
def run(workspace):
    """Run a meetkit command in the demo workspace: run("prepare", "lesson", "--no-input")."""
    def invoke(*args, ok=True, input=None):
        result = CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)
        if ok and result.exit_code != 0:
            raise AssertionError(f"meetkit {' '.join(args)} exited {result.exit_code}:\n"
                                 f"{result.output}")
        return result
    return invoke
