-- Migration 0006: fetched feeds and pages. Every feed read and every entry seen (a feed item or
-- a listed page) is one row of `fetches`, with its outcome and the reason; the bodies themselves
-- are kept as raw bytes in archive/ beside the warehouse file, named by their SHA-256, so a fact
-- traces back to the page and the moment it was fetched, and re-reading never needs the network.
-- `fetch_state` remembers each URL's validators (ETag, Last-Modified) for conditional requests.

CREATE TABLE fetches (
    fetch_id              VARCHAR PRIMARY KEY,
    run_id                VARCHAR NOT NULL,
    seq                   BIGINT NOT NULL,
    source_name           VARCHAR NOT NULL,
    kind                  VARCHAR NOT NULL,
    feed_url              VARCHAR,
    listed_url            VARCHAR NOT NULL,
    url                   VARCHAR NOT NULL,
    final_url             VARCHAR,
    source_path           VARCHAR,
    fetched_at            TIMESTAMP,
    status                INTEGER,
    headers               VARCHAR,
    content_type          VARCHAR,
    n_bytes               BIGINT,
    content_sha256        VARCHAR,
    archive_path          VARCHAR,
    attempts              INTEGER NOT NULL,
    elapsed_ms            BIGINT,
    entry_title           VARCHAR,
    entry_published_date  DATE,
    entry_author          VARCHAR,
    outcome               VARCHAR NOT NULL,
    reason                VARCHAR NOT NULL,
    doc_id                VARCHAR,
    CHECK (kind IN ('feed', 'page')),
    CHECK (outcome IN ('read', 'loaded', 'unchanged', 'skipped', 'refused', 'failed', 'fetched')),
    CHECK (kind = 'page' OR outcome IN ('read', 'unchanged', 'refused', 'failed'))
);
COMMENT ON TABLE fetches IS 'One row per feed read and per entry seen (a feed item or a page listed in the sources) in a run, with what became of it and why. Pages end as loaded, unchanged, skipped, refused or failed; feeds as read, unchanged, refused or failed.';
COMMENT ON COLUMN fetches.fetch_id IS 'run_id:seq.';
COMMENT ON COLUMN fetches.run_id IS 'The pipeline run that fetched it (pipeline_runs.run_id).';
COMMENT ON COLUMN fetches.seq IS 'Order within the run: feeds and pages in the order of the sources, each feed''s entries right after it.';
COMMENT ON COLUMN fetches.source_name IS 'Name of the source in the sources file (the URL itself for --feed and --url).';
COMMENT ON COLUMN fetches.kind IS 'feed (an RSS/Atom document) or page (a feed entry''s link or a listed page).';
COMMENT ON COLUMN fetches.feed_url IS 'For a feed entry, the feed it came from (its clean URL); null for feeds and listed pages.';
COMMENT ON COLUMN fetches.listed_url IS 'The URL as the feed or the sources gave it, tracking parameters included.';
COMMENT ON COLUMN fetches.url IS 'The URL requested: listed_url without tracking parameters (ofsted/data/fetch/tracking_parameters.json) or fragment; the key of fetch_state.';
COMMENT ON COLUMN fetches.final_url IS 'The last URL requested, after redirects (only http and https are followed); null when no request was sent.';
COMMENT ON COLUMN fetches.source_path IS 'The clean final URL: documents.source_path and documents.url of the document read from this page; null when no document was read.';
COMMENT ON COLUMN fetches.fetched_at IS 'When the response arrived (UTC); null when no response came (refused before asking, timed out, network error).';
COMMENT ON COLUMN fetches.status IS 'HTTP status of the last response (200, 304 not modified, 404, 500 ...); null when there was none.';
COMMENT ON COLUMN fetches.headers IS 'Response headers as a JSON object (lower-case names; Set-Cookie dropped); null without a response.';
COMMENT ON COLUMN fetches.content_type IS 'Media type of the body (text/html, application/rss+xml, application/pdf ...).';
COMMENT ON COLUMN fetches.n_bytes IS 'Size of the body in bytes (after content decoding); null without a body.';
COMMENT ON COLUMN fetches.content_sha256 IS 'SHA-256 of the body: its name in the archive. For a 304, the archived body it confirmed.';
COMMENT ON COLUMN fetches.archive_path IS 'Where the body is kept, relative to the warehouse file''s folder: archive/<2 hex digits>/<content_sha256>.';
COMMENT ON COLUMN fetches.attempts IS 'Requests sent for it, retries and redirects included (robots.txt not); 0 when none was sent.';
COMMENT ON COLUMN fetches.elapsed_ms IS 'Milliseconds from the first request to the last byte, waits for our turn and back-off included; null when none was sent.';
COMMENT ON COLUMN fetches.entry_title IS 'Title the feed entry gives; null for feeds and listed pages.';
COMMENT ON COLUMN fetches.entry_published_date IS 'Publication date the feed entry gives (the calendar date in the feed''s time zone).';
COMMENT ON COLUMN fetches.entry_author IS 'Author''s name the feed entry gives.';
COMMENT ON COLUMN fetches.outcome IS 'Pages: loaded (became a new document), unchanged (304, or the same text as a document already loaded), skipped (not relevant, keyword filter, duplicate entry, not a text format), refused (not http(s), robots.txt, over the size limit), failed (timeout, network error, HTTP error, unreadable). Feeds: read, unchanged (304), refused, failed. fetched: handed to the pipeline, settled when the run finishes (only a run that crashed leaves it).';
COMMENT ON COLUMN fetches.reason IS 'Why, in a sentence: the HTTP error and attempts, the robots.txt rule, the relevance verdict, the document it duplicates ...';
COMMENT ON COLUMN fetches.doc_id IS 'The document read from the page (documents.doc_id) when loaded or unchanged; null otherwise.';

CREATE TABLE fetch_state (
    url             VARCHAR PRIMARY KEY,
    etag            VARCHAR,
    last_modified   VARCHAR,
    content_sha256  VARCHAR NOT NULL,
    content_type    VARCHAR,
    final_url       VARCHAR,
    doc_id          VARCHAR,
    fetched_at      TIMESTAMP NOT NULL,
    checked_at      TIMESTAMP NOT NULL
);
COMMENT ON TABLE fetch_state IS 'Validators for conditional requests, per URL: written only when what the last full response gave is safely settled (its document loaded or unchanged, or the page skipped; a feed only when none of its entries failed), so a crash or a failed entry means the next run asks again in full.';
COMMENT ON COLUMN fetch_state.url IS 'The clean URL requested (fetches.url).';
COMMENT ON COLUMN fetch_state.etag IS 'ETag of the last full response; sent back as If-None-Match. Null when the server gave none.';
COMMENT ON COLUMN fetch_state.last_modified IS 'Last-Modified of the last full response; sent back as If-Modified-Since. Null when the server gave none.';
COMMENT ON COLUMN fetch_state.content_sha256 IS 'The archived body of the last full response (archive/<2 hex digits>/<sha256>): what a 304 confirms.';
COMMENT ON COLUMN fetch_state.content_type IS 'Media type of that body.';
COMMENT ON COLUMN fetch_state.final_url IS 'The URL the body came from after redirects.';
COMMENT ON COLUMN fetch_state.doc_id IS 'The document read from that body (documents.doc_id); null for feeds and skipped pages. A 304 whose document is missing from the warehouse re-reads the archived body.';
COMMENT ON COLUMN fetch_state.fetched_at IS 'When that full response arrived (UTC).';
COMMENT ON COLUMN fetch_state.checked_at IS 'When the URL was last asked and answered 200 or 304 (UTC).';
