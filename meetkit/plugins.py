"""Builds the plugin manager: built-in plugins, installed ones (entry-point group ``meetkit``),
then the workspace's ``plugins/*.py``, all registered the same way.

A plugin that fails to import, implements a hook that doesn't exist, or raises inside a hook is
named in one warning on stderr, unregistered and listed as failed; everything else keeps working.
"""
from __future__ import annotations

import importlib
import importlib.util
import inspect
import os
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import pluggy

from . import hookspecs
from .errors import MeetkitError
from .meetingtypes import Registry

# The built-in meeting types, registered exactly as third-party plugins are.
DEFAULT_PLUGINS = (
    "meetkit.builtin.standard",
    "meetkit.builtin.committee",
    "meetkit.builtin.general",
    "meetkit.builtin.group",
    "meetkit.builtin.lesson",
    "meetkit.builtin.life",
    "meetkit.builtin.theme_day",
    "meetkit.builtin.followup",
)


@dataclass
class PluginInfo:
    """One row of ``meetkit plugins``."""

    name: str
    source: str  # built-in | entry point (distribution) | local file path
    version: str | None = None
    hooks: list = field(default_factory=list)
    error: str | None = None
    file: str | None = None

    @property
    def status(self) -> str:
        return "failed" if self.error else "ok"

    def as_dict(self) -> dict:
        return {"name": self.name, "source": self.source, "version": self.version,
                "hooks": self.hooks, "status": self.status, "error": self.error,
                "file": self.file}


def _warn(message: str) -> None:
    sys.stderr.write(f"meetkit: warning: {message}\n")


def _where(exc: BaseException, files: set[str]) -> str:
    """'file:line' of the innermost traceback frame inside one of ``files`` (a plugin's own)."""
    if isinstance(exc, SyntaxError) and exc.filename:
        return f"{exc.filename}:{exc.lineno}"
    where = ""
    for frame in traceback.extract_tb(exc.__traceback__):
        if os.path.abspath(frame.filename) in files:
            where = f"{frame.filename}:{frame.lineno}"
    if not where:
        frames = traceback.extract_tb(exc.__traceback__)
        if frames:
            where = f"{frames[-1].filename}:{frames[-1].lineno}"
    return where


