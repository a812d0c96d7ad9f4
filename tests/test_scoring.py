"""Scores, flags and suggestions on hand-built tagged clauses: each rule in isolation."""

from __future__ import annotations

import json

import pytest

from analyzer.scoring import (
    FLAG_CODES,
    build_inventory,
    flag_clauses,
    load_catalogue,
    score_inventory,
    suggest,
    watermelon_risk,
)
from analyzer.scoring.vocabulary import DATA
from tests.clause_factory import consequence, metric, tagged


def scores_of(*clauses):
    return score_inventory(build_inventory(clauses), clause_count=len(clauses))


def codes(clauses) -> list[tuple[str, str]]:
    inventory = build_inventory(clauses)
    return [(f.clause_id, f.code) for f in flag_clauses(clauses, inventory)]


def codes_of(clause, *context) -> set[str]:
    return {code for clause_id, code in codes((*context, clause)) if clause_id == clause.clause.id}


# --- scores -----------------------------------------------------------------------


def test_outcome_share_is_outcome_kpis_over_kpis_with_a_focus() -> None:
    s = scores_of(
        tagged("Availability of 99.5% per month.", "output"),
        tagged("P1 resolved within 4 hours in 95% of cases.", "output"),
        tagged("Caller satisfaction of 8 out of 10.", "outcome"),
        tagged("Service credits are payable monthly.", None, "penalty"),
    )
    assert (s.output_kpis, s.outcome_kpis, s.kpi_clauses) == (2, 1, 3)
    assert s.outcome_share == pytest.approx(1 / 3)


def test_an_unsure_focus_tag_on_a_clause_without_a_metric_is_no_kpi() -> None:
    s = scores_of(
        tagged("Availability of 99.5% per month.", "output"),
        tagged("The service managers meet each month to discuss the service.", "outcome", focus_probability=0.52),
        tagged("Users rate the service in a survey after each call.", "outcome", focus_probability=0.8),
        tagged("Caller satisfaction of at least 80% per quarter.", "outcome", focus_probability=0.55),
    )
    # the unsure tag without a metric drops out; a confident tag or a stated metric counts
    assert (s.output_kpis, s.outcome_kpis, s.kpi_clauses) == (1, 2, 3)


def test_penalty_and_collaborative_shares_count_clauses_with_a_style() -> None:
    s = scores_of(
        tagged("A credit of 5% of the charges applies.", "output", "penalty"),
        tagged("Credits are capped at 12%.", None, "penalty"),
        tagged("The parties agree a joint improvement plan.", None, "collaborative"),
        tagged("Availability of 99.5%.", "output", None),
    )
    assert (s.penalty_clauses, s.collaborative_clauses, s.styled_clauses) == (2, 1, 3)
    assert s.penalty_share == pytest.approx(2 / 3)
    assert s.collaborative_share == pytest.approx(1 / 3)
    assert s.watermelon_clauses == 1


def test_governance_needs_two_governance_clauses() -> None:
    review = "The parties shall review performance monthly in the Service Board."
    one = scores_of(tagged(review, None, None, consequences=(consequence(review, "review", "review"),)))
    two = scores_of(
        tagged(review, None, None, consequences=(consequence(review, "review", "review"),)),
        tagged("Credits are earned back when performance recovers.", None, "collaborative"),
    )
    assert (one.governance_clauses, one.governance_present) == (1, False)
    assert (two.governance_clauses, two.governance_present) == (2, True)


def test_an_unsure_collaborative_tag_is_not_governance() -> None:
    s = scores_of(
        tagged("The Supplier fails to meet the same Service Level twice.", None, "collaborative", style_probability=0.52),
        tagged("The Supplier fails to meet any Service Level.", None, "collaborative", style_probability=0.55),
    )
    assert s.governance_clauses == 0


