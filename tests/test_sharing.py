"""Sharing a meeting: notice.png (Pillow; zxing-cpp finds no QR in it), meeting.ics (parsed back
with icalendar), PDFs (LibreOffice, pdfinfo) and attendance.xlsx (openpyxl); bad input."""

import datetime as dt

import pytest
from helpers import pdf_pages, pdf_text

from meetkit.workspace import Workspace

DAY = dt.date.today() + dt.timedelta(days=10)


@pytest.fixture
def lesson(run, workspace):
    run("prepare", "lesson", "--no-input", "--date", DAY.isoformat(), "--topic", "学习<党章>&")
    return f"{DAY.isoformat()}-lesson"


def folder(workspace, meeting_id):
    return workspace / "meetings" / meeting_id


# -- notice.png ------------------------------------------------------------------------------


def test_notice_png_is_phone_sized_and_carries_no_qr(run, workspace, lesson, zxing):
    from PIL import Image

    out = run("share", lesson).output
    path = folder(workspace, lesson) / "notice.png"
    assert f"Wrote meetings/{lesson}/notice.png" in out
    image = Image.open(path)
    assert image.width == 1080 and 1000 < image.height < 4000
    # The pack's own qr.png decodes (the reader works); the notice holds no code at all.
    assert zxing.read_barcodes(Image.open(folder(workspace, lesson) / "qr.png"))
    assert zxing.read_barcodes(image) == []
    # Drawn, not blank: the red band on top and dark text below it.
    assert image.getpixel((10, 10))[0] > 150 and image.getpixel((10, 10))[1] < 60
    assert image.convert("L").crop((0, 200, 1080, image.height)).getextrema()[0] < 80


def test_notice_text_in_a_cjk_font_never_boxes(workspace, lesson):
    """Every character of the notice has a glyph in the font found (what would print as a box
    is reported instead), and the text is the meeting's."""
    from meetkit.documents import notice_image

    ws = Workspace(workspace)
    fields = notice_image.notice_fields(ws, ws.meeting(lesson))
    assert fields["title"] == f"示例社区第一党支部{DAY.year}年第1次党课"
    assert ("主题", "学习<党章>&") in fields["rows"]
    assert ("主讲", "王建国") in fields["rows"]
    text = "".join(fields["title"] + v for _k, v in fields["rows"])
    fonts = notice_image.Fonts()
    assert fonts.missing(text) == []
    # The check itself works: a private-use character has no glyph in any font.
    assert fonts.missing("党\ue000") == ["\ue000"]


def test_no_cjk_font_is_one_line_and_writes_nothing(run, workspace, lesson, monkeypatch):
    from meetkit.documents import notice_image

    monkeypatch.setattr(notice_image, "FONT_CANDIDATES", ())
    monkeypatch.delenv("MEETKIT_FONT", raising=False)
    result = run("share", lesson, ok=False)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "fonts-noto-cjk" in lines[0]
    assert not (folder(workspace, lesson) / "notice.png").exists()


def test_a_font_without_chinese_is_refused(run, workspace, lesson, monkeypatch):
    import glob

    latin = glob.glob("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf") + glob.glob(
        "/usr/share/fonts/**/LiberationSans-Regular.ttf", recursive=True
    )
    if not latin:
        pytest.skip("no Latin-only font on this machine")
    monkeypatch.setenv("MEETKIT_FONT", latin[0])
    result = run("share", lesson, ok=False)
    assert result.exit_code == 1 and "has no glyph for" in result.output
    assert not (folder(workspace, lesson) / "notice.png").exists()


def test_english_notice(run, tmp_path, monkeypatch):
    from PIL import Image

    from meetkit.meetings.init import init_workspace

    root = init_workspace(tmp_path / "en", demo=True, lang="en")
    monkeypatch.setenv("MEETKIT_WORKSPACE", str(root))
    run("prepare", "life", "--no-input", "--date", DAY.isoformat())
    run("share", f"{DAY.isoformat()}-life")
    assert Image.open(root / "meetings" / f"{DAY.isoformat()}-life" / "notice.png").width == 1080


# -- meeting.ics -----------------------------------------------------------------------------


def read_ics(path):
    from icalendar import Calendar

    cal = Calendar.from_ical(path.read_bytes())
    events = [c for c in cal.walk("VEVENT")]
    return cal, events


