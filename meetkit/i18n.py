"""Messages in the user's language: gettext catalogs built with Babel, English as the msgids.

One catalog per language, shared by the command line, the web pages and the documents:
``meetkit/locale/zh_CN/LC_MESSAGES/meetkit.po`` (compiled to ``meetkit.mo``, which ships). English
needs no catalog: a message without a translation is its own English text.

Two ways to ask, because a document is written in its meeting's language, which may differ from
the terminal's:

- ``_("Wrote {file}").format(file=...)``: the current language (the workspace's, set by the CLI
  before anything is printed; ``set_language``);
- ``gettext_for(lang)``: an explicit one. Babel finds messages by the name called, so bind it
  to ``_`` where it is used: ``_ = gettext_for(meeting.lang)`` then ``_("Wrote {file}")``
  (likewise ``pgettext = pgettext_for(lang)``).

``N_("...")`` marks a message for extraction where it is only looked up later (tables, help texts).
``tools/messages.py`` extracts, updates and compiles the catalogs.

click's own words (usage errors, "Aborted!", its option and type messages) are in a second domain,
``click`` (``meetkit/locale/zh_CN/LC_MESSAGES/click.mo``, its msgids extracted from the installed
click): click asks ``gettext.gettext``, the process's text domain, and ``speak_for_click`` makes
that domain click's catalog, answered in the current language (see there).

Deliberately light (stdlib ``gettext`` only): the CLI imports it before ``--help`` is formatted.
"""

from __future__ import annotations

import gettext as _gettext
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

DOMAIN = "meetkit"
CLICK_DOMAIN = "click"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGS = ("zh-CN", "en")
# What the msgids are written in: no catalog is needed for it.
SOURCE_LANG = "en"
# Languages whose lines break at spaces: a word processor wraps their titles well. Chinese
# breaks anywhere, so the documents break its titles between words themselves.
BREAKS_AT_SPACES = frozenset({"en"})

# `lang = "en"` inside the [branch] table (before any other table header).
_BRANCH_LANG = re.compile(
    r"^\[branch\][ \t]*(?:#[^\n]*)?\n(?:(?!\[)[^\n]*\n)*?[ \t]*lang[ \t]*=[ \t]*"
    r'"([^"\n]*)"',
    re.M,
)
_language: str | None = None  # None: the environment's, decided on first use
_catalogs: dict[tuple[str, str], _gettext.NullTranslations] = {}


def normalize(lang: str | None) -> str:
    """``zh-CN`` for any Chinese locale name (zh, zh_CN.UTF-8, zh-Hans …), else ``en``."""
    if not lang:
        return SOURCE_LANG
    return "zh-CN" if lang.strip().lower().replace("_", "-").startswith("zh") else "en"


def catalog(lang: str, domain: str = DOMAIN) -> _gettext.NullTranslations:
    """The compiled catalog for ``lang`` (loaded once; English is the msgids themselves)."""
    lang = normalize(lang)
    found = _catalogs.get((domain, lang))
    if found is None:
        if lang == SOURCE_LANG:
            found = _gettext.NullTranslations()
        else:
            found = _gettext.translation(
                domain, LOCALE_DIR, languages=[lang.replace("-", "_")], fallback=True
            )
        _catalogs[(domain, lang)] = found
    return found


def gettext_for(lang: str) -> Callable[[str], str]:
    """A function translating an English message into ``lang``: ``gettext_for("en")(msg)``."""
    cat = catalog(lang)

    def translate(message: str) -> str:
        # gettext("") answers the catalog's header: an empty message stays empty.
        return cat.gettext(message) if message else message

    return translate


def ngettext_for(lang: str) -> Callable[[str, str, int], str]:
    """``ngettext`` in ``lang``: ``ngettext_for(lang)(singular, plural, n)``."""
    return catalog(lang).ngettext


def pgettext_for(lang: str) -> Callable[[str, str], str]:
    """``pgettext`` in ``lang``, for the same English word meaning two things."""
    return catalog(lang).pgettext


def set_language(lang: str) -> None:
    """Use ``lang`` ("zh-CN" or "en"; any locale name is accepted) for the messages that follow."""
    global _language
    _language = normalize(lang)


def get_language() -> str:
    """The language messages are currently given in (by default the environment's)."""
    global _language
    if _language is None:
        _language = language_from_environment()
    return _language


def _(message: str) -> str:
    """The translation of ``message`` (an English msgid) in the current language."""
    return gettext_for(get_language())(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The translation of ``singular``/``plural`` for the count ``n``, in the current language."""
    return catalog(get_language()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """The translation of ``message`` in ``context``, in the current language."""
    return catalog(get_language()).pgettext(context, message)


def click_gettext(message: str) -> str:
    """``message``, one of click's own msgids, in the current language (click's catalog)."""
    if get_language() == SOURCE_LANG or not message:
        return message
    return catalog(get_language(), CLICK_DOMAIN).gettext(message)


def click_ngettext(singular: str, plural: str, n: int) -> str:
    """click's ``ngettext`` messages in the current language."""
    return catalog(get_language(), CLICK_DOMAIN).ngettext(singular, plural, n)


_std_dgettext = _gettext.dgettext
_std_dngettext = _gettext.dngettext


def _dgettext(domain: str, message: str) -> str:
    if domain == CLICK_DOMAIN:
        return click_gettext(message)
    return _std_dgettext(domain, message)


