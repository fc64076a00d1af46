-- Migration 0005: analysts' corrections, and the contract names as views of the facts after them.
--
-- The facts the rules extract move to extracted_organisations, extracted_people,
-- extracted_inspections, extracted_ratings and extracted_quotes (the raw extraction, as loaded).
-- organisations, people, inspections, ratings and quotes become views: the extracted facts with
-- analysts' corrections applied (a set changes fields, a drop removes the fact, an add brings a
-- fact the rules missed), each row saying its origin, whether it was reviewed and by which
-- correction. Everything that read the contract tables (rating_checks, inspection_matches,
-- inspection events, the reports, `ofsted query`) reads corrected facts from now on.
--
-- The corrections themselves live in a CSV file outside the warehouse (ofsted/corrections.py);
-- each run and each correction loads it into `corrections` (and what it adds up to per fact into
-- `correction_targets`), so a warehouse rebuilt from scratch gets the same corrections.
-- A correction targets a fact by its document's content hash, its type and its natural key
-- (the *_fact_key macros below), never by a row id, so it survives re-extraction.

ALTER TABLE organisations RENAME TO extracted_organisations;
ALTER TABLE people RENAME TO extracted_people;
ALTER TABLE inspections RENAME TO extracted_inspections;
ALTER TABLE ratings RENAME TO extracted_ratings;
ALTER TABLE quotes RENAME TO extracted_quotes;
COMMENT ON TABLE extracted_organisations IS 'The raw extraction: one row per distinct organisation named in a document, at its first mention, as the rules found it. The organisations view shows them after analysts'' corrections.';
COMMENT ON TABLE extracted_people IS 'The raw extraction: one row per distinct person named in a document, as the rules found them. The people view shows them after analysts'' corrections.';
COMMENT ON TABLE extracted_inspections IS 'The raw extraction: one row per inspection or visit a document reports and dates or places in a sequence. The inspections view shows them after analysts'' corrections.';
COMMENT ON TABLE extracted_ratings IS 'The raw extraction: one row per authority and judgement area a document grades or describes as changed (its latest grade, and the grade before). The ratings view shows them after analysts'' corrections; ofsted evaluate scores this table.';
COMMENT ON TABLE extracted_quotes IS 'The raw extraction: one row per direct quotation of four words or more, with its speaker. The quotes view shows them after analysts'' corrections.';

CREATE TABLE corrections (
    correction_id   VARCHAR PRIMARY KEY,
    seq             INTEGER NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    author          VARCHAR NOT NULL,
    action          VARCHAR NOT NULL,
    fact_type       VARCHAR NOT NULL,
    content_sha256  VARCHAR NOT NULL,
    fact_key        VARCHAR,
    fields          VARCHAR,
    reason          VARCHAR NOT NULL,
    source_path     VARCHAR,
    loaded_at       TIMESTAMP NOT NULL,
    CHECK (action IN ('confirm', 'set', 'drop', 'add')),
    CHECK (fact_type IN ('organisations', 'people', 'inspections', 'ratings', 'quotes')),
    CHECK ((action = 'add') = (fact_key IS NULL)),
    CHECK (length(trim(reason)) > 0)
);
COMMENT ON TABLE corrections IS 'Analysts'' corrections as read from the corrections file (default corrections.csv beside the warehouse file), one row per correction; reloaded whole by every run and every correction (ofsted correct, ofsted review). Empty until someone corrects something. Whether each applies: correction_status.';
COMMENT ON COLUMN corrections.correction_id IS 'The correction''s id in the file (ofsted correct undo ID removes it).';
COMMENT ON COLUMN corrections.seq IS 'Its place in the file (1 = first row): with created_at, the order corrections of one fact apply in.';
COMMENT ON COLUMN corrections.created_at IS 'When it was made (UTC).';
COMMENT ON COLUMN corrections.author IS 'Who made it.';
COMMENT ON COLUMN corrections.action IS 'confirm (the fact is right), set (change fields), drop (the fact is wrong: it leaves the views) or add (a fact the rules missed).';
COMMENT ON COLUMN corrections.fact_type IS 'organisations, people, inspections, ratings or quotes.';
COMMENT ON COLUMN corrections.content_sha256 IS 'The document it is about, by the hash of its normalised text (documents.content_sha256): a changed text is another document.';
COMMENT ON COLUMN corrections.fact_key IS 'The natural key of the targeted fact in that document (the fact_key column of the views); null for add.';
COMMENT ON COLUMN corrections.fields IS 'JSON object: for set the fields and their new values; for add the whole fact (span included when the analyst selected one); null for confirm and drop.';
COMMENT ON COLUMN corrections.reason IS 'Why (required).';
COMMENT ON COLUMN corrections.source_path IS 'The document''s path when the correction was made (a hint for people; matching uses content_sha256).';
COMMENT ON COLUMN corrections.loaded_at IS 'When the file was last loaded into this table (UTC).';

CREATE TABLE correction_targets (
    fact_type       VARCHAR NOT NULL,
    content_sha256  VARCHAR NOT NULL,
    fact_key        VARCHAR NOT NULL,
    fields          VARCHAR,
    corrected       BOOLEAN NOT NULL,
    dropped         BOOLEAN NOT NULL,
    reviewed        BOOLEAN NOT NULL,
    correction_id   VARCHAR NOT NULL,
    correction_ids  VARCHAR NOT NULL,
    PRIMARY KEY (fact_type, content_sha256, fact_key)
);
COMMENT ON TABLE correction_targets IS 'What the confirm, set and drop corrections of one extracted fact add up to, applied in order of time: set fields merged (the later value wins), reviewed, dropped. Written with corrections (ofsted.corrections.fold); the fact views join it on (fact_type, content_sha256, fact_key).';
COMMENT ON COLUMN correction_targets.fact_type IS 'organisations, people, inspections, ratings or quotes.';
COMMENT ON COLUMN correction_targets.content_sha256 IS 'The document (documents.content_sha256).';
COMMENT ON COLUMN correction_targets.fact_key IS 'The fact''s natural key in that document (fact_key of the keyed_* views).';
COMMENT ON COLUMN correction_targets.fields IS 'JSON object of every field a set correction gave, latest value per field; null when none.';
COMMENT ON COLUMN correction_targets.corrected IS 'A set correction applies: the fact''s origin is corrected.';
COMMENT ON COLUMN correction_targets.dropped IS 'A drop correction applies: the fact leaves the views.';
COMMENT ON COLUMN correction_targets.reviewed IS 'A confirm or set correction applies.';
COMMENT ON COLUMN correction_targets.correction_id IS 'The latest correction of the fact (corrections.correction_id).';
COMMENT ON COLUMN correction_targets.correction_ids IS 'Every correction of the fact, in the order applied, comma-separated.';

