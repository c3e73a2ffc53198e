"""The election plugin's own tests, written with meetkit.testing as any plugin's would be.
Install the package first (`pip install -e .` or `pip install .`): meetkit finds it through its
entry point."""

import pytest

from meetkit.errors import MeetkitError
from meetkit.testing import document_text, make_workspace, prepare_meeting


def test_quorum_is_more_than_four_fifths_of_voting_members(tmp_path):
    ws = make_workspace(tmp_path / "ws")  # 12 members, 2 probationary: 10 voting
    result = prepare_meeting(ws, "election", date="2026-06-01")
    count = document_text(result.document("count"))
    assert "10人；须超过五分之四，即至少9人到会" in count


def test_candidates_and_seats_from_meetkit_toml(tmp_path):
    ws = make_workspace(
        tmp_path / "ws",
        config='[election]\nseats = 3\ncandidates = ["王建国", "李秀英", "张伟", "刘洋"]',
    )
    result = prepare_meeting(ws, "election", date="2026-06-01")
    ballot = document_text(result.document("ballot"))
    assert "本次应选委员3名，实行差额选举" in ballot
    assert "4 | 刘洋 |  | " in ballot


def test_as_many_candidates_as_seats_stops_prepare(tmp_path):
    # 基层组织选举工作条例 (2020) Art. 13: at least 20% more candidates than seats
    ws = make_workspace(
        tmp_path / "ws", config='[election]\nseats = 3\ncandidates = ["王建国", "李秀英", "张伟"]'
    )
    with pytest.raises(MeetkitError, match="3 candidates for 3 seats: .* at least 4"):
        prepare_meeting(ws, "election", date="2026-06-01")


def test_a_probationary_candidate_stops_prepare(tmp_path):
    ws = make_workspace(tmp_path / "ws", config='[election]\nseats = 1\ncandidates = ["赵磊"]')
    with pytest.raises(MeetkitError, match="赵磊 is a probationary member"):
        prepare_meeting(ws, "election", date="2026-06-01")
    assert not (ws.root / "meetings" / "2026-06-01-election").exists()
