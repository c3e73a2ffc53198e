"""``meetkit new-plugin``: the code generator that writes a working plugin for a local meeting
format. (Its record form is written with ``meetkit.documents.writer.TemplateWriter``, the
reusable helper, importable from here too as before.)

A local plugin (default) goes into the workspace::

    plugins/NAME.py                                   the hooks, commented
    plugins/NAME/agenda.toml                          its default topic and agenda
    plugins/NAME/templates/zh-CN/NAME-record.docx     its extra document, one per language
    plugins/NAME/templates/en/NAME-record.docx

``--package`` writes an installable package instead (``meetkit-NAME/``): the same module as
``meetkit_NAME/__init__.py`` with its agenda and templates as package data, a pyproject.toml
with the ``meetkit`` entry point, and a test using ``meetkit.testing``.

Over 400 lines because most of it is the generated files' text, kept readable as templates.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .documents.writer import TemplateWriter
from .errors import MeetkitError
from .files import atomic_write_bytes, atomic_write_text
from .i18n import LANGS, TP_, _, in_language

if TYPE_CHECKING:
    from .host.manager import Plugins
    from .workspace import Workspace

__all__ = ["TemplateWriter", "check_name", "new_local_plugin", "new_package", "record_template"]

# --------------------------------------------------------------------------------------------
# The record form every scaffolded type gets
# --------------------------------------------------------------------------------------------

# Its words, each language's through meetkit's catalog (TP_ "record form": a new plugin's own).
RECORD_WORDS: dict[str, Any] = {
    "title": TP_("record form", "{{ meeting.title }}: record"),
    "time": TP_("record form", "Time"),
    "place": TP_("record form", "Place"),
    "host": TP_("record form", "Host"),
    "recorder": TP_("record form", "Recorder"),
    "attendance": TP_("record form", "Attendance"),
    "topic": TP_("record form", "Topic"),
    "agenda": TP_("record form", "Agenda and discussion"),
    "voters": TP_("record form", "Voting members ({{ record.voter_count }})"),
    "cols": [
        TP_("record form", "No."),
        TP_("record form", "Name"),
        TP_("record form", "Party group"),
        TP_("record form", "Signature"),
    ],
    "note": TP_("record form", "Note: {{ record.note }}"),
    "discussion": TP_("record form", "Discussion:"),
    "sign_recorder": TP_("record form", "Recorder (signature): "),
    "sign_host": TP_("record form", "Host (signature): "),
}


# The record's title in its properties: the document name the scaffolded module gives it.
RECORD_TITLE = TP_("record form", "{name_en} record")


def record_titles(words: dict) -> dict[str, str]:
    """The record's title in each language, from the type's names (``_words``)."""
    return {lang: in_language(RECORD_TITLE, lang).format(**words) for lang in LANGS}


def record_template(lang: str, title: str) -> bytes:
    """The scaffold's extra document: a record form using the documented variables and the
    ``record`` variables the scaffolded plugin adds in ``meetkit_template_context``. ``title``
    (plain words, the document's name) goes into its properties, and so into every record
    rendered from it."""
    w = in_language(RECORD_WORDS, lang)
    t = TemplateWriter(lang, title)
    t.title(w["title"])
    t.fields(
        [
            (w["time"], "{{ meeting.date }} {{ meeting.weekday }} {{ meeting.time }}"),
            (w["place"], "{{ meeting.place }}"),
            (w["host"], "{{ meeting.host }}"),
            (w["recorder"], "{{ meeting.recorder }}"),
            (w["topic"], "{{ meeting.topic }}"),
            (w["attendance"], "{{ attendance.statement }}"),
        ]
    )
    t.heading(w["agenda"])
    t.tag("{%p for item in agenda %}")
    t.para("{{ item.no }}. {{ item.title }}", bold=True)
    t.para(w["discussion"])
    t.lines(2)
    t.tag("{%p endfor %}")
    t.heading(w["voters"])
    t.grid(
        w["cols"],
        [
            "{%tr for m in record.voters %}",
            ["{{ m.no }}", "{{ m.name }}", "{{ m.group }}", ""],
            "{%tr endfor %}",
        ],
        [16, 50, 50, 40],
    )
    t.para(w["note"])
    t.signatures(w["sign_recorder"], w["sign_host"])
    return t.to_bytes()


# --------------------------------------------------------------------------------------------
# The plugin's files
# --------------------------------------------------------------------------------------------

MODULE = '''"""{key}: a local meeting format for meetkit, written by `meetkit new-plugin {key}`.

Edit freely: it is yours. {loaded_by}
`meetkit plugins` shows whether it loaded (or why not), `meetkit types` lists the meeting type,
`meetkit prepare {key}` prepares a meeting of it. Every hook is described in meetkit's
docs/plugins.md.

What lives where:
  {files}
A file with the same name in the workspace's agendas/ or templates/<lang>/ folder wins over
this plugin's, and this plugin's win over meetkit's built-in ones.
"""
from fractions import Fraction
from pathlib import Path

from meetkit import DocumentSpec, MeetingType, QuorumRule, hookimpl

KEY = "{key}"
# This plugin's own folder: agenda.toml, and templates/zh-CN/ and templates/en/.
HERE = {here}

# The extra document: meetkit renders templates/<lang>/{key}-record.docx from HERE into
# meetings/<id>/{key}-record.docx. `order` places it among the five standard documents every
# meeting gets (notice 10, agenda 20, sign-in sheet 30, minutes 40, action list 90).
RECORD = DocumentSpec(
    f"{{KEY}}-record",
    {{"zh-CN": "{name_zh}记录", "en": "{name_en} record"}},
    template_dir=HERE / "templates",
    order=60,
)


@hookimpl
def meetkit_register_meeting_types(register):
    """Tell meetkit about the meeting type. register.add refuses a key another plugin has."""
    register.add(MeetingType(
        key=KEY,
        name={{"zh-CN": "{name_zh}", "en": "{name_en}"}},  # used in titles: 2026年第1次...
        attendees="all",  # who is expected: all | committee | group (then --group picks one)
        # More than half of the voting members present (probationary members don't count).
        # Fraction(4, 5) would be "more than four-fifths"; None means no quorum.
        quorum=QuorumRule(basis="voting", fraction=Fraction(1, 2)),
        votes=True,  # the minutes get vote tally tables for items with votes = true
        frequency=None,  # monthly | quarterly | yearly | None (as needed), for the ledger
        agenda_file=HERE / "agenda.toml",  # default topic and agenda items
        description={{"zh-CN": "本地会议形式", "en": "a local meeting format"}},
    ))


@hookimpl
def meetkit_documents(meeting_type):
    """Add the record form to this type's pack (every type already gets the standard five)."""
    if meeting_type.key == KEY:
        return [RECORD]
    return None


@hookimpl
def meetkit_template_context(meeting, meeting_type, document, context):
    """Variables the record form uses beyond those in docs/templates.md: ``record.*``."""
    if meeting_type.key != KEY or document.name != RECORD.name:
        return None
    # context["expected"] holds the rows docs/templates.md describes; number the voters afresh.
    voters = [dict(m, no=n) for n, m in enumerate((m for m in context["expected"] if m["voting"]), 1)]
    note = ("预备党员列席，不参加表决" if meeting.lang == "zh-CN"
            else "probationary members attend but do not vote")
    return {{"record": {{"voters": voters, "voter_count": len(voters), "note": note}}}}


@hookimpl
def meetkit_validate_meeting(meeting, meeting_type, members):
    """Stop `meetkit prepare` before anything is written when the meeting can't go ahead."""
    if meeting_type.key == KEY and not any(m.voting for m in members):
        return ["nobody expected has a vote: add full members to members.csv"]
    return None


# More hooks (see docs/plugins.md): meetkit_agenda(meeting, meeting_type, items, workspace)
# adds or changes agenda items for one meeting, e.g.
#
# from meetkit import AgendaItem
#
# @hookimpl
# def meetkit_agenda(meeting, meeting_type, items):
#     if meeting_type.key == KEY and meeting.date.month == 12:
#         return [AgendaItem("年度工作总结", votes=False)]
#     return None
'''

AGENDA = """# The default topic and agenda of a "{key}" meeting. A workspace's agendas/{key}.toml wins
# over this file. Each item: title (and optional detail) in both languages; votes = true puts
# a vote tally table for it into the minutes.

[topic]
zh-CN = "{name_zh}"
en = "{name_en}"

[[items]]
title = {{ zh-CN = "主持人报告到会情况，宣布会议是否有效", en = "The host reports attendance and whether the meeting is valid" }}

[[items]]
title = {{ zh-CN = "通报有关情况", en = "Briefing" }}
detail = {{ zh-CN = "（在此写明通报内容）", en = "(what is reported)" }}

[[items]]
title = {{ zh-CN = "讨论并表决有关事项", en = "Discussion and vote" }}
votes = true

[[items]]
title = {{ zh-CN = "主持人小结", en = "The host sums up" }}
"""

PYPROJECT = """[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "meetkit-{key}"
version = "0.1.0"
description = "meetkit plugin: the {name_en} meeting format"
readme = "README.md"
requires-python = ">=3.10"
dependencies = ["meetkit"]

[project.optional-dependencies]
test = ["pytest"]

# meetkit finds the plugin through this entry point once the package is installed.
[project.entry-points.meetkit]
{key} = "{module}"

[tool.setuptools]
packages = ["{module}"]

# Ship the agenda and the Word templates inside the package, so `pip install .` (not only an
# editable install) has them.
[tool.setuptools.package-data]
{module} = ["agenda.toml", "templates/*/*.docx"]
"""

README = """# meetkit-{key}

A [meetkit](https://example.invalid/meetkit) plugin: the "{name_en}" ({name_zh}) meeting type,
with its agenda and a record form ({key}-record.docx, zh-CN and en).

    pip install .                 # or: pip install -e . while you work on it
    meetkit plugins               # shows {key}, from the entry point
    meetkit prepare {key}

Test it (needs pytest):

    pip install -e ".[test]" && pytest

The templates are Word files in {module}/templates/<lang>/; open them in Word or WPS, and check
one after editing with `meetkit check-template {module}/templates/zh-CN/{key}-record.docx`.
"""

TEST = '''"""Tests for the {key} plugin, through meetkit.testing: a temporary workspace with a fictional
roster, a prepared meeting, the text of its documents. The plugin must be installed
(`pip install -e .`): meetkit finds it through its entry point, as it will for users."""
from meetkit.testing import document_text, make_workspace, prepare_meeting, run_cli


def test_the_type_is_registered(tmp_path):
    ws = make_workspace(tmp_path / "ws")
    assert "{key}" in ws.plugins.types
    assert ws.plugins.infos["{key}"].status == "ok"


def test_prepare_writes_the_record(tmp_path):
    ws = make_workspace(tmp_path / "ws")
    result = prepare_meeting(ws, "{key}", date="2026-03-05")
    text = document_text(result.document("{key}-record"))
    assert "2026年3月5日" in text
    assert "有表决权的党员 (10)" in text  # the demo roster: 12 members, 2 probationary
    assert "王建国" in text


def test_english_and_the_cli(tmp_path):
    ws = make_workspace(tmp_path / "ws", lang="en")
    out = run_cli(ws, "prepare", "{key}", "--no-input", "--date", "2026-03-05")
    assert "{key}-record.docx" in out
    text = document_text(ws.root / "meetings" / "2026-03-05-{key}" / "{key}-record.docx")
    assert "Voting members (10)" in text
'''


def check_name(name: str) -> str:
    """A new type's key: lower-case letters, digits and '-', starting with a letter."""
    from .model.types import KEY_MAX, key_problem

    # The registry's rule, plus a first letter: the key also names a Python package.
    if key_problem(name) or not name[:1].isalpha():
        raise MeetkitError(
            _(
                "NAME: {name!r} is not a meeting type key (at most {max} lower-case "
                "letters, digits and '-', starting with a letter, e.g. "
                "village-council)"
            ).format(name=name, max=KEY_MAX)
        )
    return name


def _not_taken(plugins: Plugins | None, key: str) -> None:
    if plugins is None:
        return
    types = plugins.types
    if key in types:
        owner = types[key].plugin
        source = plugins.infos[owner].source if owner in plugins.infos else "?"
        raise MeetkitError(
            _(
                "NAME: meeting type {key!r} already exists (plugin {owner}, "
                "{source}); choose another name"
            ).format(key=key, owner=owner, source=source)
        )
    if key in plugins.infos:
        raise MeetkitError(
            _(
                "NAME: a plugin named {key!r} is already loaded ({source}); choose another name"
            ).format(key=key, source=plugins.infos[key].source)
        )


def _write_all(files: dict) -> list[Path]:
    """Write every file, refusing before writing anything if one exists."""
    existing = [str(p) for p in files if p.exists()]
    if existing:
        raise MeetkitError(
            _("{path} already exists; new-plugin never overwrites a file").format(path=existing[0])
        )
    for path, data in files.items():
        if isinstance(data, bytes):
            atomic_write_bytes(path, data)
        else:
            atomic_write_text(path, data)
    return list(files)


def _words(key: str, name_zh: str | None, name_en: str | None) -> dict:
    name_en = name_en or key.replace("-", " ") + " meeting"
    name_zh = name_zh or f"{key}会议"
    for label, value in (("--name-zh", name_zh), ("--name-en", name_en)):
        if any(c in value for c in '"\\\n'):
            raise MeetkitError(
                _("{label}: {value!r} may not contain quotes, backslashes or line breaks").format(
                    label=label, value=value
                )
            )
    return {"key": key, "name_zh": name_zh, "name_en": name_en}


def new_local_plugin(
    workspace: Workspace, name: str, *, name_zh: str | None = None, name_en: str | None = None
) -> list[Path]:
    """Write a local plugin for meeting type ``name`` into ``workspace``; return the files."""
    key = check_name(name)
    _not_taken(workspace.plugins, key)
    words = _words(key, name_zh, name_en)
    folder = workspace.root / "plugins" / key
    records = {lang: record_template(lang, title) for lang, title in record_titles(words).items()}
    files = (
        f"plugins/{key}.py",
        f"plugins/{key}/agenda.toml",
        f"plugins/{key}/templates/zh-CN/{key}-record.docx",
        f"plugins/{key}/templates/en/{key}-record.docx",
    )
    module = MODULE.format(
        **words,
        here="Path(__file__).resolve().parent / KEY",
        loaded_by="meetkit loads every plugins/*.py of this workspace when it starts.",
        files="\n  ".join(files),
    )
    return _write_all(
        {
            folder / "templates" / "zh-CN" / f"{key}-record.docx": records["zh-CN"],
            folder / "templates" / "en" / f"{key}-record.docx": records["en"],
            folder / "agenda.toml": AGENDA.format(**words),
            workspace.root / "plugins" / f"{key}.py": module,  # last: it needs the files above
        }
    )


def new_package(
    dest: Path,
    name: str,
    *,
    plugins: Plugins | None = None,
    name_zh: str | None = None,
    name_en: str | None = None,
) -> Path:
    """Write an installable plugin package ``meetkit-NAME/`` under ``dest``; return its folder."""
    key = check_name(name)
    _not_taken(plugins, key)
    words = _words(key, name_zh, name_en)
    module = "meetkit_" + key.replace("-", "_")
    root = Path(dest) / f"meetkit-{key}"
    if root.exists():
        raise MeetkitError(
            _("{path} already exists; new-plugin never overwrites a file").format(path=root)
        )
    package = root / module
    records = {lang: record_template(lang, title) for lang, title in record_titles(words).items()}
    files = (
        f"{module}/__init__.py",
        f"{module}/agenda.toml",
        f"{module}/templates/zh-CN/{key}-record.docx",
        f"{module}/templates/en/{key}-record.docx",
    )
    code = MODULE.format(
        **words,
        here="Path(__file__).resolve().parent",
        loaded_by="meetkit loads it through the `meetkit` entry point in pyproject.toml once "
        "the package is installed.",
        files="\n  ".join(files),
    )
    _write_all(
        {
            package / "templates" / "zh-CN" / f"{key}-record.docx": records["zh-CN"],
            package / "templates" / "en" / f"{key}-record.docx": records["en"],
            package / "agenda.toml": AGENDA.format(**words),
            package / "__init__.py": code,
            root / "pyproject.toml": PYPROJECT.format(**words, module=module),
            root / "README.md": README.format(**words, module=module),
            root / "tests" / f"test_{module}.py": TEST.format(**words),
        }
    )
    return root


COPY_MODULE = '''"""{name_zh} ({name_en}): a local copy of the meeting type {like!r}, written by
`meetkit new-plugin {key} --like {like}`.

It works as {like} does (every command that works for {like} works for {key}) and the ledger
counts it as {like}. Edit its agenda ({key}/agenda.toml) and its Word templates
({key}/templates/<lang>/*.docx): they are this type's alone. meetkit loads every plugins/*.py
of this workspace when it starts.
"""

from fractions import Fraction  # noqa: F401  (the rules below may name fractions)
from pathlib import Path

from meetkit import MeetingType, QuorumRule, VoteRule, hookimpl  # noqa: F401

HERE = Path(__file__).resolve().parent / {key!r}


@hookimpl
def meetkit_register_meeting_types(register):
    register.add(
        MeetingType(
            key={key!r},
            name={{"zh-CN": {name_zh!r}, "en": {name_en!r}}},
{fields}
            counts_as={kind!r},
            agenda_file=HERE / "agenda.toml",
            template_dir=HERE / "templates",
        )
    )
'''
# The fields a copy takes from the type it copies, as they are (the rest are its own).
COPIED = (
    "attendees",
    "quorum",
    "votes",
    "vote_rule",
    "frequency",
    "needs_lecturer",
    "needs_group",
    "description",
    "uses",
    "lecturer",
    "ledger_optional",
)


def new_copy(
    workspace: Workspace,
    key: str,
    like: str,
    *,
    name_zh: str | None = None,
    name_en: str | None = None,
) -> list[Path]:
    """Write a local plugin whose type copies ``like`` under ``key``, with its own names, and
    the agenda and templates ``like`` uses now copied for editing; return the files."""
    from .documents.templates import find_template
    from .model.agenda import find_agenda_file

    key = check_name(key)
    original = workspace.plugins.meeting_type(like)  # by key, alias or name; one line if none
    _not_taken(workspace.plugins, key)
    words = _words(key, name_zh, name_en)
    if name_zh is None:
        words["name_zh"] = f"{original.title('zh-CN')}（{key}）"
    if name_en is None:
        words["name_en"] = f"{original.title('en')} ({key})"
    folder = workspace.root / "plugins" / key
    fields = "\n".join(f"            {f}={getattr(original, f)!r}," for f in COPIED)
    files: dict[Path, bytes | str] = {}
    agenda, _origin = find_agenda_file(original, workspace.root)
    if agenda is not None:
        files[folder / "agenda.toml"] = agenda.read_bytes()
    for lang in ("zh-CN", "en"):
        for doc in workspace.plugins.documents(original):
            try:
                path, _origin = find_template(doc, lang, workspace.root, original)
            except MeetkitError:
                continue  # a document with no template in this language: none to copy
            files[folder / "templates" / lang / path.name] = path.read_bytes()
    module = COPY_MODULE.format(**words, like=original.key, kind=original.kind, fields=fields)
    files[workspace.root / "plugins" / f"{key}.py"] = module  # last: it needs the files above
    return _write_all(files)
