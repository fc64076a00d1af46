-- Migration 0001: the core warehouse. Every fact row points back to its document and to the
-- character span it came from: substr(documents.text, start_char + 1, end_char - start_char).

CREATE TABLE documents (
    doc_id          VARCHAR PRIMARY KEY,
    source_path     VARCHAR NOT NULL,
    source_paths    VARCHAR NOT NULL,
    title           VARCHAR,
    published_date  DATE,
    publisher       VARCHAR,
    url             VARCHAR,
    content_sha256  VARCHAR NOT NULL,
    n_chars         BIGINT NOT NULL,
    text            VARCHAR NOT NULL,
    encoding        VARCHAR,
    source_format   VARCHAR,
    ingested_at     TIMESTAMP NOT NULL,
    run_id          VARCHAR NOT NULL
);
COMMENT ON TABLE documents IS 'One row per distinct input text (identified by the hash of its normalised content); the text every fact span indexes into.';
COMMENT ON COLUMN documents.doc_id IS 'First 16 hex digits of content_sha256: the document id every fact row carries.';
COMMENT ON COLUMN documents.source_path IS 'The file (or file#Lline for JSON Lines) the text was first read from.';
COMMENT ON COLUMN documents.source_paths IS 'Every path this same content was read from, one per line (duplicates under other names are loaded once).';
COMMENT ON COLUMN documents.title IS 'Title from the sidecar, page metadata or export record; null when unknown.';
COMMENT ON COLUMN documents.published_date IS 'Publication date from the sidecar or metadata; resolves relative dates in the text. Null when unknown.';
COMMENT ON COLUMN documents.publisher IS 'Publisher from the sidecar or metadata; null when unknown.';
COMMENT ON COLUMN documents.url IS 'Canonical URL from the sidecar or metadata; null when unknown.';
COMMENT ON COLUMN documents.content_sha256 IS 'SHA-256 (hex) of the normalised text: a changed file gets a new hash and replaces its old rows.';
COMMENT ON COLUMN documents.n_chars IS 'Length of the normalised text in characters (Python str length).';
COMMENT ON COLUMN documents.text IS 'The normalised text: UTF-8, NFC, LF line ends, no byte-order mark.';
COMMENT ON COLUMN documents.encoding IS 'The encoding the bytes were decoded from: utf-8, utf-8-sig, utf-8+cp1252 (UTF-8 with stray Windows quotes), utf-16-le/be, utf-32-le/be, cp1252, latin-1, or pdf.';
COMMENT ON COLUMN documents.source_format IS 'Input format: txt, md, html, pdf or jsonl.';
COMMENT ON COLUMN documents.ingested_at IS 'When this version of the document was loaded (UTC).';
COMMENT ON COLUMN documents.run_id IS 'The pipeline run that loaded it (pipeline_runs.run_id).';

CREATE TABLE document_paths (
    source_path VARCHAR PRIMARY KEY,
    doc_id      VARCHAR NOT NULL,
    seen_at     TIMESTAMP NOT NULL
);
COMMENT ON TABLE document_paths IS 'Which document each source path currently holds; a path whose content changes moves to the new document.';
COMMENT ON COLUMN document_paths.source_path IS 'A source file path (or file#Lline).';
COMMENT ON COLUMN document_paths.doc_id IS 'The document the path held when last read.';
COMMENT ON COLUMN document_paths.seen_at IS 'When the path was last read with this content (UTC).';

CREATE TABLE organisations (
    doc_id      VARCHAR NOT NULL,
    name        VARCHAR NOT NULL,
    org_type    VARCHAR NOT NULL,
    la_code     VARCHAR,
    start_char  BIGINT NOT NULL,
    end_char    BIGINT NOT NULL,
    rule        VARCHAR NOT NULL
);
COMMENT ON TABLE organisations IS 'One row per distinct organisation named in a document, at its first mention.';
COMMENT ON COLUMN organisations.doc_id IS 'Document it was found in (documents.doc_id).';
COMMENT ON COLUMN organisations.name IS 'Canonical name, e.g. Sunderland City Council, Together for Children, Ofsted.';
COMMENT ON COLUMN organisations.org_type IS 'regulator, local_authority, provider, government or other.';
COMMENT ON COLUMN organisations.la_code IS 'GSS code of the local authority it is or serves; null when it serves several or none.';
COMMENT ON COLUMN organisations.start_char IS 'Start of the first mention (0-based character offset into documents.text).';
COMMENT ON COLUMN organisations.end_char IS 'End of the first mention (exclusive).';
COMMENT ON COLUMN organisations.rule IS 'Name of the rule or gazetteer entry that found it.';

