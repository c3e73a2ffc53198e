"""One test per hook in meetkit/hookspecs.py (tests/test_hooks_documented.py checks there is
one): each writes a local plugin into the demo workspace, runs the commands a user would and
opens the Word documents written."""

import json
import textwrap

from meetkit.scaffold import TemplateWriter
from meetkit.testing import document_text

DATE = "2026-03-05"


def write_plugin(workspace, name, code):
    path = workspace / "plugins" / f"{name}.py"
    path.write_text(textwrap.dedent(code).lstrip("\n"), encoding="utf-8")
    return path


def folder(workspace, type_key):
    return workspace / "meetings" / f"{DATE}-{type_key}"


def test_hook_meetkit_register_meeting_types(run, workspace):
    write_plugin(
        workspace,
        "council",
        """
        from fractions import Fraction

        from meetkit import MeetingType, QuorumRule, hookimpl


        @hookimpl
        def meetkit_register_meeting_types(register):
            register.add(MeetingType(
                key="village-council",
                name={"zh-CN": "村级联席会议", "en": "village council"},
                attendees="all",
                quorum=QuorumRule(basis="all", fraction=Fraction(2, 3)),
                votes=True,
                frequency="monthly",
            ))
    """,
    )
    types = {t["key"]: t for t in json.loads(run("types", "--json", "--lang", "en").stdout)}
    council = types["village-council"]
    assert council["plugin"] == "council"
    assert council["names"] == {"zh-CN": "村级联席会议", "en": "village council"}
    assert council["quorum"] == "more than 2/3 of members expected present"
    assert council["documents"] == ["notice", "agenda", "signin", "minutes", "actions"]
    assert council["agenda"] == {"origin": "none", "path": None}

    run("prepare", "village-council", "--no-input", "--date", DATE)
    minutes = document_text(folder(workspace, "village-council") / "minutes.docx")
    # 12 expected, more than 2/3: 9 must come.
    assert "示例社区第一党支部2026年第1次村级联席会议" in minutes
    assert "须到会9人" in minutes


def test_hook_meetkit_documents(run, workspace):
    plugin_dir = workspace / "plugins" / "checklist"
    for lang in ("zh-CN", "en"):
        t = TemplateWriter(lang)
        t.title("{{ meeting.type_name }}准备清单" if lang == "zh-CN" else "Checklist")
        t.grid(
            ["#", "task"],
            ["{%tr for item in agenda %}", ["{{ item.no }}", "{{ item.title }}"], "{%tr endfor %}"],
        )
        t.save(plugin_dir / "templates" / lang / "checklist.docx")
    write_plugin(
        workspace,
        "checklist",
        """
        from pathlib import Path

        from meetkit import DocumentSpec, hookimpl

        HERE = Path(__file__).resolve().parent / "checklist"


        @hookimpl
        def meetkit_documents(meeting_type):
            if meeting_type.key == "lesson":
                return [DocumentSpec("checklist", {"zh-CN": "准备清单", "en": "Checklist"},
                                     template_dir=HERE / "templates", order=15)]
            return None
    """,
    )
    types = {t["key"]: t for t in json.loads(run("types", "--json").stdout)}
    assert types["lesson"]["documents"] == [
        "notice",
        "checklist",
        "agenda",
        "signin",
        "minutes",
        "actions",
    ]
    assert types["lesson"]["templates"]["checklist"]["origin"] == "plugin"
    assert "checklist" not in types["general"]["documents"]

    out = run("prepare", "lesson", "--no-input", "--date", DATE).stdout
    assert "  checklist.docx" in out
    text = document_text(folder(workspace, "lesson") / "checklist.docx")
    assert text.splitlines()[0] == "党课准备清单"
    assert "2 | 讲授党课" in text


