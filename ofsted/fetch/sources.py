"""What to fetch: a sources file (TOML), or ``--feed`` / ``--url`` on the command line.

A sources file lists RSS/Atom feeds and plain pages, each with a name, and optionally keyword
filters and a publisher, plus an optional ``[settings]`` table (see
:class:`~ofsted.fetch.settings.FetchSettings`)::

    [settings]
    contact = "mailto:data-team@example.org"

    [[feed]]
    name = "council-newsroom"
    url = "https://www.example.gov.uk/news/rss"
    keywords = ["Ofsted", "children's services"]   # an entry is fetched only when its title or
    exclude = ["school"]                           # summary has a keyword and no excluded word
    publisher = "Example Council"

    [[page]]
    name = "inspection-letter"
    url = "https://www.example.gov.uk/ofsted-letter"

A file that is not valid TOML, or has an unknown key or a value of the wrong type, is refused as
a whole with :class:`SourcesError` naming the place. A URL that is not http(s) is not a file
error: the run records it as ``refused`` in ``fetches`` and fetches the rest.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .settings import FetchSettings, SettingsError

KINDS = ("feed", "page")
_SOURCE_KEYS = {"name", "url", "keywords", "exclude", "publisher"}


class SourcesError(ValueError):
    """A sources file that cannot be used (syntax, unknown key, wrong type)."""


def _fold(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'").casefold()


def _has_word(text: str, word: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(_fold(word)) + r"(?!\w)", text) is not None


@dataclass(frozen=True)
class Source:
    """One feed or page to fetch. ``kind`` is ``feed`` or ``page``."""

    name: str
    kind: str
    url: str
    keywords: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    publisher: str | None = None

    def keyword_problem(self, text: str) -> str | None:
        """Why ``text`` fails this source's keyword filters, or None when it passes.

        >>> Source("s", "feed", "https://x.org/", keywords=("Ofsted",)).keyword_problem("An OFSTED visit")
        >>> Source("s", "feed", "https://x.org/", keywords=("Ofsted",)).keyword_problem("A school fete")
        'none of the keywords (Ofsted) appears'
        """
        folded = _fold(text)
        if self.keywords and not any(_has_word(folded, k) for k in self.keywords):
            return f"none of the keywords ({', '.join(self.keywords)}) appears"
        hits = [w for w in self.exclude if _has_word(folded, w)]
        if hits:
            return f"an excluded word appears ({', '.join(hits)})"
        return None


@dataclass(frozen=True)
class FetchPlan:
    """The sources of one run and the settings to fetch them with; ``origin`` says where they came from."""

    sources: tuple[Source, ...]
    settings: FetchSettings = field(default_factory=FetchSettings)
    origin: str = "command line"

    def describe(self) -> str:
        """``'2 feeds and 1 page from sources.toml'``."""
        n_feeds = sum(s.kind == "feed" for s in self.sources)
        n_pages = len(self.sources) - n_feeds
        parts = [f"{n} {kind}{'s' if n != 1 else ''}" for n, kind in ((n_feeds, "feed"), (n_pages, "page")) if n]
        return f"{' and '.join(parts) or 'nothing'} from {self.origin}"


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise SourcesError(f"{where} must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _source(kind: str, entry: Any, where: str) -> Source:
    if not isinstance(entry, dict):
        raise SourcesError(f"{where} must be a table with name and url")
    unknown = sorted(set(entry) - _SOURCE_KEYS)
    if unknown:
        raise SourcesError(f"{where}: unknown key {unknown[0]!r} (known: {', '.join(sorted(_SOURCE_KEYS))})")
    for key in ("name", "url"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise SourcesError(f"{where}: {key} is required (a non-empty string)")
    publisher = entry.get("publisher")
    if publisher is not None and (not isinstance(publisher, str) or not publisher.strip()):
        raise SourcesError(f"{where}: publisher must be a non-empty string")
    return Source(
        name=entry["name"].strip(),
        kind=kind,
        url=entry["url"].strip(),
        keywords=_strings(entry.get("keywords", []), f"{where}: keywords"),
        exclude=_strings(entry.get("exclude", []), f"{where}: exclude"),
        publisher=publisher.strip() if publisher else None,
    )


def parse_sources(text: str, origin: str = "sources file", settings: FetchSettings | None = None) -> FetchPlan:
    """A :class:`FetchPlan` from the TOML ``text``; raises :class:`SourcesError`."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SourcesError(f"{origin} is not valid TOML: {exc}") from None
    unknown = sorted(set(data) - {"settings", *KINDS})
    if unknown:
        raise SourcesError(f"{origin}: unknown table {unknown[0]!r} (use [[feed]], [[page]] and [settings])")
    settings = settings or FetchSettings()
    if "settings" in data:
        if not isinstance(data["settings"], dict):
            raise SourcesError(f"{origin}: [settings] must be a table")
        try:
            settings = settings.with_overrides(data["settings"], f"{origin} [settings]")
        except SettingsError as exc:
            raise SourcesError(str(exc)) from None
    sources: list[Source] = []
    for kind in KINDS:
        entries = data.get(kind, [])
        if not isinstance(entries, list):
            raise SourcesError(f"{origin}: write [[{kind}]] tables (an array), not [{kind}]")
        sources += [_source(kind, e, f"{origin} [[{kind}]] #{i}") for i, e in enumerate(entries, start=1)]
    names = [s.name for s in sources]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise SourcesError(f"{origin}: the name {twice[0]!r} is used by more than one source")
    return FetchPlan(tuple(sources), settings, origin)


def load_sources(path: str | Path, settings: FetchSettings | None = None) -> FetchPlan:
    """Read a sources file; raises :class:`SourcesError` (also when it cannot be read)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourcesError(f"cannot read the sources file {path}: {exc}") from None
    return parse_sources(text, str(path), settings)


def build_plan(
    sources_file: str | Path | None = None,
    feeds: list[str] | tuple[str, ...] = (),
    urls: list[str] | tuple[str, ...] = (),
    settings: FetchSettings | None = None,
) -> FetchPlan | None:
    """The plan of a run: the sources file's entries, then ``--feed`` and ``--url`` ones; None when empty."""
    plan = load_sources(sources_file, settings) if sources_file else FetchPlan((), settings or FetchSettings(), "")
    extra = tuple(Source(url.strip(), "feed", url.strip()) for url in feeds or ()) + tuple(
        Source(url.strip(), "page", url.strip()) for url in urls or ()
    )
    if not plan.sources and not extra:
        return None
    origin = " and ".join(o for o in (plan.origin, "the command line" if extra else "") if o)
    return FetchPlan(plan.sources + extra, plan.settings, origin)