CREATE TABLE people (
    doc_id        VARCHAR NOT NULL,
    name          VARCHAR NOT NULL,
    role          VARCHAR,
    organisation  VARCHAR,
    start_char    BIGINT NOT NULL,
    end_char      BIGINT NOT NULL,
    rule          VARCHAR NOT NULL
);
COMMENT ON TABLE people IS 'One row per distinct person named in a document.';
COMMENT ON COLUMN people.doc_id IS 'Document they were found in (documents.doc_id).';
COMMENT ON COLUMN people.name IS 'Full name without titles (Councillor, Cllr, Dr, Sir, Mr, Ms ...).';
COMMENT ON COLUMN people.role IS 'Role as the text gives it, titles first, e.g. "Councillor, council leader", "chief executive".';
COMMENT ON COLUMN people.organisation IS 'Canonical name of the organisation the role belongs to.';
COMMENT ON COLUMN people.start_char IS 'Start of the first full mention of the name.';
COMMENT ON COLUMN people.end_char IS 'End of the first full mention of the name (exclusive).';
COMMENT ON COLUMN people.rule IS 'Name of the rule that found the person and role.';

CREATE TABLE inspections (
    doc_id          VARCHAR NOT NULL,
    inspection_id   VARCHAR NOT NULL,
    la_code         VARCHAR,
    subject         VARCHAR,
    visit_type      VARCHAR NOT NULL,
    framework       VARCHAR,
    date_text       VARCHAR,
    year            BIGINT,
    month           BIGINT,
    start_date      DATE,
    end_date        DATE,
    ordinal         BIGINT,
    theme           VARCHAR,
    progress        VARCHAR,
    lead_inspector  VARCHAR,
    evidence        VARCHAR,
    start_char      BIGINT NOT NULL,
    end_char        BIGINT NOT NULL,
    rule            VARCHAR NOT NULL
);
COMMENT ON TABLE inspections IS 'One row per inspection or visit a document reports and dates or places in a sequence.';
COMMENT ON COLUMN inspections.doc_id IS 'Document it was found in (documents.doc_id).';
COMMENT ON COLUMN inspections.inspection_id IS 'Id of the visit within the warehouse (doc_id and a sequence number); ratings point to it.';
COMMENT ON COLUMN inspections.la_code IS 'GSS code of the inspected local authority.';
COMMENT ON COLUMN inspections.subject IS 'Name of the inspected authority or provider as canonicalised.';
COMMENT ON COLUMN inspections.visit_type IS 'inspection, monitoring_visit, focused_visit, jtai or other.';
COMMENT ON COLUMN inspections.framework IS 'sif, ilacs_standard, ilacs_short or other; null when the text does not say.';
COMMENT ON COLUMN inspections.date_text IS 'The date as written ("July 2015", "mid-June", "last month").';
COMMENT ON COLUMN inspections.year IS 'Year of the visit (or of its report) as far as the text and publication date allow; null if unknown.';
COMMENT ON COLUMN inspections.month IS 'Month 1-12 as far as the text allows; null if unknown.';
COMMENT ON COLUMN inspections.start_date IS 'First day of fieldwork where the text gives it.';
COMMENT ON COLUMN inspections.end_date IS 'Last day of fieldwork where the text gives it.';
COMMENT ON COLUMN inspections.ordinal IS 'Place in a series of monitoring visits ("fourth monitoring visit" -> 4).';
COMMENT ON COLUMN inspections.theme IS 'Subject of a focused visit or JTAI where given.';
COMMENT ON COLUMN inspections.progress IS 'The text''s phrase for progress, e.g. "sustained progress".';
COMMENT ON COLUMN inspections.lead_inspector IS 'Name of the lead inspector where given.';
COMMENT ON COLUMN inspections.evidence IS 'The sentence the visit was found in.';
COMMENT ON COLUMN inspections.start_char IS 'Start of the span (the date or visit phrase) the row came from.';
COMMENT ON COLUMN inspections.end_char IS 'End of that span (exclusive).';
COMMENT ON COLUMN inspections.rule IS 'Name of the rule that found the visit.';

