"""Clause flags: what a reviewer should look at, each with a code, a reason and the
words that triggered it (offsets into the clause text).

Flags read the tags, the extracted consequences and the phrase lists in
`data/vocabulary.json`; reasons come from `data/flags.json`."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from ..model import TaggedClause
from . import vocabulary
from .inventory import InventoryEntry, is_target
from .vocabulary import Span

FlagCode = Literal[
    "watermelon", "gameable_kpi", "sole_remedy", "termination_trigger", "unmeasured_metric", "vague_target", "supplier_measurement"
]
FLAG_CODES: tuple[FlagCode, ...] = (
    "watermelon",
    "gameable_kpi",
    "sole_remedy",
    "termination_trigger",
    "unmeasured_metric",
    "vague_target",
    "supplier_measurement",
)
FLAG_TITLES: dict[str, str] = {
    "watermelon": "Watermelon (output + penalty)",
    "gameable_kpi": "Gameable speed/volume KPI",
    "sole_remedy": "Sole and exclusive remedy",
    "termination_trigger": "Termination/step-in on service failure",
    "unmeasured_metric": "No measurement method or window",
    "vague_target": "Vague target",
    "supplier_measurement": "Measured by the supplier's own tools",
}


LEAD_IN_LOOKBACK = 12
_AFTER_EXIT = re.compile(
    r"(?:expiry or|on|upon|after|following|at|before|survive|surviving|na|bij|vóór|voor)\s+"
    r"(?:the\s+|de\s+|het\s+|any\s+)?(?:expiry\s+or\s+)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Flag:
    code: FlagCode
    clause_id: str
    section: str | None
    page: int | None
    reason: str
    evidence: tuple[Span, ...] = ()

    @property
    def title(self) -> str:
        return FLAG_TITLES[self.code]

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "title": self.title,
            "clause_id": self.clause_id,
            "section": self.section,
            "page": self.page,
            "reason": self.reason,
            "evidence": [s.to_dict() for s in self.evidence],
        }


@lru_cache(maxsize=1)
def _reasons() -> dict[str, str]:
    return {k: str(v) for k, v in vocabulary.load_json("flags.json").items() if not k.startswith("_")}


def reason(code: FlagCode, **values: str) -> str:
    return _reasons()[code].format(**values)


# A counter-metric clears every gameable-KPI flag in the contract, so a doubtful
# outcome tag must not do it: only a confident one counts.
COUNTER_METRIC_CONFIDENCE = 0.75


def has_counter_metric(inventory: Iterable[InventoryEntry]) -> bool:
    """An outcome KPI with a measurable target: a quality counter-weight to speed and
    volume targets. A clause merely tagged `outcome` without a target (e.g. 'Users may
    contact the Service Desk by phone', or a bare deadline such as 'a ticket pending the
    user for three Business Days is closed'), or tagged so with little confidence, does
    not count."""
    return any(e.focus == "outcome" and e.states_target and e.focus_probability >= COUNTER_METRIC_CONFIDENCE for e in inventory)


def flag_clauses(clauses: Sequence[TaggedClause], inventory: Sequence[InventoryEntry]) -> tuple[Flag, ...]:
    """All flags for a contract, in document order (flags of one clause in FLAG_CODES order)."""
    entries = {e.clause_id: e for e in inventory}
    counter_metric = has_counter_metric(inventory)
    flags: list[Flag] = []
    for index, tagged in enumerate(clauses):
        entry = entries.get(tagged.clause.id)
        if entry is not None:
            flags.extend(flag_clause(tagged, entry, counter_metric=counter_metric, lead_in=lead_in(clauses, index)))
    return tuple(flags)


def lead_in(clauses: Sequence[TaggedClause], index: int, lookback: int = LEAD_IN_LOOKBACK) -> str:
    """Text of the clause that introduces this one: the earlier prose clauses (nearest first)
    whose section is this clause's section or its parent ('6.1' for '6.1(a)', the
    clause before a table for the table's rows). Sub-items and table rows often
    carry their condition ('terminate if the Supplier:', 'measured per month')
    only in that lead-in."""
    section = clauses[index].clause.section
    if not section:
        return ""
    texts: list[str] = []
    for j in range(index - 1, max(-1, index - 1 - lookback), -1):
        other = clauses[j].clause
        if other.kind == "table_row" or not other.section:
            continue
        if section == other.section or section.startswith(other.section + "("):
            texts.append(other.text)
    return " ".join(texts)


def flag_clause(tagged: TaggedClause, entry: InventoryEntry, *, counter_metric: bool, lead_in: str = "") -> list[Flag]:
    """Flags of one SLA clause; `counter_metric` says whether the contract has an outcome
    KPI, `lead_in` is the text of the clause that introduces this one (or "")."""
    clause, text = tagged.clause, tagged.clause.text
    found: list[tuple[FlagCode, str, tuple[Span, ...]]] = []

    if entry.is_watermelon:
        found.append(("watermelon", reason("watermelon"), _tag_evidence(tagged, ("focus", "style"))))

    gameable = vocabulary.find("gameable_kpi", text)
    if entry.focus == "output" and entry.states_metric and gameable and not counter_metric:
        found.append(("gameable_kpi", reason("gameable_kpi", kpi=gameable[0].text), gameable))

    sole = _consequence_spans(tagged, {"sole_remedy"}) or vocabulary.find("sole_remedy", text)
    sanction = _consequence_spans(tagged, {"credit", "penalty"}) or vocabulary.find("credit_words", text)
    if sole and sanction:
        found.append(("sole_remedy", reason("sole_remedy"), sole))

    exits = _exit_rights(_consequence_spans(tagged, {"termination", "step_in"}) or vocabulary.find("termination", text), text)
    context = " ".join(clause.heading_path) + " " + lead_in
    in_exit_context = bool(_exit_rights(vocabulary.find("termination", context), context))
    failure = vocabulary.find("service_failure", text)
    if (exits or in_exit_context) and failure and entry.style != "collaborative":
        found.append(("termination_trigger", reason("termination_trigger"), _merge(exits + failure[:2])))

    targets = tuple(m for m in tagged.metrics if is_target(m))
    if targets and entry.focus is not None and entry.style != "collaborative" and _unmeasured(entry, lead_in):
        metric_spans = tuple(Span(m.start, m.end, m.text) for m in targets)
        found.append(("unmeasured_metric", reason("unmeasured_metric"), metric_spans))

    vague = vocabulary.find("vague_target", text)
    if vague:
        found.append(("vague_target", reason("vague_target", phrase=vague[0].text), vague))

    supplier = vocabulary.find("supplier_measurement", text)
    if supplier and vocabulary.first("measurement_context", text):
        found.append(("supplier_measurement", reason("supplier_measurement", phrase=supplier[0].text), supplier))

    return [Flag(code, clause.id, clause.section, clause.page_start, why, spans) for code, why, spans in found]


def _unmeasured(entry: InventoryEntry, lead_in: str) -> bool:
    if entry.window or entry.measurement:
        return False
    return not (vocabulary.first("measurement_window", lead_in) or vocabulary.first("measurement_method", lead_in))


def _exit_rights(spans: tuple[Span, ...], text: str) -> tuple[Span, ...]:
    """Termination words that grant an exit, not 'on expiry or termination' housekeeping."""
    return tuple(s for s in spans if not _AFTER_EXIT.search(text[max(0, s.start - 30) : s.start]))


def _tag_evidence(tagged: TaggedClause, tags: Iterable[str]) -> tuple[Span, ...]:
    spans = [Span(e.start, e.end, e.text) for tag in tags for e in tagged.tags.evidence.get(tag, ()) if e.weight > 0]
    return _merge(tuple(spans))


def _consequence_spans(tagged: TaggedClause, kinds: set[str]) -> tuple[Span, ...]:
    return tuple(Span(c.start, c.end, c.text) for c in tagged.consequences if c.kind in kinds)


def _merge(spans: tuple[Span, ...]) -> tuple[Span, ...]:
    """Sorted, without duplicates (overlaps are kept: the highlighter merges them)."""
    return tuple(sorted(set(spans), key=lambda s: (s.start, s.end)))
