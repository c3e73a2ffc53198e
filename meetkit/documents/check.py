"""Checks a user's Word template before a meeting trips over it (``meetkit check-template``):
broken tags, unsafe attribute access (templates can't run code), variables nobody provides,
and what goes wrong rendering a sample meeting. Rendering itself is ``meetkit.documents.render``'s."""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .render import (
    DOCUMENTED_VARIABLES,
    not_a_template,
    render_document,
    sandbox,
    template_line,
    undeclared_variables,
)

if TYPE_CHECKING:  # imported when checking, not at start-up
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

__all__ = ["DOCUMENTED_VARIABLES", "check_template", "template_text"]

# Attributes the sandbox refuses whatever the object (jinja2.sandbox's lists), named in the
# check instead of failing at `prepare`.
_UNSAFE_NAMES = frozenset(
    {
        "mro",
        "func_code",
        "func_globals",
        "gi_frame",
        "gi_code",
        "cr_frame",
        "cr_code",
        "ag_code",
        "ag_frame",
        "tb_frame",
        "f_globals",
        "f_builtins",
        "f_locals",
        "format",
        "format_map",
    }
)


def template_text(path: Path) -> list[str]:
    """The template's body as docxtpl's jinja sees it, one line per paragraph (line 1 is what
    comes before the first paragraph): for the text around an error and the unsafe-access
    scan. Read from the .docx itself (a zip of XML), not through docxtpl's internals."""
    with zipfile.ZipFile(path) as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    lines = [""]
    for paragraph in re.findall(r"<w:p[ >].*?</w:p>", xml, re.DOTALL):
        lines.append(
            html.unescape("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", paragraph)))
        )
    return lines


def _parts_text(path: Path) -> str:
    """Body, headers and footers, as text (for the unsafe-access scan)."""
    with zipfile.ZipFile(path) as docx:
        names = [
            n
            for n in docx.namelist()
            if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", n)
        ]
        parts = [docx.read(n).decode("utf-8") for n in names]
    return "\n".join(
        html.unescape("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))) for xml in parts
    )


def _unsafe(path: Path, env: SandboxedEnvironment) -> list[str]:
    """Attribute or item access the sandbox refuses (``x.__class__``, ``x['__init__']``,
    ``x.mro``), found in the template's parse tree."""
    import jinja2
    from jinja2 import nodes

    try:
        tree = env.parse(_parts_text(path))
    except jinja2.TemplateSyntaxError:
        return []  # reported as a broken tag
    found: list[str] = []
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        if isinstance(node, nodes.Getattr):
            name = node.attr
        elif (
            isinstance(node, nodes.Getitem)
            and isinstance(node.arg, nodes.Const)
            and isinstance(node.arg.value, str)
        ):
            name = node.arg.value
        else:
            continue
        if name.startswith("_") or name in _UNSAFE_NAMES:
            found.append(name)
    return list(dict.fromkeys(found))


def _near(exc: BaseException, lines: list[str] | None = None, lineno: int | None = None) -> str:
    """' near: <text around the error>' from docxtpl's docx_context (or the same from
    ``lines``)."""
    near = getattr(exc, "docx_context", None)
    if near is None and lines is not None and lineno:
        start = max(lineno - 4, 0)
        near = ["".join(lines[start : start + 7])]
    text = " ".join(" ".join(near).split()) if near else ""
    return f" near: {text[:120]}" if text else ""


def _undefined(exc: jinja2.TemplateError, text: str, sample: dict[str, Any]) -> str:
    """jinja's "'dict object' has no attribute 'plcae'" as "meeting.plcae is not defined (did
    you mean meeting.place?)", when the template text shows which variable it was."""
    import difflib

    message = exc.message or ""  # jinja's runtime errors always carry one
    m = re.fullmatch(r"'[\w ]+' has no attribute '(\w+)'", message)
    if not m:
        return message
    used = re.search(rf"\b([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\.{m.group(1)}\b", text)
    if not used:
        return message
    owner = used.group(1)
    value: object = sample
    for part in owner.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    hint = ""
    if isinstance(value, dict):
        close = difflib.get_close_matches(m.group(1), [str(k) for k in value], n=1)
        hint = (
            f" (did you mean {owner}.{close[0]}?)"
            if close
            else f" ({owner} has: {', '.join(map(str, value))})"
        )
    return f"{owner}.{m.group(1)} is not defined{hint}"


def check_template(
    template_path: Path,
    known: Iterable[str] = DOCUMENTED_VARIABLES,
    sample: dict[str, Any] | None = None,
) -> list[str]:
    """Check a user's .docx template; one line per problem (none: ok).

    - broken tags: the jinja error with its line and the text around it (docx_context);
    - unsafe attribute access (``self.__init__``...): templates render in Jinja's sandbox and
      can't run code, so such a template can never work;
    - undeclared variables: names the template uses that are not in ``known`` (by default those
      docs/templates.md documents; add what plugins put in the context);
    - given a ``sample`` context: what goes wrong rendering it strictly (a misspelt attribute
      such as ``meeting.plcae``, a loop that breaks a table so Word can't open the result).
    """
    import difflib

    import jinja2
    from jinja2.exceptions import SecurityError
    from lxml import etree

    path = Path(template_path)
    env = sandbox(jinja2.ChainableUndefined)
    try:
        render_document(path, {}, env)
    except jinja2.TemplateSyntaxError as exc:
        where = f" (line {exc.lineno})" if exc.lineno else ""
        return [f"{path}: broken tag{where}: {exc.message}{_near(exc)}"]
    except jinja2.TemplateError:
        pass  # not a syntax error: the checks below say more
    except not_a_template() as exc:
        return [
            f"{path}: cannot use as a Word template: "
            f"{' '.join(str(exc).split()) or type(exc).__name__}"
        ]

    problems = [
        f"{path}: unsafe attribute access {name!r}: templates can't run code (only "
        "the documented variables and their fields can be used)"
        for name in _unsafe(path, env)
    ]
    used = undeclared_variables(path, env)
    provided = set(known) | set(env.globals)
    for name in sorted(used - provided):
        close = difflib.get_close_matches(name, provided, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        problems.append(
            f"{path}: undeclared variable {name!r}{hint}: not in docs/templates.md "
            "nor added by a plugin"
        )
    if sample is None or problems:
        return problems

    lines = template_text(path)
    try:
        data = render_document(path, sample, sandbox(jinja2.StrictUndefined))
    except SecurityError as exc:
        return [f"{path}: unsafe template: {exc}"]
    except jinja2.TemplateError as exc:
        line = template_line(exc)
        at = f" (line {line})" if line else ""
        return [
            f"{path}: with a sample meeting{at}: {_undefined(exc, chr(10).join(lines), sample)}"
            f"{_near(exc, lines, line)}"
        ]
    except etree.XMLSyntaxError as exc:
        return [
            f"{path}: with a sample meeting the result is not a valid Word document ({exc}); "
            "a loop over table rows needs {%tr for ... %} and {%tr endfor %} in rows of "
            "their own, a loop over paragraphs {%p for ... %}"
        ]
    import io

    from docx import Document

    try:
        Document(io.BytesIO(data))
    except not_a_template() as exc:
        return [f"{path}: with a sample meeting the result is not a valid Word document ({exc})"]
    return problems
