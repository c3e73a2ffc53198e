"""The renderer: the only module that knows docxtpl. Renders a template with a context into a
.docx, escaping all text (autoescape), writing atomically."""
from __future__ import annotations

import io
from pathlib import Path

from .context import Image
from .errors import MeetkitError
from .i18n import _
from .files import atomic_write_bytes


def _images_to_inline(template, value):
    from docx.shared import Mm
    from docxtpl import InlineImage

    if isinstance(value, Image):
        return InlineImage(template, io.BytesIO(value.data), width=Mm(value.width_mm))
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
        near = _(" near: {text}").format(text=" ".join(" ".join(near).split())[:120]) \
            if near else ""
        line = _(" (line {line})").format(line=exc.lineno) if getattr(exc, "lineno", None) else ""
        raise MeetkitError(_("{path}: template error{line}: {why}{near}").format(
            path=template_path, line=line, why=exc.message, near=near)) from None
    except (KeyError, ValueError, OSError, PackageNotFoundError, BadZipFile) as exc:
        # not a .docx, or a damaged one
        raise MeetkitError(_("{path}: cannot use as a Word template: {why}").format(
            path=template_path, why=exc)) from None
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def render_to(template_path: Path, context: dict, out_path: Path) -> None:
    """Render and write ``out_path`` atomically."""
    atomic_write_bytes(out_path, render_bytes(template_path, context))


# The top-level variables docs/templates.md promises every template (a test keeps the two, and
# meetkit.context.build_context, in step).
DOCUMENTED_VARIABLES = frozenset({
    "lang", "branch", "meeting", "agenda", "topics", "votes", "expected", "members",
    "expected_count", "away_count", "voting_count", "quorum", "attendance", "actions", "earlier_actions",
    "closed_actions", "blank_rows", "qr", "signin_url", "short_code", "generated",
})


def _near(exc, xml: str | None = None, lineno: int | None = None) -> str:
    """' near: <text around the error>' from docxtpl's docx_context (or the same from ``xml``)."""
    import re

    near = getattr(exc, "docx_context", None)
    if near is None and xml is not None and lineno:
        start = max(lineno - 4, 0)
        near = [re.sub(r"<[^>]+>", "", line) for line in xml.splitlines()[start:start + 7]]
    text = " ".join(" ".join(near).split()) if near else ""
    return f" near: {text[:120]}" if text else ""


def _template_line(exc) -> int | None:
    """The template line a jinja runtime error happened on (jinja rewrites the traceback)."""
    import traceback

    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == "<template>":
            line = frame.lineno
    return line


def _undefined(exc, xml: str, sample: dict) -> str:
    """jinja's "'dict object' has no attribute 'plcae'" as "meeting.plcae is not defined (did
    you mean meeting.place?)", when the template text shows which variable it was."""
    import difflib
    import re

    m = re.fullmatch(r"'[\w ]+' has no attribute '(\w+)'", exc.message or "")
    if not m:
        return exc.message
    text = re.sub(r"<[^>]+>", "", xml)
    used = re.search(rf"\b([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\.{m.group(1)}\b", text)
    if not used:
        return exc.message
    owner, value = used.group(1), sample
    for part in owner.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    hint = ""
    if isinstance(value, dict):
        close = difflib.get_close_matches(m.group(1), [str(k) for k in value], n=1)
        hint = f" (did you mean {owner}.{close[0]}?)" if close else \
            f" ({owner} has: {', '.join(map(str, value))})"
    return f"{owner}.{m.group(1)} is not defined{hint}"


def check_template(template_path: Path, known=DOCUMENTED_VARIABLES, sample: dict | None = None) -> list[str]:
    """Check a user's .docx template before a meeting trips over it; one line per problem.

    - broken tags: the jinja error with its line and the text around it (docx_context);
    - undeclared variables: names the template uses that are not in ``known`` (by default those
      docs/templates.md documents; add what plugins put in the context);
    - given a ``sample`` context: what goes wrong rendering it strictly (a misspelt attribute
      such as ``meeting.plcae``, a loop that breaks a table so Word can't open the result).
    """
    import difflib

    import jinja2
    from docx.opc.exceptions import PackageNotFoundError
    from docxtpl import DocxTemplate
    from lxml import etree

    path = Path(template_path)
    env = jinja2.Environment(undefined=jinja2.ChainableUndefined, autoescape=True)
    try:
        DocxTemplate(str(path)).render({}, jinja_env=env, autoescape=True)
    except jinja2.TemplateSyntaxError as exc:
        line = f" (line {exc.lineno})" if exc.lineno else ""
        return [f"{path}: broken tag{line}: {exc.message}{_near(exc)}"]
    except jinja2.TemplateError:
        pass  # not a syntax error: the strict sample render below says more
    except (PackageNotFoundError, KeyError, ValueError, OSError, etree.XMLSyntaxError) as exc:
        return [f"{path}: cannot use as a Word template: {' '.join(str(exc).split()) or type(exc).__name__}"]

    problems = []
    used = DocxTemplate(str(path)).get_undeclared_template_variables(jinja_env=env)
    known = set(known) | set(env.globals)
    for name in sorted(used - known):
        close = difflib.get_close_matches(name, known, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        problems.append(f"{path}: undeclared variable {name!r}{hint}: not in docs/templates.md "
                        "nor added by a plugin")
    if sample is None or problems:
        return problems

    strict = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)
    template = DocxTemplate(str(path))
    template.render_init()
    xml = template.patch_xml(template.get_xml())
    try:
        body = template.render_xml_part(xml, template.docx._part, _images_to_inline(template, sample),
                                        strict)
        etree.fromstring(body.encode("utf-8"))
    except jinja2.TemplateError as exc:
        line = _template_line(exc)
        at = f" (line {line})" if line else ""
        return [f"{path}: with a sample meeting{at}: {_undefined(exc, xml, sample)}"
                f"{_near(exc, xml, line)}"]
    except etree.XMLSyntaxError as exc:
        return [f"{path}: with a sample meeting the result is not a valid Word document ({exc}); "
                "a loop over table rows needs {%tr for ... %} and {%tr endfor %} in rows of "
                "their own, a loop over paragraphs {%p for ... %}"]
    try:
        template = DocxTemplate(str(path))
        template.render(_images_to_inline(template, sample), jinja_env=strict, autoescape=True)
        out = io.BytesIO()
        template.save(out)
        from docx import Document

        Document(io.BytesIO(out.getvalue()))
    except jinja2.TemplateError as exc:  # in a header or footer
        return [f"{path}: with a sample meeting (header or footer): {exc.message}"]
    return problems
