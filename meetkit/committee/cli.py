"""meetkit committee: the higher-level committee's side (issue 23): init, add-branch, import,
status, exempt, ledger, return. Its workspace holds committee.toml; commands find it from the
current folder upward, or from --workspace."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from .. import clock
from ..cli import HELP, LocalGroup
from ..cli.output import echo_json, echo_table
from ..i18n import N_, _

if TYPE_CHECKING:
    from .workspace import CommitteeWorkspace


def _committee(ctx: click.Context) -> CommitteeWorkspace:
    from ..committee.workspace import find_committee

    return find_committee(ctx.find_root().obj.workspace_dir)


def _year(year: int | None) -> int:
    year = year or clock.today().year
    if not 1900 < year < 3000:
        raise click.BadParameter(_("{year} is not a year").format(year=year), param_hint="--year")
    return year


@click.group(cls=LocalGroup, help=HELP["committee"])
def committee() -> None:
    pass  # the subcommands do the work


@committee.command(
    "init",
    help=N_(
        "Create a committee workspace in DIR.\n\nIts own database (SQLite in .meetkit/, or "
        "[store] url in committee.toml), its signing key and returns/ for opinions."
    ),
)
@click.argument("directory", metavar="DIR", type=click.Path(file_okay=False))
@click.option("--name", required=True, help=N_("The committee's name (e.g. 某某街道党工委)."))
@click.option(
    "--lang",
    type=click.Choice(["zh-CN", "en"]),
    default="zh-CN",
    show_default=True,
    help=N_("Language of the documents."),
)
def init_cmd(directory: str, name: str, lang: str) -> None:
    from pathlib import Path

    from ..committee.workspace import init_committee

    root = init_committee(Path(directory), name, lang)
    click.echo(_("Created committee workspace {root}").format(root=root))
    click.echo(_("Next: cd {dir} && meetkit committee import BUNDLE...").format(dir=directory))


@committee.command(
    "add-branch",
    help=N_(
        "Register a branch's key before its first bundle.\n\nKEYFILE is what `meetkit key "
        "--public FILE` wrote at the branch; its fingerprint is printed to compare."
    ),
)
@click.argument("name")
@click.argument("keyfile", type=click.Path(dir_okay=False))
@click.pass_context
def add_branch(ctx: click.Context, name: str, keyfile: str) -> None:
    from pathlib import Path

    from ..committee.importer import add_branch as register

    fingerprint, new = register(_committee(ctx), name, Path(keyfile))
    click.echo(
        (
            _("Registered branch {name}, key fingerprint {fingerprint}")
            if new
            else _("Branch {name} already has this key ({fingerprint})")
        ).format(name=name, fingerprint=fingerprint)
    )


@committee.command(
    "import",
    help=N_(
        "Import branch bundles: signature and every hash checked.\n\nA bad file is refused "
        "with one line; the same bundle twice changes nothing; a newer bundle of a branch "
        "and period replaces the older one."
    ),
)
@click.argument("files", metavar="FILE...", nargs=-1, required=True)
@click.pass_context
def import_cmd(ctx: click.Context, files: tuple[str, ...]) -> None:
    from pathlib import Path

    from ..bundle.archive import known_schemas
    from ..committee.importer import import_file
    from ..errors import MeetkitError

    cws = _committee(ctx)
    schemas = known_schemas()
    paths = [Path(f) for f in files]
    counts: dict[str, int] = {}
    many = len(paths) > 20  # then progress on stderr, about every tenth, at most every 50
    step = max(1, min(50, len(paths) // 10))
    refused = []
    for n, path in enumerate(paths, 1):
        outcome = import_file(cws, path, schemas)
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
        if outcome.status == "refused":
            refused.append(outcome.message)
            click.echo(_("Refused: {line}").format(line=outcome.message), err=True)
        elif not many:
            click.echo(outcome.message)
        if outcome.registered:
            click.echo(
                _("Registered branch {name}, key fingerprint {fingerprint}").format(
                    name=outcome.branch, fingerprint=outcome.registered
                )
            )
        if many and (n % step == 0 or n == len(paths)):
            click.echo(_("{n}/{total} bundles checked").format(n=n, total=len(paths)), err=True)
    click.echo(
        _(
            "{imported} imported, {replaced} replaced, {unchanged} unchanged, {older} older "
            "kept out, {refused} refused"
        ).format(
            imported=counts.get("imported", 0),
            replaced=counts.get("replaced", 0),
            unchanged=counts.get("unchanged", 0),
            older=counts.get("older", 0),
            refused=counts.get("refused", 0),
        )
    )
    if refused:
        raise MeetkitError(
            _("{n} of {total} files refused (see above)").format(n=len(refused), total=len(paths))
        )


@committee.command(
    "status",
    help=N_(
        "The roll-up: per branch and type, required / held / exempt, what is missing.\n\n"
        "Counted by the branch ledger's rule; attendance rate, the appraisal's results and "
        "the last bundle received."
    ),
)
@click.option("--year", type=int, help=N_("The year (default: this year)."))
@click.option("--quarter", type=click.IntRange(1, 4), help=N_("Only this quarter (1-4)."))
@click.option("--json", "as_json", is_flag=True, help=N_("Print JSON."))
@click.pass_context
def status(ctx: click.Context, year: int | None, quarter: int | None, as_json: bool) -> None:
    import json
    import sys

    from ..committee.rollup import as_json as shape
    from ..committee.rollup import rollup
    from ..decisions.appraisal import grade_word
    from ..i18n import get_language

    cws = _committee(ctx)
    year = _year(year)
    rolls = rollup(cws, year, quarter)
    if as_json:
        data = shape(rolls, year, quarter)
        if sys.stdout.isatty():
            echo_json(data)
        else:
            # To a program: one line, by json's C encoder (indenting takes the pure-Python
            # one: a third of the answer's time for 500 branches).
            click.echo(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        return
    lang = get_language()
    types = cws.plugins.types
    keys: list[str] = []
    for r in rolls:
        keys += [k for k in r.types if k not in keys]

    def name(k: str) -> str:
        return types[k].title(lang) if k in types else k

    headers = [_("branch"), _("bundle")] + [name(k) for k in keys] + [_("attendance")]
    rows = []
    for r in rolls:
        cells = [r.name, r.period or "—"]
        for k in keys:
            c = r.types.get(k)
            cells.append(
                "—"
                if c is None
                else f"{c.held}/{c.required}"
                + (_(" exempt") if c.exempt else "")
                + (" !" if k in r.missing else "")
            )
        cells.append(f"{r.attendance_rate * 100:.1f}%")
        rows.append(cells)
    period = f"{year}Q{quarter}" if quarter else str(year)
    click.echo(
        _("{committee}, {period}: held/required per type").format(
            committee=cws.config.name, period=period
        )
    )
    echo_table(headers, rows)
    lacking = [r for r in rolls if r.missing]
    if lacking:
        click.echo()
        click.echo(_("Branches lacking meetings:"))
        for r in lacking:
            click.echo(f"  {r.name}: " + "、".join(name(k) for k in r.missing))
    graded = [r for r in rolls if any(r.appraisal.values())]
    if graded:
        click.echo()
        click.echo(_("Democratic appraisal (the committees' grades):"))
        for r in graded:
            click.echo(
                f"  {r.name}: "
                + "、".join(f"{grade_word(g, lang)} {n}" for g, n in r.appraisal.items() if n)
            )
    received = [r for r in rolls if r.created]
    if received:
        last = max(received, key=lambda r: r.created or "")
        click.echo()
        click.echo(
            _("Last bundle received: {branch}, {period}, made {when}").format(
                branch=last.name, period=last.period, when=(last.created or "").replace("T", " ")
            )
        )


@committee.command(
    "exempt",
    help=N_(
        "Exempt a branch from a meeting type in a year or quarter, with the reason.\n\n"
        "TYPE is a meeting type's key or name; the roll-up shows it exempt and not missing."
    ),
)
@click.argument("branch")
@click.argument("type_name", metavar="TYPE")
@click.option("--year", type=int, required=True, help=N_("The year."))
@click.option("--quarter", type=click.IntRange(1, 4), help=N_("Only this quarter (1-4)."))
@click.option("--reason", required=True, help=N_("Why (shown in the roll-up table)."))
@click.pass_context
def exempt(
    ctx: click.Context, branch: str, type_name: str, year: int, quarter: int | None, reason: str
) -> None:
    from ..errors import MeetkitError

    cws = _committee(ctx)
    year = _year(year)
    known = cws.branch(branch)
    meeting_type = cws.plugins.meeting_type(type_name)
    if not reason.strip():
        raise MeetkitError(_("--reason: give the reason for the exemption"))
    replaced = cws.store.set_exemption(
        known["id"], meeting_type.key, year, quarter or 0, reason.strip(), clock.now()
    )
    period = f"{year}Q{quarter}" if quarter else str(year)
    click.echo(
        (
            _("Exemption replaced: {branch}, {type}, {period}: {reason}")
            if replaced
            else _("Exempt: {branch}, {type}, {period}: {reason}")
        ).format(branch=branch, type=meeting_type.key, period=period, reason=reason.strip())
    )


@committee.command(
    "ledger",
    help=N_(
        "The roll-up table of a year in the official layout (Word and/or Excel).\n\n"
        "committee-ledger-YEAR.docx (--docx, the default) and committee-ledger-YEAR.xlsx "
        "(--xlsx) in the committee's folder."
    ),
)
@click.option("--year", type=int, required=True, help=N_("The year."))
@click.option("--xlsx", is_flag=True, help=N_("Write the Excel table."))
@click.option("--docx", is_flag=True, help=N_("Write the Word table (the default)."))
@click.option(
    "--lang", type=click.Choice(["zh-CN", "en"]), help=N_("Language (default: committee.toml).")
)
@click.pass_context
def ledger(ctx: click.Context, year: int, xlsx: bool, docx: bool, lang: str | None) -> None:
    from ..committee.exports import write_docx, write_xlsx
    from ..committee.rollup import rollup

    cws = _committee(ctx)
    year = _year(year)
    lang = lang or cws.config.lang
    rolls = rollup(cws, year)
    if docx or not xlsx:
        path = write_docx(cws, rolls, year, cws.root / f"committee-ledger-{year}.docx", lang)
        click.echo(_("Wrote {file}").format(file=path))
    if xlsx:
        path = write_xlsx(cws, rolls, year, cws.root / f"committee-ledger-{year}.xlsx", lang)
        click.echo(_("Wrote {file}").format(file=path))


@committee.command(
    "return",
    help=N_(
        "Send an opinion back to a branch (退回) on a period.\n\nWrites a signed opinion file "
        "(its path printed) the branch takes in with `meetkit receive FILE`."
    ),
)
@click.argument("branch")
@click.option(
    "--period", required=True, metavar="P", help=N_("The period: 2026Q4, or 2026 for a year.")
)
@click.option("--opinion", required=True, help=N_("The opinion."))
@click.pass_context
def return_cmd(ctx: click.Context, branch: str, period: str, opinion: str) -> None:
    from ..committee.opinions import return_opinion

    path = return_opinion(_committee(ctx), branch, period, opinion)
    click.echo(str(path))


@committee.command(
    "serve",
    help=N_(
        "The committee's console: the grid of branches and types, each branch's meetings.\n\n"
        "Read-only, on this computer (127.0.0.1) unless --host says otherwise."
    ),
)
@click.option("--host", default="127.0.0.1", show_default=True, help=N_("Address to listen on."))
@click.option("--port", type=int, default=8023, show_default=True, help=N_("Port to listen on."))
@click.pass_context
def serve(ctx: click.Context, host: str, port: int) -> None:
    from waitress import serve as waitress_serve

    from ..committee.web import create_app

    cws = _committee(ctx)
    click.echo(_("The committee's console: http://{host}:{port}/").format(host=host, port=port))
    waitress_serve(create_app(cws), host=host, port=port)
