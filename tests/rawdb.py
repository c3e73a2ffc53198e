"""Reading a database as an attacker with the raw files would, for tests/test_secrecy_at_rest.py.

SQLite: the file's pages parsed by hand (https://www.sqlite.org/fileformat2.html): every cell
of a table's b-tree with its byte offset, the unused bytes of its pages, the freelist pages.
SQLite writes each new cell below the last one in its page, so cells read by falling offset
come in the order they were written: the attack on the order of casting.
PostgreSQL: the system columns xmin and ctid any user with SELECT can read.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import NamedTuple


class Cell(NamedTuple):
    page: int
    offset: int  # byte offset in the file
    size: int
    values: tuple


def _varint(buf: bytes, i: int) -> tuple[int, int]:
    value = 0
    for n in range(9):
        byte = buf[i + n]
        if n == 8:
            return (value << 8) | byte, i + 9
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            return value, i + n + 1
    raise AssertionError("unreachable")


def _record(payload: bytes) -> tuple:
    header_size, i = _varint(payload, 0)
    types = []
    while i < header_size:
        t, i = _varint(payload, i)
        types.append(t)
    values, at = [], header_size
    sizes = {0: 0, 1: 1, 2: 2, 3: 3, 4: 4, 5: 6, 6: 8, 7: 8, 8: 0, 9: 0}
    for t in types:
        if t in (8, 9):
            values.append(t - 8)
            continue
        if t == 0:
            values.append(None)
            continue
        if t <= 6:
            n = sizes[t]
            values.append(int.from_bytes(payload[at : at + n], "big", signed=True))
            at += n
            continue
        if t == 7:
            values.append(payload[at : at + 8])
            at += 8
            continue
        n = (t - 12) // 2 if t % 2 == 0 else (t - 13) // 2
        raw = payload[at : at + n]
        values.append(raw if t % 2 == 0 else raw.decode("utf-8"))
        at += n
    return tuple(values)


class SQLiteFile:
    """A closed SQLite database file (its write-ahead log folded in or empty), read raw."""

    def __init__(self, path: Path):
        self.path = path
        self.data = path.read_bytes()
        size = int.from_bytes(self.data[16:18], "big")
        self.page_size = 65536 if size == 1 else size
        self.usable = self.page_size - self.data[20]

    def page(self, number: int) -> bytes:
        start = (number - 1) * self.page_size
        return self.data[start : start + self.page_size]

    def root(self, table: str) -> int:
        """The table's root page, as sqlite_master gives it (the schema is no secret)."""
        con = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True)
        try:
            return con.execute(
                "SELECT rootpage FROM sqlite_master WHERE type='table' AND name=?", (table,)
            ).fetchone()[0]
        finally:
            con.close()

    def _cells(self, number: int, out: list, pages: list) -> None:
        pages.append(number)
        page = self.page(number)
        head = 100 if number == 1 else 0
        kind = page[head]
        interior = kind in (2, 5)
        count = int.from_bytes(page[head + 3 : head + 5], "big")
        pointers = head + (12 if interior else 8)
        children = []
        for k in range(count):
            at = int.from_bytes(page[pointers + 2 * k : pointers + 2 * k + 2], "big")
            i = at
            if interior:
                children.append(int.from_bytes(page[i : i + 4], "big"))
                i += 4
            if kind == 5:  # table interior: child and rowid only
                _rowid, i = _varint(page, i)
                out.append(Cell(number, (number - 1) * self.page_size + at, i - at, ()))
                continue
            size, i = _varint(page, i)
            if kind == 13:  # table leaf: the rowid, then the record
                _rowid, i = _varint(page, i)
            local = self.usable - 35 if kind == 13 else (self.usable - 12) * 64 // 255 - 23
            assert size <= local, "a cell spilling to an overflow page: not needed here"
            values = _record(page[i : i + size])
            out.append(Cell(number, (number - 1) * self.page_size + at, i + size - at, values))
        if interior:
            children.append(int.from_bytes(page[head + 8 : head + 12], "big"))
            for child in children:
                self._cells(child, out, pages)

    def cells(self, table: str) -> tuple[list[Cell], list[int]]:
        """Every cell of ``table``'s b-tree, in the order of their byte offsets (highest
        first: the order SQLite wrote them), and the pages of that tree."""
        out: list[Cell] = []
        pages: list[int] = []
        self._cells(self.root(table), out, pages)
        return sorted(out, key=lambda c: -c.offset), pages

    def slack(self, number: int, cells: list[Cell]) -> bytes:
        """The bytes of page ``number`` in no cell, no header and no cell pointer: where a
        deleted cell would linger (SQLite's freeblocks and unallocated space)."""
        page = bytearray(self.page(number))
        head = 100 if number == 1 else 0
        interior = page[head] in (2, 5)
        count = int.from_bytes(page[head + 3 : head + 5], "big")
        used = head + (12 if interior else 8) + 2 * count
        page[:used] = bytes(used)
        base = (number - 1) * self.page_size
        for cell in cells:
            if cell.page == number:
                page[cell.offset - base : cell.offset - base + cell.size] = bytes(cell.size)
        # A freeblock keeps a 4-byte header (next block, size) even when zeroed.
        first = int.from_bytes(self.page(number)[head + 1 : head + 3], "big")
        while first:
            page[first : first + 4] = bytes(4)
            first = int.from_bytes(self.page(number)[first : first + 2], "big")
        return bytes(page[: self.usable])

    def free_pages(self) -> list[int]:
        """The pages on the freelist (trunks and leaves)."""
        trunk = int.from_bytes(self.data[32:36], "big")
        pages = []
        while trunk:
            pages.append(trunk)
            page = self.page(trunk)
            n = int.from_bytes(page[4:8], "big")
            pages += [int.from_bytes(page[8 + 4 * k : 12 + 4 * k], "big") for k in range(n)]
            trunk = int.from_bytes(page[0:4], "big")
        return pages
