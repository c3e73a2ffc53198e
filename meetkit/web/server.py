"""``meetkit serve``: the app under waitress, with the addresses printed the way Jupyter does."""
from __future__ import annotations

import ipaddress
import logging
import secrets
import sys

import click

from ..errors import MeetkitError
from ..i18n import _


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def resolve_public_url(config, host: str, port: int, given: str | None) -> str:
    """``--public-url``, else ``[signin] public_url``, else this computer's LAN address (or
    127.0.0.1 when listening on loopback only) and the port."""
    from ..tokens import lan_address

    if given:
        if not given.startswith(("http://", "https://")):
            raise MeetkitError(_("--public-url: {url!r} must start with http:// or "
                                 "https://").format(url=given))
        return given.rstrip("/")
    if config.public_url:
        return config.public_url.rstrip("/")
    if _loopback(host):
        return f"http://127.0.0.1:{port}"
    if host not in ("0.0.0.0", "::", ""):
        return f"http://{host}:{port}"
    return f"http://{lan_address()}:{port}"


def serve(ws, *, host: str = "0.0.0.0", port: int | None = None, public_url: str | None = None,
          admin_token: str | None = None, threads: int = 8) -> None:
    """Serve ``ws`` until interrupted."""
    from waitress.server import create_server

    from . import create_app
    from ..tokens import public_url as printed_url

    # "Task queue depth is N" is normal during a burst of sign-ins, not worth a warning.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    config = ws.config
    port = config.port if port is None else port
    admin_token = admin_token or secrets.token_urlsafe(24)
    resolve_public_url(config, host, port, public_url)  # a bad --public-url stops us before binding
    try:
        # Bind first, so a taken port is one clear line and port 0 picks a free one.
        server = create_server(_not_ready, host=host, port=port, threads=threads, ident="meetkit",
                               max_request_body_size=64 * 1024, channel_timeout=30,
                               connection_limit=500, clear_untrusted_proxy_headers=True)
    except OSError as exc:
        raise MeetkitError(_("cannot listen on {host}:{port}: {why}; pass --port").format(
            host=host, port=port, why=exc.strerror or exc)) from None
    listeners = _listeners(server)
    port = listeners[0].effective_port
    base = resolve_public_url(config, host, port, public_url)
    try:
        app = create_app(ws, admin_token=admin_token, public_url=base)
    except BaseException:
        server.close()
        raise
    for listener in listeners:
        listener.application = app
        listener.channel_class = _channel_class()
    echo = click.echo
    echo(_("meetkit serve: workspace {root}").format(root=ws.root))
    echo(_("Listening on {host}:{port} ({threads} threads). Press Ctrl+C to stop.").format(
        host=host, port=port, threads=threads))
    echo(_("Sign-in address (in the QR codes): {base}/   short code page: {base}/c").format(
        base=base))
    echo(_("Admin address (keep it private; it opens the dashboard and the projector code):"))
    echo(f"    {base}/admin?token={admin_token}")
    if _loopback(host):
        echo(_("Note: listening on loopback only; phones cannot reach it (use --host 0.0.0.0)."))
    if printed_url(config) != base:
        echo(_("Note: printed sign-in sheets point at {url}; set [signin] public_url in "
               "meetkit.toml to this address and run `meetkit update ID` to reprint.").format(
            url=printed_url(config)))
    sys.stdout.flush()
    try:
        server.run()
    except KeyboardInterrupt:
        echo(_("Stopped."))
    finally:
        server.close()


def _not_ready(environ, start_response):  # pragma: no cover - replaced before serving
    start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
    return [b"starting"]


def _listeners(server) -> list:
    """The listening servers inside what create_server returned (one per address)."""
    from waitress.server import BaseWSGIServer

    if isinstance(server, BaseWSGIServer):
        return [server]
    return [d for d in server.map.values() if isinstance(d, BaseWSGIServer)]


_CHANNEL = None


def _channel_class():
    """waitress's connection class, with one change: while a worker thread is itself sending
    a response (it holds the connection's output lock meanwhile), the event loop doesn't ask
    select() about writing to it.

    Otherwise select() answers "writable" at once, over and over, and the loop spins holding
    the GIL while that worker waits for the GIL to finish its send: each such episode lasted
    up to the 5 ms switch interval and tripled the CPU per sign-in in bench/signin_load.py,
    since group commit finishes several responses at the same moment. No wake-up is lost: a
    worker that leaves data unsent pulls waitress's trigger when it lets go of the lock."""
    global _CHANNEL
    if _CHANNEL is None:
        from waitress.channel import HTTPChannel

        class Channel(HTTPChannel):
            def writable(self):
                if self.requests and not (self.will_close or self.close_when_flushed):
                    if not self.outbuf_lock.acquire(False):
                        return False
                    self.outbuf_lock.release()
                return super().writable()

        _CHANNEL = Channel
    return _CHANNEL
