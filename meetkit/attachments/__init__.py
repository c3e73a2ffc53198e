"""Attachments of a meeting (附件): photos of the meeting, the slides, a signed scan.

``meetkit attach ID FILE...`` and the admin page's upload (photos from a phone) copy files into
the meeting's folder, ``meetings/<id>/attachments/``; nothing else records them, so a file the
secretary drops there by hand counts too. The minutes list them under 附件, ``export --pdf``
puts the photos on appendix pages of print.pdf, and the ledger says which meetings have photos.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import MeetkitError
from ..files import atomic_write_bytes
from ..i18n import _, gettext_for

if TYPE_CHECKING:
    from ..model.meeting import Meeting
    from ..workspace import Workspace

FOLDER = "attachments"
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp")
MAX_BYTES = 50 * 1024 * 1024  # a phone's photo is a few MB; a scanned PDF some tens
NAME_MAX = 120


@dataclass(frozen=True)
class Attachment:
    """One file attached to a meeting."""

    name: str
    path: Path

    @property
    def photo(self) -> bool:
        return self.path.suffix.lower() in PHOTO_SUFFIXES


def folder(ws: Workspace, meeting: Meeting) -> Path:
    return ws.meeting_folder(meeting) / FOLDER


def safe_name(name: str) -> str:
    """A file name that stays in the folder and opens on Windows: no path, no control or
    reserved characters, at most NAME_MAX characters (the suffix kept)."""
    base = unicodedata.normalize("NFC", Path(str(name).replace("\\", "/")).name)
    base = re.sub(r'[<>:"/\\|?*\x00-\x1f\x7f]', "_", base).strip(" .")
    stem, suffix = Path(base).stem, Path(base).suffix[:10]
    stem = stem[: NAME_MAX - len(suffix)] or "file"
    return stem + suffix


def _free(target: Path) -> Path:
    """``target``, or name-2.ext, name-3.ext … when it is taken."""
    n = 2
    out = target
    while out.exists():
        out = target.with_name(f"{target.stem}-{n}{target.suffix}")
        n += 1
    return out


def add(ws: Workspace, meeting: Meeting, name: str, data: bytes) -> Attachment:
    """Keep ``data`` as attachment ``name`` of ``meeting`` (a name already there gets -2)."""
    if not data:
        raise MeetkitError(_("{name}: the file is empty").format(name=name))
    if len(data) > MAX_BYTES:
        raise MeetkitError(
            _("{name}: larger than {mb} MB").format(name=name, mb=MAX_BYTES // 1024 // 1024)
        )
    target = _free(folder(ws, meeting) / safe_name(name))
    atomic_write_bytes(target, data)
    return Attachment(target.name, target)


def attach_files(ws: Workspace, meeting: Meeting, paths: list[Path]) -> list[Attachment]:
    """Copy ``paths`` into the meeting's attachments; every file is checked before any is
    written, so a bad one leaves nothing half done."""
    blobs = []
    for path in paths:
        path = Path(path)
        if not path.is_file():
            raise MeetkitError(_("{path}: no such file").format(path=path))
        size = path.stat().st_size
        if size == 0 or size > MAX_BYTES:
            raise MeetkitError(
                _("{path}: empty, or larger than {mb} MB").format(
                    path=path, mb=MAX_BYTES // 1024 // 1024
                )
            )
        blobs.append((path.name, path.read_bytes()))
    return [add(ws, meeting, name, data) for name, data in blobs]


def listed(ws: Workspace, meeting: Meeting) -> list[Attachment]:
    """The meeting's attachments, by name."""
    where = folder(ws, meeting)
    if not where.is_dir():
        return []
    return [
        Attachment(p.name, p)
        for p in sorted(where.iterdir(), key=lambda p: p.name)
        if p.is_file() and not p.name.startswith((".", "~$"))
    ]


def photos(ws: Workspace, meeting: Meeting) -> list[Attachment]:
    return [a for a in listed(ws, meeting) if a.photo]


def template_context(ws: Workspace, meeting: Meeting, lang: str) -> list[dict[str, object]]:
    """The ``attachments`` variable: ``a.no``, ``a.name``, ``a.kind`` (照片/文件)."""
    _ = gettext_for(lang)  # the meeting's language
    return [
        {
            "no": i,
            "name": a.name,
            "kind": _("photo") if a.photo else _("file"),
        }
        for i, a in enumerate(listed(ws, meeting) if meeting.id else [], 1)
    ]


def photo_pages(ws: Workspace, meeting: Meeting, lang: str) -> bytes | None:
    """The photo appendix of print.pdf: one A4 page per photo under the heading 附件：会议照片,
    with the file name; None when the meeting has no photo (or none Pillow can read)."""
    shots = photos(ws, meeting)
    if not shots:
        return None
    import io  # Pillow only for a meeting with photos: most have none (export --pdf)

    from PIL import Image, ImageDraw, ImageFont, UnidentifiedImageError

    from ..documents.notice_image import find_font

    _ = gettext_for(lang)  # the meeting's language
    width, height = 1240, 1754  # A4 at 150 dpi
    margin = 110
    title_font: ImageFont.FreeTypeFont | ImageFont.ImageFont
    note_font: ImageFont.FreeTypeFont | ImageFont.ImageFont
    try:
        font_path = find_font()
        title_font = ImageFont.truetype(font_path, 44)
        note_font = ImageFont.truetype(font_path, 30)
    except (OSError, MeetkitError):  # no Chinese font here: Pillow's own
        title_font = note_font = ImageFont.load_default()
    pages = []
    for n, shot in enumerate(shots, 1):
        try:
            with Image.open(shot.path) as img:
                photo = img.convert("RGB")
        except (UnidentifiedImageError, OSError):
            continue
        page = Image.new("RGB", (width, height), "white")
        draw = ImageDraw.Draw(page)
        draw.text(
            (margin, margin),
            _("Attachment: photos of the meeting ({n}/{total})").format(n=n, total=len(shots)),
            fill="black",
            font=title_font,
        )
        box = (width - 2 * margin, height - 2 * margin - 160)
        photo.thumbnail(box)
        x = (width - photo.width) // 2
        page.paste(photo, (x, margin + 90))
        draw.text((margin, margin + 110 + photo.height), shot.name, fill="black", font=note_font)
        pages.append(page)
    if not pages:
        return None
    out = io.BytesIO()
    pages[0].save(out, "PDF", resolution=150.0, save_all=True, append_images=pages[1:])
    return out.getvalue()
