"""Scores and rates stated by a bare number and its comparator: the outcome KPIs
("satisfaction of at least 7.5") that no unit rule finds."""

from __future__ import annotations

import pytest

from analyzer.model import Consequence, Metric
from analyzer.nlp.extract import extract
from analyzer.nlp.pipeline import build_nlp
from analyzer.scoring.inventory import format_target
from tests.conftest import output_within


def extracted(text: str, lang: str) -> tuple[tuple[Metric, ...], tuple[Consequence, ...]]:
    return extract(build_nlp(lang)(text))


@pytest.mark.parametrize(
    ("text", "lang", "name", "comparator", "value", "unit"),
    [
        ("Customer satisfaction shall average at least 7.5 in each survey.", "en", "customer satisfaction", "at least", 7.5, "score"),
        ("De klanttevredenheid moet minimaal een 7,5 zijn in de kwartaalmeting.", "nl", "klanttevredenheid", "minimaal", 7.5, "score"),
        ("End users shall rate the Service Desk 4.2 or higher on a five-point scale.", "en", "rating", "or higher", 4.2, "/5"),
        ("De klanttevredenheid bedraagt minimaal 7,5 op een schaal van 1 tot 10.", "nl", "klanttevredenheid", "minimaal", 7.5, "/10"),
        ("The Net Promoter Score of users shall be at least -10 in year one.", "en", "net promoter score", "at least", -10.0, "score"),
        ("Het aantal klachten is niet meer dan 5 per 1.000 meldingen.", "nl", "klachten", "niet meer dan", 5.0, "per 1000"),
        ("Round-trip latency between the data centres shall not exceed 80 ms.", "en", "latency", "shall not exceed", 80.0, "milliseconds"),
        ("The open Incident backlog shall not exceed 150 at any month-end.", "en", "backlog", "shall not exceed", 150.0, "number"),
        (
            "Het aantal klachten van bewoners bedraagt niet meer dan tien (10) per kwartaal.",
            "nl",
            "klachten",
            "niet meer dan",
            10.0,
            "number",
        ),
        (
            "If the Performance Score in a Quarter is less than 80 points, the parties shall meet.",
            "en",
            "performance score",
            "less than",
            80.0,
            "points",
        ),
        ("KPI: Citizen complaints upheld | Target: 0 per year | Source: Ombudsman", "en", "citizen complaints upheld", None, 0.0, "number"),
        ("KPI: User satisfaction | Target: Average of 4.0 or higher (out of 5)", "en", "user satisfaction", "or higher", 4.0, "/5"),
    ],
)
def test_a_score_or_rate_stated_by_its_number_alone_is_a_metric(
    text: str, lang: str, name: str, comparator: str, value: float, unit: str
) -> None:
    metrics, _ = extracted(text, lang)
    assert [(m.name, m.comparator, m.value, m.unit) for m in metrics] == [(name, comparator, value, unit)]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The Supplier shall provide at least 3 copies of the manual.", "en"),  # nothing measured names it
        ("Customer satisfaction shall be reported no later than 2027.", "en"),  # a year
        ("NAI will make available up to 500,000 impressions on its sites.", "en"),  # a volume
        ("De Leverancier levert ten minste (3) exemplaren.", "nl"),  # a number in brackets alone
        ("Availability is measured from probes located in at least three (3) regions.", "en"),  # a noun: what is counted
        ("Customer satisfaction is surveyed by sampling not less than 200 users per month.", "en"),  # a sample size
    ],
)
def test_numbers_that_measure_nothing_are_no_metrics(text: str, lang: str) -> None:
    metrics, _ = extracted(text, lang)
    assert metrics == ()


def test_satisfaction_words_name_scores_never_durations() -> None:
    metrics, _ = extracted("Customer satisfaction results shall be discussed within six (6) months.", "en")
    assert [(m.value, m.unit) for m in metrics] == [(6.0, "months")]
    assert metrics[0].name != "satisfaction"


def test_dutch_maximaal_is_a_comparator_unless_it_caps_a_penalty() -> None:
    metrics, consequences = extracted("De responstijd is maximaal 2 werkdagen.", "nl")
    assert [(m.name, m.comparator, m.value, m.unit) for m in metrics] == [("responstijd", "maximaal", 2.0, "business days")]
    assert consequences == ()
    _, consequences = extracted("De boete bedraagt maximaal 10% van de maandelijkse vergoeding.", "nl")
    assert ("cap", 10.0, "%") in [(c.kind, c.value, c.unit) for c in consequences]


@pytest.mark.parametrize(
    ("text", "lang", "target"),
    [
        ("Customer satisfaction shall average at least 7.5 in the quarterly survey.", "en", "at least 7.5"),
        ("End users shall rate the Service Desk 4.2 or higher on a five-point scale.", "en", "4.2/5 or higher"),
        ("Het aantal klachten bedraagt niet meer dan 5 per 1.000 afgehandelde meldingen.", "nl", "niet meer dan 5 per 1000"),
    ],
)
def test_a_bare_score_reads_as_its_number_in_the_inventory(text: str, lang: str, target: str) -> None:
    (metric,), _ = extracted(text, lang)
    assert format_target(metric) == target


