"""Messages in the user's language (gettext catalogs; zh-CN first, English as msgids).

Interim stub: ``_`` returns the English message unchanged until the catalogs land. Write every
new user-facing message as ``_("Text with {name}").format(name=...)`` so it can be extracted.
"""
from __future__ import annotations

_language = "zh-CN"


def set_language(lang: str) -> None:
    """Use ``lang`` ("zh-CN" or "en") for the messages that follow."""
    global _language
    _language = lang


def get_language() -> str:
    """The language messages are currently given in."""
    return _language


def _(message: str) -> str:
    """The translation of ``message`` (an English msgid) in the current language."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The translation of ``singular``/``plural`` for the count ``n``."""
    return singular if n == 1 else plural