CREATE TABLE ratings (
    doc_id           VARCHAR NOT NULL,
    inspection_id    VARCHAR,
    la_code          VARCHAR,
    subject          VARCHAR,
    area             VARCHAR NOT NULL,
    area_text        VARCHAR,
    scale            VARCHAR NOT NULL,
    rating           VARCHAR,
    rating_rank      BIGINT,
    previous_rating  VARCHAR,
    change           VARCHAR,
    evidence         VARCHAR,
    start_char       BIGINT NOT NULL,
    end_char         BIGINT NOT NULL,
    rule             VARCHAR NOT NULL
);
COMMENT ON TABLE ratings IS 'One row per authority and judgement area a document grades or describes as changed: its latest grade, and the grade before.';
COMMENT ON COLUMN ratings.doc_id IS 'Document it was found in (documents.doc_id).';
COMMENT ON COLUMN ratings.inspection_id IS 'The inspection the grade was given at (inspections.inspection_id); null when the text does not place it.';
COMMENT ON COLUMN ratings.la_code IS 'GSS code of the graded local authority.';
COMMENT ON COLUMN ratings.subject IS 'Name of the graded authority or provider.';
COMMENT ON COLUMN ratings.area IS 'Judgement area id from judgement_areas (overall_effectiveness, help_and_protection, ...).';
COMMENT ON COLUMN ratings.area_text IS 'The area as written in the text.';
COMMENT ON COLUMN ratings.scale IS 'Rating scale id from rating_scales (ofsted_4, or ofsted_legacy before November 2013).';
COMMENT ON COLUMN ratings.rating IS 'Grade label of the scale; null when the text gives only a direction of change.';
COMMENT ON COLUMN ratings.rating_rank IS 'Rank of the grade in its scale (1 is best); null with rating.';
COMMENT ON COLUMN ratings.previous_rating IS 'The grade before, where the text states or unambiguously implies it.';
COMMENT ON COLUMN ratings.change IS 'improved, declined, unchanged, or null when the text gives no direction.';
COMMENT ON COLUMN ratings.evidence IS 'The sentence or line the grade was read from.';
COMMENT ON COLUMN ratings.start_char IS 'Start of the evidence span.';
COMMENT ON COLUMN ratings.end_char IS 'End of the evidence span (exclusive).';
COMMENT ON COLUMN ratings.rule IS 'Name of the rule that read the grade.';

CREATE TABLE quotes (
    doc_id                VARCHAR NOT NULL,
    speaker               VARCHAR NOT NULL,
    speaker_role          VARCHAR,
    speaker_organisation  VARCHAR,
    text                  VARCHAR NOT NULL,
    start_char            BIGINT NOT NULL,
    end_char              BIGINT NOT NULL,
    rule                  VARCHAR NOT NULL
);
COMMENT ON TABLE quotes IS 'One row per direct quotation of four words or more, with its speaker.';
COMMENT ON COLUMN quotes.doc_id IS 'Document it was found in (documents.doc_id).';
COMMENT ON COLUMN quotes.speaker IS 'Canonical name of the person; "Ofsted" for words of the inspectorate''s report or letter; an organisation for words given to it.';
COMMENT ON COLUMN quotes.speaker_role IS 'The speaker''s role (people.role).';
COMMENT ON COLUMN quotes.speaker_organisation IS 'The speaker''s organisation (people.organisation).';
COMMENT ON COLUMN quotes.text IS 'The quoted words without quotation marks; paragraphs of one quote joined by a space.';
COMMENT ON COLUMN quotes.start_char IS 'Start of the quoted words in documents.text.';
COMMENT ON COLUMN quotes.end_char IS 'End of the quoted words (exclusive); spans every paragraph of a continued quote.';
COMMENT ON COLUMN quotes.rule IS 'Name of the attribution rule that gave the speaker.';

