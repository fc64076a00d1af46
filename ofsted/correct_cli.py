"""``ofsted correct``: record, list and undo analysts' corrections from the command line.

    ofsted correct facts --doc seeds/001.txt [--type ratings]       # the facts and their keys
    ofsted correct set --doc DOC --type ratings --key 'E08000024|adoption' rating=good --reason '...'
    ofsted correct drop|confirm --doc DOC --type T --key KEY --reason '...'
    ofsted correct add --doc DOC --type ratings la_code=E08000024 area=leadership rating=good [--span 120:180] --reason '...'
    ofsted correct list [--stale]
    ofsted correct undo ID
    ofsted correct apply                                            # load the file after editing it by hand

Every write takes the warehouse's run lock, checks the correction, writes the file atomically and
refreshes the cross-check and events, so the next query sees it.
"""

from __future__ import annotations

import argparse
import json
import sys

from ofsted.model import FACT_TYPES

EXIT_FAILED = 1
EXIT_USAGE = 2


def add_arguments(parser: argparse.ArgumentParser, add_warehouse, add_corrections) -> None:
    sub = parser.add_subparsers(dest="correct_command", required=True)

    def target(p, key: bool = True):
        add_warehouse(p)
        add_corrections(p)
        p.add_argument("--doc", required=True, help="the document: doc_id (or a prefix), content hash or source path")
        p.add_argument("--type", dest="fact_type", required=True, choices=FACT_TYPES, help="fact type")
        if key:
            p.add_argument("--key", required=True, help="the fact's key (see `ofsted correct facts`)")
        p.add_argument("--reason", required=True, help="why (required)")
        p.add_argument("--author", default=None, help="who (default: $OFSTED_AUTHOR or your login name)")
        p.add_argument("--lock-timeout", type=float, default=10.0, help="seconds to wait for a running pipeline (default: %(default)s)")

    p = sub.add_parser("set", help="change fields of a fact: FIELD=VALUE ...")
    target(p)
    p.add_argument("assignments", nargs="+", metavar="FIELD=VALUE", help="e.g. rating=good (an empty value sets null)")
    p = sub.add_parser("drop", help="a fact is wrong: remove it from the views")
    target(p)
    p = sub.add_parser("confirm", help="a fact is right: mark it reviewed")
    target(p)
    p = sub.add_parser("add", help="add a fact the rules missed: FIELD=VALUE ...")
    target(p, key=False)
    p.add_argument("assignments", nargs="+", metavar="FIELD=VALUE")
    p.add_argument("--span", default=None, metavar="START:END", help="the characters of the document it was read from")

    p = sub.add_parser("list", help="the corrections and whether each applies")
    add_warehouse(p)
    add_corrections(p)
    p.add_argument("--stale", action="store_true", help="only stale ones")
    p = sub.add_parser("facts", help="a document's facts with the keys corrections name them by")
    add_warehouse(p)
    p.add_argument("--doc", required=True)
    p.add_argument("--type", dest="fact_type", choices=FACT_TYPES, default=None)
    p = sub.add_parser("undo", help="remove a correction by id")
    add_warehouse(p)
    add_corrections(p)
    p.add_argument("correction_id")
    p.add_argument("--lock-timeout", type=float, default=10.0)
    p = sub.add_parser("apply", help="load the corrections file as it is now (after editing it by hand)")
    add_warehouse(p)
    add_corrections(p)
    p.add_argument("--lock-timeout", type=float, default=10.0)


def parse_assignments(items: list[str]) -> dict:
    fields = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise ValueError(f"{item!r} is not FIELD=VALUE")
        fields[name.strip()] = value.strip() or None
    return fields


def correct_command(args) -> int:
    from ofsted import apply_corrections as ac
    from ofsted.corrections import CorrectionsError, default_author
    from ofsted.warehouse import WarehouseError

    command = args.correct_command
    try:
        if command == "list":
            return _list(args)
        if command == "facts":
            return _facts(args)
        if command == "undo":
            gone, result = ac.undo(args.warehouse, args.corrections, args.correction_id, lock_timeout=args.lock_timeout)
            print(f"undone: {gone.describe()}")
            print("\n".join(result.lines()))
            return 0
        if command == "apply":
            result = ac.apply_file(args.warehouse, args.corrections, lock_timeout=args.lock_timeout)
            print("\n".join(result.lines()))
            return 0
        fields = parse_assignments(getattr(args, "assignments", None) or [])
        if command == "add" and args.span:
            start, sep, end = args.span.partition(":")
            if not sep:
                raise ValueError("--span is START:END, e.g. 120:180")
            fields.update(start_char=start, end_char=end)
        c, result = ac.record(
            args.warehouse, args.corrections, action=command, fact_type=args.fact_type, document=args.doc,
            key=getattr(args, "key", None), fields=fields, reason=args.reason,
            author=args.author or default_author(), lock_timeout=args.lock_timeout,
        )
    except ac.WarehouseLocked as exc:
        print(f"ofsted correct: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except (CorrectionsError, ValueError) as exc:
        print(f"ofsted correct: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except WarehouseError as exc:
        print(f"ofsted correct: {exc}", file=sys.stderr)
        return EXIT_FAILED
    print(f"recorded: {c.describe()}")
    print("\n".join(result.lines()))
    return 0


def _list(args) -> int:
    from ofsted.apply_corrections import current_status, status
    from ofsted.cli import _print_table
    from ofsted.warehouse import open_warehouse

    result = current_status(args.warehouse, args.corrections)
    with open_warehouse(args.warehouse, read_only=True) as con:
        rows = status(con)
    if args.stale:
        rows = [r for r in rows if r["status"] == "stale"]
    columns = ["correction_id", "status", "created_at", "author", "action", "fact_type", "doc_id", "fact_key", "fields", "reason", "status_note"]
    _print_table(columns, [tuple(r.get(c) for c in columns) for r in rows])
    print("\n".join(result.lines()))
    if result.error:
        print(f"warning: {result.error}", file=sys.stderr)
    return 0


def _facts(args) -> int:
    from ofsted.apply_corrections import facts_of, find_document
    from ofsted.cli import _print_table
    from ofsted.warehouse import open_warehouse

    with open_warehouse(args.warehouse, read_only=True) as con:
        doc = find_document(con, args.doc)
        facts = facts_of(con, doc.doc_id, args.fact_type)
    print(f"{doc.source_path} (doc_id {doc.doc_id}, content_sha256 {doc.content_sha256})")
    shown = ("fact_type", "fact_key", "origin", "reviewed", "dropped", "correction_id", "start_char", "end_char")
    rows = []
    for f in facts:
        rest = {k: v for k, v in f.items() if k not in shown and k not in ("evidence", "content_sha256") and v is not None}
        rows.append(tuple(f.get(c) for c in shown) + (json.dumps(rest, default=str, ensure_ascii=False)[:200],))
    _print_table([*shown, "values"], rows)
    return 0
