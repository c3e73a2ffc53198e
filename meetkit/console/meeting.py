"""``/admin/meetings/<id>``: one meeting. Its details (edit: ``meetkit update``), its documents
(each a download under ``files/``, the PDF: ``meetkit export --pdf``, all as one zip), the live
sign-in (the dashboard's forms and table, meetkit.web.admin), the votes (``meetkit vote``,
``meetkit ballot open|close`` with 已投票 N/M), the minutes with the end time (``meetkit
minutes --end``), photos and attachments (``meetkit attach``), cancel (``meetkit cancel``) and
delete (``meetkit delete``). The appraisal and the life meeting's cycle are in
``meeting_life``."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask import abort, flash, g, redirect, render_template, request, send_file, url_for
from flask.typing import ResponseReturnValue

from ..attendance import rules as att
from ..errors import MeetkitError
from ..web import site
from ..web.rules import load_meeting
from .blueprint import back, bp
from .meetings import FIELDS, form_options, wrong_field
from .words import console_words

if TYPE_CHECKING:
    from ..model.meeting import Meeting
    from ..workspace import Workspace


def documents(ws: Workspace, meeting: Meeting) -> list[dict[str, Any]]:
    """Every file in the meeting's folder (documents, PDFs, attachments), by path."""
    folder = ws.meeting_folder(meeting)
    if not folder.is_dir():
        return []
    out = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if path.is_file() and not any(p.startswith((".", "~$")) for p in rel.parts):
            out.append({"name": rel.as_posix(), "size": path.stat().st_size})
    return out


@bp.get("/meetings/<meeting_id>")
def meeting(meeting_id: str) -> ResponseReturnValue:
    """The meeting's page."""
    from ..decisions import ballots
    from ..decisions import votes as decisions
    from ..web.admin import _table_context
    from ..web.pages import meeting_info
    from .meeting_life import appraisal_context, life_context

    cached = load_meeting(meeting_id)
    ws = site().workspace
    m = ws.meeting(cached.meeting.id)
    signed = {s.name for s in ws.store.signins(m.id)}
    meeting_type = ws.plugins.types.get(m.type)
    job = _pdf_job(m.id)
    return render_template(
        "console/meeting.html",
        m=meeting_info(cached, g.lang),
        meeting=m,
        meeting_type=meeting_type,
        kinds=att.KINDS,
        unsigned=[x.label for x in cached.expected if x.id not in signed],
        names=[x.label for x in cached.expected],
        files=documents(ws, m),
        votes=decisions.results(ws, m),
        ballot=ballots.current(ws, m),
        given={f: str(getattr(m, f) or "") for f in FIELDS},
        appraisal=appraisal_context(ws, m, cached.expected),
        life=life_context(ws, m),
        command=f"meetkit show {m.id}",
        job=job,
        **_table_context(cached),
    )


def _file(ws: Workspace, meeting: Meeting, name: str) -> Path:
    """``name`` inside the meeting's folder, or 404: a path can't leave the folder (no ``..``,
    no absolute path, no link pointing out)."""
    folder = ws.meeting_folder(meeting).resolve()
    if not name or "\\" in name or name.startswith("/") or "\x00" in name:
        abort(404)
    path = (folder / name).resolve()
    if not path.is_relative_to(folder) or not path.is_file():
        abort(404)
    if any(p.startswith(".") for p in path.relative_to(folder).parts):
        abort(404)
    return path


@bp.get("/meetings/<meeting_id>/files/<path:name>")
def file(meeting_id: str, name: str) -> ResponseReturnValue:
    """One of the meeting's files, downloaded under its own name."""
    cached = load_meeting(meeting_id)
    path = _file(site().workspace, cached.meeting, name)
    return send_file(path, as_attachment=True, download_name=path.name, max_age=0)


@bp.get("/meetings/<meeting_id>/documents.zip")
def documents_zip(meeting_id: str) -> ResponseReturnValue:
    """All of the meeting's files as one zip, named after the meeting."""
    cached = load_meeting(meeting_id)
    ws = site().workspace
    folder = ws.meeting_folder(cached.meeting)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for f in documents(ws, cached.meeting):
            z.write(folder / f["name"], f"{cached.meeting.id}/{f['name']}")
    buf.seek(0)
    return send_file(
        buf,
        as_attachment=True,
        download_name=f"{cached.meeting.id}.zip",
        mimetype="application/zip",
    )


