"""``/admin/``: what is due. This period's required meetings per type against those held (the
ledger's rule: ``meetkit ledger``), the next meetings, overdue and open actions (``meetkit
actions``), the coming life meeting's preparation, the roster's problems (``meetkit members``),
and warnings (printed QR codes pointing at an address this server no longer has)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import g, render_template
from flask.typing import ResponseReturnValue

from .. import clock
from ..web import site
from .blueprint import bp

if TYPE_CHECKING:
    import datetime as dt

    from ..workspace import Workspace

RECENT = 12  # meetings held listed under the next ones (the meetings page has them all)


@bp.get("")
@bp.get("/")
def home() -> ResponseReturnValue:
    """The console's first page."""
    ws = site().workspace
    today = clock.today()
    near = nearby(ws, today)
    coming = [m for m in near if m.date >= today and not m.cancelled]
    return render_template(
        "console/home.html",
        due=due_now(ws, today),
        upcoming=coming[:5],
        rows=meeting_rows(ws, list(reversed([m for m in near if m.date <= today]))[:RECENT]),
        actions=open_actions(ws, today),
        life=life_preparation(ws, coming),
        roster=roster_problems(ws),
        warnings=warnings(ws, coming),
        returned=returned(ws),
        due_full=due_full_membership(ws),
    )


def nearby(ws: Workspace, today: dt.date) -> list:
    """This year's and next year's meetings, and last year's when this year has few yet:
    what the first page shows, without reading ten years of meetings."""
    near = ws.store.list_meetings(year=today.year)
    if sum(1 for m in near if m.date <= today) < RECENT:
        near = ws.store.list_meetings(year=today.year - 1) + near
    return near + ws.store.list_meetings(year=today.year + 1)


def due_now(ws: Workspace, today: dt.date) -> list[dict[str, Any]]:
    """Each required type's period that holds today: needed, held, planned. The ledger's rule
    (``meetkit ledger``: ``ledger.requirements`` and ``ledger.type_row``), for this year's
    meetings only."""
    from ..reports import ledger

    types = ws.plugins.types
    reqs = ledger.requirements(ws, types)
    start = ledger.since(ws)
    by_type: dict[tuple[str, str], list] = {}
    for m in ws.store.list_meetings(year=today.year):
        if ledger.is_cancelled(m):
            continue
        t = types.get(m.type)
        group = m.group if (t is not None and t.attendees == "group") else ""
        by_type.setdefault((m.type, group), []).append(m.date)
    groups = list(dict.fromkeys(m.group for m in ws.members if m.group))
    out = []
    for key, t in types.items():
        for group in groups if t.attendees == "group" else [""]:
            row = ledger.type_row(
                key,
                t.title(g.lang),
                group,
                reqs[key],
                by_type.get((key, group), []),
                today.year,
                today,
                start,
            )
            for p in row.periods:
                if p.start <= today <= p.end and p.need:
                    out.append(
                        {
                            "name": row.name + (f"（{group}）" if group else ""),
                            "key": key,
                            "period": p.key,
                            "need": p.need,
                            "held": p.held,
                            "planned": p.planned,
                            "status": p.status,
                            "end": p.end.isoformat(),
                        }
                    )
    return out


def meeting_rows(ws: Workspace, meetings: list) -> list[dict[str, Any]]:
    """Each meeting with its type and its attendance (应到, 实到), counted for each year's
    meetings at once by the ledger's one rule (``ledger.attendance``), as the minutes count."""
    from ..reports import ledger

    today = clock.today()
    counted: dict[str, Any] = {}
    for year in sorted({m.date.year for m in meetings}):
        of_year = [m for m in meetings if m.date.year == year]
        rows, _members = ledger.attendance(
            of_year,
            ws.store.ledger_rows(year),
            [],
            ws.plugins.types,
            g.lang,
            ws.config.exclude_away,
        )
        counted.update((r.id, r) for r in rows)
    return [
        {
            "m": m,
            "type": ws.plugins.types.get(m.type),
            "signins": counted[m.id].attended,
            "expected": counted[m.id].expected,
            "today": m.date == today,
        }
        for m in meetings
    ]