def test_risk_rises_with_output_penalties_and_falls_with_outcomes_and_governance() -> None:
    watermelon = watermelon_risk(output_kpis=20, kpi_clauses=20, penalty_clauses=15, styled_clauses=15, governance_present=False)
    mixed = watermelon_risk(output_kpis=12, kpi_clauses=20, penalty_clauses=8, styled_clauses=15, governance_present=False)
    mixed_governed = watermelon_risk(output_kpis=12, kpi_clauses=20, penalty_clauses=8, styled_clauses=15, governance_present=True)
    experience = watermelon_risk(output_kpis=3, kpi_clauses=20, penalty_clauses=1, styled_clauses=15, governance_present=True)
    assert watermelon > mixed > mixed_governed > experience
    assert watermelon >= 85 and experience <= 10
    assert all(0 <= r <= 100 for r in (watermelon, mixed, mixed_governed, experience))


def test_one_clause_cannot_drive_risk_to_an_extreme() -> None:
    assert 40 < scores_of(tagged("Availability of 99.5%, credit 5% of charges.", "output", "penalty")).watermelon_risk < 70


def test_no_sla_clause_gives_no_service_levels_found_not_zero() -> None:
    s = scores_of(tagged("This Agreement is governed by the laws of the Netherlands.", is_sla=False))
    assert s.watermelon_risk is None
    assert s.verdict == "none"
    assert s.outcome_share is None and s.penalty_share is None
    assert s.explanation.startswith("No service levels found")


def test_explanation_cites_the_counts() -> None:
    s = scores_of(
        tagged("Availability of 99.5% per month; credit 5% of the charges.", "output", "penalty"),
        tagged("Calls answered: 90% within 30 seconds.", "output"),
        tagged("Satisfaction of 8 out of 10.", "outcome"),
    )
    assert f"{s.watermelon_risk}/100" in s.explanation
    assert "2 of 3 KPIs measure output" in s.explanation
    assert "1 of 1 consequence clauses are sanctions" in s.explanation
    assert "1 clause is a watermelon" in s.explanation
    assert "no joint governance" in s.explanation


def test_sla_clauses_without_focus_or_style_count_as_half() -> None:
    s = scores_of(tagged("Service Levels are set out in Schedule 2.", None, None))
    assert s.watermelon_risk == watermelon_risk(0, 0, 0, 0, False) == 38  # 100 * (0.125 + 0.125 + 0.125)
    assert "counted as 50/50" in s.explanation


# --- inventory ----------------------------------------------------------------------


def test_inventory_row_carries_metric_target_window_measurement_and_consequences() -> None:
    header = ("Ref", "Service Level", "Measurement", "Target", "Measurement Period", "Service Credit")
    cells = ("SL1", "Speed to answer", "Calls answered within 30 seconds", "At least 90%", "Monthly", "3% of Monthly Charges")
    text = " | ".join(f"{h}: {c}" for h, c in zip(header, cells))
    row = tagged(
        text,
        "output",
        "penalty",
        kind="table_row",
        section="2.1",
        page=7,
        header=header,
        cells=cells,
        metrics=(metric(text, "At least 90%", value=90.0),),
        consequences=(consequence(text, "Service Credit", "credit", 3.0, "%"),),
    )
    (entry,) = build_inventory([row, tagged("Governing law.", is_sla=False)])
    assert (entry.section, entry.page_start, entry.focus, entry.style) == ("2.1", 7, "output", "penalty")
    assert entry.target == "At least 90%"
    assert entry.window == "Monthly"
    assert entry.measurement == "Calls answered within 30 seconds"
    assert (entry.credit_value, entry.credit_unit) == (3.0, "%")
    assert entry.is_watermelon
    assert entry.to_dict()["watermelon"] is True


def test_inventory_reads_cap_and_exit_rights() -> None:
    cap_text = "Total Service Credits shall not exceed 12% of the Monthly Charges (the Service Credit Cap)."
    cap = tagged(
        cap_text,
        None,
        "penalty",
        metrics=(),
        consequences=(consequence(cap_text, "Service Credits", "credit", 12.0, "%"), consequence(cap_text, "Cap", "cap")),
    )
    exit_text = "The Customer may terminate this Agreement or exercise step-in rights after a Critical Service Level Failure."
    exits = tagged(
        exit_text,
        None,
        "penalty",
        consequences=(consequence(exit_text, "may terminate", "termination"), consequence(exit_text, "step-in", "step_in")),
    )
    cap_entry, exit_entry = build_inventory([cap, exits])
    assert (cap_entry.cap_value, cap_entry.cap_unit, cap_entry.credit_value) == (12.0, "%", None)
    assert exit_entry.termination and exit_entry.step_in and not exit_entry.earn_back


