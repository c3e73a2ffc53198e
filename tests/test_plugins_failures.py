"""Clear failures: a broken local plugin is named (file and line) in ONE warning line on stderr,
skipped, listed as failed by `meetkit plugins`, and every other command keeps working, with
--json stdout still valid JSON. Two plugins registering one type key is one error line naming
both. The exact messages are what the user sees, so they are asserted whole."""

import json
import textwrap

import pytest


def write_plugin(workspace, name, code):
    path = workspace / "plugins" / f"{name}.py"
    path.write_text(textwrap.dedent(code).lstrip("\n"), encoding="utf-8")
    return path


def warnings(result):
    return [line for line in result.stderr.splitlines() if line.startswith("meetkit: warning:")]


def plugin_row(run, name):
    rows = json.loads(run("plugins", "--json").stdout)
    return next(r for r in rows if r["name"] == name)


def still_works(run, workspace):
    """The commands a user runs next keep working, and --json output stays valid."""
    types = json.loads(run("types", "--json").stdout)
    assert {"lesson", "general", "committee"} <= {t["key"] for t in types}
    run("prepare", "lesson", "--no-input", "--date", "2026-12-01")
    assert (workspace / "meetings" / "2026-12-01-lesson" / "minutes.docx").is_file()


def test_import_error_names_file_and_line(run, workspace):
    path = write_plugin(
        workspace,
        "broken",
        """
        import os

        raise RuntimeError("the county template server is down")
    """,
    )
    result = run("types", "--json")
    assert warnings(result) == [
        f"meetkit: warning: plugin broken skipped: {path}:3: cannot import: "
        "RuntimeError: the county template server is down"
    ]
    json.loads(result.stdout)
    row = plugin_row(run, "broken")
    assert row["status"] == "failed"
    assert (
        row["error"] == f"{path}:3: cannot import: RuntimeError: the county template server is down"
    )
    assert row["source"] == f"local ({path})"
    still_works(run, workspace)


def test_missing_module_names_the_import_line(run, workspace):
    path = write_plugin(
        workspace,
        "needs",
        """
        from meetkit import hookimpl
        import meetkit_not_installed_anywhere
    """,
    )
    result = run("plugins")
    assert warnings(result) == [
        f"meetkit: warning: plugin needs skipped: {path}:2: cannot import: "
        "ModuleNotFoundError: No module named 'meetkit_not_installed_anywhere'"
    ]
    assert "failed: " in next(
        line for line in result.stdout.splitlines() if line.startswith("needs ")
    )


def test_syntax_error_names_file_and_line(run, workspace):
    path = write_plugin(
        workspace,
        "typo",
        """
        from meetkit import hookimpl

        def meetkit_documents(meeting_type:
            return None
    """,
    )
    result = run("types", "--json")
    assert warnings(result) == [
        f"meetkit: warning: plugin typo skipped: {path}:3: cannot import: "
        "SyntaxError: '(' was never closed"
    ]
    json.loads(result.stdout)
    still_works(run, workspace)


def test_unknown_hook_suggests_the_right_one(run, workspace):
    path = write_plugin(
        workspace,
        "council",
        """
        from meetkit import MeetingType, hookimpl


        @hookimpl
        def meetkit_register_meeting_type(register):
            register.add(MeetingType(key="council", name={"zh-CN": "联席会", "en": "council"}))
    """,
    )
    result = run("types", "--json")
    assert warnings(result) == [
        f"meetkit: warning: plugin council skipped: {path}:5: unknown hook "
        "meetkit_register_meeting_type (did you mean meetkit_register_meeting_types?)"
    ]
    assert "council" not in {t["key"] for t in json.loads(result.stdout)}
    assert plugin_row(run, "council")["status"] == "failed"
    still_works(run, workspace)


def test_unknown_hook_without_a_near_name_lists_the_hooks(run, workspace):
    path = write_plugin(
        workspace,
        "odd",
        """
        from meetkit import hookimpl

        @hookimpl
        def meetkit_send_sms(meeting):
            pass
    """,
    )
    (line,) = warnings(run("plugins"))
    assert line.startswith(
        f"meetkit: warning: plugin odd skipped: {path}:4: unknown hook "
        "meetkit_send_sms (known hooks: meetkit_agenda, meetkit_documents, "
    )


