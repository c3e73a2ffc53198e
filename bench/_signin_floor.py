"""The floor bench/signin_load.py compares a sign-in with: Flask served by waitress (the same
server meetkit uses, the same thread count), whose sign-in route reads the posted JSON, does
ONE SQLite insert (WAL, synchronous=NORMAL, as meetkit's store) and answers 201 with JSON.
No code check, no cookie, no attempt log, no rules: what any Flask app on this stack pays.

    python bench/_signin_floor.py PORT DATABASE THREADS
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys
import threading

from flask import Flask, jsonify, request
from waitress import serve

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS signins (id INTEGER PRIMARY KEY, meeting_id TEXT NOT NULL, "
    "name TEXT NOT NULL, at TEXT NOT NULL, UNIQUE (meeting_id, name))"
)


def make_app(database: str) -> Flask:
    app = Flask(__name__)
    local = threading.local()

    def connection() -> sqlite3.Connection:
        conn = getattr(local, "conn", None)
        if conn is None:
            conn = local.conn = sqlite3.connect(database, timeout=10)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
        return conn

    @app.post("/api/meetings/<meeting_id>/signins")
    def signin(meeting_id: str):
        name = (request.get_json(silent=True) or {}).get("name", "")
        at = dt.datetime.now().replace(microsecond=0)
        conn = connection()
        with conn:  # one transaction: the insert, committed
            conn.execute(
                "INSERT INTO signins (meeting_id, name, at) VALUES (?, ?, ?)",
                (meeting_id, name, at.isoformat()),
            )
        return jsonify({"status": "present", "name": name, "at": at.isoformat()}), 201

    return app


def main() -> None:
    port, database, threads = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    with sqlite3.connect(database) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute(SCHEMA)
    serve(make_app(database), host="127.0.0.1", port=port, threads=threads, ident="floor")


if __name__ == "__main__":
    main()
