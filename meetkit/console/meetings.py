"""``/admin/meetings``: the meetings by year and type (``meetkit list``), and
``/admin/meetings/new``: a meeting prepared from a form whose fields are ``meetkit prepare``'s
options, with the defaults ``prepare`` would choose shown; refused, the form comes back as
typed with the wrong field named."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from flask import redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from .. import clock
from ..errors import MeetkitError
from ..web import site
from .blueprint import bp

if TYPE_CHECKING:
    from werkzeug.datastructures import MultiDict

    from ..workspace import Workspace

FIELDS = ("date", "time", "place", "topic", "host", "recorder", "lecturer", "group", "lang")
REPEATED = ("item", "vote")
MAX_REPEATED = 20


@bp.get("/meetings")
def meetings() -> ResponseReturnValue:
    """Every meeting of a year (and a type), as ``meetkit list --year --type`` lists them."""
    from .home import meeting_rows

    ws = site().workspace
    years = sorted({m.date.year for m in ws.store.list_meetings()}, reverse=True)
    year = _int(request.args.get("year")) or (years[0] if years else clock.today().year)
    type_key = request.args.get("type") or None
    if type_key and type_key not in ws.plugins.types:
        type_key = None
    listed = list(reversed(ws.store.list_meetings(year=year, type=type_key)))
    command = f"meetkit list --year {year}" + (f" --type {type_key}" if type_key else "")
    return render_template(
        "console/meetings.html",
        rows=meeting_rows(ws, listed),
        years=years,
        year=year,
        type_key=type_key or "",
        types=ws.plugins.types,
        command=command,
    )


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) == 4 else None


def form_options(form: MultiDict[str, str]) -> Any:
    """``prepare``'s Options from the form (empty fields: the default)."""
    from ..documents.pack import Options

    values = {f: (form.get(f) or "").strip() or None for f in FIELDS}
    return Options(
        **values,
        items=tuple(x.strip() for x in form.getlist("item")[:MAX_REPEATED] if x.strip()),
        votes=tuple(x.strip() for x in form.getlist("vote")[:MAX_REPEATED] if x.strip()),
    )


def wrong_field(message: str, fields: tuple[str, ...] = ("type", *FIELDS, *REPEATED)) -> str:
    """The form field a refusal names (its option, ``--date``), else ``""``."""
    for f in fields:
        if re.search(rf"--{f}\b", message):
            return f
    return ""


def defaults(ws: Workspace, type_key: str) -> dict[str, str]:
    """What ``prepare`` would choose for ``type_key`` with no options (``pack.settle``)."""
    from ..documents.pack import Options, settle

    try:
        draft, _expected, _assumed = settle(ws, ws.plugins.meeting_type(type_key), Options())
    except MeetkitError:
        return {}
    return {
        f: str(getattr(draft, f) or "")
        for f in ("date", "time", "place", "topic", "host", "recorder", "lecturer", "group", "lang")
    }


@bp.route("/meetings/new", methods=["GET", "POST"])
def new_meeting() -> ResponseReturnValue:
    """The form (GET, ``?type=`` to see another type's defaults) and ``prepare`` (POST)."""
    from ..documents.pack import prepare

    ws = site().workspace
    types = ws.plugins.types
    form = request.form if request.method == "POST" else request.args
    type_key = form.get("type") or next(iter(types), "")
    error = field = ""
    if request.method == "POST":
        try:
            if type_key not in types:
                raise MeetkitError(f"--type: {type_key!r}")
            result = prepare(ws, type_key, form_options(form))
        except MeetkitError as exc:
            error = str(exc)
            field = wrong_field(error) or ("type" if type_key not in types else "")
        else:
            return redirect(url_for("console.meeting", meeting_id=result.meeting.id), 303)
    return render_template(
        "console/new.html",
        types=types,
        type_key=type_key,
        given={f: form.get(f, "") for f in FIELDS},
        items=[x for x in form.getlist("item") if x.strip()][:MAX_REPEATED],
        votes=[x for x in form.getlist("vote") if x.strip()][:MAX_REPEATED],
        shown=defaults(ws, type_key) if type_key in types else {},
        groups=sorted({m.group for m in ws.members if m.group}),
        names=[m.label for m in ws.members],
        error=error,
        field=field,
        command=f"meetkit prepare {type_key or 'TYPE'} --date … --time … --place … --item … --vote …",
    ), (400 if error else 200)
