-- Migration 0003: inspection events. Many documents tell the story of one real-world visit; an
-- event is that visit, and its members are the extracted inspections (one per story) that report
-- it. `events` and `event_members` are recomputed over the whole warehouse by
-- ofsted.events.refresh_events() in one transaction; the views derive everything else, so they
-- never disagree with the documents and ratings they summarise.

CREATE TABLE events (
    event_id      VARCHAR PRIMARY KEY,
    la_code       VARCHAR NOT NULL,
    visit_type    VARCHAR NOT NULL,
    framework     VARCHAR,
    year          BIGINT,
    month         BIGINT,
    start_date    DATE,
    end_date      DATE,
    date_source   VARCHAR,
    official_id   VARCHAR,
    n_stories     BIGINT NOT NULL,
    refreshed_at  TIMESTAMP NOT NULL,
    CHECK (month IS NULL OR month BETWEEN 1 AND 12),
    CHECK (date_source IS NULL OR date_source IN ('fieldwork', 'stories', 'stories+official', 'official_fieldwork', 'official_publication'))
);
COMMENT ON TABLE events IS 'One row per real-world inspection or visit that documents report (an inspection event), with its resolved date; recomputed by refresh_events(). Read it through the inspection_events view.';
COMMENT ON COLUMN events.event_id IS 'Stable id la_code:visit_type:date. Date = the official record''s month (fieldwork start, else publication) when the event matches one, else the resolved YYYY-MM, else YYYY, else "undated:<first inspection_id>"; ":2", ":3" only if two events would share an id. Ids an earlier refresh gave that now name another event are kept in event_aliases.';
COMMENT ON COLUMN events.la_code IS 'GSS code of the inspected local authority (local_authorities.gss_code).';
COMMENT ON COLUMN events.visit_type IS 'inspection, monitoring_visit, focused_visit, jtai or other (inspections.visit_type); every member has this visit type.';
COMMENT ON COLUMN events.framework IS 'The official record''s framework when matched (e.g. sif, sif_reinspection, ilacs_standard); else the framework most stories give; null when none says.';
COMMENT ON COLUMN events.year IS 'Resolved year of the visit: the stories'' year; or, when no story gives one, the matched official inspection''s; null when unknown.';
COMMENT ON COLUMN events.month IS 'Resolved month 1-12: the stories'' month (most given; ties to the earliest); or the official fieldwork/publication month when no story gives one; null when unknown.';
COMMENT ON COLUMN events.start_date IS 'First day of fieldwork: the earliest a story gives, else the official record''s inspection_start_date; null when unknown.';
COMMENT ON COLUMN events.end_date IS 'Last day of fieldwork where a story gives it (the latest given); null otherwise.';
COMMENT ON COLUMN events.date_source IS 'Where year and month come from: fieldwork (story fieldwork dates), stories (dates as written), stories+official (partly from the stories, the rest from the matched official record), official_fieldwork or official_publication (all from the matched record); null when undated.';
COMMENT ON COLUMN events.official_id IS 'The official inspection the stories match (official_outcomes.official_id via inspection_matches); null when none matches.';
COMMENT ON COLUMN events.n_stories IS 'Number of extracted inspections (event_members rows) that report the event.';
COMMENT ON COLUMN events.refreshed_at IS 'When refresh_events() last computed the row (UTC).';

CREATE TABLE event_members (
    inspection_id  VARCHAR PRIMARY KEY,
    event_id       VARCHAR NOT NULL,
    doc_id         VARCHAR NOT NULL,
    joined_by      VARCHAR NOT NULL,
    CHECK (joined_by IN ('official_match', 'fieldwork', 'same_month', 'year_only', 'same_ordinal', 'founding'))
);
COMMENT ON TABLE event_members IS 'Which extracted inspection (story) reports which event: one row per inspections row with an authority.';
COMMENT ON COLUMN event_members.inspection_id IS 'The extracted inspection (inspections.inspection_id).';
COMMENT ON COLUMN event_members.event_id IS 'The event it reports (events.event_id).';
COMMENT ON COLUMN event_members.doc_id IS 'The document (story) it was read from (documents.doc_id).';
COMMENT ON COLUMN event_members.joined_by IS 'Why it belongs: official_match (matches the event''s official inspection), fieldwork (overlapping fieldwork dates), same_month (same year and month), year_only (gives only the year, and one event has that year), same_ordinal (no year; same month and place in a series of visits), founding (the story an unmatched event was formed from; the first by inspection id).';

