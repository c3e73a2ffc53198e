"""The renderer: the only module that knows docxtpl. Renders a template with a context into a
.docx, escaping all text (autoescape), writing atomically."""
from __future__ import annotations

import io
from pathlib import Path

from .context import Image
from .errors import MeetkitError
from .files import atomic_write_bytes


def _images_to_inline(template, value):
    from docx.shared import Mm
    from docxtpl import InlineImage

    if isinstance(value, Image):
        return InlineImage(template, str(value.path), width=Mm(value.width_mm))
    if isinstance(value, dict):
        return {k: _images_to_inline(template, v) for k, v in value.items()}
    if isinstance(value, list):
        return [_images_to_inline(template, v) for v in value]
    return value


def render_bytes(template_path: Path, context: dict) -> bytes:
    """Render ``template_path`` with ``context``; a broken template is a MeetkitError naming it."""
    from zipfile import BadZipFile

    import jinja2
    from docx.opc.exceptions import PackageNotFoundError
    from docxtpl import DocxTemplate

    try:
        template = DocxTemplate(str(template_path))
        template.render(_images_to_inline(template, context), autoescape=True)
    except jinja2.TemplateError as exc:
        near = getattr(exc, "docx_context", None)
        near = " near: " + " ".join(" ".join(near).split())[:120] if near else ""
        line = f" (line {exc.lineno})" if getattr(exc, "lineno", None) else ""
        raise MeetkitError(f"{template_path}: template error{line}: {exc.message}{near}") from None
    except (KeyError, ValueError, OSError, PackageNotFoundError, BadZipFile) as exc:
        # not a .docx, or a damaged one
        raise MeetkitError(f"{template_path}: cannot use as a Word template: {exc}") from None
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def render_to(template_path: Path, context: dict, out_path: Path) -> None:
    """Render and write ``out_path`` atomically."""
    atomic_write_bytes(out_path, render_bytes(template_path, context))
