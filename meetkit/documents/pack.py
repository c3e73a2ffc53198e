"""Preparing a meeting: settle its details (with defaults), store it, and render its pack of
documents into ``meetings/<id>/``. A document the user edited since meetkit wrote it is kept;
the new version goes beside it with a numbered name.

Over 400 lines because settling, storing and rendering are one transaction for the user:
prepare and update share every step, and a step split off would be called from here only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import clock
from ..errors import MeetkitError
from ..files import atomic_write_bytes, numbered_sibling, sha256_file
from ..i18n import N_, _, gettext_for
from ..model.agenda import agenda_items, load_agenda
from ..model.meeting import Meeting, on_day, parse_time  # noqa: F401  (pack.parse_time)
from ..model.member import shown
from ..model.types import localize
from . import defaults
from .context import Image, build_context
from .defaults import RosterSource

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..model.types import DocumentSpec, MeetingType
    from ..workspace import Workspace
    from .roundtrip import Merged

QR_FILE = "qr.png"
QR_WIDTH_MM = 40


@dataclass
class Options:
    """What the user asked for; None means "use the default"."""

    date: str | None = None
    time: str | None = None
    place: str | None = None
    topic: str | None = None
    host: str | None = None
    recorder: str | None = None
    lecturer: str | None = None
    group: str | None = None
    lang: str | None = None
    items: tuple = ()  # --item: discussion items for this meeting only
    votes: tuple = ()  # --vote: items decided by vote, for this meeting only


@dataclass
class Written:
    name: str  # document name
    path: Path  # where it went
    kept: Path | None = None  # the user's edited file that was left alone, if any
    merged: bool = False  # the user's edited file, its meetkit fields filled again in place
    changed: tuple = ()  # those fields' tags whose content changed (meetkit.documents.roundtrip)
    missing: tuple = ()  # fields the user removed (then the new version went beside)


@dataclass
class PackResult:
    meeting: Meeting
    written: list = field(default_factory=list)
    assumed: list = field(default_factory=list)  # (what, value) defaults used


def parse_date(value: str, option: str = "--date") -> dt.date:
    """A meeting's date, as every option takes one (meetkit.model.dates.parse_day)."""
    from ..model.dates import parse_day

    return parse_day(value, option)


def expected_members(members: list, meeting_type: MeetingType, group: str) -> list:
    """Who is expected, by the type's ``attendees``."""
    if meeting_type.attendees == "committee":
        return [m for m in members if m.committee]
    if meeting_type.attendees == "group":
        return [m for m in members if m.group == group]
    return list(members)


