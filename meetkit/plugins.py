"""Builds the plugin manager: built-in plugins, installed ones (entry-point group ``meetkit``),
then the workspace's ``plugins/*.py``, all registered the same way.

A plugin that fails to import, implements a hook that doesn't exist, or raises inside a hook is
named (file and line) in one warning on stderr, unregistered and listed as failed; everything
else keeps working. Two plugins registering one meeting-type key is an error naming both.

``MEETKIT_LOAD_PLUGINS=a,b`` loads only those installed/local plugins (built-ins always load);
``MEETKIT_TRACE_PLUGINS=1`` prints every hook call to stderr.
"""
from __future__ import annotations

import difflib
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
from .i18n import N_, _, ngettext
from .meetingtypes import (AgendaItem, DocumentSpec, Registry, alias_problem, key_problem,
                           lookup_form)

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

# What each hook may return besides None: (test, words for the warning).
RESULTS = {
    "meetkit_documents": (lambda r: isinstance(r, list) and all(isinstance(d, DocumentSpec) for d in r),
                          N_("a list of DocumentSpec")),
    "meetkit_agenda": (lambda r: isinstance(r, list) and all(isinstance(i, AgendaItem) for i in r),
                       N_("a list of AgendaItem")),
    "meetkit_template_context": (lambda r: isinstance(r, dict), N_("a dict")),
    "meetkit_validate_meeting": (lambda r: isinstance(r, list) and all(isinstance(p, str) for p in r),
                                 N_("a list of strings")),
}


@dataclass
class PluginInfo:
    """One row of ``meetkit plugins``."""

    name: str
    source: str  # built-in | entry point (distribution) | local (file path)
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


class PluginError(Exception):
    """A plugin misused meetkit (e.g. a bad meeting-type key): the plugin is skipped."""


def _warn(message: str) -> None:
    sys.stderr.write(_("meetkit: warning: {message}").format(message=message) + "\n")


def _one_line(exc: BaseException) -> str:
    if isinstance(exc, SyntaxError) and exc.msg:
        return f"{type(exc).__name__}: {exc.msg}"
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__


def _inside(filename: str, roots: tuple) -> bool:
    path = os.path.abspath(filename)
    return any(path == r or path.startswith(r.rstrip(os.sep) + os.sep) for r in roots)


def _where(exc: BaseException, roots: tuple = (), fallback: str = "") -> str:
    """'file:line' of the innermost traceback frame inside a plugin's own files (``roots``:
    its module file, or its package folder), else ``fallback``, else the innermost frame."""
    if isinstance(exc, SyntaxError) and exc.filename:
        return f"{exc.filename}:{exc.lineno}"
    frames = traceback.extract_tb(exc.__traceback__)
    own = [f for f in frames if roots and _inside(f.filename, roots)]
    if own:
        return f"{own[-1].filename}:{own[-1].lineno}"
    if fallback:
        return fallback
    return f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "?"


def _def_line(function) -> str:
    """'file:line' of a function's ``def`` (not its decorator)."""
    function = inspect.unwrap(function)
    try:
        file = inspect.getsourcefile(function) or function.__code__.co_filename
        lines, start = inspect.getsourcelines(function)
    except (OSError, TypeError):
        code = getattr(function, "__code__", None)
        return f"{code.co_filename}:{code.co_firstlineno}" if code else "?"
    for offset, text in enumerate(lines):
        if text.lstrip().startswith(("def ", "async def ")):
            return f"{file}:{start + offset}"
    return f"{file}:{start}"


def _roots_of(file: str | None) -> tuple:
    """The files that are a plugin's own: its module file, or its package folder."""
    if not file:
        return ()
    file = os.path.abspath(file)
    if os.path.basename(file) == "__init__.py":
        return (os.path.dirname(file),)
    return (file,)


