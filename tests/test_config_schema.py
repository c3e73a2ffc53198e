"""meetkit.toml has one schema (meetkit.config.SETTINGS): every row's type and check is enforced
when the file is read, and every error names the file and the line the TOML parser puts the key
on."""

import pytest

from meetkit._toml import tomllib
from meetkit.config import SETTINGS, SHARE, Config, line_in_text, load_config
from meetkit.errors import MeetkitError

WRONG = {
    str: "3",
    int: '"3"',
    bool: '"yes"',
    dict: '"3"',
    list: '"3"',
    SHARE: "[3]",
}  # TOML text of a value of the wrong type


def write(tmp_path, text):
    path = tmp_path / "meetkit.toml"
    path.write_text(text, encoding="utf-8")
    return path


def refusal(path) -> str:
    with pytest.raises(MeetkitError) as info:
        load_config(path)
    return str(info.value)


@pytest.mark.parametrize(
    "row", [r for r in SETTINGS if r.key], ids=lambda r: f"{r.section}.{r.key}"
)
def test_every_setting_of_the_wrong_type_is_named_with_its_line(tmp_path, row):
    # The key sits on line 5, after another table and a comment, so a wrong line shows.
    path = write(
        tmp_path, f"[other]\nx = 1\n# a comment\n[{row.section}]\n{row.key} = {WRONG[row.kind]}\n"
    )
    message = refusal(path)
    assert message.startswith(f"{path}:5: [{row.section}] {row.key} must be ")
    wrong = tomllib.loads(f"v = {WRONG[row.kind]}")["v"]
    assert message.endswith(f", got {wrong!r}")


@pytest.mark.parametrize(
    "section, key, value, words",
    [
        ("branch", "lang", '"fr"', 'must be "zh-CN" or "en", got \'fr\''),
        ("meeting", "start_time", '"25:00"', "must be HH:MM, got '25:00'"),
        ("meeting", "late_grace_minutes", "-1", "must be 0-1440, got -1"),
        ("meeting", "late_grace_minutes", "1000000000000", "must be 0-1440, got 1000000000000"),
        ("signin", "port", "70000", "must be 1-65535, got 70000"),
        ("followup", "carry", '"everything"', 'must be "type" or "branch", got \'everything\''),
        # the tables that were read on their own before (issue 20): one schema now
        (
            "meeting",
            "timezone",
            '"Mars/Olympus"',
            "must be a time zone such as \"Asia/Shanghai\", got 'Mars/Olympus'",
        ),
        ("meeting", "duration_minutes", "0", "must be 1-1440, got 0"),
        ("appraisal", "min_graders", "0", "must be at least 1, got 0"),
        (
            "appraisal",
            "excellent_share",
            '"2/1"',
            "must be a share such as 0.3 or \"1/3\", got '2/1'",
        ),
        (
            "life",
            "selfcheck_headings",
            "[]",
            'must be a list of headings, e.g. ["一、…", "二、…"], got []',
        ),
    ],
)
def test_checks(tmp_path, section, key, value, words):
    path = write(tmp_path, f"[{section}]\n\n{key} = {value}\n")
    assert refusal(path) == f"{path}:3: [{section}] {key} {words}"


def test_a_section_that_is_not_a_table(tmp_path):
    path = write(tmp_path, '# settings\nsignin = "yes"\n')
    assert refusal(path) == f"{path}:2: [signin] must be a table"


def test_defaults_and_values(tmp_path):
    cfg = load_config(
        write(
            tmp_path,
            '[signin]\npublic_url = "http://10.0.0.2:8750/"\n[followup]\ncarry = "branch"\n',
        )
    )
    defaults = Config()
    assert (cfg.lang, cfg.port, cfg.start_time) == (
        defaults.lang,
        defaults.port,
        defaults.start_time,
    )
    assert cfg.public_url == "http://10.0.0.2:8750"
    assert cfg.setting("followup", "carry") == "branch"
    assert load_config(write(tmp_path, "")).setting("followup", "carry") == "type"


def test_line_in_text_follows_the_parser_not_the_text():
    text = (
        "[ledger]\n"
        "# lesson = 9 in a comment is not a setting\n"
        "group = [\n  1,\n  2,\n]\n"
        '"democratic-life" = 1\n'
        '[branch]\nname = "x"\n'
        "ledger.lesson = 2\n"
    )
    assert line_in_text(text, "ledger", "democratic-life") == 7
    assert line_in_text(text, "ledger", "group") == 6  # where the value is complete
    assert line_in_text(text, "ledger", "lesson") == 0  # [branch] ledger.lesson is another table
    assert line_in_text(text, "branch", "name") == 9
    assert line_in_text(text, "branch") == 8
