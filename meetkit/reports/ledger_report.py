"""The ledger in words and its outputs. Three modules: ``ledger_words`` (period labels, gap
sentences and key items in zh-CN and en), ``ledger_out`` (the JSON of ``meetkit ledger --json``
and the terminal tables) and ``ledger_docx`` (the variables of ledger.docx and the file). This
module names them all in one place, as callers have always used them. The numbers come from
``meetkit.reports.ledger.build``.
"""

from __future__ import annotations

from .ledger_docx import (  # noqa: F401
    context,
    write_docx,
)
from .ledger_out import (  # noqa: F401
    TerminalLine,
    action_status,
    appraisal_line,
    as_dict,
    rectification_line,
    terminal_lines,
)
from .ledger_words import (  # noqa: F401
    CHECK_WORDS,
    HEADERS,
    MEMBER_COLUMNS,
    PERIOD_WORDS,
    SECTION,
    STATUS_WORDS,
    WORDS,
    ZH_MONTHS,
    _check_words,
    _InEachLanguage,
    _period_words,
    _status_words,
    _what,
    actions_line,
    all_gaps,
    attendance_line,
    cancelled_lines,
    check_detail,
    check_label,
    gaps,
    headers,
    meeting_cells,
    member_cells,
    member_values,
    percent,
    period_label,
    photos_note,
    requirement_text,
    sections,
    short,
    since_line,
    subtitle,
    summary,
    title,
    type_label,
    words,
)
