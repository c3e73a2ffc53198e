"""Minutes edited in Word, kept: meetkit's own fields live in Word content controls
(``w:sdt``) tagged ``meetkit:<field>`` (the attendance counts and names, the statement, each
tally, the resolutions, the end time). When the secretary has written in minutes.docx, a later
``meetkit minutes`` replaces only what is inside those controls, in the same file, and keeps
every other word; it writes minutes-2.docx beside it only when a control was deleted.

The templates put the controls there (templatewriter.TemplateWriter.field/block); this
module reads and merges them with lxml, on the package's word/document.xml only.
"""

from __future__ import annotations

import copy
import io
import itertools
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..i18n import N_, gettext_for, pgettext_for

if TYPE_CHECKING:
    from lxml import etree

TAG_PREFIX = "meetkit:"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOCUMENT = "word/document.xml"

# What each field is called when meetkit says what it changed (the tag's part before "-").
FIELD_WORDS = {
    "time": N_("start and end time"),
    "expected": N_("expected count"),
    "present": N_("present count"),
    "leave": N_("on-leave count"),
    "absent": N_("absent count"),
    "voting-expected": N_("voting members expected"),
    "voting-present": N_("voting members present"),
    "absentees": N_("absentees and reasons"),
    "guests": N_("people sitting in"),
    "attendees": N_("members present"),
    "statement": N_("attendance statement"),
    "tally": N_("tally of item {n}"),
    "personnel": N_("personnel votes"),
    "resolutions": N_("resolutions"),
    "appraisal": N_("appraisal"),
}


@dataclass
class Merged:
    """The outcome of merging a fresh rendering into an edited file."""

    data: bytes | None  # the merged .docx; None when a field was removed (write beside)
    changed: list[str] = field(default_factory=list)  # tags whose content changed
    missing: list[str] = field(default_factory=list)  # tags the edited file no longer has


def _tag(sdt: etree._Element) -> str | None:
    """The control's meetkit tag: its w:tag, else its alias (LibreOffice keeps only that)."""
    for name in ("tag", "alias"):
        el = sdt.find(f"{{{W}}}sdtPr/{{{W}}}{name}")
        value = el.get(f"{{{W}}}val") if el is not None else None
        if value and value.startswith(TAG_PREFIX):
            return value
    return None


def _controls(root: etree._Element) -> dict[str, list]:
    """{tag: [w:sdt, …]} of meetkit's controls in document order (outermost only)."""
    out: dict[str, list] = {}
    for sdt in root.iter(f"{{{W}}}sdt"):
        tag = _tag(sdt)
        if tag is None:
            continue
        if any(_tag(a) for a in sdt.iterancestors(f"{{{W}}}sdt")):
            continue  # inside another of meetkit's: it goes with that one
        out.setdefault(tag, []).append(sdt)
    return out


def _content(sdt: etree._Element) -> etree._Element | None:
    return sdt.find(f"{{{W}}}sdtContent")


def _text(sdt: etree._Element) -> str:
    content = _content(sdt)
    return "".join(content.itertext()) if content is not None else ""


def _read(data: bytes) -> etree._Element:
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read(DOCUMENT))


def fields(data: bytes) -> dict[str, list[str]]:
    """{tag: [text, …]} of a .docx's meetkit fields (for tests and ``changed``)."""
    return {tag: [_text(s) for s in sdts] for tag, sdts in _controls(_read(data)).items()}


def merge(edited: Path, fresh: bytes) -> Merged:
    """Put the content of each of ``fresh``'s controls into the same control of ``edited``.
    Every other part of ``edited`` (the secretary's words, styles, headers) stays as it is."""
    from lxml import etree

    edited_bytes = Path(edited).read_bytes()
    mine = _read(edited_bytes)
    new = _controls(_read(fresh))
    old = _controls(mine)
    missing = [tag for tag, sdts in new.items() if len(old.get(tag, ())) < len(sdts)]
    if missing:
        return Merged(None, [], missing)
    changed = []
    for tag, sdts in new.items():
        for target, source in zip(old[tag], sdts):
            if _text(target) != _text(source) and tag not in changed:
                changed.append(tag)
            content, replacement = _content(target), _content(source)
            if content is None or replacement is None:
                continue
            for child in list(content):
                content.remove(child)
            for child in replacement:
                content.append(copy.deepcopy(child))
    xml = etree.tostring(mine, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(edited_bytes)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            dst.writestr(item, xml if item.filename == DOCUMENT else src.read(item.filename))
    return Merged(out.getvalue(), changed, [])


def describe(tags: list[str], lang: str) -> str:
    """The changed fields in words: 实到人数、第4项表决结果 …"""
    _ = gettext_for(lang)
    words = []
    for tag in tags:
        # "present", "voting-expected", "tally-item4-method", "personnel-1-5"
        parts = tag[len(TAG_PREFIX) :].split("-")
        head = [p for p in itertools.takewhile(lambda p: not any(c.isdigit() for c in p), parts)]
        key = "-".join(head)
        n = next((p.removeprefix("item") for p in parts[len(head) :]), "")
        word = FIELD_WORDS.get(key)
        words.append(_(word).format(n=n) if word else key)
    pgettext = pgettext_for(lang)
    sep = pgettext("list separator", ", ")
    return sep.join(dict.fromkeys(words))
