"""``meetkit serve``: the app under waitress, with the addresses printed the way Jupyter does."""

from __future__ import annotations

import ipaddress
import logging
import secrets
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from ..errors import MeetkitError
from ..i18n import _

if TYPE_CHECKING:
    from ..config import Config
    from ..workspace import Workspace


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def resolve_public_url(config: Config, host: str, port: int, given: str | None) -> str:
    """``--public-url``, else ``[signin] public_url``, else this computer's LAN address (or
    127.0.0.1 when listening on loopback only) and the port."""
    from ..attendance.tokens import lan_address
    from ..config import valid_public_url

    if given:
        if not valid_public_url(given.rstrip("/")):
            raise MeetkitError(
                _("--public-url: {given} must be an http:// or https:// address").format(
                    given=repr(given)
                )
            )
        return given.rstrip("/")
    if config.public_url:
        return config.public_url.rstrip("/")
    if _loopback(host):
        return f"http://127.0.0.1:{port}"
    if host not in ("0.0.0.0", "::", ""):
        return f"http://{host}:{port}"
    return f"http://{lan_address()}:{port}"


# waitress's own options, public and documented. The slow-client defence is capacity:
# waitress reads each request fully before a worker thread sees it, so a connection trickling
# its headers costs one file descriptor, not a thread; with room for thousands of them (poll(),
# not select() and its limit of 1024) honest sign-ins are still answered. channel_timeout
# closes connections idle that long.
CONNECTION_LIMIT = 4000
WAITRESS_OPTIONS = {
    "ident": "meetkit",
    # photos from a phone on the admin page (meetkit.attachments) are the one big body; the
    # app still refuses anything over 16 KB elsewhere (security.MAX_BODY)
    "max_request_body_size": 25 * 1024 * 1024,
    "max_request_header_size": 64 * 1024,
    "channel_timeout": 30,
    "connection_limit": CONNECTION_LIMIT,
    "asyncore_use_poll": True,
    "backlog": 2048,
}


def _raise_file_limit(want: int) -> None:
    """Let the process hold ``want`` connections (the soft limit is often 1024)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = want if hard == resource.RLIM_INFINITY else min(want, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        except (ValueError, OSError):  # pragma: no cover - not allowed here: keep the default
            pass


def serve(
    ws: Workspace,
    *,
    host: str = "0.0.0.0",
    port: int | None = None,
    public_url: str | None = None,
    admin_token: str | None = None,
    threads: int = 8,
    behind_proxy: bool = False,
    ready: Callable[[str], object] | None = None,
) -> None:
    """Serve ``ws`` until interrupted. Every problem before serving (a bad address, a taken
    port, storage that can't be opened) is one MeetkitError line. ``ready(admin_url)`` is
    called once listening (``meetkit console`` opens the browser there)."""
    from waitress.server import create_server

    from ..attendance.tokens import public_url as printed_url
    from . import create_app

    # "Task queue depth is N" is normal during a burst of sign-ins, not worth a warning.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    config = ws.config
    port = config.port if port is None else port
    admin_token = admin_token or secrets.token_urlsafe(24)
    resolve_public_url(config, host, port, public_url)  # a bad --public-url stops us before binding
    try:
        app = create_app(
            ws, admin_token=admin_token, public_url="http://127.0.0.1", behind_proxy=behind_proxy
        )
    except MeetkitError:
        raise
    except Exception as exc:  # noqa: BLE001 - storage can't be opened: any driver's error, one line
        why = " ".join(str(getattr(exc, "orig", None) or exc).split())[:200]
        raise MeetkitError(
            _("cannot open the workspace's storage ({root}): {why}").format(root=ws.root, why=why)
        ) from None
    _raise_file_limit(CONNECTION_LIMIT + 100)
    try:
        # Bind first, so a taken port is one clear line and port 0 picks a free one.
        # waitress drops X-Forwarded-* headers unless told otherwise; behind a proxy they must
        # reach ProxyFix, which trusts exactly one hop (without --behind-proxy they stay dropped).
        server = create_server(
            app,
            host=host,
            port=port,
            threads=threads,
            **WAITRESS_OPTIONS,
            clear_untrusted_proxy_headers=not behind_proxy,
        )
    except (OSError, ValueError) as exc:
        why = getattr(exc, "strerror", None) or str(exc)
        raise MeetkitError(
            _("cannot listen on {host}:{port}: {why}; check --host and --port").format(
                host=host, port=port, why=why
            )
        ) from None
    port = _listeners(server)[0].effective_port
    base = resolve_public_url(config, host, port, public_url)
    app.extensions["meetkit"].public_url = base
    app.config["SESSION_COOKIE_SECURE"] = base.startswith("https://")
    echo = click.echo
    echo(_("meetkit serve: workspace {root}").format(root=ws.root))
    echo(
        _("Listening on {host}:{port} ({threads} threads). Press Ctrl+C to stop.").format(
            host=host, port=port, threads=threads
        )
    )
    echo(
        _("Sign-in address (in the QR codes): {base}/q/...   short code page: {base}/c").format(
            base=base
        )
    )
    echo(_("Admin address (keep it private; it opens the dashboard and the projector code):"))
    echo(f"    {base}/admin?token={admin_token}")
    if behind_proxy:
        echo(_("Behind a reverse proxy: client addresses come from its X-Forwarded-For."))
    if not config.one_member_per_address:
        echo(
            _(
                "[signin] one_member_per_address = false: one address may sign in several people "
                "(flagged on the dashboard)."
            )
        )
    if _loopback(host):
        echo(_("Note: listening on loopback only; phones cannot reach it (use --host 0.0.0.0)."))
    if printed_url(config) != base:
        echo(
            _(
                "Note: printed sign-in sheets point at {url}; set [signin] public_url in "
                "meetkit.toml to this address and run `meetkit update ID` to reprint."
            ).format(url=printed_url(config))
        )
    sys.stdout.flush()
    if ready is not None:
        ready(f"{base}/admin?token={admin_token}")
    try:
        server.run()
    except KeyboardInterrupt:
        echo(_("Stopped."))
    finally:
        server.close()


def _listeners(server: Any) -> list[Any]:
    """The listening servers inside what create_server returned (one per address a host name
    resolves to). (waitress has no type information: its servers are Any.)"""
    from waitress.server import BaseWSGIServer

    if isinstance(server, BaseWSGIServer):
        return [server]
    return [d for d in server.map.values() if isinstance(d, BaseWSGIServer)]
