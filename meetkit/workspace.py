"""A workspace: the folder holding meetkit.toml, members.csv, agendas/, templates/, plugins/,
meetings/ and .meetkit/ (database and sign-in secret). Found from the current folder upward."""
from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path

from .errors import MeetkitError
from .i18n import _

CONFIG = "meetkit.toml"
ROSTER = "members.csv"
STATE = ".meetkit"


def find_workspace(explicit: str | os.PathLike | None = None, start: Path | None = None) -> "Workspace":
    """``--workspace``/``MEETKIT_WORKSPACE`` if given, else the nearest folder upward holding
    meetkit.toml."""
    if explicit:
        root = Path(explicit).expanduser()
        if not (root / CONFIG).is_file():
            raise MeetkitError(_("{root}: not a meetkit workspace (no {config}); run "
                                 "`meetkit init` there first").format(root=root, config=CONFIG))
        return Workspace(root)
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG).is_file():
            return Workspace(folder)
    raise MeetkitError(_("no meetkit workspace here or above {here} (no {config}); run "
                         "`meetkit init --demo` to make one, or pass --workspace DIR").format(
        here=here, config=CONFIG))


class Workspace:
    """Paths and lazily loaded parts of one workspace."""

    def __init__(self, root: Path):
        self.root = Path(root).resolve()

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG

    @property
    def roster_path(self) -> Path:
        return self.root / ROSTER

    @property
    def state_dir(self) -> Path:
        return self.root / STATE

    @property
    def secret_path(self) -> Path:
        return self.state_dir / "secret"

    @property
    def meetings_dir(self) -> Path:
        return self.root / "meetings"

    @cached_property
    def config(self):
        from .config import load_config

        return load_config(self.config_path)

    @cached_property
    def members(self) -> list:
        from .roster import read_roster

        return read_roster(self.roster_path)

    def member(self, name: str, option: str):
        """The member called ``name``, or an error naming the option that named them."""
        for m in self.members:
            if m.name == name:
                return m
        raise MeetkitError(_("{option}: unknown member {name!r} (not in {roster})").format(
            option=option, name=name, roster=self.roster_path))

    @cached_property
    def plugins(self):
        from .plugins import Plugins

        return Plugins(self.root / "plugins")

    @cached_property
    def store(self):
        from .store import Store

        url = os.environ.get("MEETKIT_DATABASE_URL") or self.config.database_url
        if not url:
            self.state_dir.mkdir(exist_ok=True)
            url = f"sqlite:///{self.state_dir / 'meetkit.db'}"
        return Store(url)

    @cached_property
    def secret(self) -> bytes:
        from .tokens import load_secret

        return load_secret(self.secret_path)

    def meeting(self, meeting_id: str):
        """The stored meeting with this id, or an error."""
        meeting = self.store.get_meeting(meeting_id)
        if meeting is None:
            raise MeetkitError(_("no meeting {id!r} (see `meetkit list`)").format(id=meeting_id))
        return meeting

    def meeting_folder(self, meeting) -> Path:
        return self.root / meeting.folder