-- A field's corrected value: the value a correction's JSON gives for it (null included), else the
-- original. Callers cast numbers and dates back.
CREATE MACRO correction_value(fields, name, original) AS
    CASE WHEN fields IS NOT NULL AND json_exists(fields, '$.' || name)
         THEN json_extract_string(fields, '$.' || name) ELSE original END;
COMMENT ON MACRO correction_value IS 'correction_value(fields_json, field, original): the value a correction''s JSON gives for the field (null included) when it gives one, else original.';

-- The natural key of a fact within its document, per type: what a correction targets.
CREATE MACRO organisations_fact_key(k_name) AS coalesce(k_name, '-');
COMMENT ON MACRO organisations_fact_key IS 'Natural key of an organisation in its document: its canonical name.';
CREATE MACRO people_fact_key(k_name) AS coalesce(k_name, '-');
COMMENT ON MACRO people_fact_key IS 'Natural key of a person in their document: the name.';
CREATE MACRO ratings_fact_key(k_la_code, k_area) AS coalesce(k_la_code, '-') || '|' || coalesce(k_area, '-');
COMMENT ON MACRO ratings_fact_key IS 'Natural key of a rating in its document: la_code|area.';
CREATE MACRO inspections_fact_key(k_la_code, k_visit_type, k_start_date, k_year, k_month, k_ordinal) AS
    coalesce(k_la_code, '-') || '|' || coalesce(k_visit_type, '-') || '|'
    || coalesce(strftime(k_start_date, '%Y-%m-%d'),
                k_year::VARCHAR || '-' || lpad(k_month::VARCHAR, 2, '0'),
                k_year::VARCHAR,
                '????-' || lpad(k_month::VARCHAR, 2, '0'),
                'undated')
    || coalesce('|#' || k_ordinal::VARCHAR, '');
COMMENT ON MACRO inspections_fact_key IS 'Natural key of an inspection in its document: la_code|visit_type|date, the date being the first fieldwork day, else YYYY-MM, YYYY, ????-MM or undated; then |#ordinal for a numbered visit.';
CREATE MACRO quotes_fact_key(k_start_char, k_text) AS
    coalesce(k_start_char::VARCHAR, '-') || '|'
    || array_to_string(list_slice(string_split(regexp_replace(trim(coalesce(k_text, '')), '\s+', ' ', 'g'), ' '), 1, 8), ' ');
COMMENT ON MACRO quotes_fact_key IS 'Natural key of a quote in its document: start_char|its first eight words.';

-- ---------------------------------------------------------------------------------------------
-- organisations

CREATE VIEW keyed_organisations AS
SELECT * EXCLUDE (base_key, n), base_key || CASE WHEN n > 1 THEN '#' || n ELSE '' END AS fact_key
FROM (
    SELECT *, row_number() OVER (PARTITION BY doc_id, base_key ORDER BY start_char, end_char, rule) AS n
    FROM (SELECT e.*, d.content_sha256, organisations_fact_key(e.name) AS base_key
          FROM extracted_organisations e JOIN documents d ON d.doc_id = e.doc_id)
);
COMMENT ON VIEW keyed_organisations IS 'extracted_organisations rows with the document''s content hash and the key a correction targets them by (the canonical name; "#2", "#3" for a second or third fact with the same key in one document).';

CREATE VIEW organisations AS
WITH
added_raw AS (
    SELECT d.doc_id, c.correction_id, c.fields
    FROM corrections c JOIN documents d ON d.content_sha256 = c.content_sha256
    WHERE c.action = 'add' AND c.fact_type = 'organisations'
),
added0 AS (
    SELECT doc_id,
           correction_value(fields, 'name', NULL) AS name,
           correction_value(fields, 'org_type', NULL) AS org_type,
           correction_value(fields, 'la_code', NULL) AS la_code,
           correction_value(fields, 'start_char', NULL::VARCHAR)::BIGINT AS start_char,
           correction_value(fields, 'end_char', NULL::VARCHAR)::BIGINT AS end_char,
           'correction' AS rule,
           correction_id, fields
    FROM added_raw
),
added AS (
    SELECT *, 'added' AS origin, true AS reviewed, organisations_fact_key(name) AS fact_key FROM added0
),
kept AS (
    SELECT k.*, t.fields, t.corrected, t.reviewed AS target_reviewed, t.correction_id
    FROM keyed_organisations k
    LEFT JOIN correction_targets t
           ON t.fact_type = 'organisations' AND t.content_sha256 = k.content_sha256 AND t.fact_key = k.fact_key
    WHERE NOT coalesce(t.dropped, false)
      AND NOT EXISTS (SELECT 1 FROM added a WHERE a.doc_id = k.doc_id AND a.fact_key = k.fact_key)
),
patched AS (
    SELECT k.doc_id,
           correction_value(fields, 'name', k.name) AS name,
           correction_value(fields, 'org_type', k.org_type) AS org_type,
           correction_value(fields, 'la_code', k.la_code) AS la_code,
           k.start_char,
           k.end_char,
           k.rule,
           CASE WHEN coalesce(k.corrected, false) THEN 'corrected' ELSE 'extracted' END AS origin,
           coalesce(k.target_reviewed, false) AS reviewed, k.correction_id, k.fact_key, k.fields
    FROM kept k
)
SELECT doc_id, name, org_type, la_code, start_char, end_char, rule, origin, reviewed, correction_id, fact_key FROM patched
UNION ALL BY NAME
SELECT doc_id, name, org_type, la_code, start_char, end_char, rule, origin, reviewed, correction_id, fact_key FROM added;
COMMENT ON VIEW organisations IS 'The organisations facts after analysts'' corrections (corrections.csv): extracted_organisations rows, minus the dropped ones, with the fields a correction set, plus the facts analysts added. Read this, not extracted_organisations, unless you want the raw extraction.';
COMMENT ON COLUMN organisations.origin IS 'extracted (as the rules read it), corrected (a correction set some of its fields) or added (an analyst added it; rule = correction).';
COMMENT ON COLUMN organisations.reviewed IS 'True when an analyst confirmed, corrected or added the fact.';
COMMENT ON COLUMN organisations.correction_id IS 'The latest correction applied to the fact (corrections.correction_id); null for an untouched extracted fact.';
COMMENT ON COLUMN organisations.fact_key IS 'The key a correction targets the fact by, within its document (the canonical name).';

