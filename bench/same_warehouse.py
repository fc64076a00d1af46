#!/usr/bin/env python3
"""Do two warehouses hold the same data? Every table, row for row, run ids and clock times aside.

    .venv/bin/python bench/same_warehouse.py A.duckdb B.duckdb

For checking that a change to the pipeline (batching, grouping, overlapping stages) leaves
what it loads as it was: run the old and the new code on the same folder into two warehouses,
then compare. Columns that differ from run to run whatever the code are left out: each run's
id (``run_id``, ``flow_run_id``) and the moments things happened (timestamp columns). Rows are
compared as sorted multisets, so the order rows were written in does not matter; a table only
one side has, or a column only one side has, is a difference. Exit status 0 when the same, 1 when not.
"""

from __future__ import annotations

import sys

import duckdb

#: differ from run to run whatever the code does
VOLATILE = {"run_id", "flow_run_id"}


def tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in con.execute(
        "select table_name from information_schema.tables where table_schema = 'main' "
        "and table_type = 'BASE TABLE' order by 1").fetchall()]


def stable_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    rows = con.execute("select column_name, data_type from information_schema.columns "
                       "where table_schema = 'main' and table_name = ? order by ordinal_position", [table]).fetchall()
    return [name for name, kind in rows if name not in VOLATILE and not kind.startswith("TIMESTAMP")]


def table_rows(con: duckdb.DuckDBPyConnection, table: str, columns: list[str]) -> list[tuple]:
    select = ", ".join(f'"{c}"' for c in columns)
    return sorted(con.execute(f'select {select} from "{table}"').fetchall(), key=repr)


def differences(a: str, b: str) -> list[str]:
    """What differs between the warehouses ``a`` and ``b`` (empty when they hold the same)."""
    out = []
    with duckdb.connect(a, read_only=True) as ca, duckdb.connect(b, read_only=True) as cb:
        ta, tb = tables(ca), tables(cb)
        for name in sorted(set(ta) ^ set(tb)):
            out.append(f"table {name}: only in {'A' if name in ta else 'B'}")
        for name in sorted(set(ta) & set(tb)):
            cols_a, cols_b = stable_columns(ca, name), stable_columns(cb, name)
            if cols_a != cols_b:
                out.append(f"table {name}: columns differ: {cols_a} vs {cols_b}")
                continue
            rows_a, rows_b = table_rows(ca, name, cols_a), table_rows(cb, name, cols_b)
            if rows_a != rows_b:
                only_a = len(set(rows_a) - set(rows_b))
                only_b = len(set(rows_b) - set(rows_a))
                out.append(f"table {name}: {len(rows_a)} vs {len(rows_b)} rows; {only_a} only in A, {only_b} only in B")
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    found = differences(*argv)
    for line in found:
        print(line)
    with duckdb.connect(argv[0], read_only=True) as con:
        n = {t: con.execute(f'select count(*) from "{t}"').fetchone()[0] for t in tables(con)}
    print(f"{'DIFFERENT' if found else 'same'}: {len(n)} tables, {sum(n.values()):,} rows in A")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
