"""``/admin/settings``: the fields of meetkit.toml a secretary edits, checked with the same
schema (``meetkit.config.SETTINGS``, ``load_config``) and written back in place: only the
value of a changed key is replaced, so comments and the rest of the file stay as they were.

(tomlkit would keep a file's comments too, but meetkit doesn't depend on it; a key's line is
found by the TOML parser itself, ``config.line_in_text``.)"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from flask import flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from ..errors import MeetkitError
from ..web import site
from .blueprint import bp
from .words import console_words

if TYPE_CHECKING:
    from ..workspace import Workspace

# (section, key) a secretary edits, in the order shown
EDITABLE = (
    ("branch", "name"),
    ("branch", "secretary"),
    ("branch", "organizer"),
    ("branch", "higher_org"),
    ("branch", "place"),
    ("branch", "lang"),
    ("meeting", "start_time"),
    ("meeting", "late_grace_minutes"),
    ("signin", "public_url"),
    ("signin", "port"),
)
_VALUE = re.compile(
    r'^(?P<head>\s*[A-Za-z0-9_"-]+\s*=\s*)(?P<value>"(?:[^"\\]|\\.)*"|[^#\s]+)(?P<tail>.*)$'
)


def toml_value(kind: type, text: str) -> str:
    """``text`` as a TOML value of ``kind`` (a number stays as typed, to be checked)."""
    if kind is int:
        text = text.strip()
        return text if re.fullmatch(r"-?\d{1,9}", text) else json.dumps(text, ensure_ascii=False)
    if kind is bool:
        return "true" if text.strip().lower() in ("true", "1", "on", "yes") else "false"
    return json.dumps(text, ensure_ascii=False)


def set_value(text: str, section: str, key: str, value: str) -> str:
    """``text`` (meetkit.toml) with ``[section] key = value``: the value replaced on its line
    (a comment after it kept), or the key added under its table, or the table added."""
    from ..config import line_in_text

    lines = text.splitlines()
    number = line_in_text(text, section, key)
    if number:
        line = lines[number - 1]
        match = _VALUE.match(line)
        if match:
            lines[number - 1] = match["head"] + value + match["tail"]
            return "\n".join(lines) + "\n"
    header = next(
        (i for i, line in enumerate(lines) if line.strip() == f"[{section}]"),
        None,
    )
    if header is None:
        lines += ["", f"[{section}]", f"{key} = {value}"]
    else:
        lines.insert(header + 1, f"{key} = {value}")
    return "\n".join(lines) + "\n"


def _fields(ws: Workspace) -> list[dict]:
    from ..config import SETTINGS

    schema = {(s.section, s.key): s for s in SETTINGS}
    out = []
    for section, key in EDITABLE:
        row = schema[(section, key)]
        value = ws.config.setting(section, key)
        out.append(
            {
                "name": f"{section}.{key}",
                "section": section,
                "key": key,
                "kind": row.kind,
                "value": "" if value is None else str(value),
            }
        )
    return out


@bp.get("/settings")
def settings() -> ResponseReturnValue:
    ws = site().workspace
    return render_template(
        "console/settings.html",
        fields=_fields(ws),
        given={},
        field="",
        error="",
        command="meetkit.toml",
    )


@bp.post("/settings")
def settings_save() -> ResponseReturnValue:
    """Check the new values with ``load_config`` on a copy; only then replace meetkit.toml."""
    from ..config import load_config
    from ..files import atomic_write_text

    ws = site().workspace
    c = console_words(g.lang)
    fields = _fields(ws)
    text = ws.config_path.read_text(encoding="utf-8")
    new = text
    changed = []
    for f in fields:
        sent = request.form.get(f["name"])
        if sent is None or sent.strip() == f["value"]:
            continue
        new = set_value(new, f["section"], f["key"], toml_value(f["kind"], sent.strip()))
        changed.append(f["name"])
    if changed:
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / "meetkit.toml"
            copy.write_text(new, encoding="utf-8")
            try:
                load_config(copy)
            except MeetkitError as exc:
                error = str(exc).replace(str(copy), ws.config_path.name)
                wrong = next(
                    (n for n in changed if re.search(rf"\b{n.split('.')[1]}\b", error)), ""
                )
                return render_template(
                    "console/settings.html",
                    fields=fields,
                    given={f["name"]: request.form.get(f["name"], f["value"]) for f in fields},
                    field=wrong,
                    error=error,
                    command="meetkit.toml",
                ), 400
        atomic_write_text(ws.config_path, new)
        ws.__dict__.pop("config", None)
        ws.__dict__.pop("members", None)
        flash(c["settings_saved"].format(keys=", ".join(changed)), "ok")
    else:
        flash(c["nothing_changed"], "info")
    return redirect(url_for("console.settings"), 303)
