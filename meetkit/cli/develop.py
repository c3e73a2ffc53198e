"""meetkit new-plugin, meetkit check-template: for those who adapt meetkit to a local format."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..i18n import N_, _, ngettext
from . import HELP
from .output import echo_json

if TYPE_CHECKING:
    from ..host.manager import Plugins
    from ..model.types import DocumentSpec, MeetingType
    from . import Context


@click.command("new-plugin", help=HELP["new-plugin"])
@click.argument("name")
@click.option(
    "--package",
    is_flag=True,
    help=N_(
        "Write an installable package meetkit-NAME/ "
        "(pyproject with the `meetkit` entry point, templates as package data, a test) "
        "instead of a workspace plugin."
    ),
)
@click.option(
    "--dest",
    type=click.Path(file_okay=False),
    default=".",
    show_default=True,
    help=N_("With --package: the folder to write meetkit-NAME/ into."),
)
@click.option(
    "--like",
    metavar="TYPE",
    help=N_(
        "Copy meeting type TYPE under the key NAME: its rules, what it uses, its agenda and "
        "templates (copied for editing); the ledger counts NAME as TYPE."
    ),
)
@click.option("--name-zh", help=N_("The type's Chinese name (default: NAME会议)."))
@click.option("--name-en", help=N_("The type's English name (default: NAME meeting)."))
@click.pass_obj
def new_plugin(
    obj: Context,
    name: str,
    package: bool,
    dest: str,
    like: str | None,
    name_zh: str | None,
    name_en: str | None,
) -> None:
    from ..errors import MeetkitError
    from ..scaffold import new_copy, new_local_plugin, new_package

    if like is not None:
        if package:
            raise MeetkitError(_("--like: a copy is a workspace plugin; leave out --package"))
        ws = obj.workspace
        written = new_copy(ws, name, like, name_zh=name_zh, name_en=name_en)
        click.echo(
            _("Wrote the local plugin {path}, a copy of {like}:").format(
                path=written[-1].relative_to(ws.root), like=like
            )
        )
        for path in written:
            click.echo(f"  {path.relative_to(ws.root)}")
        click.echo(
            _(
                "`meetkit prepare {name}` prepares a meeting of it; the ledger counts it as {like}."
            ).format(name=name, like=like)
        )
        return

    if package:
        try:
            plugins = obj.workspace.plugins
        except MeetkitError:
            if obj.workspace_dir:
                raise
            plugins = None
        root = new_package(Path(dest), name, plugins=plugins, name_zh=name_zh, name_en=name_en)
        click.echo(_("Wrote the plugin package {root}/:").format(root=root))
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            click.echo(f"  {path.relative_to(root)}")
        shown = root if root.is_absolute() else f"./{root}"  # `pip install name` asks PyPI
        click.echo(
            _(
                "Install it with `pip install {path}` (or -e while you edit it); then "
                "`meetkit plugins` lists {name} and `meetkit prepare {name}` uses "
                "it."
            ).format(path=shown, name=name)
        )
        return
    ws = obj.workspace
    written = new_local_plugin(ws, name, name_zh=name_zh, name_en=name_en)
    click.echo(_("Wrote the plugin {name}:").format(name=name))
    for path in written:
        click.echo(f"  {path.relative_to(ws.root)}")
    click.echo(
        _(
            "Try `meetkit types` and `meetkit prepare {name}`; edit plugins/{name}.py and "
            "its files to fit your format (docs/plugins.md explains every hook)."
        ).format(name=name)
    )


def _checked_as(
    plugins: Plugins, stem: str, type_key: str | None, document: str | None
) -> tuple[MeetingType, DocumentSpec]:
    """The meeting type and document a template is checked as."""
    from ..model.types import DocumentSpec

    name = document or stem
    if type_key:
        meeting_type = plugins.meeting_type(type_key)
    else:
        with_doc = [
            t for t in plugins.types.values() if any(d.name == name for d in plugins.documents(t))
        ]
        meeting_type = (
            with_doc[0]
            if with_doc
            else next((t for t in plugins.types.values() if t.kind == "general"), None)
            or next(iter(plugins.types.values()))
        )
    spec = next((d for d in plugins.documents(meeting_type) if d.name == name), DocumentSpec(name))
    return meeting_type, spec


@click.command("check-template", help=HELP["check-template"])
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--type",
    "type_key",
    help=N_(
        "Check as a document of this meeting type (default: "
        "the first type whose pack has a document named like FILE)."
    ),
)
@click.option("--document", help=N_("Check as this document (default: FILE's name without .docx)."))
@click.option(
    "--lang",
    type=click.Choice(["zh-CN", "en"]),
    help=N_(
        "Language of the sample "
        "meeting (default: FILE's folder when it is zh-CN or en, else the workspace's)."
    ),
)
@click.option("--json", "as_json", is_flag=True, help=N_("Print JSON."))
@click.pass_obj
def check_template(
    obj: Context,
    file: str,
    type_key: str | None,
    document: str | None,
    lang: str | None,
    as_json: bool,
) -> None:
    from ..documents.check import DOCUMENTED_VARIABLES
    from ..documents.check import check_template as check
    from ..documents.sample import sample_context
    from ..errors import MeetkitError

    path = Path(file)
    if lang is None and path.parent.name in ("zh-CN", "en"):
        lang = path.parent.name
    with contextlib.ExitStack() as stack:
        try:
            ws = obj.workspace
        except MeetkitError:
            if obj.workspace_dir:
                raise
            # No workspace: a throwaway demo one, so plugins' hooks get a real Workspace.
            from ..meetings.init import init_workspace
            from ..workspace import Workspace

            tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="meetkit-")))
            ws = Workspace(init_workspace(tmp / "ws", lang=lang or "zh-CN", demo=True))
        plugins = ws.plugins
        meeting_type, spec = _checked_as(plugins, path.stem, type_key, document)
        sample = sample_context(plugins, meeting_type, spec, workspace=ws, lang=lang)
        problems = check(path, DOCUMENTED_VARIABLES | set(sample), sample)
    checked_as = {"type": meeting_type.key, "document": spec.name, "lang": sample["lang"]}
    if as_json:
        echo_json(
            {"file": str(path), "ok": not problems, "problems": problems, "checked_as": checked_as}
        )
        if problems:
            raise SystemExit(1)
        return
    for problem in problems:
        click.echo(problem)
    as_what = _("document {document!r} of a sample {type} meeting ({lang})").format(
        document=spec.name, type=meeting_type.key, lang=checked_as["lang"]
    )
    if problems:
        raise click.ClickException(
            ngettext(
                "{path}: {n} problem, checked as {what}",
                "{path}: {n} problems, checked as {what}",
                len(problems),
            ).format(path=path, n=len(problems), what=as_what)
        )
    click.echo(_("{path}: ok, checked as {what}").format(path=path, what=as_what))