def settle(
    ws: RosterSource,
    meeting_type: MeetingType,
    opts: Options,
    base: Meeting | None = None,
    now: dt.datetime | None = None,
) -> tuple[Meeting, list, list]:
    """Apply ``opts`` over ``base`` (or over the defaults) and check every name.

    Returns (meeting, expected members, assumed defaults as (what, value))."""
    cfg, members = ws.config, ws.members
    if not members:
        raise MeetkitError(
            _(
                "{path}: no members yet; add one row per member "
                "(name,status,group,role or 姓名,类别,党小组,职务) and run this "
                "again"
            ).format(path=ws.roster_path)
        )
    now = now or clock.now()
    assumed = []

    def pick(name: str, given: Any, default: Any, check: Callable[[Any], Any] | None = None) -> Any:
        if given is not None and given != "":
            value = check(given) if check else given
        elif base is not None:
            value = getattr(base, name)
        else:
            value = default() if callable(default) else default
            assumed.append((name, value))
        return value

    lang = pick("lang", opts.lang, cfg.lang)
    if lang not in ("zh-CN", "en"):
        raise MeetkitError(_("--lang: {lang!r} is not zh-CN or en").format(lang=lang))
    start = parse_time(cfg.start_time, "meetkit.toml [meeting] start_time")

    date = pick("date", opts.date, lambda: defaults.meeting_day(now, start), parse_date)
    time = pick("time", opts.time, start, parse_time)

    groups = list(dict.fromkeys(m.group for m in members if m.group))
    group = ""
    if meeting_type.needs_group or meeting_type.attendees == "group":
        group = pick("group", opts.group, groups[0] if groups else "")
        if group not in groups:
            known = ", ".join(groups) or _("none")
            raise MeetkitError(
                _("--group: unknown party group {group!r} (groups in {path}: {known})").format(
                    group=group, path=ws.roster_path, known=known
                )
            )
    elif opts.group:
        raise MeetkitError(
            _("--group: a {type} meeting is not held by a party group").format(
                type=meeting_type.key
            )
        )
    expected = expected_members(members, meeting_type, group)

    secretary = defaults.secretary(ws)
    default_host = defaults.host(meeting_type, expected, secretary)
    given = {
        option: shown(ws.member(value, f"--{option}")) if value else value
        for option, value in (
            ("host", opts.host),
            ("recorder", opts.recorder),
            ("lecturer", opts.lecturer),
        )
    }
    host = pick("host", given["host"], default_host)
    organizer = defaults.recorder(ws, meeting_type, expected, host)
    recorder = pick("recorder", given["recorder"], organizer)
    lecturer = ""
    if meeting_type.needs_lecturer:
        lecturer = pick("lecturer", given["lecturer"], secretary)
    elif opts.lecturer:
        raise MeetkitError(
            _("--lecturer: a {type} meeting has no lecturer").format(type=meeting_type.key)
        )

    agenda = load_agenda(meeting_type, ws.root)
    default_topic = localize(agenda.topic, lang) or meeting_type.title(lang)
    topic = pick("topic", opts.topic, default_topic)
    default_place = cfg.place or gettext_for(lang)(N_("to be announced"))  # the meeting's language
    place = pick("place", opts.place, default_place)

    meeting = Meeting(
        id=base.id if base else "",
        type=meeting_type.key,
        date=date,
        time=time,
        place=place,
        topic=topic,
        host=host,
        recorder=recorder,
        lecturer=lecturer,
        group=group,
        lang=lang,
        number=base.number if base else 1,
        folder=base.folder if base else "",
        seq=base.seq if base else 0,
        created_at=base.created_at if base else None,
        signin_closed_at=base.signin_closed_at if base else None,
        end_time=base.end_time if base else None,
        cancelled_at=base.cancelled_at if base else None,
        cancel_reason=base.cancel_reason if base else "",
        extra=dict(base.extra) if base else {},
    )
    if opts.items or opts.votes:
        from ..model.items import add_items

        meeting.extra = add_items(meeting.extra, tuple(opts.items), tuple(opts.votes))
    return meeting, expected, assumed


def validate(ws: Workspace, meeting: Meeting, meeting_type: MeetingType, expected: list) -> None:
    """Ask every plugin; any problem stops before anything is written."""
    problems = [
        p
        for result in ws.plugins.call(
            "meetkit_validate_meeting",
            meeting=meeting,
            meeting_type=meeting_type,
            members=expected,
            workspace=ws,
        )
        for p in result
    ]
    if problems:
        raise MeetkitError(
            _("{type} meeting not valid: {problems}").format(
                type=meeting_type.key, problems="; ".join(problems)
            )
        )


def cancel_stamp(meeting: Meeting) -> str | None:
    """The words stamped on a cancelled meeting's documents, or None."""
    if not meeting.cancelled:
        return None
    _ = gettext_for(meeting.lang)  # the meeting's language, not the terminal's
    if meeting.cancel_reason:
        return _("CANCELLED: {reason}").format(reason=meeting.cancel_reason)
    return _("CANCELLED")


def meeting_context(
    ws: Workspace,
    meeting: Meeting,
    meeting_type: MeetingType,
    agenda: list,
    members: list,
    base: dict,
) -> dict:
    """What the plugins' ``meetkit_meeting_context`` add to every document of the meeting."""
    added: dict = {}
    for extra in ws.plugins.call(
        "meetkit_meeting_context",
        meeting=meeting,
        meeting_type=meeting_type,
        agenda=agenda,
        members=members,
        context={**base, **added},
        workspace=ws,
    ):
        added.update(extra)
    return added


