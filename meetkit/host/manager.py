"""The plugin host: one pluggy PluginManager holding the built-in plugins, the installed ones
(entry-point group ``meetkit``) and the workspace's ``plugins/*.py``, each checked by pluggy's
``check_pending()``; hooks are pluggy's own calls. meetkit adds isolation: a plugin that fails to
import, gets a hook wrong, raises in one or returns the wrong kind of value is named (file and
line) in one warning, unregistered, listed as failed, and the hook called again without it.
``MEETKIT_LOAD_PLUGINS=a,b`` loads only those plugins (built-ins always load);
``MEETKIT_TRACE_PLUGINS=1`` prints every hook call (pluggy's hook-call monitoring)."""

from __future__ import annotations

import copy
import functools
import importlib.metadata
import importlib.util
import inspect
import os
import sys
import traceback
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from types import FrameType, ModuleType
from typing import TYPE_CHECKING, Any

import pluggy

from .. import __version__, hookspecs
from ..errors import MeetkitError
from ..hookspecs import RETURNS
from ..model.types import BadMeetingType, Registry, find_type
from . import report
from .report import PluginInfo, warn

if TYPE_CHECKING:
    from ..model.meeting import Meeting
    from ..model.types import MeetingType

# The built-in meeting types and meetkit's own features, registered exactly as third-party
# plugins are (datasette's DEFAULT_PLUGINS): (plugin name, module).
DEFAULT_PLUGINS = tuple(
    (name, f"meetkit.builtin.{name}")
    for name in "standard committee general group lesson life theme_day followup".split()
) + (
    ("decisions", "meetkit.decisions.hooks"),
    ("life-cycle", "meetkit.life.hooks"),
    ("development", "meetkit.development.hooks"),
    ("attachments", "meetkit.attachments.hooks"),
    ("console", "meetkit.console.hooks"),
)


class PluginError(Exception):
    """A plugin misused meetkit (e.g. a bad meeting-type key): the plugin is skipped."""


def impl_of(
    impls: Sequence[pluggy.HookImpl], frames: Iterable[tuple[FrameType, int]]
) -> pluggy.HookImpl | None:
    """The hook implementation among ``impls`` running in one of ``frames`` (walk_tb, walk_stack)."""
    codes = {inspect.unwrap(i.function).__code__: i for i in impls}
    codes.update({i.function.__code__: i for i in impls if hasattr(i.function, "__code__")})
    return next((codes[f.f_code] for f, _line in frames if f.f_code in codes), None)


def _exec_file(path: Path, module: str) -> ModuleType:
    """Import the file ``path`` as ``module`` (not kept in sys.modules when it raises)."""
    spec = importlib.util.spec_from_file_location(module, path)
    loaded = sys.modules[module] = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    try:
        spec.loader.exec_module(loaded)  # type: ignore[union-attr]
    except BaseException:
        del sys.modules[module]
        raise
    return loaded


class _Registry(Registry):
    """The core Registry, told which plugin adds each type (the hook implementation on the
    stack) and where: a bad key skips that plugin, a key added twice is an error naming both."""

    def __init__(self, host: Plugins):
        super().__init__()
        self._host = host
        self._where: dict[str, str] = {}  # key -> the file:line that added it
        self._here = ""

    def add(self, meeting_type: MeetingType) -> None:
        caller = sys._getframe(1)
        impls = self._host.pm.hook.meetkit_register_meeting_types.get_hookimpls()
        impl = impl_of(impls, traceback.walk_stack(caller))
        self.current_plugin = impl.plugin_name if impl else ""
        self._here = f"{caller.f_code.co_filename}:{caller.f_lineno}"
        try:
            super().add(meeting_type)
        except BadMeetingType as exc:  # this plugin's mistake: skip it, not the others
            raise PluginError(exc.problem) from None
        self._where[meeting_type.key] = self._here

    def registered_twice(self, key: str) -> str:
        first = (self.types[key].plugin, self._where[key])
        claims = self.in_order(first, (self.current_plugin, self._here))
        return report.registered_twice(key, claims, self._host.infos)

    def in_order(self, one: tuple, two: tuple) -> tuple:
        # pluggy calls the last registered plugin first: name the one loaded first first.
        first, second = sorted((one, two), key=lambda claim: self._host.order(claim[0]))
        return first, second

    def clear(self) -> None:
        """Forget every type, before the hook is called again without a failed plugin."""
        for added in (self.types, self.names, self._where):
            added.clear()