def test_hook_without_hookimpl_is_named(run, workspace):
    path = write_plugin(
        workspace,
        "forgot",
        """
        def meetkit_documents(meeting_type):
            return []
    """,
    )
    assert warnings(run("plugins")) == [
        f"meetkit: warning: plugin forgot skipped: {path}:1: meetkit_documents is not marked "
        "@hookimpl (add `from meetkit import hookimpl` and put @hookimpl above it)"
    ]


def test_argument_the_hook_does_not_pass(run, workspace):
    path = write_plugin(
        workspace,
        "args",
        """
        from meetkit import hookimpl

        @hookimpl
        def meetkit_documents(meeting_typ):
            return []
    """,
    )
    assert warnings(run("plugins")) == [
        f"meetkit: warning: plugin args skipped: {path}:4: meetkit_documents takes unknown "
        "argument meeting_typ (the hook passes: meeting_type, meeting, workspace)"
    ]


def test_exception_inside_a_hook(run, workspace):
    path = write_plugin(
        workspace,
        "flaky",
        """
        from meetkit import hookimpl


        @hookimpl
        def meetkit_template_context(meeting, document):
            if document.name == "notice":
                return {"leader": meeting.extra["leader"]}
            return None
    """,
    )
    result = run("prepare", "lesson", "--no-input", "--date", "2026-12-01")
    assert warnings(result) == [
        f"meetkit: warning: plugin flaky skipped: {path}:7: meetkit_template_context raised "
        "KeyError: 'leader'"
    ]
    # The meeting was still prepared without the plugin.
    assert (workspace / "meetings" / "2026-12-01-lesson" / "notice.docx").is_file()
    row = plugin_row(run, "flaky")  # `meetkit plugins` calls the hook with a sample meeting
    assert row["status"] == "failed"
    assert row["error"] == f"{path}:7: meetkit_template_context raised KeyError: 'leader'"


def test_exception_in_the_plugin_of_the_meeting_being_prepared(run, workspace):
    """Skipping the plugin of the very type being prepared would leave its own documents half
    empty: that meeting stops with one error line and nothing is written; others go on."""
    path = write_plugin(
        workspace,
        "tea",
        """
        from meetkit import MeetingType, hookimpl

        @hookimpl
        def meetkit_register_meeting_types(register):
            register.add(MeetingType(key="tea", name={"zh-CN": "茶话会", "en": "tea party"}))


        @hookimpl
        def meetkit_template_context(meeting, meeting_type):
            if meeting_type.key == "tea":
                return {"guests": meeting.extra["guests"]}
    """,
    )
    result = run("prepare", "tea", "--no-input", "--date", "2026-12-01", ok=False)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: plugin tea failed: {path}:11: meetkit_template_context raised KeyError: "
        "'guests'; a tea meeting can't go on without it\n"
    )
    assert not (workspace / "meetings" / "2026-12-01-tea").exists()
    assert json.loads(run("list", "--json").stdout) == []
    row = plugin_row(run, "tea")
    assert row["status"] == "failed"
    assert row["error"] == f"{path}:11: meetkit_template_context raised KeyError: 'guests'"
    still_works(run, workspace)


def test_exception_while_registering_leaves_no_half_registered_type(run, workspace):
    path = write_plugin(
        workspace,
        "half",
        """
        from meetkit import MeetingType, hookimpl

        @hookimpl
        def meetkit_register_meeting_types(register):
            register.add(MeetingType(key="half-a", name={"zh-CN": "甲", "en": "a"}))
            raise ValueError("forgot the second one")
    """,
    )
    result = run("types", "--json")
    assert warnings(result) == [
        f"meetkit: warning: plugin half skipped: {path}:6: meetkit_register_meeting_types "
        "raised ValueError: forgot the second one"
    ]
    assert "half-a" not in {t["key"] for t in json.loads(result.stdout)}


def test_wrong_return_value(run, workspace):
    path = write_plugin(
        workspace,
        "shape",
        """
        from meetkit import DocumentSpec, hookimpl

        @hookimpl
        def meetkit_documents(meeting_type):
            return DocumentSpec("extra")
    """,
    )
    result = run("types", "--json")
    assert warnings(result) == [
        f"meetkit: warning: plugin shape skipped: {path}:4: meetkit_documents returned "
        "DocumentSpec, expected a list of DocumentSpec or None"
    ]
    json.loads(result.stdout)


