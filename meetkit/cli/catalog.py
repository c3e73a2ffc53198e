"""meetkit types, meetkit plugins: what this installation and workspace can do."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ..i18n import N_, _, pgettext
from . import HELP
from .output import echo_json, echo_table

if TYPE_CHECKING:
    from pathlib import Path

    from ..host.manager import Plugins
    from . import Context


def _plugins_and_root(obj: Context) -> tuple[Plugins, Path | None, str]:
    """The workspace's plugins when there is a workspace, else the installed ones only."""
    from ..errors import MeetkitError
    from ..host.manager import Plugins

    try:
        ws = obj.workspace
    except MeetkitError:
        if obj.workspace_dir:
            raise
        return Plugins(None), None, "zh-CN"
    return ws.plugins, ws.root, ws.config.lang


@click.command(help=HELP["types"])
@click.option("--json", "as_json", is_flag=True, help=N_("Print JSON."))
@click.option(
    "--lang", type=click.Choice(["zh-CN", "en"]), help=N_("Language of names and templates.")
)
@click.pass_obj
def types(obj: Context, as_json: bool, lang: str | None) -> None:
    from ..documents.templates import find_template
    from ..errors import MeetkitError
    from ..model.agenda import find_agenda_file

    plugins, root, ws_lang = _plugins_and_root(obj)
    lang = lang or ws_lang
    out = []
    for t in plugins.types.values():
        docs = plugins.documents(t)
        agenda_path, agenda_origin = find_agenda_file(t, root)
        templates: dict[str, dict[str, str | None]] = {}
        for d in docs:
            try:
                path, origin = find_template(d, lang, root, t)
                templates[d.name] = {"origin": origin, "path": str(path)}
            except MeetkitError:
                templates[d.name] = {"origin": "missing", "path": None}
        out.append(
            {
                "key": t.key,
                "name": t.title("zh-CN"),
                "names": {"zh-CN": t.title("zh-CN"), "en": t.title("en")},
                "aliases": list(t.aliases),
                "plugin": t.plugin,
                "attendees": t.attendees,
                "attendees_text": t.attendees_text(lang),
                "quorum": t.quorum.describe(lang) if t.quorum else None,
                "votes": t.votes,
                "frequency": t.frequency,
                "documents": [d.name for d in docs],
                "agenda": {
                    "origin": agenda_origin,
                    "path": str(agenda_path) if agenda_path else None,
                },
                "templates": templates,
            }
        )
    if as_json:
        echo_json(out)
        return
    none = _("none")
    echo_table(
        [
            _("key"),
            "zh-CN",
            "en",
            _("aliases"),
            _("attendees"),
            _("quorum"),
            _("frequency"),
            _("documents"),
            _("plugin"),
        ],
        [
            [
                t["key"],
                t["names"]["zh-CN"],
                t["names"]["en"],
                ",".join(a for a in t["aliases"] if a != t["names"]["zh-CN"]),
                t["attendees_text"],
                t["quorum"] or none,
                plugins.types[t["key"]].frequency_text(lang),
                ",".join(t["documents"]),
                t["plugin"],
            ]
            for t in out
        ],
    )


@click.command(help=HELP["plugins"])
@click.option("--json", "as_json", is_flag=True, help=N_("Print JSON."))
@click.pass_obj
def plugins(obj: Context, as_json: bool) -> None:
    plugins, root, _lang = _plugins_and_root(obj)
    # Call every hook once (a sample meeting of each type), so a plugin that raises shows here.
    from ..documents.sample import check_plugins

    check_plugins(plugins, obj.workspace if root is not None else None)
    infos = [i.as_dict() for i in plugins.infos.values()]
    if as_json:
        echo_json(infos)
        return
    echo_table(
        [pgettext("plugins table", "name"), _("source"), _("version"), _("status"), _("hooks")],
        [
            [
                i["name"],
                _source_text(i["source"]),
                i["version"] or "",
                _("ok") if not i["error"] else _("failed: {error}").format(error=i["error"]),
                ",".join(h.replace("meetkit_", "") for h in i["hooks"]),
            ]
            for i in infos
        ],
    )


def _source_text(source: str) -> str:
    """Where a plugin comes from, in words: built-in, entry point (dist), local (path)."""
    import re

    found = re.fullmatch(r"(entry point|local) \((.*)\)", source, re.S)
    if source == "built-in":
        return _("built-in")
    if found and found[1] == "entry point":
        return _("entry point ({package})").format(package=found[2])
    if found:
        return _("local ({path})").format(path=found[2])
    return source
