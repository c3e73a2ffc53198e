"""``meetkit init``: a new workspace, optionally filled with a fictional demo branch."""

from __future__ import annotations

from pathlib import Path

from ..attendance.tokens import load_secret
from ..config import render_config
from ..errors import MeetkitError
from ..files import atomic_write_text
from ..i18n import T_, _, in_language
from ..model.demo import DEMO, DEMO_SHAPE, demo_members  # noqa: F401
from ..roster import write_roster
from ..workspace import CONFIG, ROSTER, STATE, private_state

# What each folder is for (its README.txt, in the workspace's language).
FOLDER_NOTES = {
    "agendas": T_(
        "# Put your own agendas here as <type>.toml (e.g. lesson.toml), in the built-in format;\n"
        "# they win over a plugin's and the built-in ones.\n"
    ),
    "templates": T_(
        "# Put your own Word templates here as zh-CN/<name>.docx or en/<name>.docx;\n"
        "# a file here replaces the built-in template of the same name.\n"
    ),
    "plugins": T_(
        "# Put local plugins (*.py) here for your own meeting formats;\n"
        "# `meetkit new-plugin NAME` writes a working example.\n"
    ),
}


# A fictional branch: a committee of three, two party groups, two probationary members.
def init_workspace(
    root: Path, branch: str | None = None, lang: str = "zh-CN", demo: bool = False
) -> Path:
    """Create a workspace at ``root``; never touches an existing one."""
    root = Path(root)
    if (root / CONFIG).exists() or (root / STATE).exists() or (root / ROSTER).exists():
        raise MeetkitError(
            _("{root}: already a meetkit workspace; init never overwrites one").format(root=root)
        )
    if lang not in ("zh-CN", "en"):
        raise MeetkitError(_("--lang: {lang!r} is not zh-CN or en").format(lang=lang))
    root.mkdir(parents=True, exist_ok=True)
    members = demo_members(lang) if demo else []
    d = DEMO[lang]
    secretary = members[0].name if demo else ""
    organizer = members[1].name if demo else ""
    atomic_write_text(
        root / CONFIG,
        render_config(
            branch=branch or (d["branch"] if demo else ""),
            secretary=secretary,
            organizer=organizer,
            higher_org=d["higher_org"] if demo else "",
            place=d["place"] if demo else "",
            lang=lang,
        ),
    )
    write_roster(root / ROSTER, members)
    for folder, note in FOLDER_NOTES.items():
        (root / folder).mkdir(exist_ok=True)
        atomic_write_text(root / folder / "README.txt", in_language(note, lang))
    private_state(root / STATE)
    load_secret(root / STATE / "secret")
    from ..bundle.keys import ensure_key, key_path  # the branch's signing key (issue 23)

    ensure_key(key_path(root / STATE))
    atomic_write_text(root / ".gitignore", ".meetkit/\n")
    return root
