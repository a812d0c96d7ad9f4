"""Parts of a metric that real SLAs write tersely: a number and its unit as one word
("50ms", "2.5s", "4h"), and which name a value takes when a clause holds several duties."""

from __future__ import annotations

import pytest

from analyzer.nlp.extract import extract
from analyzer.nlp.pipeline import build_nlp
from tests.conftest import metrics_in


@pytest.mark.parametrize(
    ("text", "lang", "value", "unit"),
    [
        ("Network latency shall not be greater than 50ms round trip.", "en", 50.0, "milliseconds"),
        ("Latency shall be under 50 ms between the data centres.", "en", 50.0, "milliseconds"),
        ("API responses shall be returned within 500msec.", "en", 500.0, "milliseconds"),
        ("Portal pages shall load in 2.5s or less.", "en", 2.5, "seconds"),
        ("Calls shall be answered within 20 secs.", "en", 20.0, "seconds"),
        ("De responstijd van het portaal is maximaal 300 ms.", "nl", 300.0, "milliseconds"),
        ("De responstijd van het portaal is maximaal 300 milliseconden.", "nl", 300.0, "milliseconds"),
    ],
)
def test_a_unit_of_time_written_short_or_joined_to_its_number(text: str, lang: str, value: float, unit: str) -> None:
    assert [(m.value, m.unit) for m in metrics_in(text, lang)] == [(value, unit)]


@pytest.mark.parametrize(
    "text",
    [
        "This Agreement is made as of the 1s t day of June between the parties.",  # a broken ordinal
        "The Supplier has run service desks since the 1990s and shall keep doing so.",  # a decade
    ],
)
def test_an_ordinal_or_a_decade_is_no_time(text: str) -> None:
    doc = build_nlp("en")(text)
    assert [s.text for s in doc.spans["sla"] if s.label_ == "DURATION"] == []


def test_mean_time_between_failures_names_its_target() -> None:
    (metric,) = metrics_in("Mean Time Between Failures shall be greater than 2,000 hours.")
    assert (metric.name, metric.comparator, metric.value, metric.unit) == ("mean time between failures", "greater than", 2000.0, "hours")


def test_a_name_after_a_new_duty_is_not_the_earlier_values_name() -> None:
    metrics = metrics_in("The Contractor shall answer 80% of calls within 30 seconds and shall keep the abandonment rate under 5%.")
    assert [(m.name, m.value) for m in metrics] == [("answer", 80.0), (None, 30.0), ("abandonment rate", 5.0)]


def test_a_name_after_a_value_still_names_it_within_one_duty() -> None:
    (metric,) = metrics_in("The Supplier shall achieve 99.5% availability of the hosting platform in each month.")
    assert (metric.name, metric.value) == ("availability", 99.5)


def test_a_notice_period_is_not_named_by_the_measure_of_the_next_duty() -> None:
    text = (
        "Planned outages shall be notified at least ten (10) Working Days in advance, "
        "and shall not count towards the calculation of Service Availability."
    )
    assert all(m.name != "service availability" for m in metrics_in(text))


def test_hours_abbreviated_after_a_space() -> None:
    metrics = metrics_in("Incidents: P1 response 15 min, resolve 4 h; P2 response 30 min, resolve 8 h.")
    assert [(m.name, m.value, m.unit) for m in metrics] == [
        ("response", 15.0, "minutes"),
        ("resolution", 4.0, "hours"),
        ("response", 30.0, "minutes"),
        ("resolution", 8.0, "hours"),
    ]


def test_two_words_for_one_sanction_are_one_consequence() -> None:
    text = "Bij het niet halen van de norm verbeurt Opdrachtnemer een boete van 1% van de maandelijkse vergoeding, met een maximum van 10%."
    consequences = extract(build_nlp("nl")(text))[1]
    assert [(c.kind, c.value, c.text) for c in consequences] == [("penalty", 1.0, "boete"), ("cap", 10.0, "10%")]