COMMENT ON COLUMN organisations.doc_id IS 'Document it was found in (documents.doc_id).';
COMMENT ON COLUMN organisations.name IS 'Canonical name, e.g. Sunderland City Council, Together for Children, Ofsted.';
COMMENT ON COLUMN organisations.org_type IS 'regulator, local_authority, provider, government or other.';
COMMENT ON COLUMN organisations.la_code IS 'GSS code of the local authority it is or serves; null when it serves several or none.';
COMMENT ON COLUMN organisations.start_char IS 'Start of the first mention (0-based character offset into documents.text).';
COMMENT ON COLUMN organisations.end_char IS 'End of the first mention (exclusive).';
COMMENT ON COLUMN organisations.rule IS 'Name of the rule or gazetteer entry that found it. "correction" for a fact an analyst added.';
COMMENT ON COLUMN keyed_organisations.doc_id IS 'Document it was found in (documents.doc_id).';
COMMENT ON COLUMN keyed_organisations.name IS 'Canonical name, e.g. Sunderland City Council, Together for Children, Ofsted.';
COMMENT ON COLUMN keyed_organisations.org_type IS 'regulator, local_authority, provider, government or other.';
COMMENT ON COLUMN keyed_organisations.la_code IS 'GSS code of the local authority it is or serves; null when it serves several or none.';
COMMENT ON COLUMN keyed_organisations.start_char IS 'Start of the first mention (0-based character offset into documents.text).';
COMMENT ON COLUMN keyed_organisations.end_char IS 'End of the first mention (exclusive).';
COMMENT ON COLUMN keyed_organisations.rule IS 'Name of the rule or gazetteer entry that found it.';
COMMENT ON COLUMN keyed_organisations.content_sha256 IS 'The document''s content hash (documents.content_sha256): with fact_key, what a correction targets.';
COMMENT ON COLUMN keyed_organisations.fact_key IS 'The key a correction targets the fact by, within its document (the canonical name).';

-- ---------------------------------------------------------------------------------------------
-- people

CREATE VIEW keyed_people AS
SELECT * EXCLUDE (base_key, n), base_key || CASE WHEN n > 1 THEN '#' || n ELSE '' END AS fact_key
FROM (
    SELECT *, row_number() OVER (PARTITION BY doc_id, base_key ORDER BY start_char, end_char, rule) AS n
    FROM (SELECT e.*, d.content_sha256, people_fact_key(e.name) AS base_key
          FROM extracted_people e JOIN documents d ON d.doc_id = e.doc_id)
);
COMMENT ON VIEW keyed_people IS 'extracted_people rows with the document''s content hash and the key a correction targets them by (the name; "#2", "#3" for a second or third fact with the same key in one document).';

CREATE VIEW people AS
WITH
added_raw AS (
    SELECT d.doc_id, c.correction_id, c.fields
    FROM corrections c JOIN documents d ON d.content_sha256 = c.content_sha256
    WHERE c.action = 'add' AND c.fact_type = 'people'
),
added0 AS (
    SELECT doc_id,
           correction_value(fields, 'name', NULL) AS name,
           correction_value(fields, 'role', NULL) AS role,
           correction_value(fields, 'organisation', NULL) AS organisation,
           correction_value(fields, 'start_char', NULL::VARCHAR)::BIGINT AS start_char,
           correction_value(fields, 'end_char', NULL::VARCHAR)::BIGINT AS end_char,
           'correction' AS rule,
           correction_id, fields
    FROM added_raw
),
added AS (
    SELECT *, 'added' AS origin, true AS reviewed, people_fact_key(name) AS fact_key FROM added0
),
kept AS (
    SELECT k.*, t.fields, t.corrected, t.reviewed AS target_reviewed, t.correction_id
    FROM keyed_people k
    LEFT JOIN correction_targets t
           ON t.fact_type = 'people' AND t.content_sha256 = k.content_sha256 AND t.fact_key = k.fact_key
    WHERE NOT coalesce(t.dropped, false)
      AND NOT EXISTS (SELECT 1 FROM added a WHERE a.doc_id = k.doc_id AND a.fact_key = k.fact_key)
),
patched AS (
    SELECT k.doc_id,
           correction_value(fields, 'name', k.name) AS name,
           correction_value(fields, 'role', k.role) AS role,
           correction_value(fields, 'organisation', k.organisation) AS organisation,
           k.start_char,
           k.end_char,
           k.rule,
           CASE WHEN coalesce(k.corrected, false) THEN 'corrected' ELSE 'extracted' END AS origin,
           coalesce(k.target_reviewed, false) AS reviewed, k.correction_id, k.fact_key, k.fields
    FROM kept k
)
SELECT doc_id, name, role, organisation, start_char, end_char, rule, origin, reviewed, correction_id, fact_key FROM patched
UNION ALL BY NAME
SELECT doc_id, name, role, organisation, start_char, end_char, rule, origin, reviewed, correction_id, fact_key FROM added;
COMMENT ON VIEW people IS 'The people facts after analysts'' corrections (corrections.csv): extracted_people rows, minus the dropped ones, with the fields a correction set, plus the facts analysts added. Read this, not extracted_people, unless you want the raw extraction.';
COMMENT ON COLUMN people.origin IS 'extracted (as the rules read it), corrected (a correction set some of its fields) or added (an analyst added it; rule = correction).';
COMMENT ON COLUMN people.reviewed IS 'True when an analyst confirmed, corrected or added the fact.';
COMMENT ON COLUMN people.correction_id IS 'The latest correction applied to the fact (corrections.correction_id); null for an untouched extracted fact.';
COMMENT ON COLUMN people.fact_key IS 'The key a correction targets the fact by, within its document (the name).';

