"""A committee's workspace: ``committee.toml`` (its name, language, store URL and ``[ledger]``
rule), ``.meetkit/committee.db`` (SQLite) unless ``[store] url`` or ``MEETKIT_COMMITTEE_DATABASE_URL``
names another database, ``.meetkit/committee-key`` (the key opinions are signed with) and
``returns/`` (opinion files written for the branches)."""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

from ..errors import MeetkitError
from ..files import atomic_write_text
from ..i18n import _
from ..workspace import nearest_holding

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from ..host.manager import Plugins
    from ..store.committee import CommitteeStore

CONFIG = "committee.toml"
STATE = ".meetkit"
KEY_FILE = "committee-key"

TEMPLATE = """# meetkit committee workspace (上级党组织工作区)
[committee]
name = {name}
lang = {lang}

[store]
# empty: .meetkit/committee.db (SQLite); or e.g. "postgresql+psycopg://user:pw@host/db"
url = ""

# The rule the roll-up counts by, exactly as a branch's meetkit.toml [ledger]:
# TYPE = meetings per year, or "monthly" | "quarterly" | "half-yearly" | "yearly" | "none".
[ledger]
"""


def _toml_string(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)


def init_committee(root: Path, name: str, lang: str = "zh-CN") -> Path:
    """Create a committee workspace at ``root``; never overwrites one."""
    root = Path(root)
    if (root / CONFIG).exists() or (root / "meetkit.toml").exists():
        raise MeetkitError(
            _("{root}: already a meetkit workspace; init never overwrites one").format(root=root)
        )
    if not name.strip():
        raise MeetkitError(_("--name: the committee needs a name"))
    root.mkdir(parents=True, exist_ok=True)
    atomic_write_text(
        root / CONFIG, TEMPLATE.format(name=_toml_string(name.strip()), lang=_toml_string(lang))
    )
    (root / STATE).mkdir(exist_ok=True)
    (root / "returns").mkdir(exist_ok=True)
    atomic_write_text(root / ".gitignore", ".meetkit/\n")
    ws = CommitteeWorkspace(root)
    ws.key  # noqa: B018 - made now, mode 0600
    ws.store  # noqa: B018 - the database, created now
    return root


def find_committee(explicit: str | os.PathLike | None = None) -> CommitteeWorkspace:
    """``--workspace``/``MEETKIT_WORKSPACE`` if it holds committee.toml, else the nearest
    folder upward holding one."""
    if explicit:
        root = Path(explicit).expanduser()
        if not (root / CONFIG).is_file():
            raise MeetkitError(
                _(
                    "{root}: not a committee workspace (no {config}); run "
                    "`meetkit committee init DIR --name NAME` first"
                ).format(root=root, config=CONFIG)
            )
        return CommitteeWorkspace(root)
    found = nearest_holding(CONFIG)
    if found is not None:
        return CommitteeWorkspace(found)
    here = Path.cwd().resolve()
    raise MeetkitError(
        _(
            "no committee workspace here or above {here} (no {config}); run "
            "`meetkit committee init DIR --name NAME`, or pass --workspace DIR"
        ).format(here=here, config=CONFIG)
    )


class CommitteeWorkspace:
    """Paths and lazily loaded parts of a committee's workspace. ``config.ledger`` and
    ``config_path`` are what ``meetkit.reports.ledger.requirements`` reads, as from a branch."""

    def __init__(self, root: Path):
        self.root = Path(root).resolve()

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG

    @property
    def state_dir(self) -> Path:
        return self.root / STATE

    @property
    def returns_dir(self) -> Path:
        return self.root / "returns"

    @cached_property
    def config(self) -> SimpleNamespace:
        from .._toml import tomllib

        try:
            data = tomllib.loads(self.config_path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise MeetkitError(f"{self.config_path}: {exc}") from None
        except tomllib.TOMLDecodeError as exc:
            raise MeetkitError(f"{self.config_path}: {exc}") from None
        section = data.get("committee") or {}
        lang = section.get("lang", "zh-CN")
        if lang not in ("zh-CN", "en"):
            raise MeetkitError(
                _("{path}: [committee] lang: {lang!r} is not zh-CN or en").format(
                    path=self.config_path, lang=lang
                )
            )
        return SimpleNamespace(
            name=str(section.get("name", "")),
            lang=lang,
            database_url=str((data.get("store") or {}).get("url", "") or ""),
            ledger=data.get("ledger") or {},
        )

    @cached_property
    def store(self) -> CommitteeStore:
        from ..store.committee import CommitteeStore

        url = os.environ.get("MEETKIT_COMMITTEE_DATABASE_URL") or self.config.database_url
        if not url:
            self.state_dir.mkdir(exist_ok=True)
            url = f"sqlite:///{self.state_dir / 'committee.db'}"
        return CommitteeStore(url)

    @cached_property
    def plugins(self) -> Plugins:
        """The meeting types this meetkit knows (built-in and installed plugins)."""
        from ..host.manager import Plugins

        return Plugins(self.root / "plugins")

    @cached_property
    def key(self) -> Ed25519PrivateKey:
        from ..bundle.keys import ensure_key

        return ensure_key(self.state_dir / KEY_FILE)

    def branch(self, name: str) -> dict:
        """A known branch by name, or one line saying it is unknown and which are known."""
        found = self.store.branch(name)
        if found is None:
            known = [b["name"] for b in self.store.branches()]
            raise MeetkitError(
                _("no branch {name!r} (known: {known})").format(
                    name=name, known="、".join(known) if known else "—"
                )
            )
        return found
