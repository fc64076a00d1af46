"""The scorer's metric code, pinned on small hand-computed cases (see ofsted/evaluation.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ofsted import evaluation as ev

REPO = Path(__file__).resolve().parents[1]
DEV_GOLD = Path("/work/shared/corpus/dev/gold.json")
SEED_GOLD = REPO / "tests" / "data" / "gold_seeds.json"
DOC = "101_test.txt"


def rating(area="overall_effectiveness", rating="good", previous=None, change=None, la="E08000025"):
    return {"la_code": la, "area": area, "rating": rating, "previous_rating": previous, "change": change}


def gold_of(**facts):
    return {DOC: {t: list(facts.get(t, [])) for t in ev.FACT_TYPES}}


def pred_of(**facts):
    return {DOC: {t: list(facts.get(t, [])) for t in ev.FACT_TYPES}}


def as_prediction(gold: dict, reverse: bool = False) -> dict:
    """Gold rows in the predicted (contract) shape: org ``type`` becomes ``org_type``."""
    out = {}
    for file, facts in gold.items():
        out[file] = {}
        for t, rows in facts.items():
            rows = [dict(r) for r in (reversed(rows) if reverse else rows)]
            if t == "organisations":
                for r in rows:
                    r["org_type"] = r.pop("type")
            out[file][t] = rows
    return out


# ---------------------------------------------------------------- metrics


def test_three_gold_four_predicted_two_matched_gives_p_half_r_two_thirds():
    gold = gold_of(ratings=[rating("overall_effectiveness"), rating("leadership"), rating("adoption")])
    pred = pred_of(
        ratings=[
            rating("overall_effectiveness"),
            rating("leadership"),
            rating("care_leavers"),
            rating("lscb"),
        ]
    )
    ts = ev.score(gold, pred).types["ratings"]
    assert (ts.gold, ts.predicted, ts.tp, ts.fp, ts.fn) == (3, 4, 2, 2, 1)
    assert ts.precision == pytest.approx(0.5)
    assert ts.recall == pytest.approx(2 / 3)
    assert ts.f1 == pytest.approx(4 / 7)  # 0.571
    assert round(ts.f1, 3) == 0.571


def test_metrics_are_micro_averaged_over_documents():
    gold = {
        "a.txt": {"ratings": [rating("leadership")]},
        "b.txt": {"ratings": [rating("leadership"), rating("adoption"), rating("lscb")]},
    }
    pred = {
        "a.txt": {"ratings": [rating("leadership")]},
        "b.txt": {"ratings": [rating("care_leavers")]},
    }
    ts = ev.score(gold, pred, ["ratings"]).types["ratings"]
    # micro: 1 matched of 4 gold, 1 of 2 predictions (macro recall would be (1 + 0) / 2)
    assert ts.recall == pytest.approx(0.25)
    assert ts.precision == pytest.approx(0.5)


def test_no_predictions_and_no_gold_scores_one_and_no_predictions_with_gold_scores_zero():
    report = ev.score(gold_of(ratings=[rating()]), {})
    assert report.types["ratings"].precision == 0.0
    assert report.types["ratings"].recall == 0.0
    assert report.types["ratings"].f1 == 0.0
    assert report.types["quotes"].f1 == 1.0


def test_misses_and_extras_are_listed_with_their_document():
    gold = gold_of(ratings=[rating("leadership"), rating("adoption")])
    pred = pred_of(ratings=[rating("leadership"), rating("lscb")])
    report = ev.score(gold, pred)
    assert [(e.file, e.fact["area"]) for e in report.misses] == [(DOC, "adoption")]
    assert [(e.file, e.fact["area"]) for e in report.extras] == [(DOC, "lscb")]
    text = ev.format_report(report)
    assert "MISS  ratings" in text and "EXTRA ratings" in text and DOC in text


# ---------------------------------------------------------------- greedy one-to-one


def test_greedy_matching_follows_gold_order_and_claims_first_unclaimed_prediction():
    # The vaguer gold fact (year null) listed first steals the specific prediction.
    vague = {"la_code": "E08000017", "visit_type": "inspection", "year": None, "month": 11}
    specific = {"la_code": "E08000017", "visit_type": "inspection", "year": 2015, "month": 11}
    pred = pred_of(inspections=[dict(specific), dict(vague)])
    wrong_order = ev.score(gold_of(inspections=[vague, specific]), pred).types["inspections"]
    right_order = ev.score(gold_of(inspections=[specific, vague]), pred).types["inspections"]
    assert wrong_order.tp == 1
    assert right_order.tp == 2


def test_one_prediction_matches_at_most_one_gold_fact():
    gold = gold_of(ratings=[rating(), rating()])
    pred = pred_of(ratings=[rating()])
    ts = ev.score(gold, pred).types["ratings"]
    assert (ts.tp, ts.fn, ts.fp) == (1, 1, 0)


# ---------------------------------------------------------------- organisations and people


def test_council_matches_on_la_code_and_type_when_names_differ():
    gold = gold_of(organisations=[{"name": "Wigan Council", "type": "local_authority", "la_code": "E08000010"}])
    pred = pred_of(
        organisations=[{"name": "Wigan Metropolitan Borough Council", "org_type": "local_authority", "la_code": "E08000010"}]
    )
    assert ev.score(gold, pred).types["organisations"].f1 == 1.0


def test_provider_matches_on_la_code_but_not_as_a_council():
    gold = gold_of(organisations=[{"name": "Birmingham Children's Trust", "type": "provider", "la_code": "E08000025"}])
    as_council = pred_of(organisations=[{"name": "Birmingham City Council", "org_type": "local_authority", "la_code": "E08000025"}])
    as_provider = pred_of(organisations=[{"name": "BCT", "org_type": "provider", "la_code": "E08000025"}])
    assert ev.score(gold, as_council).types["organisations"].tp == 0
    assert ev.score(gold, as_provider).types["organisations"].tp == 1


def test_other_organisations_do_not_match_on_la_code():
    gold = gold_of(organisations=[{"name": "Larkspur Lodge", "type": "other", "la_code": "E08000025"}])
    pred = pred_of(organisations=[{"name": "Birmingham Children's Home", "org_type": "other", "la_code": "E08000025"}])
    assert ev.score(gold, pred).types["organisations"].tp == 0


def test_organisation_type_must_agree_even_when_names_agree():
    gold = gold_of(organisations=[{"name": "Ofsted", "type": "regulator"}])
    pred = pred_of(organisations=[{"name": "Ofsted", "org_type": "government"}])
    assert ev.score(gold, pred).types["organisations"].tp == 0


def test_names_compare_case_insensitively_after_normalising_quotes_and_whitespace():
    gold = gold_of(organisations=[{"name": "Birmingham Children's Trust", "type": "provider"}])
    pred = pred_of(organisations=[{"name": "birmingham  children\u2019s\ntrust", "org_type": "provider"}])
    assert ev.score(gold, pred).types["organisations"].tp == 1


def test_people_match_by_name_and_report_role_and_organisation_accuracy():
    gold = gold_of(
        organisations=[{"name": "Wigan Council", "type": "local_authority", "la_code": "E08000010"}],
        people=[
            {"name": "Ann Smith", "role": "Councillor, leader", "organisation": "Wigan Council"},
            {"name": "Bob Jones", "role": "chief executive", "organisation": "Wigan Council"},
        ],
    )
    pred = pred_of(
        organisations=[{"name": "Wigan Metropolitan Borough Council", "org_type": "local_authority", "la_code": "E08000010"}],
        people=[
            {"name": "ann smith", "role": "councillor,  LEADER", "organisation": "Wigan Metropolitan Borough Council"},
            {"name": "Bob Jones", "role": "director", "organisation": "Ofsted"},
        ],
    )
    report = ev.score(gold, pred)
    assert report.types["people"].f1 == 1.0
    assert report.people_matched == 2
    assert report.role_accuracy == pytest.approx(0.5)
    assert report.organisation_accuracy == pytest.approx(0.5)  # Ann's resolves through la_code
    assert {(m.name, m.attribute) for m in report.attribute_mismatches} == {("Bob Jones", "role"), ("Bob Jones", "organisation")}


def test_person_organisation_of_trust_is_not_its_council_despite_shared_la_code():
    gold = gold_of(
        organisations=[
            {"name": "Birmingham Children's Trust", "type": "provider", "la_code": "E08000025"},
            {"name": "Birmingham City Council", "type": "local_authority", "la_code": "E08000025"},
        ],
        people=[{"name": "Andrew Fenwick", "role": "chief executive", "organisation": "Birmingham Children's Trust"}],
    )
    pred = pred_of(people=[{"name": "Andrew Fenwick", "role": "chief executive", "organisation": "Birmingham City Council"}])
    assert ev.score(gold, pred).organisation_accuracy == 0.0


# ---------------------------------------------------------------- inspections and ratings


def test_inspection_year_null_in_gold_is_dont_care():
    gold = gold_of(inspections=[{"la_code": "E08000011", "visit_type": "inspection", "year": None, "month": 3}])
    pred = pred_of(inspections=[{"la_code": "E08000011", "visit_type": "inspection", "year": 2019, "month": 3}])
    assert ev.score(gold, pred).types["inspections"].tp == 1


def test_inspection_known_year_or_month_must_agree_and_visit_type_must_agree():
    gold = gold_of(inspections=[{"la_code": "E08000011", "visit_type": "inspection", "year": 2019, "month": 3}])
    for pred_row in (
        {"la_code": "E08000011", "visit_type": "inspection", "year": None, "month": 3},
        {"la_code": "E08000011", "visit_type": "inspection", "year": 2019, "month": 4},
        {"la_code": "E08000011", "visit_type": "monitoring_visit", "year": 2019, "month": 3},
        {"la_code": "E08000012", "visit_type": "inspection", "year": 2019, "month": 3},
    ):
        assert ev.score(gold, pred_of(inspections=[pred_row])).types["inspections"].tp == 0, pred_row


def test_rating_with_wrong_previous_rating_does_not_match():
    gold = gold_of(ratings=[rating(rating="good", previous="inadequate", change="improved")])
    pred = pred_of(ratings=[rating(rating="good", previous="requires_improvement", change="improved")])
    assert ev.score(gold, pred).types["ratings"].tp == 0


def test_rating_with_missing_change_does_not_match_but_judged_date_is_ignored():
    gold = gold_of(ratings=[{**rating(change="improved", previous="inadequate"), "judged_year": 2023}])
    no_change = pred_of(ratings=[rating(previous="inadequate")])
    other_year = pred_of(ratings=[{**rating(change="improved", previous="inadequate"), "judged_year": 2019}])
    assert ev.score(gold, no_change).types["ratings"].tp == 0
    assert ev.score(gold, other_year).types["ratings"].tp == 1


# ---------------------------------------------------------------- quotes

GOLD_QUOTE = {"speaker": "Ann Smith", "text": "We are delighted that inspectors have recognised the hard work of our staff."}


def test_gold_quote_found_when_its_first_six_words_appear_in_a_longer_prediction():
    pred = pred_of(quotes=[{"speaker": "Ann Smith", "text": "Today: \u201cwe are Delighted that Inspectors have recognised the hard work of our staff. And more."}])
    ts = ev.score(gold_of(quotes=[GOLD_QUOTE]), pred).types["quotes"]
    assert (ts.matched_gold, ts.matched_predicted) == (1, 0)  # the prediction starts elsewhere
    assert ts.recall == 1.0 and ts.precision == 0.0


def test_predicted_quote_right_when_its_first_six_words_appear_in_gold_quote():
    pred = pred_of(quotes=[{"speaker": "Ann Smith", "text": "have recognised the hard work of our staff"}])
    ts = ev.score(gold_of(quotes=[GOLD_QUOTE]), pred).types["quotes"]
    assert (ts.matched_gold, ts.matched_predicted) == (0, 1)
    assert ts.precision == 1.0 and ts.recall == 0.0
    assert ts.fp == 0 and ts.fn == 1


def test_quote_truncated_after_six_words_matches_both_ways():
    pred = pred_of(quotes=[{"speaker": "ann smith", "text": "We are delighted that inspectors have\u2026"}])
    ts = ev.score(gold_of(quotes=[GOLD_QUOTE]), pred).types["quotes"]
    assert ts.f1 == 1.0


def test_quote_needs_same_speaker():
    pred = pred_of(quotes=[{**GOLD_QUOTE, "speaker": "Bob Jones"}])
    assert ev.score(gold_of(quotes=[GOLD_QUOTE]), pred).types["quotes"].f1 == 0.0


def test_quote_words_must_be_contiguous_not_just_present():
    pred = pred_of(quotes=[{"speaker": "Ann Smith", "text": "We are truly delighted that inspectors have recognised the hard work"}])
    ts = ev.score(gold_of(quotes=[GOLD_QUOTE]), pred).types["quotes"]
    assert ts.matched_gold == 0


@pytest.mark.parametrize(
    "speaker",
    ["Ofsted", "inspectors", "Inspectors", "the inspectors", "the report", "the inspection report",
     "the inspectorate", "the letter", "Ofsted inspectors", "Ofsted's report", "the watchdog"],
)
def test_ofsted_speaker_matches_inspectors_report_letter_and_similar(speaker):
    gold = gold_of(quotes=[{"speaker": "Ofsted", "text": "Leaders have a clear understanding of the quality of practice."}])
    pred = pred_of(quotes=[{"speaker": speaker, "text": "leaders have a clear understanding of the quality of practice"}])
    assert ev.score(gold, pred).types["quotes"].f1 == 1.0


def test_named_inspector_is_not_ofsted():
    assert not ev.is_ofsted_speaker("Fiona Millns")
    assert not ev.is_ofsted_speaker(None)
    gold = gold_of(quotes=[{"speaker": "Fiona Millns", "text": "Overall the council is making sustained progress in its services."}])
    pred = pred_of(quotes=[{"speaker": "Ofsted", "text": "Overall the council is making sustained progress in its services."}])
    assert ev.score(gold, pred).types["quotes"].f1 == 0.0


def test_merged_prediction_finds_only_one_of_two_gold_quotes():
    gold = gold_of(
        quotes=[
            {"speaker": "Ann Smith", "text": "This is a great day for the children of Wigan."},
            {"speaker": "Ann Smith", "text": "We will keep working hard to improve every service."},
        ]
    )
    pred = pred_of(
        quotes=[{"speaker": "Ann Smith", "text": "This is a great day for the children of Wigan. We will keep working hard to improve every service."}]
    )
    ts = ev.score(gold, pred).types["quotes"]
    assert (ts.matched_gold, ts.matched_predicted) == (1, 1)
    assert ts.recall == pytest.approx(0.5) and ts.precision == 1.0


# ---------------------------------------------------------------- documents


def test_documents_not_named_in_gold_are_ignored():
    gold = gold_of(ratings=[rating()])
    pred = {**pred_of(ratings=[rating()]), "999_other.txt": {"ratings": [rating("lscb"), rating("adoption")]}}
    report = ev.score(gold, pred)
    assert report.types["ratings"].predicted == 1
    assert report.types["ratings"].precision == 1.0
    assert report.documents == [DOC]
    assert all(e.file == DOC for e in report.extras + report.misses)


def test_prediction_keys_may_be_paths():
    pred = {f"/some/dir/{DOC}": {"ratings": [rating()]}}
    assert ev.score(gold_of(ratings=[rating()]), pred).types["ratings"].f1 == 1.0


def test_group_rows_by_file_turns_warehouse_rows_into_score_input():
    rows = {"ratings": [{**rating(), "doc_id": "abc"}, {**rating("lscb"), "doc_id": "zzz"}]}
    grouped = ev.group_rows_by_file(rows, {"abc": f"/in/{DOC}"})
    assert list(grouped) == [DOC]
    assert ev.score(gold_of(ratings=[rating()]), grouped).types["ratings"].f1 == 1.0


def test_score_restricted_to_some_types_reports_only_those():
    report = ev.score(gold_of(ratings=[rating()]), {}, ["ratings", "quotes"])
    assert list(report.types) == ["ratings", "quotes"]
    with pytest.raises(ValueError):
        ev.score(gold_of(), {}, ["grades"])


# ---------------------------------------------------------------- bars and output


def test_check_bars_lists_failures_only():
    gold = gold_of(ratings=[rating("leadership"), rating("adoption")], quotes=[GOLD_QUOTE])
    pred = pred_of(ratings=[rating("leadership")], quotes=[GOLD_QUOTE])
    report = ev.score(gold, pred)
    assert ev.check_bars(report, {"quotes": 0.9}) == []
    failures = ev.check_bars(report, {"ratings": 0.9, "quotes": 0.9, "ratings.precision": 1.0, "grades": 0.1})
    assert len(failures) == 2
    assert failures[0].startswith("ratings: f1 0.667")
    assert failures[1].startswith("grades")


def test_report_to_json_is_serialisable_and_carries_counts():
    import datetime as dt

    pred = pred_of(inspections=[{"la_code": "E1", "visit_type": "inspection", "start_date": dt.date(2024, 1, 2)}])
    data = ev.report_to_json(ev.score(gold_of(ratings=[rating()]), pred))
    text = json.dumps(data)
    assert data["types"]["ratings"] == {
        "gold": 1, "predicted": 0, "matched_gold": 0, "matched_predicted": 0,
        "tp": 0, "fp": 0, "fn": 1, "precision": 0.0, "recall": 0.0, "f1": 0.0,
    }
    assert "2024-01-02" in text


def test_format_report_has_table_and_accuracy_lines():
    text = ev.format_report(ev.score(gold_of(ratings=[rating()]), pred_of(ratings=[rating()])), show_errors=False)
    assert "type" in text and "F1" in text and "ratings" in text and "role accuracy" in text
    assert "MISS" not in text


# ---------------------------------------------------------------- gold against itself


@pytest.mark.parametrize("path", [DEV_GOLD, SEED_GOLD, Path("/work/shared/gold/seeds.json")], ids=["dev", "seeds-copy", "seeds"])
@pytest.mark.parametrize("reverse", [False, True], ids=["gold-order", "reversed"])
def test_gold_against_itself_scores_one_everywhere(path, reverse):
    if not path.is_file():
        pytest.skip(f"{path} not present")
    gold = ev.load_gold(path)
    report = ev.score(gold, as_prediction(gold, reverse=reverse))
    for fact_type, ts in report.types.items():
        assert (ts.precision, ts.recall, ts.f1) == (1.0, 1.0, 1.0), fact_type
    assert report.misses == [] and report.extras == []
    assert report.role_accuracy == 1.0 and report.organisation_accuracy == 1.0


# ---------------------------------------------------------------- quick tuning path


def test_predict_folder_reads_text_and_sidecar_into_documents(tmp_path, monkeypatch):
    import hashlib
    import sys
    import types

    (tmp_path / "a.txt").write_bytes("\ufeffCaf\u0065\u0301 line\r\nnext\r\n".encode("utf-8"))
    (tmp_path / "a.meta.json").write_text(json.dumps({"published_date": "2024-05-17", "title": "T", "publisher": "P", "url": "u"}))
    (tmp_path / "b.txt").write_text("plain", encoding="utf-8")
    seen = []

    def fake_extract(doc):
        seen.append(doc)
        return {"ratings": [rating()]}

    monkeypatch.setitem(sys.modules, "ofsted.extract", types.SimpleNamespace(extract_document=fake_extract))
    out = ev.predict_folder(tmp_path, ["a.txt", "b.txt"])
    a, b = seen
    assert a.text == "Caf\u00e9 line\nnext\n"
    assert a.doc_id == hashlib.sha256(a.text.encode()).hexdigest()[:16]
    assert a.published_date.isoformat() == "2024-05-17" and a.title == "T" and a.publisher == "P" and a.url == "u"
    assert b.published_date is None
    assert out["a.txt"]["ratings"] == [rating()] and out["b.txt"]["quotes"] == []
    with pytest.raises(FileNotFoundError):
        ev.predict_folder(tmp_path, ["missing.txt"])


# ---------------------------------------------------------------- robustness of the inputs


def test_nan_from_pandas_rows_counts_as_null():
    import math

    gold = gold_of(
        ratings=[rating(previous=None, change=None)],
        inspections=[{"la_code": "E1", "visit_type": "inspection", "year": None, "month": None}],
    )
    pred = pred_of(
        ratings=[{**rating(), "previous_rating": math.nan, "change": float("nan")}],
        inspections=[{"la_code": "E1", "visit_type": "inspection", "year": math.nan, "month": math.nan}],
    )
    report = ev.score(gold, pred)
    assert report.types["ratings"].tp == 1
    assert report.types["inspections"].tp == 1


def test_dash_joined_words_compare_as_separate_words_in_quotes():
    gold = gold_of(quotes=[{"speaker": "Ann Smith", "text": "Our services \u2014 and our staff \u2014 have improved a great deal."}])
    pred = pred_of(quotes=[{"speaker": "Ann Smith", "text": "Our services\u2014and our staff\u2014have improved a great deal."}])
    assert ev.score(gold, pred).types["quotes"].f1 == 1.0


@pytest.mark.parametrize(
    "speaker",
    ["the monitoring visit letter", "Ofsted's inspection report", "the lead inspector", "HMI",
     "His Majesty's Inspectors", "the focused visit letter"],
)
def test_more_ofsted_speaker_forms_are_recognised(speaker):
    assert ev.is_ofsted_speaker(speaker)


@pytest.mark.parametrize("speaker", ["Cllr Ann Smith", "the council", "Wigan Council", "a spokesperson", "Reporter Jane Letter"])
def test_other_speakers_are_not_ofsted(speaker):
    assert not ev.is_ofsted_speaker(speaker)


def test_per_document_table_lists_each_gold_document():
    gold = {"a.txt": {"ratings": [rating()]}, "b.txt": {"ratings": [rating()]}}
    pred = {"a.txt": {"ratings": [rating()]}}
    text = ev.format_report(ev.score(gold, pred, ["ratings"]), show_errors=False, per_document=True)
    assert "a.txt" in text and "b.txt" in text and "0.00 (1/0)" in text


def test_cli_prints_report_writes_json_and_fails_unmet_bar(tmp_path, monkeypatch, capsys):
    import sys
    import types

    (tmp_path / "a.txt").write_text("text", encoding="utf-8")
    gold_path = tmp_path / "gold.json"
    gold_path.write_text(json.dumps({"documents": [{"file": "a.txt", "ratings": [rating(), rating("lscb")]}]}))
    monkeypatch.setitem(
        sys.modules, "ofsted.extract", types.SimpleNamespace(extract_document=lambda doc: {"ratings": [rating()]})
    )
    out = tmp_path / "r.json"
    args = ["--gold", str(gold_path), "--source", str(tmp_path), "--json", str(out), "--types", "ratings"]
    assert ev.main(args) == 0
    assert "ratings" in capsys.readouterr().out
    assert json.loads(out.read_text())["types"]["ratings"]["recall"] == 0.5
    assert ev.main(args + ["--bar", "ratings=0.9"]) == 1
