"""``/admin/ledger``: the year's ledger as ``meetkit ledger`` prints it, and its downloads
(ledger-YEAR.docx, ``--xlsx``), written by the same functions."""

from __future__ import annotations

import tempfile
from pathlib import Path

from flask import abort, g, render_template, request, send_file
from flask.typing import ResponseReturnValue

from .. import clock
from ..web import site
from .blueprint import bp


def _year() -> int:
    value = request.args.get("year", "")
    year = int(value) if value.isdigit() and len(value) == 4 else clock.today().year
    if not 1900 < year < 3000:
        abort(404)
    return year


@bp.get("/ledger")
def ledger() -> ResponseReturnValue:
    """The ledger's lines (``meetkit ledger --year``), tables as tables."""
    from ..reports import ledger as numbers
    from ..reports import ledger_report as report

    ws = site().workspace
    year = _year()
    built = numbers.build(ws, year, lang=g.lang, today=clock.today())
    lines = report.terminal_lines(built, ws.plugins.types)
    years = sorted(set(ws.store.meeting_years()) | {clock.today().year}, reverse=True)
    return render_template(
        "console/ledger.html",
        lines=lines,
        year=year,
        years=years,
        command=f"meetkit ledger --year {year} --xlsx",
    )


@bp.get("/ledger/ledger-<int:year>.<kind>")
def ledger_file(year: int, kind: str) -> ResponseReturnValue:
    """ledger-YEAR.docx or ledger-YEAR.xlsx, written fresh (as ``meetkit ledger --out``)."""
    from ..reports import ledger as numbers
    from ..reports import ledger_report as report

    if kind not in ("docx", "xlsx") or not 1900 < year < 3000:
        abort(404)
    ws = site().workspace
    built = numbers.build(ws, year, lang=g.lang, today=clock.today())
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"ledger-{year}.{kind}"
        if kind == "docx":
            report.write_docx(ws, built, path)
        else:
            from ..reports.spreadsheet import write_ledger

            write_ledger(ws, built, path)
        data = path.read_bytes()
    import io

    return send_file(io.BytesIO(data), as_attachment=True, download_name=path.name)
