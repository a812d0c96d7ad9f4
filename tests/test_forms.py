"""Clause forms that settle is_sla (tagging/forms.py), and how the tagger uses them.

`form_traps.jsonl` holds 129 original clauses written to break the forms (a metric
word in another sense, "shall meet" aimed at something else, a "Norm:" row that is a
statutory cap, support hours with a hidden target, ...), each labeled by LABELING.md
and GUIDANCE.md by a writer who did not know how the forms are written, and 87 more
(`t2-*`) written the same way against the forms that also settle a style and the
severity definition (relief for joint work, commitments that add a sanction in passing,
severity definitions with a target in odd words, joint reviews of things other than
performance). It is test data only: no model trains on it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analyzer.tagging.data import read_labeled, training_files
from analyzer.tagging.forms import settled_by_form
from analyzer.tagging.tagger import SLA_THRESHOLD, Tagger
from tests.conftest import output_within

TRAINING = Path(__file__).resolve().parents[1] / "models" / "training"

SERVICE_LEVEL_FORMS = [
    ('"Restoration Time" means the elapsed time from the logging of an Incident to the return of the service.', "metric definition"),
    ('For the purposes of this Schedule, "Initial Response" means a call back by a qualified engineer.', "metric definition"),
    ('"Beschikbaarheid" betekent het deel van de Servicetijd waarin de applicatie bruikbaar is.', "metric definition"),
    ("The Contractor will operate the helpdesk and shall at all times meet the Service Levels.", "commitment to the service levels"),
    ("Opdrachtnemer zal voldoen aan de overeengekomen servicelevels.", "commitment to the service levels"),
    ("The Bureau will run the payroll and meet the Specifications and Service Levels in Annex 2.", "commitment to the service levels"),
    ("The Managed Services shall be performed in accordance with the agreed levels of service.", "commitment to the service levels"),
    ("Each subcontractor is equally obliged to assure the service levels of this Agreement.", "commitment to the service levels"),
    ("For the Premium tier the SLA is a minimum of 99.95 percent, measured at the load balancer.", "service level with its target"),
    ("De beschikbaarheid van het portaal bedraagt ten minste 99,5% per kalendermaand.", "service level with its target"),
    ("The parties agree that the Service Levels continue to apply throughout the Exit Period.", "service levels apply"),
    ("While the Customer keeps root access to a server, the SLAs for that server shall be suspended.", "relief from the service levels"),
    ("The Provider is not responsible for any Outage caused by Customer-supplied equipment.", "relief from the service levels"),
    ("In a network freeze the Buyer will not be bound to the Service Levels for emergency fixes.", "relief from the service levels"),
    ("The Contractor shall not be held liable for Service Level failures caused by the Buyer.", "relief from the service levels"),
    ("The Parties shall meet each month to review the Supplier's performance against the KPIs.", "joint review of performance"),
    ("Opdrachtnemer en Opdrachtgever bespreken elk kwartaal de prestaties van de dienstverlening.", "joint review of performance"),
    ("Acceptable Quality Level: no more than two missed backups per quarter", "performance table row"),
    ("Norm: storingen verholpen | Termijn: volgende werkdag | Percentage: 90%", "performance table row"),
    ("| **Method of Surveillance** | Monthly inspection of the ticket log by the COR |", "performance table row"),
    ("Item: Performance Standard | Help Desk: tickets are triaged on the day they arrive", "performance table row"),
]

NOT_SERVICE_LEVEL_FORMS = [
    ('"Support Hours" means Monday to Friday, 08:30 to 17:30, excluding public holidays.', "coverage window"),
    ("The Help Desk shall be staffed twenty-four (24) hours a day, seven (7) days a week.", "coverage window"),
    ("On-site support is provided Monday through Friday during normal office hours.", "coverage window"),
    ("Severity 2 - Major Impact. The customer can work, but a key function is degraded.", "severity definition"),
    ("o   Low Priority Incident     An incident with little effect on the users' work.", "severity definition"),
    ('3   A "Severity Level 3" Problem causes minor inconvenience to a few users.', "severity definition"),
    ("Prioriteit 3: een storing die het werk van enkele gebruikers hindert.", "severity definition"),
    ("Response time:", "fragment"),
    ('"Service Levels" means the service levels set out in Schedule 3.', "pointer definition"),
    ("Any dispute shall first be referred to the parties' senior executives within 10 days.", "boilerplate without service levels"),
    ("Either party may terminate this Agreement at any time on ninety (90) days' notice.", "boilerplate without service levels"),
    # resolving and escalating in a dispute clause are about the dispute (GUIDANCE.md: generic dispute escalation)
    (
        "The account managers shall try to resolve the dispute within ten Business Days; if unresolved, it is escalated to the CEOs.",
        "boilerplate without service levels",
    ),
    (
        "Any claim for damages must be notified to the other Party within six (6) months, failing which it lapses.",
        "boilerplate without service levels",
    ),
    (
        "Each Party's aggregate liability under this Agreement is limited to the Charges paid in the preceding 12 months.",
        "boilerplate without service levels",
    ),
    ("De aansprakelijkheid van Leverancier is beperkt tot EUR 500.000 per gebeurtenis.", "boilerplate without service levels"),
    ("Each Party shall keep the other Party's Confidential Information secret for five years.", "boilerplate without service levels"),
    (
        "Geschillen worden eerst voorgelegd aan de contractmanagers; vinden zij binnen tien dagen geen oplossing, dan beslist de rechter.",
        "boilerplate without service levels",
    ),
    ("Leverancier garandeert dat de Programmatuur gedurende drie maanden vrij is van gebreken.", "boilerplate without service levels"),
    ("In geval van overmacht kan Opdrachtgever de Overeenkomst na 30 dagen ontbinden.", "boilerplate without service levels"),
    ("Invoices are payable within thirty (30) days of receipt.", "payment term"),
    ("De Opdrachtgever betaalt de factuur binnen dertig dagen na ontvangst; betaling geschiedt per bank.", "payment term"),
    ("Each April the Charges rise with the Consumer Price Index, by no more than 4% in any year.", "price indexation"),
    ("De tarieven worden jaarlijks per 1 januari geïndexeerd op basis van de CBS-prijsindex.", "price indexation"),
]

LEFT_TO_THE_MODEL = [
    '"Fix" means a software change that corrects an Error.',  # a deliverable, not a metric
    "The following Service Levels apply to the Hosting Services:",  # a lead-in to a table
    "Until the parties agree a service level regime, no Service Levels shall apply.",
    "The Supplier shall tune the storage arrays to meet the Service Levels.",  # a task with a purpose
    "The Service Desk operates Monday to Friday 08:00-18:00 and answers 90% of calls within 30 seconds.",
    "Severity 1 incidents are handled 24x7 with a response within 15 minutes.",
    "The Supplier shall deliver the migration plan by 1 March.",
    "The Charges for the Premium tier are 12% higher than for the Standard tier.",  # a number, no service level
    "Engineer availability is at the Supplier's discretion during the Transition.",  # no target
    '"Resolution" means a resolution of the board of directors of a Party.',  # not what a metric measures
    "The Supplier shall ensure that any Service Levels it proposes for a New Service are set out in the Change Request.",
    "Norm: NEN 7510 | Applies to: all hosting locations | Evidence: a valid certificate",  # a standard, no target
    "Performance Standard: that of a reasonably skilled and experienced provider of print services",  # vague
    "Disputes about Service Credits are escalated to the joint Service Review Board within five days.",  # tied to service
    # a remedy for service failure, a filing's redaction marker: not about liability or confidentiality
    "If the services are interrupted for more than four working days twice in a quarter, Customer may terminate without further liability.",
    "Confidential Treatment Requested. Vendor shall answer at least [***]% of calls within sixty (60) seconds.",
    "Service Credits shall not count towards the Supplier's liability cap.",
    "Written complaints shall not exceed three per thousand claims processed, failing which Company may terminate without liability.",
    # the supplier paying others on time is an accounts-payable service level; a bonus is a consequence
    "The Supplier shall pay approved vendor invoices within five Business Days of approval.",
    "The Customer shall pay a bonus of 2% of the monthly charges when satisfaction exceeds 8 out of 10.",
    "A dispute about an Incident not resolved within its Resolution Time is escalated to the Service Board.",  # tied to service
    "The Supplier warrants that the Hosting Service will be available 99.9% of each month.",  # a warranted target
    "The Customer may terminate at any time if Availability falls below 98% in three consecutive months.",
    "Service Credit percentages are adjusted each year in line with CPI.",  # about service credits
    "Response times are indexed to the number of users: 4 hours up to 500 users, 8 hours above.",
    # severity definitions that carry a target or a duty are left to the model
    "Severity 1 - Critical Impact. Response within 15 minutes, restoration within four hours.",
    "Priority 1 incidents are resolved the next business day at the latest.",
    "A Severity 1 Incident shall be deemed resolved when the Service Provider has restored the service.",
    "High Impact: the Supplier credits 5% of the monthly charge for each hour of outage.",
    "Priority 2 - High. Status updates every four hours until the service is restored.",
]


@pytest.mark.parametrize(("text", "form"), SERVICE_LEVEL_FORMS)
def test_service_level_forms(text: str, form: str) -> None:
    match = settled_by_form(text)
    assert match is not None and (match.form, match.is_sla) == (form, True)
    assert 0 <= match.start < match.end <= len(text)


RELIEF_STYLES = [
    # one-sided relief is fault allocation: penalty (GUIDANCE.md)
    ("While the Customer keeps root access to a server, the SLAs for that server shall be suspended.", "penalty"),
    ("De servicelevels zijn niet van toepassing; the SLAs do not apply to test environments.", "penalty"),
    # relief for joint work is the collaborative kind: the model decides
    ("The Service Levels shall be suspended while the Parties jointly run a Recovery Plan.", None),
    ("Service Level Credits shall be suspended for ninety days and the parties shall hold a stabilisation review instead.", None),
    ("Service Level Credits are suspended and may be earned back once Availability is restored for two months.", None),
]


@pytest.mark.parametrize(("text", "style"), RELIEF_STYLES)
def test_relief_settles_style_penalty_unless_it_is_for_joint_work(text: str, style: str | None) -> None:
    match = settled_by_form(text)
    assert match is not None and match.form == "relief from the service levels"
    assert match.style == style


NO_STYLE = [
    # a commitment by reference or a metric definition carries no consequence: no style
    ("The Contractor will operate the helpdesk and shall at all times meet the Service Levels.", "none"),
    ("The Hosting Services shall be provided in accordance with the level of service the Parties have agreed.", "none"),
    ('"Restoration Time" means the elapsed time from the logging of an Incident to the return of the service.', "none"),
    # unless the same clause adds a consequence or governance: the model decides
    ("Provider shall meet the Service Levels; Service Level Credits are capped at 12% of the monthly charges.", None),
    ("The Supplier shall meet the Service Levels and the parties shall review them at each quarterly board.", None),
    ('"Response Time" means the time to the first call back; a late response earns a credit of EUR 100.', None),
]


def test_a_joint_review_of_performance_is_collaborative() -> None:
    match = settled_by_form("The parties will analyse these measurements monthly to identify what can be improved.")
    assert match is not None and (match.form, match.is_sla, match.style) == ("joint review of performance", True, "collaborative")


@pytest.mark.parametrize(
    "text",
    [
        # the sanction is the consequence: the model decides (LABELING.md: label the one that carries it)
        "The parties shall review performance monthly, and Service Credits apply to every missed Service Level.",
        # benchmarking mechanics and change control are no joint review of performance (GUIDANCE.md)
        "The parties shall jointly review the benchmarker's comparison of the Service Levels with the market.",
        "The Parties shall meet to review the Service Levels the Supplier proposes for the new service.",
    ],
)
def test_joint_review_form_leaves_sanctions_benchmarks_and_change_control_alone(text: str) -> None:
    match = settled_by_form(text)
    assert match is None or match.form != "joint review of performance"


@pytest.mark.parametrize(("text", "style"), NO_STYLE)
def test_commitments_and_metric_definitions_settle_no_style_unless_they_add_a_consequence(text: str, style: str | None) -> None:
    match = settled_by_form(text)
    assert match is not None and match.form in ("commitment to the service levels", "metric definition")
    assert match.style == style


def test_forms_settle_a_style_only_where_the_guidance_decides_it() -> None:
    settling = {"relief from the service levels", "commitment to the service levels", "metric definition", "joint review of performance"}
    for text, _ in SERVICE_LEVEL_FORMS:
        match = settled_by_form(text)
        assert match is not None
        if match.form not in settling:
            assert match.style is None, text


@pytest.mark.parametrize(("text", "form"), NOT_SERVICE_LEVEL_FORMS)
def test_forms_that_are_not_service_levels(text: str, form: str) -> None:
    match = settled_by_form(text)
    assert match is not None and (match.form, match.is_sla) == (form, False)


@pytest.mark.parametrize("text", LEFT_TO_THE_MODEL)
def test_near_misses_are_left_to_the_classifier(text: str) -> None:
    assert settled_by_form(text) is None


def test_no_form_falls_for_the_traps_written_against_it() -> None:
    rows = [json.loads(line) for line in (Path(__file__).parent / "form_traps.jsonl").read_text().splitlines()]
    assert len(rows) > 100
    decided = [(row, settled_by_form(row["text"])) for row in rows]
    wrong = [(row["id"], match.form) for row, match in decided if match is not None and match.is_sla != row["is_sla"]]
    assert wrong == []
    styled = [(row, match) for row, match in decided if match is not None and match.style is not None]
    assert len(styled) >= 5
    assert [(row["id"], match.form) for row, match in styled if match.style != (row["style"] or "none")] == []


def test_every_form_agrees_with_our_own_labeled_training_clauses() -> None:
    """The forms are written from the guidance; our training data is labeled by the
    same guidance, so a form that contradicts a label there is a wrong form."""
    rows = read_labeled(training_files(TRAINING))
    matched = [(row, settled_by_form(row.text)) for row in rows]
    decided = [(row, match) for row, match in matched if match is not None]
    contradictions = [(row.id, match.form) for row, match in decided if match.is_sla != row.is_sla]
    assert contradictions == []
    styled = [(row, match) for row, match in decided if match.style is not None]
    assert len(styled) >= 30
    assert [(row.id, match.style) for row, match in styled if match.style != (row.style or "none")] == []
    assert {match.form for _, match in decided} >= {
        "performance table row",
        "metric definition",
        "coverage window",
        "boilerplate without service levels",
        "price indexation",
    }


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return Tagger.load()


def test_a_service_level_form_makes_an_sla_clause_with_its_reason(tagger: Tagger) -> None:
    text = "Performance Requirement: the public website follows the agency style guide"
    (result,) = tagger.tag_texts([text])
    tags = result.tags
    assert tags.is_sla_probability < SLA_THRESHOLD  # the words alone would not make it an SLA
    assert tags.is_sla is True and tags.is_sla_form == "performance table row"
    (reason,) = tags.evidence["is_sla"]
    assert reason.text == text[reason.start : reason.end] and "Performance Requirement" in reason.text
    assert tags.to_dict()["is_sla_form"] == "performance table row"


def test_a_coverage_window_is_not_an_sla_clause_whatever_its_score(tagger: Tagger) -> None:
    window, target = tagger.tag_texts(
        [
            "The Help Desk is staffed Monday to Friday from 07:00 to 19:00.",
            "The Help Desk is staffed Monday to Friday from 07:00 to 19:00 and answers 95% of calls within 20 seconds.",
        ]
    )
    assert window.tags.is_sla is False and window.tags.is_sla_form == "coverage window" and window.tags.evidence == {}
    assert target.tags.is_sla is True and target.tags.is_sla_form is None
    (in_section,) = tagger.tag_texts([window_text := "Support Hours: Monday to Friday, 9:00-17:00."], None, [0.0])
    assert in_section.tags.is_sla is False, window_text


def test_relief_from_the_service_levels_is_tagged_penalty_with_its_words(tagger: Tagger) -> None:
    text = "All SLAs will be suspended for any environment the Customer has not kept within two releases."
    (result,) = tagger.tag_texts([text])
    tags = result.tags
    assert (tags.is_sla, tags.is_sla_form, tags.style) == (True, "relief from the service levels", "penalty")
    (reason,) = tags.evidence["style"]
    assert reason.text == text[reason.start : reason.end] and "suspended" in reason.text
    assert 0.0 <= tags.style_probability <= 1.0


def test_a_commitment_by_reference_gets_no_style_however_its_words_lean(tagger: Tagger) -> None:
    text = "The Hosting Services shall be provided in accordance with the level of service as the Parties have agreed."
    (result,) = tagger.tag_texts([text])
    tags = result.tags
    assert (tags.is_sla, tags.is_sla_form, tags.style) == (True, "commitment to the service levels", None)
    assert "style" not in tags.evidence


def test_long_runs_of_spaces_do_not_hang_the_forms() -> None:
    """A hang guard, not a speed target: overlapping repeats in a form's pattern made a
    long run of spaces quadratic (5,000 spaces took 2.4 s, 200,000 would take hours)."""
    script = (
        "from analyzer.tagging.forms import settled_by_form\n"
        "s = ' ' * 200_000\n"
        "for text in ('Item:' + s + 'AQL x |', 'AQL' + s + 'x |', 'Norm' + s + 'x | 5%', 'The SLA' + s + 'is 99%'):\n"
        "    settled_by_form(text)\n"
        "print('done')\n"
    )
    assert output_within(script, 120) == "done"