def test_hook_meetkit_agenda(run, workspace):
    (workspace / "county.txt").write_text("学习县委第五次全会精神\n", encoding="utf-8")
    write_plugin(
        workspace,
        "county",
        """
        from meetkit import AgendaItem, hookimpl


        @hookimpl
        def meetkit_agenda(meeting, meeting_type, items, workspace):
            if meeting_type.key != "general":
                return None
            # Change in place: the county asks for its study item first ...
            study = (workspace.root / "county.txt").read_text(encoding="utf-8").strip()
            items.insert(0, AgendaItem(study, detail="县委统一部署"))
            # ... and drop the host's summary; return items to append.
            items[:] = [i for i in items if i.title != "主持人小结"]
            return [AgendaItem(f"确定{meeting.date.month + 1}月主题党日内容", votes=True)]
    """,
    )
    run("prepare", "general", "--no-input", "--date", DATE)
    agenda = document_text(folder(workspace, "general") / "agenda.docx").splitlines()
    start = agenda.index("会议议程") + 1
    assert agenda[start : start + 2] == ["1. 学习县委第五次全会精神", "县委统一部署"]
    assert "主持人小结" not in "\n".join(agenda)
    assert [line for line in agenda if line.startswith("5. ")] == ["5. 确定4月主题党日内容"]
    # The voted item gets its tally table in the minutes.
    minutes = document_text(folder(workspace, "general") / "minutes.docx")
    assert "议题5：确定4月主题党日内容" in minutes


def test_hook_meetkit_template_context(run, workspace):
    write_plugin(
        workspace,
        "contact",
        """
        from meetkit import hookimpl


        @hookimpl
        def meetkit_template_context(meeting, meeting_type, document, context, workspace):
            if document.name != "notice":
                return None
            assert context["meeting"]["id"] == meeting.id  # the context so far is readable
            return {"contact": {"name": workspace.config.organizer, "phone": "0571-1234 & <5678>"},
                    "branch": dict(context["branch"], name=context["branch"]["name"] + "（联系）")}
    """,
    )
    t = TemplateWriter("zh-CN")
    t.title("{{ branch.name }}")
    t.para("联系人：{{ contact.name }}，电话：{{ contact.phone }}")
    t.save(workspace / "templates" / "zh-CN" / "notice.docx")

    run("prepare", "lesson", "--no-input", "--date", DATE)
    notice = document_text(folder(workspace, "lesson") / "notice.docx").splitlines()
    assert notice[0] == "示例社区第一党支部（联系）"
    assert notice[1] == "联系人：李秀英，电话：0571-1234 & <5678>"  # escaped, shown as typed
    # Other documents don't get it.
    minutes = document_text(folder(workspace, "lesson") / "minutes.docx")
    assert "（联系）" not in minutes
    # check-template knows what the plugin adds.
    out = run("check-template", str(workspace / "templates" / "zh-CN" / "notice.docx")).stdout
    assert out.endswith(
        ": ok, checked as document 'notice' of a sample committee meeting (zh-CN)\n"
    )


def test_hook_meetkit_validate_meeting(run, workspace):
    write_plugin(
        workspace,
        "rules",
        """
        from meetkit import hookimpl


        @hookimpl
        def meetkit_validate_meeting(meeting, meeting_type, members):
            if meeting_type.key == "lesson" and meeting.date.weekday() == 6:
                return [f"no party lessons on Sundays ({meeting.date}), {len(members)} would come"]
            return None
    """,
    )
    result = run("prepare", "lesson", "--no-input", "--date", "2026-03-08", ok=False)
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: lesson meeting not valid: no party lessons on Sundays (2026-03-08), 12 would come\n"
    )
    assert not (workspace / "meetings" / "2026-03-08-lesson").exists()
    assert json.loads(run("list", "--json").stdout) == []
    run("prepare", "lesson", "--no-input", "--date", DATE)  # a Thursday is fine
    assert (folder(workspace, "lesson") / "minutes.docx").is_file()


def test_hook_meetkit_meeting_context(run, workspace):
    """Once per pack: a variable every document of the meeting gets, from the store."""
    write_plugin(
        workspace,
        "visitors",
        """
        from meetkit import hookimpl


        @hookimpl
        def meetkit_meeting_context(meeting, context, workspace):
            earlier = [m for m in workspace.store.list_meetings() if m.date < meeting.date]
            return {"branch": {**context["branch"], "name": f"{context['branch']['name']}（第{len(earlier) + 1}次）"}}
    """,
    )
    run("prepare", "lesson", "--no-input", "--date", "2026-03-01")
    run("prepare", "lesson", "--no-input", "--date", DATE)
    first = document_text(workspace / "meetings" / "2026-03-01-lesson" / "notice.docx")
    second = document_text(folder(workspace, "lesson") / "notice.docx")
    assert "示例社区第一党支部（第1次）" in first and "示例社区第一党支部（第2次）" in second


