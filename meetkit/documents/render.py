"""The renderer: the only module that knows docxtpl. Renders a template with a context into a
.docx, escaping all text (autoescape), in Jinja's sandbox, writing atomically.

Templates travel between branches (chat groups, USB sticks): a template is data, not code. Every
template, built-in or the user's, renders in ``jinja2.sandbox.SandboxedEnvironment``, so
``{{ self.__init__.__globals__... }}`` can't reach Python; ``meetkit.documents.check`` says so
before a meeting trips over it. Only docxtpl's public API is used (``DocxTemplate``,
``render(context, jinja_env, autoescape)``, ``save``, ``get_undeclared_template_variables``,
``InlineImage``); pyproject.toml pins the range it was tested with."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import MeetkitError
from ..files import atomic_write_bytes
from ..i18n import _
from .context import Image

if TYPE_CHECKING:  # imported when rendering, not at start-up
    import jinja2
    from docx.document import Document
    from jinja2.sandbox import SandboxedEnvironment


def _images_to_inline(template: Any, value: object) -> object:
    """``value`` with every ``Image`` in it made a docxtpl ``InlineImage`` of ``template`` (a
    ``DocxTemplate``: docxtpl has no type information)."""
    from docx.shared import Mm
    from docxtpl import InlineImage

    if isinstance(value, Image):
        return InlineImage(template, io.BytesIO(value.data), width=Mm(value.width_mm))
    if isinstance(value, dict):
        return {k: _images_to_inline(template, v) for k, v in value.items()}
    if isinstance(value, list):
        return [_images_to_inline(template, v) for v in value]
    return value


def sandbox(undefined: type[jinja2.Undefined] | None = None) -> SandboxedEnvironment:
    """The Jinja environment every template renders in: sandboxed, autoescaping. ``undefined``:
    jinja2's Undefined (default), StrictUndefined or ChainableUndefined (for checking)."""
    import jinja2

    from .limits import LimitedSandbox

    # LimitedSandbox: a time and size budget per render (meetkit.documents.limits).
    return LimitedSandbox(undefined=undefined or jinja2.Undefined, autoescape=True)


def not_a_template() -> tuple[type[Exception], ...]:
    """The exceptions that mean "not a .docx, or a damaged one"."""
    from zipfile import BadZipFile

    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    return (KeyError, ValueError, OSError, PackageNotFoundError, BadZipFile, etree.XMLSyntaxError)