def _dngettext(domain: str, singular: str, plural: str, n: int) -> str:
    if domain == CLICK_DOMAIN:
        return click_ngettext(singular, plural, n)
    return _std_dngettext(domain, singular, plural, n)


def speak_for_click() -> None:
    """Have click's own messages in the current language, through its gettext domain.

    click translates with ``from gettext import gettext as _`` (and ``ngettext``): the module
    functions, which look in the process's text domain at each call. This binds the ``click``
    domain to meetkit's catalogs and makes it the text domain. One thing the standard library
    can't do is meetkit's choice of language: ``gettext.dgettext`` takes it from the
    environment alone (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), where meetkit's comes from the
    workspace first (``[branch] lang``, ``terminal_language``). So the ``click`` domain, and only
    it, is answered in ``get_language()``; every other domain still goes to the standard
    functions. English costs nothing; click.mo loads on the first message asked for in Chinese.
    Idempotent."""
    _gettext.bindtextdomain(CLICK_DOMAIN, str(LOCALE_DIR))
    _gettext.textdomain(CLICK_DOMAIN)
    _gettext.dgettext = _dgettext
    _gettext.dngettext = _dngettext  # type: ignore[assignment]


def N_(message: str) -> str:
    """Mark ``message`` for extraction only; it is translated where it is shown."""
    return message


class Text(str):
    """A message in a table of words (``T_``/``TP_``): kept in English, with its pgettext
    context, until ``in_language`` translates the table; the table's other strings (jinja tags,
    numbers) stay as they are."""

    __slots__ = ("context",)
    context: str | None

    def __new__(cls, message: str, context: str | None = None) -> Text:
        text = super().__new__(cls, message)
        text.context = context
        return text


def T_(message: str) -> Text:
    """Mark ``message`` in a table of words (the template builders' labels)."""
    return Text(message)


def TP_(context: str, message: str) -> Text:
    """``T_`` with a context: the same English words meaning two things in two places."""
    return Text(message, context)


def in_language(value: Any, lang: str) -> Any:
    """``value`` (a table of words: dicts, lists, tuples of ``Text`` and other values) with
    every ``Text`` translated into ``lang``, as plain str."""
    if isinstance(value, Text):
        if value.context is not None:
            return str(pgettext_for(lang)(value.context, value))
        return str(gettext_for(lang)(value))
    if isinstance(value, dict):
        return {key: in_language(item, lang) for key, item in value.items()}
    if isinstance(value, list):
        return [in_language(item, lang) for item in value]
    if isinstance(value, tuple):
        return tuple(in_language(item, lang) for item in value)
    return value


def language_from_environment(environ: Mapping[str, str] | None = None) -> str:
    """The terminal's language from LANGUAGE, LC_ALL, LC_MESSAGES, LANG (gettext's order):
    zh-CN for a Chinese locale, else English. ``MEETKIT_LANG`` overrides them all."""
    environ = os.environ if environ is None else environ
    for var in ("MEETKIT_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(var)
        if value:
            # LANGUAGE may list several ("zh_CN:en"): the first is preferred.
            return normalize(value.split(":")[0])
    return SOURCE_LANG


def workspace_language(
    root: Path, config: str = "meetkit.toml", section: str = "branch"
) -> str | None:
    """``[branch] lang`` of ``root/meetkit.toml`` (``[committee] lang`` of a committee's
    committee.toml); None when the file is missing or can't be read (the command then reports
    that itself, in the terminal's language)."""
    try:
        text = (Path(root) / config).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if section != "branch":
        from ._toml import tomllib

        try:
            lang = tomllib.loads(text).get(section, {}).get("lang", "zh-CN")
        except (tomllib.TOMLDecodeError, AttributeError):
            return None
        return normalize(lang) if isinstance(lang, str) else None
    # Every command reads this before click starts, so the usual `lang = "..."` line under
    # [branch] is found with one regex; tomllib (a few ms more) reads anything less plain.
    found = _BRANCH_LANG.search(text)
    if found:
        return normalize(found.group(1))
    from ._toml import tomllib

    try:
        lang = tomllib.loads(text).get("branch", {}).get("lang", "zh-CN")
    except (tomllib.TOMLDecodeError, AttributeError):
        return None
    return normalize(lang) if isinstance(lang, str) else None


def terminal_language(
    workspace_dir: str | os.PathLike[str] | None = None,
    cwd: str | os.PathLike[str] | None = None,
    environ: Mapping[str, str] | None = None,
) -> str:
    """The language meetkit talks in: ``MEETKIT_LANG`` if set, else the workspace's (``--workspace``,
    ``MEETKIT_WORKSPACE`` or the nearest meetkit.toml upward), else the locale's."""
    environ = os.environ if environ is None else environ
    if environ.get("MEETKIT_LANG"):
        return normalize(environ["MEETKIT_LANG"])
    explicit = workspace_dir or environ.get("MEETKIT_WORKSPACE")
    if explicit:
        folders = [Path(explicit).expanduser()]
    else:
        here = Path(cwd or os.getcwd()).resolve()
        folders = [here, *here.parents]
    for folder in folders:
        if (folder / "meetkit.toml").is_file():
            lang = workspace_language(folder)
            if lang:
                return lang
            break
        if (folder / "committee.toml").is_file():  # a committee's workspace (issue 23)
            lang = workspace_language(folder, "committee.toml", "committee")
            if lang:
                return lang
            break
    return language_from_environment(environ)
