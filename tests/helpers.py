"""Helpers for the tests that use the real things: ``meetkit serve`` as a process (``Server``),
the phones that talk to it (``Phone``: cookies of its own and a loopback address of its own,
since one address signs in one member; ``AppPhone``, the same inside Flask's test client),
headless Chromium's arguments and a phone-sized browser context, and LibreOffice's conversion to
PDF read back with poppler (``to_pdf``, ``pdf_texts``, ``pdf_text``, ``pdf_pages``).

The fixtures that hand these out are in conftest.py: ``soffice``, ``chromium``, ``browser``
(Chromium launched with ``CHROMIUM_ARGS``) and ``servers`` (every ``Server`` a test made is
stopped after it). tests/core_helpers.py reads the documents themselves."""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlencode

from core_helpers import child_env
from flask.testing import FlaskClient

from meetkit.attendance.tokens import rotating_token

ADMIN = "server-test-admin-token"

# -- a meeting that starts now, and where its QR codes point --------------------------------------


def prepare_now(run, type_key="general", start: dt.datetime | None = None, lang=None) -> str:
    """``meetkit prepare TYPE`` starting now (or at ``start``); the new meeting's id."""
    start = start or dt.datetime.now()
    args = [
        "prepare",
        type_key,
        "--no-input",
        "--date",
        start.date().isoformat(),
        "--time",
        start.strftime("%H:%M"),
    ] + (["--lang", lang] if lang else [])
    out = run(*args).output
    return next(line.split()[1] for line in out.splitlines() if line.startswith("Prepared "))


def set_public_url(root: Path, url: str) -> None:
    """``[signin] public_url`` in the workspace's meetkit.toml: what its QR codes hold."""
    toml = root / "meetkit.toml"
    text = toml.read_text(encoding="utf-8")
    assert 'public_url = ""' in text
    toml.write_text(text.replace('public_url = ""', f'public_url = "{url}"'), encoding="utf-8")


# -- meetkit serve as a real process ---------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """``meetkit serve`` in a subprocess on 127.0.0.1 (the console script beside this Python);
    ``lines`` collects what it prints. ``env`` changes its environment (None removes)."""

    def __init__(
        self,
        root: Path,
        port: int | None = None,
        admin: str = ADMIN,
        extra: tuple = (),
        env: Mapping[str, str | None] | None = None,
    ):
        self.root, self.port, self.admin = Path(root), port or free_port(), admin
        self.base = f"http://127.0.0.1:{self.port}"
        self.extra = list(extra)
        self.env = child_env(env)
        self.proc: subprocess.Popen | None = None
        self.lines: list[str] = []

    def start(self) -> Server:
        """Start it and wait (30 s at most) until it answers /api/ping."""
        script = Path(sys.executable).parent / "meetkit"
        self.proc = subprocess.Popen(
            [
                str(script),
                "--workspace",
                str(self.root),
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--admin-token",
                self.admin,
                "--threads",
                "8",
                *self.extra,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            env=self.env,
        )
        threading.Thread(target=self._read, args=(self.proc,), daemon=True).start()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(
                    f"meetkit serve exited {self.proc.returncode}: " + "".join(self.lines)
                )
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/api/ping")
                if conn.getresponse().status == 200:
                    return self
            except OSError:
                time.sleep(0.05)
        raise AssertionError("meetkit serve did not answer within 30 s: " + "".join(self.lines))

    def _read(self, proc: subprocess.Popen) -> None:
        for line in proc.stdout:
            self.lines.append(line)

    def output(self, until: str, seconds: float = 10.0) -> str:
        """What it printed, once a line holding ``until`` is there (or ``seconds`` passed)."""
        deadline = time.monotonic() + seconds
        while not any(until in line for line in self.lines) and time.monotonic() < deadline:
            time.sleep(0.02)
        return "".join(self.lines)

    def kill(self) -> None:
        """SIGKILL: no chance to flush or clean up."""
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()


# -- phones --------------------------------------------------------------------------------------


def loopback(n: int) -> str:
    """The n-th simulated phone's own address (all of 127.0.0.0/8 is this machine)."""
    return f"127.1.{n // 250 % 250}.{n % 250 + 1}"


class Answer(NamedTuple):
    status: int
    headers: dict  # names in lower case
    text: str

    def json(self):
        return json.loads(self.text)