CREATE TABLE event_aliases (
    alias_id    VARCHAR PRIMARY KEY,
    event_id    VARCHAR NOT NULL,
    retired_at  TIMESTAMP NOT NULL
);
COMMENT ON TABLE event_aliases IS 'Event ids an earlier refresh gave and that now belong to another event (its date became more precise, or it came to match an official inspection), so old links still resolve.';
COMMENT ON COLUMN event_aliases.alias_id IS 'The former event id.';
COMMENT ON COLUMN event_aliases.event_id IS 'The current event holding most of the former event''s stories (events.event_id).';
COMMENT ON COLUMN event_aliases.retired_at IS 'When the former id stopped naming an event (UTC).';

-- Each story's grade for the event, per area: ratings placed at a member inspection.
CREATE VIEW event_ratings AS
SELECT m.event_id, r.doc_id, r.inspection_id, e.la_code, r.area, r.scale, r.rating, r.rating_rank,
       r.previous_rating, r.change, r.evidence, r.start_char, r.end_char
FROM ratings r
JOIN event_members m ON m.inspection_id = r.inspection_id
JOIN events e ON e.event_id = m.event_id
WHERE r.la_code IS NULL OR r.la_code = e.la_code;
COMMENT ON VIEW event_ratings IS 'Every extracted rating placed at an inspection that belongs to an event: what each story says about the event, area by area.';
COMMENT ON COLUMN event_ratings.event_id IS 'The event (events.event_id).';
COMMENT ON COLUMN event_ratings.doc_id IS 'The document giving the grade (documents.doc_id).';
COMMENT ON COLUMN event_ratings.inspection_id IS 'The extracted inspection the grade is placed at (inspections.inspection_id).';
COMMENT ON COLUMN event_ratings.la_code IS 'GSS code of the event''s authority.';
COMMENT ON COLUMN event_ratings.area IS 'Judgement area (judgement_areas.area).';
COMMENT ON COLUMN event_ratings.scale IS 'Rating scale (rating_scales.scale).';
COMMENT ON COLUMN event_ratings.rating IS 'Grade label; null when the story gives only a direction of change.';
COMMENT ON COLUMN event_ratings.rating_rank IS 'Rank of the grade in its scale, 1 = best.';
COMMENT ON COLUMN event_ratings.previous_rating IS 'The grade before, as the story gives it.';
COMMENT ON COLUMN event_ratings.change IS 'improved, declined, unchanged or null.';
COMMENT ON COLUMN event_ratings.evidence IS 'The sentence the grade was read from.';
COMMENT ON COLUMN event_ratings.start_char IS 'Start of the evidence span in documents.text.';
COMMENT ON COLUMN event_ratings.end_char IS 'End of the evidence span (exclusive).';

