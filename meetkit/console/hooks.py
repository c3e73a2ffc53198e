"""The console as a built-in plugin (DEFAULT_PLUGINS): its pages join the sign-in app through
``meetkit_register_routes``, as any plugin's pages do, so the web app (a lower layer) never
imports the console."""

from meetkit import hookimpl


@hookimpl
def meetkit_register_routes(app, workspace):
    from .blueprint import register

    register(app)