# --- flags ------------------------------------------------------------------------


def test_output_metric_with_penalty_is_a_watermelon() -> None:
    text = "Availability below 99.5% per month gives a credit of 5% of the charges."
    assert "watermelon" in codes_of(tagged(text, "output", "penalty", evidence_words=("Availability",)))
    assert "watermelon" not in codes_of(tagged(text, "outcome", "penalty"))
    assert "watermelon" not in codes_of(tagged(text, "output", "collaborative"))


def test_speed_kpi_without_outcome_counter_metric_is_gameable() -> None:
    calls = tagged("The Supplier shall answer 90% of calls within 30 seconds, measured monthly.", "output")
    assert "gameable_kpi" in codes_of(calls)


def test_speed_kpi_is_not_gameable_when_an_outcome_kpi_counters_it() -> None:
    calls = tagged("The Supplier shall answer 90% of calls within 30 seconds, measured monthly.", "output")
    survey = tagged("Caller satisfaction of at least 80% in the post-call survey.", "outcome")
    assert "gameable_kpi" not in codes_of(calls, survey)


def test_outcome_clause_without_a_metric_is_no_counter_metric() -> None:
    calls = tagged("Tickets closed per month: at least 95% of Tickets logged.", "output")
    contact = tagged("Users may contact the Service Desk by telephone and e-mail.", "outcome", metrics=())
    assert "gameable_kpi" in codes_of(calls, contact)


def test_an_outcome_clause_with_only_a_bare_deadline_is_no_counter_metric() -> None:
    calls = tagged("The Supplier shall answer 90% of calls within 30 seconds, measured monthly.", "output")
    text = "A Ticket pending the User for three Business Days is closed automatically."
    pending = tagged(text, "outcome", metrics=(metric(text, "three Business Days", value=3.0, unit="business days"),))
    assert "gameable_kpi" in codes_of(calls, pending)
    named = tagged(text, "outcome", metrics=(metric(text, "three Business Days", name="user wait", value=3.0, unit="business days"),))
    assert "gameable_kpi" not in codes_of(calls, named)


@pytest.mark.parametrize(
    "text",
    [
        "Average speed to answer: 90% within 20 seconds.",
        "Tickets closed: 95% of Tickets logged in the month.",
        "P1 response time: 15 minutes in 95% of cases.",
        "Responstijd P1: 15 minuten, norm 95%.",
    ],
)
def test_speed_and_volume_kpis_are_recognised(text: str) -> None:
    assert "gameable_kpi" in codes_of(tagged(text, "output"))


def test_sole_and_exclusive_remedy_credit_is_flagged() -> None:
    text = "Service Credits shall be the Customer's sole and exclusive remedy for any Service Level Failure."
    clause = tagged(text, None, "penalty", consequences=(consequence(text, "sole and exclusive remedy", "sole_remedy"),))
    assert "sole_remedy" in codes_of(clause)


def test_sole_remedy_without_credits_is_not_a_credit_flag() -> None:
    text = "Repair or replacement is the Customer's sole remedy for defective media."
    assert "sole_remedy" not in codes_of(tagged(text, None, None))


def test_termination_for_service_failure_is_flagged() -> None:
    text = "If the Supplier fails to meet the same Service Level in three consecutive months, the Customer may terminate this Agreement."
    clause = tagged(text, None, "penalty", consequences=(consequence(text, "may terminate", "termination"),))
    assert "termination_trigger" in codes_of(clause)


def test_step_in_on_service_failure_is_flagged() -> None:
    text = "Following a Critical Service Level Failure the Customer may exercise its step-in rights."
    assert "termination_trigger" in codes_of(tagged(text, None, "penalty"))


def test_credits_lapsing_on_termination_are_not_a_termination_trigger() -> None:
    text = "Service Credits for a Service Level Failure that have not been deducted at the expiry or termination of this Agreement lapse."
    assert "termination_trigger" not in codes_of(tagged(text, None, "penalty"))


