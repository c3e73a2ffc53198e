"""Action items: the tasks a meeting decides (会议决定事项) and the rectification items of a
life meeting (整改清单), each with an owner and a deadline, followed up until done.

One package, three modules: ``parse`` (what a date, an owner or a status looks like),
``service`` (add, done, update, list, and which earlier actions a meeting carries) and
``wordio`` (the Word list read back). This module gives their names in one place, as callers
have always used them (``actions.add``, ``actions.parse_due`` …).
"""

from __future__ import annotations

from ..model.action import Action, ActionFields, text_key  # noqa: F401
from .parse import (  # noqa: F401
    _DONE_WORDS,
    _HEADER_OF,
    _NEGATIONS,
    _OPEN_WORDS,
    _SEPARATORS,
    COLLECTIVE_OWNERS,
    COLUMNS,
    KIND_DOCUMENT,
    KINDS,
    NO_DEADLINE,
    STATUS_WORD,
    _starts_with_status_word,
    carry_scope,
    clean_text,
    owner_ids,
    parse_due,
    parse_owner,
    parse_status,
    status_text,
)
from .service import (  # noqa: F401
    _closed_since_last,
    _remembered,
    add,
    carried,
    closed_since_last,
    day_after,
    done,
    get,
    listing,
    meeting_label,
    own,
    reading,
    rows,
    update,
)
from .wordio import (  # noqa: F401
    ImportReport,
    _header_map,
    _row_label,
    default_import_files,
    import_document,
    read_table,
)
