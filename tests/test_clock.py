"""meetkit reads the clock in one place (meetkit.clock), so a test or libfaketime decides the
moment for every feature at once."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import time_machine

import meetkit
from meetkit import clock

PACKAGE = Path(meetkit.__file__).parent
# Every way the standard library hands out the current moment.
READS_THE_CLOCK = re.compile(
    r"\b(?:datetime\.now|datetime\.utcnow|datetime\.today|date\.today|time\.time|time\.time_ns|"
    r"time\.localtime|time\.gmtime)\s*\("
)


def test_only_the_clock_module_reads_the_clock():
    found = [
        f"{path.relative_to(PACKAGE.parent)}:{number}: {line.strip()}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "clock.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if READS_THE_CLOCK.search(line)
    ]
    assert found == []


def test_the_clock_follows_a_travelling_test():
    with time_machine.travel(dt.datetime(2028, 2, 29, 23, 59, 30), tick=False):
        assert clock.today() == dt.date(2028, 2, 29)
        assert clock.now() == dt.datetime(2028, 2, 29, 23, 59, 30)
        assert clock.now().microsecond == 0
        assert clock.utcnow().tzinfo is dt.timezone.utc
        assert clock.epoch() == dt.datetime(2028, 2, 29, 23, 59, 30).timestamp()
