#!/usr/bin/env python3
"""Runs the index 766 reference SQL on a dossier CSV with DuckDB or SQLite.

    python3 bench/duckdb/run.py --engine duckdb --csv dossiers.csv --catalogue procedures.csv \
        --as-of "2025-06-30 00:00:00" --out result.csv

Writes result.csv (unit, period, indicator, numerator, denominator) and prints one JSON line:
{"engine", "seconds" (load + compute), "load_seconds", "peak_rss_kb", "rows"}.
DuckDB comes from PyPI (`pip install duckdb`); SQLite is Python's own sqlite3 module.
"""
import argparse
import calendar
import csv
import json
import os
import resource
import sqlite3
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
COLUMNS = ("code procedure unit received due finished returned channel online_level fee fee_amount "
           "paid_online digitised electronic_result reused_data from_data_store supplements "
           "supplement_hours status feedback rating apology updated").split()
TYPES = {"received": "TIMESTAMP", "due": "TIMESTAMP", "finished": "TIMESTAMP", "returned": "TIMESTAMP",
         "updated": "TIMESTAMP", "code": "VARCHAR", "procedure": "VARCHAR", "unit": "VARCHAR",
         "online_level": "VARCHAR", "supplement_hours": "DOUBLE", "fee_amount": "BIGINT"}


def periods(first_year, last_year):
    """Every month, quarter, half and year of the range: (g, pkey, start_s, end_s)."""
    out = []
    for y in range(first_year, last_year + 1):
        def start(year, month):
            return calendar.timegm((year + (month - 1) // 12, (month - 1) % 12 + 1, 1, 0, 0, 0))
        for m in range(1, 13):
            out.append(("M", f"{y}-{m:02d}", start(y, m), start(y, m + 1)))
        for q in range(4):
            out.append(("Q", f"{y}-Q{q + 1}", start(y, 3 * q + 1), start(y, 3 * q + 4)))
        for h in range(2):
            out.append(("H", f"{y}-H{h + 1}", start(y, 6 * h + 1), start(y, 6 * h + 7)))
        out.append(("Y", f"{y}", start(y, 1), start(y + 1, 1)))
    return out


def as_of_seconds(text):
    return calendar.timegm(time.strptime(text, "%Y-%m-%d %H:%M:%S"))


def run_duckdb(args, sql):
    import duckdb
    con = duckdb.connect()
    types = ", ".join(f"'{c}': '{TYPES.get(c, 'INTEGER')}'" for c in COLUMNS)
    t0 = time.perf_counter()
    con.execute(f"CREATE TABLE raw AS SELECT * FROM read_csv(?, header = true, columns = {{{types}}}, "
                "timestampformat = '%Y-%m-%d %H:%M:%S')", [args.csv])
    con.execute("CREATE TABLE catalogue AS SELECT * FROM read_csv(?, header = true, all_varchar = true)",
                [args.catalogue])
    con.execute("CREATE TABLE catalogue2 AS SELECT code, name, level, CAST(fee AS INTEGER) AS fee, "
                "CAST(full_online_eligible AS INTEGER) AS full_online_eligible, online_levels FROM catalogue")
    con.execute("DROP TABLE catalogue")
    con.execute("ALTER TABLE catalogue2 RENAME TO catalogue")
    load = time.perf_counter() - t0
    years = con.execute("SELECT year(min(received)), year(max(received)) FROM raw").fetchone()
    setup(con, args, years)
    for stmt in split_sql(sql):
        con.execute(stmt)
    rows = con.execute("SELECT unit, period, indicator, numerator, denominator FROM result").fetchall()
    return time.perf_counter() - t0, load, rows


def run_sqlite(args, sql):
    con = sqlite3.connect(":memory:")
    t0 = time.perf_counter()
    with open(args.csv, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        con.execute(f"CREATE TABLE raw ({', '.join(h + ' TEXT' for h in header)})")
        con.executemany(f"INSERT INTO raw VALUES ({', '.join('?' * len(header))})", reader)
    with open(args.catalogue, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        con.execute(f"CREATE TABLE catalogue ({', '.join(h + ' TEXT' for h in header)})")
        con.executemany(f"INSERT INTO catalogue VALUES ({', '.join('?' * len(header))})", reader)
    load = time.perf_counter() - t0
    years = con.execute("SELECT CAST(strftime('%Y', min(received)) AS INTEGER), "
                        "CAST(strftime('%Y', max(received)) AS INTEGER) FROM raw").fetchone()
    setup(con, args, years)
    con.executescript(sql)
    rows = con.execute("SELECT unit, period, indicator, numerator, denominator FROM result").fetchall()
    return time.perf_counter() - t0, load, rows


def setup(con, args, years):
    as_of = as_of_seconds(args.as_of)
    first = years[0] or time.gmtime(as_of).tm_year
    last = max(years[1] or first, time.gmtime(as_of).tm_year)
    con.execute("CREATE TABLE params (as_of BIGINT)")
    con.execute("INSERT INTO params VALUES (?)", [as_of])
    con.execute("CREATE TABLE periods (g VARCHAR, pkey VARCHAR, start_s BIGINT, end_s BIGINT)")
    con.executemany("INSERT INTO periods VALUES (?, ?, ?, ?)", periods(first, last))


def split_sql(sql):
    lines = [l for l in sql.splitlines() if not l.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--engine", choices=["duckdb", "sqlite"], default="duckdb")
    ap.add_argument("--csv", required=True)
    ap.add_argument("--catalogue", required=True)
    ap.add_argument("--as-of", required=True, help="YYYY-MM-DD HH:MM:SS")
    ap.add_argument("--out", required=True)
    ap.add_argument("--sql", help="SQL script (default: the engine's kpi766.sql)")
    args = ap.parse_args()
    default_sql = os.path.join(HERE, "kpi766.sql") if args.engine == "duckdb" else \
        os.path.join(HERE, "..", "sqlite", "kpi766.sql")
    with open(args.sql or default_sql, encoding="utf-8") as f:
        sql = f.read()
    try:
        seconds, load, rows = (run_duckdb if args.engine == "duckdb" else run_sqlite)(args, sql)
    except ImportError:
        print(json.dumps({"engine": args.engine, "error": "duckdb chưa được cài: pip install duckdb"}))
        return 2
    with open(args.out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["unit", "period", "indicator", "numerator", "denominator"])
        w.writerows(rows)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"engine": args.engine, "seconds": seconds, "load_seconds": load,
                      "peak_rss_kb": peak, "rows": len(rows)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
