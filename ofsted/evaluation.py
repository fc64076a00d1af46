"""Score extracted facts against hand-made gold annotations.

Gold files (``shared/gold/seeds.json``, ``shared/corpus/dev/gold.json``) hold
``{"documents": [{"file": ..., "organisations": [...], "people": [...], "inspections": [...],
"ratings": [...], "quotes": [...]}]}``. Predictions are ``{file name: {fact type: [row dict]}}``
with the column names of ``ofsted.model.FACT_SCHEMAS`` -- whatever produced them (the extractors
directly via :func:`predict_folder`, or rows read back from the warehouse views). :func:`score`
only looks at the fields named below, so extra columns (``start_char``, ``rule``, ``doc_id`` ...)
are ignored.

Matching rules
==============

Documents
    Only documents named by the gold are scored; predictions for other files are ignored. A
    prediction key may be a path: it is reduced to its basename. A gold document with no
    predictions simply has all its facts missed.

Normalisation (``_norm``)
    NFC, curly quotes to straight ones (‘ ’ ‛ ′ -> ', “ ” „ ″ -> "), whitespace runs to one space,
    trimmed, case-folded. Every string comparison below uses it; ``None``, blank strings and the
    NaN/NA/NaT a pandas round trip may leave all count as null.

Organisations
    Types must agree (gold ``type``, prediction ``org_type``; either key is accepted on both
    sides). Then the names agree, or -- for ``local_authority`` and ``provider`` only -- both
    carry the same non-null ``la_code`` (gold writes "Wigan Council" as the text does, the
    warehouse holds the canonical council name).

People
    Match by name. Among matched pairs two accuracies are reported:
    * role: normalised, case-insensitive equality (both null counts as agreeing);
    * organisation: normalised names agree, or both names resolve to the same
      ``(la_code, org_type)``. A name is resolved by looking it up (normalised) among the
      organisations of the same document -- first on its own side (gold or predicted), then on the
      other side. Using the type as well as the code keeps a trust and its council apart (they
      share an ``la_code``). Both null counts as agreeing.

Inspections
    ``la_code`` and ``visit_type`` agree, and ``year`` and ``month`` agree where the gold gives
    them (a gold ``null`` is "don't care"; a predicted ``null`` against a gold value is a
    disagreement).

Ratings
    ``la_code``, ``area``, ``rating``, ``previous_rating`` and ``change`` all agree (``null`` only
    equals ``null``). ``judged_year``/``judged_month`` are not compared.

Quotes
    Speakers must agree: normalised names, where every Ofsted-like speaker ("Ofsted", "inspectors",
    "the report", "the inspection report", "the inspectorate", "the letter", "Ofsted's report",
    "the watchdog", "the monitoring visit letter", "the lead inspector" ... an optional article,
    qualifiers such as Ofsted/inspection/monitoring/focused/visit/lead, and one head word; see
    :func:`is_ofsted_speaker`) counts as "Ofsted". A named inspector is not "Ofsted". Text is
    compared as words: normalised, split on whitespace and dashes, punctuation stripped at word
    edges, empty words dropped.
    The *first six words* of a quote (all of them if it is shorter) must appear as a contiguous
    run in the other quote.
    The two directions are scored separately, as the rule states:
    * recall -- a gold quote is *found* when its first six words appear in a predicted quote of
      the same speaker;
    * precision -- a predicted quote is *right* when its first six words appear in a gold quote
      of the same speaker.
    Each direction is its own greedy one-to-one pass (below), so a prediction that merges two
    gold quotes finds only one of them, and a prediction that starts mid-quote can be right
    without finding its gold quote. Hence for quotes ``matched_gold`` and ``matched_predicted``
    may differ; for every other type they are equal. A quote shorter than six words compares
    all its words (gold quotes have four words or more; a shorter prediction is judged by the
    words it has).
    Speaker names compare exactly (normalised): a surname alone or a title ("Cllr Ann Smith")
    does not match "Ann Smith", since gold drops titles and writes full names.

Greedy one-to-one matching
    Per document and fact type, gold facts are taken in gold order; each claims the first
    still-unclaimed prediction (in prediction order) that matches it. This is why gold lists a
    more specific fact before a vaguer one that could match the same prediction (102: "November
    2015" before "November").

Metrics
    Per fact type, micro-averaged over documents (counts summed, then divided):
    precision = matched predictions / predictions, recall = matched gold / gold,
    F1 = 2PR / (P + R). With no predictions precision is 1.0 if there is no gold either, else
    0.0; with no gold recall is 1.0 if there are no predictions either, else 0.0. ``tp`` is the
    number of matched gold facts, ``fn`` = gold - matched gold, ``fp`` = predictions - matched
    predictions. Misses (gold not found) and extras (predictions not matched) are listed with
    their document.

Use from the shell (quick tuning, before the full pipeline exists)::

    python -m ofsted.evaluation --gold shared/corpus/dev/gold.json --source shared/corpus/dev \
        [--types ratings,quotes] [--doc 118] [--json out.json] [--bar ratings=0.9] [--per-doc]
        [--no-errors] [--keep-going]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import traceback
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any, Callable, Iterable, Mapping

from ofsted.model import FACT_TYPES

#: Organisation types that also match on ``(la_code, org_type)``.
LA_MATCHED_ORG_TYPES = frozenset({"local_authority", "provider"})

QUOTE_PREFIX_WORDS = 6

# --------------------------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------------------------

_QUOTE_MAP = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u0060": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
    }
)
_WS = re.compile(r"\s+")
#: Dashes separate words in quote comparison ("services—and" is two words).
_DASHES = re.compile(r"[\u2012\u2013\u2014\u2015\u2212]|--")


def _missing(value: Any) -> bool:
    """``None`` and the missing markers rows read through pandas may carry (NaN, NA, NaT)."""
    if value is None:
        return True
    if isinstance(value, float) and value != value:
        return True
    return type(value).__name__ in ("NAType", "NaTType")


def _norm(value: Any) -> str | None:
    """NFC, straight quotes, single spaces, trimmed, case-folded; missing/blank -> ``None``."""
    if _missing(value):
        return None
    text = unicodedata.normalize("NFC", str(value)).translate(_QUOTE_MAP)
    text = _WS.sub(" ", text).strip().casefold()
    return text or None


def _is_punct(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PS"


def _words(text: Any) -> list[str]:
    """Normalised words: punctuation stripped at word edges, empty words dropped."""
    norm = _norm(text)
    if not norm:
        return []
    out = []
    for word in _DASHES.sub(" ", norm).split():
        start, end = 0, len(word)
        while start < end and _is_punct(word[start]):
            start += 1
        while end > start and _is_punct(word[end - 1]):
            end -= 1
        if start < end:
            out.append(word[start:end])
    return out


def _contains_run(haystack: list[str], needle: list[str]) -> bool:
    if not needle:
        return False
    n = len(needle)
    first = needle[0]
    for i in range(len(haystack) - n + 1):
        if haystack[i] == first and haystack[i : i + n] == needle:
            return True
    return False


_OFSTED_QUALIFIERS = (
    r"ofsted|ofsted's|inspection|inspectors'|monitoring|focused|visit|lead|final|latest|published|full|new"
)
_OFSTED_HEADS = (
    r"ofsted|report|letter|inspectors?|inspectorate|inspection team|team of inspectors|watchdog|regulator|hmi|"
    r"(?:his|her) majesty's inspectors?|(?:his|her) majesty's inspectorate|"
    r"office for standards in education(?:, children's services and skills)?"
)
#: An optional article, any run of qualifiers, then one head word: "the inspection report",
#: "Ofsted's monitoring visit letter", "inspectors", "the lead inspector".
_OFSTED_SPEAKER = re.compile(
    rf"^(?:(?:the|an?|its|their)\s+)?(?:(?:{_OFSTED_QUALIFIERS})\s+)*(?:{_OFSTED_HEADS})$"
)


def is_ofsted_speaker(speaker: Any) -> bool:
    """Whether a speaker stands for Ofsted itself.

    "Ofsted", "inspectors", "the inspector", "the report", "the inspection report", "Ofsted's
    report", "the letter", "the inspectorate", "the watchdog", "the regulator", "HMI" ... A named
    inspector is *not* Ofsted (gold credits her words to her).
    """
    norm = _norm(speaker)
    if norm is None:
        return False
    norm = norm.rstrip(".:,;")
    return bool(_OFSTED_SPEAKER.match(norm))


def _speaker_key(speaker: Any) -> str | None:
    if is_ofsted_speaker(speaker):
        return "ofsted"
    return _norm(speaker)


def _org_type(row: Mapping[str, Any]) -> str | None:
    value = row.get("org_type")
    if value is None:
        value = row.get("type")
    return _norm(value)


# --------------------------------------------------------------------------------------------
# Match predicates (gold row, predicted row) -> bool
# --------------------------------------------------------------------------------------------


def _eq(a: Any, b: Any) -> bool:
    return _norm(a) == _norm(b)


def match_organisation(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> bool:
    gtype = _org_type(gold)
    if gtype != _org_type(pred):
        return False
    gname = _norm(gold.get("name"))
    if gname is not None and gname == _norm(pred.get("name")):
        return True
    gcode = _norm(gold.get("la_code"))
    return gtype in LA_MATCHED_ORG_TYPES and gcode is not None and gcode == _norm(pred.get("la_code"))


def match_person(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> bool:
    gname = _norm(gold.get("name"))
    return gname is not None and gname == _norm(pred.get("name"))


def _as_int(value: Any) -> int | None:
    if _missing(value):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def match_inspection(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> bool:
    if not (_eq(gold.get("la_code"), pred.get("la_code")) and _eq(gold.get("visit_type"), pred.get("visit_type"))):
        return False
    for key in ("year", "month"):
        want = _as_int(gold.get(key))
        if want is not None and want != _as_int(pred.get(key)):
            return False
    return True


RATING_KEYS = ("la_code", "area", "rating", "previous_rating", "change")


def match_rating(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> bool:
    return all(_eq(gold.get(k), pred.get(k)) for k in RATING_KEYS)


def _quote_prefix_in(source: Mapping[str, Any], target: Mapping[str, Any]) -> bool:
    """Same speaker, and the first six words of ``source`` appear in ``target``."""
    skey = _speaker_key(source.get("speaker"))
    if skey is None or skey != _speaker_key(target.get("speaker")):
        return False
    return _contains_run(_words(target.get("text")), _words(source.get("text"))[:QUOTE_PREFIX_WORDS])


def quote_found(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> bool:
    """Recall direction: the gold quote's first six words appear in the predicted quote."""
    return _quote_prefix_in(gold, pred)


