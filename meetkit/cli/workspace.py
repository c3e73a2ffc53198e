"""meetkit init."""
from pathlib import Path

import click


@click.command()
@click.argument("directory", required=False, default=".", type=click.Path(file_okay=False))
@click.option("--branch", help="Branch name (党支部名称).")
@click.option("--lang", type=click.Choice(["zh-CN", "en"]), default="zh-CN", show_default=True,
              help="Language of the documents.")
@click.option("--demo", is_flag=True, help="Fill in a fictional branch of 12 members to try things.")
def init(directory, branch, lang, demo):
    """Create a workspace in DIRECTORY (default: here). Never overwrites one."""
    from ..init import init_workspace

    root = init_workspace(Path(directory), branch=branch, lang=lang, demo=demo)
    click.echo(f"Created workspace {root}")
    click.echo("  meetkit.toml  settings: branch name, secretary, sign-in address")
    click.echo(f"  members.csv   the roster{' (12 fictional members)' if demo else ' (empty: add your members)'}")
    click.echo("  agendas/ templates/ plugins/  your own agendas, Word templates and plugins")
    where = "" if Path(directory) == Path(".") else f"cd {directory} && "
    if demo:
        click.echo(f"Next: {where}meetkit prepare lesson")
    else:
        click.echo("Next: fill in meetkit.toml (branch, secretary, organizer) and members.csv, "
                   f"then {where}meetkit prepare lesson")
