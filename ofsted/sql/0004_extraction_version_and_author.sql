-- Migration 0004: which extraction produced a document's facts, who wrote the document, the
-- size and modification time a file had when read (so a re-run need not read it again), and the
-- counts of a run that are new with them (paths left out on purpose, documents re-extracted).
-- Existing rows keep a null extraction_version: the next `ofsted run` re-extracts them.

ALTER TABLE documents ADD COLUMN extraction_version VARCHAR;
COMMENT ON COLUMN documents.extraction_version IS 'Version of the extraction that produced this document''s fact rows: a short hash of the extraction code (ofsted/extract/*.py) and the pattern and reference data it reads. `ofsted run` re-extracts a document whose version differs from the code''s; null for documents loaded before versions were recorded.';

ALTER TABLE documents ADD COLUMN author VARCHAR;
COMMENT ON COLUMN documents.author IS 'Who wrote the document: the sidecar''s, JSON Lines record''s or HTML page''s author, else the names of a byline in the text ("By Jane Smith, Social Affairs Correspondent" gives Jane Smith). Never a person of the story. Null when unknown.';

ALTER TABLE pipeline_runs ADD COLUMN n_excluded BIGINT;
COMMENT ON COLUMN pipeline_runs.n_excluded IS 'Files and folders left out on purpose: README/LICENSE/CHANGELOG/CONTRIBUTING/NOTES files, --exclude patterns, .ofstedignore, and the pipeline''s own outputs (not rejections).';

ALTER TABLE pipeline_runs ADD COLUMN n_reextracted BIGINT;
COMMENT ON COLUMN pipeline_runs.n_reextracted IS 'Documents already in the warehouse whose facts this run replaced by extracting them again (their extraction_version differed, or --reextract).';

ALTER TABLE document_paths ADD COLUMN size_bytes BIGINT;
COMMENT ON COLUMN document_paths.size_bytes IS 'Size of the file in bytes when it was last read; null for JSON Lines records and paths recorded before migration 0004.';

ALTER TABLE document_paths ADD COLUMN mtime_ns BIGINT;
COMMENT ON COLUMN document_paths.mtime_ns IS 'Modification time of the file (nanoseconds since the epoch) when it was last read. A later run trusts a file with the same size and modification time to hold the same document, and does not read it again, when that time was at least two seconds before seen_at; null when unknown.';

COMMENT ON COLUMN documents.run_id IS 'The pipeline run that loaded it, or that last re-extracted its facts (pipeline_runs.run_id).';
