"""Clauses whose form settles `is_sla`, whatever their words score.

The classifier learns words; some decisions in LABELING.md and GUIDANCE.md turn on
a clause's form instead, and there real contracts word things in ways our training
data cannot cover (a QASP row "| **Method of Assessment** | Manual review" has no
SLA word at all). Each form below is one such decision, written from the guidance,
not from any contract, and checked against our own labeled training clauses: every
positive form matches only clauses labeled SLA there, every negative one only
clauses labeled not SLA (tests/test_forms.py keeps that true).

Service levels by form:
- a definition of how a service-level metric is measured ('"Response Time" means ...');
- a commitment to meet the service levels by reference ("shall meet the Service Levels");
  these two also settle "no style" when the clause adds no consequence or governance;
- a service level stated with its target ("the SLA is a minimum of 99.9 percent");
- service levels applying to a period ("all Service Levels apply during exit");
- relief from service levels ("SLAs will be suspended", "not responsible for any Outage"),
  which also settles style penalty unless the relief is for joint work (a jointly run plan);
- a row of a performance table keyed by its column ("Acceptable Quality Level: ...");
- a joint review of performance ("the parties shall meet monthly to review performance
  against the Service Levels"), which also settles style collaborative.

Not service levels by form:
- a heading or list fragment (three words or fewer, no number);
- a definition that only points to where the service levels are (`pointers.py`);
- support hours or a coverage window without any target;
- a severity or priority definition without any target ("Severity 2 - Major Impact. ...");
- a boilerplate provision (disputes, force majeure, termination for convenience,
  warranty, governing law, insurance, liability, indemnity, confidentiality, IP) that
  names no service level or performance (resolving a dispute is no performance).
- price indexation (CPI, inflation, indexering) that names no service level or performance;
- the customer's payment terms ("Invoices are payable within 30 days") that name no service
  level, performance or percentage.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .pointers import is_pointer_definition


@dataclass(frozen=True)
class FormMatch:
    """Which form decided, its verdict, and where in the clause it stands."""

    form: str
    is_sla: bool
    start: int
    end: int
    # The style the form settles too (GUIDANCE.md): "penalty", or "none" for no style;
    # None leaves the style to the model.
    style: str | None = None


_METRIC_NAME = (
    r"(?:initial\s+|first\s+)?(?:response|resolution|restoration)(?:\s+time|\s+period)?"
    r"|(?:restore|repair|fix|turn-?around|lead|cycle|recovery|answer|acknowledge?ment|workaround)\s+(?:time|period)"
    r"|(?:service\s+)?(?:availability|unavailability|uptime|downtime|outage|latency|packet\s+loss|jitter|throughput)"
    r"|mean\s+time\s+\w+(?:\s+\w+)?|MTTR|MTBF|first[- ](?:call|contact|time)\s+(?:resolution|fix)(?:\s+rate)?"
    r"|abandon(?:ment|ed)?\s+(?:call\s+)?rate|(?:average\s+)?speed\s+(?:of|to)\s+answer"
    r"|(?:customer|user|end[- ]user)\s+satisfaction(?:\s+score)?|CSAT|net\s+promoter\s+score"
    r"|reactietijd|hersteltijd|oplostijd|oplossingstijd|responstijd|doorlooptijd|beschikbaarheid"
)
# A definition says only what the metric is; longer clauses are left to the model.
_DEFINITION_MAX_CHARS = 600
_METRIC_DEFINITION = re.compile(
    rf"^\s*(?:[\w.()]+\s+)?(?:for\s+(?:the\s+)?purposes\s+of\s+[^,]{{1,60}},\s*)?[\"“'‘]?(?:{_METRIC_NAME})[\"”'’]?"
    rf"\s+(?:shall\s+mean|means|is\s+defined\s+as|betekent)(?=\s)",
    re.I,
)
_SERVICE_LEVELS = (
    r"(?:service[-\s]+levels?|SLAs?\b|KPIs?\b|key\s+performance\s+indicators|performance\s+standards"
    r"|performance\s+indicators|levels?\s+of\s+service|servicelevels?|dienstverleningsniveaus?)"
)
_MODAL = r"(?:shall|will|must|agrees?\s+to|undertakes?\s+to|(?:is|are)\s+(?:equally\s+)?obliged\s+to|zal|zullen|dient|moet)"
_WHICH_SERVICE_LEVELS = (
    r"(?:all\s+)?(?:of\s+)?(?:the\s+|its\s+|each\s+(?:of\s+the\s+)?|de\s+)?"
    r"(?:applicable\s+|agreed\s+|relevant\s+|minimum\s+|overeengekomen\s+)?"
)
# A leading "\b(?=[...])" in the patterns below lists the letters their alternatives can
# start with: Python's re would otherwise try every alternative at every position (the
# boilerplate topics ran four times slower); the matches are the same.
_COMMITMENT = re.compile(
    # one modal, then the three ways to commit (the shared start is scanned once per position)
    rf"\b(?=[adimsuwz]){_MODAL}\s+(?:"
    # "shall meet the Service Levels"; not "shall tune the arrays to meet ...": a task with
    # a purpose is left to the model; "meet the Specifications and Service Levels" is still one
    r"(?:(?!to\b|om\b)\w+\s+){0,6}?"
    r"(?:meet|achieve|comply\s+with|satisfy|attain|exceed|voldoen\s+aan|halen|realiseren)\s+(?:or\s+exceed\s+)?"
    rf"{_WHICH_SERVICE_LEVELS}(?:\w+\s+(?:and|&|en)\s+(?:the\s+|de\s+)?)?{_SERVICE_LEVELS}"
    # "shall be provided in accordance with the level of service agreed in Appendix 6"
    r"|(?:be\s+)?(?:provided|performed|delivered|rendered|supplied|uitgevoerd|geleverd)\s+(?:\w+\s+){0,3}?"
    rf"(?:in\s+accordance\s+with|conform|overeenkomstig)\s+{_WHICH_SERVICE_LEVELS}{_SERVICE_LEVELS}"
    # "is obliged to assure the service level", "shall ensure that the Service Levels are met"
    r"|(?:(?!to\b|om\b)\w+\s+){0,3}?(?:ensure|assure|guarantee|waarborgen|garanderen)\s+"
    rf"(?:that\s+|dat\s+)?{_WHICH_SERVICE_LEVELS}{_SERVICE_LEVELS})",
    re.I,
)
# "the SLA is a minimum of 99.9 percent": a service level stated with its target.
_TARGET = re.compile(
    r"\b(?=[abesu])(?:SLAs?|service[-\s]+levels?(?:\s+targets?)?|availability|uptime|beschikbaarheid)\b[^.;]{0,40}?"
    r"\b(?:is|shall\s+be|will\s+be|must\s+be|of|bedraagt)\s+"
    r"(?:a\s+minimum\s+of\s+|at\s+least\s+|not\s+less\s+than\s+|no\s+less\s+than\s+|minimum\s+|minimaal\s+|ten\s+minste\s+)?"
    r"\d{1,3}(?:[.,]\d+)?\s*(?:%|percent|procent)",
    re.I,
)
# "The parties shall meet monthly to review performance against the Service Levels": a
# periodic joint review of performance is SLA, collaborative (GUIDANCE.md). Not when the
# clause carries a sanction (that is the consequence) or is benchmarking or change control.
_JOINT_REVIEW = re.compile(
    r"\b(?=[bloprt])(?:the\s+)?(?:parties|both\s+parties|partijen|beide\s+partijen"
    r"|the\s+(?:supplier|contractor|provider|vendor|service\s+provider)\s+and\s+the\s+(?:customer|buyer|authority|client|company)"
    r"|(?:opdrachtnemer|leverancier)\s+en\s+(?:opdrachtgever|afnemer))\s+"
    r"(?:(?:shall|will|must|zullen|zal)\s+)?(?:jointly\s+|gezamenlijk\s+|together\s+)?"
    r"(?:meet|review|analy[sz]e|discuss|evaluate|assess|bespreken|evalueren|beoordelen|analyseren|komen\s+bijeen)\b"
    r"[^.;]{0,120}?\b(?:service[-\s]+levels?|performance|KPIs?|measurements?|metrics|SLAs?|prestaties?|dienstverlening"
    r"|servicelevels?|service\s+reports?|servicerapportages?)\b",
    re.I,
)
_NOT_A_JOINT_REVIEW = re.compile(r"credit|penalt|rebate|liquidated|terminat|withh(?:o|e)ld|deduct|boete|korting|malus|benchmark", re.I)
# "no Service Levels shall apply" and "the following Service Levels apply:" are not commitments.
_APPLY = re.compile(
    r"(?<!\bno\s)(?<!following\s)\b(?:service[-\s]+levels?|SLAs?)\s+(?:shall\s+|will\s+)?(?:continue\s+to\s+)?apply\b", re.I
)
_RELIEF = re.compile(
    r"\b(?=[enrs])(?:\b(?:SLAs?|service[-\s]+levels?)(?:\s+(?:credits?|commitments?|obligations?|provisions?))?\b[^.;]{0,80}?"
    r"\b(?:(?:will|shall)\s+be\s+suspended|(?:are|is)\s+suspended|(?:shall|will)\s+not\s+apply|do(?:es)?\s+not\s+apply)"
    r"|\b(?:relieved|excused)\s+(?:from|of)\s+[^.;]{0,60}?(?:service[-\s]+levels?|SLAs?\b)"
    r"|\bnot\s+(?:be\s+)?(?:responsible|liable)\s+for\s+(?:any\s+)?(?:Outages?|Downtime|unavailability)\b"
    r"|\bnot\s+be\s+(?:held\s+)?(?:responsible|liable)\s+for\s+(?:any\s+)?(?:service[-\s]+levels?|SLAs?)\s+"
    r"(?:failures?|deficienc(?:y|ies)|breach(?:es)?|misses)\b"
    r"|\bnot\s+be\s+bound\s+(?:by|to)\s+(?:the\s+)?(?:service[-\s]+levels?|SLAs?)\b)",
    re.I,
)
# Relief is one-sided fault allocation, style penalty (GUIDANCE.md), unless the clause
# suspends the service levels for joint work: credits waived under a jointly run plan.
_JOINT_RELIEF = re.compile(
    r"\bjoint(?:ly)?\b|\btogether\b|\bearn(?:ed|s|ing)?[-\s]?back\b|\b(?:improvement|recovery|stabili[sz]ation)\s+(?:plan|review)"
    r"|\bgezamenlijk|\bsamen\b|\bverbeterplan",
    re.I,
)
# A commitment by reference and a metric definition carry no consequence and no governance
# (GUIDANCE.md: style null), unless the same clause adds one: then the model decides.
_CONSEQUENCE_OR_GOVERNANCE = re.compile(
    r"credit|penalt|rebate|liquidated|terminat|withh(?:o|e)ld|deduct|refund|fine[sd]?\b|\bbonus|incentive|malus|boete|korting"
    r"|step[-\s]?in|sole\s+(?:and\s+exclusive\s+)?remed|(?:not\s+be|relieved|excused)\b|responsible\s+for\s+(?:any\s+)?failure"
    r"|\bjoint|together|review|earn|improvement|root[-\s]cause|escalat|board|committee|governance|gezamenlijk|overleg|verbeter",
    re.I,
)
# A row of a QASP / performance-indicator table, keyed by its column name; in a
# two-column key-value table the key is the first cell, under its own header.
_TABLE_ROW = re.compile(
    # (no overlapping repeats such as "\s*[\W_]*": on a long run of spaces they are quadratic)
    r"^(?:[^|:\n]{1,40}:)?[\W_]*(?:performance\s+(?:standards?|requirements?|objectives?|thresholds?|measures?|indicators?|targets?)"
    r"|acceptable\s+(?:quality|performance)\s+levels?|AQLs?|methods?\s+of\s+(?:assessment|surveillance|measurement)"
    r"|surveillance\s+methods?|service\s+level\s+(?:targets?|requirements?|standards?)|minimum\s+(?:service|performance)\s+levels?"
    r"|prestatie-?indicator|servicenorm|norm(?=(?:[^\w|:]|_)*[|:].*(?:%|\d+\s*(?:min\w*|uur|dagen|werkdag\w*)|volgende\s+werkdag)))(?:\s*\(s\))?(?:[^\w|:]|_)*[|:](?=\s*\S)",
    re.I,
)
_COVERAGE_WINDOW = re.compile(
    r"\b(?:monday|mon)s?\s*(?:to|through|thru|-|–|until)\s*(?:friday|fri|saturday|sunday)s?\b|\b24\s*[x/×]\s*7\b"
    r"|\b24\s+hours\s+a\s+day\b|\bseven\s+(?:\(7\)\s+)?days\s+a\s+week|maandag\s+(?:t/m|tot\s+en\s+met)\s+vrijdag"
    r"|\b\d{1,2}[.:]\d{2}\s*(?:hours?|hrs|uur|h)?\s*(?:to|-|–|until|tot)\s*\d{1,2}[.:]?\d{2}",
    re.I,
)
# Anything that could be a target or a measured service: then hours are part of a service level.
_TARGET_SIGNS = re.compile(
    r"\||\bAQL\b|\bstandard:|(?<![.:\d])\b\d{1,2}\s*(?:hours?|hrs?|min(?:utes?)?|uur|minuten)\b(?!\s+(?:a|per)\s+day)"
    r"|%|\bpercent|\bwithin\b|\bbinnen\b|respon|resol|restor|herstel|reactie|credit|availab|accessib|uptime|beschikba"
    r"|not\s+(?:less|more)\s+than|at\s+least|ten\s+minste|maximum|minimum|service[-\s]+levels?|\bSLAs?\b|\bKPIs?\b"
    r"|exceed|average|measured|gemiddeld|gemeten|\(\d+\)\s*(?:min\w*|hours?|uur)\b(?!\s+(?:a|per)\s+day)",
    re.I,
)
# A metric definition measures the service: its body names what is measured ("Initial
# Response" may also be a tender, "Resolution" a board decision, "Doorlooptijd" a project's).
_SERVICE_OBJECT = re.compile(
    r"incident|problem|fault|error|defect|ticket|call|request|report|support|severity|priority|outage"
    r"|service|system|application|network|circuit|server|portal|user|customer|minutes|hours|measured|percentage"
    r"|storing|melding|verzoek|dienst|systeem|applicatie|netwerk|gebruiker|klant|minuten|uren|gemeten",
    re.I,
)
# Proposing, changing or later agreeing service levels is change control, not a commitment (GUIDANCE.md).
# ("as amended under the change procedure" is a usual tail of a real commitment: not this)
_CHANGE_CONTROL = re.compile(r"change\s+request|\bpropos|to\s+be\s+agreed|agree\s+in\s+good\s+faith|wijzigingsverzoek", re.I)
# A row whose "standard" is only a vague one names no threshold (GUIDANCE.md: not SLA).
_VAGUE_STANDARD = re.compile(
    r"reasonabl|skilled\s+and\s+experienced|good\s+industry\s+practi|best\s+(?:efforts|endeavou?rs)|redelijk|goed\s+opdrachtnemerschap",
    re.I,
)
# Provisions about something else than service (GUIDANCE.md: generic dispute escalation
# is no SLA; LABELING.md: liability caps, confidentiality, IP); only when nothing ties
# them to performance: "Service Levels shall not apply
# during Force Majeure" is relief from the service levels, an SLA.
_BOILERPLATE_TOPIC = re.compile(
    r"\b(?=[abcdfgijlotvw])(?:"
    r"\bdisputes?\b|\bgeschil(?:len)?\b|\bforce\s+majeure\b|\bovermacht\b|\bwarrant\w*|\bgaran(?:tie|d\w*)"
    r"|\bterminat\w*\b[^.;]{0,80}\b(?:for\s+convenience|without\s+(?:cause|reason)|at\s+any\s+time)|\bopzeg\w*"
    r"|\bgoverned\s+by|\bgoverning\s+law|\bjurisdiction|\btoepasselijk\s+recht|\bbevoegde\s+rechter|\binsurance|\bverzeker"
    # liability, but not "terminate ... without (further) liability", a remedy for service failure
    r"|(?<!without\s)(?<!further\s)\bliab\w*|\bindemnif\w*|\bclaims?\s+for\s+damages|\baansprakelijk\w*|\bvrijwa\w*"
    # confidentiality, but not a filing's "Confidential Treatment Requested" marker
    r"|\bconfidential\w*(?!\s+treatment)|\bvertrouwelijk\w*|\bintellectual\s+property|\bintellectuele\s+eigendom)",
    re.I,
)
_BOILERPLATE_WORDS = (
    "disput",
    "geschil",
    "majeure",
    "overmacht",
    "warrant",
    "garan",
    "terminat",
    "opzeg",
    "governed",
    "governing",
    "jurisdiction",
    "toepasselijk",
    "rechter",
    "insurance",
    "verzeker",
    "liab",
    "indemn",
    "claim",
    "aansprakelijk",
    "vrijwa",
    "confidential",
    "vertrouwelijk",
    "intellectual",
    "intellectuele",
)
# Words that tie a clause to performance: plain stems, found as substrings of the
# lower-cased clause, and the few that need a regular expression.
_PERFORMANCE_STEMS = (
    "perform",
    "complain",
    "klacht",
    "interrupt",
    "onderbre",
    "prestatie",
    "dienstverlening",
    "credit",
    "rebate",
    "korting",
    "malus",
    "bonus",
    "availab",
    "beschikba",
    "uptime",
    "downtime",
    "outage",
    "respons",
    "resolution",
    "oplos",
    "incident",
    "storing",
    "escalat",
    "measur",
    "meting",
    "gemeten",
    "target",
)
_SERVICE_LEVEL_NAMES = r"service[-\s]*(?:levels?|norm|rapport|credit)|\bSLAs?\b|\bKPIs?\b"
# In a dispute clause, resolving and escalating are about the dispute ("the account
# managers shall try to resolve the dispute within ten Business Days"), no performance:
# GUIDANCE.md, generic dispute escalation is no SLA.
_DISPUTE_RESOLVING = re.compile(r"\b(?:resol\w*|escalat\w*|oplos\w*)")
_PERFORMANCE_PATTERNS = re.compile(rf"(?=[kns\d])(?:{_SERVICE_LEVEL_NAMES}|norm\b|\d+\s*%)", re.I)
# Price indexation (LABELING.md: payment terms are no SLA). Its caps are percentages
# ("no more than 10% a year"), so only performance words and service-level names
# tie it to performance here.
_PRICE_INDEXATION = re.compile(r"\bCPI\b|\bRPI\b|consumer\s+price|\bindexation\b|\binflation\b|\bindexe(?:d|ring)\b|prijsindex", re.I)
# The customer's payment terms (LABELING.md: payment terms are no SLA). Only the customer
# paying: a supplier paying vendor invoices on time is an accounts-payable service level.
_CUSTOMER_PAYS = re.compile(
    r"\b(?=[abcilop])(?:\b(?:customer|client|buyer|authority|licensee|company|opdrachtgever|afnemer)\s+(?:shall|will|must)\s+pay\b"
    r"|\binvoices?\s+(?:are|is|shall\s+be)\s+(?:due\s+and\s+)?payable|\bpayment\s+(?:is|shall\s+be)\s+due"
    r"|\bbetaling\s+(?:geschiedt|vindt\s+plaats)|\bbetaalt\s+de\s+factu)",
    re.I,
)
_PAYMENT_WORDS = ("pay", "betal", "factu")
_INDEXATION_WORDS = ("cpi", "rpi", "consumer price", "index", "inflation")
# A severity or priority definition: the level's label opens the clause and what follows
# describes the impact ("Severity 2 - Major Impact. ...", "o Low Priority Incident ...").
# GUIDANCE.md: not SLA unless the same clause attaches a target.
_SEVERITY_DEFINITION = re.compile(
    r"^\s*(?:[-•o·*]\s*|\(?[a-z0-9]{1,3}[.)]\s+|\d{1,2}\s+)?(?:an?\s+)?[\"“]?(?:severity|priority|prioriteit|sev|prio)\s*(?:level\s*)?"
    r"(?:\d|one|two|three|four|I{1,3}|IV)\b[\"”]?\s*"
    r"(?:definition|conditions?|problems?|incidents?|errors?|defects?|calls?|meldingen?|storing(?:en)?|[-–—:.(]|means\b|betekent\b|is\s|causes?\b)"
    r"|^\s*(?:[-•o·*]\s*|\d{1,2}\s+)?(?:critical|high|medium|low|major|minor|emergency|urgent|hoog|midden|laag|kritiek)\s+"
    r"(?:impact|priority(?:\s+incident)?|prioriteit)\b",
    re.I,
)
_SEVERITY_WORDS = ("severity", "priorit", "sev ", "prio ", "impact")
_SEVERITY_MAX_CHARS = 800
# What turns a severity definition into a service level: a duration or percentage, a
# deadline, a named service level or a consequence; or a duty ("shall be deemed resolved").
_SEVERITY_TARGET = re.compile(
    r"\d+\s*(?:%|percent|procent|min\w*|hours?|hrs?|uur|days?|dagen|business|working|werkdag\w*|seconds?|sec)\b"
    r"|\b(?:one|two|three|four|five|six|eight|ten|twelve|fifteen|twenty|thirty|forty)\b[\s(\d)-]*(?:minutes?|hours?|days?|business|working)\b"
    r"|\bwithin\b|\bbinnen\b|next\s+(?:business|working)\s+day|volgende\s+werkdag|\bcredit|\bpenalt|\bboete|\brebate"
    r"|service[-\s]+levels?|\bSLAs?\b|\bKPIs?\b|\bnorm\b|(?:response|resolution|fix|restor\w*)\s+time|\bmeasured\b|\bgemeten\b"
    r"|\b(?:shall|must|deemed|zal|zullen|dient|moet)\b|\bto\s+be\s+(?:restored|resolved|fixed|acknowledged|answered|responded|closed)"
    r"|same\s+(?:working\s+|business\s+)?day|(?:inside|within|in)\s+(?:the|an|one)\s+hour|close\s+of\s+business"
    r"|end\s+of\s+(?:the\s+)?(?:working\s+|business\s+)?day|dezelfde\s+werkdag|\buiterlijk\b|volgende\s+ochtend",
    re.I,
)
_SERVICE_LEVEL_NAME = re.compile(_SERVICE_LEVEL_NAMES, re.I)
_WINDOW_MAX_CHARS = 300
_DIGIT = re.compile(r"\d")


# Words a form cannot do without (one of each group, in the lower-cased clause; the
# rarer group first): most clauses skip a form's regular expression on plain substring
# tests, which keeps the forms a small part of tagging time (bench/tagging.py).
_SERVICE_LEVEL_WORDS = ("service", "sla", "kpi", "performance", "dienstverlening")
_LEAD_IN = re.compile(r":\s*$")  # "the following Service Levels apply:" heads a list


def _relief_style(text: str) -> str | None:
    return None if _JOINT_RELIEF.search(text) else "penalty"


def _no_style_unless_governed(text: str) -> str | None:
    return None if _CONSEQUENCE_OR_GOVERNANCE.search(text) else "none"


def _collaborative(text: str) -> str | None:
    return "collaborative"


# Each form: its name, its pattern, those word groups, what makes a match no service
# level after all (None: nothing), and the style it settles too (None: the model decides).
_POSITIVE_FORMS: tuple[
    tuple[str, re.Pattern[str], tuple[tuple[str, ...], ...], re.Pattern[str] | None, Callable[[str], str | None] | None], ...
] = (
    ("performance table row", _TABLE_ROW, (("|", ":"),), _VAGUE_STANDARD, None),
    (
        "commitment to the service levels",
        _COMMITMENT,
        (
            _SERVICE_LEVEL_WORDS + ("level of service", "levels of service"),
            (
                "meet",
                "achiev",
                "comply",
                "satisf",
                "attain",
                "exceed",
                "voldoen",
                "halen",
                "realiseren",
                "accordance",
                "conform",
                "overeenkomstig",
                "ensure",
                "assure",
                "guarantee",
                "waarborg",
                "garander",
            ),
        ),
        None,
        _no_style_unless_governed,
    ),
    (
        "service level with its target",
        _TARGET,
        (("%", "percent", "procent"), ("sla", "service", "availab", "uptime", "beschikbaar")),
        None,
        None,
    ),
    (
        "relief from the service levels",
        _RELIEF,
        (
            ("sla", "service", "outage", "downtime", "unavailab"),
            ("suspend", "apply", "relieved", "excused", "responsible", "liable", "bound"),
        ),
        None,
        _relief_style,
    ),
    ("service levels apply", _APPLY, (("apply",),), _LEAD_IN, None),
    (
        "joint review of performance",
        _JOINT_REVIEW,
        (
            ("review", "meet", "analy", "discuss", "evaluat", "assess", "bespre", "evalue", "beoordel", "bijeen"),
            ("service", "perform", "kpi", "measure", "metric", "sla", "prestatie", "dienstverlening"),
        ),
        _NOT_A_JOINT_REVIEW,
        _collaborative,
    ),
)
_DEFINITION_WORDS = ("mean", "defined", "betekent")
_WINDOW_WORDS = ("monday", "mon-", "mon ", "24", "seven", "maandag")
_CLOCK_TIME = re.compile(r"\d[.:]\d\d")


def settled_by_form(text: str) -> FormMatch | None:
    """The form that decides this clause's `is_sla`, or None: the classifier decides."""
    lowered = text.lower()
    negative = _not_sla_form(text, lowered)
    if negative:
        return negative
    if len(text) <= _DEFINITION_MAX_CHARS and _has_any(lowered, _DEFINITION_WORDS):
        match = _METRIC_DEFINITION.search(text)
        if match and _SERVICE_OBJECT.search(text, match.end()):
            return FormMatch("metric definition", True, match.start(), match.end(), _no_style_unless_governed(text))
    for form, pattern, needed, unless, style_of in _POSITIVE_FORMS:
        match = pattern.search(text) if _has_all(lowered, needed) else None
        if match and not (unless and unless.search(text)):
            # change control over service levels vetoes every form; checked last, as it is rarely needed
            if _CHANGE_CONTROL.search(text):
                return None
            return FormMatch(form, True, match.start(), match.end(), style_of(text) if style_of else None)
    return None


