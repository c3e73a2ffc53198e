"""Builds the plugin manager: built-in plugins, installed ones (entry-point group ``meetkit``),
then the workspace's ``plugins/*.py``, all registered the same way, each followed by pluggy's
``check_pending()``.

pluggy calls the hooks. What meetkit adds is isolation: a plugin that fails to import, uses a
hook that doesn't exist, raises inside a hook or returns the wrong kind of value is named (file
and line) in one warning on stderr, unregistered and listed as failed, and the hook is called
again without it; everything else keeps working. Two plugins registering one meeting-type key is
an error naming both.

``MEETKIT_LOAD_PLUGINS=a,b`` loads only those installed/local plugins (built-ins always load);
``MEETKIT_TRACE_PLUGINS=1`` prints every hook call to stderr (pluggy's hook-call monitoring).
"""

from __future__ import annotations

import copy
import importlib
import importlib.util
import inspect
import os
import sys
import traceback
from pathlib import Path

import pluggy

from . import hookspecs
from .errors import MeetkitError
from .hookspecs import RETURNS
from .i18n import _
from .meetingtypes import Registry, alias_problem, key_problem, lookup_form
from .plugin_report import (
    PluginInfo,
    def_line,
    explain,
    impl_of,
    one_line,
    roots_of,
    trace_after,
    trace_before,
    warn,
    where_raised,
)

# The built-in meeting types, registered exactly as third-party plugins are.
DEFAULT_PLUGINS = tuple(
    f"meetkit.builtin.{name}"
    for name in (
        "standard",
        "committee",
        "general",
        "group",
        "lesson",
        "life",
        "theme_day",
        "followup",
    )
)


class PluginError(Exception):
    """A plugin misused meetkit (e.g. a bad meeting-type key): the plugin is skipped."""


class _Registry(Registry):
    """The core Registry, telling which plugin added each type (the hook implementation on the
    stack) and where, so a clash names both plugins, the earlier registered first."""

    def __init__(self, host: Plugins):
        super().__init__()
        self._host = host
        self._where: dict = {}

    def add(self, meeting_type) -> None:
        caller = sys._getframe(1)
        where = f"{caller.f_code.co_filename}:{caller.f_lineno}"
        frames = [frame for frame, _ in traceback.walk_stack(caller)]
        impl = impl_of(self._host.pm.hook.meetkit_register_meeting_types.get_hookimpls(), frames)
        self.current_plugin = impl.plugin_name if impl else ""
        key = getattr(meeting_type, "key", None)
        problem = key_problem(key)
        if problem:
            raise PluginError(problem)
        aliases = getattr(meeting_type, "aliases", ())
        if isinstance(aliases, str) or not isinstance(aliases, (tuple, list)):
            raise PluginError(
                _(
                    "the aliases of meeting type {key!r} must be a list of names, got {value!r}"
                ).format(key=key, value=aliases)
            )
        for alias in aliases:
            problem = alias_problem(alias)
            if problem:
                raise PluginError(problem)
        if key in self.types:
            one, two = sorted(
                [(self.types[key].plugin, self._where[key]), (self.current_plugin, where)],
                key=lambda p: self._host.order(p[0]),
            )
            raise MeetkitError(
                f"meeting type {key!r} is registered twice: by {self._host.describe(*one)} and by "
                f"{self._host.describe(*two)}; rename one key or remove one plugin"
            )
        super().add(meeting_type)
        self._where[key] = where

    def in_order(self, one: tuple, two: tuple) -> tuple:
        # pluggy calls the last registered plugin first: name the one loaded first first.
        first, second = sorted((one, two), key=lambda claim: self._host.order(claim[0]))
        return first, second

    def clear(self) -> None:
        """Forget every type, before the hook is called again without a failed plugin."""
        self.types.clear()
        self._where.clear()
        self.names.clear()


