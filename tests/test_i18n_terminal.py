"""Chinese at the terminal, the rest of it (issue 8, item 6): every command's help, the notice
picture's and the workbooks' words, same-name labels, the member history, plan's table, serve's
start-up lines, click's "Aborted!" and its value errors, in the workspace's language.

Like tests/test_i18n.py these unset MEETKIT_LANG (conftest sets it to en for the rest)."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path

import click
import pytest
from core_helpers import (
    C_LOCALE,
    CORE_ENV,
    ZH_LOCALE,
    child_env,
    make_workspace,
    meetkit_process,
    mk,
)

from meetkit.cli import COMMANDS, cli
from meetkit.i18n import gettext_for


def cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _commands():
    """(path, command) for every command and subcommand, loaded as `meetkit` loads them."""
    ctx = click.Context(cli)
    for name in sorted(COMMANDS):
        command = cli.get_command(ctx, name)
        yield (name,), command
        for sub_name, sub in sorted(getattr(command, "commands", {}).items()):
            yield (name, sub_name), sub


@pytest.mark.parametrize(
    "path,command", list(_commands()), ids=lambda x: " ".join(x) if isinstance(x, tuple) else ""
)
def test_every_command_s_help_has_a_chinese_translation(path, command):
    """A command whose help is only an untranslated docstring, or an option whose help isn't in
    the catalog, fails here (they showed English in a Chinese workspace)."""
    zh = gettext_for("zh-CN")
    assert command.help and cjk(zh(command.help)), f"meetkit {' '.join(path)}: {command.help!r}"
    for param in command.params:
        help_ = getattr(param, "help", None)
        if help_:
            assert cjk(zh(help_)) or zh(help_) != help_, (
                f"meetkit {' '.join(path)} {param.opts}: {help_!r}"
            )


@pytest.mark.parametrize(
    "args",
    [
        ("share",),
        ("export",),
        ("plan",),
        ("members",),
        ("member",),
        ("signin-code",),
        ("signin-code", "reissue"),
    ],
)
def test_the_commands_that_were_english_show_chinese_help(tmp_path, args):
    root = make_workspace(tmp_path / "ws", lang="zh-CN")
    out = mk(root, *args, "--help", env=C_LOCALE).output
    description = out.split("\n\n")[1]
    assert out.startswith("用法：") and cjk(description), out
    options = out.split("选项：", 1)[1].split("命令：")[0]
    # Every option's help is Chinese: on the option's line, or the next when the names are long.
    lines = options.splitlines() + [""]
    rows = [i for i, line in enumerate(lines) if line.startswith("  -")]
    assert rows and all(cjk(lines[i]) or cjk(lines[i + 1]) for i in rows), out
    en = mk(make_workspace(tmp_path / "en", lang="en"), *args, "--help", env=ZH_LOCALE).output
    assert en.startswith("Usage: ") and not cjk(en.replace("年度计划", "")), en


def test_click_s_value_errors_in_the_workspace_s_language(tmp_path):
    zh = make_workspace(tmp_path / "zh", lang="zh-CN")
    not_int = mk(zh, "ledger", "--year", "abc", ok=False, env=C_LOCALE)
    assert not_int.exit_code == 2
    assert "错误：'--year' 的值无效：'abc' 不是整数。" in not_int.output
    out_of_range = mk(zh, "member", "--year", "1", "张伟", ok=False, env=C_LOCALE).output
    assert "错误：'--year' 的值无效：1 不在范围 1900<=x<=9999 内。" in out_of_range
    choice = mk(zh, "actions", "--kind", "x", ok=False, env=C_LOCALE).output
    assert "错误：'--kind' 的值无效：'x' 不是 " in choice and "之一。" in choice
    folder = mk(zh, "check-template", str(zh), ok=False, env=C_LOCALE).output
    assert f"错误：'FILE' 的值无效：'{zh}' 是文件夹，不是文件。" in folder
    year = mk(zh, "plan", "12", ok=False, env=C_LOCALE).output
    assert "错误：YEAR 的值无效：12 不是有效的年份" in year
    en = make_workspace(tmp_path / "en", lang="en")
    assert (
        "Error: Invalid value for '--year': 'abc' is not a valid integer."
        in mk(en, "ledger", "--year", "abc", ok=False, env=ZH_LOCALE).output
    )


def test_click_s_other_messages_come_from_its_catalog(tmp_path):
    """click's words through its own gettext domain (meetkit/locale/zh_CN/LC_MESSAGES/click.po),
    not meetkit's re-reading of its English: messages no pattern of meetkit's ever knew."""
    zh = make_workspace(tmp_path / "zh", lang="zh-CN")
    no_value = mk(zh, "ledger", "--year", ok=False, env=C_LOCALE)
    assert no_value.exit_code == 2
    assert "错误：选项 --year 需要 1 个值。" in no_value.output, no_value.output
    near = mk(zh, "ledger", "--yaer", "2026", ok=False, env=C_LOCALE).output
    assert "错误：没有这个选项：--yaer （是否应为 '--year'？）" in near, near
    missing = mk(zh, "check-template", str(zh / "nosuch.docx"), ok=False, env=C_LOCALE).output
    assert f"错误：'FILE' 的值无效：'{zh / 'nosuch.docx'}' 不存在。" in missing, missing
    # and the same in English, from a Chinese terminal
    en = make_workspace(tmp_path / "en", lang="en")
    english = mk(en, "ledger", "--year", ok=False, env=ZH_LOCALE).output
    assert "Error: Option '--year' requires an argument." in english, english
    assert not cjk(english), english


def test_click_s_catalog_speaks_the_current_language_only_for_its_domain():
    """gettext.gettext (what click calls) answers from click.mo in meetkit's language, whatever
    the environment says; other domains are the standard library's."""
    import gettext

    from meetkit import i18n

    i18n.speak_for_click()
    try:
        i18n.set_language("zh-CN")
        assert gettext.gettext("Missing command.") == "缺少命令。"
        assert gettext.ngettext("Option {name!r} requires an argument.", "x", 1).startswith("选项")
        assert gettext.dgettext("some-other-domain", "Missing command.") == "Missing command."
        i18n.set_language("en")
        assert gettext.gettext("Missing command.") == "Missing command."
    finally:
        i18n.set_language("en")