CREATE TABLE rating_scales (
    scale    VARCHAR NOT NULL,
    label    VARCHAR NOT NULL,
    rank     INTEGER NOT NULL,
    wording  VARCHAR,
    PRIMARY KEY (scale, label)
);
COMMENT ON TABLE rating_scales IS 'Reference: the rating scales and their labels, best first (from reference/scales.csv).';
COMMENT ON COLUMN rating_scales.scale IS 'Scale id: ofsted_4, ofsted_legacy, ofsted_report_card, cqc_4.';
COMMENT ON COLUMN rating_scales.label IS 'Canonical grade label, e.g. requires_improvement.';
COMMENT ON COLUMN rating_scales.rank IS 'Position in the scale, 1 is best.';
COMMENT ON COLUMN rating_scales.wording IS 'How the grade is worded in reports.';

CREATE TABLE judgement_areas (
    area            VARCHAR PRIMARY KEY,
    frameworks      VARCHAR,
    official_names  VARCHAR
);
COMMENT ON TABLE judgement_areas IS 'Reference: the judgement areas ratings are given for (from reference/areas.csv).';
COMMENT ON COLUMN judgement_areas.area IS 'Canonical area id.';
COMMENT ON COLUMN judgement_areas.frameworks IS 'Frameworks that grade the area, ;-separated.';
COMMENT ON COLUMN judgement_areas.official_names IS 'Names the area has carried in frameworks, |-separated.';

CREATE TABLE local_authorities (
    gss_code          VARCHAR PRIMARY KEY,
    former_gss_codes  VARCHAR,
    dfe_la_code       VARCHAR,
    name              VARCHAR NOT NULL,
    ofsted_name       VARCHAR,
    council_name      VARCHAR,
    aliases           VARCHAR,
    la_type           VARCHAR,
    ons_region        VARCHAR,
    ofsted_region     VARCHAR,
    ofsted_urn        VARCHAR,
    web_domain        VARCHAR,
    gss_in_use_from   VARCHAR
);
COMMENT ON TABLE local_authorities IS 'Reference: the 153 English local authorities with children''s services duties (reference/local_authorities.csv).';
COMMENT ON COLUMN local_authorities.gss_code IS 'Current ONS GSS code (E06 unitary, E08 metropolitan, E09 London borough, E10 county).';
COMMENT ON COLUMN local_authorities.former_gss_codes IS 'Earlier GSS codes of the same authority, |-separated.';
COMMENT ON COLUMN local_authorities.dfe_la_code IS 'DfE three-digit LA code.';
COMMENT ON COLUMN local_authorities.name IS 'ONS/DfE statistical name.';
COMMENT ON COLUMN local_authorities.ofsted_name IS 'Name Ofsted uses in its statistics.';
COMMENT ON COLUMN local_authorities.council_name IS 'Formal council name; the canonical organisation name.';
COMMENT ON COLUMN local_authorities.aliases IS 'Other attested names, |-separated.';
COMMENT ON COLUMN local_authorities.la_type IS 'DfE entity description.';
COMMENT ON COLUMN local_authorities.ons_region IS 'ONS region.';
COMMENT ON COLUMN local_authorities.ofsted_region IS 'Ofsted region.';
COMMENT ON COLUMN local_authorities.ofsted_urn IS 'Ofsted URN of the authority''s children''s services record.';
COMMENT ON COLUMN local_authorities.web_domain IS 'Web domain of the service (may be the provider''s).';
COMMENT ON COLUMN local_authorities.gss_in_use_from IS 'Date (dd/mm/yyyy) the current code came into use.';

