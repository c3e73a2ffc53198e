"""The console's blueprint: its guard (the dashboard's), its words in the templates, its menu,
and ``register`` (the plugin hook's work, meetkit.console.hooks)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, g, request
from flask.typing import ResponseReturnValue

bp = Blueprint(
    "console",
    __name__,
    url_prefix="/admin",
    template_folder="templates",
    static_folder="static",
    static_url_path="/console-static",
)

# endpoint -> the largest body it takes (bytes); every other POST keeps the app's 16 KB.
UPLOADS = {
    "console.members_upload": 2 * 1024 * 1024,  # members.xlsx / .csv
    "console.actions_import": 5 * 1024 * 1024,  # a filled-in action list (.docx)
    "console.photos": 25 * 1024 * 1024,  # photos and attachments, as waitress takes them
}


@bp.before_request
def guard() -> ResponseReturnValue | None:
    """The admin's cookie (or token URL) and CSRF, as on the dashboard; a bigger body only
    for the upload endpoints, set before the form is read."""
    from ..web.admin import guard as admin_guard

    limit = UPLOADS.get(request.endpoint or "")
    if limit:
        request.max_content_length = limit
        request.max_form_memory_size = 1024 * 1024
    return admin_guard()


@bp.context_processor
def _words() -> dict[str, Any]:
    from .words import console_words

    lang = getattr(g, "lang", None) or "zh-CN"
    return {"c": console_words(lang), "nav": NAV}


# (endpoint, word key) of the menu on every console page
NAV = (
    ("console.home", "nav_home"),
    ("console.meetings", "nav_meetings"),
    ("console.members", "nav_members"),
    ("console.actions", "nav_actions"),
    ("console.ledger", "nav_ledger"),
    ("console.plan", "nav_plan"),
    ("console.settings", "nav_settings"),
)


def register(app: Flask) -> None:
    """Add the console to ``app``; anything else under /admin/ (an address no page answers)
    is guarded too, so without the admin's cookie no /admin/ URL says more than 401/403."""
    from . import (  # noqa: F401 - each module adds its pages to bp
        actions,
        home,
        ledger,
        meeting,
        meeting_life,
        meetings,
        members,
        plan,
        settings,
    )

    app.register_blueprint(bp)

    @app.before_request
    def _guard_unrouted() -> ResponseReturnValue | None:
        if request.path.startswith("/admin") and request.blueprint not in ("admin", "console"):
            from ..web.admin import guard as admin_guard

            return admin_guard()
        return None
