"""The real example plugin, examples/meetkit-election, installed by pip (CI runs
`pip install ./examples/meetkit-election`) and found through its `meetkit` entry point, never
through the import path of the source tree."""

import json
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from conftest import need

from meetkit.scaffold import TemplateWriter
from meetkit.testing import document_text

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "examples" / "meetkit-election"
DATE = "2026-06-01"


def _distribution():
    try:
        return metadata.distribution("meetkit-election")
    except metadata.PackageNotFoundError:
        return None


@pytest.fixture(scope="module")
def dist():
    found = _distribution()
    need(
        "meetkit-election",
        found is not None,
        "install it as CI does: pip install ./examples/meetkit-election",
    )
    return found


@pytest.fixture
def election(dist, workspace):
    return workspace


def folder(workspace):
    return workspace / "meetings" / f"{DATE}-election"


def test_installed_as_a_distribution_with_its_data(dist):
    (ep,) = [ep for ep in dist.entry_points if ep.group == "meetkit"]
    assert (ep.name, ep.value) == ("election", "meetkit_election")
    files = {str(f) for f in dist.files}
    for data in (
        "meetkit_election/agenda.toml",
        *(
            f"meetkit_election/templates/{lang}/{name}.docx"
            for lang in ("zh-CN", "en")
            for name in ("candidates", "ballot", "count")
        ),
    ):
        assert data in files, f"{data} not shipped: check [tool.setuptools.package-data]"
    # Not an editable install pointing back into the source tree.
    module = Path(dist.locate_file("meetkit_election/__init__.py")).resolve()
    assert module.is_file()
    assert SOURCE not in module.parents, "install it without -e, as CI does"


def test_found_through_the_entry_point(run, election, dist):
    assert str(SOURCE) not in sys.path
    rows = {r["name"]: r for r in json.loads(run("plugins", "--json").stdout)}
    row = rows["election"]
    assert row["source"] == "entry point (meetkit-election)"
    assert row["version"] == dist.version == "0.1.0"
    assert row["status"] == "ok"
    assert row["hooks"] == [
        "meetkit_documents",
        "meetkit_register_meeting_types",
        "meetkit_template_context",
        "meetkit_validate_meeting",
    ]
    assert (
        Path(row["file"]).resolve()
        == Path(dist.locate_file("meetkit_election/__init__.py")).resolve()
    )


def test_type_quorum_documents_and_origins(run, election, dist):
    types = {t["key"]: t for t in json.loads(run("types", "--json").stdout)}
    t = types["election"]
    assert t["plugin"] == "election"
    assert t["names"] == {"zh-CN": "选举支部委员会党员大会", "en": "branch election meeting"}
    assert t["quorum"] == "有选举权的党员超过应到会人数的五分之四到会方可进行选举"
    assert t["documents"] == [
        "notice",
        "agenda",
        "candidates",
        "signin",
        "minutes",
        "ballot",
        "count",
        "actions",
    ]
    installed = Path(dist.locate_file("meetkit_election")).resolve()
    assert t["agenda"] == {"origin": "plugin", "path": str(installed / "agenda.toml")}
    for name in ("candidates", "ballot", "count"):
        assert t["templates"][name] == {
            "origin": "plugin",
            "path": str(installed / "templates" / "zh-CN" / f"{name}.docx"),
        }
    assert t["templates"]["minutes"]["origin"] == "built-in"


def test_prepare_an_election(run, election):
    out = run("prepare", "election", "--no-input", "--date", DATE).stdout
    for name in ("candidates.docx", "ballot.docx", "count.docx"):
        assert f"  {name}" in out
    docs = folder(election)
    # 12 members, 2 probationary: 10 voting; more than 4/5 of 10 is 9.
    count = document_text(docs / "count.docx")
    assert "应到会有选举权党员 | 10人；须超过五分之四，即至少9人到会" in count
    assert "实到会有选举权党员 | ______人" in count
    assert "被选举人获得的赞成票超过实到会有选举权的党员人数的一半，始得当选。" in count
    minutes = document_text(docs / "minutes.docx")
    assert (
        "按照“有选举权的党员超过应到会人数的五分之四到会方可进行选举”的规定，须到会9人" in minutes
    )
    # Without [election] in meetkit.toml the current committee stands, one seat each, and the
    # next full member makes up the 20% margin (基层组织选举工作条例 Art. 13): 4 for 3 seats.
    candidates = document_text(docs / "candidates.docx").splitlines()
    assert "应选委员3名，候选人4名（差额选举）" in candidates
    assert candidates[candidates.index("序号 | 姓名 | 党小组 | 现任职务 | 备注") + 1 :][:4] == [
        "1 | 王建国 | 第一党小组 | 书记 | ",
        "2 | 李秀英 | 第一党小组 | 委员 | ",
        "3 | 张伟 | 第二党小组 | 委员 | ",
        "4 | 刘洋 | 第一党小组 | 党员 | ",
    ]
    ballot = document_text(docs / "ballot.docx")
    # abstaining is "no mark": no abstain column; nothing pre-printed about ballots handed out
    assert "序号 | 候选人姓名 | 同意 | 不同意" in ballot.splitlines()
    assert "弃权" not in ballot.replace("弃权的不划任何符号", "")
    assert "发出选票" not in ballot
    assert ballot.count(" | 另选他人： |  | ") == 2
    agenda = document_text(docs / "agenda.docx")
    assert "6. 发放选票，进行无记名投票" in agenda


