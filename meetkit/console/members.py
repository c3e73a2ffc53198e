"""``/admin/members``: the roster as meetkit reads it, with its problems (``meetkit members``);
a new members.xlsx or .csv uploaded (each bad row named, nothing changed until the file is
clean); a member's page with the history (``meetkit member``)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from .. import clock
from ..errors import MeetkitError
from ..web import site
from .blueprint import bp
from .words import console_words

if TYPE_CHECKING:
    from ..workspace import Workspace

SUFFIXES = (".xlsx", ".csv")


def problems(ws: Workspace) -> list[str]:
    """The roster's problems as ``meetkit members`` prints them (none when it can't be read:
    then the one error)."""
    from ..members import roster_report

    try:
        return roster_report(ws)[3]
    except MeetkitError as exc:
        return [str(exc)]


@bp.get("/members")
def members() -> ResponseReturnValue:
    """The roster and its problems."""
    from ..members import roster_report
    from ..roster import role_text, status_text

    ws = site().workspace
    try:
        roster, names, notes, found = roster_report(ws)
    except MeetkitError as exc:
        roster, names, notes, found = [], {}, [], [str(exc)]
    rows = [
        {
            "id": m.id,
            "label": names.get(m.id, m.name),
            "status": status_text(m.status, g.lang),
            "away": m.away,
            "group": m.group,
            "role": role_text(m.role, g.lang),
            "note": m.note,
        }
        for m in roster
    ]
    return render_template(
        "console/members.html",
        rows=rows,
        notes=notes,
        problems=found,
        file=ws.roster_path.name,
        errors=[],
        command="meetkit members",
    )


@bp.post("/members/upload")
def members_upload() -> ResponseReturnValue:
    """Check an uploaded roster with ``meetkit members``'s reader; only a clean one replaces
    the workspace's (written atomically, as the same kind of file: .xlsx or .csv)."""
    from ..files import atomic_write_bytes
    from ..members import config_problems
    from ..roster import read_roster

    ws = site().workspace
    c = console_words(g.lang)
    upload = request.files.get("roster")
    name = (upload.filename or "") if upload else ""
    suffix = Path(name).suffix.lower()
    if not upload or suffix not in SUFFIXES:
        flash(c["roster_kind"].format(name=name or "—"), "error")
        return redirect(url_for("console.members"), 303)
    data = upload.read()
    errors: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"members{suffix}"
        path.write_bytes(data)
        try:
            read = read_roster(path, errors)
        except MeetkitError as exc:
            read = []
            errors.append(str(exc))
        if not errors:
            errors += config_problems(ws.config, read, ws.config_path)
    errors = [e.replace(str(Path(tmp) / f"members{suffix}"), name) for e in errors]
    if errors:
        return render_template(
            "console/members.html",
            rows=[],
            notes=[],
            problems=[],
            file=ws.roster_path.name,
            errors=errors,
            uploaded=name,
            command="meetkit members",
        ), 400
    target = ws.root / f"members{suffix}"
    other = ws.root / ("members.csv" if suffix == ".xlsx" else "members.xlsx")
    atomic_write_bytes(target, data)
    if other.exists():  # one roster: the old one of the other kind is kept aside
        other.replace(other.with_name(other.name + ".old"))
    ws.__dict__.pop("members", None)  # read again on the next use
    site()._cache.clear()
    flash(c["roster_replaced"].format(n=len(read), file=target.name), "ok")
    return redirect(url_for("console.members"), 303)


@bp.get("/members/<member_id>")
def member(member_id: str) -> ResponseReturnValue:
    """One member's history: ``meetkit member --member ID``."""
    from ..meetings.history import member_history
    from ..members import by_id
    from ..roster import status_text

    ws = site().workspace
    if len(member_id) > 80:
        abort(404)
    try:
        who = by_id(ws.members, member_id)
    except MeetkitError:
        abort(404)
    # One year at a time (this one first): ten years at once is the terminal's default and
    # is slower than a page should be (bench/console.py); "all" shows them all.
    years = sorted(set(ws.store.meeting_years()) | {clock.today().year}, reverse=True)
    asked = request.args.get("year", "")
    year = None if asked == "all" else int(asked) if asked.isdigit() else clock.today().year
    data = member_history(ws, who, year)
    return render_template(
        "console/member.html",
        data=data,
        status=status_text(data["status"], g.lang),
        years=years,
        year=year,
        command=f"meetkit member --member {who.id}" + (f" --year {year}" if year else ""),
    )
