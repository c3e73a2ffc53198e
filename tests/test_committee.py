"""Issue 23: three branches bundle a quarter, a committee imports the bundles and rolls them up
by the branch ledger's rule; bad bundles are refused with one line; importing twice changes
nothing; a bundle holds no phone number; an opinion returned reaches the branch."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
import time_machine
from click.testing import CliRunner
from conftest import need

from meetkit.bundle import archive, keys
from meetkit.cli import cli

YEAR = dt.date.today().year - 1  # a quarter that has ended, whatever today is
Q4 = [dt.date(YEAR, 10, 14), dt.date(YEAR, 11, 11), dt.date(YEAR, 12, 9)]
# The committee's rule: the same [ledger] a branch writes, read by meetkit.reports.ledger.requirements.
RULE = """
committee = "quarterly"
general = "quarterly"
lesson = "quarterly"
group = "none"
"theme-day" = "none"
life = "none"
"""
BRANCHES = {
    "第一党支部": ["committee", "general", "lesson"],  # everything
    "第二党支部": ["committee", "general"],  # lacks its lesson
    "第三党支部": ["committee", "general"],  # lacks it too, exempted by the committee
}


def meetkit(*args, ok=True):
    result = CliRunner().invoke(cli, list(map(str, args)), catch_exceptions=False)
    if ok:
        assert result.exit_code == 0, result.output
    return result


def branch_workspace(root: Path, name: str, types: list[str]) -> Path:
    meetkit("init", root, "--demo", "--branch", name)
    toml = root / "meetkit.toml"
    text = toml.read_text(encoding="utf-8")
    # The ledger counts from the start of last year (init writes today).
    lines = [
        f"since = {YEAR}-01-01" if ln.strip().startswith("since =") else ln
        for ln in text.splitlines()
    ]
    toml.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for key, day in zip(types, Q4):
        meetkit("-w", root, "prepare", key, "--date", day, "--no-input")
    return root


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    base = tmp_path_factory.mktemp("committee")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MEETKIT_LANG", "en")
        mp.delenv("MEETKIT_WORKSPACE", raising=False)
        mp.delenv("MEETKIT_DATABASE_URL", raising=False)
        branches = {}
        for n, (name, types) in enumerate(BRANCHES.items(), 1):
            branches[name] = branch_workspace(base / f"b{n}", name, types)
        first = branches["第一党支部"]
        general = f"{Q4[1].isoformat()}-general"
        meetkit("-w", first, "signin", general, "王建国", "--at", "19:00")
        meetkit("-w", first, "signin", general, "李秀英", "--at", "19:00")
        meetkit("-w", first, "leave", general, "张伟", "--kind", "sick", "--reason", "住院")
        bundles = {}
        for name, root in branches.items():
            out = meetkit("-w", root, "bundle", "--year", YEAR, "--quarter", 4).output
            assert "Wrote" in out
            bundles[name] = root / f"{name}-{YEAR}Q4.meetkit-bundle"
            assert bundles[name].is_file()
        committee = base / "committee"
        meetkit("committee", "init", committee, "--name", "示例街道党工委")
        with open(committee / "committee.toml", "a", encoding="utf-8") as fh:
            fh.write(RULE)
        yield {"base": base, "branches": branches, "bundles": bundles, "committee": committee}


def c(world, *args, ok=True):
    return meetkit("-w", world["committee"], "committee", *args, ok=ok)


def db_dump(world) -> list[str]:
    with sqlite3.connect(world["committee"] / ".meetkit" / "committee.db") as conn:
        return list(conn.iterdump())


def test_roll_up_of_three_branches(world):
    out = c(world, "import", *world["bundles"].values()).output
    assert "3 imported" in out
    assert out.count("Registered branch") == 3
    c(world, "exempt", "第三党支部", "党课", "--year", YEAR, "--quarter", 4, "--reason", "书记病休")
    status = json.loads(c(world, "status", "--year", YEAR, "--quarter", 4, "--json").output)
    assert status["year"] == YEAR and status["quarter"] == 4
    by_name = {b["name"]: b for b in status["branches"]}
    assert set(by_name) == set(BRANCHES)
    one, two, three = (by_name[n] for n in BRANCHES)
    for b in (one, two, three):
        assert b["period"] == f"{YEAR}Q4"
        assert set(b) == {"name", "period", "types", "missing", "attendance_rate"}
        assert b["types"]["committee"] == {"required": 1, "held": 1, "exempt": False}
        assert b["types"]["general"] == {"required": 1, "held": 1, "exempt": False}
    assert one["types"]["lesson"] == {"required": 1, "held": 1, "exempt": False}
    assert one["missing"] == []
    assert two["types"]["lesson"] == {"required": 1, "held": 0, "exempt": False}
    assert two["missing"] == ["lesson"]
    assert three["types"]["lesson"] == {"required": 1, "held": 0, "exempt": True}
    assert three["missing"] == []
    # 第一党支部: 2 of the 12 expected at its general meeting; its committee meeting and lesson
    # have no sign-in record (unknown, not 0%), so its rate is 2/12.
    assert one["attendance_rate"] == pytest.approx(2 / 12, abs=1e-4)
    assert two["attendance_rate"] == 0.0
    # The year's view counts the same meetings against the year's four quarters.
    year = json.loads(c(world, "status", "--year", YEAR, "--json").output)
    first = next(b for b in year["branches"] if b["name"] == "第一党支部")
    assert first["types"]["lesson"] == {"required": 4, "held": 1, "exempt": False}
    assert "lesson" in first["missing"]
    terminal = c(world, "status", "--year", YEAR, "--quarter", 4).output
    assert "第二党支部: party lesson" in terminal


def test_importing_twice_changes_nothing(world):
    c(world, "import", *world["bundles"].values())
    before = db_dump(world)
    out = c(world, "import", *world["bundles"].values()).output
    assert "3 unchanged" in out and "0 imported" in out
    assert db_dump(world) == before


def _one_line_refusal(world, path: Path, why: str):
    before = db_dump(world)
    result = c(world, "import", path, ok=False)
    assert result.exit_code == 1
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("Refused:")]
    assert len(lines) == 1, result.stderr
    assert path.name in lines[0] and why in lines[0], lines[0]
    assert "Traceback" not in result.output
    assert db_dump(world) == before  # nothing half-written


def test_a_changed_byte_is_refused(world, tmp_path):
    source = world["bundles"]["第一党支部"]
    data = bytearray(source.read_bytes())
    names = {}
    import zipfile

    with zipfile.ZipFile(source) as z:
        for info in z.infolist():
            names[info.filename] = info.header_offset
    # One byte inside meetings.json's compressed data, and one in manifest.json's.
    for member, why in (("meetings.json", "damaged"), ("manifest.json", "damaged")):
        changed = bytearray(data)
        changed[names[member] + 30 + len(member) + 5] ^= 0x01
        bad = tmp_path / f"changed-{member}.meetkit-bundle"
        bad.write_bytes(bytes(changed))
        _one_line_refusal(world, bad, why)


def test_a_changed_file_with_a_good_zip_is_refused_by_its_hash(world, tmp_path):
    import zipfile

    source = world["bundles"]["第一党支部"]
    bad = tmp_path / "rehashed.meetkit-bundle"
    with zipfile.ZipFile(source) as z, zipfile.ZipFile(bad, "w") as out:
        for name in z.namelist():
            content = z.read(name)
            if name == "meetings.json":
                content = content.replace(b'"attended": 0', b'"attended": 9', 1)
            out.writestr(name, content)
    _one_line_refusal(world, bad, "SHA-256")


def test_a_bundle_signed_by_another_key_is_refused(world, tmp_path):
    impostor = branch_workspace(tmp_path / "impostor", "第一党支部", ["lesson"])
    meetkit("-w", impostor, "bundle", "--year", YEAR, "--quarter", 4)
    _one_line_refusal(world, impostor / f"第一党支部-{YEAR}Q4.meetkit-bundle", "another key")


def test_a_bundle_from_a_newer_schema_is_refused(world, tmp_path):
    root = world["branches"]["第一党支部"]
    key = keys.ensure_key(root / ".meetkit" / "branch-key")
    good = archive.read(world["bundles"]["第一党支部"])
    manifest = {k: v for k, v in good.manifest.items() if k not in ("files", "key")}
    manifest["schema"] = "zz_from_the_future"
    manifest["meetkit"] = "99.0"
    manifest["created"] = (dt.datetime.now() + dt.timedelta(days=1)).isoformat(timespec="seconds")
    newer = tmp_path / "newer.meetkit-bundle"
    archive.write(newer, good.files, manifest, key)
    _one_line_refusal(world, newer, "newer meetkit")


def test_branch_key_is_private_and_printed(world):
    root = world["branches"]["第二党支部"]
    path = root / ".meetkit" / "branch-key"
    assert path.stat().st_mode & 0o777 == 0o600
    printed = meetkit("-w", root, "key").output.strip()
    bundle = archive.read(world["bundles"]["第二党支部"])
    assert printed == keys.fingerprint(bundle.manifest["key"]) == bundle.manifest["branch"]["id"]


def test_bundle_holds_no_phone_number(world):
    need("unzip", shutil.which("unzip") is not None, "apt-get install unzip")
    root = world["branches"]["第一党支部"]
    with open(root / "members.csv", encoding="utf-8") as fh:
        phones = [row["phone"] for row in csv.DictReader(fh) if row.get("phone")]
    assert len(phones) == 12
    secret = (root / ".meetkit" / "secret").read_bytes()
    content = subprocess.run(
        ["unzip", "-p", str(world["bundles"]["第一党支部"])], capture_output=True, check=True
    ).stdout
    assert "王建国".encode() in content  # the names are there...
    for phone in phones:
        assert phone.encode() not in content  # ...the phones are not
        assert phone[-4:].encode() not in content.replace(b"Q4", b"")  # not even 尾号
    assert secret.strip() not in content


def test_an_opinion_reaches_the_branch(world):
    root = world["branches"]["第二党支部"]
    c(world, "import", *world["bundles"].values())  # idempotent: run alone, it knows the branch
    path = Path(
        c(
            world,
            "return",
            "第二党支部",
            "--period",
            f"{YEAR}Q4",
            "--opinion",
            "第四季度未开党课，请补课后重报",
        )
        .output.strip()
        .splitlines()[-1]
    )
    assert path.is_file() and path.parent == world["committee"] / "returns"
    received = meetkit("-w", root, "receive", path).output
    assert "第四季度未开党课" in received
    ledger = meetkit("-w", root, "ledger", "--year", YEAR).output
    assert "第四季度未开党课，请补课后重报" in ledger
    # Receiving it again changes nothing; a file for another branch is refused in one line.
    assert "Already received" in meetkit("-w", root, "receive", path).output
    other = meetkit("-w", world["branches"]["第一党支部"], "receive", path, ok=False)
    assert other.exit_code == 1 and "第二党支部" in other.output
    # The branch answers with a new bundle: the opinion leaves the ledger, the committee gets
    # the newer bundle in place of the older one. A bundle's time is kept to the second, so the
    # answer is made a minute later (made in the same second as the fixture's, it was "not newer").
    meetkit("-w", root, "prepare", "lesson", "--date", dt.date(YEAR, 12, 20), "--no-input")
    with time_machine.travel(dt.datetime.now() + dt.timedelta(minutes=1)):
        answered = meetkit("-w", root, "bundle", "--year", YEAR, "--quarter", 4).output
    assert "Answers the opinion" in answered
    assert "第四季度未开党课" not in meetkit("-w", root, "ledger", "--year", YEAR).output
    out = c(world, "import", root / f"第二党支部-{YEAR}Q4.meetkit-bundle").output
    assert "replaced the older bundle" in out
    status = json.loads(c(world, "status", "--year", YEAR, "--quarter", 4, "--json").output)
    two = next(b for b in status["branches"] if b["name"] == "第二党支部")
    assert two["types"]["lesson"]["held"] == 1 and two["missing"] == []


def test_committee_ledger_documents(world):
    from docx import Document
    from openpyxl import load_workbook

    out = c(world, "ledger", "--year", YEAR, "--xlsx", "--docx").output
    docx = world["committee"] / f"committee-ledger-{YEAR}.docx"
    xlsx = world["committee"] / f"committee-ledger-{YEAR}.xlsx"
    assert docx.name in out and xlsx.name in out
    doc = Document(str(docx))
    table = doc.tables[0]
    names = [row.cells[1].text for row in table.rows[1:]]
    assert names == sorted(BRANCHES)
    fonts = doc.paragraphs[0].runs[0]._r.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
    sheet = load_workbook(xlsx).active
    assert [sheet.cell(r, 2).value for r in range(3, 6)] == sorted(BRANCHES)


def test_add_branch_before_the_first_bundle(world, tmp_path):
    root = world["branches"]["第三党支部"]
    keyfile = tmp_path / "third.pub"
    meetkit("-w", root, "key", "--public", keyfile)
    out = c(world, "add-branch", "第三党支部", keyfile).output
    assert "already has this key" in out
    other = tmp_path / "other.pub"
    meetkit("-w", world["branches"]["第一党支部"], "key", "--public", other)
    refused = c(world, "add-branch", "第三党支部", other, ok=False)
    assert refused.exit_code == 1 and "another key" in refused.output


def test_committee_schema_equals_its_migrations(tmp_path):
    """The committee's own Alembic history builds the schema store/committee.py declares,
    in its own version table, and its head is committee.HEAD."""
    from alembic import command
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from sqlalchemy import create_engine, inspect

    from meetkit.store import committee

    assert ScriptDirectory.from_config(committee.alembic_config()).get_heads() == [committee.HEAD]
    migrated = create_engine(f"sqlite:///{tmp_path / 'migrated.db'}")
    with migrated.begin() as conn:
        command.upgrade(committee.alembic_config(conn), "head")
    with migrated.connect() as conn:
        context = MigrationContext.configure(conn, opts={"version_table": committee.VERSION_TABLE})
        assert context.get_current_revision() == committee.HEAD
        diff = compare_metadata(context, committee.metadata)
    # SQLite keeps the declared VARCHAR of the typed date columns (as the branch store's do).
    diff = [d for d in diff if not (isinstance(d, list) and d[0][0] == "modify_type")]
    assert diff == [], diff
    fresh = create_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    committee.ensure_schema(fresh)
    assert set(inspect(fresh).get_table_names()) == set(inspect(migrated).get_table_names())
    assert "alembic_version" not in inspect(fresh).get_table_names()


def test_a_committee_database_from_a_newer_meetkit_is_refused(tmp_path):
    from sqlalchemy import create_engine, text

    from meetkit.errors import MeetkitError
    from meetkit.store import committee

    engine = create_engine(f"sqlite:///{tmp_path / 'c.db'}")
    committee.ensure_schema(engine)
    with engine.begin() as conn:
        conn.execute(text(f"UPDATE {committee.VERSION_TABLE} SET version_num = 'committee_99'"))
    with pytest.raises(MeetkitError, match="newer meetkit"):
        committee.ensure_schema(engine)


def test_the_console_home_shows_an_opinion_escaped(world):
    from meetkit.web import create_app
    from meetkit.workspace import Workspace

    c(world, "import", world["bundles"]["第一党支部"])  # whatever ran before
    root = world["branches"]["第一党支部"]
    opinion = "全年台账<b>缺</b>党员大会记录 & 请补"
    path = Path(
        c(world, "return", "第一党支部", "--period", str(YEAR), "--opinion", opinion)
        .output.strip()
        .splitlines()[-1]
    )
    meetkit("-w", root, "receive", path)
    client = create_app(Workspace(root), admin_token="console-token").test_client()
    assert client.get("/admin?token=console-token").status_code == 303
    page = client.get("/admin").get_data(as_text=True)
    assert "全年台账&lt;b&gt;缺&lt;/b&gt;党员大会记录 &amp; 请补" in page
    assert "<b>缺</b>" not in page
    meetkit("-w", root, "bundle", "--year", YEAR)
    assert "党员大会记录" not in client.get("/admin").get_data(as_text=True)


def test_the_committees_console_shows_the_grid_and_a_branchs_meetings(world):
    from meetkit.committee.web import create_app
    from meetkit.committee.workspace import CommitteeWorkspace

    c(world, "import", *world["bundles"].values())  # whatever ran before
    cws = CommitteeWorkspace(world["committee"])
    client = create_app(cws).test_client()
    grid = client.get(f"/?year={YEAR}&quarter=4").get_data(as_text=True)
    for name in BRANCHES:
        assert name in grid
    # 第二党支部 lacks its lesson in the first bundle: its cell is marked missing (if a later
    # bundle of the opinion test answered it, the lesson is held and not marked).
    status = json.loads(c(world, "status", "--year", YEAR, "--quarter", 4, "--json").output)
    lacking = [b["name"] for b in status["branches"] if b["missing"]]
    assert grid.count('class="num missing"') == len(lacking)
    assert 'class="num exempt"' in grid  # 第三党支部's lesson
    branch_id = next(b["id"] for b in cws.store.branches() if b["name"] == "第一党支部")
    page = client.get(f"/branches/{branch_id}?year={YEAR}").get_data(as_text=True)
    general = f"{Q4[1].isoformat()}"
    assert general in page and "王建国" in page and "2/12" in page
    assert client.get("/branches/999").status_code == 404
    assert (
        client.get(f"/branches/{branch_id}/..%2F..%2Fcommittee.toml/minutes.pdf").status_code == 404
    )
    assert client.get("/?year=abc").status_code == 400


def test_many_files_show_progress_and_a_summary(world, tmp_path):
    copies = []
    for n in range(25):
        copy = tmp_path / f"copy-{n}.meetkit-bundle"
        shutil.copy(world["bundles"]["第一党支部"], copy)
        copies.append(copy)
    result = c(world, "import", *copies)
    progress = [ln for ln in result.stderr.splitlines() if "bundles checked" in ln]
    assert progress[-1] == "25/25 bundles checked" and len(progress) >= 5
    # Many files: no line per file, one summary (the first copy is already imported).
    assert result.stdout.splitlines() == [
        "0 imported, 0 replaced, 25 unchanged, 0 older kept out, 0 refused"
    ]


def test_a_workspace_made_before_keys_gets_one_on_first_use(tmp_path):
    root = tmp_path / "old"
    meetkit("init", root, "--demo")
    (root / ".meetkit" / "branch-key").unlink()
    printed = meetkit("-w", root, "key").output.strip()
    assert len(printed) == 39 and printed.count(":") == 7
    assert (root / ".meetkit" / "branch-key").stat().st_mode & 0o777 == 0o600
    assert meetkit("-w", root, "key").output.strip() == printed  # made once, kept


def test_the_committee_store_on_postgresql(world, tmp_path, monkeypatch):
    from conftest import postgres_schema

    files = list(world["bundles"].values())
    sqlite_side = tmp_path / "sqlite-committee"
    meetkit("committee", "init", sqlite_side, "--name", "示例街道党工委")
    with open(sqlite_side / "committee.toml", "a", encoding="utf-8") as fh:
        fh.write(RULE)
    meetkit("-w", sqlite_side, "committee", "import", *files)
    expected = meetkit(
        "-w", sqlite_side, "committee", "status", "--year", YEAR, "--quarter", 4, "--json"
    ).output
    with postgres_schema(monkeypatch):
        import os

        monkeypatch.setenv("MEETKIT_COMMITTEE_DATABASE_URL", os.environ["MEETKIT_DATABASE_URL"])
        pg_side = tmp_path / "pg-committee"
        meetkit("committee", "init", pg_side, "--name", "示例街道党工委")
        with open(pg_side / "committee.toml", "a", encoding="utf-8") as fh:
            fh.write(RULE)
        assert not (pg_side / ".meetkit" / "committee.db").exists()
        meetkit("-w", pg_side, "committee", "import", *files)
        again = meetkit("-w", pg_side, "committee", "import", *files).output
        assert f"{len(files)} unchanged" in again
        got = meetkit(
            "-w", pg_side, "committee", "status", "--year", YEAR, "--quarter", 4, "--json"
        ).output
        assert json.loads(got) == json.loads(expected)


def test_minutes_travel_as_pdf_down_to_the_console(world, tmp_path, soffice):
    from meetkit.committee.web import create_app
    from meetkit.committee.workspace import CommitteeWorkspace

    root = branch_workspace(tmp_path / "docs", "第四党支部", ["lesson"])
    meetkit("-w", root, "bundle", "--year", YEAR, "--quarter", 4, "--with-documents")
    path = root / f"第四党支部-{YEAR}Q4.meetkit-bundle"
    bundle = archive.read(path)
    lesson = f"{Q4[0].isoformat()}-lesson"
    pdf = bundle.files[f"documents/{lesson}/minutes.pdf"]
    assert pdf.startswith(b"%PDF") and bundle.manifest["files"][f"documents/{lesson}/minutes.pdf"]
    c(world, "import", path)
    cws = CommitteeWorkspace(world["committee"])
    client = create_app(cws).test_client()
    branch_id = next(b["id"] for b in cws.store.branches() if b["name"] == "第四党支部")
    page = client.get(f"/branches/{branch_id}?year={YEAR}").get_data(as_text=True)
    link = f"/branches/{branch_id}/{lesson}/minutes.pdf"
    assert link in page
    served = client.get(link)
    assert served.status_code == 200 and served.data == pdf


def test_a_committee_speaks_its_language(world, tmp_path):
    from meetkit.i18n import terminal_language

    english = tmp_path / "en-committee"
    meetkit("committee", "init", english, "--name", "Demo Street Committee", "--lang", "en")
    environ = {"LANG": "C"}
    assert terminal_language(cwd=world["committee"], environ=environ) == "zh-CN"
    assert terminal_language(cwd=english / "returns", environ=environ) == "en"
    zh = {"LANG": "zh_CN.UTF-8"}
    assert terminal_language(workspace_dir=str(english), environ=zh) == "en"
