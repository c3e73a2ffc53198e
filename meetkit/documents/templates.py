"""Which .docx template a document uses. Lookup order (first found wins): the meeting type's
own ``template_dir/<lang>/<name>.docx`` (a copied type's), the workspace's
``templates/<lang>/<name>.docx``, the plugin's ``template_dir/<lang>/<name>.docx``, the
built-in ``templates/<lang>/<name>.docx``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import MeetkitError
from ..i18n import _
from ..resources import builtin_dir

if TYPE_CHECKING:
    from ..model.types import DocumentSpec, MeetingType


def template_candidates(
    doc: DocumentSpec,
    lang: str,
    workspace_root: Path | None,
    meeting_type: MeetingType | None = None,
) -> list[tuple[Path, str]]:
    file = f"{doc.name}.docx"
    out = []
    type_dir = getattr(meeting_type, "template_dir", None)  # None without a meeting type
    if type_dir:
        out.append((Path(type_dir) / lang / file, "type"))
    if workspace_root is not None:
        out.append((workspace_root / "templates" / lang / file, "workspace"))
    if doc.template_dir:
        out.append((Path(doc.template_dir) / lang / file, "plugin"))
    out.append((builtin_dir("templates") / lang / file, "built-in"))
    return out


def find_template(
    doc: DocumentSpec,
    lang: str,
    workspace_root: Path | None,
    meeting_type: MeetingType | None = None,
) -> tuple[Path, str]:
    """(path, origin) of the template for ``doc`` in ``lang`` (for a meeting of ``meeting_type``)."""
    candidates = template_candidates(doc, lang, workspace_root, meeting_type)
    for path, origin in candidates:
        if path.is_file():
            return path, origin
    looked = ", ".join(str(p) for p, _ in candidates)
    raise MeetkitError(
        _("no template for document {name!r} in {lang} (looked for {looked})").format(
            name=doc.name, lang=lang, looked=looked
        )
    )