@bp.post("/meetings/<meeting_id>/xlsx")
def xlsx(meeting_id: str) -> ResponseReturnValue:
    """``meetkit export ID --xlsx``: attendance.xlsx in the meeting's folder (then listed with
    the documents, downloadable)."""
    from ..reports.spreadsheet import write_attendance

    cached = load_meeting(meeting_id)
    ws = site().workspace
    meeting = ws.meeting(cached.meeting.id)
    path = write_attendance(ws, meeting, ws.meeting_folder(meeting) / "attendance.xlsx")
    flash(console_words(g.lang)["wrote_files"].format(files=path.name), "ok")
    return back(meeting.id, "#documents")


@bp.post("/meetings/<meeting_id>/pdf")
def pdf(meeting_id: str) -> ResponseReturnValue:
    """``meetkit export ID --pdf``: each document as PDF and print.pdf, in the meeting's
    folder. LibreOffice takes seconds: it runs as a job, the page shows it running."""
    from ..reports.pdf import export
    from . import jobs

    cached = load_meeting(meeting_id)
    ws = site().workspace
    meeting = ws.meeting(cached.meeting.id)

    def work(job: jobs.Job) -> list:
        written = export(ws, meeting, ws.meeting_folder(meeting))
        job.done = 1
        return written

    jobs.start(f"pdf-{meeting.id}", 1, work)
    return back(meeting.id, "#documents")


def _pdf_job(meeting_id: str) -> Any:
    """The PDF export of this meeting while it runs (None after, its outcome flashed once)."""
    from . import jobs

    job = jobs.get(f"pdf-{meeting_id}")
    if job is None or job.running:
        return job
    if job.result is not None:
        flash(console_words(g.lang)["wrote_n"].format(n=len(job.result)), "ok")
        job.result = None
    if job.error:
        flash(job.error, "error")
        job.error = ""
    return None


@bp.post("/meetings/<meeting_id>/update")
def update(meeting_id: str) -> ResponseReturnValue:
    """``meetkit update ID --date … --place …``: the details changed, the documents re-rendered
    (the user's edits kept). Refused, the form comes back as typed, the wrong field named."""
    from ..documents.pack import update as do_update

    cached = load_meeting(meeting_id)
    ws = site().workspace
    c = console_words(g.lang)
    try:
        result = do_update(ws, cached.meeting.id, form_options(request.form))
    except MeetkitError as exc:
        error = str(exc)
        return render_template(
            "console/edit.html",
            meeting=cached.meeting,
            given={f: request.form.get(f, "") for f in FIELDS},
            error=error,
            field=wrong_field(error),
            shown={},
            command=f"meetkit update {cached.meeting.id}",
        ), 400
    site().forget(cached.meeting.id)
    flash(c["updated"].format(n=len(result.written)), "ok")
    return back(cached.meeting.id)


@bp.post("/meetings/<meeting_id>/vote")
def vote(meeting_id: str) -> ResponseReturnValue:
    """``meetkit vote ID ITEM --for --against --abstain [--paper]``."""
    from ..decisions import votes as decisions

    cached = load_meeting(meeting_id)
    ws = site().workspace
    c = console_words(g.lang)
    meeting = ws.meeting(cached.meeting.id)
    try:
        yes, no, abstain = (_count(request.form.get(k), k) for k in ("for", "against", "abstain"))
        method = "paper" if request.form.get("paper") == "1" else "hands"
        number, found, _replaced = decisions.record(
            ws, meeting, request.form.get("item", ""), yes, no, abstain, method
        )
    except MeetkitError as exc:
        flash(str(exc), "error")
        return back(meeting.id, "#votes")
    for line in decisions.after_tally(ws, meeting, found.title):
        flash(line, "info")
    r = next(r for r in decisions.results(ws, meeting) if r["item"] == number)
    flash(
        c["tally_saved"].format(n=number, result=decisions.result_word(r["passed"], g.lang)), "ok"
    )
    return back(meeting.id, "#votes")


def _count(value: str | None, what: str) -> int:
    value = (value or "").strip()
    if not value.isdigit() or len(value) > 5:
        raise MeetkitError(f"--{what}: {value!r}")
    return int(value)


