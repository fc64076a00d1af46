-- Migration 0002: Ofsted's published outcomes and the cross-check of extracted grades against them.
--
-- official_outcomes  the official record (filled by `ofsted load-official`, or by `ofsted run` when empty)
-- inspection_matches which official inspection or visit each extracted inspection refers to
--                    (recomputed over the whole warehouse by ofsted.official_checks.refresh_matches)
-- rating_checks      view: every extracted rating next to the official grade, with a verdict
--
-- The official record never fills or changes an extracted fact: ratings and inspections stay what
-- the texts say; the enrichment lives only in these three objects.
--
-- official_outcomes: one row per local authority, official inspection and graded area; one row
-- (area and rating null) per ungraded visit. Filled by ofsted.official.load_official(); files and
-- licences in ofsted/data/official/SOURCES.md, every mapping in ofsted/data/official/mappings.json.

CREATE TABLE official_outcomes (
    official_id            VARCHAR NOT NULL,
    la_code                VARCHAR NOT NULL,
    la_name                VARCHAR NOT NULL,
    framework              VARCHAR NOT NULL,
    framework_family       VARCHAR NOT NULL,
    visit_type             VARCHAR NOT NULL,
    inspection_start_date  DATE,
    inspection_end_date    DATE,
    published_date         DATE,
    area                   VARCHAR,
    area_official          VARCHAR,
    rating                 VARCHAR,
    scale                  VARCHAR,
    rating_rank            TINYINT,
    theme                  VARCHAR,
    source_file            VARCHAR NOT NULL,
    source_row             INTEGER NOT NULL,
    other_sources          VARCHAR,
    UNIQUE (official_id, area),
    CHECK (framework IN ('slac', 'slac_reinspection', 'cpi', 'cpri', 'tlac', 'sif',
                         'sif_reinspection', 'ilacs_standard', 'ilacs_short', 'ilacs',
                         'focused_visit', 'monitoring_visit')),
    CHECK (framework_family IN ('slac', 'cpi', 'tlac', 'sif', 'ilacs')),
    CHECK (visit_type IN ('inspection', 'monitoring_visit', 'focused_visit')),
    CHECK (scale IS NULL OR scale IN ('ofsted_4', 'ofsted_legacy')),
    CHECK (rating_rank IS NULL OR rating_rank BETWEEN 1 AND 4),
    CHECK ((visit_type = 'inspection') = (rating IS NOT NULL)),
    CHECK ((rating IS NULL) = (area IS NULL) AND (rating IS NULL) = (scale IS NULL)
           AND (rating IS NULL) = (rating_rank IS NULL)),
    CHECK (published_date IS NOT NULL OR inspection_start_date IS NOT NULL)
);
COMMENT ON TABLE official_outcomes IS 'Ofsted''s published outcomes of inspections of local authority children''s services, 2009-2025 (official statistics, Open Government Licence v3): one row per authority, inspection and graded area, and one row with area and rating null per ungraded focused or monitoring visit. An inspection found in several Ofsted files is one inspection here. The ground truth extracted facts are cross-checked against.';
COMMENT ON COLUMN official_outcomes.official_id IS 'Stable id of the official inspection or visit: la_code:framework:date, the date being the publication date (ISO) or, where no file gives one, the inspection/visit date. Shared by all area rows of one inspection.';
COMMENT ON COLUMN official_outcomes.la_code IS 'Current GSS code of the authority inspected (local_authorities.gss_code). Former codes are mapped to the current one (Sheffield E08000019 -> E08000039, Barnsley E08000016 -> E08000038, Gateshead, Northumberland, North Yorkshire, Somerset, Buckinghamshire); files without codes are joined on name. Abolished authorities (Bournemouth, Poole, Dorset county, Northamptonshire, Cumbria) are not included.';
COMMENT ON COLUMN official_outcomes.la_name IS 'The name Ofsted uses for the authority (local_authorities.ofsted_name), not necessarily the spelling of the source row.';
COMMENT ON COLUMN official_outcomes.framework IS 'Kind of inspection or visit: slac, slac_reinspection (2009-12 safeguarding and looked after children), cpi, cpri (child protection inspection and re-inspection, 2012-13), tlac (targeted looked after children, 2013), sif, sif_reinspection (single inspection framework, Nov 2013-2018), ilacs_standard, ilacs_short (ILACS from 2018; ilacs where no file states standard/short), focused_visit, monitoring_visit.';
COMMENT ON COLUMN official_outcomes.framework_family IS 'Framework the kind belongs to: slac, cpi, tlac, sif or ilacs (visits: ilacs). One inspection = la_code, visit_type, framework_family and date.';
COMMENT ON COLUMN official_outcomes.visit_type IS 'inspection (graded), focused_visit or monitoring_visit (ungraded); the values of the facts'' visit_type vocabulary.';
COMMENT ON COLUMN official_outcomes.inspection_start_date IS 'Inspection or visit date (fieldwork start) where an Ofsted file gives it (ILACS files and in-year activity files only); null for SLAC, CPI, TLAC and SIF, whose table has publication dates only.';
COMMENT ON COLUMN official_outcomes.inspection_end_date IS 'Last day of fieldwork. No official file gives it, so always null for now; kept for a later source.';
COMMENT ON COLUMN official_outcomes.published_date IS 'Publication date of the report or letter; null where the only file is the 2022-23 in-year table (no publication date there). News texts usually date a judgement by this date.';
COMMENT ON COLUMN official_outcomes.area IS 'Judgement area, an id from areas.csv: overall_effectiveness, help_and_protection, children_in_care, adoption, care_leavers, leadership, lscb. SLAC safeguarding OE and CPI/CPRI/TLAC OE -> overall_effectiveness, SLAC looked after children OE -> children_in_care, ILACS 2018-22 combined children in care and care leavers -> children_in_care. Null for visits.';
COMMENT ON COLUMN official_outcomes.area_official IS 'The official column heading the grade was read from (e.g. ''First SIF CLA Sub: Adoption Performance''). Ofsted''s 2025 sheets head the pre-2023 combined ILACS judgement ''The experiences and progress of children in care''.';
COMMENT ON COLUMN official_outcomes.rating IS 'Grade as a label of scale (scales.csv): outstanding, good, requires_improvement, inadequate; for SLAC, CPI, CPRI and TLAC (before Nov 2013) the legacy adequate, which Ofsted''s tables write as ''Requires improvement to be good''. Null for visits. Cells holding - or blank give no row.';
COMMENT ON COLUMN official_outcomes.scale IS 'Scale of rating: ofsted_4 (SIF, ILACS) or ofsted_legacy (SLAC, CPI, CPRI, TLAC); null for visits.';
COMMENT ON COLUMN official_outcomes.rating_rank IS 'Rank of rating in its scale from scales.csv, 1 = best (outstanding) to 4 = inadequate; null for visits.';
COMMENT ON COLUMN official_outcomes.theme IS 'Theme of a focused or monitoring visit as Ofsted words it (Front door; Children in need/subject to a plan; Children in care; Achieving permanence; Care leavers; Vulnerable adolescents); null for inspections.';
COMMENT ON COLUMN official_outcomes.source_file IS 'The Ofsted file this row''s grade was taken from (the highest-priority file holding the inspection: ILACS history, 2024-25 in-year, outcomes at 31 March 2025, 2022-23 in-year, 2009-2023 table).';
COMMENT ON COLUMN official_outcomes.source_row IS 'Line number in source_file (the header is line 1).';
COMMENT ON COLUMN official_outcomes.other_sources IS 'Other file:line places that state the same inspection, |-separated; null if only one file has it.';

