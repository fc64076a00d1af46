"""``ofsted load-official [FILES...]``: load or refresh Ofsted's published outcomes.

Reads the official files (default: the copies shipped in ``ofsted/data/official/``) with
:func:`ofsted.official.load_official_report`, replaces the contents of ``official_outcomes`` in
one transaction, then recomputes ``inspection_matches`` so ``rating_checks`` reflects the new
record at once. Takes the warehouse's run lock, so it waits for a running pipeline instead of
colliding with it.
"""

from __future__ import annotations

import sys
from pathlib import Path

EXIT_FAILED = 1
EXIT_USAGE = 2


def load_official_command(args) -> int:
    from ofsted import warehouse as wh
    from ofsted.locking import LockTimeout, run_lock
    from ofsted.official import OFFICIAL_DIR, DEFAULT_FILES, OfficialDataError, load_official_report
    from ofsted.official_checks import refresh_matches, replace_official

    files = [Path(f) for f in (args.files or [])]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        print(f"ofsted load-official: no such file: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    paths = files or [OFFICIAL_DIR / name for name in DEFAULT_FILES]
    try:
        report = load_official_report(paths)
    except OfficialDataError as exc:
        print(f"ofsted load-official: the official data do not fit mappings.json: {exc}", file=sys.stderr)
        return EXIT_FAILED
    frame = report.frame
    timeout = float(getattr(args, "lock_timeout", 60.0) or 60.0)
    try:
        with run_lock(args.warehouse, timeout):
            with wh.open_warehouse(args.warehouse) as con:
                wh.migrate(con)
                before = con.execute("select count(*) from official_outcomes").fetchall()[0][0]
                loaded = replace_official(con, frame)
                matches = refresh_matches(con)
    except (LockTimeout, wh.WarehouseError) as exc:
        print(f"ofsted load-official failed: {exc}", file=sys.stderr)
        return EXIT_FAILED
    inspections = frame.filter(frame["visit_type"] == "inspection")["official_id"].n_unique()
    visits = frame.filter(frame["visit_type"] != "inspection")["official_id"].n_unique()
    print(f"official_outcomes: {loaded} rows loaded (replacing {before}) from {len(paths)} file(s) into {args.warehouse}")
    print(f"  {inspections} inspections and {visits} ungraded visits of {frame['la_code'].n_unique()} authorities")
    print(f"  {len(report.excluded)} source rows excluded (abolished authorities), "
          f"{len(report.conflicts)} disagreements between files (highest-priority file kept)")
    print(f"inspection_matches: {matches['inspection_matches']} extracted inspections, "
          f"{matches['inspections_matched']} matched (date {matches['matched_by_date']}, "
          f"published_date {matches['matched_by_published_date']}, grades {matches['matched_by_grades']})")
    return 0
