"""Extract, update and compile meetkit's message catalogs (Babel), and check them.

    python tools/messages.py            # all three: extract, update, compile
    python tools/messages.py extract    # meetkit/locale/meetkit.pot from the code
    python tools/messages.py update     # merge the .pot into each language's .po
    python tools/messages.py compile    # each .po -> .mo (committed: installs need no build step)
    python tools/messages.py check      # exit 1 on a message without a translation or a stale .mo

English is the msgid language; meetkit/locale/zh_CN/LC_MESSAGES/meetkit.po is the Chinese
catalog. After `update`, translate the entries with an empty msgstr (and those marked fuzzy:
check them and drop the flag), then `compile`.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "meetkit" / "locale"
POT = LOCALE / "meetkit.pot"
SOURCES = ("meetkit", "plugins")  # the built-in plugins ship with meetkit
LANGUAGES = ("zh_CN",)
# _("..."), N_("...") (marked, translated where shown), ngettext, pgettext.
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
METHOD_MAP = [("**.py", "python")]


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "meetkit.po"


def extract() -> Catalog:
    """Every marked message in meetkit's code, as a template catalog."""
    template = Catalog(project="meetkit", charset="utf-8", fuzzy=False)
    for source in SOURCES:
        for filename, _lineno, message, comments, context in extract_from_dir(
            ROOT / source, METHOD_MAP, keywords=KEYWORDS, strip_comment_tags=True
        ):
            template.add(
                message,
                None,
                [(f"{source}/{filename}", None)],
                auto_comments=comments,
                context=context,
            )
    return template


def _write(catalog: Catalog, path: Path) -> None:
    buf = io.BytesIO()
    # No line numbers (only files): a moved line doesn't change the catalogs, so merges stay quiet.
    write_po(
        buf,
        catalog,
        width=100,
        omit_header=False,
        sort_output=True,
        include_lineno=False,
        no_location=False,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue())


def read(lang: str) -> Catalog:
    with open(po_path(lang), "rb") as f:
        return read_po(f, locale=lang, domain="meetkit")


def compiled(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    return buf.getvalue()


def update(template: Catalog) -> None:
    for lang in LANGUAGES:
        path = po_path(lang)
        if path.exists():
            catalog = read(lang)
            catalog.update(template, update_header_comment=False)
            # What the code no longer says is dropped, not kept as #~ obsolete clutter.
            catalog.obsolete.clear()
        else:
            catalog = Catalog(locale=lang, domain="meetkit", project="meetkit", charset="utf-8")
            catalog.update(template)
        catalog.revision_date = catalog.creation_date = template.creation_date.replace(
            year=2026, month=1, day=1, hour=0, minute=0, second=0, microsecond=0
        )
        _write(catalog, path)


def compile_all() -> None:
    for lang in LANGUAGES:
        po_path(lang).with_suffix(".mo").write_bytes(compiled(read(lang)))


def problems() -> list[str]:
    """Messages in the code without a translation, fuzzy ones, and stale .mo files."""
    found = []
    wanted = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in extract() if m.id}
    for lang in LANGUAGES:
        catalog = read(lang)
        for msgid, context in sorted(wanted, key=str):
            m = catalog.get(msgid, context=context)
            strings = (m.string if isinstance(m.string, tuple) else (m.string,)) if m else ("",)
            if m is None or not all(strings) or m.fuzzy:
                found.append(f"{lang}: no translation for {msgid!r}")
        mo = po_path(lang).with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != compiled(catalog):
            found.append(
                f"{lang}: {mo.relative_to(ROOT)} does not match its .po: run "
                "`python tools/messages.py compile`"
            )
    return found


def main(argv: list[str]) -> int:
    what = argv[0] if argv else "all"
    if what in ("extract", "update", "all"):
        template = extract()
        template.creation_date = template.creation_date.replace(
            year=2026, month=1, day=1, hour=0, minute=0, second=0, microsecond=0
        )
        _write(template, POT)
        if what in ("update", "all"):
            update(template)
    if what in ("compile", "all"):
        compile_all()
    if what in ("check", "all"):
        found = problems()
        for line in found:
            print(line, file=sys.stderr)
        return 1 if found and what == "check" else 0
    if what not in ("extract", "update", "compile", "all", "check"):
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