-- inspection_matches: for each extracted inspection or visit, the official inspection or visit it
-- refers to. Recomputed in one transaction over the whole warehouse by
-- ofsted.official_checks.refresh_matches(); the rules are described on the table comment.

CREATE TABLE inspection_matches (
    doc_id         VARCHAR NOT NULL,
    inspection_id  VARCHAR,
    la_code        VARCHAR,
    official_id    VARCHAR,
    matched_by     VARCHAR,
    n_candidates   INTEGER NOT NULL,
    note           VARCHAR,
    CHECK (matched_by IS NULL OR matched_by IN ('date', 'published_date', 'grades')),
    CHECK (official_id IS NULL OR matched_by IS NOT NULL),
    CHECK (n_candidates >= 0)
);
COMMENT ON TABLE inspection_matches IS 'Which official inspection or visit (official_outcomes) each extracted inspection refers to: one row per extracted inspection, plus one per document and authority for ratings the text does not place at an inspection. All ratings of one extracted inspection refer to the same official one. For the same authority and visit type, the first rule that applies decides: (1) date: the text dates the visit (year, and month where given) and an official inspection''s fieldwork (start to end, end taken as start + 13 days for inspections and + 1 day for visits when unknown) or publication falls in that year and month (year only: same year); several such candidates are narrowed to the ones consistent with the text''s grades; (2) published_date: the document has a publication date: the latest official inspection published on or before it; (3) grades: the official inspections whose grades agree with every grade and every previous grade the text gives for that visit (previous grade = the official inspection immediately before for that area); exactly one is a match. Ungraded visits (monitoring, focused) are matched only by rule 1 to the in-year activity rows, JTAIs never (Ofsted''s tables do not list them). Recomputed over the whole warehouse after each run (ofsted.official_checks.refresh_matches).';
COMMENT ON COLUMN inspection_matches.doc_id IS 'Document the extracted inspection is in (documents.doc_id).';
COMMENT ON COLUMN inspection_matches.inspection_id IS 'The extracted inspection (inspections.inspection_id); null for the ratings of a document and authority that the text does not place at an inspection.';
COMMENT ON COLUMN inspection_matches.la_code IS 'Authority matched on: the inspection''s la_code, else the la_code its ratings agree on; null when unknown (then nothing is matched).';
COMMENT ON COLUMN inspection_matches.official_id IS 'The official inspection or visit it refers to (official_outcomes.official_id); null when no rule singles one out.';
COMMENT ON COLUMN inspection_matches.matched_by IS 'The rule that decided: date, published_date or grades (see the table comment); with official_id null it is the rule that found no or several candidates. Null when no rule applied (no authority, no official record, a JTAI, a visit no in-year row covers, or nothing to match on).';
COMMENT ON COLUMN inspection_matches.n_candidates IS 'Official inspections the deciding rule found (1 for a clean match; more when grades had to narrow them down or could not); when no rule applied, the official inspections of that authority and visit type nothing in the text could tell apart (0 when there are none).';
COMMENT ON COLUMN inspection_matches.note IS 'A sentence for people: why this match, or why none.';

