"""meetkit attach: photos, slides and signed scans kept with a meeting (meetkit.attachments)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..cli import HELP
from ..i18n import _

if TYPE_CHECKING:
    from ..cli import Context


@click.command(help=HELP["attach"])
@click.argument("meeting_id", metavar="ID")
@click.argument(
    "files", nargs=-1, required=False, type=click.Path(path_type=Path), metavar="FILE..."
)
@click.pass_obj
def attach(obj: Context, meeting_id: str, files: tuple[Path, ...]) -> None:
    from .. import attachments

    ws = obj.workspace
    meeting = ws.meeting(meeting_id)
    for a in attachments.attach_files(ws, meeting, list(files)):
        click.echo(_("Attached {file}").format(file=a.path.relative_to(ws.root)))
    kept = attachments.listed(ws, meeting)
    if not kept:
        click.echo(_("{id} has no attachments.").format(id=meeting.id))
        return
    if not files:  # just asked what is there
        for a in kept:
            click.echo(f"  {a.path.relative_to(ws.root)}")
    click.echo(
        _("{id}: {n} attachment(s), {photos} photo(s); `meetkit minutes {id}` lists them.").format(
            id=meeting.id, n=len(kept), photos=sum(1 for a in kept if a.photo)
        )
    )
