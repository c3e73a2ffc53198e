"""Exports are data, never formulas (issue 19, OWASP's CSV-injection advice): user text that
looks like a formula (a guest called =HYPERLINK(…), a note =1+2, a task +3+4, a roster
name) is a text cell in every .xlsx meetkit writes and shows as typed in LibreOffice Calc; the
roster's CSV quotes it and reads it back unchanged."""

from __future__ import annotations

import json

from helpers import pdf_text, to_pdf
from openpyxl import load_workbook

from meetkit.workspace import Workspace

GUEST = '=HYPERLINK("http://evil.example/x","点我")'
NOTE = "=1+2"
TASK = "+3+4"
REASON = "-5+6"
MEMBER = "@SUM(7+8)"


def calc_csv(soffice: str, xlsx, outdir) -> str:
    """LibreOffice Calc's CSV of the first sheet of ``xlsx`` (UTF-8), as it computed it."""
    import csv
    import subprocess

    from helpers import _lo_profile

    outdir.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{_lo_profile()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            str(outdir),
            str(xlsx),
        ],
        check=True,
        capture_output=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    text = (outdir / (xlsx.stem + ".csv")).read_text(encoding="utf-8")
    return "\n".join(",".join(row) for row in csv.reader(text.splitlines()))


def formula_like_cells(path) -> dict[str, str]:
    """{text: data_type} of the cells of every sheet whose text starts like a formula."""
    book = load_workbook(path)
    out = {}
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                    out[cell.value] = cell.data_type
    return out


def test_xlsx_exports_hold_text_not_formulas(workspace, run, soffice, tmp_path):
    roster = workspace / "members.csv"
    roster.write_text(
        roster.read_text(encoding="utf-8") + f"{MEMBER},full,第一党小组,member,13800000099\n",
        encoding="utf-8",
    )
    run("prepare", "general", "--no-input", "--date", "2026-12-03")
    mid = "2026-12-03-general"
    run("signin", mid, GUEST, "--guest", "--note", NOTE)
    run("leave", mid, "刘洋", "--reason", REASON)
    run("action", "add", mid, TASK, "--owner", "王建国", "--due", "2027-01-31")
    run("export", mid, "--xlsx")
    run("ledger", "--year", "2026", "--xlsx")
    attendance = workspace / "meetings" / mid / "attendance.xlsx"
    ledger = workspace / "ledger-2026.xlsx"
    cells = formula_like_cells(attendance)
    assert cells == {GUEST: "s", NOTE: "s", REASON: "s", MEMBER: "s"}
    ledger_cells = formula_like_cells(ledger)
    assert ledger_cells.get(TASK) == "s" and ledger_cells.get(MEMBER) == "s"
    assert set(ledger_cells.values()) == {"s"}
    # LibreOffice Calc shows them as typed (no 3, no bare link text): its CSV of the
    # attendance sheet, and the ledger's PDF for the task.
    shown = calc_csv(soffice, attendance, tmp_path / "csv")
    for text in (GUEST, NOTE, REASON, MEMBER):
        assert text in shown, text
    assert "点我," not in shown and ",3," not in shown
    pdfs = to_pdf(soffice, [ledger], tmp_path / "pdf")
    assert TASK in pdf_text(pdfs["ledger-2026"])


def test_the_roster_csv_quotes_formula_like_cells_and_reads_them_back(workspace, run):
    from meetkit.roster import write_roster

    ws = Workspace(workspace)
    members = list(ws.members)
    members[3].name = MEMBER
    members[3].phone = "+8613800000004"
    write_roster(workspace / "members.csv", members)
    raw = (workspace / "members.csv").read_text(encoding="utf-8")
    assert f"'{MEMBER}" in raw and "'+8613800000004" in raw
    data = json.loads(run("members", "--json").output)
    assert data[3]["name"] == MEMBER
    again = Workspace(workspace).members[3]
    assert (again.name, again.phone) == (MEMBER, "+8613800000004")