-- rating_checks: each extracted rating next to the official grade of the inspection it was matched to.

CREATE VIEW rating_checks AS
WITH
ranks AS (
    SELECT label, min(rank) AS rank
    FROM rating_scales
    WHERE scale IN ('ofsted_4', 'ofsted_legacy')
    GROUP BY label
),
official_inspections AS (
    SELECT official_id, any_value(framework) AS framework,
           min(inspection_start_date) AS inspection_start_date, min(published_date) AS published_date
    FROM official_outcomes
    GROUP BY official_id
),
official_grades AS (
    SELECT official_id, area, rating, rating_rank,
           lag(rating) OVER w AS previous_rating,
           lag(rating_rank) OVER w AS previous_rank
    FROM official_outcomes
    WHERE visit_type = 'inspection'
    WINDOW w AS (PARTITION BY la_code, area
                 ORDER BY coalesce(published_date, inspection_start_date), official_id)
),
joined AS (
    SELECT r.doc_id, d.source_path, r.inspection_id, r.la_code, r.subject, r.area, r.area_text,
           r.scale, r.rating, r.previous_rating, r.change, r.evidence, r.start_char, r.end_char,
           m.official_id, m.matched_by, m.n_candidates, m.note AS match_note,
           oi.framework AS official_framework,
           oi.inspection_start_date AS official_inspection_start_date,
           oi.published_date AS official_published_date,
           g.rating AS official_rating, g.previous_rating AS official_previous_rating,
           CASE WHEN g.rating_rank IS NULL OR g.previous_rank IS NULL THEN NULL
                WHEN g.rating_rank < g.previous_rank THEN 'improved'
                WHEN g.rating_rank > g.previous_rank THEN 'declined'
                ELSE 'unchanged' END AS official_change,
           tr.rank AS text_rank, tp.rank AS text_previous_rank,
           g.rating_rank AS official_rank, g.previous_rank AS official_previous_rank
    FROM ratings r
    LEFT JOIN documents d ON d.doc_id = r.doc_id
    LEFT JOIN (SELECT DISTINCT doc_id, inspection_id FROM inspections) i
           ON i.doc_id = r.doc_id AND i.inspection_id = r.inspection_id
    LEFT JOIN inspection_matches m
           ON m.doc_id = r.doc_id AND m.inspection_id IS NOT DISTINCT FROM r.inspection_id
          AND (i.inspection_id IS NOT NULL OR m.la_code IS NOT DISTINCT FROM r.la_code)
    LEFT JOIN official_inspections oi ON oi.official_id = m.official_id
    LEFT JOIN official_grades g ON g.official_id = m.official_id AND g.area = r.area
    LEFT JOIN ranks tr ON tr.label = r.rating
    LEFT JOIN ranks tp ON tp.label = r.previous_rating
),
judged AS (
    SELECT *,
        CASE
            WHEN official_id IS NULL THEN
                CASE WHEN n_candidates > 1 THEN 'ambiguous'
                     WHEN matched_by = 'grades' THEN 'disagrees'
                     ELSE 'no_official_record' END
            WHEN previous_rating IS NOT NULL AND official_previous_rank IS NOT NULL
                 AND text_previous_rank IS DISTINCT FROM official_previous_rank THEN 'disagrees'
            WHEN rating IS NOT NULL THEN
                CASE WHEN official_rank IS NULL THEN 'no_official_record'
                     WHEN text_rank IS NOT DISTINCT FROM official_rank THEN 'agrees'
                     ELSE 'disagrees' END
            WHEN change IS NOT NULL THEN
                CASE WHEN official_change IS NULL THEN 'no_official_record'
                     WHEN official_change = change THEN 'direction_agrees'
                     ELSE 'direction_disagrees' END
            WHEN previous_rating IS NOT NULL AND official_previous_rank IS NOT NULL THEN 'agrees'
            ELSE 'no_official_record'
        END AS verdict
    FROM joined
)
SELECT doc_id, source_path, la_code, subject, area, area_text, rating, previous_rating, change,
       official_rating, official_previous_rating, official_change, verdict,
       CASE
           WHEN verdict IN ('agrees', 'direction_agrees') THEN NULL
           WHEN official_id IS NULL THEN match_note
           WHEN official_rank IS NULL THEN 'the official inspection gives no ' || area || ' grade'
           WHEN verdict = 'direction_disagrees'
               THEN 'text: ' || change || '; official: ' || official_change || ' (' ||
                    official_previous_rating || ' -> ' || official_rating || ')'
           WHEN verdict = 'no_official_record' THEN 'no official ' || area || ' grade before this inspection'
           WHEN rating IS NOT NULL AND text_rank IS DISTINCT FROM official_rank
               THEN 'text ' || rating || ', official ' || official_rating ||
                    CASE WHEN previous_rating IS NOT NULL
                              AND text_previous_rank IS DISTINCT FROM official_previous_rank
                              AND official_previous_rank IS NOT NULL
                         THEN '; previous: text ' || previous_rating || ', official ' || official_previous_rating
                         ELSE '' END
           ELSE 'previous: text ' || previous_rating || ', official ' || official_previous_rating
       END AS verdict_note,
       matched_by, official_id, official_framework, official_inspection_start_date,
       official_published_date, n_candidates, match_note, inspection_id, scale, evidence,
       start_char, end_char