COMMENT ON COLUMN people.doc_id IS 'Document they were found in (documents.doc_id).';
COMMENT ON COLUMN people.name IS 'Full name without titles (Councillor, Cllr, Dr, Sir, Mr, Ms ...).';
COMMENT ON COLUMN people.role IS 'Role as the text gives it, titles first, e.g. "Councillor, council leader", "chief executive".';
COMMENT ON COLUMN people.organisation IS 'Canonical name of the organisation the role belongs to.';
COMMENT ON COLUMN people.start_char IS 'Start of the first full mention of the name.';
COMMENT ON COLUMN people.end_char IS 'End of the first full mention of the name (exclusive).';
COMMENT ON COLUMN people.rule IS 'Name of the rule that found the person and role. "correction" for a fact an analyst added.';
COMMENT ON COLUMN keyed_people.doc_id IS 'Document they were found in (documents.doc_id).';
COMMENT ON COLUMN keyed_people.name IS 'Full name without titles (Councillor, Cllr, Dr, Sir, Mr, Ms ...).';
COMMENT ON COLUMN keyed_people.role IS 'Role as the text gives it, titles first, e.g. "Councillor, council leader", "chief executive".';
COMMENT ON COLUMN keyed_people.organisation IS 'Canonical name of the organisation the role belongs to.';
COMMENT ON COLUMN keyed_people.start_char IS 'Start of the first full mention of the name.';
COMMENT ON COLUMN keyed_people.end_char IS 'End of the first full mention of the name (exclusive).';
COMMENT ON COLUMN keyed_people.rule IS 'Name of the rule that found the person and role.';
COMMENT ON COLUMN keyed_people.content_sha256 IS 'The document''s content hash (documents.content_sha256): with fact_key, what a correction targets.';
COMMENT ON COLUMN keyed_people.fact_key IS 'The key a correction targets the fact by, within its document (the name).';

-- ---------------------------------------------------------------------------------------------
-- inspections

CREATE VIEW keyed_inspections AS
SELECT * EXCLUDE (base_key, n), base_key || CASE WHEN n > 1 THEN '#' || n ELSE '' END AS fact_key
FROM (
    SELECT *, row_number() OVER (PARTITION BY doc_id, base_key ORDER BY start_char, end_char, rule) AS n
    FROM (SELECT e.*, d.content_sha256, inspections_fact_key(e.la_code, e.visit_type, e.start_date, e.year, e.month, e.ordinal) AS base_key
          FROM extracted_inspections e JOIN documents d ON d.doc_id = e.doc_id)
);
COMMENT ON VIEW keyed_inspections IS 'extracted_inspections rows with the document''s content hash and the key a correction targets them by (la_code|visit_type|date, the date being the first fieldwork day, else YYYY-MM, YYYY, ????-MM or undated, then |#ordinal for a numbered visit; "#2", "#3" for a second or third fact with the same key in one document).';

CREATE VIEW inspections AS
WITH
added_raw AS (
    SELECT d.doc_id, c.correction_id, c.fields
    FROM corrections c JOIN documents d ON d.content_sha256 = c.content_sha256
    WHERE c.action = 'add' AND c.fact_type = 'inspections'
),
added0 AS (
    SELECT doc_id,
           coalesce(correction_value(fields, 'inspection_id', NULL), doc_id || '-' || correction_id) AS inspection_id,
           correction_value(fields, 'la_code', NULL) AS la_code,
           correction_value(fields, 'subject', NULL) AS subject,
           correction_value(fields, 'visit_type', NULL) AS visit_type,
           correction_value(fields, 'framework', NULL) AS framework,
           correction_value(fields, 'date_text', NULL) AS date_text,
           correction_value(fields, 'year', NULL::VARCHAR)::BIGINT AS year,
           correction_value(fields, 'month', NULL::VARCHAR)::BIGINT AS month,
           correction_value(fields, 'start_date', NULL::VARCHAR)::DATE AS start_date,
           correction_value(fields, 'end_date', NULL::VARCHAR)::DATE AS end_date,
           correction_value(fields, 'ordinal', NULL::VARCHAR)::BIGINT AS ordinal,
           correction_value(fields, 'theme', NULL) AS theme,
           correction_value(fields, 'progress', NULL) AS progress,
           correction_value(fields, 'lead_inspector', NULL) AS lead_inspector,
           correction_value(fields, 'evidence', NULL) AS evidence,
           correction_value(fields, 'start_char', NULL::VARCHAR)::BIGINT AS start_char,
           correction_value(fields, 'end_char', NULL::VARCHAR)::BIGINT AS end_char,
           'correction' AS rule,
           correction_id, fields
    FROM added_raw
),
added AS (
    SELECT *, 'added' AS origin, true AS reviewed, inspections_fact_key(la_code, visit_type, start_date, year, month, ordinal) AS fact_key FROM added0
),
kept AS (
    SELECT k.*, t.fields, t.corrected, t.reviewed AS target_reviewed, t.correction_id
    FROM keyed_inspections k
    LEFT JOIN correction_targets t
           ON t.fact_type = 'inspections' AND t.content_sha256 = k.content_sha256 AND t.fact_key = k.fact_key
    WHERE NOT coalesce(t.dropped, false)
      AND NOT EXISTS (SELECT 1 FROM added a WHERE a.doc_id = k.doc_id AND a.fact_key = k.fact_key)
),
patched AS (
    SELECT k.doc_id,
           k.inspection_id,
           correction_value(fields, 'la_code', k.la_code) AS la_code,
           correction_value(fields, 'subject', k.subject) AS subject,
           correction_value(fields, 'visit_type', k.visit_type) AS visit_type,
           correction_value(fields, 'framework', k.framework) AS framework,
           correction_value(fields, 'date_text', k.date_text) AS date_text,
           correction_value(fields, 'year', k.year::VARCHAR)::BIGINT AS year,
           correction_value(fields, 'month', k.month::VARCHAR)::BIGINT AS month,
           correction_value(fields, 'start_date', k.start_date::VARCHAR)::DATE AS start_date,
           correction_value(fields, 'end_date', k.end_date::VARCHAR)::DATE AS end_date,
           correction_value(fields, 'ordinal', k.ordinal::VARCHAR)::BIGINT AS ordinal,
           correction_value(fields, 'theme', k.theme) AS theme,
           correction_value(fields, 'progress', k.progress) AS progress,
           correction_value(fields, 'lead_inspector', k.lead_inspector) AS lead_inspector,
           k.evidence,
           k.start_char,
           k.end_char,
           k.rule,
           CASE WHEN coalesce(k.corrected, false) THEN 'corrected' ELSE 'extracted' END AS origin,
           coalesce(k.target_reviewed, false) AS reviewed, k.correction_id, k.fact_key, k.fields
    FROM kept k
)
SELECT doc_id, inspection_id, la_code, subject, visit_type, framework, date_text, year, month, start_date, end_date, ordinal, theme, progress, lead_inspector, evidence, start_char, end_char, rule, origin, reviewed, correction_id, fact_key FROM patched
UNION ALL BY NAME
SELECT doc_id, inspection_id, la_code, subject, visit_type, framework, date_text, year, month, start_date, end_date, ordinal, theme, progress, lead_inspector, evidence, start_char, end_char, rule, origin, reviewed, correction_id, fact_key FROM added;
COMMENT ON VIEW inspections IS 'The inspections facts after analysts'' corrections (corrections.csv): extracted_inspections rows, minus the dropped ones, with the fields a correction set, plus the facts analysts added. Read this, not extracted_inspections, unless you want the raw extraction.';
COMMENT ON COLUMN inspections.origin IS 'extracted (as the rules read it), corrected (a correction set some of its fields) or added (an analyst added it; rule = correction).';
COMMENT ON COLUMN inspections.reviewed IS 'True when an analyst confirmed, corrected or added the fact.';
COMMENT ON COLUMN inspections.correction_id IS 'The latest correction applied to the fact (corrections.correction_id); null for an untouched extracted fact.';
COMMENT ON COLUMN inspections.fact_key IS 'The key a correction targets the fact by, within its document (la_code|visit_type|date, the date being the first fieldwork day, else YYYY-MM, YYYY, ????-MM or undated, then |#ordinal for a numbered visit).';

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
COMMENT ON COLUMN inspections.rule IS 'Name of the rule that found the visit. "correction" for a fact an analyst added.';
COMMENT ON COLUMN keyed_inspections.doc_id IS 'Document it was found in (documents.doc_id).';
COMMENT ON COLUMN keyed_inspections.inspection_id IS 'Id of the visit within the warehouse (doc_id and a sequence number); ratings point to it.';
COMMENT ON COLUMN keyed_inspections.la_code IS 'GSS code of the inspected local authority.';
COMMENT ON COLUMN keyed_inspections.subject IS 'Name of the inspected authority or provider as canonicalised.';
COMMENT ON COLUMN keyed_inspections.visit_type IS 'inspection, monitoring_visit, focused_visit, jtai or other.';
COMMENT ON COLUMN keyed_inspections.framework IS 'sif, ilacs_standard, ilacs_short or other; null when the text does not say.';
COMMENT ON COLUMN keyed_inspections.date_text IS 'The date as written ("July 2015", "mid-June", "last month").';
COMMENT ON COLUMN keyed_inspections.year IS 'Year of the visit (or of its report) as far as the text and publication date allow; null if unknown.';
COMMENT ON COLUMN keyed_inspections.month IS 'Month 1-12 as far as the text allows; null if unknown.';
COMMENT ON COLUMN keyed_inspections.start_date IS 'First day of fieldwork where the text gives it.';
COMMENT ON COLUMN keyed_inspections.end_date IS 'Last day of fieldwork where the text gives it.';
COMMENT ON COLUMN keyed_inspections.ordinal IS 'Place in a series of monitoring visits ("fourth monitoring visit" -> 4).';
COMMENT ON COLUMN keyed_inspections.theme IS 'Subject of a focused visit or JTAI where given.';
COMMENT ON COLUMN keyed_inspections.progress IS 'The text''s phrase for progress, e.g. "sustained progress".';
COMMENT ON COLUMN keyed_inspections.lead_inspector IS 'Name of the lead inspector where given.';
COMMENT ON COLUMN keyed_inspections.evidence IS 'The sentence the visit was found in.';
COMMENT ON COLUMN keyed_inspections.start_char IS 'Start of the span (the date or visit phrase) the row came from.';
COMMENT ON COLUMN keyed_inspections.end_char IS 'End of that span (exclusive).';
COMMENT ON COLUMN keyed_inspections.rule IS 'Name of the rule that found the visit.';
COMMENT ON COLUMN keyed_inspections.content_sha256 IS 'The document''s content hash (documents.content_sha256): with fact_key, what a correction targets.';
COMMENT ON COLUMN keyed_inspections.fact_key IS 'The key a correction targets the fact by, within its document (la_code|visit_type|date, the date being the first fieldwork day, else YYYY-MM, YYYY, ????-MM or undated, then |#ordinal for a numbered visit).';

