"""How a target's comparator is read: the whole phrase, a negation before it included,
in English and Dutch, so that the SLA inventory says "no greater than 4 hours" where
the contract does, never "greater than 4 hours"."""

from __future__ import annotations

import pytest

from analyzer.nlp.pipeline import build_nlp
from analyzer.scoring.inventory import format_target
from tests.conftest import metrics_in


@pytest.mark.parametrize(
    ("text", "comparator", "value", "unit"),
    [
        ("The mean time to repair shall be no greater than 4 hours.", "no greater than", 4.0, "hours"),
        ("Abandonment rate shall be no higher than 5% per month.", "no higher than", 5.0, "%"),
        ("Customer satisfaction shall be no lower than 8 out of 10.", "no lower than", 8.0, "/10"),
        ("Availability shall not fall below 99.5% in any month.", "not fall below", 99.5, "%"),
        ("First-time fix rate shall not be less than 85%.", "not be less than", 85.0, "%"),
        ("Calls shall be answered in no fewer than 90% of cases.", "no fewer than", 90.0, "%"),
    ],
)
def test_a_negation_before_a_comparator_is_read_with_it(text: str, comparator: str, value: float, unit: str) -> None:
    (metric, *_) = metrics_in(text, "en")
    assert (metric.comparator, metric.value, metric.unit) == (comparator, value, unit)
    assert metric.text.find(comparator.split()[0]) >= 0  # the highlighted text holds the negation
    assert format_target(metric).startswith(comparator)


@pytest.mark.parametrize(
    ("text", "lang", "comparator"),
    [
        # the deadline is the target; "niet binnen" only says when it is missed
        ("Indien de Leverancier niet binnen 4 uur reageert, volgt een boete.", "nl", "binnen"),
        ("If the Supplier does not respond within 4 hours, a credit applies.", "en", "within"),
        # a negation further off, or with other words between, is no part of it
        ("The Supplier shall not, where Availability is below 99.5%, invoice the full charge.", "en", "below"),
        ("Availability not measured at the boundary is less than 99%.", "en", "less than"),
    ],
)
def test_a_negation_that_does_not_govern_the_comparator_is_left_out(text: str, lang: str, comparator: str) -> None:
    assert [m.comparator for m in metrics_in(text, lang)] == [comparator]


@pytest.mark.parametrize(
    ("text", "lang", "name", "comparator", "value", "unit"),
    [
        ("De hersteltijd bedraagt hoogstens 4 uur per incident.", "nl", "hersteltijd", "hoogstens", 4.0, "hours"),
        ("De beschikbaarheid is minstens 99,5% per kalendermaand.", "nl", "beschikbaarheid", "minstens", 99.5, "%"),
        ("De klanttevredenheid is op zijn minst een 7,5.", "nl", "klanttevredenheid", "op zijn minst", 7.5, "score"),
        ("Het aantal klachten is kleiner dan 5 per 1.000 meldingen.", "nl", "klachten", "kleiner dan", 5.0, "per 1000"),
        ("De wachttijd aan de telefoon is korter dan 30 seconden.", "nl", "wachttijd", "korter dan", 30.0, "seconds"),
        ("De doorlooptijd is niet langer dan 5 werkdagen.", "nl", "doorlooptijd", "niet langer dan", 5.0, "business days"),
        ("De responstijd is maximaal 300 milliseconden.", "nl", "responstijd", "maximaal", 300.0, "milliseconds"),
        ("Max. 4 uur hersteltijd voor prioriteit 1.", "nl", "hersteltijd", "max.", 4.0, "hours"),
        ("Resolution time: max. 8 hours", "en", "resolution time", "max.", 8.0, "hours"),
        ("Latency in excess of 150 milliseconds is a Performance Failure.", "en", "latency", "in excess of", 150.0, "milliseconds"),
        ("Availability shall be equal to or greater than 99.9% per month.", "en", "availability", "equal to or greater than", 99.9, "%"),
    ],
)
def test_comparators_are_read_whole(text: str, lang: str, name: str, comparator: str, value: float, unit: str) -> None:
    assert [(m.name, m.comparator, m.value, m.unit) for m in metrics_in(text, lang)] == [(name, comparator, value, unit)]


