"""meetkit init."""

from __future__ import annotations

from pathlib import Path

import click

from ..i18n import N_, _
from . import HELP


@click.command(help=HELP["init"])
@click.argument("directory", required=False, default=".", type=click.Path(file_okay=False))
@click.option("--branch", help=N_("Branch name (党支部名称)."))
@click.option(
    "--lang",
    type=click.Choice(["zh-CN", "en"]),
    default="zh-CN",
    show_default=True,
    help=N_("Language of the documents."),
)
@click.option(
    "--demo", is_flag=True, help=N_("Fill in a fictional branch of 12 members to try things.")
)
def init(directory: str, branch: str | None, lang: str, demo: bool) -> None:
    from ..meetings.init import init_workspace

    root = init_workspace(Path(directory), branch=branch, lang=lang, demo=demo)
    click.echo(_("Created workspace {root}").format(root=root))
    click.echo(_("  meetkit.toml  settings: branch name, secretary, sign-in address"))
    click.echo(
        _("  members.csv   the roster (12 fictional members)")
        if demo
        else _("  members.csv   the roster (empty: add your members)")
    )
    click.echo(_("  agendas/ templates/ plugins/  your own agendas, Word templates and plugins"))
    where = "" if Path(directory) == Path(".") else f"cd {directory} && "
    if demo:
        click.echo(_("Next: {where}meetkit prepare lesson").format(where=where))
    else:
        click.echo(
            _(
                "Next: fill in meetkit.toml (branch, secretary, organizer) and members.csv, "
                "then {where}meetkit prepare lesson"
            ).format(where=where)
        )
