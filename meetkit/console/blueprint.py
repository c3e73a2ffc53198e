"""The console's blueprint: its guard (the dashboard's), its words in the templates, its menu,
and ``register`` (the plugin hook's work, meetkit.console.hooks)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, request
from flask.typing import ResponseReturnValue
from werkzeug.wrappers import Response

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


def back(meeting_id: str, anchor: str = "") -> Response:
    """After a form on a meeting's page: back to that page (303), at ``anchor``."""
    from flask import redirect, url_for

    return redirect(url_for("console.meeting", meeting_id=meeting_id) + anchor, 303)