def test_a_dutch_condition_reads_its_comparator_across_the_verb() -> None:
    (metric,) = metrics_in("Indien de beschikbaarheid lager is dan 99,5%, volgt een korting.", "nl")
    assert (metric.name, metric.comparator, metric.value) == ("beschikbaarheid", "lager is dan", 99.5)


def test_max_with_a_full_stop_ends_no_sentence() -> None:
    doc = build_nlp("en")("Response time: max. 30 minutes. Availability: 99.9%.")
    assert [sent.text for sent in doc.sents] == ["Response time: max. 30 minutes.", "Availability: 99.9%."]


@pytest.mark.parametrize(
    ("text", "comparator", "value", "unit"),
    [
        ("The abandonment rate shall stay under 5% in each month.", "under", 5.0, "%"),
        ("Each batch shall be processed in under two hours.", "under", 2.0, "hours"),
    ],
)
def test_under_right_before_a_value_is_its_comparator(text: str, comparator: str, value: float, unit: str) -> None:
    (metric,) = metrics_in(text, "en")
    assert (metric.comparator, metric.value, metric.unit) == (comparator, value, unit)


def test_under_elsewhere_is_no_comparator() -> None:
    (metric,) = metrics_in("Under this Agreement, availability shall be 99.5% per month.", "en")
    assert (metric.name, metric.comparator, metric.value) == ("availability", None, 99.5)


@pytest.mark.parametrize(
    ("text", "targets"),
    [
        ("Help desk calls answered within 60 seconds: 90%", [("within", 60.0), (None, 90.0)]),
        ("The Supplier shall restore service within 4 hours for 95% of Priority 1 Incidents.", [("within", 4.0), (None, 95.0)]),
    ],
)
def test_a_comparator_binds_the_first_value_after_it_only(text: str, targets: list[tuple[str | None, float]]) -> None:
    assert [(m.comparator, m.value) for m in metrics_in(text, "en")] == targets


def test_not_exceeding_is_a_comparator() -> None:
    (metric,) = metrics_in("Maintenance windows not exceeding 4 hours per month are excluded from Availability.", "en")
    assert (metric.comparator, metric.value, metric.unit) == ("not exceeding", 4.0, "hours")


def test_a_range_shares_its_comparator() -> None:
    metrics = metrics_in("Relative humidity shall be kept within 40% to 60% at all times.", "en")
    assert [(m.comparator, m.value) for m in metrics] == [("within", 40.0), ("within", 60.0)]


def test_at_no_time_is_read_with_its_comparator() -> None:
    (metric,) = metrics_in("The backlog of open Incidents shall at no time exceed 2% of the Incidents logged that month.", "en")
    assert (metric.comparator, metric.value) == ("at no time exceed", 2.0)


@pytest.mark.parametrize(
    ("text", "comparator"),
    [
        ("The error rate must not rise above 0.5%.", "not rise above"),
        ("Abandoned calls shall not amount to more than 5%.", "not amount to more than"),
        ("Availability must never drop below 99%.", "never drop below"),
    ],
)
def test_a_negated_verb_of_change_is_read_with_its_comparator(text: str, comparator: str) -> None:
    (metric,) = metrics_in(text, "en")
    assert metric.comparator == comparator


@pytest.mark.parametrize(
    ("text", "comparator", "value"),
    [
        ("De hersteltijd mag niet langer zijn dan 4 uur.", "niet langer zijn dan", 4.0),
        ("De beschikbaarheid mag niet minder bedragen dan 99,5%.", "niet minder bedragen dan", 99.5),
    ],
)
def test_a_dutch_comparator_around_its_verb_is_read(text: str, comparator: str, value: float) -> None:
    (metric,) = metrics_in(text, "nl")
    assert (metric.comparator, metric.value) == (comparator, value)