def test_ics_parses_with_time_zone_place_and_reminders(run, workspace, lesson):
    run("share", lesson, "--ics")
    path = folder(workspace, lesson) / "meeting.ics"
    cal, (event,) = read_ics(path)
    start = event.decoded("dtstart")
    assert start.tzinfo is not None and str(start.tzinfo) == "Asia/Shanghai"
    assert (start.date(), start.strftime("%H:%M")) == (DAY, "19:30")
    assert start.utcoffset() == dt.timedelta(hours=8)
    assert event.decoded("dtend") - start == dt.timedelta(minutes=90)
    assert str(event["location"]) == "社区党群服务中心二楼会议室"
    assert "学习<党章>&" in str(event["description"])
    assert str(event["summary"]) == f"示例社区第一党支部{DAY.year}年第1次党课"
    assert event["status"] == "CONFIRMED" and int(event["sequence"]) == 0
    triggers = sorted(a.decoded("trigger") for a in event.walk("VALARM"))
    assert triggers == [-dt.timedelta(days=1), -dt.timedelta(hours=1)]
    assert [tz["tzid"] for tz in cal.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    uid = str(event["uid"])
    # Stable UID; `update` bumps SEQUENCE so calendars replace the invitation.
    run("update", lesson, "--time", "20:00")
    run("share", lesson, "--ics")
    _cal, (again,) = read_ics(path)
    assert str(again["uid"]) == uid and int(again["sequence"]) == 1
    assert again.decoded("dtstart").strftime("%H:%M") == "20:00"
    run("update", lesson, "--place", "二楼")
    run("share", lesson, "--ics")
    assert int(read_ics(path)[1][0]["sequence"]) == 2


def test_ics_time_zone_and_length_from_meetkit_toml(run, workspace, lesson):
    config = workspace / "meetkit.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace(
            "[meeting]\n", '[meeting]\ntimezone = "Europe/Berlin"\nduration_minutes = 60\n'
        ),
        encoding="utf-8",
    )
    run("share", lesson, "--ics")
    _cal, (event,) = read_ics(folder(workspace, lesson) / "meeting.ics")
    start = event.decoded("dtstart")
    assert str(start.tzinfo) == "Europe/Berlin" and start.strftime("%H:%M") == "19:30"
    assert event.decoded("dtend") - start == dt.timedelta(hours=1)
    config.write_text(
        text.replace("[meeting]\n", '[meeting]\ntimezone = "Mars/Olympus"\n'), encoding="utf-8"
    )
    line = config.read_text(encoding="utf-8").splitlines().index('timezone = "Mars/Olympus"') + 1
    result = run("share", lesson, "--ics", ok=False)
    assert result.output.strip().splitlines() == [
        f'Error: {config}:{line}: [meeting] timezone must be a time zone such as "Asia/Shanghai", '
        "got 'Mars/Olympus'"
    ]


def test_cancelled_meeting_ics_says_cancelled(run, workspace, lesson, monkeypatch):
    """Branch docs adds cancelled_at/cancel_reason to meetings; the invitation follows it."""
    from meetkit.store import meetings as store_meetings

    real = store_meetings._meeting

    def cancelled(row):
        m = real(row)
        m.cancelled_at = dt.datetime.fromisoformat(f"{DAY}T08:00:00")
        m.cancel_reason = "上级临时通知另行安排"
        return m

    monkeypatch.setattr(store_meetings, "_meeting", cancelled)
    run("share", lesson, "--ics")
    cal, (event,) = read_ics(folder(workspace, lesson) / "meeting.ics")
    assert event["status"] == "CANCELLED" and cal["method"] == "CANCEL"
    assert int(event["sequence"]) == 1  # a cancellation is a revision: calendars take it
    assert "上级临时通知另行安排" in str(event["description"])
    assert list(event.walk("VALARM")) == []


def test_ics_for_a_deleted_or_unknown_meeting_is_one_line(run, workspace, lesson):
    Workspace(workspace).store.delete_meeting(lesson)
    result = run("share", lesson, "--ics", ok=False)
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: no meeting {lesson!r} (see `meetkit list`)"
    ]
    assert not (folder(workspace, lesson) / "meeting.ics").exists()


def test_output_folder_must_exist(run, workspace, lesson, tmp_path):
    result = run("share", lesson, "--out", str(tmp_path / "nowhere"), ok=False)
    assert result.output.strip().splitlines() == [
        f"Error: --out: folder {tmp_path / 'nowhere'} does not exist"
    ]
    result = run("export", lesson, "--xlsx", "--out", str(tmp_path / "nowhere"), ok=False)
    assert result.exit_code == 1 and "does not exist" in result.output
    assert not (tmp_path / "nowhere").exists()
    run("share", lesson, "--ics", "--out", str(tmp_path))
    assert (tmp_path / "meeting.ics").is_file()


# -- export --pdf / --xlsx -------------------------------------------------------------------


