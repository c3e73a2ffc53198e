"""Shared fixtures: a demo workspace, a CLI runner bound to it, and real external tools that
skip when missing (or fail when MEETKIT_REQUIRE_REAL=1, as in CI): LibreOffice, zxing-cpp,
Chromium (and a launched ``browser``), ``meetkit serve`` processes (``servers``). What they
hand out is in tests/helpers.py.

The store suite (modules marked ``pytestmark = pytest.mark.store``) runs every test that uses
the ``workspace`` fixture twice: on SQLite, and on PostgreSQL in a fresh schema of the database
MEETKIT_TEST_POSTGRES_URL names (.ci/run starts a server and sets it)."""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner

from meetkit.cli import cli
from meetkit.meetings.init import init_workspace

REQUIRE_REAL = os.environ.get("MEETKIT_REQUIRE_REAL") == "1"
POSTGRES_URL = os.environ.get("MEETKIT_TEST_POSTGRES_URL", "")
BACKENDS = ["sqlite", "postgresql"]


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "store: runs on SQLite and again on PostgreSQL (MEETKIT_TEST_POSTGRES_URL)"
    )


def pytest_generate_tests(metafunc):
    if metafunc.definition.get_closest_marker("store") and "store_backend" in metafunc.fixturenames:
        metafunc.parametrize("store_backend", BACKENDS, indirect=True)


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


@pytest.fixture
def browser(chromium):
    """Headless Chromium (Debian's, through Playwright), closed after the test."""
    from helpers import CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def servers():
    """Make ``meetkit serve`` processes: ``servers(root, extra=...)`` is a helpers.Server
    (not started yet); every one the test made is stopped after it."""
    from helpers import Server

    made: list[Server] = []

    def make(root: Path, **options) -> Server:
        made.append(Server(root, **options))
        return made[-1]

    yield make
    for server in made:
        server.stop()


@contextlib.contextmanager
def postgres_schema(monkeypatch):
    """A fresh schema in the MEETKIT_TEST_POSTGRES_URL database, selected for meetkit through
    MEETKIT_DATABASE_URL (search_path; application_name is the schema's name), dropped after.
    Without the URL: skip, or fail under MEETKIT_REQUIRE_REAL=1."""
    need(
        "PostgreSQL",
        bool(POSTGRES_URL),
        "set MEETKIT_TEST_POSTGRES_URL to a database the "
        "tests may write to (.ci/run starts a server and sets it)",
    )
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    schema = f"meetkit_t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    # synchronous_commit=off: a commit doesn't wait for the disk (a test server; what the
    # tests see is the same).
    options = f"-csearch_path={schema} -csynchronous_commit=off"
    url = make_url(POSTGRES_URL).update_query_dict({"options": options, "application_name": schema})
    monkeypatch.setenv("MEETKIT_DATABASE_URL", url.render_as_string(hide_password=False))
    try:
        yield schema
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(autouse=True)
def _no_ambient_database(monkeypatch):
    """A developer's own MEETKIT_DATABASE_URL never reaches a test; store_backend sets it."""
    monkeypatch.delenv("MEETKIT_DATABASE_URL", raising=False)


@pytest.fixture(autouse=True, scope="session")
def english_messages():
    """The suite reads meetkit's messages in English (MEETKIT_LANG=en), whatever the demo
    workspace's language (zh-CN, which its documents keep); tests/test_i18n.py unsets it to see
    the Chinese. Session-wide, so module-scoped fixtures run under it too."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MEETKIT_LANG", "en")
        yield


@pytest.fixture(autouse=True, scope="session")
def own_user_cache(tmp_path_factory):
    """meetkit's user cache (plugin commands, compiled templates: files.user_cache_dir) is the
    suite's own, not the developer's ~/.cache/meetkit."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("user-cache")))
        yield


@pytest.fixture(autouse=True)
def english_after_each_test():
    """A test that switched the language in-process (i18n.set_language) doesn't leak it."""
    from meetkit import i18n

    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def store_backend(request, monkeypatch):
    """ "sqlite" (the default), or "postgresql" in a schema of its own (store-suite modules)."""
    backend = getattr(request, "param", "sqlite")
    if backend == "sqlite":
        yield backend
    else:
        with postgres_schema(monkeypatch):
            yield backend


def db_rows(root: Path, sql: str) -> list:
    """The rows of ``sql`` in the workspace's database, whichever the backend (tests only);
    dates as ISO text (PostgreSQL hands back dates, SQLite its stored text)."""
    import datetime as dt

    from sqlalchemy import text

    from meetkit.workspace import Workspace

    def plain(value):
        return value.isoformat() if isinstance(value, dt.date) else value

    store = Workspace(root).store
    try:
        with store.engine.connect() as conn:
            return [tuple(plain(v) for v in row) for row in conn.execute(text(sql))]
    finally:
        store.close()


@pytest.fixture
def workspace(tmp_path, monkeypatch, store_backend) -> Path:
    """A demo workspace (12 fictional members), with MEETKIT_WORKSPACE pointing at it, its
    store on ``store_backend``."""
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
            raise AssertionError(
                f"meetkit {' '.join(args)} exited {result.exit_code}:\n{result.output}"
            )
        return result

    return invoke
