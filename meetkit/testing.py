"""Helpers for a plugin's own tests: a temporary workspace with a roster, a prepared meeting,
the text of a generated document, a meetkit command run in the workspace.

They use meetkit exactly as a user does (the installed plugins through their entry points, the
workspace's ``plugins/*.py``), so a test that passes here passes for users. No pytest needed::

    from meetkit.testing import document_text, make_workspace, prepare_meeting

    def test_prepare(tmp_path):
        ws = make_workspace(tmp_path / "ws")           # 12 fictional members, 2 probationary
        result = prepare_meeting(ws, "election", date="2026-03-05")
        assert "王建国" in document_text(result.document("ballot"))
"""

from __future__ import annotations

import contextlib
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import os
    from collections.abc import Iterator

    from docx.blkcntnr import BlockItemContainer
    from docx.oxml.xmlchemy import BaseOxmlElement
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph

    from .roster import Member
    from .workspace import Workspace

__all__ = [
    "make_workspace",
    "temporary_workspace",
    "prepare_meeting",
    "Prepared",
    "document_text",
    "run_cli",
]


def make_workspace(
    path: str | os.PathLike[str],
    *,
    lang: str = "zh-CN",
    members: list[Member | dict[str, Any]] | None = None,
    plugins: tuple[str | os.PathLike[str], ...] = (),
    config: str | None = None,
) -> Workspace:
    """Create a workspace at ``path`` (which must not be one yet) and return its ``Workspace``.

    :param lang: ``zh-CN`` or ``en``: the demo branch's names and the documents' language.
    :param members: a roster instead of the demo one: ``Member`` objects or dicts with name,
        status (full/probationary/suspended), group, role (secretary/deputy/committee/member).
    :param plugins: plugin files (paths) to copy into the workspace's ``plugins/``, each with
        its folder of the same name (``plugins/NAME/``) when there is one.
    :param config: text to append to meetkit.toml; a ``[ledger]`` table in it replaces the one
        ``init`` wrote (which holds only ``since``).
    """
    from .meetings.init import init_workspace
    from .roster import Member
    from .workspace import Workspace

    root = init_workspace(Path(path), lang=lang, demo=True)
    if members is not None:
        use_roster(root, [m if isinstance(m, Member) else Member(**m) for m in members])
    for plugin in plugins:
        plugin = Path(plugin)
        shutil.copy(plugin, root / "plugins" / plugin.name)
        own = plugin.with_suffix("")  # a scaffolded plugin keeps its files in plugins/NAME/
        if own.is_dir():
            shutil.copytree(own, root / "plugins" / own.name)
    if config:
        text = (root / "meetkit.toml").read_text(encoding="utf-8")
        if re.search(r"^\s*\[ledger\]", config, re.M):
            # One [ledger] table only: the given one replaces init's (the ledger then counts
            # from the first meeting unless it says `since`).
            text = text[: text.index("\n[ledger]\n") + 1]
        (root / "meetkit.toml").write_text(text + "\n" + config + "\n", encoding="utf-8")
    return Workspace(root)


def use_roster(root: str | os.PathLike[str], members: list[Member]) -> None:
    """Write ``members`` as the workspace's roster and name its secretary and organizer in
    meetkit.toml (a member with that role, else none): meetkit refuses a meetkit.toml naming
    people who are not members."""
    import re

    from .roster import write_roster

    root = Path(root)
    write_roster(root / "members.csv", members)
    secretary = next((m.name for m in members if m.role == "secretary"), "")
    organizer = next((m.name for m in members if m.committee and m.name != secretary), "")
    toml = root / "meetkit.toml"
    text = toml.read_text(encoding="utf-8")
    for key, value in (("secretary", secretary), ("organizer", organizer)):
        text = re.sub(rf'(?m)^{key} = "[^"]*"', f'{key} = "{value}"', text)
    toml.write_text(text, encoding="utf-8")


@contextlib.contextmanager
def temporary_workspace(**options: Any) -> Iterator[Workspace]:
    """``make_workspace`` in a temporary folder, removed afterwards (for use outside pytest)."""
    with tempfile.TemporaryDirectory(prefix="meetkit-test-") as tmp:
        yield make_workspace(Path(tmp) / "ws", **options)


