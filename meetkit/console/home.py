"""``/admin/``: what is due. This period's required meetings per type against those held (the
ledger's rule: ``meetkit ledger``), the next meetings, overdue and open actions (``meetkit
actions``), the coming life meeting's preparation, the roster's problems (``meetkit members``),
and warnings (printed QR codes pointing at an address this server no longer has)."""

from __future__ import annotations

from typing import Any

from flask import g, render_template
from flask.typing import ResponseReturnValue

from .. import clock
from ..web import site
from . import bp

RECENT = 12  # meetings listed under the next ones (the meetings page has them all)


@bp.get("")
@bp.get("/")
def home() -> ResponseReturnValue:
    """The console's first page."""
    ws = site().workspace
    today = clock.today()
    return render_template(
        "console/home.html",
        due=due_now(ws, today),
        upcoming=upcoming(ws, today),
        rows=meeting_rows(ws, recent(ws, today)),
        actions=open_actions(ws, today),
        life=life_preparation(ws, today),
        roster=roster_problems(ws),
        warnings=warnings(ws, today),
        returned=returned(ws),
        due_full=due_full_membership(ws),
    )


def due_now(ws, today) -> list[dict[str, Any]]:
    """Each required type's period that holds today: needed, held, planned (``meetkit.ledger``)."""
    from .. import ledger

    built = ledger.build(ws, today.year, lang=g.lang, today=today)
    out = []
    for t in built.types:
        for p in t.periods:
            if p.start <= today <= p.end and p.need:
                out.append(
                    {
                        "name": t.name + (f"（{t.group}）" if t.group else ""),
                        "key": t.key,
                        "period": p.key,
                        "need": p.need,
                        "held": p.held,
                        "planned": p.planned,
                        "status": p.status,
                        "end": p.end.isoformat(),
                    }
                )
    return out


def upcoming(ws, today, n: int = 5) -> list:
    """The next ``n`` meetings not called off."""
    return [m for m in ws.store.list_meetings() if m.date >= today and not m.cancelled][:n]


def recent(ws, today) -> list:
    """The meetings of the last months and the coming ones, newest first."""
    meetings = ws.store.list_meetings()
    return list(reversed(meetings))[:RECENT]


def meeting_rows(ws, meetings: list) -> list[dict[str, Any]]:
    """Each meeting with its type and its attendance as the minutes count it (应到, 实到)."""
    from .. import attendance as att

    today = clock.today()
    rows = []
    for m in meetings:
        summary = att.load(ws, m, g.lang)
        rows.append(
            {
                "m": m,
                "type": ws.plugins.types.get(m.type),
                "signins": summary["attended"],
                "expected": summary["expected"],
                "today": m.date == today,
            }
        )
    return rows


def open_actions(ws, today) -> dict[str, Any]:
    """Open action items, the overdue ones first (``meetkit actions --open``)."""
    from .. import actions

    opened = actions.listing(ws, "open", today=today)
    shown = actions.rows(ws, opened, g.lang, today=today)
    overdue = [r for r, a in zip(shown, opened, strict=True) if a.due and a.due < today]
    return {"overdue": overdue, "open": len(opened)}


def life_preparation(ws, today) -> dict[str, Any] | None:
    """The coming democratic life meeting (or organizational life meeting): its opinion page,
    the talks held against the members to cover, the self-inspection templates written."""
    from .. import opinions, talks

    coming = [
        m
        for m in ws.store.list_meetings()
        if m.date >= today and not m.cancelled and m.type in LIFE_TYPES
    ]
    if not coming:
        return None
    m = coming[0]
    cover = talks.coverage(ws, m)
    folder = ws.meeting_folder(m)
    return {
        "m": m,
        "opinions_open": opinions.is_open(ws, m),
        "opinions": len(ws.store.opinions(m.id)),
        "covered": cover["members_covered"],
        "total": cover["members_total"],
        "selfchecks": len(list(folder.glob("selfcheck*.docx"))) if folder.is_dir() else 0,
    }


LIFE_TYPES = ("life", "democratic-life")


def roster_problems(ws) -> list[str]:
    """What ``meetkit members`` prints on stderr."""
    from .members import problems

    return problems(ws)


def warnings(ws, today) -> dict[str, Any]:
    """Printed sign-in sheets whose QR points at an address this server no longer has."""
    from ..tokens import public_url

    printed = public_url(ws.config).rstrip("/")
    here = site().public_url.rstrip("/")
    if printed == here or here.startswith("http://127.0.0.1"):
        return {}
    stale = upcoming(ws, today, n=1000)
    return {"printed": printed, "here": here, "meetings": stale} if stale else {}


def returned(ws) -> list[str]:
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


def due_full_membership(ws) -> list[dict[str, str]]:
    """Probationary members due for 转正 within 60 days (``meetkit list``'s footer)."""
    from ..development.timeline import due_for_full_membership

    return [{"name": n, "date": d.isoformat()} for n, d in due_for_full_membership(ws)]


@bp.post("/reprint")
def reprint() -> ResponseReturnValue:
    """The printed codes point at this server again: ``[signin] public_url`` set to the address
    it serves at (meetkit.toml's comments kept), then ``meetkit update ID`` for every upcoming
    meeting, which reprints its sign-in sheet."""
    from flask import flash, redirect, url_for

    from ..errors import MeetkitError
    from ..files import atomic_write_text
    from ..pack import Options, update
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
    for m in upcoming(ws, clock.today(), n=1000):
        try:
            update(ws, m.id, Options())
            done += 1
        except MeetkitError as exc:
            flash(str(exc), "error")
        site().forget(m.id)
    flash(c["reprinted"].format(n=done, url=site().public_url), "ok")
    return redirect(url_for("console.home"), 303)