def test_aborted_at_a_prompt_is_said_in_chinese(tmp_path):
    """End of input (Ctrl+D) at prepare's first question, on a real terminal (a pty): click's
    "Aborted!" in the workspace's language, exit 1, nothing prepared."""
    root = make_workspace(tmp_path / "ws", lang="zh-CN")
    script = Path(sys.executable).parent / "meetkit"
    env = child_env({**CORE_ENV, **C_LOCALE})
    master, slave = os.openpty()
    proc = subprocess.Popen(
        [str(script), "prepare", "lesson"],
        cwd=root,
        env=env,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        close_fds=True,
    )
    os.close(slave)
    seen = b""

    def read_until(done, timeout=60):
        nonlocal seen
        end = time.monotonic() + timeout
        while not done(seen) and time.monotonic() < end:
            ready, _w, _x = select.select([master], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(master, 4096)
                except OSError:  # the child closed the terminal
                    break
                if not chunk:
                    break
                seen += chunk

    try:
        read_until(lambda b: b"[" in b)  # the first question, with its default in brackets
        assert "日期".encode() in seen, seen.decode(errors="replace")
        os.write(master, b"\x04")
        read_until(lambda b: proc.poll() is not None, timeout=30)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    text = seen.decode(errors="replace")
    assert proc.returncode == 1, text
    assert "已取消。" in text and "Aborted!" not in text, text
    assert not any((root / "meetings").glob("*/notice.docx"))


def test_plugin_sources_member_history_and_plan_in_chinese(tmp_path):
    root = make_workspace(tmp_path / "ws", lang="zh-CN")
    mk(root, "prepare", "lesson", "--no-input", "--date", "2026-12-01", env=C_LOCALE)
    history = mk(root, "member", "张伟", env=C_LOCALE).output
    first, *rest = history.splitlines()
    assert first.startswith("张伟（编号 ") and first.endswith("正式党员）"), history
    assert "2026-12-01-lesson" in history and "无记录" in history and "unknown" not in history
    plan = mk(root, "plan", "2027", env=C_LOCALE).output
    assert plan.splitlines()[0].split() == ["日期", "时间", "类型", "党小组", "主讲人", "已准备"]
    plugins = mk(root, "plugins", env=C_LOCALE).output
    assert "内置" in plugins and "built-in" not in plugins and "entry point" not in plugins


def test_same_name_labels_follow_the_catalog():
    from meetkit.roster import Member, labels

    roster = [
        Member("张伟", group="第一党小组", id="a"),
        Member("张伟", group="第二党小组", id="b"),
        Member("李娜", group="第一党小组", phone="13800001234", id="c"),
        Member("李娜", group="第一党小组", phone="13900005678", id="d"),
    ]
    assert labels(roster, "zh-CN") == {
        "a": "张伟（第一党小组）",
        "b": "张伟（第二党小组）",
        "c": "李娜（尾号1234）",
        "d": "李娜（尾号5678）",
    }
    assert labels(roster, "en")["c"] == "李娜 (phone …1234)"
    assert labels(roster, "en")["a"] == "张伟 (第一党小组)"


@pytest.mark.parametrize(
    "lang,when,bring,heading",
    [
        ("zh-CN", "2026年12月3日（星期四）19:30", "笔记本、笔", "会议通知"),
        ("en", "Thursday, 3 December 2026, 19:30", "a notebook and pen", "Meeting notice"),
    ],
)
def test_the_notice_picture_s_words(tmp_path, lang, when, bring, heading):
    from meetkit.documents import notice_image
    from meetkit.workspace import find_workspace

    root = make_workspace(tmp_path / "ws", lang=lang)
    mk(root, "prepare", "committee", "--no-input", "--date", "2026-12-03", "--time", "19:30")
    ws = find_workspace(root)
    fields = notice_image.notice_fields(ws, ws.meeting("2026-12-03-committee"))
    assert fields["bring"] == bring
    assert notice_image.words(lang)["notice"] == heading
    when_row = fields["rows"][0][1]
    assert when_row == when or (lang == "en" and when_row.endswith("2026, 19:30")), when_row


@pytest.mark.parametrize(
    "lang,title,headers",
    [
        ("zh-CN", "签到情况", ["姓名", "党小组", "状态", "签到时间", "请假类别", "请假事由"]),
        (
            "en",
            "Attendance",
            ["Name", "Group", "Status", "Signed in at", "Leave kind", "Leave reason"],
        ),
    ],
)
def test_the_attendance_workbook_s_words(tmp_path, lang, title, headers):
    from openpyxl import load_workbook

    root = make_workspace(tmp_path / "ws", lang=lang)
    mk(root, "prepare", "committee", "--no-input", "--date", "2026-12-03")
    mid = "2026-12-03-committee"
    mk(root, "export", mid, "--xlsx")
    sheet = load_workbook(root / "meetings" / mid / "attendance.xlsx").active
    assert sheet.title == title and [c.value for c in sheet[1]] == headers


def test_serve_s_start_up_lines_in_chinese(tmp_path, servers):
    """The lines `meetkit serve` prints first, from a real process on a free loopback port."""
    root = make_workspace(tmp_path / "ws", lang="zh-CN")
    server = servers(root, admin="t" * 24, env={**CORE_ENV, **C_LOCALE}).start()
    port = server.port
    text = server.output(until="管理地址")
    assert f"正在监听 127.0.0.1:{port}（8 个线程）。按 Ctrl+C 停止。" in text, text
    assert f"签到地址（二维码中）：http://127.0.0.1:{port}/q/..." in text, text
    assert "管理地址（请勿外传" in text and "Listening" not in text, text


def test_serve_s_errors_in_chinese(tmp_path):
    root = make_workspace(tmp_path / "ws", lang="zh-CN")
    bad = meetkit_process("serve", "--public-url", "192.168.1.20:8750", cwd=root, env=C_LOCALE)
    assert bad.returncode == 1 and bad.stderr.strip() == (
        "错误：--public-url：'192.168.1.20:8750' 必须是以 http:// 或 https:// 开头的地址"
    )


def test_a_broken_plugin_is_reported_in_chinese(tmp_path):
    """The plugin host's warnings are the secretary's too: in a zh-CN workspace a plugin that
    can't be imported, and one whose hook is not marked @hookimpl, are named in Chinese (file
    and line kept), and `meetkit plugins` says 出错 in its status column."""
    root = make_workspace(tmp_path / "ws", lang="zh-CN")
    (root / "plugins").mkdir(exist_ok=True)
    broken = root / "plugins" / "broken.py"
    broken.write_text('import os\n\nraise RuntimeError("县里的模板服务器停了")\n', encoding="utf-8")
    unmarked = root / "plugins" / "unmarked.py"
    unmarked.write_text("def meetkit_documents(meeting_type):\n    return []\n", encoding="utf-8")
    env = {**C_LOCALE, "MEETKIT_LOAD_PLUGINS": None}
    result = mk(root, "types", env=env)
    warnings = [line for line in result.stderr.splitlines() if line.startswith("meetkit：警告：")]
    assert warnings == [
        f"meetkit：警告：已跳过插件 broken：{broken}:3：无法导入：RuntimeError: 县里的模板服务器停了",
        f"meetkit：警告：已跳过插件 unmarked：{unmarked}:1：meetkit_documents 没有标注 @hookimpl"
        "（请加上 `from meetkit import hookimpl`，并在函数上方写 @hookimpl）",
    ]
    table = mk(root, "plugins", env=env).stdout
    row = next(line for line in table.splitlines() if line.startswith("broken"))
    assert f"出错：{broken}:3：无法导入：RuntimeError" in row


@pytest.mark.parametrize("quote", ['"', "'"])
def test_the_workspace_s_language_in_either_toml_quote(tmp_path, quote):
    """`lang = 'zh-CN'` (a TOML literal string) is read as the double-quoted one is, on every
    Python meetkit supports: on 3.10 through tomli (issue 18: it was a traceback there). The
    language decides the words: Chinese when the file says zh-CN, English when it says en."""
    for lang, words in (("zh-CN", "还没有会议"), ("en", "No meetings yet")):
        root = make_workspace(
            tmp_path / f"{lang}-{ord(quote)}", lang="zh-CN" if lang == "zh-CN" else "en"
        )
        toml = root / "meetkit.toml"
        text = toml.read_text(encoding="utf-8")
        line = next(x for x in text.splitlines() if x.startswith("lang = "))
        # the one-regex fast path must not be the only reader: a comment after the value, too
        toml.write_text(
            text.replace(line, f"lang = {quote}{lang}{quote}  # 语言"), encoding="utf-8"
        )
        result = meetkit_process("list", cwd=root, env={**C_LOCALE, "MEETKIT_LANG": ""})
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        assert words in result.stdout, result.stdout