-- ---------------------------------------------------------------------------------------------
-- ratings

CREATE VIEW keyed_ratings AS
SELECT * EXCLUDE (base_key, n), base_key || CASE WHEN n > 1 THEN '#' || n ELSE '' END AS fact_key
FROM (
    SELECT *, row_number() OVER (PARTITION BY doc_id, base_key ORDER BY start_char, end_char, rule) AS n
    FROM (SELECT e.*, d.content_sha256, ratings_fact_key(e.la_code, e.area) AS base_key
          FROM extracted_ratings e JOIN documents d ON d.doc_id = e.doc_id)
);
COMMENT ON VIEW keyed_ratings IS 'extracted_ratings rows with the document''s content hash and the key a correction targets them by (la_code|area; "#2", "#3" for a second or third fact with the same key in one document).';

CREATE VIEW ratings AS
WITH
added_raw AS (
    SELECT d.doc_id, c.correction_id, c.fields, p.placed_inspection_id
    FROM corrections c
    JOIN documents d ON d.content_sha256 = c.content_sha256
    LEFT JOIN (SELECT doc_id, la_code,
                      CASE WHEN count(DISTINCT inspection_id) = 1 THEN min(inspection_id) END AS placed_inspection_id
               FROM extracted_ratings WHERE inspection_id IS NOT NULL GROUP BY doc_id, la_code) p
           ON p.doc_id = d.doc_id AND p.la_code IS NOT DISTINCT FROM correction_value(c.fields, 'la_code', NULL)
    WHERE c.action = 'add' AND c.fact_type = 'ratings'
),
added0 AS (
    SELECT doc_id,
           coalesce(correction_value(fields, 'inspection_id', NULL), placed_inspection_id) AS inspection_id,
           correction_value(fields, 'la_code', NULL) AS la_code,
           correction_value(fields, 'subject', NULL) AS subject,
           correction_value(fields, 'area', NULL) AS area,
           correction_value(fields, 'area_text', NULL) AS area_text,
           correction_value(fields, 'scale', NULL) AS scale,
           correction_value(fields, 'rating', NULL) AS rating,
           NULL::BIGINT AS rating_rank,
           correction_value(fields, 'previous_rating', NULL) AS previous_rating,
           correction_value(fields, 'change', NULL) AS change,
           correction_value(fields, 'evidence', NULL) AS evidence,
           correction_value(fields, 'start_char', NULL::VARCHAR)::BIGINT AS start_char,
           correction_value(fields, 'end_char', NULL::VARCHAR)::BIGINT AS end_char,
           'correction' AS rule,
           correction_id, fields
    FROM added_raw
),
added AS (
    SELECT *, 'added' AS origin, true AS reviewed, ratings_fact_key(la_code, area) AS fact_key FROM added0
),
kept AS (
    SELECT k.*, t.fields, t.corrected, t.reviewed AS target_reviewed, t.correction_id
    FROM keyed_ratings k
    LEFT JOIN correction_targets t
           ON t.fact_type = 'ratings' AND t.content_sha256 = k.content_sha256 AND t.fact_key = k.fact_key
    WHERE NOT coalesce(t.dropped, false)
      AND NOT EXISTS (SELECT 1 FROM added a WHERE a.doc_id = k.doc_id AND a.fact_key = k.fact_key)
),
patched AS (
    SELECT k.doc_id,
           k.inspection_id,
           correction_value(fields, 'la_code', k.la_code) AS la_code,
           correction_value(fields, 'subject', k.subject) AS subject,
           correction_value(fields, 'area', k.area) AS area,
           k.area_text,
           correction_value(fields, 'scale', k.scale) AS scale,
           correction_value(fields, 'rating', k.rating) AS rating,
           k.rating_rank,
           correction_value(fields, 'previous_rating', k.previous_rating) AS previous_rating,
           correction_value(fields, 'change', k.change) AS change,
           k.evidence,
           k.start_char,
           k.end_char,
           k.rule,
           CASE WHEN coalesce(k.corrected, false) THEN 'corrected' ELSE 'extracted' END AS origin,
           coalesce(k.target_reviewed, false) AS reviewed, k.correction_id, k.fact_key, k.fields
    FROM kept k
),
combined AS (
    SELECT * FROM patched UNION ALL BY NAME SELECT * FROM added
)
SELECT c.doc_id, c.inspection_id, c.la_code, c.subject, c.area, c.area_text, c.scale, c.rating,
       CASE WHEN c.origin = 'extracted' THEN c.rating_rank ELSE tr.rank END AS rating_rank,
       c.previous_rating,
       CASE WHEN c.origin = 'extracted' OR json_exists(c.fields, '$.change') THEN c.change
            WHEN (c.origin = 'added' OR json_exists(c.fields, '$.rating') OR json_exists(c.fields, '$.previous_rating'))
                 AND tr.rank IS NOT NULL AND tp.rank IS NOT NULL
                THEN CASE WHEN tr.rank < tp.rank THEN 'improved' WHEN tr.rank > tp.rank THEN 'declined' ELSE 'unchanged' END
            ELSE c.change END AS change,
       c.evidence, c.start_char, c.end_char, c.rule, c.origin, c.reviewed, c.correction_id, c.fact_key
