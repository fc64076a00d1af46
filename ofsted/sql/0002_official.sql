-- official_outcomes: Ofsted's published inspection outcomes (open data, OGL v3), one row per
-- local authority, official inspection and graded area; one row (area and rating null) per
-- ungraded visit. Filled by ofsted.official.load_official(); files and licences in
-- ofsted/data/official/SOURCES.md, every mapping in ofsted/data/official/mappings.json.

CREATE TABLE IF NOT EXISTS official_outcomes (
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