def test_sub_item_under_a_termination_lead_in_is_flagged() -> None:
    lead = tagged("7.1 Opdrachtgever is gerechtigd de Overeenkomst te ontbinden indien Opdrachtnemer:", is_sla=False, section="7.1")
    item = tagged("a. in drie opeenvolgende kalendermaanden hetzelfde Service Level niet haalt;", "output", "penalty", section="7.1")
    assert "termination_trigger" in codes_of(item, lead)


def test_metric_without_method_or_window_is_flagged() -> None:
    text = "The Supplier shall achieve Availability of 99.5%."
    clause = tagged(text, "output", metrics=(metric(text, "Availability of 99.5%", name="availability", value=99.5),))
    assert "unmeasured_metric" in codes_of(clause)


def test_metric_with_window_or_lead_in_window_is_not_flagged() -> None:
    text = "The Supplier shall achieve Availability of 99.5% per calendar month."
    assert "unmeasured_metric" not in codes_of(tagged(text, "output"))
    lead = tagged("3.1 De norm geldt per kalendermaand voor het genoemde percentage.", "output", section="3.1", metrics=())
    row = tagged(
        "Prioriteit: P1 | Oplostijd: 4 uur | Norm: 95%",
        "output",
        "penalty",
        kind="table_row",
        section="3.1",
        header=("Prioriteit", "Oplostijd", "Norm"),
        cells=("P1", "4 uur", "95%"),
    )
    assert "unmeasured_metric" not in codes_of(row, lead)


@pytest.mark.parametrize(
    "text, phrase",
    [
        ("The Supplier shall use commercially reasonable efforts to restore the Service.", "commercially reasonable efforts"),
        ("Incidents shall be resolved as soon as reasonably practicable.", "as soon as reasonably practicable"),
        ("Opdrachtnemer spant zich naar redelijke inspanning in om storingen op te lossen.", "redelijke inspanning"),
    ],
)
def test_vague_targets_are_flagged_with_the_phrase(text: str, phrase: str) -> None:
    clause = tagged(text, "output", metrics=())
    flags = flag_clauses([clause], build_inventory([clause]))
    (vague,) = [f for f in flags if f.code == "vague_target"]
    assert vague.evidence[0].text == phrase
    assert phrase in vague.reason


@pytest.mark.parametrize(
    "text",
    [
        "Performance against the Service Levels shall be measured by the Supplier using the Measurement Tools only.",
        "Each Service Level is measured from the data in the Supplier's ticketing system.",
        "De Beschikbaarheid wordt gemeten door het monitoringsysteem van Opdrachtnemer.",
    ],
)
def test_measurement_from_supplier_tools_is_flagged(text: str) -> None:
    assert "supplier_measurement" in codes_of(tagged(text, "output", metrics=()))


def test_measurement_from_customer_survey_is_not_supplier_measurement() -> None:
    text = "Satisfaction is measured by the Customer through its own survey platform."
    assert "supplier_measurement" not in codes_of(tagged(text, "outcome", metrics=()))


def test_flags_only_apply_to_sla_clauses_and_carry_evidence_inside_the_clause() -> None:
    boilerplate = tagged("The Supplier shall use commercially reasonable efforts to market the products.", is_sla=False)
    assert codes_of(boilerplate) == set()
    text = "Service Credits are the sole and exclusive remedy; the Supplier answers 90% of calls within 30 seconds."
    clause = tagged(text, "output", "penalty", evidence_words=("calls",))
    for flag in flag_clauses([clause], build_inventory([clause])):
        assert flag.code in FLAG_CODES and flag.reason
        for span in flag.evidence:
            assert text[span.start : span.end] == span.text


# --- suggestions --------------------------------------------------------------------


def _suggestions(clauses, language="en"):
    inventory = build_inventory(clauses)
    return suggest(clauses, inventory, flag_clauses(clauses, inventory), language)


