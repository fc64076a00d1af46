"""Stage 6: the run summary: counts for people, the ``pipeline_runs`` row, and its markdown."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ofsted.fetch.records import FetchCounts
from ofsted.model import FACT_TYPES


@dataclass
class RunTotals:
    """Counts accumulated over the batches of one run."""

    run_id: str
    source: str
    warehouse: str
    n_discovered: int = 0
    n_read: int = 0
    n_new: int = 0
    n_changed: int = 0
    n_unchanged: int = 0
    n_rejected: int = 0
    #: files and folders left out on purpose (README, --exclude, .ofstedignore, pipeline outputs)
    n_excluded: int = 0
    #: documents already held whose facts were extracted again (another extraction version)
    n_reextracted: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    expectations_passed: int = 0
    expectations_failed: int = 0
    facts: dict[str, int] = field(default_factory=lambda: {t: 0 for t in FACT_TYPES})
    quality: list[dict] = field(default_factory=list)
    rejections: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    batches: int = 0
    #: counts from the post-load refresh (official outcomes, matches, events)
    derived: dict = field(default_factory=dict)
    #: agreement of extracted grades with Ofsted's record, as lines for people
    agreement_lines: list[str] = field(default_factory=list)
    disagreements: list[dict] = field(default_factory=list)
    #: what loading the analysts' corrections file did (ofsted.apply_corrections.CorrectionsLoad)
    corrections: object | None = None
    #: feeds and pages fetched this run (None when the run fetched nothing)
    fetch: FetchCounts | None = None
    #: when the run began (UTC), a moment before ``pipeline_runs.started_at``
    started_at: dt.datetime | None = None

    @property
    def status(self) -> str:
        if self.errors:
            return "failed"
        if self.n_rejected or self.rows_rejected:
            return "completed_with_rejections"
        return "completed"

    def as_record(self) -> dict:
        return {
            "status": self.status,
            "n_discovered": self.n_discovered,
            "n_new": self.n_new,
            "n_changed": self.n_changed,
            "n_unchanged": self.n_unchanged,
            "n_rejected": self.n_rejected,
            "n_excluded": self.n_excluded,
            "n_reextracted": self.n_reextracted,
            "facts": self.facts,
            "expectations_passed": self.expectations_passed,
            "expectations_failed": self.expectations_failed,
            "rows_loaded": self.rows_loaded,
            "rows_rejected": self.rows_rejected,
            "message": "; ".join(self.errors)[:2000] or None,
        }


def summary_lines(totals: RunTotals) -> list[str]:
    """The short plain-text summary the CLI prints."""
    facts = ", ".join(f"{n} {t}" for t, n in totals.facts.items())
    lines = [
        f"run {totals.run_id}: {totals.status}",
        *(totals.fetch.lines() if totals.fetch else []),
        f"documents: {totals.n_discovered} found, {totals.n_new} new, {totals.n_changed} changed, "
        f"{totals.n_unchanged} unchanged, {totals.n_reextracted} re-extracted, {totals.n_rejected} rejected; "
        f"{totals.n_excluded} left out (README/LICENSE/NOTES..., --exclude, .ofstedignore, pipeline outputs)",
        f"facts extracted: {facts}",
        f"expectations: {totals.expectations_passed} passed, {totals.expectations_failed} failed; "
        f"{totals.rows_rejected} fact rows quarantined",
        f"rows loaded: {totals.rows_loaded} into {totals.warehouse}",
    ]
    if totals.derived.get("events") is not None:
        lines.append(f"inspection events: {totals.derived['events']} ({totals.derived.get('event_conflicts', 0)} with conflicts)")
    if totals.corrections is not None and not totals.corrections.error:
        lines += totals.corrections.lines()
    lines += totals.agreement_lines[:12]
    if len(totals.agreement_lines) > 12:
        lines.append(f"  ... {len(totals.agreement_lines) - 12} more lines: see the rating_checks view")
    if totals.n_rejected or totals.rows_rejected:
        lines.append("see the `rejected` table for what was not loaded and why:")
        for r in totals.rejections[:10]:
            lines.append(f"  - {r.get('source_path') or r.get('doc_id')}: [{r['stage']}] {r['reason']}: {r.get('detail') or ''}")
        if len(totals.rejections) > 10:
            lines.append(f"  ... and {len(totals.rejections) - 10} more")
    for error in totals.errors:
        lines.append(f"ERROR: {error}")
    return lines


def _fetch_markdown(counts: FetchCounts | None) -> list[str]:
    if counts is None:
        return []
    md = [
        "| fetched | count |",
        "|---|---:|",
        f"| feeds | {counts.feeds} |",
        f"| feeds read | {counts.feeds_read} |",
        f"| feeds unchanged (304) | {counts.feeds_unchanged} |",
        f"| feeds failed or refused | {counts.feeds_failed} |",
        f"| entries seen | {counts.entries} |",
        f"| entries fetched | {counts.fetched} |",
        f"| unchanged | {counts.unchanged} |",
        f"| of which 304 | {counts.not_modified} |",
        f"| skipped | {counts.skipped} |",
        f"| refused | {counts.refused} |",
        f"| failed | {counts.failed} |",
        f"| loaded | {counts.loaded} |",
        "",
    ]
    if counts.problems:
        md += ["| not fetched | outcome | reason |", "|---|---|---|"]
        md += [f"| `{p['url']}` | {p['outcome']} | {str(p['reason']).replace('|', '/')} |" for p in counts.problems]
        md.append("")
    return md


#: Disagreements listed in the summary artifact; the rest are in the ``rating_checks`` view.
AGREEMENT_LINES_SHOWN = 50


def agreement_excerpt(lines: list[str], shown: int = AGREEMENT_LINES_SHOWN) -> list[str]:
    """The agreement lines with at most ``shown`` disagreements: a run over a large corpus can
    disagree with Ofsted's record thousands of times, and an artifact of every line (11 MB at
    10,000 documents) is more than the Prefect server will even announce.

    >>> agreement_excerpt(["Official cross-check: ...", "  DISAGREES a", "  DISAGREES b", "  DISAGREES c"], shown=2)
    ['Official cross-check: ...', '  DISAGREES a', '  DISAGREES b', '  ... 1 more: see the rating_checks view']
    """
    out, listed = [], 0
    for line in lines:
        if line.startswith("  DISAGREES"):
            listed += 1
            if listed > shown:
                continue
        out.append(line)
    if listed > shown:
        out.append(f"  ... {listed - shown} more: see the rating_checks view")
    return out


def summary_markdown(totals: RunTotals, links: dict[str, str] | None = None) -> str:
    """The run summary artifact: documents, facts, data quality, rows loaded."""
    md = [
        f"# Ofsted pipeline run `{totals.run_id}`",
        "",
        f"**Status:** {totals.status}  ",
        f"**Source:** `{totals.source}`  ",
        f"**Warehouse:** `{totals.warehouse}`",
        "",
        "| documents | count |",
        "|---|---:|",
        f"| found | {totals.n_discovered} |",
        f"| new | {totals.n_new} |",
        f"| changed | {totals.n_changed} |",
        f"| unchanged | {totals.n_unchanged} |",
        f"| re-extracted (another extraction version) | {totals.n_reextracted} |",
        f"| rejected | {totals.n_rejected} |",
        f"| left out (README/LICENSE/NOTES..., --exclude, .ofstedignore, pipeline outputs) | {totals.n_excluded} |",
        "",
        *_fetch_markdown(totals.fetch),
        "| facts | extracted |",
        "|---|---:|",
        *[f"| {t} | {n} |" for t, n in totals.facts.items()],
        "",
        f"Expectations: **{totals.expectations_passed} passed, {totals.expectations_failed} failed**; "
        f"{totals.rows_rejected} fact rows quarantined. Rows loaded: **{totals.rows_loaded}**.",
    ]
    if totals.corrections is not None:
        md += ["", "## Analysts' corrections", "", "```", *totals.corrections.lines(), "```"]
    if totals.agreement_lines:
        md += ["", "## Agreement with Ofsted's published outcomes", "", "```", *agreement_excerpt(totals.agreement_lines),
               "```"]
    if totals.rejections:
        md += ["", "## Rejected", "", "| input | stage | reason |", "|---|---|---|"]
        md += [
            f"| `{r.get('source_path') or r.get('doc_id')}` | {r['stage']} | {str(r['reason']).replace('|', '/')} |"
            for r in totals.rejections[:50]
        ]
    if links:
        md += ["", "## Links", ""] + [f"- [{name}]({url})" for name, url in links.items()]
    if totals.errors:
        md += ["", "## Errors", ""] + [f"- {e}" for e in totals.errors]
    return "\n".join(md)
