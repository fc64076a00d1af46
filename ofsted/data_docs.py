"""Great Expectations Data Docs for a run, built at its end into ``<warehouse dir>/data_docs/``.

Validation (``ofsted.validation``) runs every batch's suites in one ephemeral GX context per
process, and ``ValidationDefinition.run`` keeps each result in that context's (in-memory)
validation results store. At the end of a run we point a local filesystem Data Docs site at the
fixed folder next to the warehouse, build it once from those stored results, and then empty the
store so the next run in the same process starts clean (the flow builds the pages of its batches'
validations ahead, while its last batches load, and only the cross-check's page and the index at
its end: :func:`begin_run_data_docs`). The folder is rewritten by every run:
it shows the latest run's validations (the run id is in its ``ofsted-run.txt``).

Data Docs are a convenience: any failure here is logged as a warning and never fails the run.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ofsted.outputs import DATA_DOCS

SITE_NAME = "ofsted_local_site"
FOLDER = DATA_DOCS
#: written into the folder so we only ever wipe a folder we built ourselves
MARKER = "ofsted-run.txt"

log = logging.getLogger("ofsted.data_docs")


def data_docs_dir(warehouse: str | Path) -> Path:
    """The fixed Data Docs folder of a warehouse: ``warehouse/ofsted.duckdb`` -> ``warehouse/data_docs``."""
    return Path(warehouse).resolve().parent / FOLDER


def site_config(base_directory: Path) -> dict:
    """A local static site: HTML files under ``base_directory``."""
    return {
        "class_name": "SiteBuilder",
        "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(base_directory)},
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
    }


def _validation_context():
    """The GX context this process validated in, or None when no validation ran here.

    Never creates one: building a context costs seconds, and with no results there is nothing
    to show (e.g. validation ran on Dask workers in other processes).
    """
    from ofsted.validation import existing_context

    return existing_context()


def _run_time(key) -> dt.datetime | None:
    run_time = getattr(getattr(key, "run_id", None), "run_time", None)
    if run_time is None:
        return None
    return run_time if run_time.tzinfo else run_time.replace(tzinfo=dt.timezone.utc)


def clear_results(context, before: dt.datetime | None = None) -> int:
    """Drop stored validation results (all, or those older than ``before``); returns how many."""
    store = context.validation_results_store
    dropped = 0
    for key in list(store.list_keys()):
        when = _run_time(key)
        if before is None or (when is not None and when < before):
            store.remove_key(key)
            dropped += 1
    return dropped


@dataclass
class BegunSite:
    """The part of a run's Data Docs built ahead (:func:`begin_run_data_docs`)."""

    folder: Path
    #: the validation results whose pages are built
    built: set = field(default_factory=set)


def _open_site(context, warehouse: str | Path, started_at: dt.datetime | None, logger) -> Path | None:
    """Drop results of earlier runs, empty our folder and point the site at it; None when this run
    validated nothing."""
    if started_at is not None:
        clear_results(context, before=started_at if started_at.tzinfo else started_at.replace(tzinfo=dt.timezone.utc))
    if not context.validation_results_store.list_keys():
        logger.info("no Data Docs: this run validated nothing")
        return None
    folder = data_docs_dir(warehouse)
    if folder.exists() and (folder / MARKER).exists():
        shutil.rmtree(folder)  # our own site from the previous run: rebuild it whole
    folder.mkdir(parents=True, exist_ok=True)
    config = site_config(folder)
    if SITE_NAME in (context.config.data_docs_sites or {}):
        context.update_data_docs_site(SITE_NAME, config)
    else:
        context.add_data_docs_site(site_name=SITE_NAME, site_config=config)
    return folder


def begin_run_data_docs(warehouse: str | Path, started_at: dt.datetime | None = None,
                        logger: logging.Logger | logging.LoggerAdapter | None = None) -> BegunSite | None:
    """Build the part of the run's Data Docs that is known once its last batch is validated:
    every suite's page and the page of every validation result stored so far, without the index
    (the flow does it while its last batches load). :func:`build_run_data_docs` adds the rest
    (the cross-check's result) and the index. None (with a warning) when it could not.

    Great Expectations must not validate in this process meanwhile (its stores are not made for
    two threads).
    """
    logger = logger or log
    try:
        context = _validation_context()
        if context is None:
            return None
        folder = _open_site(context, warehouse, started_at, logger)
        if folder is None:
            return None
        built = set(context.validation_results_store.list_keys())
        context.build_data_docs(site_names=[SITE_NAME], build_index=False)
        return BegunSite(folder, built)
    except Exception as exc:  # noqa: BLE001 - Data Docs must never fail a run; built whole later
        logger.warning("Great Expectations Data Docs could not be begun ahead: %s: %s", type(exc).__name__, exc)
        return None


def build_run_data_docs(warehouse: str | Path, run_id: str, started_at: dt.datetime | None = None,
                        logger: logging.Logger | logging.LoggerAdapter | None = None,
                        begun: BegunSite | None = None) -> Path | None:
    """Build the run's Data Docs; returns the site's ``index.html``, or None (with a warning).

    ``started_at`` (UTC) drops results left in the store by an earlier run of this process that
    never reached its summary, so the site shows this run only. With ``begun`` (the part built
    ahead by :func:`begin_run_data_docs`) only the results stored since and the index are built.
    """
    logger = logger or log
    try:
        context = _validation_context()
        if context is None:
            logger.info("no Data Docs: no validation results in this process")
            return None
        if begun is None:
            folder = _open_site(context, warehouse, started_at, logger)
            if folder is None:
                return None
            context.build_data_docs(site_names=[SITE_NAME])
        else:
            folder = begun.folder
            rest = [k for k in context.validation_results_store.list_keys() if k not in begun.built]
            # an empty list would rebuild every page: a key matching none builds the index only
            context.build_data_docs(site_names=[SITE_NAME], resource_identifiers=rest or [None])
        (folder / MARKER).write_text(f"{run_id}\n")
        index = folder / "index.html"
        if not index.exists():
            raise RuntimeError(f"GX wrote no {index}")
        return index
    except Exception as exc:  # noqa: BLE001 - Data Docs must never fail a run
        logger.warning("Great Expectations Data Docs were not built: %s: %s", type(exc).__name__, exc)
        return None
    finally:
        try:
            context = _validation_context()
            if context is not None:
                clear_results(context)
        except Exception:  # noqa: BLE001
            pass
