"""``meetkit share ID``: the meeting notice as a phone-sized picture (notice.png, 1080 px wide)
to post in the branch's group chat.

Drawn with Pillow in a Chinese font found on this computer (Noto CJK from Debian's
fonts-noto-cjk, or a Windows/macOS system font); without one, one line saying what to install —
never boxes in place of characters. It carries no sign-in code: a forwarded picture must not
sign anyone in.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

from .. import clock
from ..errors import MeetkitError
from ..files import atomic_write_bytes
from ..i18n import _, pgettext_for

if TYPE_CHECKING:  # Pillow is imported when drawing, not at start-up
    from PIL.ImageFont import FreeTypeFont

    from ..model.meeting import Meeting
    from ..workspace import Workspace

WIDTH = 1080
MARGIN = 72
RED = (200, 22, 29)  # the red of party notices
INK = (34, 34, 34)
GREY = (102, 102, 102)
PAPER = (255, 253, 248)

# Where Chinese fonts live, most wanted first: (path, preferred face names in a collection).
FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-{w}.ttc",  # Debian/Ubuntu fonts-noto-cjk
    "/usr/share/fonts/noto-cjk/NotoSansCJK-{w}.ttc",  # Arch
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-{w}.ttc",  # Fedora
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-{w}.ttc",
    "/System/Library/Fonts/PingFang.ttc",  # macOS
    "/System/Library/Fonts/STHeiti Medium.ttc",
    "C:/Windows/Fonts/msyh{b}.ttc",  # Microsoft YaHei
    "C:/Windows/Fonts/simhei.ttf",
    "C:/Windows/Fonts/simsun.ttc",
)
INSTALL_HINT = _(
    "no Chinese font found for notice.png: install Noto CJK (Debian/Ubuntu: "
    "`sudo apt install fonts-noto-cjk`; Windows has Microsoft YaHei/SimHei), or set "
    "MEETKIT_FONT to a .ttf/.ttc/.otf file"
)


def words(lang: str) -> dict[str, str]:
    """The notice picture's fixed words in ``lang``, from the catalog."""
    pgettext = pgettext_for(lang)
    return {
        "notice": pgettext("notice picture", "Meeting notice"),
        "cancelled": pgettext("notice picture", "{notice} (cancelled)"),
        "time": pgettext("notice picture", "When"),
        "place": pgettext("notice picture", "Where"),
        "topic": pgettext("notice picture", "Topic"),
        "attend": pgettext("notice picture", "Who"),
        "agenda": pgettext("notice picture", "Agenda"),
        "bring": pgettext("notice picture", "Bring"),
        "host": pgettext("notice picture", "Host"),
        "lecturer": pgettext("notice picture", "Lecturer"),
        "when": pgettext("notice picture", "{weekday}, {date}, {time}"),
        "leave": pgettext(
            "notice picture", "If you cannot attend, ask {host} for leave before the meeting."
        ),
        "bring_default": pgettext("notice picture", "a notebook and pen"),
        "bring_life": pgettext(
            "notice picture", "your self-inspection (对照检查材料) and a notebook"
        ),
        "footer": pgettext("notice picture", "{branch}   {issued}"),
    }


def _face(path: str, size: int, want: str = "SC") -> FreeTypeFont:
    """The font at ``path``; in a collection, the Simplified Chinese face when there is one."""
    from PIL import ImageFont

    first = None
    for index in range(12):
        try:
            font = ImageFont.truetype(path, size, index=index)
        except OSError:
            break
        first = first or font
        if want in " ".join(name or "" for name in font.getname()):
            return font
    if first is None:
        raise OSError(path)
    return first


def find_font(bold: bool = False) -> str:
    """The path of a Chinese font on this computer, or an error saying what to install."""
    own = os.environ.get("MEETKIT_FONT")
    if own:
        if not Path(own).is_file():
            raise MeetkitError(_("MEETKIT_FONT: no font file {path}").format(path=own))
        return own
    for pattern in FONT_CANDIDATES:
        path = pattern.format(w="Bold" if bold else "Regular", b="bd" if bold else "")
        if Path(path).is_file():
            return path
        if bold:  # a regular face will do
            path = pattern.format(w="Regular", b="")
            if Path(path).is_file():
                return path
    raise MeetkitError(INSTALL_HINT)