def _brief(value) -> str:
    """A short description of a hook argument or result, for tracing."""
    if isinstance(value, Registry):
        return f"registry({len(value.types)} types so far)"
    for attr in ("key", "id", "name"):
        if isinstance(getattr(value, attr, None), str):
            return f"{type(value).__name__}({getattr(value, attr)})"
    if hasattr(value, "root") and hasattr(value, "plugins"):
        return f"Workspace({value.root})"
    if isinstance(value, dict):
        return "{" + ", ".join(map(str, value)) + "}" if len(value) < 8 else f"dict({len(value)} keys)"
    if isinstance(value, list):
        return "[" + ", ".join(_brief(v) for v in value[:6]) + (", ..." if len(value) > 6 else "") + "]"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class _Registry(Registry):
    """The core Registry, telling where each type was added so a clash names both plugins."""

    def __init__(self, describe):
        super().__init__()
        self._describe = describe
        self._where = {}

    def add(self, meeting_type) -> None:
        caller = sys._getframe(1)
        where = f"{caller.f_code.co_filename}:{caller.f_lineno}"
        key = getattr(meeting_type, "key", None)
        problem = key_problem(key)
        if problem:
            raise PluginError(problem)
        aliases = getattr(meeting_type, "aliases", ())
        if isinstance(aliases, str) or not isinstance(aliases, (tuple, list)):
            raise PluginError(_("the aliases of meeting type {key!r} must be a list of names, "
                                "got {value!r}").format(key=key, value=aliases))
        for alias in aliases:
            problem = alias_problem(alias)
            if problem:
                raise PluginError(problem)
        if key in self.types:
            first = self.types[key]
            raise MeetkitError(_(
                "meeting type {key!r} is registered twice: by {first} and by {second}; rename "
                "one key or remove one plugin").format(
                    key=key, first=self._describe(first.plugin, self._where[key]),
                    second=self._describe(self.current_plugin, where)))
        super().add(meeting_type)
        self._where[key] = where


