"""The secretary's console (issue 22): every task of ``meetkit`` as pages under ``/admin/``.

A Flask blueprint on the sign-in app (``meetkit.web.create_app``): ``meetkit serve`` serves it
to the admin beside the phone pages, ``meetkit console`` on 127.0.0.1 only, opening the browser
already signed in. Each page calls the function its command calls and names that command.

One module per area: home, meetings (the list and the new-meeting form), meeting (one
meeting: details, documents, votes, appraisal, life meeting, minutes), members, actions,
ledger, plan, settings. The admin token, its cookie and the CSRF check are the dashboard's
(``meetkit.web.admin.guard``), run before every console request: one place for both.
"""
# Nothing is imported here: the plugin manager imports meetkit.console.hooks at every start
# (`meetkit --help` included), and Flask loads only when the app is built (blueprint.py).