def _not_sla_form(text: str, lowered: str) -> FormMatch | None:
    if is_fragment(text):
        return FormMatch("fragment", False, 0, len(text))
    if is_pointer_definition(text):
        return FormMatch("pointer definition", False, 0, len(text))
    if len(text) <= _WINDOW_MAX_CHARS and (_has_any(lowered, _WINDOW_WORDS) or _CLOCK_TIME.search(text)):
        match = _COVERAGE_WINDOW.search(text)
        if match and not _TARGET_SIGNS.search(text):
            return FormMatch("coverage window", False, match.start(), match.end())
    boilerplate = _DISPUTE_RESOLVING.sub(" ", lowered) if "disput" in lowered or "geschil" in lowered else lowered
    match = _topic_without_performance(text, boilerplate, _BOILERPLATE_WORDS, _BOILERPLATE_TOPIC, _PERFORMANCE_PATTERNS)
    if match:
        return FormMatch("boilerplate without service levels", False, match.start(), match.end())
    if len(text) <= _SEVERITY_MAX_CHARS and _has_any(lowered, _SEVERITY_WORDS):
        match = _SEVERITY_DEFINITION.match(text)  # anchored: the label opens the clause
        if match and not _SEVERITY_TARGET.search(text):
            return FormMatch("severity definition", False, match.start(), match.end())
    match = _topic_without_performance(text, lowered, _INDEXATION_WORDS, _PRICE_INDEXATION, _SERVICE_LEVEL_NAME)
    if match:
        return FormMatch("price indexation", False, match.start(), match.end())
    match = _topic_without_performance(text, lowered, _PAYMENT_WORDS, _CUSTOMER_PAYS, _PERFORMANCE_PATTERNS)
    if match:
        return FormMatch("payment term", False, match.start(), match.end())
    return None


def _topic_without_performance(
    text: str, lowered: str, words: tuple[str, ...], topic: re.Pattern[str], performance: re.Pattern[str]
) -> re.Match[str] | None:
    """Where the clause is about `topic`, when nothing in it ties it to performance: none of
    the performance stems (plain substrings, tested first) and no `performance` match."""
    if not _has_any(lowered, words) or _has_any(lowered, _PERFORMANCE_STEMS):
        return None
    match = topic.search(text)
    return match if match and not performance.search(text) else None


def _has_any(lowered: str, words: tuple[str, ...]) -> bool:
    for word in words:
        if word in lowered:
            return True
    return False


def _has_all(lowered: str, groups: tuple[tuple[str, ...], ...]) -> bool:
    for words in groups:
        if not _has_any(lowered, words):
            return False
    return True


def is_fragment(text: str) -> bool:
    """A heading or list fragment ("Response time:", "o Review Complete"): three words
    or fewer and no number. LABELING.md: a bare heading is not a clause on its own,
    however strongly its few words point at service levels."""
    return len(text.split(maxsplit=3)) <= 3 and not _DIGIT.search(text)
