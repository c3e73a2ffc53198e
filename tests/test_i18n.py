"""Chinese at the terminal (issue 8, item 6): the gettext catalogs cover every message in the
code, meetkit speaks the workspace's language (else the locale's), documents keep their
meeting's language, and meeting types are accepted by their Chinese names and aliases.

The rest of the suite reads English (conftest sets MEETKIT_LANG=en); these tests unset it."""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

import pytest
from core_helpers import (
    C_LOCALE,
    ZH_LOCALE,
    all_text,
    make_workspace,
    meetkit_process,
    mk,
    open_docx,
)

from meetkit import i18n
from meetkit.host.manager import Plugins

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import messages  # noqa: E402  (tools/messages.py: the extract/update/compile script)


def test_every_message_in_the_code_has_a_chinese_translation():
    """Babel extracts the code's messages; each needs a zh_CN msgstr, and the shipped .mo must
    be the .po compiled (run `python tools/messages.py` after adding messages)."""
    assert messages.problems() == []
    extracted = [m for m in messages.extract() if m.id]
    assert len(extracted) > 300  # the extraction really ran over meetkit's code


def test_the_check_would_notice_a_missing_translation(tmp_path, monkeypatch):
    """A message added to the code without a translation fails the check above."""
    package = tmp_path / "meetkit"
    package.mkdir()
    (package / "new.py").write_text(
        'from meetkit.i18n import _\n_("A brand-new message")\n', encoding="utf-8"
    )
    monkeypatch.setattr(messages, "ROOT", tmp_path)
    monkeypatch.setattr(messages, "SOURCES", ("meetkit",))
    monkeypatch.setattr(
        messages,
        "po_path",
        lambda lang, domain="meetkit": (
            ROOT / "meetkit" / "locale" / lang / "LC_MESSAGES" / f"{domain}.po"
        ),
    )
    found = messages.problems()
    assert "zh_CN: no translation for 'A brand-new message'" in found


def test_the_api_gives_the_current_and_an_explicit_language():
    i18n.set_language("zh-CN")
    assert i18n._("sick leave") == "病假"
    assert i18n.gettext_for("en")("sick leave") == "sick leave"
    i18n.set_language("en")
    assert i18n._("sick leave") == "sick leave"
    assert i18n.gettext_for("zh-CN")("sick leave") == "病假"
    assert i18n.gettext_for("zh-CN")("") == ""  # not the catalog's header
    assert i18n.pgettext_for("zh-CN")("list separator", ", ") == "、"
    assert [i18n.normalize(x) for x in ("zh_CN.UTF-8", "zh-Hans", "zh_TW", "en_US", "C", "")] == [
        "zh-CN",
        "zh-CN",
        "zh-CN",
        "en",
        "en",
        "en",
    ]