class Plugins:
    """The plugin manager for one workspace (or none), and safe ways to call its hooks."""

    def __init__(self, workspace_plugins_dir: Path | None = None):
        self.pm = pluggy.PluginManager("meetkit")
        self.pm.add_hookspecs(hookspecs)
        if os.environ.get("MEETKIT_TRACE_PLUGINS", "") not in ("", "0"):
            self.pm.add_hookcall_monitoring(trace_before, trace_after)
        self.infos: dict[str, PluginInfo] = {}
        self._roots: dict[str, tuple] = {}  # plugin name -> its own files (for warnings)
        only = os.environ.get("MEETKIT_LOAD_PLUGINS")
        self.only = {n.strip() for n in only.split(",") if n.strip()} if only is not None else None
        self._types: dict | None = None
        self._checking = False  # check(): mark failures, never stop

        from . import __version__

        for modname in DEFAULT_PLUGINS:
            name = modname.rsplit(".", 1)[-1]
            self._register(
                importlib.import_module(modname),
                name,
                PluginInfo(name=name, source="built-in", version=__version__),
            )
        self._load_entry_points()
        if workspace_plugins_dir is not None and Path(workspace_plugins_dir).is_dir():
            for path in sorted(Path(workspace_plugins_dir).glob("*.py")):
                if not path.name.startswith("_") and self._wanted(path.stem):
                    self._load_file(path)
        missing = sorted((self.only or set()) - {i.name for i in self.infos.values()})
        if missing:
            warn(
                f"MEETKIT_LOAD_PLUGINS names {', '.join(missing)}, but no installed or "
                "local plugin has that name (see `meetkit plugins`)"
            )

    # -- loading -------------------------------------------------------------------------
    def _wanted(self, name: str) -> bool:
        return self.only is None or name in self.only

    def _load_entry_points(self) -> None:
        # Not pm.load_setuptools_entrypoints: one broken distribution must not stop the others.
        from importlib.metadata import entry_points

        for ep in entry_points(group="meetkit"):
            if not self._wanted(ep.name):
                continue
            dist = getattr(ep, "dist", None)
            info = PluginInfo(
                name=ep.name,
                source=f"entry point ({dist.name if dist else ep.value})",
                version=dist.version if dist else None,
            )
            if ep.name in self.infos:
                self._fail(
                    info,
                    _("{where}: a plugin named {name!r} is already loaded ({source})").format(
                        where=ep.value, name=ep.name, source=self.infos[ep.name].source
                    ),
                    key=f"{ep.name} ({ep.value})",
                )
                continue
            try:
                module = ep.load()
            except (
                Exception,
                SystemExit,
            ) as exc:  # a broken installed plugin must not stop meetkit
                try:
                    spec = importlib.util.find_spec(ep.module.split(".")[0])
                except (ImportError, ValueError):
                    spec = None
                info.file = spec.origin if spec is not None else None
                self._fail(
                    info,
                    f"{where_raised(exc, roots_of(info.file))}: cannot import: {one_line(exc)}",
                )
                continue
            self._register(module, ep.name, info)

    def _load_file(self, path: Path) -> None:
        name = path.stem
        info = PluginInfo(name=name, source=f"local ({path})", file=str(path))
        if name in self.infos:
            self._fail(
                info,
                _(
                    "{path}: a plugin named {name!r} is already loaded ({source}); rename the file"
                ).format(path=path, name=name, source=self.infos[name].source),
                key=str(path),
            )
            return
        modname = f"meetkit_local_plugins.{name}"
        spec = importlib.util.spec_from_file_location(modname, path)
        module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
        sys.modules[modname] = module
        try:
            spec.loader.exec_module(module)  # type: ignore[union-attr]
        except (Exception, SystemExit) as exc:
            sys.modules.pop(modname, None)
            where = where_raised(exc, (str(path.resolve()), os.path.abspath(path)))
            self._fail(info, f"{where}: cannot import: {one_line(exc)}")
            return
        info.version = getattr(module, "__version__", None)
        self._register(module, name, info)

    def _register(self, module, name: str, info: PluginInfo) -> None:
        self._roots[name] = roots_of(getattr(module, "__file__", None))
        info.file = info.file or getattr(module, "__file__", None)
        hooks = {
            a: f
            for a, f in vars(module).items()
            if a.startswith("meetkit_") and inspect.isfunction(f)
        }
        marked = {a: f for a, f in hooks.items() if getattr(f, "meetkit_impl", None) is not None}
        for attr, function in hooks.items():  # pluggy ignores these silently; the user meant a hook
            if attr not in marked and function.__module__ == module.__name__:
                self._fail(
                    info,
                    f"{def_line(function)}: {attr} is not marked @hookimpl (add "
                    "`from meetkit import hookimpl` and put @hookimpl above it)",
                )
                return
        try:
            self.pm.register(module, name=name)
            self.pm.check_pending()  # an implementation of a hook that has no spec
        except (pluggy.PluginValidationError, ValueError) as exc:
            if self.pm.is_registered(module):
                self.pm.unregister(module)
            self._fail(info, explain(marked, exc))
            return
        info.hooks = sorted(c.name for c in self.pm.get_hookcallers(module) or ())
        self.infos[name] = info

    def _fail(self, info: PluginInfo, reason: str, key: str | None = None) -> None:
        info.error = reason
        self.infos[key or info.name] = info
        warn(f"plugin {info.name} skipped: {reason}")

    def order(self, plugin_name: str) -> int:
        """Where a plugin stands in the loading order (built-ins first)."""
        names = list(self.infos)
        return names.index(plugin_name) if plugin_name in names else len(names)

    def describe(self, plugin_name: str, where: str) -> str:
        """'plugin NAME (source, file:line)' for error messages."""
        info = self.infos.get(plugin_name)
        if info is None or info.source == "built-in":
            return _("plugin {name} (built-in)").format(name=plugin_name)
        if info.source.startswith("local"):
            return _("plugin {name} ({where})").format(name=plugin_name, where=where)
        return _("plugin {name} ({source}, {where})").format(
            name=plugin_name, source=info.source, where=where
        )

    # -- calling -------------------------------------------------------------------------
    def call(self, hook: str, **kwargs) -> list:
        """Call ``hook`` through pluggy (last registered first) and return the non-None results.
        A plugin that raises or returns the wrong kind of value is reported and unregistered,
        and the hook called again without it; a ``MeetkitError`` (the user's mistake) passes."""
        items = kwargs.get("items")
        saved = copy.deepcopy(items)  # the agenda hook edits it in place: undone before a retry
        while True:
            caller = getattr(self.pm.hook, hook)
            try:
                results = caller(**kwargs)
            except MeetkitError:
                raise
            except Exception as exc:
                impl = impl_of(
                    caller.get_hookimpls(), [f for f, _ in traceback.walk_tb(exc.__traceback__)]
                )
                if impl is None:
                    raise  # meetkit's own bug, not a plugin's
                where = where_raised(
                    exc, self._roots.get(impl.plugin_name, ()), def_line(impl.function)
                )
                self._hook_failed(
                    impl.plugin_name,
                    f"{where}: "
                    + (
                        str(exc)
                        if isinstance(exc, PluginError)
                        else f"{hook} raised {one_line(exc)}"
                    ),
                    kwargs,
                )
            else:
                check = RETURNS.get(hook)
                if check is None or all(check[0](r) for r in results):
                    return results
                impl, result = self._wrong_result(hook, check[0], kwargs)
                if impl is None:
                    return [r for r in results if check[0](r)]
                self._hook_failed(
                    impl.plugin_name,
                    f"{def_line(impl.function)}: {hook} returned "
                    f"{type(result).__name__}, expected {check[1]} or None",
                    kwargs,
                )
            if items is not None:
                items[:] = copy.deepcopy(saved)
            if isinstance(kwargs.get("register"), _Registry):
                kwargs["register"].clear()

    def _wrong_result(self, hook: str, ok, kwargs: dict) -> tuple:
        """(implementation, result) of the first plugin whose result fails ``ok``. pluggy's
        results don't say whose they are, so (only on this error path) each is asked alone."""
        impls = getattr(self.pm.hook, hook).get_hookimpls()
        for impl in reversed(impls):
            others = [self.pm.get_plugin(i.plugin_name) for i in impls if i is not impl]
            alone = {
                k: copy.deepcopy(v) if k in ("items", "context") else v for k, v in kwargs.items()
            }
            for result in self.pm.subset_hook_caller(hook, others)(**alone):
                if not ok(result):
                    return impl, result
        return None, None

    def _hook_failed(self, name: str, reason: str, kwargs: dict) -> None:
        """Mark the plugin failed, unregister it and warn. When it is the plugin of the very
        meeting being prepared, the meeting can't go on without it: a MeetkitError instead."""
        if name in self.infos:
            self.infos[name].error = reason
        self.pm.unregister(name=name)
        self._types = None
        meeting_type = kwargs.get("meeting_type")
        if (
            "meeting" in kwargs
            and getattr(meeting_type, "plugin", None) == name
            and not self._checking
        ):
            raise MeetkitError(
                f"plugin {name} failed: {reason}; a {meeting_type.key} meeting "  # type: ignore[union-attr]
                "can't go on without it"
            )
        warn(f"plugin {name} skipped: {reason}")

    # -- meeting types -------------------------------------------------------------------
    @property
    def types(self) -> dict:
        """All meeting types by key, in plugin loading order (MeetkitError on a duplicate key)."""
        if self._types is None:
            registry = _Registry(self)
            self.call("meetkit_register_meeting_types", register=registry)
            self._types = dict(
                sorted(registry.types.items(), key=lambda kv: self.order(kv[1].plugin))
            )
        return self._types

    def meeting_type(self, key: str):
        """The type named ``key``: its key, one of its aliases (党课, 支委会) or its Chinese or
        English name, compared as ``lookup_form``; else a MeetkitError listing the known keys."""
        types = self.types
        if key in types:
            return types[key]
        wanted = lookup_form(key) if isinstance(key, str) else key
        found = {
            t.key
            for t in types.values()
            if wanted
            in {lookup_form(n) for n in (t.key, *t.aliases, t.title("zh-CN"), t.title("en"))}
        }
        if len(found) == 1:
            return types[found.pop()]
        if found:
            raise MeetkitError(
                _("meeting type {name!r} could be any of {keys}: use the key").format(
                    name=key, keys=", ".join(sorted(found))
                )
            )
        raise MeetkitError(
            _("unknown meeting type {key!r}; known types: {keys}").format(
                key=key, keys=", ".join(types)
            )
        )

    def documents(self, meeting_type) -> list:
        """The documents of a type's pack, in order, each name once (the first plugin wins)."""
        seen, docs = set(), []
        for result in self.call("meetkit_documents", meeting_type=meeting_type):
            for doc in result:
                if doc.name not in seen:
                    seen.add(doc.name)
                    docs.append(doc)
        return sorted(docs, key=lambda d: d.order)

    def check(self, workspace=None) -> list[PluginInfo]:
        """Call every hook once, as the commands would, so a plugin that raises is marked failed
        now rather than in the middle of a meeting: the types, each type's documents and, given
        a ``workspace``, the agenda, template context and validation of a sample meeting of each
        type (built in memory; nothing is stored or written). Returns ``infos``' values."""
        from .sample import exercise

        self._checking = True
        try:
            for meeting_type in list(self.types.values()):
                documents = self.documents(meeting_type)
                if workspace is not None:
                    try:
                        exercise(self, meeting_type, documents, workspace)
                    except MeetkitError:
                        pass  # the user's data (roster, a plugin's settings file), not a plugin bug
        finally:
            self._checking = False
        self.types  # noqa: B018 - re-register if a plugin failed meanwhile
        return list(self.infos.values())
