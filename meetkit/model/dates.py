"""One date parser for every option and import: ``--date``, ``--due``, a talk's date, a row of
an imported list. What a secretary types is accepted the same everywhere: 2026-12-15,
2026/12/15, 2026.12.15, 2026年12月15日 (号 too, full-width digits too), 15 December 2026,
December 15, 2026, and a day without its year (12月15日, 12/15, 12-15) in ``year`` (the meeting's,
else this year)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from .. import clock
from ..errors import MeetkitError
from ..i18n import N_, _

# The months, the one table: documents write them translated (context.long_date), the ledger
# names a period by them, and a typed "15 December 2026" is read by them.
MONTHS = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)
_TYPED_MONTHS = [m.casefold() for m in MONTHS]


def parse_day(value: object, where: str = "--date", year: int | None = None) -> dt.date:
    """``value`` as a date (forms above); MeetkitError "<where>: '…' is not a date" else."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = unicodedata.normalize("NFKC", str(value or "")).strip()
    compact = re.sub(r"\s", "", text)
    try:
        m = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})[日号]?", compact)
        if m:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        m = re.fullmatch(r"(\d{1,2})(?:月(\d{1,2})[日号]?|[-/.](\d{1,2}))", compact)
        if m:
            day = int(m[2] or m[3])
            return dt.date(year or clock.today().year, int(m[1]), day)
        words = text.casefold().replace(",", " ").split()
        if len(words) == 3:
            day_first = words[0].isdigit() and words[1] in _TYPED_MONTHS
            month_first = words[0] in _TYPED_MONTHS and words[1].isdigit()
            if (day_first or month_first) and words[2].isdigit():
                day_text, month_word = (words[0], words[1]) if day_first else (words[1], words[0])
                return dt.date(int(words[2]), _TYPED_MONTHS.index(month_word) + 1, int(day_text))
    except ValueError:
        pass  # a month 13 or a 31 February
    raise MeetkitError(
        _("{where}: {value!r} is not a date (e.g. 2026-12-31, 2026/12/31, 2026年12月31日)").format(
            where=where, value=str(value).strip()
        )
    )