CREATE TABLE pipeline_runs (
    run_id                VARCHAR PRIMARY KEY,
    flow_run_id           VARCHAR,
    source                VARCHAR,
    started_at            TIMESTAMP NOT NULL,
    finished_at           TIMESTAMP,
    status                VARCHAR NOT NULL,
    n_discovered          BIGINT,
    n_new                 BIGINT,
    n_changed             BIGINT,
    n_unchanged           BIGINT,
    n_rejected            BIGINT,
    facts                 VARCHAR,
    expectations_passed   BIGINT,
    expectations_failed   BIGINT,
    rows_loaded           BIGINT,
    rows_rejected         BIGINT,
    message               VARCHAR
);
COMMENT ON TABLE pipeline_runs IS 'One row per pipeline run: when, outcome and counts.';
COMMENT ON COLUMN pipeline_runs.run_id IS 'Run id (UUID) shared by every row the run wrote.';
COMMENT ON COLUMN pipeline_runs.flow_run_id IS 'The Prefect flow run id, to find the run in the Prefect UI.';
COMMENT ON COLUMN pipeline_runs.source IS 'The source folder read.';
COMMENT ON COLUMN pipeline_runs.started_at IS 'Start time (UTC).';
COMMENT ON COLUMN pipeline_runs.finished_at IS 'End time (UTC); null while running or after a crash.';
COMMENT ON COLUMN pipeline_runs.status IS 'running, completed, completed_with_rejections, failed, or crashed (ended without finishing).';
COMMENT ON COLUMN pipeline_runs.n_discovered IS 'Input files (or JSON Lines records) found.';
COMMENT ON COLUMN pipeline_runs.n_new IS 'Documents loaded for the first time.';
COMMENT ON COLUMN pipeline_runs.n_changed IS 'Documents whose path held other content before and were replaced.';
COMMENT ON COLUMN pipeline_runs.n_unchanged IS 'Documents already loaded with the same content (skipped).';
COMMENT ON COLUMN pipeline_runs.n_rejected IS 'Inputs rejected (see rejected).';
COMMENT ON COLUMN pipeline_runs.facts IS 'JSON object: facts extracted per type.';
COMMENT ON COLUMN pipeline_runs.expectations_passed IS 'Expectations that passed over all suites and batches.';
COMMENT ON COLUMN pipeline_runs.expectations_failed IS 'Expectations that failed over all suites and batches.';
COMMENT ON COLUMN pipeline_runs.rows_loaded IS 'Fact and document rows written.';
COMMENT ON COLUMN pipeline_runs.rows_rejected IS 'Fact rows quarantined by validation.';
COMMENT ON COLUMN pipeline_runs.message IS 'Error or note for a person.';

CREATE TABLE rejected (
    run_id       VARCHAR NOT NULL,
    rejected_at  TIMESTAMP NOT NULL,
    source_path  VARCHAR,
    doc_id       VARCHAR,
    stage        VARCHAR NOT NULL,
    fact_type    VARCHAR,
    reason       VARCHAR NOT NULL,
    detail       VARCHAR,
    row_json     VARCHAR
);
COMMENT ON TABLE rejected IS 'Inputs and rows that were not loaded, with the reason.';
COMMENT ON COLUMN rejected.run_id IS 'The run that rejected it.';
COMMENT ON COLUMN rejected.rejected_at IS 'When (UTC).';
COMMENT ON COLUMN rejected.source_path IS 'The input file (or file#Lline).';
COMMENT ON COLUMN rejected.doc_id IS 'The document, for rejected fact rows.';
COMMENT ON COLUMN rejected.stage IS 'discover, read, sidecar, extract, validate or load.';
COMMENT ON COLUMN rejected.fact_type IS 'For rejected fact rows: organisations, people, inspections, ratings or quotes.';
COMMENT ON COLUMN rejected.reason IS 'Short reason code, or the failed expectation.';
COMMENT ON COLUMN rejected.detail IS 'A sentence a person understands.';
COMMENT ON COLUMN rejected.row_json IS 'The rejected fact row as JSON.';