def render_pack(
    ws: Workspace,
    meeting: Meeting,
    *,
    only: tuple | None = None,
    attendance: dict | None = None,
    statuses: dict | None = None,
    merge: bool = False,
) -> list[Written]:
    """Render a stored meeting's documents (all, or those named in ``only``) into its folder.

    Everything is rendered in memory first, so a broken template writes nothing. Besides the
    plugins' documents (``meetkit_documents`` sees the meeting: the decisions feature adds
    ``vote-ballots``, ``appraisal-tally`` and ``appraisal-result``)."""
    from .. import cache

    with cache.scope():  # what plugins read (the follow-up lists) is read once, not per document
        return _render_pack(
            ws, meeting, only=only, attendance=attendance, statuses=statuses, merge=merge
        )


def _render_pack(
    ws: Workspace,
    meeting: Meeting,
    *,
    only: tuple | None,
    attendance: dict | None,
    statuses: dict | None,
    merge: bool,
) -> list[Written]:
    from ..attendance.tokens import code_page_url, compact_code, public_url, short_code, short_url
    from .qr import qr_png_bytes
    from .templates import find_template

    meeting_type = ws.plugins.meeting_type(meeting.type)
    expected = ws.store.expected_members(meeting.id)
    folder = ws.meeting_folder(meeting)
    generation = ws.store.printed_generation(meeting.id)
    base_url = public_url(ws.config)
    url = short_url(base_url, compact_code(ws.secret, meeting.id, generation))
    qr_bytes = qr_png_bytes(url)
    items = agenda_items(ws, meeting, meeting_type)
    base = build_context(
        config=ws.config,
        meeting=meeting,
        meeting_type=meeting_type,
        members=expected,
        agenda=items,
        lang=meeting.lang,
        qr=Image(qr_bytes, QR_WIDTH_MM),
        signin_url=url,
        short_code=short_code(ws.secret, meeting.id, generation),
        code_url=code_page_url(base_url),
        attendance=attendance,
        statuses=statuses,
    )
    from .render import render_bytes

    stamp = cancel_stamp(meeting)
    base.update(meeting_context(ws, meeting, meeting_type, items, expected, base))
    docs = list(ws.plugins.documents(meeting_type, meeting, ws))
    rendered = []
    for doc in docs:
        if only is not None and doc.name not in only:
            continue
        template, _origin = find_template(doc, meeting.lang, ws.root, meeting_type)
        context = dict(base)
        for extra in ws.plugins.call(
            "meetkit_template_context",
            meeting=meeting,
            meeting_type=meeting_type,
            document=doc,
            context=context,
            workspace=ws,
        ):
            context.update(extra)
        if doc.per_member:
            rendered += _per_member(doc, template, context, expected, stamp)
            continue
        rendered.append((doc.name, f"{doc.name}.docx", render_bytes(template, context, stamp)))
    if only is None or "qr" in only:
        rendered.append(("qr", QR_FILE, qr_bytes))
    recorded = ws.store.written_documents(meeting.id)  # once, not once per file
    from ..files import check_writable

    check_writable(folder, [file for _name, file, _data in rendered])  # all, or none written
    return [
        _write_kept(ws, meeting, folder, name, file, data, recorded.get(file), merge)
        for name, file, data in rendered
    ]


def _per_member(
    doc: DocumentSpec, template: Path, context: dict, expected: list, stamp: str | None = None
) -> list:
    """One rendering of ``doc`` per expected member, as ``<name>/<member label>.docx``."""
    from .render import render_bytes

    out = []
    for row, member in zip(context["members"], expected):
        label = shown(member)
        # A name is the file name: nothing that could leave the folder or trouble Windows.
        safe = "".join("_" if c in '<>:"/\\|?*' or ord(c) < 32 else c for c in label).strip(". ")
        out.append(
            (
                doc.name,
                f"{doc.name}/{safe or row['no']}.docx",
                render_bytes(template, dict(context, member=dict(row, label=label)), stamp),
            )
        )
    return out