@pytest.mark.parametrize(
    "text, key, words",
    [
        ("Calls answered within 30 seconds: 90%; credit 3% of charges.", "calls_answered", "caller satisfaction after the call"),
        ("Tickets closed per month: 95% of Tickets logged; credit 2%.", "tickets_closed", "problems solved as confirmed by the user"),
        ("Availability of the Service: 99.5%; credit 5% of charges.", "availability", "users able to work"),
        ("P1 response time of 15 minutes for 95% of Incidents; credit 1%.", "response_time", "time until the user can work again"),
    ],
)
def test_risky_kpi_gets_its_outcome_counterpart_and_earn_back(text: str, key: str, words: str) -> None:
    clause = tagged(text, "output", "penalty", consequences=(consequence(text, "credit", "credit"),))
    (suggestion,) = _suggestions([clause])
    assert suggestion.key == key
    assert words in suggestion.outcome_counterpart.lower()
    assert suggestion.remedy_key == "earn_back"
    assert "joint improvement plan" in suggestion.collaborative_remedy
    assert suggestion.clause_ids == (clause.clause.id,)


def test_suggestions_group_clauses_of_one_kind() -> None:
    rows = [tagged(f"P{n} resolution time: {n * 4} hours for 95% of Incidents.", "output", "penalty", section="2.1") for n in (1, 2, 3)]
    (suggestion,) = _suggestions(rows)
    assert suggestion.key == "response_time"
    assert len(suggestion.clause_ids) == 3 and suggestion.sections == ("2.1",)


def test_suggestions_are_in_the_contracts_language() -> None:
    text = "Prioriteit: P1 | Oplostijd: 4 uur | Norm: 95% | Boete: EUR 1.000"
    clause = tagged(text, "output", "penalty", kind="table_row", consequences=(consequence(text, "Boete", "penalty"),))
    (suggestion,) = _suggestions([clause], language="nl")
    assert suggestion.language == "nl"
    assert "gebruiker weer kan werken" in suggestion.outcome_counterpart
    assert "verbeterplan" in suggestion.collaborative_remedy


def test_termination_regime_suggests_a_joint_recovery_plan() -> None:
    text = "If the Availability falls below 99% in three consecutive months, the Customer may terminate."
    clause = tagged(text, "output", "penalty", consequences=(consequence(text, "may terminate", "termination"),))
    (suggestion,) = _suggestions([clause])
    assert suggestion.remedy_key == "termination"


def test_outcome_collaborative_contract_gets_no_suggestions() -> None:
    clauses = [
        tagged("Ticket satisfaction of 8.0 or higher, 80% of surveys.", "outcome", "collaborative"),
        tagged("Below target, the Experience Board agrees an Improvement Plan.", None, "collaborative"),
    ]
    assert _suggestions(clauses) == ()


def test_catalogue_is_data_with_both_languages() -> None:
    data = json.loads((DATA / "suggestions.json").read_text(encoding="utf-8"))
    for entry in data["kpis"]:
        assert set(entry["outcome"]) >= {"en", "nl"} and set(entry["measures"]) >= {"en", "nl"}
    for entry in data["remedies"]:
        assert set(entry["remedy"]) >= {"en", "nl"}
    catalogue = load_catalogue()
    assert catalogue.kpi_for("nothing recognisable").key == "generic"
    assert catalogue.remedy_for(set()).key == "joint_review"


def test_measurement_rule_is_the_sentence_that_says_how() -> None:
    text = "Availability shall be 99.5% per month. Availability is measured by synthetic transactions every 5 minutes. Credits apply."
    (entry,) = build_inventory([tagged(text, "output")])
    assert entry.measurement == "Availability is measured by synthetic transactions every 5 minutes."


@pytest.mark.parametrize(
    ("value", "unit", "target"),
    [(1.0, "hours", "1 hour"), (1.0, "business days", "1 business day"), (4.0, "hours", "4 hours"), (1.0, "%", "1%"), (1.0, "/10", "1/10")],
)
def test_a_target_of_one_reads_in_the_singular(value: float, unit: str, target: str) -> None:
    from analyzer.scoring.inventory import format_target

    text = "Priority 1 calls answered within the target."
    assert format_target(metric(text, "within the target", value=value, unit=unit)) == target
