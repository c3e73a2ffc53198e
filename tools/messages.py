"""Extract, update and compile meetkit's message catalogs (Babel), and check them.

    python tools/messages.py            # all three: extract, update, compile
    python tools/messages.py extract    # meetkit/locale/meetkit.pot from the code
    python tools/messages.py update     # merge the .pot into each language's .po
    python tools/messages.py compile    # each .po -> .mo (committed: installs need no build step)
    python tools/messages.py check      # exit 1 on a message without a translation or a stale .mo

English is the msgid language; meetkit/locale/zh_CN/LC_MESSAGES/meetkit.po is the Chinese
catalog. After `update`, translate the entries with an empty msgstr (and those marked fuzzy:
check them and drop the flag), then `compile`.

A second domain, `click`, holds click's own messages (usage errors, "Aborted!", its types'
refusals), extracted from the installed click into meetkit/locale/click.pot and translated in
meetkit/locale/zh_CN/LC_MESSAGES/click.po (meetkit.i18n.speak_for_click routes click to it).
Each step does both domains.
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
DOMAINS = ("meetkit", "click")
SOURCES = ("meetkit", "plugins")  # the built-in plugins ship with meetkit
LANGUAGES = ("zh_CN",)
# _("..."), N_("...") (marked, translated where shown), ngettext, pgettext; T_ and TP_ mark
# the template builders' tables of words (meetkit.i18n.in_language).
KEYWORDS = {
    "_": None,
    "N_": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "T_": None,
    "TP_": ((1, "c"), 2),
}
# The template builders' words, written into the built-in .docx templates: in the catalog too.
TOOLS_METHOD_MAP = [("build_*.py", "python")]
METHOD_MAP = [("**.py", "python")]
# click marks its words with gettext's own names.
CLICK_KEYWORDS = {"_": None, "ngettext": (1, 2)}
# click's words it looks up through a variable (core.py: `_(extra["required"])`): not extracted.
CLICK_EXTRA = ("required",)


def po_path(lang: str, domain: str = "meetkit") -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{domain}.po"


def pot_path(domain: str = "meetkit") -> Path:
    return LOCALE / f"{domain}.pot"


def extract(domain: str = "meetkit") -> Catalog:
    """Every marked message in meetkit's code (or, for `click`, the installed click's), as a
    template catalog."""
    if domain == "click":
        return extract_click()
    template = Catalog(project="meetkit", charset="utf-8", fuzzy=False)
    sources = [(source, METHOD_MAP) for source in SOURCES]
    if (ROOT / "tools").is_dir():
        sources.append(("tools", TOOLS_METHOD_MAP))
    for source, method_map in sources:
        for filename, _lineno, message, comments, context in extract_from_dir(
            ROOT / source, method_map, keywords=KEYWORDS, strip_comment_tags=True
        ):
            template.add(
                message,
                None,
                [(f"{source}/{filename}", None)],
                auto_comments=comments,
                context=context,
            )
    return template


def extract_click() -> Catalog:
    import click

    folder = Path(click.__file__).parent
    template = Catalog(project="click", charset="utf-8", fuzzy=False)
    for filename, _lineno, message, comments, context in extract_from_dir(
        folder, METHOD_MAP, keywords=CLICK_KEYWORDS, strip_comment_tags=True
    ):
        template.add(
            message,
            None,
            [(f"click/{filename}", None)],
            auto_comments=comments,
            context=context,
        )
    for message in CLICK_EXTRA:
        template.add(message, None, [("click/core.py", None)])
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


def read(lang: str, domain: str = "meetkit") -> Catalog:
    with open(po_path(lang, domain), "rb") as f:
        return read_po(f, locale=lang, domain=domain)


def compiled(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    return buf.getvalue()


def update(template: Catalog, domain: str = "meetkit") -> None:
    for lang in LANGUAGES:
        path = po_path(lang, domain)
        if path.exists():
            catalog = read(lang, domain)
            catalog.update(template, update_header_comment=False)
            # What the code no longer says is dropped, not kept as #~ obsolete clutter.
            catalog.obsolete.clear()
        else:
            catalog = Catalog(locale=lang, domain=domain, project=domain, charset="utf-8")
            catalog.update(template)
        catalog.revision_date = catalog.creation_date = template.creation_date.replace(
            year=2026, month=1, day=1, hour=0, minute=0, second=0, microsecond=0
        )
        _write(catalog, path)


def compile_all() -> None:
    for domain in DOMAINS:
        for lang in LANGUAGES:
            po_path(lang, domain).with_suffix(".mo").write_bytes(compiled(read(lang, domain)))


def problems() -> list[str]:
    """Messages in the code without a translation, fuzzy ones, and stale .mo files."""
    return [line for domain in DOMAINS for line in domain_problems(domain)]


def domain_problems(domain: str) -> list[str]:
    found = []
    wanted = {
        (m.id if isinstance(m.id, str) else m.id[0], m.context) for m in extract(domain) if m.id
    }
    for lang in LANGUAGES:
        catalog = read(lang, domain)
        for msgid, context in sorted(wanted, key=str):
            m = catalog.get(msgid, context=context)
            strings = (m.string if isinstance(m.string, tuple) else (m.string,)) if m else ("",)
            if m is None or not all(strings) or m.fuzzy:
                where = "" if domain == "meetkit" else f" ({domain}.po)"
                found.append(f"{lang}: no translation for {msgid!r}{where}")
        mo = po_path(lang, domain).with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != compiled(catalog):
            found.append(
                f"{lang}: {mo.relative_to(ROOT)} does not match its .po: run "
                "`python tools/messages.py compile`"
            )
    return found


def main(argv: list[str]) -> int:
    what = argv[0] if argv else "all"
    if what in ("extract", "update", "all"):
        for domain in DOMAINS:
            template = extract(domain)
            template.creation_date = template.creation_date.replace(
                year=2026, month=1, day=1, hour=0, minute=0, second=0, microsecond=0
            )
            _write(template, pot_path(domain))
            if what in ("update", "all"):
                update(template, domain)
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