def _write_kept(
    ws: Workspace,
    meeting: Meeting,
    folder: Path,
    name: str,
    file: str,
    data: bytes,
    recorded: str | None,
    merge: bool = False,
) -> Written:
    """Write one file, unless the user edited what meetkit wrote there (``recorded`` is the
    SHA-256 meetkit last wrote to it): then write beside it -- or, with ``merge`` (``meetkit
    minutes``), fill meetkit's own fields of the edited minutes in place (meetkit.documents.roundtrip)."""
    import hashlib

    target = folder / file
    kept = None
    missing: tuple = ()
    if target.exists() and (recorded is None or sha256_file(target) != recorded):
        if target.read_bytes() != data:
            if merge and name in MERGED_DOCUMENTS:
                merged = _merge_edited(target, data)
                if merged is not None and merged.data is not None:
                    # The file stays the user's (its recorded hash is not replaced): the next
                    # `meetkit minutes` merges again rather than overwrite their words.
                    atomic_write_bytes(target, merged.data)
                    return Written(name, target, merged=True, changed=tuple(merged.changed))
                missing = tuple(merged.missing) if merged is not None else ()
            kept = target
            target = numbered_sibling(target)
    atomic_write_bytes(target, data)
    if kept is None:
        ws.store.record_document(meeting.id, name, file, hashlib.sha256(data).hexdigest())
    return Written(name, target, kept, missing=missing)


# Documents whose fields meetkit fills again in a file the user edited (meetkit.documents.roundtrip).
MERGED_DOCUMENTS = ("minutes",)


def _merge_edited(target: Path, data: bytes) -> Merged | None:
    """meetkit.documents.roundtrip.merge, or None when the edited file cannot be read as .docx."""
    import zipfile

    from .roundtrip import merge

    try:
        return merge(target, data)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        return None


def prepare(
    ws: Workspace, type_key: str, opts: Options, now: dt.datetime | None = None
) -> PackResult:
    """Store a new meeting of ``type_key`` and write its pack. Nothing stays behind on failure."""
    meeting_type = ws.plugins.meeting_type(type_key)
    meeting, expected, assumed = settle(ws, meeting_type, opts, now=now)
    validate(ws, meeting, meeting_type, expected)
    meeting = ws.store.add_meeting(meeting, expected)
    folder = ws.meeting_folder(meeting)
    try:
        written = render_pack(ws, meeting)
    except BaseException:
        ws.store.delete_meeting(meeting.id)
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
        raise
    return PackResult(meeting, written, assumed)


def update(ws: Workspace, meeting_id: str, opts: Options) -> PackResult:
    """Change a stored meeting's details and re-render its pack."""
    old = ws.meeting(meeting_id)
    meeting_type = ws.plugins.meeting_type(old.type)
    meeting, expected, _notes = settle(ws, meeting_type, opts, base=old)
    validate(ws, meeting, meeting_type, expected)
    regroup = meeting.group != old.group  # who is expected changes only with the group
    old_expected = ws.store.expected_members(old.id)
    ws.store.update_meeting(meeting, expected if regroup else None)
    try:
        written = render_pack(ws, meeting)
    except BaseException:
        ws.store.update_meeting(old, old_expected if regroup else None)
        raise
    ws.store.bump_revision(meeting.id)  # calendars replace the invitation (meetkit share --ics)
    if meeting.start != old.start:  # a new start time grades the sign-ins afresh
        from ..attendance.rules import status_at

        grace = ws.config.late_grace_minutes
        ws.store.set_signin_statuses(
            meeting.id,
            {s.name: status_at(meeting, s.at, grace) for s in ws.store.signins(meeting.id)},
        )
    return PackResult(meeting, written, [])