@bp.post("/meetings/<meeting_id>/ballot")
def ballot(meeting_id: str) -> ResponseReturnValue:
    """``meetkit ballot open|close ID ITEM`` (``action``), or ``ballot paper`` (the tellers'
    count of the paper ballots)."""
    from ..decisions import ballots

    cached = load_meeting(meeting_id)
    ws = site().workspace
    c = console_words(g.lang)
    meeting = ws.meeting(cached.meeting.id)
    item = request.form.get("item", "")
    action = request.form.get("action", "")
    try:
        if action == "open":
            opened = ballots.open_ballot(ws, meeting, item, request.form.get("choices") or None)
            flash(c["ballot_opened"].format(n=opened["item"], text=opened["text"]), "ok")
        elif action == "close":
            r = ballots.close_ballot(ws, meeting, item)
            flash(
                c["ballot_closed"].format(
                    n=r["item"], yes=r["for"], no=r["against"], abstain=r["abstain"]
                ),
                "ok",
            )
            from ..decisions.votes import after_tally

            for line in after_tally(ws, meeting, r["text"]):
                flash(line, "info")
        elif action == "paper":
            counts = [_count(request.form.get(k), k) for k in ("for", "against", "abstain")]
            ballots.enter_paper(ws, meeting, item, counts)
            flash(c["paper_saved"], "ok")
        else:
            abort(400)
    except MeetkitError as exc:
        flash(str(exc), "error")
    site().forget(meeting.id)
    return back(meeting.id, "#votes")


@bp.get("/meetings/<meeting_id>/ballot-state")
def ballot_state(meeting_id: str) -> ResponseReturnValue:
    """已投票 N/M of the open ballot, for the meeting page to refresh."""
    from ..decisions import ballots

    cached = load_meeting(meeting_id)
    ws = site().workspace
    state = ballots.current(ws, ws.meeting(cached.meeting.id))
    return render_template("console/_ballot.html", ballot=state, meeting=cached.meeting)


@bp.post("/meetings/<meeting_id>/minutes")
def minutes(meeting_id: str) -> ResponseReturnValue:
    """``meetkit minutes ID --end HH:MM``: the documents with the real attendance."""
    from ..documents.minutes import minutes_ending

    cached = load_meeting(meeting_id)
    ws = site().workspace
    w_ = site()
    end = (request.form.get("end") or "").strip() or None
    try:
        meeting, written = minutes_ending(ws, cached.meeting.id, end)
    except MeetkitError as exc:
        flash(str(exc), "error")
        return back(cached.meeting.id, "#minutes")
    w_.forget(meeting.id)
    c = console_words(g.lang)
    flash(c["wrote_files"].format(files=", ".join(x.path.name for x in written)), "ok")
    return back(meeting.id, "#minutes")


@bp.post("/meetings/<meeting_id>/attach")
def photos(meeting_id: str) -> ResponseReturnValue:
    """``meetkit attach ID FILE…``: photos, slides, a signed scan, kept with the meeting."""
    from .. import attachments

    cached = load_meeting(meeting_id)
    ws = site().workspace
    c = console_words(g.lang)
    files = [f for f in request.files.getlist("file") if f and f.filename][:10]
    if not files:
        flash(c["choose_file"], "error")
        return back(cached.meeting.id, "#attachments")
    kept = 0
    for f in files:
        try:
            attachments.add(ws, cached.meeting, f.filename or "file", f.read())
            kept += 1
        except MeetkitError as exc:
            flash(str(exc), "error")
    if kept:
        flash(c["kept_n"].format(n=kept), "ok")
    return back(cached.meeting.id, "#attachments")


@bp.post("/meetings/<meeting_id>/cancel")
def cancel(meeting_id: str) -> ResponseReturnValue:
    """``meetkit cancel ID --reason …``."""
    from ..meetings.lifecycle import cancel as do_cancel

    cached = load_meeting(meeting_id)
    ws = site().workspace
    c = console_words(g.lang)
    try:
        meeting, _written = do_cancel(ws, cached.meeting.id, request.form.get("reason", ""))
    except MeetkitError as exc:
        flash(str(exc), "error")
        return back(cached.meeting.id, "#cancel")
    site().forget(meeting.id)
    flash(c["cancelled_ok"].format(reason=meeting.cancel_reason), "ok")
    return back(meeting.id)


@bp.post("/meetings/<meeting_id>/delete")
def delete(meeting_id: str) -> ResponseReturnValue:
    """``meetkit delete ID [--force]``, confirmed by typing the meeting's id."""
    from ..meetings.lifecycle import delete as do_delete

    cached = load_meeting(meeting_id)
    ws = site().workspace
    c = console_words(g.lang)
    if request.form.get("confirm", "").strip() != cached.meeting.id:
        flash(c["delete_confirm_wrong"].format(id=cached.meeting.id), "error")
        return back(cached.meeting.id, "#delete")
    try:
        do_delete(ws, cached.meeting.id, force=request.form.get("force") == "1")
    except MeetkitError as exc:
        flash(str(exc), "error")
        return back(cached.meeting.id, "#delete")
    site().forget(cached.meeting.id)
    flash(c["deleted_ok"].format(id=cached.meeting.id), "ok")
    return redirect(url_for("console.meetings"), 303)
