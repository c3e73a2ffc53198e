"""meetkit bundle, key, receive: the branch's side of the committee above it (issue 23)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from .. import clock
from ..cli import HELP
from ..i18n import N_, _

if TYPE_CHECKING:
    from ..cli import Context


@click.command(help=HELP["bundle"])
@click.option("--year", type=int, help=N_("The year (default: this year)."))
@click.option("--quarter", type=click.IntRange(1, 4), help=N_("Only this quarter (1-4)."))
@click.option(
    "--out",
    type=click.Path(dir_okay=False),
    help=N_("Where to write the bundle (default: <branch>-<period>.meetkit-bundle here)."),
)
@click.option(
    "--with-documents",
    is_flag=True,
    help=N_("Also put each meeting's minutes in, as PDF (needs LibreOffice)."),
)
@click.pass_obj
def bundle(
    obj: Context, year: int | None, quarter: int | None, out: str | None, with_documents: bool
) -> None:
    from pathlib import Path

    from ..bundle.make import make_bundle
    from ..files import check_out_folder

    ws = obj.workspace
    year = year or clock.today().year
    if not 1900 < year < 3000:
        raise click.BadParameter(_("{year} is not a year").format(year=year), param_hint="--year")
    if out:
        check_out_folder(Path(out).resolve().parent, "--out")
    path, manifest, answered = make_bundle(ws, year, quarter, out, with_documents)
    click.echo(
        _("Wrote {file}: {n} files, signed by key {fingerprint}").format(
            file=path, n=len(manifest["files"]), fingerprint=manifest["branch"]["id"]
        )
    )
    for item in answered:
        click.echo(
            _("Answers the opinion of {committee} on {period}.").format(
                committee=item["committee"], period=item["period"]
            )
        )


@click.command(help=HELP["key"])
@click.option(
    "--public",
    "public",
    type=click.Path(dir_okay=False),
    help=N_("Also write the public key to this file (for `meetkit committee add-branch`)."),
)
@click.pass_obj
def key(obj: Context, public: str | None) -> None:
    from pathlib import Path

    from ..bundle import keys
    from ..bundle.make import branch_key
    from ..files import atomic_write_text

    ws = obj.workspace
    text = keys.public_text(branch_key(ws))
    click.echo(keys.fingerprint(text))
    if public:
        atomic_write_text(Path(public), text + "\n")
        click.echo(_("Wrote {file}").format(file=public), err=True)


@click.command(help=HELP["receive"])
@click.argument("file", type=click.Path(dir_okay=False))
@click.pass_obj
def receive(obj: Context, file: str) -> None:
    from pathlib import Path

    from ..bundle.opinions import receive as take

    entry, new = take(obj.workspace, Path(file))
    shown = _("Opinion of {committee} on {period} ({date}): {opinion}").format(
        committee=entry["committee"],
        period=entry["period"],
        date=entry["created"][:10],
        opinion=entry["opinion"],
    )
    click.echo(shown if new else _("Already received: {line}").format(line=shown))
    if new:
        click.echo(
            _("The ledger shows it until you send a new bundle of {period}.").format(
                period=entry["period"]
            )
        )
