"""Atomic file writes: a temporary file in the same folder, then a rename, so a crash never
leaves half a document."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


def user_cache_dir() -> Path:
    """meetkit's folder in the user's cache ($XDG_CACHE_HOME/meetkit, else ~/.cache/meetkit):
    what can be made again and only saves time (plugin commands, compiled templates). OSError
    when there is no home to keep it in: callers then do without (never a shared folder such
    as /tmp, since compiled code is read back from here)."""
    own = os.environ.get("XDG_CACHE_HOME")
    if own and os.path.isabs(own):
        return Path(own) / "meetkit"
    try:
        return Path.home() / ".cache" / "meetkit"
    except RuntimeError as exc:  # no HOME and no password entry
        raise OSError(str(exc)) from None


def _default_mode(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets 0666 less the umask, like open()."""
    try:
        return os.stat(path).st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write_bytes(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` atomically (optionally with permission bits ``mode``)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp creates 0600; documents and settings should read like any saved file.
        os.chmod(tmp, mode if mode is not None else _default_mode(path))
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def atomic_write_text(path: Path, text: str, mode: int | None = None) -> None:
    """Write UTF-8 ``text`` to ``path`` atomically."""
    atomic_write_bytes(path, text.encode("utf-8"), mode)


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file's bytes, hex."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def numbered_sibling(path: Path) -> Path:
    """``minutes.docx`` -> the first free ``minutes-2.docx``, ``minutes-3.docx``, ..."""
    n = 2
    while True:
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        if not candidate.exists():
            return candidate
        n += 1


def check_out_folder(folder: Path, what: str) -> Path:
    """Refuse, in one line, an output folder that doesn't exist (never create one silently:
    a typo in a path should not scatter files)."""
    from .errors import MeetkitError
    from .i18n import _

    folder = Path(folder)
    if not folder.is_dir():
        raise MeetkitError(
            _("{what}: folder {folder} does not exist").format(what=what, folder=folder)
        )
    return folder


def open_elsewhere(path: Path) -> Path | None:
    """The lock file Word, WPS or LibreOffice keeps beside ``path`` while it is open
    (``~$notice.docx``; Word shortens long names to ``~$tice.docx``; ``.~lock.notice.docx#``),
    or None."""
    path = Path(path)
    for name in (f"~${path.name}", f"~${path.name[2:]}", f".~lock.{path.name}#"):
        lock = path.with_name(name)
        if len(name) > 2 and lock.exists():
            return lock
    return None


def check_writable(folder: Path, files: list[str]) -> None:
    """Before a command rewrites several documents: refuse (MeetkitError, naming the file)
    when any of them is open in Word/WPS/LibreOffice or read-only, so none is changed, nor
    the database."""
    import stat

    from .errors import MeetkitError
    from .i18n import _

    folder = Path(folder)
    for file in files:
        target = folder / file
        if open_elsewhere(target) is not None:
            raise MeetkitError(
                _(
                    "please close {file} in Word/WPS first ({path} is open); nothing was changed"
                ).format(file=target.name, path=target)
            )
        if target.exists() and not target.stat().st_mode & stat.S_IWUSR:
            raise MeetkitError(
                _("{path} is read-only: make it writable first; nothing was changed").format(
                    path=target
                )
            )
    if folder.exists() and not os.access(folder, os.W_OK):
        raise MeetkitError(
            _("{path}: the folder is not writable; nothing was changed").format(path=folder)
        )
