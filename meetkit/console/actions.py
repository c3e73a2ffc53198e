"""``/admin/actions``: the action items (``meetkit actions --open|--overdue|--all``); add one
(``meetkit action add``), mark one done with a note and who confirmed it (``meetkit action
done --note --by``), read a filled-in Word list back (``meetkit actions import ID``)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from flask import flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from .. import clock
from ..errors import MeetkitError
from ..web import site
from .blueprint import bp
from .words import console_words

WHICH = ("open", "overdue", "all")


@bp.get("/actions")
def actions() -> ResponseReturnValue:
    """The list, with the forms."""
    from ..followup import actions as act

    ws = site().workspace
    which = request.args.get("which", "open")
    which = which if which in WHICH else "open"
    today = clock.today()
    listed = act.listing(ws, which, today=today)
    # Every action ever decided is one year at a time (this one first), as the ledger does.
    years = sorted({(a.meeting_date or today).year for a in listed} | {today.year}, reverse=True)
    year = None
    if which == "all":
        asked = request.args.get("year", "")
        year = int(asked) if asked.isdigit() else today.year
        listed = [a for a in listed if (a.meeting_date or today).year == year]
    near = ws.store.list_meetings(year=today.year) + ws.store.list_meetings(year=today.year + 1)
    meetings = list(reversed(near))[:60]
    return render_template(
        "console/actions.html",
        rows=act.rows(ws, listed, g.lang, today=today),
        which=which,
        whiches=WHICH,
        years=years,
        year=year,
        meetings=meetings,
        kinds=act.KINDS,
        command=f"meetkit actions --{which}",
    )


def _back() -> ResponseReturnValue:
    return redirect(url_for("console.actions", which=request.form.get("which", "open")), 303)


@bp.post("/actions/add")
def actions_add() -> ResponseReturnValue:
    """``meetkit action add ID TEXT --owner --due``."""
    from ..followup import actions as act

    ws = site().workspace
    c = console_words(g.lang)
    form = request.form
    try:
        added = act.add(
            ws,
            form.get("meeting", ""),
            form.get("text", ""),
            form.get("owner", ""),
            form.get("due") or None,
            form.get("kind") or "task",
            form.get("measures", ""),
        )
    except MeetkitError as exc:
        flash(str(exc), "error")
    else:
        flash(c["action_added"].format(id=added.id), "ok")
    return _back()


@bp.post("/actions/<int:action_id>/done")
def actions_done(action_id: int) -> ResponseReturnValue:
    """``meetkit action done N --note --by``."""
    from ..followup import actions as act

    ws = site().workspace
    c = console_words(g.lang)
    try:
        action, _was = act.done(
            ws, action_id, request.form.get("note") or None, request.form.get("by") or None
        )
    except MeetkitError as exc:
        flash(str(exc), "error")
    else:
        flash(c["action_done"].format(id=action.id), "ok")
    return _back()


@bp.post("/actions/import")
def actions_import() -> ResponseReturnValue:
    """``meetkit actions import ID FILE``: the filled-in action list read back from Word."""
    from ..followup import actions as act

    ws = site().workspace
    c = console_words(g.lang)
    upload = request.files.get("file")
    name = (upload.filename or "") if upload else ""
    if not upload or not name.lower().endswith(".docx"):
        flash(c["docx_only"].format(name=name or "—"), "error")
        return _back()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / Path(name).name
        path.write_bytes(upload.read())
        try:
            report = act.import_document(ws, request.form.get("meeting", ""), path)
        except MeetkitError as exc:
            flash(str(exc).replace(str(path), name), "error")
            return _back()
    flash(
        c["imported"].format(
            added=len(report.added), updated=len(report.updated), skipped=len(report.skipped)
        ),
        "ok",
    )
    for number, reason in report.skipped:
        flash(f"{name}:{number}: {reason}", "error")
    return _back()