def test_seats_and_candidates_from_meetkit_toml(run, election):
    with open(election / "meetkit.toml", "a", encoding="utf-8") as fh:
        fh.write('\n[election]\nseats = 3\ncandidates = ["王建国", "李秀英", "张伟", "刘洋"]\n')
    run("prepare", "election", "--no-input", "--date", DATE)
    ballot = document_text(folder(election) / "ballot.docx")
    assert "1. 本次应选委员3名，实行差额选举。" in ballot
    assert "4 | 刘洋 |  | " in ballot


@pytest.mark.parametrize(
    "table, line, message",
    [
        (
            '[election]\nseats = 1\ncandidates = ["赵磊"]\n',
            3,
            "[election] candidates: 赵磊 is a probationary member and cannot stand for election",
        ),
        (
            '[election]\nseats = 1\ncandidates = ["王建国", "无名氏"]\n',
            3,
            "[election] candidates: 无名氏 is not in members.csv",
        ),
        (
            '[election]\nseats = 3\ncandidates = ["王建国"]\n',
            2,
            "[election] 1 candidates for 3 seats: a committee election needs at least 4 (20% more "
            "candidates than seats, 基层组织选举工作条例 Art. 13)",
        ),
        (
            '[election]\nseats = 3\ncandidates = ["王建国", "李秀英", "张伟"]\n',
            2,
            "[election] 3 candidates for 3 seats: a committee election needs at least 4 (20% more "
            "candidates than seats, 基层组织选举工作条例 Art. 13)",
        ),
        (
            '[election]\nseats = "three"\ncandidates = ["王建国"]\n',
            2,
            "[election] seats must be a whole number of at least 1, got 'three'",
        ),
    ],
)
def test_bad_election_settings_stop_prepare(run, election, table, line, message):
    config = election / "meetkit.toml"
    first = len(config.read_text(encoding="utf-8").splitlines()) + 1  # the "[election]" line
    with open(config, "a", encoding="utf-8") as fh:
        fh.write(table)
    result = run("prepare", "election", "--no-input", "--date", DATE, ok=False)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {config}:{first + line - 1}: {message}\n"
    assert not folder(election).exists()
    assert json.loads(run("list", "--json").stdout) == []


def test_small_branch_needs_everyone(tmp_path, dist):
    from meetkit.testing import make_workspace, prepare_meeting

    ws = make_workspace(
        tmp_path / "ws",
        members=[
            {"name": n, "role": r, "group": "一组"}
            for n, r in (
                ("甲", "secretary"),
                ("乙", "committee"),
                ("丙", "member"),
                ("丁", "member"),
                ("戊", "member"),
            )
        ]
        + [{"name": "己", "status": "probationary", "group": "一组"}],
    )
    result = prepare_meeting(ws, "election", date=DATE)
    count = document_text(result.document("count"))
    assert "5人；须超过五分之四，即至少5人到会" in count  # 4 of 5 is exactly 4/5: not enough


def test_english(tmp_path, dist):
    from meetkit.testing import make_workspace, prepare_meeting

    ws = make_workspace(tmp_path / "ws", lang="en")
    result = prepare_meeting(ws, "election", date=DATE)
    ballot = document_text(result.document("ballot"))
    assert ballot.splitlines()[0] == (
        "Demo Community Branch No. 1: ballot for the election of the branch committee"
    )
    assert (
        "1. 3 members are to be elected (competitive election (more candidates than seats))."
    ) in ballot
    assert "Abstain" not in ballot and "handed out" not in ballot
    count = document_text(result.document("count"))
    assert "10; more than four-fifths, at least 9, must be present" in count


def test_workspace_template_beats_the_plugins(run, election):
    t = TemplateWriter("zh-CN")
    t.title("本支部选票（{{ election.seats }}名）")
    t.grid(
        ["姓名", "同意"],
        ["{%tr for c in election.candidates %}", ["{{ c.name }}", ""], "{%tr endfor %}"],
    )
    t.save(election / "templates" / "zh-CN" / "ballot.docx")
    types = {t["key"]: t for t in json.loads(run("types", "--json").stdout)}
    assert types["election"]["templates"]["ballot"]["origin"] == "workspace"
    run("prepare", "election", "--no-input", "--date", DATE)
    ballot = document_text(folder(election) / "ballot.docx").splitlines()
    assert ballot[:3] == ["本支部选票（3名）", "姓名 | 同意", "王建国 | "]


def test_its_templates_pass_check_template(run, election, dist):
    installed = Path(dist.locate_file("meetkit_election")).resolve() / "templates"
    for lang in ("zh-CN", "en"):
        for name in ("candidates", "ballot", "count"):
            path = installed / lang / f"{name}.docx"
            out = run("check-template", str(path)).stdout
            assert out == (
                f"{path}: ok, checked as document {name!r} of a sample election meeting ({lang})\n"
            )


def test_the_packages_own_tests_pass(dist, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(SOURCE / "tests")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 passed" in result.stdout