CREATE VIEW event_conflicts AS
WITH graded AS (
    SELECT * FROM event_ratings WHERE rating IS NOT NULL
),
stories AS (
    SELECT a.event_id, a.la_code, a.area, 'stories_disagree' AS kind,
           a.doc_id, a.inspection_id, a.rating, a.evidence,
           b.doc_id AS other_doc_id, b.inspection_id AS other_inspection_id, b.rating AS other_rating,
           b.evidence AS other_evidence, e.official_id
    FROM graded a
    JOIN graded b ON a.event_id = b.event_id AND a.area = b.area AND a.rating <> b.rating
                 AND (a.doc_id < b.doc_id OR (a.doc_id = b.doc_id AND a.start_char < b.start_char))
    JOIN events e ON e.event_id = a.event_id
),
official AS (
    SELECT m.event_id, e.la_code, c.area, 'official_disagrees' AS kind,
           c.doc_id, c.inspection_id, c.rating, c.evidence,
           NULL AS other_doc_id, NULL AS other_inspection_id, c.official_rating AS other_rating,
           concat_ws('; ',
               coalesce('Ofsted''s published outcome ' || c.official_id
                            || coalesce(': ' || coalesce(o.area_official, o.area) || ' = ' || o.rating
                                        || ' (' || o.source_file || ', line ' || o.source_row || ')', ''),
                        'Ofsted''s published outcomes'),
               c.verdict_note) AS other_evidence,
           e.official_id
    FROM rating_checks c
    JOIN event_members m ON m.inspection_id = c.inspection_id AND m.doc_id = c.doc_id
    JOIN events e ON e.event_id = m.event_id
    LEFT JOIN official_outcomes o ON o.official_id = c.official_id AND o.area = c.area
    WHERE c.verdict = 'disagrees' AND (c.la_code IS NULL OR c.la_code = e.la_code)
)
SELECT * FROM stories
UNION ALL
SELECT * FROM official;
COMMENT ON VIEW event_conflicts IS 'Events whose stories disagree: two stories giving different grades for one area (stories_disagree, one row per pair), or a story disagreeing with Ofsted''s published outcome (official_disagrees, from rating_checks verdict disagrees); with both pieces of evidence.';
COMMENT ON COLUMN event_conflicts.event_id IS 'The event (events.event_id).';
COMMENT ON COLUMN event_conflicts.la_code IS 'GSS code of the event''s authority.';
COMMENT ON COLUMN event_conflicts.area IS 'The judgement area the grades disagree on.';
COMMENT ON COLUMN event_conflicts.kind IS 'stories_disagree (two stories) or official_disagrees (a story against the official record).';
COMMENT ON COLUMN event_conflicts.doc_id IS 'The document of the first grade.';
COMMENT ON COLUMN event_conflicts.inspection_id IS 'The extracted inspection of the first grade.';
COMMENT ON COLUMN event_conflicts.rating IS 'The first story''s grade.';
COMMENT ON COLUMN event_conflicts.evidence IS 'The sentence the first grade was read from.';
COMMENT ON COLUMN event_conflicts.other_doc_id IS 'The document of the other grade; null when the other side is the official record.';
COMMENT ON COLUMN event_conflicts.other_inspection_id IS 'The extracted inspection of the other grade; null for the official record.';
COMMENT ON COLUMN event_conflicts.other_rating IS 'The other story''s grade, or the official grade.';
COMMENT ON COLUMN event_conflicts.other_evidence IS 'The sentence the other grade was read from; or, against the official record, the official row (id, column heading, file and line) and rating_checks.verdict_note.';
COMMENT ON COLUMN event_conflicts.official_id IS 'The official inspection the event matches (events.official_id), if any.';

CREATE VIEW inspection_events AS
WITH docs AS (
    SELECT m.event_id, count(DISTINCT m.doc_id) AS n_documents,
           min(d.published_date) AS first_published, max(d.published_date) AS last_published
    FROM event_members m LEFT JOIN documents d ON d.doc_id = m.doc_id
    GROUP BY m.event_id
),
grades AS (
    SELECT event_id, area, CASE WHEN count(DISTINCT rating) = 1 THEN min(rating) END AS rating
    FROM event_ratings WHERE rating IS NOT NULL
    GROUP BY event_id, area
),
conflicts AS (
    SELECT event_id, count(*) AS n_conflicts FROM event_conflicts GROUP BY event_id
),
official AS (
    SELECT official_id, min(published_date) AS official_published_date,
           min(inspection_start_date) AS official_start_date
    FROM official_outcomes GROUP BY official_id
)
SELECT e.event_id, e.la_code, la.name AS la_name, e.visit_type, e.framework, e.year, e.month,
       e.start_date, e.end_date, e.date_source, e.official_id,
       o.official_start_date, o.official_published_date,
       coalesce(d.n_documents, 0) AS n_documents, e.n_stories, d.first_published, d.last_published,
       max(CASE WHEN g.area = 'overall_effectiveness' THEN g.rating END) AS overall_effectiveness,
       max(CASE WHEN g.area = 'help_and_protection' THEN g.rating END) AS help_and_protection,
       max(CASE WHEN g.area = 'children_in_care' THEN g.rating END) AS children_in_care,
       max(CASE WHEN g.area = 'adoption' THEN g.rating END) AS adoption,
       max(CASE WHEN g.area = 'care_leavers' THEN g.rating END) AS care_leavers,
       max(CASE WHEN g.area = 'leadership' THEN g.rating END) AS leadership,
       max(CASE WHEN g.area = 'lscb' THEN g.rating END) AS lscb,
       coalesce(c.n_conflicts, 0) AS n_conflicts
