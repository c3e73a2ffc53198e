"""meetkit console: the secretary's console (meetkit.console) in the browser."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ..i18n import N_, _
from . import HELP

if TYPE_CHECKING:
    from . import Context

DEFAULT_PORT = 8760  # beside `meetkit serve`'s 8750, so both can run


@click.command(help=HELP["console"])
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=DEFAULT_PORT,
    show_default=True,
    help=N_("Port (0: any free one)."),
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help=N_("Address to listen on; anything but 127.0.0.1 lets other computers reach it."),
)
@click.option(
    "--no-browser", is_flag=True, help=N_("Don't open the browser; only print the address.")
)
@click.option(
    "--admin-token",
    envvar="MEETKIT_ADMIN_TOKEN",
    help=N_("Admin token (default: a new random one each start). Env: MEETKIT_ADMIN_TOKEN."),
)
@click.pass_obj
def console(obj: Context, port: int, host: str, no_browser: bool, admin_token: str | None) -> None:
    from ..web.server import serve as run_server

    def opened(url: str) -> None:
        click.echo(_("The console (open it in a browser; it signs you in):"))
        click.echo(f"    {url}")
        if not no_browser:
            import webbrowser

            webbrowser.open(url)

    run_server(obj.workspace, host=host, port=port, admin_token=admin_token, ready=opened)