def quote_right(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> bool:
    """Precision direction: the predicted quote's first six words appear in the gold quote."""
    return _quote_prefix_in(pred, gold)


Predicate = Callable[[Mapping[str, Any], Mapping[str, Any]], bool]

#: fact type -> (predicate deciding which gold facts are found, predicate deciding which
#: predictions are right). For all types but quotes it is one predicate and one matching.
MATCHERS: dict[str, tuple[Predicate, Predicate]] = {
    "organisations": (match_organisation, match_organisation),
    "people": (match_person, match_person),
    "inspections": (match_inspection, match_inspection),
    "ratings": (match_rating, match_rating),
    "quotes": (quote_found, quote_right),
}


def greedy_match(gold: list[Mapping], pred: list[Mapping], predicate: Predicate) -> dict[int, int]:
    """Gold index -> predicted index. Each gold fact, in gold order, claims the first unclaimed match."""
    claimed: set[int] = set()
    pairs: dict[int, int] = {}
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if pi not in claimed and predicate(g, p):
                claimed.add(pi)
                pairs[gi] = pi
                break
    return pairs


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------


def _ratio(num: int, den: int, empty: float) -> float:
    return num / den if den else empty


@dataclass
class TypeScore:
    """Counts and micro-averaged metrics of one fact type."""

    fact_type: str
    gold: int = 0
    predicted: int = 0
    matched_gold: int = 0
    matched_predicted: int = 0

    @property
    def tp(self) -> int:
        return self.matched_gold

    @property
    def fn(self) -> int:
        return self.gold - self.matched_gold

    @property
    def fp(self) -> int:
        return self.predicted - self.matched_predicted

    @property
    def precision(self) -> float:
        return _ratio(self.matched_predicted, self.predicted, 1.0 if self.gold == 0 else 0.0)

    @property
    def recall(self) -> float:
        return _ratio(self.matched_gold, self.gold, 1.0 if self.predicted == 0 else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "TypeScore") -> None:
        self.gold += other.gold
        self.predicted += other.predicted
        self.matched_gold += other.matched_gold
        self.matched_predicted += other.matched_predicted


@dataclass
class FactError:
    """A missed gold fact or an extra prediction."""

    file: str
    fact_type: str
    fact: dict


@dataclass
class AttributeMismatch:
    """A matched person whose role or organisation disagrees with the gold."""

    file: str
    name: str
    attribute: str  # "role" or "organisation"
    gold: Any
    predicted: Any


@dataclass
class EvalReport:
    types: dict[str, TypeScore]
    misses: list[FactError] = field(default_factory=list)
    extras: list[FactError] = field(default_factory=list)
    role_correct: int = 0
    org_correct: int = 0
    people_matched: int = 0
    attribute_mismatches: list[AttributeMismatch] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    per_document: dict[str, dict[str, TypeScore]] = field(default_factory=dict)

    @property
    def role_accuracy(self) -> float | None:
        return self.role_correct / self.people_matched if self.people_matched else None

    @property
    def organisation_accuracy(self) -> float | None:
        return self.org_correct / self.people_matched if self.people_matched else None

    def f1(self, fact_type: str) -> float:
        return self.types[fact_type].f1


# --------------------------------------------------------------------------------------------
# Loading gold, normalising predictions
# --------------------------------------------------------------------------------------------


def _basename(key: str) -> str:
    return PurePath(str(key).replace("\\", "/")).name


def load_gold(path: str | Path) -> dict[str, dict[str, list[dict]]]:
    """``{file name: {fact type: [gold row]}}`` for every document of a gold JSON file.

    Every fact type is present (an absent list becomes ``[]``); gold order is kept.
    """
    data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    docs = data["documents"] if isinstance(data, dict) else data
    gold: dict[str, dict[str, list[dict]]] = {}
    for doc in docs:
        name = _basename(doc["file"])
        if name in gold:
            raise ValueError(f"{path}: document {name!r} appears twice")
        gold[name] = {t: list(doc.get(t) or []) for t in FACT_TYPES}
    return gold


def _index_predictions(predicted: Mapping[str, Mapping[str, Iterable[Mapping]]]) -> dict[str, dict[str, list]]:
    out: dict[str, dict[str, list]] = {}
    for key, facts in (predicted or {}).items():
        name = _basename(key)
        slot = out.setdefault(name, {t: [] for t in FACT_TYPES})
        for t in FACT_TYPES:
            slot[t].extend((facts or {}).get(t) or [])
    return out


def group_rows_by_file(
    rows: Mapping[str, Iterable[Mapping]], doc_files: Mapping[str, str], key: str = "doc_id"
) -> dict[str, dict[str, list[dict]]]:
    """Turn flat rows per fact type (e.g. read from warehouse views) into ``score``'s shape.

    ``doc_files`` maps each ``doc_id`` (or whatever ``key`` names) to its source path or file
    name; rows whose key is unknown are dropped.
    """
    out: dict[str, dict[str, list[dict]]] = {}
    for fact_type, fact_rows in rows.items():
        for row in fact_rows:
            path = doc_files.get(row.get(key))
            if path is None:
                continue
            out.setdefault(_basename(path), {t: [] for t in FACT_TYPES})[fact_type].append(dict(row))
    return out


# --------------------------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------------------------


def _org_lookup(orgs: Iterable[Mapping]) -> dict[str, tuple[str, str | None]]:
    table: dict[str, tuple[str, str | None]] = {}
    for org in orgs:
        name, code = _norm(org.get("name")), _norm(org.get("la_code"))
        if name is not None and code is not None and name not in table:
            table[name] = (code, _org_type(org))
    return table


def _same_organisation(gold_org: Any, pred_org: Any, gold_table: dict, pred_table: dict) -> bool:
    g, p = _norm(gold_org), _norm(pred_org)
    if g == p:
        return True
    if g is None or p is None:
        return False
    g_res = gold_table.get(g) or pred_table.get(g)
    p_res = pred_table.get(p) or gold_table.get(p)
    return g_res is not None and g_res == p_res


def score(
    gold: Mapping[str, Mapping[str, list[Mapping]]],
    predicted: Mapping[str, Mapping[str, Iterable[Mapping]]],
    fact_types: Iterable[str] | None = None,
) -> EvalReport:
    """Compare predictions with the gold; see the module docstring for the rules.

    ``gold``: as returned by :func:`load_gold`. ``predicted``: ``{file: {fact type: [row]}}``
    (keys may be paths; files the gold does not name are ignored). ``fact_types`` restricts the
    scored types (default: all five).
    """
    types = tuple(fact_types) if fact_types is not None else FACT_TYPES
    unknown = [t for t in types if t not in MATCHERS]
    if unknown:
        raise ValueError(f"unknown fact types {unknown}; expected some of {list(FACT_TYPES)}")
    preds = _index_predictions(predicted)
    report = EvalReport(types={t: TypeScore(t) for t in types}, documents=list(gold))

    for file, gold_facts in gold.items():
        doc_pred = preds.get(file, {t: [] for t in FACT_TYPES})
        doc_scores: dict[str, TypeScore] = {}
        for fact_type in types:
            g_rows = list(gold_facts.get(fact_type) or [])
            p_rows = list(doc_pred.get(fact_type) or [])
            find, right = MATCHERS[fact_type]
            found = greedy_match(g_rows, p_rows, find)
            rightly = found if right is find else greedy_match(g_rows, p_rows, right)
            matched_preds = set(rightly.values())
            ts = TypeScore(fact_type, len(g_rows), len(p_rows), len(found), len(matched_preds))
            doc_scores[fact_type] = ts
            report.types[fact_type].add(ts)
            report.misses.extend(FactError(file, fact_type, dict(g)) for i, g in enumerate(g_rows) if i not in found)
            report.extras.extend(
                FactError(file, fact_type, dict(p)) for i, p in enumerate(p_rows) if i not in matched_preds
            )
            if fact_type == "people":
                gold_table = _org_lookup(gold_facts.get("organisations") or [])
                pred_table = _org_lookup(doc_pred.get("organisations") or [])
                for gi, pi in found.items():
                    g, p = g_rows[gi], p_rows[pi]
                    report.people_matched += 1
                    if _eq(g.get("role"), p.get("role")):
                        report.role_correct += 1
                    else:
                        report.attribute_mismatches.append(
                            AttributeMismatch(file, str(g.get("name")), "role", g.get("role"), p.get("role"))
                        )
                    if _same_organisation(g.get("organisation"), p.get("organisation"), gold_table, pred_table):
                        report.org_correct += 1
                    else:
                        report.attribute_mismatches.append(
                            AttributeMismatch(
                                file, str(g.get("name")), "organisation", g.get("organisation"), p.get("organisation")
                            )
                        )
        report.per_document[file] = doc_scores
    return report


def check_bars(report: EvalReport, bars: Mapping[str, float]) -> list[str]:
    """Failures of per-type bars, e.g. ``{"ratings": 0.9}`` (F1), ``{"quotes.recall": 0.8}``.

    A key is ``type`` (F1) or ``type.metric`` with metric in precision/recall/f1. Returns one
    message per failed or unknown bar; an empty list means every bar is met.
    """
    failures = []
    for key, bar in bars.items():
        fact_type, _, metric = key.partition(".")
        metric = metric or "f1"
        ts = report.types.get(fact_type)
        if ts is None or metric not in ("precision", "recall", "f1"):
            failures.append(f"{key}: not scored in this report")
            continue
        value = getattr(ts, metric)
        if value + 1e-9 < bar:
            failures.append(f"{fact_type}: {metric} {value:.3f} < bar {bar:.3f}")
    return failures


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------


def _short(text: Any, n: int = 60) -> str:
    s = _WS.sub(" ", str(text or "")).strip()
    return s if len(s) <= n else s[: n - 1] + "…"


def describe_fact(fact_type: str, fact: Mapping[str, Any]) -> str:
    """One compact line for a fact."""
    g = fact.get
    if fact_type == "organisations":
        return f"{g('name')} [{_org_type(fact)} {g('la_code') or '-'}]"
    if fact_type == "people":
        return f"{g('name')} | {g('role')} | {g('organisation')}"
    if fact_type == "inspections":
        when = f"{g('year') or '?'}-{g('month') or '?'}"
        extra = "".join(
            f" {k}={g(k)}" for k in ("ordinal", "progress", "lead_inspector") if g(k) is not None
        )
        return f"{g('la_code')} {g('visit_type')} {when} ({_short(g('date_text'), 40)}){extra}"
    if fact_type == "ratings":
        prev = f" prev={g('previous_rating')}" if g("previous_rating") is not None else ""
        change = f" change={g('change')}" if g("change") is not None else ""
        return f"{g('la_code')} {g('area')}={g('rating')}{prev}{change}"
    if fact_type == "quotes":
        return f"{g('speaker')}: \"{_short(g('text'), 70)}\""
    return _short(json.dumps(dict(fact), default=str), 100)


def _fmt(x: float | None) -> str:
    return "  -  " if x is None else f"{x:.3f}"


def format_per_document(report: EvalReport) -> str:
    """One line per document: F1 per fact type (gold/predicted counts in brackets when not 1.0)."""
    types = list(report.types)
    width = max([len(f) for f in report.documents] + [8])
    lines = [f"{'document':<{width}}" + "".join(f"{t[:13]:>15}" for t in types)]
    for file in report.documents:
        cells = []
        for t in types:
            ts = report.per_document[file][t]
            cells.append(f"{ts.f1:.2f}" if ts.f1 == 1.0 else f"{ts.f1:.2f} ({ts.gold}/{ts.predicted})")
        lines.append(f"{file:<{width}}" + "".join(f"{c:>15}" for c in cells))
    return "\n".join(lines)


def format_report(report: EvalReport, show_errors: bool = True, per_document: bool = False) -> str:
    """A readable table per fact type, people's role/organisation accuracy, then errors.

    ``per_document`` adds a line per document with its F1 per type.
    """
    lines = [f"{len(report.documents)} documents scored", ""]
    header = f"{'type':<14}{'gold':>6}{'pred':>6}{'match':>10}{'P':>8}{'R':>8}{'F1':>8}"
    lines += [header, "-" * len(header)]
    total = TypeScore("all")
    for t, ts in report.types.items():
        total.add(ts)
        matched = str(ts.matched_gold) if ts.matched_gold == ts.matched_predicted else f"{ts.matched_gold}/{ts.matched_predicted}"
        lines.append(
            f"{t:<14}{ts.gold:>6}{ts.predicted:>6}{matched:>10}{ts.precision:>8.3f}{ts.recall:>8.3f}{ts.f1:>8.3f}"
        )
    lines.append("-" * len(header))
    lines.append(
        f"{'all (micro)':<14}{total.gold:>6}{total.predicted:>6}{'':>10}{total.precision:>8.3f}{total.recall:>8.3f}{total.f1:>8.3f}"
    )
    if any(ts.matched_gold != ts.matched_predicted for ts in report.types.values()):
        lines.append("match = matched gold / matched predictions (quotes are matched in each direction)")
    if "people" in report.types:
        lines.append("")
        lines.append(
            f"people matched: {report.people_matched}  role accuracy: {_fmt(report.role_accuracy)}"
            f" ({report.role_correct}/{report.people_matched})  organisation accuracy:"
            f" {_fmt(report.organisation_accuracy)} ({report.org_correct}/{report.people_matched})"
        )
    if per_document:
        lines += ["", format_per_document(report)]
    if show_errors:
        by_doc: dict[str, list[str]] = {}
        for err in report.misses:
            by_doc.setdefault(err.file, []).append(f"  MISS  {err.fact_type:<13} {describe_fact(err.fact_type, err.fact)}")
        for err in report.extras:
            by_doc.setdefault(err.file, []).append(f"  EXTRA {err.fact_type:<13} {describe_fact(err.fact_type, err.fact)}")
        for mm in report.attribute_mismatches:
            by_doc.setdefault(mm.file, []).append(
                f"  {mm.attribute.upper()[:5]:<5} people        {mm.name}: gold {mm.gold!r} / predicted {mm.predicted!r}"
            )
        if by_doc:
            lines += ["", "Errors by document:"]
            for file in report.documents:
                if file in by_doc:
                    lines.append(file)
                    lines += by_doc[file]
    return "\n".join(lines)


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def _type_json(ts: TypeScore) -> dict:
    return {
        "gold": ts.gold,
        "predicted": ts.predicted,
        "matched_gold": ts.matched_gold,
        "matched_predicted": ts.matched_predicted,
        "tp": ts.tp,
        "fp": ts.fp,
        "fn": ts.fn,
        "precision": round(ts.precision, 6),
        "recall": round(ts.recall, 6),
        "f1": round(ts.f1, 6),
    }


def report_to_json(report: EvalReport) -> dict:
    """The report as plain JSON-serialisable data."""
    return {
        "documents": list(report.documents),
        "types": {t: _type_json(ts) for t, ts in report.types.items()},
        "people": {
            "matched": report.people_matched,
            "role_correct": report.role_correct,
            "role_accuracy": report.role_accuracy,
            "organisation_correct": report.org_correct,
            "organisation_accuracy": report.organisation_accuracy,
            "mismatches": [_jsonable(vars(m)) for m in report.attribute_mismatches],
        },
        "misses": [_jsonable(vars(e)) for e in report.misses],
        "extras": [_jsonable(vars(e)) for e in report.extras],
        "per_document": {f: {t: _type_json(ts) for t, ts in d.items()} for f, d in report.per_document.items()},
    }


# --------------------------------------------------------------------------------------------
# Quick tuning path: run the extractors directly over the gold-named files
# --------------------------------------------------------------------------------------------


def load_documents(source_dir: str | Path, files: Iterable[str]) -> dict[str, Any]:
    """``ofsted.model.Document`` per named file, read by the pipeline's own ingest layer (same
    decoding, normalisation and sidecar rules as ``ofsted run``)."""
    from ofsted.ingest import discover, read_documents

    source_dir = Path(source_dir)
    wanted = list(files)
    for name in wanted:
        if not (source_dir / name).is_file():
            raise FileNotFoundError(f"gold names {name!r} but {source_dir / name} does not exist")
    candidates, _ = discover(source_dir)
    chosen = [c for c in candidates if c.rel_path in set(wanted)]
    docs, rejections = read_documents(chosen)
    unread = [r for r in rejections if r.stage in ("discover", "read")]
    if unread:
        raise ValueError("; ".join(f"{r.source_path}: {r.detail}" for r in unread))
    by_name: dict[str, Any] = {}
    for doc in docs:
        for path in (doc.source_path, *doc.extra_paths):
            by_name[Path(path).name] = doc
    return {name: by_name[name] for name in wanted}


def predict_folder(
    source_dir: str | Path, files: Iterable[str], keep_going: bool = False
) -> dict[str, dict[str, list[dict]]]:
    """Run ``ofsted.extract.extract_document`` over each named file of ``source_dir``.

    With ``keep_going`` an extractor error is printed to stderr (the full traceback once per
    distinct error) and the document gets no facts, so all its gold facts count as missed,
    instead of stopping the run.
    """
    from ofsted.extract import extract_document

    out: dict[str, dict[str, list[dict]]] = {}
    seen_errors: set[str] = set()
    for name, doc in load_documents(source_dir, files).items():
        try:
            facts = extract_document(doc)
        except Exception as exc:
            if not keep_going:
                raise
            summary = f"{type(exc).__name__}: {exc}"
            detail = "" if summary in seen_errors else "\n" + traceback.format_exc()
            seen_errors.add(summary)
            print(f"extraction failed for {name}: {summary}{detail}", file=sys.stderr)
            facts = {}
        out[name] = {t: list(facts.get(t) or []) for t in FACT_TYPES}
    return out


def _select_docs(gold: dict, doc_filters: list[str]) -> dict:
    if not doc_filters:
        return gold
    chosen = {f: v for f, v in gold.items() if any(f == d or f.startswith(d) for d in doc_filters)}
    if not chosen:
        raise SystemExit(f"no gold document matches --doc {','.join(doc_filters)}")
    return chosen


def parse_bars(items: list[str]) -> dict[str, float]:
    """``["ratings=0.9", "quotes.recall=0.8"]`` -> bars for :func:`check_bars`; a bad one exits.

    >>> parse_bars(["ratings=0.9", "quotes.recall=0.8"])
    {'ratings': 0.9, 'quotes.recall': 0.8}
    """
    bars = {}
    for item in items:
        key, _, value = item.partition("=")
        fact_type, _, metric = key.strip().partition(".")
        try:
            number = float(value)
        except ValueError:
            number = None
        if fact_type not in FACT_TYPES or metric not in ("", "precision", "recall", "f1") or number is None:
            raise SystemExit(
                f"a bar is TYPE=X or TYPE.METRIC=X with TYPE one of {', '.join(FACT_TYPES)} "
                f"and METRIC precision, recall or f1; got {item!r}"
            )
        bars[key.strip()] = number
    return bars


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ofsted.evaluation", description=__doc__.split("\n")[0])
    parser.add_argument("--gold", required=True, help="gold JSON (seeds.json format)")
    parser.add_argument("--source", required=True, help="folder with the gold-named text files")
    parser.add_argument("--json", dest="json_out", help="also write the report as JSON here")
    parser.add_argument("--types", help="comma-separated fact types to score (default: all)")
    parser.add_argument("--doc", action="append", default=[], help="score only documents whose file starts with this (repeatable, or comma-separated)")
    parser.add_argument("--bar", action="append", default=[], help="TYPE[.metric]=VALUE; exit 1 if not met (repeatable)")
    parser.add_argument("--no-errors", action="store_true", help="print only the summary table")
    parser.add_argument("--per-doc", action="store_true", help="add one line per document with its F1 per type")
    parser.add_argument("--keep-going", action="store_true", help="an extractor error empties that document instead of stopping")
    args = parser.parse_args(argv)

    gold = load_gold(args.gold)
    doc_filters = [d.strip() for item in args.doc for d in item.split(",") if d.strip()]
    gold = _select_docs(gold, doc_filters)
    types = [t.strip() for t in args.types.split(",") if t.strip()] if args.types else None
    predicted = predict_folder(args.source, list(gold), keep_going=args.keep_going)
    report = score(gold, predicted, types)
    print(format_report(report, show_errors=not args.no_errors, per_document=args.per_doc))
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(report_to_json(report), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    failures = check_bars(report, parse_bars(args.bar))
    for failure in failures:
        print(f"BAR FAILED {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
