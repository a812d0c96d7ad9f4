"""Tagging: rules, metric extraction, the trained classifiers and their CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from analyzer.cli import app
from analyzer.nlp.extract import extract
from analyzer.nlp.pipeline import build_nlp
from analyzer.scoring.inventory import format_target
from analyzer.tagging.features import fold
from analyzer.tagging.tagger import Tagger
from tests.conftest import output_within

runner = CliRunner()


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return Tagger.load()


def metrics_of(text: str, lang: str = "en") -> tuple:
    return extract(build_nlp(lang)(text))


def test_metric_with_comparator_value_unit_and_window() -> None:
    metrics, _ = metrics_of("Availability shall be at least 99.8% in each calendar month.")
    (metric,) = metrics
    assert (metric.name, metric.comparator, metric.value, metric.unit, metric.window) == (
        "availability",
        "at least",
        99.8,
        "%",
        "each calendar month",
    )


def test_duration_written_in_words_and_digits() -> None:
    metrics, _ = metrics_of("The Supplier shall restore Priority 1 Incidents within four (4) hours.")
    assert any(m.comparator == "within" and m.value == 4.0 and m.unit == "hours" for m in metrics)


def test_a_value_without_a_metric_phrase_is_named_by_the_service_word_beside_it() -> None:
    metrics, _ = metrics_of("Severity 1: response within 30 minutes, resolution within 4 hours.")
    assert [(m.name, m.value, m.unit) for m in metrics] == [("response", 30.0, "minutes"), ("resolution", 4.0, "hours")]
    (sla,), _ = metrics_of("For Gold servers the SLA is a minimum of 99.95 percent.")
    assert (sla.name, sla.comparator, sla.value) == ("service level", "a minimum of", 99.95)
    (fixed, responded), _ = metrics_of("Storingen worden binnen 4 uur opgelost; de reactie volgt binnen 30 minuten.", "nl")
    assert (fixed.name, responded.name) == ("oplossing", "reactie")
    (deadline,), _ = metrics_of("The Supplier shall deliver the Exit Plan within 20 Business Days.")
    assert deadline.name is None  # a bare deadline names no service measure


def test_credit_percentage_is_a_consequence_not_a_target() -> None:
    metrics, consequences = metrics_of(
        "Where Availability falls below 99.5% in a month, the Supplier shall credit the Customer 5% of the monthly charges."
    )
    assert [m.value for m in metrics] == [99.5]
    credit = next(c for c in consequences if c.kind == "credit")
    assert (credit.value, credit.unit) == (5.0, "%")


@pytest.mark.parametrize(
    ("row", "lang", "kind", "tiers"),
    [
        ("Service Credit (% of Monthly Charges) | 5% | 10% | 20%", "en", "credit", [5.0, 10.0, 20.0]),
        ("Penalty (% of invoice) | 2% | 4% | 8%", "en", "penalty", [2.0, 4.0, 8.0]),
        ("Korting op de maandvergoeding | 5% | 10% | 15%", "nl", "credit", [5.0, 10.0, 15.0]),
    ],
)
def test_percentages_in_a_row_labeled_by_a_credit_are_its_tiers_not_targets(row: str, lang: str, kind: str, tiers: list) -> None:
    metrics, consequences = metrics_of(row, lang)
    assert metrics == ()
    sized = [c for c in consequences if c.value is not None]
    assert [(c.kind, c.value, c.unit) for c in sized] == [(kind, tier, "%") for tier in tiers]
    assert all(row[c.start : c.end] == c.text for c in sized)


def test_a_row_about_a_metric_keeps_its_target_beside_a_credit_label() -> None:
    metrics, consequences = metrics_of("Service Credit | Availability below 99.5% | 5%")
    assert [(m.name, m.comparator, m.value) for m in metrics] == [("availability", "below", 99.5)]
    assert [c.value for c in consequences if c.value is not None] == [5.0]
    # a label cell that names the metric makes the row about the metric, not a credit tier list
    metrics, _ = metrics_of("Service Credits: Availability | 99.5% | 5% of the monthly fee")
    assert 99.5 in [m.value for m in metrics]


@pytest.mark.parametrize(
    ("text", "lang", "cap"),
    [
        ("The total Service Credits payable for Service Level defaults in any month shall not exceed 10% of the Charges.", "en", 10.0),
        ("In no event shall the aggregate Service Credits exceed fifteen percent (15%) of the fees for the month.", "en", 15.0),
        ("The maximum amount of Service Credits in any Quarter is 20% of the Quarterly Charges.", "en", 20.0),
        ("De totale servicekortingen bedragen per maand ten hoogste 10% van de maandvergoeding.", "nl", 10.0),
        ("The amount of Service Credits for all Service Level defaults in a single month shall not exceed: 10%.", "en", 10.0),
    ],
)
def test_the_ceiling_on_credits_is_a_cap_not_a_credit_or_a_target(text: str, lang: str, cap: float) -> None:
    metrics, consequences = metrics_of(text, lang)
    assert metrics == ()
    assert [(c.kind, c.value) for c in consequences if c.value is not None] == [("cap", cap)]


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Service Credits apply where unavailability exceeds 0.5% in a month.", 0.5),  # a trigger, not a cap
        ("Service Credits are payable if the Monthly Availability Percentage is below 99.7%.", 99.7),  # not a payment term
    ],
)
def test_the_condition_of_a_credit_is_a_target_not_its_size_or_cap(text: str, target: float) -> None:
    metrics, consequences = metrics_of(text)
    assert [m.value for m in metrics] == [target]
    assert all(c.value is None for c in consequences)
    # "if any" is no condition: the credits' limit stays a cap
    _, consequences = metrics_of("Service Credits, if any, shall not exceed 10% of the monthly charges.")
    assert [(c.kind, c.value) for c in consequences if c.value is not None] == [("cap", 10.0)]


def test_a_credit_with_its_ceiling_keeps_the_metric_target_it_follows() -> None:
    text = "Availability below 99.5% entitles the Customer to a Service Credit of 5%, up to a maximum of 25% of the monthly fee."
    metrics, consequences = metrics_of(text)
    assert [(m.name, m.comparator, m.value) for m in metrics] == [("availability", "below", 99.5)]
    assert [(c.kind, c.value) for c in consequences if c.value is not None] == [("credit", 5.0), ("cap", 25.0)]


def test_values_in_a_row_take_the_metric_its_label_cell_names() -> None:
    metrics, _ = metrics_of("Monthly Uptime | 99.0% - 99.9% | 95.0% - 99.0% | below 95.0%")
    assert {m.name for m in metrics} == {"uptime"} and len(metrics) == 5
    # a cell that names its own metric keeps it
    metrics, _ = metrics_of("Availability | Target: 99.9% | Resolution: within 4 hours")
    assert [(m.name, m.value) for m in metrics] == [("availability", 99.9), ("resolution", 4.0)]


@pytest.mark.parametrize(
    ("text", "lang", "comparator", "value"),
    [
        ("Availability of 99.5% or higher per calendar month.", "en", "or higher", 99.5),
        ("Priority 1 incidents are resolved in 4 hours or less.", "en", "or less", 4.0),
        ("Service Level Attainment: 98% or more | Fee Reduction: 0%", "en", "or more", 98.0),
        ("De beschikbaarheid bedraagt 99% of meer per maand.", "nl", "of meer", 99.0),
    ],
)
def test_a_comparator_after_its_value_is_the_metrics_comparator(text: str, lang: str, comparator: str, value: float) -> None:
    metrics, _ = metrics_of(text, lang)
    (metric,) = metrics
    assert (metric.comparator, metric.value) == (comparator, value)
    assert comparator in metric.text
    assert format_target(metric) is not None and format_target(metric).endswith(comparator)  # "99.5% or higher"


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("Response: less than two South African working hours.", 2.0, "business hours"),
        ("Consideration and response: less than three South African workdays.", 3.0, "business days"),
        ("Problems are resolved within two consecutive working days.", 2.0, "business days"),
    ],
)
def test_a_working_time_qualified_by_its_calendar_is_read_whole(text: str, value: float, unit: str) -> None:
    (metric,), _ = metrics_of(text)
    assert (metric.value, metric.unit) == (value, unit)
    # a level number before "Next business day" is no working time of its own
    metrics, _ = metrics_of("Severity Level: 3 Next business day")
    assert [(m.value, m.unit) for m in metrics] == [(1.0, "business days")]


def test_a_threshold_before_a_credit_stays_a_target() -> None:
    metrics, consequences = metrics_of("If it falls below 95% in a month, a rebate of 5% of the monthly fee applies.")
    assert [(m.comparator, m.value) for m in metrics] == [("below", 95.0)]
    assert [(c.kind, c.value) for c in consequences if c.value is not None] == [("credit", 5.0)]
    # a ceiling before the percentage still sizes the credit
    metrics, consequences = metrics_of("The Supplier shall grant up to 10% service credit.")
    assert metrics == ()
    assert [(c.kind, c.value) for c in consequences if c.value is not None] == [("credit", 10.0)]


@pytest.mark.parametrize(
    ("table", "credits"),
    [
        ("SLA Rebate Table   % Of SLA Achieved   100%  95%  90%  85%\n\nMonthly Rebate % applied   0%   10%  20%  30%", [0, 10, 20, 30]),
        ("% Of SLA Achieved | 100% | 95% | 90% | 85%", []),  # a table row is a clause of its own
    ],
)
def test_attainment_tiers_of_a_rebate_table_are_neither_targets_nor_credits(table: str, credits: list[int]) -> None:
    metrics, consequences = metrics_of(table)
    assert metrics == ()
    assert [(c.kind, c.value) for c in consequences if c.value is not None] == [("credit", v) for v in credits]
    # named in prose, the attainment is a metric with its threshold
    metrics, _ = metrics_of("If SLA attainment falls below 95% in a month, a rebate of 5% applies.")
    assert [(m.name, m.comparator, m.value) for m in metrics] == [("sla attainment", "below", 95.0)]


def test_satisfaction_score_out_of_ten() -> None:
    metrics, _ = metrics_of("Customer satisfaction shall be at least 8 out of 10 in the quarterly survey.")
    assert any(m.name == "customer satisfaction" and m.value == 8.0 and m.unit == "/10" for m in metrics)


def test_dutch_penalty_and_deadline() -> None:
    metrics, consequences = metrics_of(
        "De Leverancier lost 95% van de storingen binnen 8 uur op; bij overschrijding verbeurt hij een boete van EUR 500 per dag.",
        "nl",
    )
    assert any(m.comparator == "binnen" and m.value == 8.0 and m.unit == "hours" for m in metrics)
    assert any(c.kind == "penalty" and c.value == 500.0 for c in consequences)


def test_table_row_metric_takes_its_name_from_the_service_level_cell() -> None:
    metrics, consequences = metrics_of(
        "Ref: SL1 | Service Level: Speed to answer | Target: at least 90% of calls within 30 seconds | Service Credit: 2%"
    )
    assert metrics and all(m.name == "speed to answer" for m in metrics)
    assert any(c.kind == "credit" and c.value == 2.0 for c in consequences)


def test_table_cells_name_their_metrics_by_their_headers_unless_the_header_is_generic() -> None:
    metrics, _ = metrics_of("Severity Level: 2 | Time to Respond: 30 minutes | Escalation Time: Next business day")
    assert [(m.name, m.value, m.unit) for m in metrics] == [
        ("time to respond", 30.0, "minutes"),
        ("escalation time", 1.0, "business days"),
    ]
    metrics, _ = metrics_of("Performance Indicator (PI): Invoices paid on time | PI Target: 98% | Measured by: ledger")
    assert [(m.name, m.value) for m in metrics] == [("invoices paid on time", 98.0)]


def test_clock_hours_of_a_coverage_window_are_not_targets() -> None:
    metrics, _ = metrics_of("Mail Service Availability | Workdays | 8H-20H | 99% availability | Monthly")
    assert [(m.name, m.value, m.unit) for m in metrics] == [("availability", 99.0, "%")]
    metrics, _ = metrics_of("Support from 8h - 20h on workdays; priority 1 faults resolved within 4h.")
    assert [(m.value, m.unit) for m in metrics] == [(4.0, "hours")]


def test_business_days_keep_their_business_unit() -> None:
    metrics, _ = metrics_of("The Supplier shall acknowledge each change request within five (5) business days.")
    assert [(m.comparator, m.value, m.unit) for m in metrics] == [("within", 5.0, "business days")]


def test_credit_cards_and_letters_of_credit_are_not_service_credits() -> None:
    for text in (
        "The user's credit card is validated with a credit card clearing house.",
        "Customer shall deliver a standby letter of credit issued by a bank acceptable to Supplier.",
        "Supplier may run a credit check and set a credit limit for the Reseller.",
    ):
        _, consequences = metrics_of(text)
        assert [c for c in consequences if c.kind == "credit"] == [], text
    _, consequences = metrics_of("Under the Syntax plan a credit of 5% applies after a missed target.")
    assert [c.text for c in consequences if c.kind == "credit"] == ["credit"], "'tax' must be a whole word"
    _, consequences = metrics_of("The Provider shall credit the Customer 5% of the monthly fee; credits are capped at 20%.")
    assert [c.text for c in consequences if c.kind == "credit"] == ["credit", "credits"]


def test_consequence_kinds_found() -> None:
    _, consequences = metrics_of(
        "Service Credits are the sole and exclusive remedy; credits may be earned back through a joint improvement plan."
    )
    kinds = {c.kind for c in consequences}
    assert {"sole_remedy", "earn_back", "improvement_plan"} <= kinds


@pytest.mark.parametrize(
    ("text", "is_sla", "focus", "style"),
    [
        (
            "Where the Availability falls below 99.5% in a month, the Supplier shall credit the Customer 5% of the monthly charges.",
            True,
            "output",
            "penalty",
        ),
        (
            "End users shall rate their experience of the Service Desk at 7.5 or higher on average in the quarterly survey.",
            True,
            "outcome",
            None,
        ),
        ("This Agreement is governed by the laws of the Netherlands.", False, None, None),
        (
            "De Leverancier lost 95% van de storingen binnen 8 uur op; bij overschrijding verbeurt hij een boete van EUR 500 per dag.",
            True,
            "output",
            "penalty",
        ),
    ],
)
def test_labeling_examples_are_tagged_as_the_labeling_guide_says(
    tagger: Tagger, text: str, is_sla: bool, focus: str | None, style: str | None
) -> None:
    (result,) = tagger.tag_texts([text])
    assert (result.tags.is_sla, result.tags.focus, result.tags.style) == (is_sla, focus, style)


@pytest.mark.parametrize(
    ("clause", "folded"),
    [
        ("4.23 Technical Support. Vendor", "     technical support. vendor"),
        ("(iii) Once a plan", "      once a plan"),
        ("b. The Supplier", "   the supplier"),
        ("12. Service Credits", "    service credits"),
        ("• Maximum rebate", "  maximum rebate"),
        # quantities and references stay: they are what the clause says
        ("2 Working Days", "0 working days"),
        ("99.5% of calls", "00.0% of calls"),
        ("4.5 hours to restore", "0.0 hours to restore"),
        ("Section 5 of the Agreement", "section 0 of the agreement"),
    ],
)
def test_the_classifier_reads_a_clause_without_its_own_number(clause: str, folded: str) -> None:
    assert fold(clause) == folded
    assert len(fold(clause)) == len(clause), "evidence offsets into the folded text are offsets into the clause"


def test_a_clause_is_tagged_the_same_with_or_without_its_number(tagger: Tagger) -> None:
    body = "Service Provider shall resolve 95% of Priority 1 Incidents within 4 hours, failing which a Service Credit of 4% applies."
    numbered, bare = tagger.tag_texts([f"7.2.1 {body}", body])
    assert (numbered.tags.is_sla, numbered.tags.focus, numbered.tags.style) == (bare.tags.is_sla, bare.tags.focus, bare.tags.style)
    assert numbered.tags.is_sla_probability == pytest.approx(bare.tags.is_sla_probability, abs=1e-9)


def test_probabilities_are_probabilities_and_evidence_points_into_the_text(tagger: Tagger) -> None:
    text = "If the satisfaction score drops below target, the parties shall agree a joint improvement plan within ten days."
    (result,) = tagger.tag_texts([text])
    tags = result.tags
    for p in (tags.is_sla_probability, tags.focus_probability, tags.style_probability):
        assert 0.0 <= p <= 1.0
    assert tags.evidence["is_sla"], "a decision comes with the words that drove it"
    for spans in tags.evidence.values():
        for span in spans:
            assert text[span.start : span.end] == span.text and span.weight > 0


def test_classify_cli_writes_a_line_per_input_and_an_error_line_per_bad_one() -> None:
    lines = "\n".join(
        [
            json.dumps({"id": "ok", "text": "P1 incidents shall be resolved within 4 hours."}),
            "{broken",
            json.dumps({"id": "empty", "text": ""}),
            json.dumps({"id": 7, "text": "This Agreement is governed by the laws of England.", "language": "en"}),
            json.dumps({"id": "nl", "text": "De Leverancier lost storingen binnen 8 uur op.", "language": "NL"}),
            json.dumps({"id": "fr", "text": "Le fournisseur répond sous 4 heures.", "language": "fr"}),
        ]
    )
    result = runner.invoke(app, ["classify"], input=lines + "\n")
    assert result.exit_code == 1
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["ok", 2, "empty", 7, "nl", "fr"]
    assert out[0]["is_sla"] is True and "metrics" in out[0] and "evidence" in out[0]
    assert "error" in out[1] and "error" in out[2]
    assert out[3]["is_sla"] is False
    assert "error" not in out[4] and out[4]["is_sla"] is True
    assert out[5]["error"] == "line 6: language must be 'en' or 'nl', not 'fr'"


def test_a_lone_surrogate_in_a_clause_is_tagged_and_does_not_sink_its_batch() -> None:
    # valid JSON ("\ud800" escape) that no encoder accepts; spaCy used to fail the whole run on it
    lines = [
        json.dumps({"id": "odd", "text": "Availability \ud800 of 99.9% per month, measured monthly."}),
        json.dumps({"id": "ok", "text": "The Supplier shall resolve P1 incidents within 4 hours."}),
        json.dumps({"id": "odd id \udc00", "text": "Availability of 99.5% per month."}),  # its line is escaped
    ]
    result = runner.invoke(app, ["classify"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["odd", "ok", "odd id \udc00"] and all(o["is_sla"] for o in out)
    marked = "".join(span["text"] for span in out[0]["evidence"]["is_sla"])
    assert "\ud800" not in marked and "\ufffd" in marked  # offsets still point at the clause's characters


def test_tokenizable_text_keeps_every_offset_and_cuts_only_overlong_runs() -> None:
    from analyzer.tagging.features import MAX_RUN, tokenizable

    url = "https://example.org/" + "a" * (MAX_RUN - 20)  # a long URL of MAX_RUN characters stays whole
    assert tokenizable(url) == url and tokenizable("plain text") == "plain text"
    for text in ("x " + "_" * 5000 + " y", "a\ud800b", "[*]" * 1000, "$" * (MAX_RUN + 1)):
        safe = tokenizable(text)
        assert len(safe) == len(text)
        assert max(len(run) for run in safe.split()) <= MAX_RUN
        assert all(c == d or d in " \ufffd" for c, d in zip(text, safe))


def test_long_runs_of_punctuation_do_not_hang_the_tagger() -> None:
    """A hang guard, not a speed target: spaCy's tokenizer splits affixes off a
    whitespace-free run one at a time, so 8,000 '$' took 19 s and 100,000 would take hours."""
    script = (
        "from analyzer.tagging.tagger import Tagger\n"
        "texts = ['$' * 100_000, 'Signature: ' + '_' * 100_000, '[*]' * 40_000, 'Norm:' * 20_000]\n"
        "print(sum(r.tags.is_sla for r in Tagger.load().tag_texts(texts)))\n"
    )
    assert output_within(script, 180) == "0"


def test_a_clause_of_thousands_of_sentences_is_extracted_in_linear_time() -> None:
    """A hang guard, not a speed target: each sentence used to scan every span of the
    clause (20,000 sentences: 73 s; now a few seconds). Every target is still found."""
    script = (
        "from analyzer.tagging.tagger import Tagger\n"
        "(result,) = Tagger.load().tag_texts(['The Supplier shall respond within 4 hours. ' * 20_000])\n"
        "print(len(result.metrics))\n"
    )
    assert output_within(script, 60) == "20000"


def test_evaluate_cli_reports_f1_and_confusion(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    rows = [
        {"text": "Availability shall be at least 99.9% per month.", "is_sla": True, "focus": "output", "style": None},
        {"text": "This Agreement is governed by English law.", "is_sla": False, "focus": None, "style": None},
    ]
    gold.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    result = runner.invoke(app, ["evaluate", str(gold), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["is_sla"]["macro_f1"] == 1.0
    assert scores["is_sla"]["confusion"] == [[1, 0], [0, 1]]


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ({"text": "x", "is_sla": "false"}, "is_sla must be true or false, not 'false'"),
        ({"text": "x", "is_sla": False, "focus": "output"}, "a clause that is not an SLA has no focus and no style"),
        ('{"text": "x", "is_sla": tru', "not a JSON line"),
        ({"text": "x", "is_sla": True, "language": "de"}, "language must be 'en' or 'nl'"),
        ({"text": "x", "is_sla": True, "style": "sanction"}, "style must be penalty, collaborative or null"),
    ],
)
def test_evaluate_cli_names_the_line_and_the_problem_of_an_impossible_label(tmp_path: Path, row: dict | str, problem: str) -> None:
    gold = tmp_path / "gold.jsonl"
    good = {"text": "This Agreement is governed by English law.", "is_sla": False, "focus": None, "style": None}
    gold.write_text(json.dumps(good) + "\n" + (row if isinstance(row, str) else json.dumps(row)) + "\n")
    result = runner.invoke(app, ["evaluate", str(gold)])
    assert result.exit_code != 0
    assert f"gold.jsonl:2: {problem}" in result.output


def test_model_files_load_only_pinned_types(tmp_path: Path) -> None:
    import skops.io as sio

    from analyzer.errors import ModelError
    from analyzer.tagging.models import load_models

    for tag in ("is_sla", "focus", "style"):
        sio.dump({"payload": Path("x")}, tmp_path / f"{tag}.skops")
    with pytest.raises(ModelError) as info:
        load_models(tmp_path)
    assert "untrusted" in str(info.value)


def test_training_is_reproducible_on_the_same_data_and_seed() -> None:
    import numpy as np

    from analyzer.tagging.data import read_labeled, training_files
    from analyzer.tagging.training import train

    rows = read_labeled(training_files(Path(__file__).resolve().parents[1] / "models" / "training"))
    subset = rows[::50]  # small but covering every file and class
    first = train(subset, seed=3, folds=2)
    second = train(subset, seed=3, folds=2)
    probe = ["Availability shall be at least 99.5% per month.", "Either party may assign this Agreement."]
    from analyzer.tagging.data import LabeledClause
    from analyzer.tagging.training import featurize

    texts = featurize([LabeledClause(str(i), t, "en", False, None, None) for i, t in enumerate(probe)])
    for tag in ("is_sla", "focus", "style"):
        assert np.array_equal(first.models[tag].predict_proba(texts), second.models[tag].predict_proba(texts))
        assert first.cross_validation[tag].to_dict() == second.cross_validation[tag].to_dict()


def test_shipped_models_were_trained_on_the_training_data_in_the_repository() -> None:
    from analyzer.tagging.data import read_labeled, training_files
    from analyzer.tagging.training import data_fingerprint

    models = Path(__file__).resolve().parents[1] / "models"
    metadata = json.loads((models / "model.json").read_text(encoding="utf-8"))
    rows = read_labeled(training_files(models / "training"))
    assert metadata["data_sha256"] == data_fingerprint(rows), "training data changed: run `watermelon train`"
    assert metadata["sources"] == [p.name for p in training_files(models / "training")]


def test_a_period_word_naming_a_fee_is_not_a_measurement_window() -> None:
    metrics, _ = metrics_of("Resolve 95% of Priority 1 Incidents within 4 hours; a credit of 5% of the Monthly Charges applies.")
    assert metrics and all(m.window is None for m in metrics)
    measured, _ = metrics_of("The Supplier shall resolve 95% of Priority 1 Incidents within 4 hours, measured monthly.")
    assert measured and all(m.window == "monthly" for m in measured)


# Operational duties that score near the threshold; which of them falls between the two
# thresholds depends on the trained model, so the tests below pick one.
BORDERLINE_DUTIES = (
    "The Supplier shall monitor the network and report each outage.",
    "The Supplier shall monitor the network and record each outage.",
    "The Supplier shall monitor the network and log each outage.",
    "The Supplier shall check the backups and report each failure.",
    "The Supplier shall monitor the servers and report each outage.",
)


@pytest.fixture(scope="module")
def duty(tagger: Tagger) -> str:
    """A duty whose words score between the in-section and the usual threshold, bare and
    with a section number before it (as `analyze` reads it), so only its place decides."""
    from analyzer.tagging.context import IN_SLA_SECTION_THRESHOLD
    from analyzer.tagging.tagger import SLA_THRESHOLD

    for text in BORDERLINE_DUTIES:
        results = tagger.tag_texts([text, f"1.1 {text}"])
        if all(IN_SLA_SECTION_THRESHOLD <= r.tags.is_sla_probability < SLA_THRESHOLD for r in results):
            return text
    raise AssertionError("no borderline duty scores between the thresholds: add one to BORDERLINE_DUTIES")


def test_a_clause_under_a_service_level_heading_needs_less_evidence(tagger: Tagger, duty: str, tmp_path: Path) -> None:
    from analyzer import load_document

    contract = tmp_path / "contract.txt"
    contract.write_text(f"NETWORK AGREEMENT\n\n1. Confidentiality\n\n1.1 {duty}\n\n2. Service Levels\n\n2.1 {duty}\n", encoding="utf-8")
    tagged = {t.clause.section: t for t in tagger.tag_document(load_document(contract))}
    assert tagged["1.1"].tags.is_sla is False and tagged["1.1"].tags.focus is None
    assert tagged["2.1"].tags.is_sla is True and tagged["2.1"].tags.focus == "output"
    assert tagged["2.1"].tags.evidence["is_sla"], "an SLA decision still shows its words"


def test_thresholds_must_match_the_texts(tagger: Tagger) -> None:
    with pytest.raises(ValueError, match="2 texts but 1 thresholds"):
        tagger.tag_texts(["a", "b"], None, [0.3])


def test_a_heading_fragment_is_not_an_sla_clause_however_strong_its_words(tagger: Tagger) -> None:
    results = tagger.tag_texts(["Response time:", "o Review Complete", "Uptime: 99.9%", "Availability shall be 99.9% per month."])
    assert [r.tags.is_sla for r in results] == [False, False, True, True]
    fragment = results[0].tags
    assert fragment.focus is None and fragment.style is None and fragment.evidence == {}
    assert 0.0 <= fragment.is_sla_probability <= 1.0  # the model's own belief is still reported


POINTERS = [
    '"Service Levels" means the service levels set out in Schedule 3.',
    '"SLA" means the service level agreement attached as Exhibit C.',
    '"KPIs" has the meaning given to it in paragraph 1 of the Performance Schedule.',
    '"Dienstverleningsniveaus" betekent de dienstverleningsniveaus zoals opgenomen in Bijlage 4.',
]
MEASURES = [
    '"Availability" means the minutes in a month in which the Portal is reachable at the network boundary, '
    "divided by the minutes in that month, as set out in Schedule 2.",
    '"Response Time" means the time between logging and first contact, as defined in Schedule 2.',
    "The Supplier shall meet the Service Levels set out in Schedule 3.",
]


def test_pointer_definitions_are_recognised_by_their_form() -> None:
    from analyzer.tagging.pointers import is_pointer_definition

    assert [is_pointer_definition(text) for text in POINTERS] == [True] * len(POINTERS)
    assert [is_pointer_definition(text) for text in MEASURES] == [False] * len(MEASURES)


def test_a_pointer_definition_is_not_an_sla_clause_however_strong_its_words(tagger: Tagger) -> None:
    from analyzer.tagging.tagger import SLA_THRESHOLD

    pointer, measure = tagger.tag_texts([POINTERS[0], MEASURES[0]])
    assert pointer.tags.is_sla_probability >= SLA_THRESHOLD  # the words alone would make it an SLA
    assert pointer.tags.is_sla is False and pointer.tags.focus is None and pointer.tags.evidence == {}
    assert measure.tags.is_sla is True and measure.tags.focus == "output"
    # under a service-level heading too
    (in_section,) = tagger.tag_texts([POINTERS[0]], None, [0.25])
    assert in_section.tags.is_sla is False


def test_the_callers_thresholds_are_left_as_they_were(tagger: Tagger) -> None:
    import numpy as np

    thresholds = np.array([0.3, 0.3])
    tagger.tag_texts(["Response time:", "Availability shall be 99.9% per month."], None, thresholds)
    assert thresholds.tolist() == [0.3, 0.3]


def test_scoring_in_context_uses_each_clauses_headings(tagger: Tagger, duty: str) -> None:
    from analyzer.tagging.assess import assess_tagger, assess_tagger_in_context
    from analyzer.tagging.data import LabeledClause

    gold = [
        LabeledClause("a", duty, "en", True, "output", None),
        LabeledClause("b", "This Agreement is governed by the laws of England.", "en", False, None, None),
    ]
    bare = assess_tagger(tagger, gold)
    assert assess_tagger_in_context(tagger, gold, [None, None])["is_sla"].to_dict() == bare["is_sla"].to_dict()
    in_section = assess_tagger_in_context(tagger, gold, [("Schedule 2", "Service Levels"), ("Governing Law",)])
    assert bare["is_sla"].macro_f1 < 1.0 and in_section["is_sla"].macro_f1 == 1.0


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("99.95", 99.95),
        ("99,5", 99.5),
        ("1,000", 1000.0),
        ("10.000.000", 10_000_000.0),
        ("1,250.50", 1250.5),
        ("1.250,50", 1250.5),
        ("0,125", 0.125),
        ("$2,500,000", 2_500_000.0),
        ("twenty-four hours", 24.0),
        ("one hundred and twenty days", 120.0),
        ("two thousand five hundred", 2500.0),
        ("vierentwintig uur", 24.0),
        ("tweeëntwintig", 22.0),
        ("thirty (30) days", 30.0),
        ("next business day", None),
    ],
)
def test_numbers_are_read_in_digits_and_words(text: str, number: float | None) -> None:
    from analyzer.nlp.numbers import parse_number

    assert parse_number(text) == number


def test_a_number_restated_in_digits_is_one_value() -> None:
    metrics, _ = metrics_of("Downtime shall not exceed five percent (5%) of the hours in any month.")
    assert [(m.comparator, m.value, m.unit, m.text) for m in metrics] == [
        ("shall not exceed", 5.0, "%", "shall not exceed five percent (5%) of the hours in any month")
    ]
    (desk,), _ = metrics_of("A Twenty-Four Hour (24Hour) help desk answers P1 calls.")
    assert (desk.value, desk.unit) == (24.0, "hours")
    # the restatement is the credit's size, not a second target
    metrics, consequences = metrics_of("A credit of five percent (5%) of the monthly charges applies.")
    assert metrics == () and [(c.kind, c.value, c.unit) for c in consequences] == [("credit", 5.0, "%")]


def test_angle_brackets_of_markup_are_no_comparators() -> None:
    (share, time), _ = metrics_of("<td><p>95% of tickets assigned within 1 business day</p></td>")
    assert (share.comparator, share.value) == (None, 95.0)
    assert (time.comparator, time.value, time.unit) == ("within", 1.0, "business days")
    (latency, page_load), _ = metrics_of("Latency < 50 milliseconds; page load < 3 seconds.")
    assert (latency.name, latency.comparator, latency.value, latency.unit) == ("latency", "<", 50.0, "milliseconds")
    assert (page_load.comparator, page_load.value, page_load.unit) == ("<", 3.0, "seconds")


def test_service_hours_dates_and_payment_terms_are_no_targets() -> None:
    metrics, _ = metrics_of("The desk is staffed 24 hours a day, 7 days a week; P1 incidents are restored within 4 hours.")
    assert [(m.value, m.unit) for m in metrics] == [(4.0, "hours")]
    (reply,), _ = metrics_of("De helpdesk is 24 uur per dag bereikbaar en reageert binnen 2 uur.", "nl")
    assert (reply.comparator, reply.value, reply.window) == ("binnen", 2.0, None)
    assert metrics_of("The report is delivered by the 5th business day of each month.")[0] == ()
    assert metrics_of("Rapportage uiterlijk op de 5e werkdag van de maand.", "nl")[0] == ()
    assert metrics_of("Service Credits not deducted from an invoice shall be paid within 30 days.")[0] == ()
    assert metrics_of("The Service Levels will be formally reviewed every 12 months.")[0] == ()  # a meeting rhythm
    (ping,), _ = metrics_of("The Supplier pings each server at least every fifteen (15) minutes.")
    assert (ping.value, ping.unit) == (15.0, "minutes")
    # in a KPI table the payment term is the measured service
    metrics, _ = metrics_of("KPI: Invoices paid on time | Invoices paid within 30 days | Target: 100%")
    assert [(m.value, m.unit) for m in metrics] == [(30.0, "days"), (100.0, "%")]


def test_a_name_or_window_does_not_reach_across_a_semicolon() -> None:
    (uptime, reply), _ = metrics_of("Availability of at least 99.5% per month; response within 4 hours.")
    assert (uptime.name, uptime.window) == ("availability", "per month")
    assert (reply.name, reply.window, reply.text) == ("response", None, "within 4 hours")
    (logged, uptime), _ = metrics_of("Incidents are logged within 15 minutes of detection; uptime is 99.9% per month.")
    assert (logged.window, uptime.window) == (None, "per month")


def test_cure_periods_and_the_sizes_of_credits_are_no_targets() -> None:
    assert metrics_of("Either party may terminate if a breach is not cured within thirty (30) days after written notice.")[0] == ()
    assert metrics_of("Either party may terminate if the other fails to remedy a breach within 14 days.")[0] == ()
    assert metrics_of("The amount of Service Credits in any month shall not exceed: 10%.")[0] == ()
    metrics, consequences = metrics_of("The credit equals one-thirtieth (1/30) of the monthly fees for each hour of outage.")
    assert metrics == () and [c.kind for c in consequences] == ["credit"]
    # a percentage after the metric it measures stays a target, credit or not
    (uptime,), _ = metrics_of("Service Credits apply where Availability falls below 99.5% in a month.")
    assert (uptime.name, uptime.comparator, uptime.value) == ("availability", "below", 99.5)
    (reply,), _ = metrics_of("The Supplier shall respond within 30 days after notice of a change request is approved.")
    assert reply.value == 30.0


def test_a_level_number_is_no_value() -> None:
    # a text-column table: the level's number runs into the next column's heading
    assert metrics_of("Support Level 2   Days covered: Monday to Friday")[0] == ()
    (reply,), _ = metrics_of("Severity 2   4 hours")
    assert (reply.value, reply.unit) == (4.0, "hours")


def test_together_with_is_no_joint_review() -> None:
    assert metrics_of("The report is sent together with the invoice.")[1] == ()
    _, consequences = metrics_of("The parties shall work together to restore the service.")
    assert [c.kind for c in consequences] == ["review"]


def test_counts_of_failures_are_targets_and_volumes_or_section_numbers_are_not() -> None:
    metrics, _ = metrics_of("Acceptable Quality Level: 0 linting errors and 0 warnings")
    assert [(m.name, m.value, m.unit) for m in metrics] == [("linting errors", 0.0, "errors"), ("warnings", 0.0, "warnings")]
    (outages,), _ = metrics_of("There shall be no more than two (2) Severity 1 outages per month.")
    assert (outages.comparator, outages.value, outages.unit, outages.window) == ("no more than", 2.0, "outages", "per month")
    (storingen,), _ = metrics_of("Per kwartaal treden ten hoogste drie storingen op.", "nl")
    assert (storingen.value, storingen.unit) == (3.0, "storingen")
    assert metrics_of("Een Storing wordt binnen de Reactietijd gemeld.", "nl")[0] == ()  # "een" is "a"
    assert metrics_of("5.3 A failure by the Supplier to report is a Service Level default.")[0] == ()
    assert metrics_of("Escalation Manager: +44 20 7946 0958 escalations desk")[0] == ()
    assert metrics_of("Up to 500 calls a month are included in the Charges.")[0] == ()  # a workload
    (resolve,), _ = metrics_of("The Supplier shall resolve Priority 1 incidents within 4 hours.")  # a priority, no count
    assert (resolve.name, resolve.value, resolve.unit) == ("resolution", 4.0, "hours")


def test_legal_false_friends_of_consequence_words_are_no_consequences() -> None:
    def kinds(text: str) -> list[str]:
        return [c.kind for c in metrics_of(text)[1]]

    assert kinds("Consent to assignment shall not be unreasonably withheld or delayed.") == []
    assert kinds("The Customer may withhold tax from payments where the law requires.") == []
    assert kinds("Nothing in this Agreement creates a partnership, joint venture or agency.") == []
    assert kinds("No right is deemed waived by a failure to enforce it.") == []
    # the same words as consequences
    assert kinds("The Customer may withhold payment of the disputed Charges.") == ["penalty"]
    assert kinds("The parties work in partnership to improve the service.") == ["review"]
    assert kinds("Service Credits are waived where the Supplier recovers the service level.") == ["credit", "earn_back"]


def test_deadline_and_ceiling_comparators() -> None:
    (report,), _ = metrics_of("Reports are delivered no later than 10 Business Days after month end.")
    assert (report.comparator, report.value, report.unit) == ("no later than", 10.0, "business days")
    (downtime,), _ = metrics_of("Downtime not to exceed 4 hours per month.")
    assert (downtime.comparator, downtime.window) == ("not to exceed", "per month")
    (faults,), _ = metrics_of("Per maand treden ten hoogste drie storingen op.", "nl")
    assert (faults.comparator, faults.value, faults.unit, faults.window) == ("ten hoogste", 3.0, "storingen", "per maand")


def test_ranking_scores_how_p_is_sla_orders_the_clauses_at_no_threshold(tagger: Tagger, duty: str) -> None:
    from analyzer.tagging.assess import sla_ranking
    from analyzer.tagging.data import LabeledClause

    sla = "Availability shall be at least 99.9% per month, failing which a Service Credit of 5% applies."
    law = "This Agreement is governed by the laws of England."
    ordered = [LabeledClause("a", sla, "en", True, "output", "penalty"), LabeledClause("b", law, "en", False, None, None)]
    assert sla_ranking(tagger, ordered) == {"roc_auc": 1.0, "average_precision": 1.0}
    # the duty scores below the threshold, yet above the governing-law clause: ranked right
    below = [LabeledClause("a", duty, "en", True, "output", None), LabeledClause("b", law, "en", False, None, None)]
    assert sla_ranking(tagger, below)["roc_auc"] == 1.0
    reversed_labels = [LabeledClause("a", sla, "en", False, None, None), LabeledClause("b", law, "en", True, None, None)]
    assert sla_ranking(tagger, reversed_labels)["roc_auc"] == 0.0
    with pytest.raises(ValueError, match="both kinds"):
        sla_ranking(tagger, ordered[:1])


def test_the_model_card_reports_the_dev_ranking_when_there_is_one() -> None:
    from analyzer.tagging.card import render_card
    from analyzer.tagging.evaluate import score_tag

    scores = {tag: score_tag(tag, ["True", "False"], ["True", "True"]) for tag in ("is_sla", "focus", "style")}
    metadata = {"counts": {}, "data_sha256": "0" * 16, "seed": 0, "versions": {}, "sources": []}
    assert "Without a threshold" not in render_card(metadata, scores, scores, None, dev_size=2)
    card = render_card({**metadata, "dev_ranking": {"roc_auc": 0.9079, "average_precision": 0.8268}}, scores, scores, None, dev_size=2)
    assert "ROC-AUC of P(is_sla) 0.908, average precision\n0.827" in card


def test_train_cli_writes_models_and_a_card_scored_on_the_dev_set(tmp_path: Path) -> None:
    from analyzer.tagging.data import training_files
    from tests.conftest import CORPUS

    repository = Path(__file__).resolve().parents[1]
    data = tmp_path / "training"
    data.mkdir()
    for source in training_files(repository / "models" / "training"):
        lines = source.read_text(encoding="utf-8").splitlines()
        (data / source.name).write_text("\n".join(lines[::8]) + "\n", encoding="utf-8")
    devset = tmp_path / "devset"
    devset.mkdir()
    dev_lines = (repository / "tests" / "devset" / "corpus_dev_cuad.jsonl").read_text(encoding="utf-8").splitlines()[:60]
    (devset / "corpus_dev_cuad.jsonl").write_text("\n".join(dev_lines) + "\n", encoding="utf-8")
    out = tmp_path / "models"
    args = ["train", "--data", str(data), "--out", str(out), "--folds", "2", "--devset", str(devset), "--corpus", str(CORPUS)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    metadata = json.loads((out / "model.json").read_text(encoding="utf-8"))
    assert set(metadata["dev"]) == {"is_sla", "focus", "style"}
    ranking = metadata["dev_ranking"]
    assert 0.5 < ranking["roc_auc"] <= 1.0 and 0.0 < ranking["average_precision"] <= 1.0
    card = (out / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert f"ROC-AUC of P(is_sla) {ranking['roc_auc']:.3f}" in card
    assert "## Generalisation: our dev set of real contract clauses (60 clauses)" in card
    (result_row,) = Tagger.load(out).tag_texts(["Availability shall be at least 99.9% per month."])
    assert result_row.tags.is_sla