def render_document(
    template_path: Path, context: dict[str, Any], env: SandboxedEnvironment
) -> bytes:
    """Render with ``env`` (from ``sandbox``); errors propagate as they are (jinja2's, lxml's,
    python-docx's), for ``render_bytes`` and the template checker to word."""
    template = docx_template()(str(template_path))
    template.render(_images_to_inline(template, context), jinja_env=env, autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


# docxtpl's patch_xml, by the XML it was given: it rewrites a part's XML with some thirty regular
# expressions before every render (a third of `plan --prepare`'s time), and its result depends on
# that text alone (it reads nothing else), so the same template part is patched once per
# process. Bounded; dict access is atomic, so the server's threads may share it.
PATCHED: dict[str, str] = {}
PATCHED_LIMIT = 256  # template parts kept (a pack has ~15, every built-in document ~180)
_TEMPLATE_CLASS: Any = None


def docx_template() -> Any:
    """docxtpl's DocxTemplate, with patch_xml done once per distinct part (``PATCHED``)."""
    global _TEMPLATE_CLASS
    if _TEMPLATE_CLASS is None:
        from docxtpl import DocxTemplate

        class PatchedOnce(DocxTemplate):
            def patch_xml(self, src_xml: str) -> str:
                found = PATCHED.get(src_xml)
                if found is None:
                    found = super().patch_xml(src_xml)
                    if len(PATCHED) >= PATCHED_LIMIT:
                        PATCHED.clear()
                    PATCHED[src_xml] = found
                return found

        _TEMPLATE_CLASS = PatchedOnce
    return _TEMPLATE_CLASS


def undeclared_variables(template_path: Path, env: SandboxedEnvironment) -> set[str]:
    """The variables a template uses that it doesn't define itself."""
    from docxtpl import DocxTemplate

    return set(DocxTemplate(str(template_path)).get_undeclared_template_variables(jinja_env=env))


def template_line(exc: BaseException) -> int | None:
    """The template line a jinja runtime error happened on (jinja rewrites the traceback)."""
    import traceback

    line = getattr(exc, "lineno", None)
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == "<template>":
            line = frame.lineno
    return line


def render_bytes(template_path: Path, context: dict[str, Any], stamp: str | None = None) -> bytes:
    """Render ``template_path`` with ``context`` in the sandbox; a broken or unsafe template is
    one MeetkitError line naming it.

    ``stamp`` (已取消 for a cancelled meeting) goes into the page header of every section, so
    every page of every document says so, whatever template made it."""
    import jinja2
    from jinja2.exceptions import SecurityError

    from .limits import time_limit

    try:
        with time_limit():
            data = render_document(template_path, context, sandbox())
        if stamp:
            from docx import Document

            doc = Document(io.BytesIO(data))
            _stamp_pages(doc, stamp)
            out = io.BytesIO()
            doc.save(out)
            data = out.getvalue()
        return data
    except SecurityError as exc:
        line = template_line(exc)
        at = f" (line {line})" if line else ""
        raise MeetkitError(
            f"{template_path}: unsafe template{at}: {exc}; templates can't run "
            "code (check it with `meetkit check-template`)"
        ) from None
    except jinja2.TemplateError as exc:
        near = getattr(exc, "docx_context", None)
        near = (
            _(" near: {text}").format(text=" ".join(" ".join(near).split())[:120]) if near else ""
        )
        # TemplateSyntaxError (and what docxtpl raises from it) knows its line; others don't
        lineno = getattr(exc, "lineno", None)
        where = _(" (line {line})").format(line=lineno) if lineno else ""
        raise MeetkitError(
            _("{path}: template error{line}: {why}{near}").format(
                path=template_path, line=where, why=exc.message, near=near
            )
        ) from None
    except not_a_template() as exc:
        raise MeetkitError(
            _("{path}: cannot use as a Word template: {why}").format(
                path=template_path, why=" ".join(str(exc).split()) or type(exc).__name__
            )
        ) from None


def _stamp_pages(doc: Document, text: str) -> None:
    """Put ``text`` in red bold at the top right of every page (the page header)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    from .look import set_fonts

    for section in doc.sections:
        header = section.header
        header.is_linked_to_previous = False
        p = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
        if p.text:
            p = header.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = p.add_run(text)
        set_fonts(run._r.get_or_add_rPr(), "黑体", "Arial")
        run.font.size = Pt(16)
        run.font.bold = True
        run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)


def render_to(template_path: Path, context: dict[str, Any], out_path: Path) -> None:
    """Render and write ``out_path`` atomically."""
    atomic_write_bytes(out_path, render_bytes(template_path, context))


# The top-level variables docs/templates.md promises every template (a test keeps the two, and
# meetkit.documents.context.build_context, in step).
DOCUMENTED_VARIABLES = frozenset(
    {
        "lang",
        "branch",
        "meeting",
        "agenda",
        "topics",
        "votes",
        "expected",
        "members",
        "expected_count",
        "away_count",
        "voting_count",
        "quorum",
        "attendance",
        "actions",
        "earlier_actions",
        "closed_actions",
        "blank_rows",
        "qr",
        "signin_url",
        "short_url",
        "short_code",
        "code_url",
        "generated",
        "sections",
        "headline",
        "sheet",
        "decisions",
        "personnel_votes",
        "attachments",
        "resolutions",
        "ballot_slips",
        "appraisal",
    }
)
