#!/usr/bin/env python3
"""Dump every fact ``extract_document`` gives for some folders, as sorted JSON, to compare two checkouts.

    .venv/bin/python bench/facts_dump.py --bench-corpus /tmp/bench1000 --out new.json
    ../main/.venv/bin/python bench/facts_dump.py --bench-corpus /tmp/bench1000 --out old.json
    cmp old.json new.json

The folders: ``seeds/``, ``../shared/corpus/dev``, ``tests/data/heldout`` and, with
``--bench-corpus DIR``, a benchmark corpus (built there by ``bench/run.py``'s ``build_corpus``
when the folder does not exist yet, so both sides read the same files). The code measured is
whichever ``ofsted`` the running interpreter imports (a venv's editable install): run the same
script with each checkout's venv. Prints only counts and whether the extraction modules were
compiled; the texts are never printed.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _build_corpus(folder: Path, n: int) -> None:
    spec = importlib.util.spec_from_file_location("bench_run", HERE / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.build_corpus(n, folder)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--bench-corpus", default=None, help="a benchmark corpus folder (built if missing)")
    parser.add_argument("--n", type=int, default=1000, help="documents in a newly built benchmark corpus")
    args = parser.parse_args(argv)

    folders = [ROOT / "seeds", ROOT.parent / "shared" / "corpus" / "dev", ROOT / "tests" / "data" / "heldout"]
    if args.bench_corpus:
        bench = Path(args.bench_corpus)
        if not bench.exists():
            _build_corpus(bench, args.n)
        folders.append(bench)

    import ofsted.extract.ratings as ratings
    from ofsted.extract import extract_document
    from tasks.discover import discover_inputs
    from tasks.read import read_inputs

    compiled = not ratings.__file__.endswith(".py")
    out: dict[str, dict] = {}
    n_facts = 0
    for folder in folders:
        candidates = discover_inputs(folder).candidates
        for start in range(0, len(candidates), 1000):
            docs, _ = read_inputs(candidates[start : start + 1000])
            for doc in docs:
                facts = extract_document(doc)
                n_facts += sum(len(rows) for rows in facts.values())
                out[f"{folder.name}/{doc.doc_id}"] = facts
    text = json.dumps(out, sort_keys=True, default=str, indent=0)
    Path(args.out).write_text(text, encoding="utf-8")
    print(f"{len(out)} documents, {n_facts} facts, compiled={compiled}, "
          f"sha256={hashlib.sha256(text.encode()).hexdigest()[:16]} -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