class Plugins:
    """The plugin manager for one workspace (or none), and safe ways to call its hooks."""

    def __init__(self, workspace_plugins_dir: Path | None = None):
        self.pm = pluggy.PluginManager("meetkit")
        self.pm.add_hookspecs(hookspecs)
        self.infos: dict[str, PluginInfo] = {}
        self._roots: dict[str, tuple] = {}  # plugin name -> its own files (for warnings)
        self.trace = os.environ.get("MEETKIT_TRACE_PLUGINS", "") not in ("", "0")
        only = os.environ.get("MEETKIT_LOAD_PLUGINS")
        self.only = {n.strip() for n in only.split(",") if n.strip()} if only is not None else None
        self._types = None
        self._checking = False  # check(): mark failures, never stop

        for modname in DEFAULT_PLUGINS:
            module = importlib.import_module(modname)
            name = modname.rsplit(".", 1)[-1]
            self._register(module, name, PluginInfo(name=name, source="built-in",
                                                    version=_meetkit_version()))
        self._load_entry_points()
        if workspace_plugins_dir is not None and Path(workspace_plugins_dir).is_dir():
            for path in sorted(Path(workspace_plugins_dir).glob("*.py")):
                if not path.name.startswith("_"):
                    self._load_file(path)
        if self.only:
            found = {i.name for i in self.infos.values()}
            missing = sorted(self.only - found)
            if missing:
                _warn(_("MEETKIT_LOAD_PLUGINS names {names}, but no installed or local plugin "
                        "has that name (see `meetkit plugins`)").format(names=", ".join(missing)))

    # -- loading -------------------------------------------------------------------------
    def _wanted(self, name: str) -> bool:
        return self.only is None or name in self.only

    def _load_entry_points(self) -> None:
        from importlib.metadata import entry_points

        for ep in entry_points(group="meetkit"):
            if not self._wanted(ep.name):
                continue
            dist = getattr(ep, "dist", None)
            info = PluginInfo(name=ep.name, source=f"entry point ({dist.name if dist else ep.value})",
                              version=dist.version if dist else None)
            if ep.name in self.infos:
                self._fail(info, _("{where}: a plugin named {name!r} is already loaded "
                                   "({source})").format(where=ep.value, name=ep.name,
                                                        source=self.infos[ep.name].source),
                           key=f"{ep.name} ({ep.value})")
                continue
            try:
                module = ep.load()
            except (Exception, SystemExit) as exc:  # a broken installed plugin must not stop meetkit
                spec = _find_spec(ep.module)
                info.file = spec.origin if spec is not None else None
                self._fail(info, _("{where}: cannot import: {why}").format(
                    where=_where(exc, _roots_of(info.file)), why=_one_line(exc)))
                continue
            self._register(module, ep.name, info)

    def _load_file(self, path: Path) -> None:
        name = path.stem
        if not self._wanted(name):
            return
        info = PluginInfo(name=name, source=f"local ({path})", file=str(path))
        if name in self.infos:
            self._fail(info, _("{path}: a plugin named {name!r} is already loaded ({source}); "
                               "rename the file").format(path=path, name=name,
                                                         source=self.infos[name].source),
                       key=str(path))
            return
        modname = f"meetkit_local_plugins.{name}"
        spec = importlib.util.spec_from_file_location(modname, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[modname] = module
        try:
            spec.loader.exec_module(module)
        except (Exception, SystemExit) as exc:
            sys.modules.pop(modname, None)
            where = _where(exc, (str(path.resolve()), os.path.abspath(path)))
            self._fail(info, _("{where}: cannot import: {why}").format(where=where,
                                                                        why=_one_line(exc)))
            return
        info.version = getattr(module, "__version__", None)
        self._register(module, name, info)

    def _problem(self, module) -> str | None:
        """Why a plugin module can't be registered: an unknown hook, a hook function without
        @hookimpl, an argument the hook doesn't pass, or a hook wrapper. None when fine."""
        known = {name: getattr(self.pm.hook, name) for name in self.pm.hook.__dict__
                 if not name.startswith("_")}
        marker = "meetkit_impl"
        for attr in sorted(dir(module)):
            value = getattr(module, attr, None)
            if not attr.startswith("meetkit_") or not inspect.isfunction(value):
                continue
            marked = getattr(value, marker, None) is not None
            own = getattr(value, "__module__", None) == module.__name__
            if not marked and not own:
                continue  # imported from elsewhere, not meant as a hook
            if attr not in known:
                # Compare without the shared "meetkit_" prefix, which would make all look close.
                close = difflib.get_close_matches(attr[8:], [k[8:] for k in known], n=1)
                hint = (_("did you mean meetkit_{name}?").format(name=close[0]) if close
                        else _("known hooks: {hooks}").format(hooks=", ".join(sorted(known))))
                return _("{where}: unknown hook {hook} ({hint})").format(
                    where=_def_line(value), hook=attr, hint=hint)
            if not marked:
                return _("{where}: {hook} is not marked @hookimpl (add `from meetkit import "
                         "hookimpl` and put @hookimpl above it)").format(where=_def_line(value),
                                                                         hook=attr)
            opts = getattr(value, marker)
            if opts.get("hookwrapper") or opts.get("wrapper"):
                return _("{where}: {hook} is a hook wrapper; meetkit hooks don't support "
                         "wrappers").format(where=_def_line(value), hook=attr)
            spec_args = known[attr].spec.argnames if known[attr].spec else ()
            impl_args = _required_args(value)
            extra = [a for a in impl_args if a not in spec_args]
            if extra:
                return ngettext("{where}: {hook} takes unknown argument {names} (the hook "
                                "passes: {passed})",
                                "{where}: {hook} takes unknown arguments {names} (the hook "
                                "passes: {passed})", len(extra)).format(
                    where=_def_line(value), hook=attr, names=", ".join(extra),
                    passed=", ".join(spec_args))
        return None

    def _register(self, module, name: str, info: PluginInfo) -> None:
        file = getattr(module, "__file__", None)
        self._roots[name] = _roots_of(file)
        if file:
            info.file = info.file or file
        problem = self._problem(module)
        if problem:
            self._fail(info, problem)
            return
        try:
            self.pm.register(module, name=name)
        except (pluggy.PluginValidationError, ValueError) as exc:
            self._fail(info, f"{file}: {' '.join(str(exc).split())}")
            return
        known = [h for h in self.pm.hook.__dict__ if not h.startswith("_")]
        info.hooks = sorted(h for h in known
                            if any(i.plugin_name == name
                                   for i in getattr(self.pm.hook, h).get_hookimpls()))
        self.infos[name] = info

    def _fail(self, info: PluginInfo, reason: str, key: str | None = None) -> None:
        info.error = reason
        self.infos[key or info.name] = info
        _warn(_("plugin {name} skipped: {reason}").format(name=info.name, reason=reason))

    def _describe(self, plugin_name: str, where: str) -> str:
        """'plugin NAME (source, file:line)' for error messages."""
        info = self.infos.get(plugin_name)
        if info is None or info.source == "built-in":
            return _("plugin {name} (built-in)").format(name=plugin_name)
        if info.source.startswith("local"):
            return _("plugin {name} ({where})").format(name=plugin_name, where=where)
        return _("plugin {name} ({source}, {where})").format(name=plugin_name,
                                                              source=info.source, where=where)

    # -- calling -------------------------------------------------------------------------
    def call(self, hook: str, *, _first_registered_first: bool = False, **kwargs) -> list:
        """Call every implementation of ``hook`` (last registered first, as pluggy does) and
        return their non-None results. One that raises or returns the wrong kind of value is
        reported, unregistered and skipped; a ``MeetkitError`` (the user's mistake) passes."""
        caller = getattr(self.pm.hook, hook)
        results = []
        impls = caller.get_hookimpls()
        check = RESULTS.get(hook)
        for impl in (impls if _first_registered_first else reversed(impls)):
            if self.pm.get_plugin(impl.plugin_name) is None:
                continue  # unregistered by an earlier failure in this call
            args = {k: kwargs[k] for k in impl.argnames if k in kwargs}
            if self.trace:
                shown = ", ".join(f"{k}={_brief(v)}" for k, v in args.items())
                sys.stderr.write(f"meetkit: trace: {impl.plugin_name}.{hook}({shown})\n")
            registry = kwargs.get("register")
            before = getattr(registry, "current_plugin", None)
            if registry is not None:
                registry.current_plugin = impl.plugin_name
            try:
                result = impl.function(**args)
            except MeetkitError:
                raise
            except Exception as exc:
                where = _where(exc, self._roots.get(impl.plugin_name, ()), _def_line(impl.function))
                self._hook_failed(impl, hook, f"{where}: " + (
                    str(exc) if isinstance(exc, PluginError) else
                    _("{hook} raised {why}").format(hook=hook, why=_one_line(exc))),
                    kwargs)
                continue
            finally:
                if registry is not None:
                    registry.current_plugin = before
            if self.trace:
                sys.stderr.write(f"meetkit: trace: {impl.plugin_name}.{hook} -> {_brief(result)}\n")
            if result is None:
                continue
            if check is not None and not check[0](result):
                self._hook_failed(impl, hook, _("{where}: {hook} returned {got}, expected "
                                                "{wanted} or None").format(
                    where=_def_line(impl.function), hook=hook, got=type(result).__name__,
                    wanted=_(check[1])), kwargs)
                continue
            results.append(result)
        return results

    def _hook_failed(self, impl, hook: str, reason: str, kwargs: dict) -> None:
        """Mark the plugin failed, unregister it and warn. When it is the plugin of the very
        meeting being prepared, the meeting can't go on without it: a MeetkitError instead."""
        name = impl.plugin_name
        info = self.infos.get(name)
        if info is not None:
            info.error = reason
        self.pm.unregister(name=name)
        self._types = None
        meeting_type = kwargs.get("meeting_type")
        if ("meeting" in kwargs and getattr(meeting_type, "plugin", None) == name
                and not self._checking):
            raise MeetkitError(_("plugin {name} failed: {reason}; a {type} meeting can't go on "
                                 "without it").format(name=name, reason=reason,
                                                      type=meeting_type.key))
        _warn(_("plugin {name} skipped: {reason}").format(name=name, reason=reason))

    # -- meeting types -------------------------------------------------------------------
    @property
    def types(self) -> dict:
        """All meeting types by key (raises MeetkitError on a duplicate key)."""
        if self._types is None:
            registry = _Registry(self._describe)
            # Built-ins first, so a clash names the built-in type as the first owner.
            self.call("meetkit_register_meeting_types", register=registry,
                      _first_registered_first=True)
            # A plugin that failed half-way through registering leaves nothing behind.
            self._types = {k: t for k, t in registry.types.items()
                           if self.pm.get_plugin(t.plugin) is not None}
        return self._types

    def meeting_type(self, key: str):
        """The type named ``key``: its key, one of its aliases (党课, 支委会) or its Chinese or
        English name, compared as ``lookup_form``; else a MeetkitError listing the known keys."""
        types = self.types
        if key in types:
            return types[key]
        wanted = lookup_form(key) if isinstance(key, str) else key
        found = {t.key for t in types.values() if wanted in
                 {lookup_form(n) for n in (t.key, *t.aliases, t.title("zh-CN"), t.title("en"))}}
        if len(found) == 1:
            return types[found.pop()]
        if found:
            raise MeetkitError(_("meeting type {name!r} could be any of {keys}: use the key")
                               .format(name=key, keys=", ".join(sorted(found))))
        raise MeetkitError(_("unknown meeting type {key!r}; known types: {keys}").format(
            key=key, keys=", ".join(types)))

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
                if workspace is None:
                    continue
                try:
                    exercise(self, meeting_type, documents, workspace)
                except MeetkitError:
                    pass  # the user's data (roster, a plugin's settings file), not a plugin bug
        finally:
            self._checking = False
        self.types  # noqa: B018 - re-register if a plugin failed meanwhile
        return list(self.infos.values())


def _required_args(function) -> list[str]:
    """The arguments a hook implementation needs (those without a default)."""
    try:
        params = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return []
    return [p.name for p in params if p.default is p.empty
            and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]


def _find_spec(module_name: str):
    """The import spec of an entry point's top-level package, found without importing it."""
    try:
        return importlib.util.find_spec(module_name.split(".")[0])
    except (ImportError, ValueError):
        return None


def _meetkit_version() -> str:
    from . import __version__

    return __version__