class Fonts:
    """The three sizes the notice uses, all from one Chinese font."""

    def __init__(self) -> None:
        regular, bold = find_font(), find_font(bold=True)
        try:
            self.title = _face(bold, 60)
            self.head = _face(bold, 40)
            self.body = _face(regular, 38)
            self.small = _face(regular, 30)
        except OSError as exc:
            raise MeetkitError(
                _("{error}: not a font Pillow can read; {hint}").format(
                    error=exc, hint=INSTALL_HINT
                )
            ) from None
        self.path = regular

    def missing(self, text: str) -> list[str]:
        """Characters the font has no glyph for (they would print as boxes)."""
        from PIL import Image, ImageDraw

        font = self.small

        def drawn(ch: str) -> bytes:
            image = Image.new("L", (48, 48), 0)
            ImageDraw.Draw(image).text((4, 0), ch, font=font, fill=255)
            return image.tobytes()

        notdef = drawn("\U0010fffd")  # a code point no font has: the font's "missing" box
        return [
            ch
            for ch in sorted(set(text))
            if not ch.isspace() and ord(ch) >= 0x80 and drawn(ch) == notdef
        ]


def wrap(text: str, font: FreeTypeFont, width: int) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` px: between any two Chinese characters,
    between words otherwise; never before a closing mark (，。、：；）》”)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        tokens = _tokens(paragraph)
        for tok in tokens:
            candidate = line + tok
            if (
                line
                and font.getlength(candidate.rstrip()) > width
                and tok.strip()
                and tok[0] not in "，。、：；！？）》”’,.;:!?)"
            ):
                lines.append(line.rstrip())
                line = tok.lstrip()
            else:
                line = candidate
        lines.append(line.rstrip())
    return lines


def _tokens(text: str) -> list[str]:
    out: list[str] = []
    word = ""
    for ch in text:
        if ord(ch) < 0x2E80 and not ch.isspace():
            word += ch
            continue
        if word:
            out.append(word)
            word = ""
        out.append(ch)
    if word:
        out.append(word)
    return out


class NoticeFields(TypedDict):
    """What a notice says (``notice_fields``), drawn by ``render``."""

    lang: str
    branch: str
    title: str
    rows: list[tuple[str, str]]  # (label, value); a row without a value is left out
    agenda: list[str]
    bring: str
    leave: str
    footer: str
    cancelled: bool


def notice_fields(ws: Workspace, meeting: Meeting, bring: str | None = None) -> NoticeFields:
    """What the notice says, in the meeting's language."""
    from ..model.agenda import load_agenda
    from .context import long_date, meeting_title
    from .context import weekday as day_name

    lang = meeting.lang or ws.config.lang
    w = words(lang)
    t = ws.plugins.meeting_type(meeting.type)
    attendees = (
        meeting.group if t.attendees == "group" and meeting.group else t.attendees_text(lang)
    )
    weekday = day_name(meeting.date, lang)
    when = w["when"].format(weekday=weekday, date=long_date(meeting.date, lang), time=meeting.time)
    try:
        agenda = [a.title for a in load_agenda(t, ws.root).localized(lang)]
    except MeetkitError:
        agenda = []
    if bring is None:
        bring = w["bring_life"] if t.has("criticism") else w["bring_default"]
    host = meeting.host or ws.config.secretary

    return {
        "lang": lang,
        "branch": ws.config.branch,
        "title": meeting_title(ws.config.branch, meeting, t, lang),
        "rows": [
            (w["time"], when),
            (w["place"], meeting.place),
            (w["topic"], meeting.topic),
            (w["attend"], attendees),
            (w["host"], host),
            (
                w["lecturer"],
                meeting.lecturer if t.shows_lecturer else "",
            ),
        ],
        "agenda": agenda,
        "bring": bring,
        "leave": w["leave"].format(host=host) if host else "",
        "footer": w["footer"]
        .format(branch=ws.config.branch, issued=long_date(clock.today(), lang))
        .strip(),
        "cancelled": bool(getattr(meeting, "cancelled_at", None)),
    }


@dataclass(frozen=True)
class _Text:
    """A line to draw at (x, y); ``right``: x is where it ends."""

    x: float
    y: int
    text: str
    font: FreeTypeFont
    colour: tuple[int, int, int]
    right: bool = False


@dataclass(frozen=True)
class _Rule:
    """A rule across the page at y."""

    y: int


def render(fields: NoticeFields) -> bytes:
    """The PNG bytes of a notice."""
    from PIL import Image, ImageDraw

    fonts = Fonts()
    w = words(fields["lang"])
    every = " ".join(
        [
            fields["title"],
            fields["branch"],
            fields["bring"],
            fields["leave"],
            fields["footer"],
            *[f"{a}{b}" for a, b in fields["rows"]],
            *fields["agenda"],
            w["notice"],
        ]
    )
    missing = fonts.missing(every)
    if missing:
        raise MeetkitError(
            _(
                "{font} has no glyph for {chars}; set MEETKIT_FONT to a font that "
                "has (e.g. Noto Sans CJK)"
            ).format(font=fonts.path, chars=repr("".join(missing)))
        )
    inner = WIDTH - 2 * MARGIN
    label_w = (
        max(
            fonts.head.getlength(a)
            for a in [x for x, _ in fields["rows"]] + [w["agenda"], w["bring"]]
        )
        + 28
    )
    # Lay out first (a list of draw operations), then size the canvas to fit.
    ops: list[_Text | _Rule] = []
    band = 150
    y = band + 56
    for line in wrap(fields["title"], fonts.title, inner):
        ops.append(_Text(MARGIN, y, line, fonts.title, INK))
        y += 84
    y += 24
    ops.append(_Rule(y))
    y += 40
    for label, value in fields["rows"]:
        if not value:
            continue
        ops.append(_Text(MARGIN, y + 2, label, fonts.head, RED))
        for line in wrap(value, fonts.body, int(inner - label_w)):
            ops.append(_Text(MARGIN + label_w, y, line, fonts.body, INK))
            y += 58
        y += 18
    if fields["agenda"]:
        ops.append(_Text(MARGIN, y + 2, w["agenda"], fonts.head, RED))
        for n, item in enumerate(fields["agenda"], 1):
            number = f"{n}. "
            hang = fonts.body.getlength(number)  # wrapped lines start under the text
            ops.append(_Text(MARGIN + label_w, y, number, fonts.body, INK))
            for line in wrap(item, fonts.body, int(inner - label_w - hang)):
                ops.append(_Text(MARGIN + label_w + hang, y, line, fonts.body, INK))
                y += 58
        y += 18
    if fields["bring"]:
        ops.append(_Text(MARGIN, y + 2, w["bring"], fonts.head, RED))
        for line in wrap(fields["bring"], fonts.body, int(inner - label_w)):
            ops.append(_Text(MARGIN + label_w, y, line, fonts.body, INK))
            y += 58
        y += 18
    y += 12
    ops.append(_Rule(y))
    y += 36
    for line in wrap(fields["leave"], fonts.small, inner) if fields["leave"] else []:
        ops.append(_Text(MARGIN, y, line, fonts.small, GREY))
        y += 46
    for line in wrap(fields["footer"], fonts.small, inner):
        ops.append(_Text(WIDTH - MARGIN, y + 20, line, fonts.small, GREY, right=True))
        y += 46
    height = y + 80

    image = Image.new("RGB", (WIDTH, height), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, band), fill=RED)
    heading = w["cancelled"].format(notice=w["notice"]) if fields["cancelled"] else w["notice"]
    draw.text(
        ((WIDTH - fonts.title.getlength(heading)) / 2, 38),
        heading,
        font=fonts.title,
        fill=(255, 255, 255),
    )
    for op in ops:
        if isinstance(op, _Rule):
            draw.line((MARGIN, op.y, WIDTH - MARGIN, op.y), fill=(220, 200, 190), width=3)
        else:
            x = op.x - op.font.getlength(op.text) if op.right else op.x
            draw.text((x, op.y), op.text, font=op.font, fill=op.colour)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def write_notice(ws: Workspace, meeting: Meeting, path: Path, bring: str | None = None) -> Path:
    """Write notice.png for ``meeting``, atomically."""
    data = render(notice_fields(ws, meeting, bring))
    atomic_write_bytes(Path(path), data)
    return Path(path)