FROM combined c
LEFT JOIN rating_scales tr ON tr.scale = c.scale AND tr.label = c.rating
LEFT JOIN rating_scales tp ON tp.scale = c.scale AND tp.label = c.previous_rating;
COMMENT ON VIEW ratings IS 'The ratings facts after analysts'' corrections (corrections.csv): extracted_ratings rows, minus the dropped ones, with the fields a correction set, plus the facts analysts added. Read this, not extracted_ratings, unless you want the raw extraction.';
COMMENT ON COLUMN ratings.origin IS 'extracted (as the rules read it), corrected (a correction set some of its fields) or added (an analyst added it; rule = correction).';
COMMENT ON COLUMN ratings.reviewed IS 'True when an analyst confirmed, corrected or added the fact.';
COMMENT ON COLUMN ratings.correction_id IS 'The latest correction applied to the fact (corrections.correction_id); null for an untouched extracted fact.';
COMMENT ON COLUMN ratings.fact_key IS 'The key a correction targets the fact by, within its document (la_code|area).';

COMMENT ON COLUMN ratings.doc_id IS 'Document it was found in (documents.doc_id).';
COMMENT ON COLUMN ratings.inspection_id IS 'The inspection the grade was given at (inspections.inspection_id); null when the text does not place it.';
COMMENT ON COLUMN ratings.la_code IS 'GSS code of the graded local authority.';
COMMENT ON COLUMN ratings.subject IS 'Name of the graded authority or provider.';
COMMENT ON COLUMN ratings.area IS 'Judgement area id from judgement_areas (overall_effectiveness, help_and_protection, ...).';
COMMENT ON COLUMN ratings.area_text IS 'The area as written in the text.';
COMMENT ON COLUMN ratings.scale IS 'Rating scale id from rating_scales (ofsted_4, or ofsted_legacy before November 2013).';
COMMENT ON COLUMN ratings.rating IS 'Grade label of the scale; null when the text gives only a direction of change.';
COMMENT ON COLUMN ratings.rating_rank IS 'Rank of the grade in its scale (1 is best); null with rating. Recomputed from the scale for a corrected or added grade.';
COMMENT ON COLUMN ratings.previous_rating IS 'The grade before, where the text states or unambiguously implies it.';
COMMENT ON COLUMN ratings.change IS 'improved, declined, unchanged, or null when the text gives no direction. For a corrected or added grade with both grades known and no change given, recomputed from their ranks.';
COMMENT ON COLUMN ratings.evidence IS 'The sentence or line the grade was read from.';
COMMENT ON COLUMN ratings.start_char IS 'Start of the evidence span.';
COMMENT ON COLUMN ratings.end_char IS 'End of the evidence span (exclusive).';
COMMENT ON COLUMN ratings.rule IS 'Name of the rule that read the grade. "correction" for a fact an analyst added.';
COMMENT ON COLUMN keyed_ratings.doc_id IS 'Document it was found in (documents.doc_id).';
COMMENT ON COLUMN keyed_ratings.inspection_id IS 'The inspection the grade was given at (inspections.inspection_id); null when the text does not place it.';
COMMENT ON COLUMN keyed_ratings.la_code IS 'GSS code of the graded local authority.';
COMMENT ON COLUMN keyed_ratings.subject IS 'Name of the graded authority or provider.';
COMMENT ON COLUMN keyed_ratings.area IS 'Judgement area id from judgement_areas (overall_effectiveness, help_and_protection, ...).';
COMMENT ON COLUMN keyed_ratings.area_text IS 'The area as written in the text.';
COMMENT ON COLUMN keyed_ratings.scale IS 'Rating scale id from rating_scales (ofsted_4, or ofsted_legacy before November 2013).';
COMMENT ON COLUMN keyed_ratings.rating IS 'Grade label of the scale; null when the text gives only a direction of change.';
COMMENT ON COLUMN keyed_ratings.rating_rank IS 'Rank of the grade in its scale (1 is best); null with rating.';
COMMENT ON COLUMN keyed_ratings.previous_rating IS 'The grade before, where the text states or unambiguously implies it.';
COMMENT ON COLUMN keyed_ratings.change IS 'improved, declined, unchanged, or null when the text gives no direction.';
COMMENT ON COLUMN keyed_ratings.evidence IS 'The sentence or line the grade was read from.';
COMMENT ON COLUMN keyed_ratings.start_char IS 'Start of the evidence span.';
COMMENT ON COLUMN keyed_ratings.end_char IS 'End of the evidence span (exclusive).';
COMMENT ON COLUMN keyed_ratings.rule IS 'Name of the rule that read the grade.';
COMMENT ON COLUMN keyed_ratings.content_sha256 IS 'The document''s content hash (documents.content_sha256): with fact_key, what a correction targets.';
COMMENT ON COLUMN keyed_ratings.fact_key IS 'The key a correction targets the fact by, within its document (la_code|area).';

