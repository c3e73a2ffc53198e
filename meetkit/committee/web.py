"""The committee's console (``meetkit committee serve``): a server-rendered page of the grid
(branches x meeting types, held / required, what is missing) and, per branch, its meetings as
the bundles reported them — attendance and who, quorum, votes — down to the minutes when the
bundle carried them (``--with-documents``). Read-only; served on 127.0.0.1 by default."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Flask, abort, request, send_file
from flask import render_template_string as render

from .. import clock
from ..i18n import N_, gettext_for

if TYPE_CHECKING:
    from werkzeug.wrappers import Response

    from ..committee.workspace import CommitteeWorkspace

# The console's words (msgids through the catalog).
WORDS = (
    N_("Attendance"),
    N_("Date"),
    N_("Host"),
    N_("Only this quarter (1-4)."),
    N_("Party branch"),
    N_("Quorum"),
    N_("Recorder"),
    N_("The year."),
    N_("Topic"),
    N_("Type"),
    N_("bundle"),
    N_("cancelled"),
    N_("details"),
    N_("held/required"),
)

BASE = """<!doctype html>
<html lang="{{ lang }}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>
body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:1.5rem;color:#222}
table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #bbb;padding:.3rem .6rem}
th{background:#f3f3f3}td.missing{background:#fde2e1;color:#a40000;font-weight:bold}
td.exempt{background:#eef;color:#335}.num{text-align:right}
details{margin:.3rem 0}nav a{margin-right:1rem}
</style></head><body>
<nav><a href="{{ url_for('grid') }}">{{ w['Party branch'] }}</a></nav>
<h1>{{ title }}</h1>
{% block body %}{% endblock %}
</body></html>"""

GRID = BASE.replace(
    "{% block body %}{% endblock %}",
    """<form method="get">
<label>{{ w['The year.'] }} <input name="year" value="{{ year }}" size="5"></label>
<label>{{ w['Only this quarter (1-4).'] }} <select name="quarter">
<option value="">—</option>{% for q in (1,2,3,4) %}<option{% if q == quarter %} selected{% endif %}>{{ q }}</option>{% endfor %}
</select></label> <button>OK</button></form>
<table id="grid"><thead><tr><th>{{ w['Party branch'] }}</th><th>{{ w['bundle'] }}</th>
{% for k in keys %}<th>{{ names[k] }}<br><small>{{ w['held/required'] }}</small></th>{% endfor %}
<th>{{ w['Attendance'] }}</th></tr></thead><tbody>
{% for r in rolls %}<tr><td><a href="{{ url_for('branch', branch_id=ids[r.name], year=year) }}">{{ r.name }}</a></td>
<td>{{ r.period or "—" }}</td>
{% for k in keys %}{% set c = r.types.get(k) %}
<td class="num{% if k in r.missing %} missing{% elif c and c.exempt %} exempt{% endif %}">{% if c %}{{ c.held }}/{{ c.required }}{% else %}—{% endif %}</td>
{% endfor %}<td class="num">{{ "%.1f"|format(r.attendance_rate * 100) }}%</td></tr>
{% endfor %}</tbody></table>""",
)


BRANCH = BASE.replace(
    "{% block body %}{% endblock %}",
    """<table id="meetings"><thead><tr><th>{{ w['Date'] }}</th><th>{{ w['Type'] }}</th>
<th>{{ w['Topic'] }}</th><th>{{ w['Attendance'] }}</th><th></th></tr></thead><tbody>
{% for m in meetings %}<tr><td>{{ m.date }} {{ m.time }}</td><td>{{ m.type_name }}{% if m.group %}（{{ m.group }}）{% endif %}</td>
<td>{{ m.topic }}{% if m.cancelled %} <b>{{ w['cancelled'] }}</b>{% endif %}</td>
<td class="num">{% if m.known %}{{ m.attended }}/{{ m.expected }}{% else %}—{% endif %}</td>
<td><details><summary>{{ w['details'] }}</summary>
<p>{{ w['Host'] }}: {{ m.host }} · {{ w['Recorder'] }}: {{ m.recorder }} · {{ m.place }}</p>
{% if m.who %}{% for key, people in m.who.items() %}{% if people %}<p>{{ key }}: {% for p in people %}{{ p.name if p is mapping else p }}{% if not loop.last %}、{% endif %}{% endfor %}</p>{% endif %}{% endfor %}{% endif %}
{% if m.quorum %}<p>{{ w['Quorum'] }}: {{ m.quorum.counted }}/{{ m.quorum.required }} {{ "✓" if m.quorum.met else "✗" }}</p>{% endif %}
{% for v in m.votes or [] %}<p>{{ v.text }}: {{ v["for"] }}/{{ v.against }}/{{ v.abstain }}</p>{% endfor %}
{% if m.id in minutes %}<p><a href="{{ url_for('minutes', branch_id=branch_id, meeting_id=m.id) }}">minutes.pdf</a></p>{% endif %}
</details></td></tr>
{% else %}<tr><td colspan="5">—</td></tr>{% endfor %}</tbody></table>""",
)


def create_app(cws: CommitteeWorkspace) -> Flask:
    """The committee's read-only console over ``cws`` (a CommitteeWorkspace)."""
    from .importer import documents_dir, safe_id
    from .rollup import rollup

    app = Flask(__name__)
    lang = cws.config.lang
    said = gettext_for(lang)

    def year_arg() -> int:
        try:
            year = int(request.args.get("year") or clock.today().year)
        except ValueError:
            abort(400)
        if not 1900 < year < 3000:
            abort(400)
        return year

    @app.get("/")
    def grid() -> str:
        year = year_arg()
        quarter = request.args.get("quarter") or None
        if quarter is not None and quarter not in ("1", "2", "3", "4"):
            abort(400)
        q = int(quarter) if quarter else None
        rolls = rollup(cws, year, q)
        types = cws.plugins.types
        keys: list[str] = []
        for r in rolls:
            keys += [k for k in r.types if k not in keys]
        return render(
            GRID,
            w={m: said(m) for m in WORDS},
            lang=lang,
            title=f"{cws.config.name} {year}" + (f"Q{q}" if q else ""),
            year=year,
            quarter=q,
            rolls=rolls,
            keys=keys,
            names={k: types[k].title(lang) if k in types else k for k in keys},
            ids={b["name"]: b["id"] for b in cws.store.branches()},
        )

    @app.get("/branches/<int:branch_id>")
    def branch(branch_id: int) -> str:
        found = next((b for b in cws.store.branches() if b["id"] == branch_id), None)
        if found is None:
            abort(404)
        year = year_arg()
        folder = documents_dir(cws, found["name"])
        minutes = (
            {p.parent.name for p in folder.glob("*/minutes.pdf")} if folder.is_dir() else set()
        )
        return render(
            BRANCH,
            w={m: said(m) for m in WORDS},
            lang=lang,
            title=f"{found['name']} {year}",
            meetings=cws.store.branch_meetings(branch_id, year),
            minutes=minutes,
            branch_id=branch_id,
        )

    @app.get("/branches/<int:branch_id>/<meeting_id>/minutes.pdf")
    def minutes(branch_id: int, meeting_id: str) -> Response:
        found = next((b for b in cws.store.branches() if b["id"] == branch_id), None)
        if found is None or not safe_id(meeting_id):
            abort(404)
        path = documents_dir(cws, found["name"]) / meeting_id / "minutes.pdf"
        if not path.is_file():
            abort(404)
        return send_file(path, mimetype="application/pdf")

    return app