def test_bad_type_key_is_a_plugin_failure(run, workspace):
    path = write_plugin(
        workspace,
        "spaces",
        """
        from meetkit import MeetingType, hookimpl

        @hookimpl
        def meetkit_register_meeting_types(register):
            register.add(MeetingType(key="Village Council", name={"zh-CN": "村", "en": "v"}))
    """,
    )
    assert warnings(run("types")) == [
        f"meetkit: warning: plugin spaces skipped: {path}:5: meeting type key "
        "'Village Council' must be 1-40 lower-case ASCII letters, digits and '-', starting "
        "with a letter or digit"
    ]


def test_duplicate_type_key_is_one_error_naming_both(run, workspace):
    first = write_plugin(
        workspace,
        "county",
        """
        from meetkit import MeetingType, hookimpl

        @hookimpl
        def meetkit_register_meeting_types(register):
            register.add(MeetingType(key="council", name={"zh-CN": "联席会", "en": "council"}))
    """,
    )
    second = write_plugin(
        workspace,
        "village",
        """
        from meetkit import MeetingType, hookimpl


        @hookimpl
        def meetkit_register_meeting_types(register):
            register.add(MeetingType(key="council", name={"zh-CN": "村民会", "en": "council"}))
    """,
    )
    for args in (("types",), ("types", "--json"), ("prepare", "lesson", "--no-input")):
        result = run(*args, ok=False)
        assert result.exit_code == 1
        assert result.stdout == ""
        assert result.stderr == (
            f"Error: meeting type 'council' is registered twice: by plugin county ({first}:5) "
            f"and by plugin village ({second}:6); rename one key or remove one plugin\n"
        )


def test_duplicate_of_a_builtin_key(run, workspace):
    path = write_plugin(
        workspace,
        "mylesson",
        """
        from meetkit import MeetingType, hookimpl

        @hookimpl
        def meetkit_register_meeting_types(register):
            register.add(MeetingType(key="lesson", name={"zh-CN": "党课", "en": "lesson"}))
    """,
    )
    result = run("types", ok=False)
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: meeting type 'lesson' is registered twice: by plugin lesson (built-in) and by "
        f"plugin mylesson ({path}:5); rename one key or remove one plugin\n"
    )


def test_local_plugin_named_like_a_builtin(run, workspace):
    path = write_plugin(
        workspace,
        "lesson",
        """
        from meetkit import hookimpl
    """,
    )
    result = run("plugins", "--json")
    assert warnings(result) == [
        f"meetkit: warning: plugin lesson skipped: {path}: a plugin named 'lesson' is already "
        "loaded (built-in); rename the file"
    ]
    rows = json.loads(result.stdout)
    lessons = [r for r in rows if r["name"] == "lesson"]
    assert [(r["source"], r["status"]) for r in lessons] == [
        ("built-in", "ok"),
        (f"local ({path})", "failed"),
    ]


def test_files_starting_with_underscore_are_not_plugins(run, workspace):
    write_plugin(workspace, "_helpers", "raise RuntimeError('not a plugin')\n")
    result = run("plugins", "--json")
    assert warnings(result) == []
    assert "_helpers" not in {r["name"] for r in json.loads(result.stdout)}


@pytest.fixture
def two_plugins(workspace):
    for name in ("alpha", "beta"):
        write_plugin(
            workspace,
            name,
            f"""
            from meetkit import MeetingType, hookimpl

            @hookimpl
            def meetkit_register_meeting_types(register):
                register.add(MeetingType(key="{name}", name={{"zh-CN": "{name}", "en": "{name}"}}))
        """,
        )


def test_load_plugins_limits_local_plugins(run, two_plugins, monkeypatch):
    monkeypatch.setenv("MEETKIT_LOAD_PLUGINS", "beta")
    result = run("types", "--json")
    keys = {t["key"] for t in json.loads(result.stdout)}
    assert "beta" in keys and "alpha" not in keys
    assert "lesson" in keys  # built-ins always load
    assert warnings(result) == []