FROM events e
LEFT JOIN local_authorities la ON la.gss_code = e.la_code
LEFT JOIN docs d ON d.event_id = e.event_id
LEFT JOIN grades g ON g.event_id = e.event_id
LEFT JOIN conflicts c ON c.event_id = e.event_id
LEFT JOIN official o ON o.official_id = e.official_id
GROUP BY ALL;
COMMENT ON VIEW inspection_events IS 'One row per real-world inspection or visit, however many stories report it: authority, visit type, framework, resolved date, the official inspection it matches, how many documents report it and when, and per judgement area the grade the stories report.';
COMMENT ON COLUMN inspection_events.event_id IS 'Stable event id (events.event_id): la_code:visit_type:date.';
COMMENT ON COLUMN inspection_events.la_code IS 'GSS code of the inspected authority.';
COMMENT ON COLUMN inspection_events.la_name IS 'Name of the authority (local_authorities.name).';
COMMENT ON COLUMN inspection_events.visit_type IS 'inspection, monitoring_visit, focused_visit, jtai or other.';
COMMENT ON COLUMN inspection_events.framework IS 'Framework: the official record''s when matched, else the stories''; null when unknown.';
COMMENT ON COLUMN inspection_events.year IS 'Resolved year (events.year); null when no story nor match gives it.';
COMMENT ON COLUMN inspection_events.month IS 'Resolved month 1-12 (events.month); null when unknown.';
COMMENT ON COLUMN inspection_events.start_date IS 'First day of fieldwork where a story or the official record gives it.';
COMMENT ON COLUMN inspection_events.end_date IS 'Last day of fieldwork where a story gives it.';
COMMENT ON COLUMN inspection_events.date_source IS 'Where the resolved date comes from (events.date_source).';
COMMENT ON COLUMN inspection_events.official_id IS 'The matched official inspection (official_outcomes.official_id); null when none matches.';
COMMENT ON COLUMN inspection_events.official_start_date IS 'Fieldwork start of the matched official inspection, where Ofsted''s files give it.';
COMMENT ON COLUMN inspection_events.official_published_date IS 'Publication date of the matched official inspection''s report.';
COMMENT ON COLUMN inspection_events.n_documents IS 'Number of distinct documents reporting the event.';
COMMENT ON COLUMN inspection_events.n_stories IS 'Number of extracted inspections reporting it (a document reports a visit once, so normally n_documents).';
COMMENT ON COLUMN inspection_events.first_published IS 'Earliest publication date of those documents (null when none is dated).';
COMMENT ON COLUMN inspection_events.last_published IS 'Latest publication date of those documents.';
COMMENT ON COLUMN inspection_events.overall_effectiveness IS 'Overall effectiveness grade the stories report; null when none gives one or they disagree (see event_conflicts).';
COMMENT ON COLUMN inspection_events.help_and_protection IS 'Grade for children who need help and protection as the stories report it; null when none or disagreeing.';
COMMENT ON COLUMN inspection_events.children_in_care IS 'Grade for children in care (looked after, achieving permanence) as the stories report it; null when none or disagreeing.';
COMMENT ON COLUMN inspection_events.adoption IS 'Adoption performance grade as the stories report it; null when none or disagreeing.';
COMMENT ON COLUMN inspection_events.care_leavers IS 'Care leavers grade as the stories report it; null when none or disagreeing.';
COMMENT ON COLUMN inspection_events.leadership IS 'Leadership, management and governance grade as the stories report it; null when none or disagreeing.';
COMMENT ON COLUMN inspection_events.lscb IS 'Local Safeguarding Children Board review grade as the stories report it; null when none or disagreeing.';
COMMENT ON COLUMN inspection_events.n_conflicts IS 'Rows of event_conflicts for the event: story-vs-story pairs and story-vs-official disagreements.';