def test_two_sanctions_with_their_own_amounts_both_stay() -> None:
    text = "A Service Credit of 5% applies for a first failure and a further Service Credit of 10% for a second."
    consequences = extract(build_nlp("en")(text))[1]
    assert [(c.kind, c.value) for c in consequences] == [("credit", 5.0), ("credit", 10.0)]


@pytest.mark.parametrize(
    ("row", "lang", "window"),
    [
        (
            "Service Level: Incident Resolution (P1) | Target: 95% within 4 hours | Measurement Period: Monthly | Service Credit: 5%",
            "en",
            "monthly",
        ),
        ("Servicelevel: Beschikbaarheid | Norm: 99,7% | Meetperiode: kalendermaand | Boete: 2%", "nl", "kalendermaand"),
    ],
)
def test_a_rows_measurement_period_cell_is_its_targets_window(row: str, lang: str, window: str) -> None:
    metrics = metrics_in(row, lang)
    assert metrics and all(m.window == window for m in metrics)


def test_a_window_the_target_states_itself_is_kept() -> None:
    (metric,) = metrics_in("KPI: Availability | Target: 99.5% per quarter | Reporting Period: monthly")
    assert metric.window == "per quarter"


@pytest.mark.parametrize(
    ("text", "lang", "window"),
    [
        ("Availability shall be at least 99.9% over a rolling three-month period.", "en", "three-month period"),
        ("No more than three Severity 1 Incidents shall occur in any rolling 12-month period.", "en", "12-month period"),
        ("Availability of 99.5% measured over a rolling 6 months.", "en", "6 months"),
        ("The Supplier shall resolve 90% of incidents within 8 business hours in each Service Period.", "en", "each service period"),
        ("Satisfaction shall be at least 85%, measured twice a year.", "en", "twice a year"),
        (
            "Opdrachtnemer handelt 90% van de meldingen af binnen 2 werkdagen, gemeten over een periode van drie maanden.",
            "nl",
            "drie maanden",
        ),
    ],
)
def test_a_measuring_period_named_by_its_length_is_a_window(text: str, lang: str, window: str) -> None:
    metrics = metrics_in(text, lang)
    assert metrics and all(m.window == window for m in metrics)
    assert all(m.unit != "months" for m in metrics)  # the period is no target


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The Supplier shall deliver the plan within a period of 3 months.", "en"),
        ("De Leverancier levert het plan binnen een periode van drie maanden.", "nl"),
    ],
)
def test_a_deadline_of_a_period_stays_a_deadline(text: str, lang: str) -> None:
    assert [(m.value, m.unit, m.window) for m in metrics_in(text, lang)] == [(3.0, "months", None)]


def test_a_dutch_rating_verb_names_its_score() -> None:
    (metric,) = metrics_in("De gebruiker beoordeelt de afhandeling gemiddeld met minimaal een 7,5.", "nl")
    assert (metric.name, metric.comparator, metric.value, metric.unit) == ("beoordeling", "minimaal", 7.5, "score")


def test_the_measuring_period_wins_from_the_service_hours() -> None:
    (metric,) = metrics_in("De beschikbaarheid van het systeem is 99,5% gedurende Kantooruren, gemeten per kalendermaand.", "nl")
    assert (metric.value, metric.window) == (99.5, "per kalendermaand")


def test_service_hours_alone_still_say_when_a_target_counts() -> None:
    (metric,) = metrics_in("Calls shall be answered within 30 seconds during Business Hours.")
    assert (metric.value, metric.window) == (30.0, "business hours")


def test_allowed_downtime_names_its_target() -> None:
    (metric,) = metrics_in("Liquidated damages apply for each day the System is down beyond the allowed downtime of 8 hours per month.")
    assert (metric.name, metric.value, metric.unit, metric.window) == ("downtime", 8.0, "hours", "per month")