@pytest.mark.parametrize(
    "environ, lang",
    [
        ({"LANG": "zh_CN.UTF-8"}, "zh-CN"),
        ({"LC_ALL": "zh_CN.GB18030", "LANG": "en_US.UTF-8"}, "zh-CN"),
        ({"LANGUAGE": "en_GB:zh_CN", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({}, "en"),
        ({"MEETKIT_LANG": "zh-CN", "LANG": "C"}, "zh-CN"),
    ],
)
def test_the_locale_decides_outside_a_workspace(environ, lang, tmp_path):
    assert i18n.terminal_language(cwd=tmp_path, environ=environ) == lang


def test_a_chinese_workspace_answers_in_chinese(tmp_path):
    """A zh-CN workspace under an English locale: help and errors in Chinese, as a real process."""
    root = make_workspace(tmp_path / "ws", lang="zh-CN")
    help_ = meetkit_process("--help", cwd=root, env=C_LOCALE)
    assert help_.returncode == 0, help_.stderr
    assert help_.stdout.startswith("用法：meetkit [OPTIONS] COMMAND [ARGS]...")
    for words in (
        "选项：",
        "命令：",
        "准备一次会议：保存会议并生成 Word 文档。",
        "显示本帮助并退出。",
    ):
        assert words in help_.stdout
    prepare_help = meetkit_process("prepare", "--help", cwd=root, env=C_LOCALE).stdout
    assert (
        "TYPE 是会议类型的代码或名称" in prepare_help and "不提问，全部使用默认值。" in prepare_help
    )
    error = meetkit_process("show", "2026-01-01-lesson", cwd=root, env=C_LOCALE)
    assert error.returncode == 1
    assert error.stderr.strip() == "错误：没有会议 '2026-01-01-lesson'（见 `meetkit list`）"
    usage = meetkit_process("prepare", cwd=root, env=C_LOCALE)
    assert usage.returncode == 2 and "错误：缺少参数 'TYPE'." in usage.stderr


def test_an_english_workspace_answers_in_english(tmp_path):
    """An en workspace under a Chinese locale: the workspace wins."""
    root = make_workspace(tmp_path / "ws", lang="en")
    help_ = meetkit_process("--help", cwd=root, env=ZH_LOCALE)
    assert help_.returncode == 0, help_.stderr
    assert help_.stdout.startswith("Usage: meetkit [OPTIONS] COMMAND [ARGS]...")
    assert (
        "  prepare         Prepare a meeting: store it and write its Word documents."
        in help_.stdout
    )
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in help_.stdout.replace("台账", ""))
    error = meetkit_process("show", "2026-01-01-lesson", cwd=root, env=ZH_LOCALE)
    assert error.returncode == 1
    assert error.stderr.strip() == "Error: no meeting '2026-01-01-lesson' (see `meetkit list`)"


def test_outside_a_workspace_the_locale_decides(tmp_path):
    zh = meetkit_process("list", cwd=tmp_path, env=ZH_LOCALE)
    assert (
        zh.returncode == 1 and zh.stderr.startswith("错误：") and "meetkit init --demo" in zh.stderr
    )
    en = meetkit_process("list", cwd=tmp_path, env=C_LOCALE)
    assert en.returncode == 1 and en.stderr.startswith("Error: no meetkit workspace here")


def test_chinese_terminal_english_documents(tmp_path):
    """The terminal speaks the workspace's language; the documents speak the meeting's."""
    root = make_workspace(tmp_path / "ws", lang="zh-CN")
    out = mk(
        root, "prepare", "党课", "--lang", "en", "--no-input", "--date", "2026-12-03", env=C_LOCALE
    ).output
    assert "已准备 2026-12-03-lesson，文档在 meetings/2026-12-03-lesson/：" in out
    text = all_text(open_docx(root / "meetings" / "2026-12-03-lesson" / "notice.docx"))
    assert "Party lesson" in text or "party lesson" in text
    assert "党课" not in text
    mk(root, "signin", "2026-12-03-lesson", "王建国", "--at", "19:20", env=C_LOCALE)
    mk(
        root,
        "leave",
        "2026-12-03-lesson",
        "周杰",
        "--reason",
        "出差",
        "--kind",
        "official",
        env=C_LOCALE,
    )
    table = mk(root, "attendance", "2026-12-03-lesson", env=C_LOCALE).output
    assert "姓名" in table and "正常" in table and "公假" in table and "缺席" in table
    assert "本次会议应到12人，实到1人" in table


def test_prepare_accepts_the_chinese_name(tmp_path):
    """`meetkit prepare 党课` prepares a party lesson (key lesson), documents and all."""
    root = make_workspace(tmp_path / "ws")
    out = mk(root, "prepare", "党课", "--no-input", "--date", "2026-12-03").output
    assert "Prepared 2026-12-03-lesson" in out
    shown = json.loads(mk(root, "show", "2026-12-03-lesson", "--json").output)
    assert shown["type"] == "lesson"
    notice = all_text(open_docx(root / "meetings" / "2026-12-03-lesson" / "notice.docx"))
    assert "党课" in notice
    assert "2026-12-03-lesson" in mk(root, "list", "--type", "党课").output


@pytest.mark.parametrize(
    "typed, key",
    [
        ("党课", "lesson"),
        ("支委会", "committee"),
        ("支部委员会", "committee"),
        ("党员大会", "general"),
        ("支部党员大会", "general"),
        ("党小组会", "group"),
        ("组织生活会", "life"),
        ("民主生活会", "democratic-life"),
        ("主题党日", "theme-day"),
        ("lesson", "lesson"),
        ("theme-day", "theme-day"),
        ("Party Lesson", "lesson"),
        ("党 课", "lesson"),
        ("ｌｅｓｓｏｎ", "lesson"),
    ],
)
def test_meeting_types_by_name_and_alias(typed, key):
    assert Plugins(None).meeting_type(typed).key == key


def test_an_unknown_type_is_refused_with_the_known_keys():
    from meetkit.errors import MeetkitError

    i18n.set_language("zh-CN")
    with pytest.raises(MeetkitError, match="^没有会议类型 '会议'；现有类型：committee, "):
        Plugins(None).meeting_type("会议")


def _plugin(root, name, code):
    (root / "plugins" / f"{name}.py").write_text(textwrap.dedent(code), encoding="utf-8")


WITH_LOCAL = {"MEETKIT_LOAD_PLUGINS": None}  # load the workspace's plugins/ too


COUNCIL = """
    from meetkit import MeetingType, hookimpl


    @hookimpl
    def meetkit_register_meeting_types(register):
        register.add(MeetingType(key="council", name={{"zh-CN": "村务联席会", "en": "council"}},
                                 aliases={aliases!r}))
"""


def test_a_plugin_gives_its_type_aliases(tmp_path):
    root = make_workspace(tmp_path / "ws")
    _plugin(root, "council", COUNCIL.format(aliases=("联席会", "两委会")))
    types = {t["key"]: t for t in json.loads(mk(root, "types", "--json", env=WITH_LOCAL).output)}
    assert types["council"]["aliases"] == ["联席会", "两委会"]
    assert types["lesson"]["aliases"] == ["党课"]
    assert "联席会,两委会" in mk(root, "types", env=WITH_LOCAL).output
    out = mk(root, "prepare", "两委会", "--no-input", "--date", "2026-12-04", env=WITH_LOCAL).output
    assert "2026-12-04-council" in out


def test_an_alias_another_plugin_claims_is_refused_naming_both(tmp_path):
    root = make_workspace(tmp_path / "ws")
    _plugin(root, "council", COUNCIL.format(aliases=("支委会",)))
    result = mk(root, "types", ok=False, env=WITH_LOCAL)
    assert result.exit_code == 1
    assert (
        "meeting type name '支委会' is claimed twice: by committee (type 'committee') and by "
        "council (type 'council')"
    ) in result.output


def test_a_bad_alias_skips_the_plugin_with_a_warning(tmp_path):
    root = make_workspace(tmp_path / "ws")
    _plugin(root, "council", COUNCIL.format(aliases=("村 务",)))
    result = mk(root, "types", env=WITH_LOCAL)
    assert "council" not in [line.split()[0] for line in result.output.splitlines()[2:]]
    assert "meetkit: warning: plugin council skipped" in result.output
    assert "meeting type alias '村 务' must be 1-40 characters without spaces" in result.output


def test_help_in_chinese_stays_lean(tmp_path, monkeypatch):
    """Deciding the language reads meetkit.toml with tomllib: still no docx, Flask or database."""
    from test_core_startup import probe

    monkeypatch.delenv("MEETKIT_LANG")
    root = make_workspace(tmp_path / "ws", lang="zh-CN")
    result = probe(["--workspace", str(root), "--help"])
    assert result["code"] == 0 and result["heavy"] == []
    assert "准备一次会议" in result["output"]


@pytest.mark.parametrize(
    "toml, lang",
    [
        ('[branch]\nname = "x"\nlang = "en"\n', "en"),
        ('[branch]\nlang = "zh-CN"            # document language\n', "zh-CN"),
        ('[other]\nlang = "en"\n[branch]\nname = "x"\n', "zh-CN"),  # not [branch]'s: the default
        ('[branch]\nname = "x"\n[meeting]\nlang = "en"\n', "zh-CN"),
        ('branch.lang = "en"\n', "en"),
        ("[branch]\nlang = 'en'\n", "en"),
        ('[branch\nlang = "en"\n', None),  # broken: the command reports it
    ],
)
def test_the_workspace_language_is_read_cheaply_and_right(tmp_path, toml, lang):
    (tmp_path / "meetkit.toml").write_text(toml, encoding="utf-8")
    assert i18n.workspace_language(tmp_path) == lang


def test_click_s_own_words_are_translated_too(tmp_path):
    """Usage errors from click's parser, and `meetkit` alone (click prints the help)."""
    root = make_workspace(tmp_path / "ws", lang="zh-CN")
    bogus = mk(root, "prepare", "--bogus", ok=False, env=C_LOCALE)
    assert bogus.exit_code == 2 and "错误：没有这个选项：--bogus" in bogus.output
    assert "prepare --help”查看帮助。" in bogus.output  # the runner calls itself "cli"
    unknown = mk(root, "nosuch", ok=False, env=C_LOCALE)
    assert "错误：没有“nosuch”这个命令。" in unknown.output
    assert "错误：缺少命令。" in mk(root, ok=False, env=C_LOCALE).output  # only --workspace
    bare = meetkit_process(cwd=root, env=C_LOCALE)  # click prints the help (on stderr)
    assert bare.stderr.startswith("用法：meetkit") and "命令：" in bare.stderr
    assert "错误" not in bare.stdout + bare.stderr
    assert (
        "  add     新增会议 ID 决定的事项 TEXT，附责任人和完成时限。"
        in mk(root, "action", "--help", env=C_LOCALE).output
    )