def test_export_pdf_one_per_document_and_print_in_order(run, workspace, lesson, soffice):
    import re

    out = run("export", lesson, "--pdf").output
    where = folder(workspace, lesson)
    names = ["notice", "agenda", "signin", "minutes", "actions"]  # a lesson: no lecture.docx
    for name in names:
        assert f"Wrote meetings/{lesson}/{name}.pdf" in out
    each = [pdf_pages(where / f"{n}.pdf") for n in names]
    assert all(n >= 1 for n in each)
    assert pdf_pages(where / "print.pdf") == sum(each)
    # print.pdf runs in print order: the notice's first page first, the actions list last.
    text = pdf_text(where / "print.pdf").split("\f")
    flat = [re.sub(r"\s", "", t) for t in text]
    assert "通知" in flat[0] and "学习<党章>&" in flat[0]
    assert "决定事项" in flat[sum(each) - 1] or "事项" in flat[sum(each) - 1]


def test_export_pdf_of_several_meetings_starts_libreoffice_once(
    run, workspace, lesson, soffice, tmp_path, monkeypatch
):
    """Three meetings (all with a notice.docx, an agenda.docx …) convert in ONE LibreOffice
    run, and each meeting's PDFs are its own: no name clash between the meetings' files.
    LibreOffice runs with glibc's heap top padded (half its CPU time: meetkit/reports/pdf.py)."""
    import re

    log = tmp_path / "soffice.log"
    wrapper = tmp_path / "soffice"
    wrapper.write_text(
        f'#!/bin/sh\necho "run $MALLOC_TOP_PAD_" >> "{log}"\nexec "{soffice}" "$@"\n'
    )
    wrapper.chmod(0o755)
    monkeypatch.setenv("MEETKIT_SOFFICE", str(wrapper))
    monkeypatch.delenv("MALLOC_TOP_PAD_", raising=False)
    ids = [lesson]
    for n, topic in ((20, "第二次<课>"), (30, "第三次&课")):
        day = (DAY + dt.timedelta(days=n)).isoformat()
        run("prepare", "lesson", "--no-input", "--date", day, "--topic", topic)
        ids.append(f"{day}-lesson")
    out = run("export", *ids, "--pdf").output
    assert log.read_text().splitlines() == [f"run {256 * 1024 * 1024}"]
    for meeting_id, topic in zip(ids, ("学习<党章>&", "第二次<课>", "第三次&课")):
        where = folder(workspace, meeting_id)
        assert f"Wrote meetings/{meeting_id}/print.pdf" in out
        notice = re.sub(r"\s", "", pdf_text(where / "notice.pdf"))
        assert topic in notice
        assert pdf_pages(where / "print.pdf") == sum(
            pdf_pages(where / f"{n}.pdf")
            for n in ("notice", "agenda", "signin", "minutes", "actions")
        )


def test_libreoffice_keeps_an_allocator_setting_the_user_made(monkeypatch):
    from meetkit.reports.pdf import soffice_env

    monkeypatch.setenv("MALLOC_TOP_PAD_", "1048576")
    monkeypatch.setenv("MEETKIT_LANG", "zh_CN")
    env = soffice_env()
    assert env["MALLOC_TOP_PAD_"] == "1048576" and env["MEETKIT_LANG"] == "zh_CN"
    monkeypatch.delenv("MALLOC_TOP_PAD_")
    assert soffice_env()["MALLOC_TOP_PAD_"] == str(256 * 1024 * 1024)


def test_one_conversion_keeps_same_named_files_apart(workspace, soffice, tmp_path):
    """Two minutes.docx of two meetings (the bundle's minutes.pdf files convert this way) in
    one LibreOffice run: each PDF is its own document's, not the last one's twice."""
    from docx import Document

    from meetkit.reports.pdf import convert

    files = []
    for n, words in enumerate(("第一次会议纪要 alpha", "第二次会议纪要 beta")):
        doc = Document()
        doc.add_paragraph(words)
        (tmp_path / str(n)).mkdir()
        files.append(tmp_path / str(n) / "minutes.docx")
        doc.save(str(files[-1]))
    converted = convert(Workspace(workspace), files)
    texts = []
    for n, source in enumerate(files):
        pdf = tmp_path / f"{n}.pdf"
        pdf.write_bytes(converted[source])
        texts.append(pdf_text(pdf))
    assert "alpha" in texts[0] and "beta" not in texts[0]
    assert "beta" in texts[1] and "alpha" not in texts[1]