@pytest.mark.parametrize(
    ("text", "lang", "penalty", "cap"),
    [
        (
            "Indien Leverancier de Servicelevels niet haalt, is hij per dag een boete verschuldigd van EUR 1.000,- "
            "met een maximum van EUR 50.000,-.",
            "nl",
            1000.0,
            50000.0,
        ),
        ("Liquidated damages of USD 1,000 per day apply, capped at USD 25,000 in aggregate.", "en", 1000.0, 25000.0),
    ],
)
def test_a_sum_after_a_cap_word_is_the_sanctions_cap(text: str, lang: str, penalty: float, cap: float) -> None:
    consequences = extract(build_nlp(lang)(text))[1]
    assert [(c.kind, c.value, c.unit) for c in consequences] == [("penalty", penalty, "money"), ("cap", cap, "money")]


def test_a_sum_up_to_which_something_is_paid_without_a_sanction_is_no_cap() -> None:
    consequences = extract(build_nlp("en")("The Supplier shall reimburse relocation costs up to USD 10,000 per move."))[1]
    assert [c.kind for c in consequences] == []


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("Provider shall credit Customer two hundred dollars ($200) per such failure.", "en", 200.0),
        ("Provider shall credit Customer one hundred and fifty dollars for each missed report.", "en", 150.0),
        ("Opdrachtnemer verbeurt een boete van vijfhonderd euro (EUR 500) per dag.", "nl", 500.0),
    ],
)
def test_a_sum_in_words_is_read_whole(text: str, lang: str, value: float) -> None:
    consequences = extract(build_nlp(lang)(text))[1]
    assert [(c.value, c.unit) for c in consequences] == [(value, "money")]


@pytest.mark.parametrize(
    "text",
    [
        "Vendor will credit Customer 1/30th of the monthly fee for each full day of outage.",
        "Provider shall issue a Service Credit equal to one-thirtieth (1/30) of the monthly fees for each day of Downtime.",
    ],
)
def test_a_fraction_of_the_charges_is_the_credits_share(text: str) -> None:
    consequences = extract(build_nlp("en")(text))[1]
    assert [(c.kind, c.value, c.unit) for c in consequences] == [("credit", 3.33, "%")]


def test_a_score_near_a_credit_is_no_share_of_the_charges() -> None:
    text = "If satisfaction falls below 4/5, a Service Credit of 5% of the monthly charges applies."
    metrics, consequences = extract(build_nlp("en")(text))
    assert [(m.value, m.unit) for m in metrics] == [(4.0, "/5")]
    assert [(c.kind, c.value, c.unit) for c in consequences] == [("credit", 5.0, "%")]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        (
            "Bij onderschrijding verbeurt Opdrachtnemer een boete van 1% van de maandvergoeding per begonnen 0,1% onderschrijding, "
            "met een maximum van 10%.",
            "nl",
            [("penalty", 1.0), ("cap", 10.0)],
        ),
        (
            "KPI: Invoices processed within 5 days | Target: 97% | Service Credit: 2% of monthly fee per 1% shortfall",
            "en",
            [("credit", 2.0)],
        ),
    ],
)
def test_the_step_of_a_sliding_scale_is_no_sanction(text: str, lang: str, expected: list[tuple[str, float]]) -> None:
    metrics, consequences = extract(build_nlp(lang)(text))
    assert [(c.kind, c.value) for c in consequences] == expected
    assert all(m.value not in (0.1, 1.0) for m in metrics)


def test_a_percentage_after_the_word_level_is_the_levels_target() -> None:
    metrics = metrics_in("Service Level Target 99.5% Minimum Service Level 98.0%")
    assert [m.value for m in metrics] == [99.5, 98.0]


def test_a_number_after_the_word_level_is_the_levels_name() -> None:
    assert [m.value for m in metrics_in("Severity Level 2 incidents shall be resolved within 8 hours.")] == [8.0]
