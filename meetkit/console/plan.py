"""``/admin/plan``: the year's proposed meetings (``meetkit plan --year``), plan-YEAR.docx and
.ics written and downloadable, and every one prepared (``meetkit plan --prepare``), with what
was prepared shown after."""

from __future__ import annotations

import tempfile
from pathlib import Path

from flask import abort, flash, g, redirect, render_template, request, send_file, url_for
from flask.typing import ResponseReturnValue

from .. import clock
from ..errors import MeetkitError
from ..web import site
from .blueprint import bp
from .words import console_words


def _year(value: str | None) -> int:
    value = value or ""
    return int(value) if value.isdigit() and len(value) == 4 else clock.today().year


@bp.get("/plan")
def plan() -> ResponseReturnValue:
    """The proposal, marked with what is prepared already."""
    from ..reports import plan as plan_mod

    ws = site().workspace
    year = _year(request.args.get("year"))
    try:
        planned = plan_mod.propose(ws, year)
        error = ""
    except MeetkitError as exc:
        planned, error = [], str(exc)
    done = sum(1 for p in planned if p.prepared)
    from . import jobs

    job = jobs.get(f"plan-{year}")
    if job is not None and not job.running and job.result is not None:
        made, skipped = job.result
        flash(
            console_words(g.lang)["plan_prepared"].format(made=len(made), skipped=len(skipped)),
            "ok",
        )
        job.result = None  # said once
    if job is not None and job.error:
        flash(job.error, "error")
        job.error = ""
    return render_template(
        "console/plan.html",
        planned=planned,
        year=year,
        done=done,
        job=job if job is not None and job.running else None,
        error=error,
        command=f"meetkit plan --year {year}",
    )


@bp.get("/plan/plan-<int:year>.<kind>")
def plan_file(year: int, kind: str) -> ResponseReturnValue:
    """plan-YEAR.docx or plan-YEAR.ics, written by ``plan.write``."""
    from ..reports import plan as plan_mod

    if kind not in ("docx", "ics") or not 1900 < year < 3000:
        abort(404)
    ws = site().workspace
    import io

    with tempfile.TemporaryDirectory() as tmp:
        paths = plan_mod.write(ws, year, Path(tmp))
        path = next(p for p in paths if p.suffix == f".{kind}")
        data = path.read_bytes()
    return send_file(io.BytesIO(data), as_attachment=True, download_name=path.name)


@bp.post("/plan/prepare")
def plan_prepare() -> ResponseReturnValue:
    """``meetkit plan --year YEAR --prepare``: every planned meeting not prepared yet, in a job
    of its own; the plan page shows its progress (``plan.prepare_all``'s progress callback,
    the one the command's progress bar uses)."""
    from ..reports import plan as plan_mod
    from . import jobs

    ws = site().workspace
    year = _year(request.form.get("year"))
    try:
        planned = plan_mod.propose(ws, year)
    except MeetkitError as exc:
        flash(str(exc), "error")
        return redirect(url_for("console.plan", year=year), 303)

    def work(job: jobs.Job) -> tuple[list[str], list[str]]:
        def step(_item: object) -> None:
            job.done += 1

        return plan_mod.prepare_all(ws, planned, progress=step)

    jobs.start(f"plan-{year}", len(planned), work)
    return redirect(url_for("console.plan", year=year), 303)