class Plugins:
    """The plugin manager for one workspace (or none), and the calls of its hooks."""

    def __init__(self, workspace_plugins_dir: Path | None = None):
        self.pm = pluggy.PluginManager("meetkit")
        self.pm.add_hookspecs(hookspecs)
        if os.environ.get("MEETKIT_TRACE_PLUGINS", "") not in ("", "0"):
            self.pm.add_hookcall_monitoring(report.trace_before, report.trace_after)
        self.infos: dict[str, PluginInfo] = {}  # every plugin, failed ones too, in loading order
        self._types: dict | None = None
        only = os.environ.get("MEETKIT_LOAD_PLUGINS")
        wanted = None if only is None else {n.strip() for n in only.split(",")} - {""}
        for name, modname in DEFAULT_PLUGINS:
            info = PluginInfo(name, "built-in", __version__, module=modname)
            self._register(importlib.import_module(modname), info)
        installed = importlib.metadata.entry_points(group="meetkit") if wanted != set() else ()
        for ep in installed:  # not looked up at all under MEETKIT_LOAD_PLUGINS= (none)
            if wanted is None or ep.name in wanted:
                source = f"entry point ({ep.dist.name if ep.dist else ep.value})"
                info = PluginInfo(ep.name, source, ep.dist.version if ep.dist else None)
                info.module = ep.module.split(".")[0]  # the whole package is the plugin's own
                self._load(info, ep.load, ep.value)
        local = sorted(Path(workspace_plugins_dir).glob("*.py")) if workspace_plugins_dir else []
        for path in local:
            if not path.name.startswith("_") and (wanted is None or path.stem in wanted):
                module = f"meetkit_local_plugins.{path.stem}"
                info = PluginInfo(path.stem, f"local ({path})", file=str(path), module=module)
                self._load(info, functools.partial(_exec_file, path, module), str(path))
        missing = sorted((wanted or set()) - {i.name for i in self.infos.values()})
        if missing:
            warn(report.not_found(missing))

    # -- loading: each plugin gets a PluginInfo; one that can't load is skipped -------------
    def _load(self, info: PluginInfo, load: Callable[[], ModuleType], where: str) -> None:
        """Import a plugin with ``load()`` (its entry point or file: ``where``) and register it;
        skip it when its name is taken or its import fails. Not pm.load_setuptools_entrypoints:
        one broken plugin would stop all that follow."""
        if info.name in self.infos:
            reason = report.taken(info, self.infos[info.name], where)
            return self._skip(info, reason, key=f"{info.name} ({where})")
        try:
            plugin = load()
        except (Exception, SystemExit) as exc:  # a broken plugin must not stop meetkit
            return self._skip(info, report.cannot_import(info, exc))
        self._register(plugin, info)

    def _register(self, module: ModuleType, info: PluginInfo) -> None:
        """Register a loaded plugin with pluggy; a hook it gets wrong skips it (one warning)."""
        info.file = info.file or getattr(module, "__file__", None)
        info.version = info.version or getattr(module, "__version__", None)
        hooks = {a: f for a, f in vars(module).items() if a.startswith("meetkit_")}
        marked = {a: f for a, f in hooks.items() if hasattr(f, "meetkit_impl")}
        for attr, f in hooks.items():  # pluggy ignores these silently; the user meant a hook
            if attr not in marked and inspect.isfunction(f) and f.__module__ == module.__name__:
                return self._skip(info, report.unmarked(attr, f))
        try:
            self.pm.register(module, name=info.name)
            self.pm.check_pending()  # an implementation of a hook that has no spec
        except (pluggy.PluginValidationError, ValueError) as exc:
            if self.pm.is_registered(module):
                self.pm.unregister(module)
            return self._skip(info, report.explain(marked, exc))
        info.hooks = sorted(c.name for c in self.pm.get_hookcallers(module) or ())
        self.infos[info.name] = info

    def _skip(self, info: PluginInfo, reason: str, key: str | None = None) -> None:
        info.error = reason
        self.infos[key or info.name] = info
        warn(report.skipped(info.name, reason))

    def order(self, plugin_name: str) -> int:
        """Where a plugin stands in the loading order (built-ins first)."""
        names = list(self.infos)
        return names.index(plugin_name) if plugin_name in names else len(names)

    # -- calling -------------------------------------------------------------------------
    def call(self, hook: str, **kwargs: Any) -> list:
        """``pm.hook.<hook>(**kwargs)``: the results that are not None, last registered plugin
        first. A plugin that raises or returns the wrong kind of value is reported and
        unregistered, and the hook called again without it (the arguments it edits in place
        restored first); a ``MeetkitError`` (the user's mistake) passes."""
        saved = copy.deepcopy(kwargs.get("items"))  # the agenda hook edits it in place
        ok = RETURNS[hook][0] if hook in RETURNS else (lambda result: True)
        while True:
            caller = getattr(self.pm.hook, hook)
            try:
                results = caller(**kwargs)
            except MeetkitError:
                raise
            except Exception as exc:
                impl = impl_of(caller.get_hookimpls(), traceback.walk_tb(exc.__traceback__))
                if impl is None:
                    raise  # meetkit's own bug, not a plugin's
                said = str(exc) if isinstance(exc, PluginError) else None
                reason = report.raised(self.infos[impl.plugin_name], hook, impl, exc, said)
            else:
                if all(map(ok, results)):
                    return results
                impl, result = self._wrong_result(caller, ok, kwargs)
                if impl is None:
                    return [r for r in results if ok(r)]
                reason = report.returned(hook, impl, result)
            self._hook_failed(impl.plugin_name, reason, kwargs)
            if saved is not None:
                kwargs["items"][:] = copy.deepcopy(saved)
            if "register" in kwargs:
                kwargs["register"].clear()

    def _wrong_result(
        self, caller: pluggy.HookCaller, ok: Callable[[Any], bool], kwargs: dict
    ) -> tuple:
        """(implementation, result) of the first plugin whose result fails ``ok``. pluggy's
        results don't say whose they are, so (only on this error path) each is called alone."""
        impls = caller.get_hookimpls()
        for impl in reversed(impls):
            others = [i.plugin for i in impls if i is not impl]
            copied = {k: copy.deepcopy(v) for k, v in kwargs.items() if k in ("items", "context")}
            alone = self.pm.subset_hook_caller(caller.name, others)
            wrong = [result for result in alone(**{**kwargs, **copied}) if not ok(result)]
            if wrong:
                return impl, wrong[0]
        return None, None

    def _hook_failed(self, name: str, reason: str, kwargs: dict) -> None:
        """Mark the plugin failed, unregister it and warn. When it is the plugin of the very
        meeting at hand, that meeting can't go on without it: a MeetkitError instead."""
        self.infos[name].error = reason
        self.pm.unregister(name=name)
        self._types = None
        meeting_type = kwargs.get("meeting_type")
        if kwargs.get("meeting") is not None and meeting_type and meeting_type.plugin == name:
            raise MeetkitError(report.cannot_go_on(name, reason, kwargs["meeting_type"].key))
        warn(report.skipped(name, reason))

    # -- meeting types -------------------------------------------------------------------
    @property
    def types(self) -> dict:
        """All meeting types by key, in plugin loading order (MeetkitError on a duplicate key)."""
        if self._types is None:
            registry = _Registry(self)
            self.call("meetkit_register_meeting_types", register=registry)
            by_order = sorted(registry.types.values(), key=lambda t: self.order(t.plugin))
            self._types = {t.key: t for t in by_order}
        return self._types

    def kind_of(self, meeting: Meeting) -> str:
        """What a stored meeting counts as (its type's ``kind``; its key when the type is gone)."""
        t = self.types.get(meeting.type)
        return t.kind if t else meeting.type

    def uses(self, meeting: Meeting, feature: str) -> bool:
        """Whether a stored meeting's type uses ``feature`` (``MeetingType.uses``)."""
        t = self.types.get(meeting.type)
        return bool(t and t.has(feature))

    def meeting_type(self, key: str) -> MeetingType:
        """The type named ``key`` (its key, an alias, its name): meetingtypes.find_type."""
        return find_type(self.types, key)

    def documents(
        self, meeting_type: MeetingType, meeting: Meeting | None = None, workspace: object = None
    ) -> list:
        """The documents of a type's pack (of ``meeting``'s, when given), in order, each name
        once (the first plugin wins)."""
        docs: dict = {}
        found = self.call(
            "meetkit_documents", meeting_type=meeting_type, meeting=meeting, workspace=workspace
        )
        for result in found:
            for doc in result:
                docs.setdefault(doc.name, doc)
        return sorted(docs.values(), key=lambda d: d.order)