-- ---------------------------------------------------------------------------------------------
-- quotes

CREATE VIEW keyed_quotes AS
SELECT * EXCLUDE (base_key, n), base_key || CASE WHEN n > 1 THEN '#' || n ELSE '' END AS fact_key
FROM (
    SELECT *, row_number() OVER (PARTITION BY doc_id, base_key ORDER BY start_char, end_char, rule) AS n
    FROM (SELECT e.*, d.content_sha256, quotes_fact_key(e.start_char, e.text) AS base_key
          FROM extracted_quotes e JOIN documents d ON d.doc_id = e.doc_id)
);
COMMENT ON VIEW keyed_quotes IS 'extracted_quotes rows with the document''s content hash and the key a correction targets them by (start_char|the first eight words of the quote; "#2", "#3" for a second or third fact with the same key in one document).';

CREATE VIEW quotes AS
WITH
added_raw AS (
    SELECT d.doc_id, c.correction_id, c.fields
    FROM corrections c JOIN documents d ON d.content_sha256 = c.content_sha256
    WHERE c.action = 'add' AND c.fact_type = 'quotes'
),
added0 AS (
    SELECT doc_id,
           correction_value(fields, 'speaker', NULL) AS speaker,
           correction_value(fields, 'speaker_role', NULL) AS speaker_role,
           correction_value(fields, 'speaker_organisation', NULL) AS speaker_organisation,
           correction_value(fields, 'text', NULL) AS text,
           correction_value(fields, 'start_char', NULL::VARCHAR)::BIGINT AS start_char,
           correction_value(fields, 'end_char', NULL::VARCHAR)::BIGINT AS end_char,
           'correction' AS rule,
           correction_id, fields
    FROM added_raw
),
added AS (
    SELECT *, 'added' AS origin, true AS reviewed, quotes_fact_key(start_char, text) AS fact_key FROM added0
),
kept AS (
    SELECT k.*, t.fields, t.corrected, t.reviewed AS target_reviewed, t.correction_id
    FROM keyed_quotes k
    LEFT JOIN correction_targets t
           ON t.fact_type = 'quotes' AND t.content_sha256 = k.content_sha256 AND t.fact_key = k.fact_key
    WHERE NOT coalesce(t.dropped, false)
      AND NOT EXISTS (SELECT 1 FROM added a WHERE a.doc_id = k.doc_id AND a.fact_key = k.fact_key)
),
patched AS (
    SELECT k.doc_id,
           correction_value(fields, 'speaker', k.speaker) AS speaker,
           correction_value(fields, 'speaker_role', k.speaker_role) AS speaker_role,
           correction_value(fields, 'speaker_organisation', k.speaker_organisation) AS speaker_organisation,
           correction_value(fields, 'text', k.text) AS text,
           k.start_char,
           k.end_char,
           k.rule,
           CASE WHEN coalesce(k.corrected, false) THEN 'corrected' ELSE 'extracted' END AS origin,
           coalesce(k.target_reviewed, false) AS reviewed, k.correction_id, k.fact_key, k.fields
    FROM kept k
)
SELECT doc_id, speaker, speaker_role, speaker_organisation, text, start_char, end_char, rule, origin, reviewed, correction_id, fact_key FROM patched
UNION ALL BY NAME
SELECT doc_id, speaker, speaker_role, speaker_organisation, text, start_char, end_char, rule, origin, reviewed, correction_id, fact_key FROM added;
COMMENT ON VIEW quotes IS 'The quotes facts after analysts'' corrections (corrections.csv): extracted_quotes rows, minus the dropped ones, with the fields a correction set, plus the facts analysts added. Read this, not extracted_quotes, unless you want the raw extraction.';
COMMENT ON COLUMN quotes.origin IS 'extracted (as the rules read it), corrected (a correction set some of its fields) or added (an analyst added it; rule = correction).';
COMMENT ON COLUMN quotes.reviewed IS 'True when an analyst confirmed, corrected or added the fact.';
COMMENT ON COLUMN quotes.correction_id IS 'The latest correction applied to the fact (corrections.correction_id); null for an untouched extracted fact.';
COMMENT ON COLUMN quotes.fact_key IS 'The key a correction targets the fact by, within its document (start_char|the first eight words of the quote).';

COMMENT ON COLUMN quotes.doc_id IS 'Document it was found in (documents.doc_id).';
COMMENT ON COLUMN quotes.speaker IS 'Canonical name of the person; "Ofsted" for words of the inspectorate''s report or letter; an organisation for words given to it.';
COMMENT ON COLUMN quotes.speaker_role IS 'The speaker''s role (people.role).';
COMMENT ON COLUMN quotes.speaker_organisation IS 'The speaker''s organisation (people.organisation).';
COMMENT ON COLUMN quotes.text IS 'The quoted words without quotation marks; paragraphs of one quote joined by a space.';
COMMENT ON COLUMN quotes.start_char IS 'Start of the quoted words in documents.text.';
COMMENT ON COLUMN quotes.end_char IS 'End of the quoted words (exclusive); spans every paragraph of a continued quote.';
COMMENT ON COLUMN quotes.rule IS 'Name of the attribution rule that gave the speaker. "correction" for a fact an analyst added.';
COMMENT ON COLUMN keyed_quotes.doc_id IS 'Document it was found in (documents.doc_id).';
COMMENT ON COLUMN keyed_quotes.speaker IS 'Canonical name of the person; "Ofsted" for words of the inspectorate''s report or letter; an organisation for words given to it.';
COMMENT ON COLUMN keyed_quotes.speaker_role IS 'The speaker''s role (people.role).';
COMMENT ON COLUMN keyed_quotes.speaker_organisation IS 'The speaker''s organisation (people.organisation).';
COMMENT ON COLUMN keyed_quotes.text IS 'The quoted words without quotation marks; paragraphs of one quote joined by a space.';
COMMENT ON COLUMN keyed_quotes.start_char IS 'Start of the quoted words in documents.text.';
COMMENT ON COLUMN keyed_quotes.end_char IS 'End of the quoted words (exclusive); spans every paragraph of a continued quote.';
COMMENT ON COLUMN keyed_quotes.rule IS 'Name of the attribution rule that gave the speaker.';
COMMENT ON COLUMN keyed_quotes.content_sha256 IS 'The document''s content hash (documents.content_sha256): with fact_key, what a correction targets.';
COMMENT ON COLUMN keyed_quotes.fact_key IS 'The key a correction targets the fact by, within its document (start_char|the first eight words of the quote).';

