"""A workspace: the folder holding meetkit.toml, members.csv, agendas/, templates/, plugins/,
meetings/ and .meetkit/ (database and sign-in secret). Found from the current folder upward."""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import MeetkitError
from .i18n import _

CONFIG = "meetkit.toml"
ROSTER = "members.csv"
ROSTER_XLSX = "members.xlsx"
STATE = ".meetkit"


def private_state(state_dir: Path, database: bool = False) -> Path:
    """``.meetkit/`` made (or kept) 0700 and its files 0600, the database made 0600 before
    SQLite opens it (SQLite gives its -wal and -shm files the database's mode): the sign-in
    secret and the ballots' tables are the secretary's alone. Returns ``state_dir``."""
    state_dir.mkdir(exist_ok=True)
    try:
        os.chmod(state_dir, 0o700)
        db = state_dir / "meetkit.db"
        if database and not db.exists():
            os.close(os.open(db, os.O_WRONLY | os.O_CREAT, 0o600))
        for path in state_dir.iterdir():
            if path.is_file() and path.stat().st_mode & 0o077:
                os.chmod(path, 0o600)
    except OSError:  # a file system without modes (FAT, some shares): nothing to tighten
        pass
    return state_dir


if TYPE_CHECKING:
    from .config import Config
    from .host.manager import Plugins
    from .model.meeting import Meeting
    from .roster import Member
    from .store import Store


def nearest_holding(name: str, start: Path | None = None) -> Path | None:
    """The nearest folder from ``start`` (the current one) upward holding the file ``name``,
    as git finds its repository: a branch's meetkit.toml, a committee's committee.toml."""
    here = (start or Path.cwd()).resolve()
    return next((f for f in (here, *here.parents) if (f / name).is_file()), None)


def find_workspace(
    explicit: str | os.PathLike | None = None, start: Path | None = None
) -> Workspace:
    """``--workspace``/``MEETKIT_WORKSPACE`` if given, else the nearest folder upward holding
    meetkit.toml."""
    if explicit:
        root = Path(explicit).expanduser()
        if not (root / CONFIG).is_file():
            raise MeetkitError(
                _(
                    "{root}: not a meetkit workspace (no {config}); run `meetkit init` there first"
                ).format(root=root, config=CONFIG)
            )
        return Workspace(root)
    found = nearest_holding(CONFIG, start)
    if found is not None:
        return Workspace(found)
    here = (start or Path.cwd()).resolve()
    raise MeetkitError(
        _(
            "no meetkit workspace here or above {here} (no {config}); run "
            "`meetkit init --demo` to make one, or pass --workspace DIR"
        ).format(here=here, config=CONFIG)
    )


class Workspace:
    """Paths and lazily loaded parts of one workspace."""

    def __init__(self, root: Path):
        self.root = Path(root).resolve()

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG

    @property
    def roster_path(self) -> Path:
        """members.xlsx when the workspace keeps its roster in Excel, else members.csv."""
        xlsx = self.root / ROSTER_XLSX
        if xlsx.exists():
            if (self.root / ROSTER).exists():
                raise MeetkitError(
                    f"{self.root}: both {ROSTER} and {ROSTER_XLSX}; keep one "
                    "roster and move the other away"
                )
            return xlsx
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
    def config(self) -> Config:
        from .config import load_config

        return load_config(self.config_path)

    def read_members(self, problems: list | None = None) -> tuple[list, list]:
        """(members with their ids, notes on members matched by a guess); bad rows raise,
        or with ``problems`` are skipped and described there."""
        from .members import identify
        from .roster import read_roster

        members = read_roster(self.roster_path, problems)
        notes = identify(members, self.store, self.roster_path.name)
        return members, notes

    @cached_property
    def members(self) -> list:
        """The roster, each member with a stable ``id`` and ``label``. The secretary and
        organizer named in meetkit.toml must be members."""
        import sys

        from .members import config_problems
        from .roster import labels

        members, notes = self.read_members()
        for note in notes:
            print(note, file=sys.stderr)
        names = labels(members, self.config.lang)
        for m in members:
            m.label = names[m.id]
        problems = config_problems(self.config, members, self.config_path)
        if problems:
            raise MeetkitError(problems[0])
        return members

    def member(self, name: str, option: str) -> Member:
        """The member ``name`` (a name, label or id) means, or an error naming the option."""
        from .members import find

        return find(
            self.members, name, where=option, lang=self.config.lang, source=self.roster_path.name
        )

    @cached_property
    def plugins(self) -> Plugins:
        from .host.manager import Plugins

        return Plugins(self.root / "plugins")

    @cached_property
    def store(self) -> Store:
        from .store import Store

        url = os.environ.get("MEETKIT_DATABASE_URL") or self.config.database_url
        if not url:
            database = private_state(self.state_dir, database=True) / "meetkit.db"
            url = f"sqlite:///{database}"
        return Store(url)

    @cached_property
    def secret(self) -> bytes:
        from .attendance.tokens import load_secret

        return load_secret(self.secret_path)

    def meeting(self, meeting_id: str) -> Meeting:
        """The stored meeting with this id, or an error."""
        meeting = self.store.get_meeting(meeting_id)
        if meeting is None:
            raise MeetkitError(_("no meeting {id!r} (see `meetkit list`)").format(id=meeting_id))
        return meeting

    def meeting_folder(self, meeting: Meeting) -> Path:
        return self.root / meeting.folder
