"""The console as a built-in plugin (DEFAULT_PLUGINS): its pages join the sign-in app through
``meetkit_register_routes``, as any plugin's pages do, so the web app (a lower layer) never
imports the console."""

from __future__ import annotations

from typing import TYPE_CHECKING

from meetkit import hookimpl

if TYPE_CHECKING:
    from ..workspace import Workspace

if TYPE_CHECKING:  # Flask loads with the app, not with every command
    from flask import Flask
    from flask.typing import ResponseReturnValue


@hookimpl
def meetkit_register_routes(app: Flask, workspace: Workspace) -> None:
    register(app)


def register(app: Flask) -> None:
    """Add the console to ``app``; anything else under /admin/ (an address no page answers)
    is guarded too, so without the admin's cookie no /admin/ URL says more than 401/403."""
    from flask import request

    from . import (  # noqa: F401 - each module adds its pages to bp (not blueprint.py's)
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
    from .blueprint import bp

    app.register_blueprint(bp)

    @app.before_request
    def _guard_unrouted() -> ResponseReturnValue | None:
        if request.path.startswith("/admin") and request.blueprint not in ("admin", "console"):
            from ..web.admin import guard as admin_guard

            return admin_guard()
        return None