-- ---------------------------------------------------------------------------------------------
-- Every extracted fact's target, and whether each correction applies.

CREATE VIEW extracted_fact_keys AS
SELECT 'organisations' AS fact_type, doc_id, content_sha256, fact_key, start_char, end_char, rule FROM keyed_organisations
UNION ALL SELECT 'people', doc_id, content_sha256, fact_key, start_char, end_char, rule FROM keyed_people
UNION ALL SELECT 'inspections', doc_id, content_sha256, fact_key, start_char, end_char, rule FROM keyed_inspections
UNION ALL SELECT 'ratings', doc_id, content_sha256, fact_key, start_char, end_char, rule FROM keyed_ratings
UNION ALL SELECT 'quotes', doc_id, content_sha256, fact_key, start_char, end_char, rule FROM keyed_quotes;
COMMENT ON VIEW extracted_fact_keys IS 'Every extracted fact of every type with the target a correction names it by (content_sha256, fact_type, fact_key).';
COMMENT ON COLUMN extracted_fact_keys.fact_type IS 'organisations, people, inspections, ratings or quotes.';
COMMENT ON COLUMN extracted_fact_keys.doc_id IS 'The document (documents.doc_id).';
COMMENT ON COLUMN extracted_fact_keys.content_sha256 IS 'The document''s content hash (documents.content_sha256).';
COMMENT ON COLUMN extracted_fact_keys.fact_key IS 'The fact''s natural key in the document.';
COMMENT ON COLUMN extracted_fact_keys.start_char IS 'Start of the fact''s span.';
COMMENT ON COLUMN extracted_fact_keys.end_char IS 'End of the fact''s span (exclusive).';
COMMENT ON COLUMN extracted_fact_keys.rule IS 'The rule that extracted it.';

CREATE VIEW correction_status AS
SELECT c.correction_id, c.seq, c.created_at, c.author, c.action, c.fact_type, c.content_sha256, c.fact_key,
       c.fields, c.reason, c.source_path, d.doc_id, d.source_path AS current_source_path,
       CASE WHEN d.doc_id IS NULL OR (c.action <> 'add' AND f.fact_key IS NULL) THEN 'stale' ELSE 'applied' END AS status,
       CASE WHEN d.doc_id IS NULL
                THEN 'no document with this content is in the warehouse: its text changed (or it was never loaded here)'
            WHEN c.action <> 'add' AND f.fact_key IS NULL
                THEN 'the document no longer has a ' || c.fact_type || ' fact with key ' || c.fact_key
                     || ' (the rules now read it differently)'
            WHEN c.action = 'add' AND f.fact_key IS NOT NULL
                THEN 'added; replaces the extracted fact with the same key (' || f.fact_key || ')'
            WHEN c.action = 'add' THEN 'added'
            WHEN t.dropped AND c.action <> 'drop' THEN 'applies to a fact a later or other correction drops'
            ELSE c.action || ' applies to ' || c.fact_type || ' ' || c.fact_key
       END AS status_note
FROM corrections c
LEFT JOIN documents d ON d.content_sha256 = c.content_sha256
LEFT JOIN (SELECT DISTINCT fact_type, content_sha256, fact_key FROM extracted_fact_keys) f
       ON f.fact_type = c.fact_type AND f.content_sha256 = c.content_sha256
      AND f.fact_key = coalesce(c.fact_key, CASE c.fact_type
              WHEN 'ratings' THEN ratings_fact_key(correction_value(c.fields, 'la_code', NULL), correction_value(c.fields, 'area', NULL))
              WHEN 'people' THEN people_fact_key(correction_value(c.fields, 'name', NULL))
              WHEN 'organisations' THEN organisations_fact_key(correction_value(c.fields, 'name', NULL))
              WHEN 'inspections' THEN inspections_fact_key(correction_value(c.fields, 'la_code', NULL),
                  correction_value(c.fields, 'visit_type', NULL), correction_value(c.fields, 'start_date', NULL)::DATE,
                  correction_value(c.fields, 'year', NULL)::BIGINT, correction_value(c.fields, 'month', NULL)::BIGINT,
                  correction_value(c.fields, 'ordinal', NULL)::BIGINT)
              WHEN 'quotes' THEN quotes_fact_key(correction_value(c.fields, 'start_char', NULL)::BIGINT, correction_value(c.fields, 'text', NULL))
          END)
LEFT JOIN correction_targets t
       ON t.fact_type = c.fact_type AND t.content_sha256 = c.content_sha256 AND t.fact_key = c.fact_key;
COMMENT ON VIEW correction_status IS 'Every correction and whether it applies: applied, or stale (its document or its target fact is gone: kept, reported by ofsted status and the review page, never applied to anything else).';
COMMENT ON COLUMN correction_status.correction_id IS 'The correction (corrections.correction_id).';
COMMENT ON COLUMN correction_status.seq IS 'Its place in the file.';
COMMENT ON COLUMN correction_status.created_at IS 'When it was made (UTC).';
COMMENT ON COLUMN correction_status.author IS 'Who made it.';
COMMENT ON COLUMN correction_status.action IS 'confirm, set, drop or add.';
COMMENT ON COLUMN correction_status.fact_type IS 'The fact type it is about.';
COMMENT ON COLUMN correction_status.content_sha256 IS 'The document it is about, by content hash.';
COMMENT ON COLUMN correction_status.fact_key IS 'The targeted fact''s key; null for add.';
COMMENT ON COLUMN correction_status.fields IS 'The fields it sets or the fact it adds (JSON).';
COMMENT ON COLUMN correction_status.reason IS 'Why.';
COMMENT ON COLUMN correction_status.source_path IS 'The document''s path when the correction was made.';
COMMENT ON COLUMN correction_status.doc_id IS 'The document in this warehouse with that content; null when there is none.';
COMMENT ON COLUMN correction_status.current_source_path IS 'That document''s path now.';
COMMENT ON COLUMN correction_status.status IS 'applied or stale.';
COMMENT ON COLUMN correction_status.status_note IS 'Why, in a sentence.';