FROM judged;
COMMENT ON VIEW rating_checks IS 'Every extracted rating next to the official grade of the inspection its extracted inspection was matched to (inspection_matches), with a verdict: agrees (the text''s grade, and its previous grade where both the text and the record give one, equal the official ones; legacy adequate and requires improvement count as equal; a previous grade the record cannot check, e.g. an abolished predecessor authority''s, is not held against the text), disagrees (matched and a grade differs; or, under the grades rule, no official inspection is consistent with the text), direction_agrees / direction_disagrees (the text gives only a change: does the official change from the previous inspection for that area to this one point the same way?), ambiguous (several official candidates), no_official_record (nothing matched, or the matched inspection has no grade for the area). The text''s previous_rating is compared with the grade of the official inspection immediately before for that area. Read-only: the official record never changes ratings.';
COMMENT ON COLUMN rating_checks.doc_id IS 'Document the rating is in (documents.doc_id).';
COMMENT ON COLUMN rating_checks.source_path IS 'The document''s file, for people to open.';
COMMENT ON COLUMN rating_checks.la_code IS 'GSS code of the graded authority (ratings.la_code).';
COMMENT ON COLUMN rating_checks.subject IS 'Name of the graded authority as the text gives it (ratings.subject).';
COMMENT ON COLUMN rating_checks.area IS 'Judgement area (ratings.area).';
COMMENT ON COLUMN rating_checks.area_text IS 'The area as written (ratings.area_text).';
COMMENT ON COLUMN rating_checks.rating IS 'The grade the text gives (ratings.rating); null when it gives only a change.';
COMMENT ON COLUMN rating_checks.previous_rating IS 'The grade before as the text gives it (ratings.previous_rating).';
COMMENT ON COLUMN rating_checks.change IS 'The direction the text gives (ratings.change).';
COMMENT ON COLUMN rating_checks.official_rating IS 'The official grade for the area at the matched inspection; null when unmatched or not graded.';
COMMENT ON COLUMN rating_checks.official_previous_rating IS 'The official grade for the area at the official inspection immediately before the matched one (any framework).';
COMMENT ON COLUMN rating_checks.official_change IS 'improved, declined or unchanged from official_previous_rating to official_rating (by rank).';
COMMENT ON COLUMN rating_checks.verdict IS 'agrees, disagrees, direction_agrees, direction_disagrees, ambiguous or no_official_record (see the view comment).';
COMMENT ON COLUMN rating_checks.verdict_note IS 'Why the verdict is not agreement: the differing grades, or why nothing was matched; null when it agrees.';
COMMENT ON COLUMN rating_checks.matched_by IS 'The matching rule that decided (inspection_matches.matched_by): date, published_date or grades.';
COMMENT ON COLUMN rating_checks.official_id IS 'The official inspection matched (official_outcomes.official_id); null when none.';
COMMENT ON COLUMN rating_checks.official_framework IS 'Framework of the matched official inspection (official_outcomes.framework).';
COMMENT ON COLUMN rating_checks.official_inspection_start_date IS 'Fieldwork start of the matched official inspection, where Ofsted gives it.';
COMMENT ON COLUMN rating_checks.official_published_date IS 'Publication date of the matched official inspection''s report.';
COMMENT ON COLUMN rating_checks.n_candidates IS 'Official candidates the deciding rule found (inspection_matches.n_candidates).';
COMMENT ON COLUMN rating_checks.match_note IS 'Why the inspection was matched so, or not (inspection_matches.note).';
COMMENT ON COLUMN rating_checks.inspection_id IS 'The extracted inspection the rating belongs to (ratings.inspection_id).';
COMMENT ON COLUMN rating_checks.scale IS 'Scale of the text''s grade (ratings.scale).';
COMMENT ON COLUMN rating_checks.evidence IS 'The sentence the grade was read from (ratings.evidence).';
COMMENT ON COLUMN rating_checks.start_char IS 'Start of the evidence span in documents.text.';
COMMENT ON COLUMN rating_checks.end_char IS 'End of the evidence span (exclusive).';