def test_load_plugins_empty_loads_none(run, two_plugins, monkeypatch):
    monkeypatch.setenv("MEETKIT_LOAD_PLUGINS", "")
    names = {r["name"] for r in json.loads(run("plugins", "--json").stdout)}
    assert not {"alpha", "beta"} & names
    assert "standard" in names


def test_load_plugins_names_one_that_does_not_exist(run, two_plugins, monkeypatch):
    monkeypatch.setenv("MEETKIT_LOAD_PLUGINS", "alpha, gamma")
    result = run("types", "--json")
    assert warnings(result) == [
        "meetkit: warning: MEETKIT_LOAD_PLUGINS names gamma, but no installed or local plugin "
        "has that name (see `meetkit plugins`)"
    ]
    assert "alpha" in {t["key"] for t in json.loads(result.stdout)}


def test_load_plugins_skips_a_broken_one(run, workspace, two_plugins, monkeypatch):
    write_plugin(workspace, "broken", "raise RuntimeError('boom')\n")
    monkeypatch.setenv("MEETKIT_LOAD_PLUGINS", "alpha")
    assert warnings(run("types")) == []


def test_trace_prints_hook_calls_to_stderr(run, two_plugins, monkeypatch):
    """pluggy's hook-call monitoring: one line per call naming the plugins in the order pluggy
    calls them (last registered first), one line with what they returned."""
    monkeypatch.setenv("MEETKIT_TRACE_PLUGINS", "1")
    result = run("types", "--json")
    json.loads(result.stdout)  # tracing never touches stdout
    trace = [line for line in result.stderr.splitlines() if line.startswith("meetkit: trace: ")]
    register = [
        line for line in trace if line.startswith("meetkit: trace: meetkit_register_meeting_types(")
    ]
    assert len(register) == 1
    assert register[0].startswith(
        "meetkit: trace: meetkit_register_meeting_types("
        "register=registry(0 types so far)) calls beta, alpha, "
    )
    assert register[0].endswith(", lesson, group, general, committee")
    assert "meetkit: trace: meetkit_register_meeting_types -> []" in trace
    assert (
        "meetkit: trace: meetkit_documents(meeting_type=MeetingType(life), meeting=None, workspace=None) calls "
        in "\n".join(trace)
    )
    assert any(
        line.startswith("meetkit: trace: meetkit_documents -> [[DocumentSpec(criticism), ")
        for line in trace
    )


def test_trace_off_by_default(run, two_plugins):
    assert "trace" not in run("types", "--json").stderr


def test_a_failure_mid_call_undoes_the_agenda_edits_before_calling_again(run, workspace):
    """pluggy calls every plugin in one go; when one raises, meetkit skips it and calls the
    hook again, after putting back the agenda that earlier plugins edited in place."""
    from meetkit.testing import document_text

    write_plugin(
        workspace,
        "aaa_boom",
        """
        from meetkit import hookimpl

        @hookimpl
        def meetkit_agenda(items):
            raise RuntimeError("boom")
    """,
    )
    write_plugin(
        workspace,
        "zzz_editor",
        """
        from meetkit import hookimpl

        @hookimpl
        def meetkit_agenda(items):
            items[0].title += "（修订）"
    """,
    )
    result = run("prepare", "lesson", "--no-input", "--date", "2026-12-01")
    assert [line.split(": ", 3)[2] for line in warnings(result)] == ["plugin aaa_boom skipped"]
    agenda = document_text(workspace / "meetings" / "2026-12-01-lesson" / "agenda.docx")
    assert agenda.count("（修订）") == 1


def test_hook_wrappers_are_called_by_pluggy(run, workspace):
    write_plugin(
        workspace,
        "wrap",
        """
        from meetkit import DocumentSpec, hookimpl

        @hookimpl(wrapper=True)
        def meetkit_documents(meeting_type):
            results = yield
            return results + [[DocumentSpec("memo", {"zh-CN": "备忘", "en": "Memo"})]]
    """,
    )
    types = {t["key"]: t for t in json.loads(run("types", "--json").stdout)}
    assert warnings(run("plugins")) == []
    assert plugin_row(run, "wrap")["status"] == "ok"
    assert "memo" in types["lesson"]["templates"]
