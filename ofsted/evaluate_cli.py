"""``ofsted evaluate``: run the real pipeline into a temporary warehouse and score it against gold.

The predictions are read back from the warehouse's contract tables, so what is scored is what
analysts would query, not an in-memory shortcut.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

from ofsted.model import FACT_TYPES


def predictions_from_warehouse(warehouse: Path | str) -> dict[str, dict[str, list[dict]]]:
    """Facts per input file name (every name a document was read under), as dict rows."""
    from ofsted.warehouse import open_warehouse

    predicted: dict[str, dict[str, list[dict]]] = {}
    with open_warehouse(warehouse, read_only=True) as con:
        names: dict[str, list[str]] = {}
        for doc_id, paths in con.execute("select doc_id, source_paths from documents").fetchall():
            names[doc_id] = sorted({Path(p.split("#L")[0]).name for p in paths.split("\n")})
            for name in names[doc_id]:
                predicted[name] = {t: [] for t in FACT_TYPES}
        for fact_type in FACT_TYPES:
            cursor = con.execute(f"select * from {fact_type} order by doc_id, start_char")
            columns = [c[0] for c in cursor.description]
            for row in cursor.fetchall():
                record = dict(zip(columns, row))
                for name in names.get(record["doc_id"], []):
                    predicted[name][fact_type].append(record)
    return predicted


def gold_named_copy(gold: dict, source: Path, target: Path) -> list[str]:
    """Copy the files the gold names (and their sidecars) into ``target``; returns missing names.

    Only the documents the gold names are scored, and only they are run: other files in the
    folder (a README, say) would otherwise add rows to the cross-check and the events.
    """
    target.mkdir(parents=True, exist_ok=True)
    missing = []
    for name in gold:
        path = source / name
        if not path.is_file():
            missing.append(name)
            continue
        shutil.copy2(path, target / name)
        for sidecar in (source / f"{path.stem}.meta.json", source / f"{name}.meta.json"):
            if sidecar.is_file():
                shutil.copy2(sidecar, target / sidecar.name)
    return missing


def evaluate_folder(gold_path: Path, source: Path, warehouse: Path | None = None):
    """Run the pipeline (no Prefect) on the gold-named files of ``source`` and score it.

    Returns (report, warehouse path, run summary).
    """
    from ofsted.evaluation import load_gold, score
    from ofsted.pipeline import run_plain

    gold = load_gold(gold_path)
    workdir = Path(tempfile.mkdtemp(prefix="ofsted-eval-"))
    if warehouse is None:
        warehouse = workdir / "eval.duckdb"
    texts = workdir / "texts"
    missing = gold_named_copy(gold, Path(source), texts)
    for name in missing:
        print(f"warning: the gold names {name}, which is not in {source}", file=sys.stderr)
    summary = run_plain(str(texts), str(warehouse), lock_timeout=60.0)
    predicted = predictions_from_warehouse(warehouse)
    return score(gold, predicted), warehouse, summary


def evaluate_command(args) -> int:
    from ofsted.evaluation import check_bars, format_report, parse_bars, report_to_json

    gold_path = Path(args.gold)
    if not gold_path.is_file():
        print(f"ofsted evaluate: no gold file at {gold_path}", file=sys.stderr)
        return 2
    source = Path(args.source) if args.source else gold_path.parent
    bars = parse_bars(args.min_f1)
    report, _, summary = evaluate_folder(gold_path, source)
    print(format_report(report, show_errors=not args.quiet))
    if summary.get("agreement_lines"):
        print()
        print("\n".join(summary["agreement_lines"]))
    if args.json_out:
        payload = {**report_to_json(report), "official_agreement": summary.get("agreement_lines", [])}
        Path(args.json_out).write_text(json.dumps(payload, indent=2, default=str))
    failures = check_bars(report, bars)
    for failure in failures:
        print(f"BELOW BAR: {failure}", file=sys.stderr)
    return 1 if failures else 0
