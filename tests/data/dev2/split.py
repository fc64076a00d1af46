"""Write the dev2 tuning and blind gold files from ``../shared/corpus/dev2/gold.json``.

    python tests/data/dev2/split.py OUT_DIR   # -> OUT_DIR/tune.json, OUT_DIR/blind.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED_GOLD = HERE.parents[3] / "shared" / "corpus" / "dev2" / "gold.json"
BLIND = frozenset((143, 146, 149, 150, 152, 158, 160, 164, 168, 169, 175, 181, 184, 186, 192, 193, 194, 196, 197, 199))


def split(gold: dict) -> tuple[dict, dict]:
    """(tuning part, blind part) of the dev2 gold, by the number each file name starts with."""
    docs = gold["documents"]
    blind = [d for d in docs if int(d["file"][:3]) in BLIND]
    tune = [d for d in docs if int(d["file"][:3]) not in BLIND]
    return {"about": "dev2 tuning part", "documents": tune}, {"about": "dev2 blind part", "documents": blind}


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    out.mkdir(parents=True, exist_ok=True)
    tune, blind = split(json.loads(SHARED_GOLD.read_text(encoding="utf-8")))
    (out / "tune.json").write_text(json.dumps(tune), encoding="utf-8")
    (out / "blind.json").write_text(json.dumps(blind), encoding="utf-8")
    print(f"{len(tune['documents'])} tuning, {len(blind['documents'])} blind -> {out}")
