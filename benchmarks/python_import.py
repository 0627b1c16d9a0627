#!/usr/bin/env python3
"""Imports csv-import's transactions CSV into SQLite with the Python standard library only.

The comparison point for `csv-import` in benchmarks/batch-run: the `csv` module reads the file
(quoted fields, embedded commas, quotes and line breaks), `sqlite3` inserts the rows with
`executemany`, committing every `--commit-every` rows (1,000 by default, csv-import's default
chunk size). `id` is converted to int; the other fields are bound as text, as sqlite3's
`.import` binds them, and the columns' affinity converts them.

    python3 benchmarks/python_import.py transactions.csv fresh.db [--commit-every 1000]

The connection uses the pragmas of the swift-batch SQL layer (WAL, synchronous=NORMAL,
foreign_keys=ON). Prints the number of rows imported on standard error.
"""

import argparse
import csv
import itertools
import sqlite3
import sys

# The table csv-import's `createTable` step creates on SQLite.
CREATE_TABLE = """CREATE TABLE IF NOT EXISTS transactions (
    id BIGINT NOT NULL PRIMARY KEY, account VARCHAR(64) NOT NULL, amount NUMERIC NOT NULL,
    currency CHAR(3) NOT NULL, ts TIMESTAMP NOT NULL, memo TEXT NOT NULL)"""

INSERT = "INSERT INTO transactions (id, account, amount, currency, ts, memo) VALUES (?, ?, ?, ?, ?, ?)"

HEADER = ["id", "account", "amount", "currency", "ts", "memo"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("csv", help="the CSV written by `csv-import generate` (with a header line)")
    parser.add_argument("database", help="the SQLite file (created if missing)")
    parser.add_argument("--commit-every", type=int, default=1000, metavar="N", help="rows per transaction (default 1000)")
    parser.add_argument("--create-table", default=CREATE_TABLE, metavar="SQL", help="the CREATE TABLE statement")
    args = parser.parse_args()
    if args.commit_every < 1:
        parser.error("--commit-every must be a positive integer")

    connection = sqlite3.connect(args.database)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute(args.create_table)
    connection.commit()

    rows = 0
    with open(args.csv, newline="", encoding="utf-8") as file:
        reader = csv.reader(file, strict=True)
        header = next(reader, None)
        if header != HEADER:
            print(f"error: {args.csv}: expected the header {','.join(HEADER)}, got {header}", file=sys.stderr)
            return 1
        while True:
            try:
                # Unpacking also checks that every record has six fields.
                chunk = [
                    (int(row_id), account, amount, currency, ts, memo)
                    for row_id, account, amount, currency, ts, memo in itertools.islice(reader, args.commit_every)
                ]
            except ValueError as error:
                print(f"error: {args.csv}: near line {reader.line_num}: {error}", file=sys.stderr)
                return 1
            if not chunk:
                break
            connection.executemany(INSERT, chunk)  # opens a transaction
            connection.commit()
            rows += len(chunk)
    connection.close()
    print(f"python_import: {rows} rows into {args.database}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