@dataclass
class Prepared:
    """A prepared meeting: the ``Meeting``, its folder and the files written, by document."""

    meeting: object
    folder: Path
    files: dict = field(default_factory=dict)  # document name -> path
    assumed: list = field(default_factory=list)

    def document(self, name: str) -> Path:
        """The path of document ``name`` (e.g. ``"minutes"``); KeyError lists the names."""
        if name not in self.files:
            raise KeyError(f"no document {name!r} in the pack; there are: {', '.join(self.files)}")
        return self.files[name]


def prepare_meeting(workspace: Workspace, type_key: str, **options: Any) -> Prepared:
    """Prepare a meeting as ``meetkit prepare TYPE --no-input`` does and return what was
    written. ``options`` are prepare's: date ("YYYY-MM-DD"), time, place, topic, host,
    recorder, lecturer, group, lang."""
    from .documents.pack import Options, prepare

    result = prepare(workspace, type_key, Options(**options))
    return Prepared(
        result.meeting,
        workspace.meeting_folder(result.meeting),
        {w.name: w.path for w in result.written},
        result.assumed,
    )


def _text(element: BaseOxmlElement) -> str:
    """The text of a paragraph element as Word shows it: content controls (``w:sdt``, meetkit's
    fields in the minutes) included, which python-docx's ``.text`` leaves out."""
    from docx.oxml.ns import qn

    parts = {qn("w:t"): None, qn("w:br"): "\n", qn("w:cr"): "\n", qn("w:tab"): "\t"}
    return "".join(
        (el.text or "") if parts[el.tag] is None else str(parts[el.tag])
        for el in element.iter(*parts)
    )


def _cell_text(cell: _Cell) -> str:
    from docx.oxml.ns import qn

    return "\n".join(
        _text(p)
        for p in cell._tc.iter(qn("w:p"))
        if next(p.iterancestors(qn("w:tc"))) is cell._tc  # not a nested table's
    )


def _table_text(table: Table) -> list[str]:
    lines = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell appears once per grid column it spans
                continue
            seen.add(id(cell._tc))
            inner = [_cell_text(cell).strip()] + ["\n".join(_table_text(t)) for t in cell.tables]
            cells.append(" ".join(x for x in inner if x))
        lines.append(" | ".join(cells))
    return lines


def _blocks(body: BlockItemContainer) -> Iterator[Paragraph | Table]:
    """The body's paragraphs and tables in order, those inside block content controls too."""
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for el in body._element:
        if el.tag == qn("w:p"):
            yield Paragraph(el, body)
        elif el.tag == qn("w:tbl"):
            yield Table(el, body)
        elif el.tag == qn("w:sdt"):
            content = el.find(qn("w:sdtContent"))
            for inner in content if content is not None else ():
                if inner.tag == qn("w:p"):
                    yield Paragraph(inner, body)
                elif inner.tag == qn("w:tbl"):
                    yield Table(inner, body)


def document_text(path: str | os.PathLike[str]) -> str:
    """The text of a .docx as a reader sees it, in order: paragraphs one per line, table rows as
    ``cell | cell``, then headers and footers; what content controls hold (meetkit's own
    fields in the minutes, meetkit.documents.roundtrip) included."""
    from docx import Document
    from docx.table import Table

    doc = Document(str(path))
    lines = []
    for block in _blocks(doc._body):
        if isinstance(block, Table):
            lines.extend(_table_text(block))
        else:
            lines.append(_text(block._p))
    for section in doc.sections:
        for part in (section.header, section.footer):
            if not part.is_linked_to_previous:
                lines.extend(p.text for p in part.paragraphs if p.text.strip())
    return "\n".join(lines)


def run_cli(workspace: Workspace, *args: str, ok: bool = True) -> str:
    """Run ``meetkit ARGS`` in ``workspace`` and return what it printed (stdout). With ``ok``
    (the default) a non-zero exit raises AssertionError showing stdout and stderr."""
    from click.testing import CliRunner

    from .cli import cli

    root = getattr(workspace, "root", workspace)
    result = CliRunner().invoke(cli, ["--workspace", str(root), *args], catch_exceptions=False)
    if ok and result.exit_code != 0:
        raise AssertionError(
            f"meetkit {' '.join(args)} exited {result.exit_code}:\n{result.output}"
        )
    return result.stdout