def test_print_pdf_joins_the_same_with_pdfunite_and_with_pypdf(
    workspace, soffice, tmp_path, monkeypatch
):
    """print.pdf is joined by poppler's pdfunite when it is installed (no `import pypdf`), by
    pypdf otherwise: the same pages in the same order either way."""
    import shutil

    from docx import Document

    import meetkit.reports.pdf as pdf

    files = []
    for n, words in enumerate(("第一份 alpha", "第二份 beta", "第三份 gamma")):
        doc = Document()
        doc.add_paragraph(words)
        if n == 1:  # two pages
            doc.add_page_break()
            doc.add_paragraph("第二页 delta")
        files.append(tmp_path / f"{n}.docx")
        doc.save(str(files[-1]))
    converted = pdf.convert(Workspace(workspace), files)
    parts = [converted[f] for f in files]
    assert shutil.which("pdfunite"), "poppler-utils (pdftotext) comes with pdfunite"
    assert pdf._pdfunite(parts) is not None  # the quick join is the one taken here
    joined = {"pdfunite": pdf.merge(parts)}
    monkeypatch.setattr(pdf, "_pdfunite", lambda pdfs: None)
    joined["pypdf"] = pdf.merge(parts)
    assert joined["pdfunite"] != joined["pypdf"]
    for how, data in joined.items():
        target = tmp_path / f"{how}.pdf"
        target.write_bytes(data)
        pages = [t.split() for t in pdf_text(target).split("\f") if t.strip()]
        assert pdf_pages(target) == 4, how
        assert [p[-1] for p in pages] == ["alpha", "beta", "delta", "gamma"], (how, pages)


def test_a_join_pdfunite_refuses_falls_back_to_pypdf(soffice, monkeypatch):
    """pdfunite failing (here on files that are no PDF) answers None, so merge asks pypdf."""
    import meetkit.reports.pdf as pdf

    assert pdf._pdfunite([b"not a pdf", b"%PDF-1.4 nor this"]) is None
    asked = []
    monkeypatch.setattr(pdf, "_pypdf_merge", lambda pdfs: asked.append(pdfs) or b"%PDF")
    assert pdf.merge([b"not a pdf"]) == b"%PDF"
    assert asked == [[b"not a pdf"]]


def test_export_pdf_without_libreoffice_is_one_line(run, workspace, lesson, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.delenv("MEETKIT_SOFFICE", raising=False)
    result = run("export", lesson, "--pdf", ok=False)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "libreoffice-writer-nogui" in lines[0]
    assert not list(folder(workspace, lesson).glob("*.pdf"))


def test_export_xlsx_attendance(run, workspace, lesson):
    from openpyxl import load_workbook

    ws = Workspace(workspace)
    meeting = ws.meeting(lesson)
    ws.store.sign_in(lesson, "王建国", at=f"{DAY}T19:20:00", status="present", method="cli")
    ws.store.sign_in(lesson, "李秀英", at=f"{DAY}T19:45:00", status="late", method="cli")
    ws.store.record_leave(
        lesson, "张伟", kind="sick", reason="住院", at=f"{DAY}T08:00:00", method="cli"
    )
    assert meeting
    run("export", lesson, "--xlsx")
    sheet = load_workbook(folder(workspace, lesson) / "attendance.xlsx").active
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert [c.value for c in sheet[1]] == [
        "姓名",
        "党小组",
        "状态",
        "签到时间",
        "请假类别",
        "请假事由",
    ]
    assert rows["王建国"][2:4] == ("正常", "19:20")
    assert rows["李秀英"][2:4] == ("迟到", "19:45")
    assert rows["张伟"][2:] == ("请假", None, "病假", "住院")
    assert rows["孙婷"][2] == "缺席"
    assert len(rows) == 12


def test_export_needs_a_format(run, lesson):
    result = run("export", lesson, ok=False)
    assert result.exit_code == 2 and "--pdf and/or --xlsx" in result.output


def test_export_several_meetings_with_progress(run, workspace, lesson):
    from openpyxl import load_workbook

    run("prepare", "committee", "--no-input", "--date", DAY.isoformat())
    committee = f"{DAY.isoformat()}-committee"
    piped = run("export", lesson, committee, "--xlsx").output
    assert "Exporting" not in piped  # no progress bar when the output is not a terminal
    for mid in (lesson, committee):
        assert f"Wrote meetings/{mid}/attendance.xlsx" in piped
        assert load_workbook(folder(workspace, mid) / "attendance.xlsx").active.max_row > 1
    shown = run("export", lesson, committee, "--xlsx", "--progress").output
    assert "Exporting" in shown
    result = run("export", lesson, "nope", "--xlsx", ok=False)
    assert result.output.strip().splitlines() == ["Error: no meeting 'nope' (see `meetkit list`)"]


def test_ledger_out_folder_must_exist(run, workspace, tmp_path):
    result = run("ledger", "--xlsx", "--out", str(tmp_path / "no" / "ledger.docx"), ok=False)
    assert result.output.strip().splitlines() == [
        f"Error: --out: folder {tmp_path / 'no'} does not exist"
    ]
    assert not (tmp_path / "no").exists()