def open_actions(ws: Workspace, today: dt.date) -> dict[str, Any]:
    """Open action items, the overdue ones first (``meetkit actions --open``)."""
    from ..followup import actions

    opened = actions.listing(ws, "open", today=today)
    shown = actions.rows(ws, opened, g.lang, today=today)
    overdue = [r for r, a in zip(shown, opened, strict=True) if a.due and a.due < today]
    return {"overdue": overdue, "open": len(opened)}


def life_preparation(ws: Workspace, coming: list) -> dict[str, Any] | None:
    """The coming democratic life meeting (or organizational life meeting): its opinion page,
    the talks held against the members to cover, the self-inspection templates written."""
    from ..life import opinions, talks

    life = [m for m in coming if ws.plugins.uses(m, "opinions")]
    if not life:
        return None
    m = life[0]
    cover = talks.coverage(ws, m)
    folder = ws.meeting_folder(m)
    return {
        "m": m,
        "opinions_open": opinions.is_open(ws, m),
        "opinions": len(ws.store.opinions(m.id)),
        "covered": cover["members_covered"],
        "total": cover["members_total"],
        "selfchecks": len(list((folder / "selfcheck").glob("*.docx"))),
    }


def roster_problems(ws: Workspace) -> list[str]:
    """What ``meetkit members`` prints on stderr."""
    from .members import problems

    return problems(ws)


def warnings(ws: Workspace, coming: list) -> dict[str, Any]:
    """Printed sign-in sheets whose QR points at an address this server no longer has."""
    from ..attendance.tokens import public_url

    printed = public_url(ws.config).rstrip("/")
    here = site().public_url.rstrip("/")
    if printed == here or here.startswith("http://127.0.0.1"):
        return {}
    stale = coming
    return {"printed": printed, "here": here, "meetings": stale} if stale else {}


def returned(ws: Workspace) -> list[str]:
    """The committee's opinions not yet answered by a new bundle (issue 23), in words."""
    from ..bundle.opinions import open_opinions
    from ..i18n import gettext_for

    said = gettext_for(ws.config.lang)
    return [
        said("Returned by {committee} on {period} ({date}): {opinion}").format(
            committee=o["committee"],
            period=o["period"],
            date=o["created"][:10],
            opinion=o["opinion"],
        )
        for o in open_opinions(ws)
    ]


def due_full_membership(ws: Workspace) -> list[dict[str, str]]:
    """Probationary members due for 转正 within 60 days (``meetkit list``'s footer)."""
    from ..development.timeline import due_for_full_membership

    return [{"name": n, "date": d.isoformat()} for n, d in due_for_full_membership(ws)]


@bp.post("/reprint")
def reprint() -> ResponseReturnValue:
    """The printed codes point at this server again: ``[signin] public_url`` set to the address
    it serves at (meetkit.toml's comments kept), then ``meetkit update ID`` for every upcoming
    meeting, which reprints its sign-in sheet."""
    from flask import flash, redirect, url_for

    from ..documents.pack import Options, update
    from ..errors import MeetkitError
    from ..files import atomic_write_text
    from .settings import set_value, toml_value
    from .words import console_words

    ws = site().workspace
    c = console_words(g.lang)
    text = ws.config_path.read_text(encoding="utf-8")
    atomic_write_text(
        ws.config_path, set_value(text, "signin", "public_url", toml_value(str, site().public_url))
    )
    ws.__dict__.pop("config", None)
    done = 0
    for m in [m for m in nearby(ws, clock.today()) if m.date >= clock.today() and not m.cancelled]:
        try:
            update(ws, m.id, Options())
            done += 1
        except MeetkitError as exc:
            flash(str(exc), "error")
        site().forget(m.id)
    flash(c["reprinted"].format(n=done, url=site().public_url), "ok")
    return redirect(url_for("console.home"), 303)