class Phone:
    """A browser as far as a real server can tell: keeps cookies, follows no redirects itself,
    and connects from an address of its own (``address``, else the next ``loopback``)."""

    count = 0

    def __init__(self, port: int, address: str | None = None):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.csrf = ""  # the form token of the page it signed in on (sign_in)
        if address is None:
            Phone.count += 1
            address = loopback(Phone.count)
        self.address = address

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict | None = None
    ) -> Answer:
        conn = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=20, source_address=(self.address, 0)
        )
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        text = response.read().decode("utf-8")
        conn.close()
        return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, text)

    def get(self, path: str, headers: dict | None = None) -> Answer:
        return self.request("GET", path, headers=headers)

    def post_form(self, path: str, fields: dict) -> Answer:
        """A form post; the CSRF token of ``sign_in`` goes along unless ``fields`` has one."""
        if self.csrf and "csrf" not in fields:
            fields = {"csrf": self.csrf, **fields}
        return self.request(
            "POST",
            path,
            urlencode(fields).encode(),
            {"Content-Type": "application/x-www-form-urlencoded"},
        )

    def post_json(self, path: str, data, headers: dict | None = None) -> Answer:
        return self.request(
            "POST",
            path,
            json.dumps(data).encode(),
            {"Content-Type": "application/json", **(headers or {})},
        )

    def open_page(self, secret: bytes, mid: str) -> str:
        """Scan the meeting's rotating code and open its page; keeps the page's CSRF token."""
        self.get(f"/s/{mid}?t={rotating_token(secret, mid)}")
        html = self.get(f"/s/{mid}").text
        self.csrf = csrf(html)
        return html

    def sign_in(self, secret: bytes, mid: str, name: str) -> None:
        """Scan the code, open the page and sign ``name`` in: present."""
        self.open_page(secret, mid)
        status, _, html = self.post_form(f"/s/{mid}", {"name": name})
        assert status == 200 and status_of(html) == "present", html


class AppPhone(FlaskClient):
    """A phone inside Flask's test client (``app.test_client_class = AppPhone``): its own
    cookies (its own client) and its own loopback address, since one address signs in one
    member."""

    count = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        AppPhone.count += 1
        self.environ_base["REMOTE_ADDR"] = (
            f"127.0.{AppPhone.count // 250 % 250}.{AppPhone.count % 250 + 2}"
        )


def csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def status_of(html: str) -> str:
    found = re.search(r'data-status="([^"]+)"', html)
    return found.group(1) if found else ""


# -- headless Chromium (the ``browser`` fixture launches it) --------------------------------------

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
# WeChat's in-app browser on Android: where most members will open the page.
WECHAT_UA = (
    "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 MicroMessenger/8.0.47.2560 "
    "NetType/WIFI Language/zh_CN"
)


def phone_context(browser, forwarded_for: str | None = None, **options):
    """A browser context that is a phone: 390x844, touch, WeChat's user agent, zh-CN.
    Chromium can't choose its source address, so behind ``serve --behind-proxy`` each phone
    sends its own loopback address as a proxy would (``forwarded_for``)."""
    settings = {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
        "user_agent": WECHAT_UA,
        "locale": "zh-CN",
        **options,
    }
    if forwarded_for is not None:
        settings["extra_http_headers"] = {"X-Forwarded-For": forwarded_for}
    return browser.new_context(**settings)


# -- LibreOffice and poppler ---------------------------------------------------------------------

_LO_PROFILE: list[str] = []


def _lo_profile() -> str:
    """One private LibreOffice profile per test run (never the user's), removed at exit."""
    if not _LO_PROFILE:
        import atexit

        path = tempfile.mkdtemp(prefix="meetkit-lo-profile-")
        atexit.register(shutil.rmtree, path, True)
        _LO_PROFILE.append(path)
    return _LO_PROFILE[0]


def to_pdf(
    soffice: str, files: Iterable[Path] | Mapping[str, Path], outdir: Path
) -> dict[str, Path]:
    """Convert ``files`` (.docx or .xlsx) to PDF in ONE soffice call; {name: pdf}. Names are
    the files' stems, or the keys of a mapping (its files are copied to ``outdir`` under
    those names first, so two signin.docx can be converted together)."""
    outdir.mkdir(parents=True, exist_ok=True)
    if isinstance(files, Mapping):
        named = {}
        for name, path in files.items():
            named[name] = outdir / f"{name}{Path(path).suffix}"
            shutil.copy(path, named[name])
    else:
        named = {Path(f).stem: Path(f) for f in files}
    proc = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{_lo_profile()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            *map(str, named.values()),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, f"soffice exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    pdfs = {name: outdir / f"{name}.pdf" for name in named}
    for name, pdf in pdfs.items():
        assert pdf.is_file() and pdf.stat().st_size > 0, (
            f"LibreOffice did not convert {named[name]}: rc={proc.returncode}\n"
            f"{proc.stdout}\n{proc.stderr}"
        )
    return pdfs


def pdf_text(pdf: Path, *options: str) -> str:
    """pdftotext's text of ``pdf`` (pages split by form feeds); ``options`` e.g. "-layout"."""
    return subprocess.run(
        ["pdftotext", *options, str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout


def pdf_info(pdf: Path) -> str:
    return subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True, timeout=60
    ).stdout


def pdf_pages(pdf: Path) -> int:
    """How many pages ``pdf`` has (pdfinfo)."""
    return int(re.search(r"^Pages:\s+(\d+)", pdf_info(pdf), re.M).group(1))


def pdf_texts(soffice: str, files: list[Path], outdir: Path) -> dict[str, str]:
    """Convert ``files`` to PDF in ONE soffice call; return {file stem: pdftotext output}."""
    return {name: pdf_text(pdf) for name, pdf in to_pdf(soffice, files, outdir).items()}
