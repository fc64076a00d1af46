"""Rule-based extraction: one module per kind of fact.

``extract_document`` is the single entry point the pipeline calls. It makes one
:class:`~ofsted.extract.analysis.Analysis` of the document (sentences, quotation spans, and typed
mentions: authorities and other bodies, dates, grades, areas), which every fact module reads;
vocabularies, rules and their example sentences live in ``ofsted/data/rules/<module>.yaml``
(loaded by ``ofsted.extract.rules``).

Order matters only through explicit inputs: people feed quotes (speakers); inspections feed
ratings (``inspection_id``).
"""

from __future__ import annotations

from ofsted.model import FACT_TYPES, Document


def extract_document(doc: Document) -> dict[str, list[dict]]:
    """Every fact of one document, as lists of dict rows keyed by fact type.

    Rows carry the columns of ``ofsted.model.FACT_SCHEMAS`` (``doc_id`` is added here).
    """
    from ofsted.extract import inspections, organisations, people, quotes, ratings
    from ofsted.extract.analysis import analyse

    analysis = analyse(doc)
    facts: dict[str, list[dict]] = {}
    facts["organisations"] = organisations.extract_organisations(doc, analysis.orgs)
    facts["people"] = people.extract_people(doc, analysis.orgs)
    facts["quotes"] = quotes.extract_quotes(doc, facts["people"], analysis.orgs, analysis.scanned_quotes)
    facts["inspections"] = inspections.extract_inspections(analysis)
    facts["ratings"] = ratings.extract_ratings(analysis, facts["inspections"])
    for fact_type in FACT_TYPES:
        for row in facts[fact_type]:
            row["doc_id"] = doc.doc_id
    return facts
