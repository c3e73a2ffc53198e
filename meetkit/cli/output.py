"""Terminal output: JSON for programs, aligned tables for people (CJK counts double width)."""

from __future__ import annotations

import json
import unicodedata
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from pathlib import Path

    from ..documents.pack import Written


def echo_json(data: object) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def echo_table(headers: list[str], rows: Sequence[Sequence[object]]) -> None:
    cells = [[("" if v is None else str(v)) for v in row] for row in rows]
    widths = [max([width(h)] + [width(r[i]) for r in cells]) for i, h in enumerate(headers)]

    def line(texts: list[str]) -> str:
        return "  ".join(c + " " * (w - width(c)) for c, w in zip(texts, widths)).rstrip()

    click.echo(line(headers))
    click.echo(line(["-" * w for w in widths]))
    for row in cells:
        click.echo(line(row))


def echo_written(folder: Path, written: Iterable[Written]) -> None:
    """One line per file a command wrote into a meeting's ``folder`` (relative to it, so
    per-member files show their subfolder); a file the user had edited is kept and named."""
    from ..i18n import _, get_language

    for w in written:
        shown = w.path.relative_to(folder) if w.path.is_relative_to(folder) else w.path.name
        if getattr(w, "merged", False):
            from ..documents.roundtrip import describe

            what = describe(list(w.changed), get_language())
            click.echo(
                _("  {file}  (you edited it: kept your words, updated {fields})").format(
                    file=shown, fields=what
                )
                if what
                else _("  {file}  (you edited it: kept your words; nothing to update)").format(
                    file=shown
                )
            )
        elif w.kept:
            click.echo(
                _("  {new}  (you edited {kept}: kept it, wrote the new version as {new})").format(
                    new=shown, kept=w.kept.name
                )
            )
            if getattr(w, "missing", ()):
                from ..documents.roundtrip import describe

                click.echo(
                    _("    ({kept} no longer has these fields: {fields})").format(
                        kept=w.kept.name, fields=describe(list(w.missing), get_language())
                    )
                )
        else:
            click.echo(f"  {shown}")