@pytest.mark.parametrize(
    ("row", "name", "value", "unit"),
    [
        (
            "Indicator: Klachten van medewerkers over de werkplek | Norm: max. 10 per maand",
            "klachten van medewerkers over de werkplek",
            10.0,
            "number",
        ),
        ("KPI: Net Promoter Score patiënten | Doel: +25 | Bron: enquête na de afspraak", "net promoter score patiënten", 25.0, "score"),
        ("KPI: Klachten over afvalinzameling | Norm: < 1 per 1.000 aansluitingen", "klachten over afvalinzameling", 1.0, "per 1000"),
        (
            "Servicelevel: Beschikbaarheid productieomgeving | Norm: 99,7% | Meetperiode: kalendermaand",
            "beschikbaarheid productieomgeving",
            99.7,
            "%",
        ),
        ("Servicelevel: Toegankelijkheid | Norm: 0 afwijkingen op WCAG 2.1 niveau AA", "toegankelijkheid", 0.0, "afwijkingen"),
        ("KPI: Gebruikerstevredenheid | Norm: gemiddeld ≥ 7,5 | Meetperiode: kalendermaand", "gebruikerstevredenheid", 7.5, "score"),
    ],
)
def test_a_target_cell_takes_its_name_from_the_cell_that_names_the_measure(row: str, name: str, value: float, unit: str) -> None:
    metrics, _ = extracted(row, "nl")
    assert [(m.name, m.value, m.unit) for m in metrics] == [(name, value, unit)]


def test_a_bare_numbers_metric_text_covers_the_words_that_give_its_unit() -> None:
    (latency, page_load), _ = extracted("Latency < 50 milliseconds; page load < 3 seconds.", "en")
    assert (latency.text, page_load.text) == ("Latency < 50 milliseconds", "< 3 seconds")
    (rating,), _ = extracted("End users shall rate the Service Desk 4.2 or higher on a five-point scale.", "en")
    assert rating.text == "4.2 or higher on a five-point scale"


@pytest.mark.parametrize(
    ("text", "lang", "comparator", "value", "unit"),
    [
        ("Opdrachtnemer informeert Opdrachtgever binnen vierentwintig (24) uur na ontdekking.", "nl", "binnen", 24.0, "hours"),
        ("Bij een reactietijd van meer dan één uur verbeurt Opdrachtnemer een boete.", "nl", "meer dan", 1.0, "hours"),
        ("The Supplier shall call the user back within an hour.", "en", "within", 1.0, "hours"),
        ("Jitter shall not exceed five (5) milliseconds.", "en", "shall not exceed", 5.0, "milliseconds"),
        ("Opdrachtnemer herstelt de gegevens binnen zeven (7) kalenderdagen.", "nl", "binnen", 7.0, "days"),
    ],
)
def test_a_time_written_out_or_restated_is_a_duration_even_unnamed(text: str, lang: str, comparator: str, value: float, unit: str) -> None:
    metrics, _ = extracted(text, lang)
    assert [(m.comparator, m.value, m.unit) for m in metrics] == [(comparator, value, unit)]


def test_a_clause_of_thousands_of_bare_scores_is_extracted_in_linear_time() -> None:
    """A hang guard, not a speed target (a few seconds here): every score is still found."""
    script = (
        "from analyzer.nlp.extract import extract\n"
        "from analyzer.nlp.pipeline import build_nlp\n"
        "text = 'Customer satisfaction shall be at least 7.5 on a five-point scale. | Target: 4 | ' * 10_000\n"
        "print(len(extract(build_nlp('en')(text))[0]))\n"
    )
    assert output_within(script, 60) == "20000"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Bij overschrijding verbeurt Opdrachtnemer een boete van EUR 500 per incident.", "nl"),
        ("The Supplier shall pay £500 per complaint upheld by the Trust.", "en"),
    ],
)
def test_a_sum_per_failure_is_a_penalty_not_a_count_of_failures(text: str, lang: str) -> None:
    metrics, _ = extracted(text, lang)
    assert metrics == ()


@pytest.mark.parametrize(
    ("text", "lang", "kept"),
    [
        ("De beschikbaarheid in een kalendermaand bedraagt ten minste 99,5%.", "nl", [(99.5, "%")]),
        ("Availability measured over a month shall be at least 99.9%.", "en", [(99.9, "%")]),
        ("Opdrachtnemer levert het rapport binnen een maand na afloop van het kwartaal.", "nl", [(1.0, "months")]),
    ],
)
def test_one_period_the_measuring_happens_in_is_a_window_not_a_target(text: str, lang: str, kept: list) -> None:
    metrics, _ = extracted(text, lang)
    assert [(m.value, m.unit) for m in metrics] == kept
