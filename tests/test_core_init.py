"""meetkit init: the files it creates, the demo branch, never overwriting, the secret's mode,
English workspaces, and rosters with Chinese headers."""

from __future__ import annotations

import csv
import json
import stat

from core_helpers import find_table, mk, open_docx

from meetkit.config import load_config
from meetkit.roster import read_roster


def snapshot(root):
    """Every file under root with its bytes and mtime."""
    return {
        p.relative_to(root): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_init_demo_creates_the_workspace(tmp_path):
    result = mk(None, "init", tmp_path / "branch", "--demo")
    root = tmp_path / "branch"
    assert "Created workspace" in result.output and "meetkit prepare lesson" in result.output
    for name in (
        "meetkit.toml",
        "members.csv",
        ".gitignore",
        ".meetkit/secret",
        "agendas/README.txt",
        "templates/README.txt",
        "plugins/README.txt",
    ):
        assert (root / name).is_file(), name
    # Each empty folder says what goes there.
    assert ".toml" in (root / "agendas/README.txt").read_text(encoding="utf-8")
    assert ".docx" in (root / "templates/README.txt").read_text(encoding="utf-8")
    assert ".py" in (root / "plugins/README.txt").read_text(encoding="utf-8")
    assert ".meetkit/" in (root / ".gitignore").read_text()

    cfg = load_config(root / "meetkit.toml")
    assert cfg.branch == "示例社区第一党支部"
    assert cfg.lang == "zh-CN"
    assert cfg.secretary == "王建国" and cfg.organizer == "李秀英"
    assert cfg.higher_org and cfg.place
    assert cfg.port == 8750 and cfg.public_url == ""


def test_demo_roster_is_a_small_branch(tmp_path):
    mk(None, "init", tmp_path / "b", "--demo")
    members = read_roster(tmp_path / "b" / "members.csv")
    assert len(members) == 12
    assert len({m.name for m in members}) == 12
    committee = [m for m in members if m.committee]
    assert len(committee) == 3
    assert sorted(m.role for m in committee) == ["committee", "committee", "secretary"]
    groups = {m.group for m in members}
    assert len(groups) == 2 and all(groups)
    probationary = [m for m in members if m.status == "probationary"]
    assert len(probationary) == 2 and not any(m.voting for m in probationary)
    # Probationary members sit in both groups, so group meetings show the rule too.
    assert {m.group for m in probationary} == groups
    cfg = load_config(tmp_path / "b" / "meetkit.toml")
    assert cfg.secretary == next(m.name for m in members if m.role == "secretary")


def test_secret_is_private(tmp_path):
    mk(None, "init", tmp_path / "b")
    secret = tmp_path / "b" / ".meetkit" / "secret"
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    assert len(secret.read_bytes().strip()) >= 32


def test_init_without_demo_has_an_empty_roster(tmp_path):
    mk(None, "init", tmp_path / "b", "--branch", "第七党支部")
    root = tmp_path / "b"
    rows = list(csv.reader((root / "members.csv").read_text(encoding="utf-8").splitlines()))
    assert rows == [["name", "status", "group", "role", "phone"]]
    assert load_config(root / "meetkit.toml").branch == "第七党支部"


def test_init_never_overwrites(tmp_path):
    root = tmp_path / "b"
    mk(None, "init", root, "--demo")
    (root / "members.csv").write_text(
        "name,status,group,role\n张三,full,一组,secretary\n", encoding="utf-8"
    )
    before = snapshot(root)
    for args in (["--demo"], ["--lang", "en", "--demo"], []):
        result = mk(None, "init", root, *args, ok=False)
        assert result.exit_code != 0
        assert "already a meetkit workspace" in result.output
        assert "Traceback" not in result.output
    assert snapshot(root) == before


def test_init_refuses_a_folder_holding_only_a_roster(tmp_path):
    root = tmp_path / "b"
    root.mkdir()
    (root / "members.csv").write_text(
        "name,status,group,role\n张三,full,一组,secretary\n", encoding="utf-8"
    )
    result = mk(None, "init", root, "--demo", ok=False)
    assert result.exit_code != 0
    assert sorted(p.name for p in root.iterdir()) == ["members.csv"]
    assert "张三" in (root / "members.csv").read_text(encoding="utf-8")


def test_init_lang_en(tmp_path):
    root = tmp_path / "en"
    mk(None, "init", root, "--lang", "en", "--demo")
    cfg = load_config(root / "meetkit.toml")
    assert cfg.lang == "en"
    assert cfg.branch == "Demo Community Branch No. 1"
    members = read_roster(root / "members.csv")
    assert members[0].name == "Wang Jianguo" and len(members) == 12
    notes = (root / "templates/README.txt").read_text(encoding="utf-8")
    assert notes.isascii()
    # Its documents come out in English by default.
    mk(root, "prepare", "lesson", "--no-input", "--date", "2026-12-01")
    doc = open_docx(root / "meetings/2026-12-01-lesson/signin.docx")
    table = find_table(doc, "Name")
    assert [r[1] for r in table[1:13]] == [m.name for m in members]


CHINESE_ROSTER = """姓名,类别,党小组,职务,手机
周明,正式党员,一组,书记,13900000001
吴芳,正式党员,一组,组织委员,
郑凯,正式党员,二组,委员,
冯雪,预备党员,一组,党员,
钱进,正式党员,二组,党员,
"""


def _use_chinese_roster(root, encoding="utf-8"):
    (root / "members.csv").write_bytes(CHINESE_ROSTER.encode(encoding))
    toml = root / "meetkit.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(
        text.replace('"王建国"', '"周明"').replace('"李秀英"', '"吴芳"'), encoding="utf-8"
    )


def test_chinese_headers_are_accepted(tmp_path):
    root = tmp_path / "b"
    mk(None, "init", root, "--demo")
    _use_chinese_roster(root)
    members = read_roster(root / "members.csv")
    assert [(m.name, m.status, m.group, m.role) for m in members] == [
        ("周明", "full", "一组", "secretary"),
        ("吴芳", "full", "一组", "organization"),  # 组织委员, kept as the roster says (issue 21)
        ("郑凯", "full", "二组", "committee"),
        ("冯雪", "probationary", "一组", "member"),
        ("钱进", "full", "二组", "member"),
    ]
    assert members[0].phone == "13900000001"

    mk(root, "prepare", "committee", "--no-input", "--date", "2026-12-02")
    shown = json.loads(mk(root, "show", "2026-12-02-committee", "--json").stdout)
    assert shown["expected"] == ["周明", "吴芳", "郑凯"]
    assert shown["host"] == "周明" and shown["recorder"] == "吴芳"

    mk(root, "prepare", "general", "--no-input", "--date", "2026-12-02")
    doc = open_docx(root / "meetings/2026-12-02-general/signin.docx")
    table = find_table(doc, "姓名", "签名")
    rows = {r[1]: r for r in table[1:] if len(r) > 1 and r[1]}
    assert set(rows) >= {"周明", "吴芳", "郑凯", "冯雪", "钱进"}
    assert "预备党员" in rows["冯雪"] and "正式党员" in rows["钱进"]


def test_roster_saved_by_excel_in_gbk(tmp_path):
    root = tmp_path / "b"
    mk(None, "init", root, "--demo")
    _use_chinese_roster(root, encoding="gb18030")
    assert [m.name for m in read_roster(root / "members.csv")][:2] == ["周明", "吴芳"]