def test_hook_meetkit_minutes_documents(run, workspace):
    """A plugin names its document among those `meetkit minutes` writes again."""
    plugin_dir = workspace / "plugins" / "roll"
    for lang in ("zh-CN", "en"):
        t = TemplateWriter(lang)
        t.para("实到：{{ attendance.present_count }}")
        t.save(plugin_dir / "templates" / lang / "roll.docx")
    write_plugin(
        workspace,
        "roll",
        """
        from pathlib import Path

        from meetkit import DocumentSpec, hookimpl

        ROLL = DocumentSpec("roll", {"zh-CN": "点名", "en": "Roll"},
                            template_dir=Path(__file__).resolve().parent / "roll" / "templates")


        @hookimpl
        def meetkit_documents(meeting_type):
            return [ROLL] if meeting_type.key == "lesson" else None


        @hookimpl
        def meetkit_minutes_documents(meeting, meeting_type, workspace):
            return ["roll"] if meeting_type.key == "lesson" else None
    """,
    )
    run("prepare", "lesson", "--no-input", "--date", DATE)
    meeting = f"{DATE}-lesson"
    run("signin", meeting, "张伟", "--at", "13:55")
    out = run("minutes", meeting).stdout
    assert "roll.docx" in out
    assert "实到：1" in document_text(folder(workspace, "lesson") / "roll.docx")


def test_hook_meetkit_vote_resolutions(run, workspace):
    write_plugin(
        workspace,
        "words",
        """
        from meetkit import hookimpl


        @hookimpl
        def meetkit_vote_resolutions(meeting, workspace, lang):
            return {"同意购置学习资料": "，即日执行"}
    """,
    )
    run("prepare", "general", "--no-input", "--date", DATE, "--vote", "同意购置学习资料")
    meeting = f"{DATE}-general"
    run("vote", meeting, "同意购置学习资料", "--for", "8", "--against", "0", "--abstain", "0")
    run("minutes", meeting)
    assert "，即日执行" in document_text(folder(workspace, "general") / "minutes.docx")


def test_hook_meetkit_vote_recorded(run, workspace):
    write_plugin(
        workspace,
        "notify",
        """
        from meetkit import hookimpl


        @hookimpl
        def meetkit_vote_recorded(meeting, workspace, item):
            return [f"已通知上级：{meeting.id} {item}"]
    """,
    )
    run("prepare", "general", "--no-input", "--date", DATE, "--vote", "同意购置学习资料")
    meeting = f"{DATE}-general"
    out = run(
        "vote", meeting, "同意购置学习资料", "--for", "8", "--against", "0", "--abstain", "0"
    ).stdout
    assert f"已通知上级：{meeting} 同意购置学习资料" in out


def test_hook_meetkit_register_commands(run, workspace):
    write_plugin(
        workspace,
        "hello",
        """
        import click

        from meetkit import hookimpl


        @hookimpl
        def meetkit_register_commands(cli):
            @cli.command(help="Say hello to a meeting.")
            @click.argument("meeting_id")
            def hello(meeting_id):
                click.echo(f"hello {meeting_id}")
    """,
    )
    assert run("hello", "2026-01-01-x").stdout == "hello 2026-01-01-x\n"
    assert "  hello " in run("--help").stdout
    # a built-in command's name is never taken
    write_plugin(
        workspace,
        "thief",
        """
        import click

        from meetkit import hookimpl


        @hookimpl
        def meetkit_register_commands(cli):
            @cli.command(name="list")
            def stolen():
                click.echo("stolen")
    """,
    )
    assert "stolen" not in run("list").stdout


def test_hook_meetkit_register_routes(workspace):
    write_plugin(
        workspace,
        "page",
        """
        from markupsafe import escape

        from meetkit import hookimpl


        @hookimpl
        def meetkit_register_routes(app, workspace):
            def topic(meeting_id):
                return f"<p>{escape(workspace.meeting(meeting_id).topic)}</p>"

            app.add_url_rule("/x/topic/<meeting_id>", "x_topic", topic)
    """,
    )
    from meetkit.web import create_app
    from meetkit.workspace import Workspace

    ws = Workspace(workspace)
    from meetkit.documents.pack import Options, prepare

    prepare(ws, "lesson", Options(date=DATE, topic="<学习>党章"))
    app = create_app(ws, admin_token="t" * 32, public_url="http://127.0.0.1:9")
    page = app.test_client().get(f"/x/topic/{DATE}-lesson")
    assert page.status_code == 200
    assert page.get_data(as_text=True) == "<p>&lt;学习&gt;党章</p>"
    # the app's safeguards apply to a plugin's page too
    assert page.headers.get("X-Content-Type-Options") == "nosniff"
