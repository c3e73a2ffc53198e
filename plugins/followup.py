"""Follow-up: a meeting reports on the decisions of earlier ones.

When earlier meetings left actions open, "上次会议决定事项落实情况" goes to the top of the
agenda, the open actions are printed into the new meeting's ``actions.docx`` (and open
rectification items into the next life meeting's ``rectification.docx``), and the minutes list
what was closed since the last meeting and what is still open. Which earlier meetings count is
``[followup] carry`` in meetkit.toml (see docs/followup.md).
"""

from meetkit import AgendaItem, hookimpl
from meetkit.i18n import N_, gettext_for, pgettext_for

# Agenda items' titles, in the meeting's language through the catalog.
REPORT = N_("Report on earlier decisions")
RECTIFY = N_("Report on rectifying the problems found last time")
SHOWN = 5  # open actions named in the agenda item's detail; the rest are counted


def _detail(actions, closed, lang):
    from meetkit.documents.context import long_date

    _ = gettext_for(lang)  # the meeting's language
    pgettext = pgettext_for(lang)

    def one(a):
        if a.due:
            return _("{text} ({owner}, due {due})").format(
                text=a.text, owner=a.owner, due=long_date(a.due, lang)
            )
        return _("{text} ({owner})").format(text=a.text, owner=a.owner)

    named = [one(a) for a in actions[:SHOWN]]
    more = len(actions) - len(named)
    text = _("{n} still open: ").format(n=len(actions)) + pgettext("ledger", "; ").join(named)
    if more:
        text += _("; and {more} more").format(more=more)
    if closed:
        text = _("{n} done since the last meeting; ").format(n=len(closed)) + text
    return text


def _stored(workspace, meeting) -> bool:
    """Follow-up needs a workspace with a store (a sample meeting without one gets nothing)."""
    return workspace is not None and hasattr(workspace, "store") and bool(meeting.id)


def _find(items, words):
    return next((i for i, item in enumerate(items) if any(w in item.title for w in words)), None)


@hookimpl
def meetkit_agenda(meeting, meeting_type, items, workspace):
    if not _stored(workspace, meeting):
        return None
    from meetkit.followup.actions import carried, closed_since_last

    lang = meeting.lang
    _ = gettext_for(lang)
    tasks = carried(workspace, meeting, "task")
    at = _find(items, (_(REPORT),))
    if at is not None:  # an agenda that has the report anyway: the minutes put the lists there
        items[at].followup = True
    if tasks:
        closed = closed_since_last(workspace, meeting, "task")
        at = _find(items, (_(REPORT),))
        item = items.pop(at) if at is not None else AgendaItem(_(REPORT))
        item.detail = item.detail or _detail(tasks, closed, lang)
        item.followup = True
        items.insert(0, item)
    problems = carried(workspace, meeting, "rectification")
    if problems:
        closed = closed_since_last(workspace, meeting, "rectification")
        at = _find(items, ("整改", "rectif", "Rectif"))
        if at is None:
            items.insert(1 if tasks else 0, AgendaItem(_(RECTIFY), _detail(problems, closed, lang)))
        elif not items[at].detail:
            items[at].detail = _detail(problems, closed, lang)
    return None


def resolutions(decisions: list, own: list, lang: str) -> str:
    """The minutes' 决议事项, one line each: every tallied item's 决议 sentence, then each task
    this meeting decided with its owner and deadline ("" when there is none yet). Lines after
    the first start with the indent the first line has from its paragraph."""
    _ = gettext_for(lang)  # the meeting's language
    lines = [d["sentence"] for d in decisions if d.get("sentence")]
    for a in own:
        if a["due"]:
            lines.append(
                _("{text} (owner: {owner}; deadline: {due})").format(
                    text=a["text"], owner=a["owner"], due=a["due"]
                )
            )
        else:
            lines.append(_("{text} (owner: {owner})").format(text=a["text"], owner=a["owner"]))
    indent = "\u3000\u3000" if lang == "zh-CN" else "    "
    return ("\n" + indent).join(lines)


@hookimpl
def meetkit_template_context(meeting, meeting_type, document, context, workspace):
    if not _stored(workspace, meeting):
        return None
    from meetkit.followup.actions import carried, closed_since_last, own, rows

    lang = context.get("lang", meeting.lang)
    # The two lists read back by `meetkit actions import` hold one kind each; every other
    # document (the minutes above all) reports on both.
    kinds = {"actions": ("task",), "rectification": ("rectification",)}.get(
        document.name, ("task", "rectification")
    )
    earlier, closed, decided = [], [], []
    for kind in kinds:  # read once per meeting while its pack renders (actions.reading)
        earlier += carried(workspace, meeting, kind)
        closed += closed_since_last(workspace, meeting, kind)
        decided += own(workspace, meeting, kind)
    listed = earlier + decided if document.name in ("actions", "rectification") else decided
    return {
        "resolutions": resolutions(
            context.get("decisions") or [], rows(workspace, decided, lang), lang
        ),
        "actions": rows(workspace, listed, lang),
        "earlier_actions": rows(workspace, earlier, lang),
        "closed_actions": rows(workspace, closed, lang),
    }