def _one_line(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class Plugins:
    """The plugin manager for one workspace (or none), and safe ways to call its hooks."""

    def __init__(self, workspace_plugins_dir: Path | None = None):
        self.pm = pluggy.PluginManager("meetkit")
        self.pm.add_hookspecs(hookspecs)
        self.infos: dict[str, PluginInfo] = {}
        self._files: dict[str, str] = {}  # plugin name -> its source file (for warnings)
        self.trace = os.environ.get("MEETKIT_TRACE_PLUGINS", "") not in ("", "0")
        only = os.environ.get("MEETKIT_LOAD_PLUGINS")
        self.only = {n.strip() for n in only.split(",") if n.strip()} if only is not None else None
        self._types = None

        for modname in DEFAULT_PLUGINS:
            module = importlib.import_module(modname)
            self._register(module, modname.rsplit(".", 1)[-1], PluginInfo(
                name=modname.rsplit(".", 1)[-1], source="built-in", version=_meetkit_version()))
        self._load_entry_points()
        if workspace_plugins_dir is not None and workspace_plugins_dir.is_dir():
            for path in sorted(workspace_plugins_dir.glob("*.py")):
                if not path.name.startswith("_"):
                    self._load_file(path)

    # -- loading -------------------------------------------------------------------------
    def _wanted(self, name: str) -> bool:
        return self.only is None or name in self.only

    def _load_entry_points(self) -> None:
        from importlib.metadata import entry_points

        for ep in entry_points(group="meetkit"):
            if not self._wanted(ep.name) or ep.name in self.infos:
                continue
            dist = getattr(ep, "dist", None)
            info = PluginInfo(name=ep.name, source=f"entry point ({dist.name if dist else ep.value})",
                              version=dist.version if dist else None)
            try:
                module = ep.load()
            except Exception as exc:  # a broken installed plugin must not stop meetkit
                self._fail(info, f"failed to import: {_where(exc, set())}: {_one_line(exc)}")
                continue
            self._register(module, ep.name, info)

    def _load_file(self, path: Path) -> None:
        name = path.stem
        if not self._wanted(name):
            return
        info = PluginInfo(name=name, source=f"local ({path})", file=str(path))
        if name in self.infos:
            self._fail(info, f"a plugin named {name!r} is already loaded ({self.infos[name].source})")
            return
        modname = f"meetkit_local_plugins.{name}"
        spec = importlib.util.spec_from_file_location(modname, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[modname] = module
        try:
            spec.loader.exec_module(module)
        except Exception as exc:
            sys.modules.pop(modname, None)
            self._fail(info, f"failed to import: {_where(exc, {str(path.resolve())})}: {_one_line(exc)}")
            return
        info.version = getattr(module, "__version__", None)
        self._register(module, name, info)

    def _register(self, module, name: str, info: PluginInfo) -> None:
        known = set(self.pm.hook.__dict__)
        unknown = [attr for attr in dir(module)
                   if attr.startswith("meetkit_") and callable(getattr(module, attr))
                   and attr not in known]
        file = getattr(module, "__file__", None)
        if file:
            self._files[name] = os.path.abspath(file)
            info.file = info.file or file
        if unknown:
            attr = unknown[0]
            line = inspect.getsourcelines(getattr(module, attr))[1] if file else "?"
            self._fail(info, f"{file}:{line}: implements unknown hook {attr!r} "
                             f"(known hooks: {', '.join(sorted(known))})")
            return
        try:
            self.pm.register(module, name=name)
        except pluggy.PluginValidationError as exc:
            self._fail(info, f"{file}: {exc}")
            return
        info.hooks = sorted(impl_name for impl_name in known
                            if any(i.plugin_name == name
                                   for i in getattr(self.pm.hook, impl_name).get_hookimpls()))
        self.infos[name] = info

    def _fail(self, info: PluginInfo, reason: str) -> None:
        info.error = reason
        self.infos[info.name] = info
        _warn(f"plugin {info.name} skipped: {reason}")

    # -- calling -------------------------------------------------------------------------
    def call(self, hook: str, *, _first_registered_first: bool = False, **kwargs) -> list:
        """Call every implementation of ``hook`` (last registered first, as pluggy does) and
        return their non-None results. One that raises is reported, unregistered and skipped."""
        caller = getattr(self.pm.hook, hook)
        results = []
        impls = caller.get_hookimpls()
        for impl in (impls if _first_registered_first else reversed(impls)):
            if self.pm.get_plugin(impl.plugin_name) is None:
                continue  # unregistered by an earlier failure in this call
            args = {k: kwargs[k] for k in impl.argnames if k in kwargs}
            if self.trace:
                sys.stderr.write(f"meetkit: trace: {hook} -> {impl.plugin_name}\n")
            before = getattr(kwargs.get("register"), "current_plugin", None)
            if "register" in kwargs:
                kwargs["register"].current_plugin = impl.plugin_name
            try:
                result = impl.function(**args)
            except MeetkitError:
                raise
            except Exception as exc:
                self._hook_failed(impl.plugin_name, hook, exc)
                continue
            finally:
                if "register" in kwargs:
                    kwargs["register"].current_plugin = before
            if self.trace:
                sys.stderr.write(f"meetkit: trace: {hook} <- {impl.plugin_name}: {result!r}\n")
            if result is not None:
                results.append(result)
        return results

    def _hook_failed(self, plugin_name: str, hook: str, exc: Exception) -> None:
        file = self._files.get(plugin_name)
        where = _where(exc, {file} if file else set())
        info = self.infos.get(plugin_name)
        reason = f"{where}: {_one_line(exc)} in {hook}"
        if info is not None:
            info.error = reason
        self.pm.unregister(name=plugin_name)
        _warn(f"plugin {plugin_name} skipped: {reason}")
        self._types = None

    # -- meeting types -------------------------------------------------------------------
    @property
    def types(self) -> dict:
        """All meeting types by key (raises MeetkitError on a duplicate key)."""
        if self._types is None:
            registry = Registry()
            # Built-ins first, so a clash names the built-in type as the first owner.
            self.call("meetkit_register_meeting_types", register=registry,
                      _first_registered_first=True)
            self._types = registry.types
        return self._types

    def meeting_type(self, key: str):
        """The type with ``key``, or a MeetkitError listing the known keys."""
        types = self.types
        if key not in types:
            raise MeetkitError(f"unknown meeting type {key!r}; known types: {', '.join(types)}")
        return types[key]

    def documents(self, meeting_type) -> list:
        """The documents of a type's pack, in order, each name once (the first plugin wins)."""
        seen, docs = set(), []
        for result in self.call("meetkit_documents", meeting_type=meeting_type):
            for doc in result:
                if doc.name not in seen:
                    seen.add(doc.name)
                    docs.append(doc)
        return sorted(docs, key=lambda d: d.order)


def _meetkit_version() -> str:
    from . import __version__

    return __version__
