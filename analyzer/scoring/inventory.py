"""The SLA inventory: one row per SLA/KPI clause with what a reviewer checks first —
the metric(s) and target, window and measurement rule, the consequence regime
(credit, cap, earn-back, termination) and the clause's focus, style and place."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..model import Consequence, Metric, TaggedClause, plain, rounded
from ..nlp.compared import is_postfix_comparator
from . import vocabulary

#: Below this style probability a `collaborative` tag alone does not count as governance.
GOVERNANCE_STYLE_CONFIDENCE = 0.6
#: A focus tag counts as a KPI in the shares when the clause states a metric, or when
#: the tag is at least this confident: a doubtful outcome tag on a review clause with
#: no metric must not move the outcome share (LABELING.md: focus needs a metric).
KPI_FOCUS_CONFIDENCE = 0.6
GOVERNANCE_KINDS = frozenset({"review", "improvement_plan", "earn_back"})
SANCTION_KINDS = frozenset({"credit", "penalty"})
_SENTENCE_END = re.compile(r"[.;](?=\s|$)")


@dataclass(frozen=True)
class InventoryMetric:
    name: str | None
    target: str | None
    comparator: str | None
    value: float | None
    unit: str | None
    window: str | None
    text: str

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = plain(self)
        return data


@dataclass(frozen=True)
class InventoryEntry:
    clause_id: str
    section: str | None
    heading: str
    page_start: int | None
    page_end: int | None
    kind: str
    text: str
    focus: str | None
    style: str | None
    focus_probability: float
    style_probability: float
    metrics: tuple[InventoryMetric, ...]
    target: str | None
    window: str | None
    measurement: str | None
    consequence_kinds: tuple[str, ...]
    credit_value: float | None
    credit_unit: str | None
    cap_value: float | None
    cap_unit: str | None
    earn_back: bool
    termination: bool
    step_in: bool
    sole_remedy: bool
    governance: bool

    @property
    def is_watermelon(self) -> bool:
        return self.focus == "output" and self.style == "penalty"

    @property
    def states_metric(self) -> bool:
        return bool(self.metrics) or self.kind == "table_row"

    @property
    def states_target(self) -> bool:
        """A measurable target (a percentage, a score, a named metric) or a KPI-table row; a
        bare deadline ("closed after three Business Days") is no target."""
        return any(is_target(m) for m in self.metrics) or self.kind == "table_row"

    @property
    def kpi_focus(self) -> str | None:
        """The focus this clause contributes to the KPI shares, if any."""
        if self.focus and (self.states_metric or self.focus_probability >= KPI_FOCUS_CONFIDENCE):
            return self.focus
        return None

    def to_dict(self) -> dict[str, Any]:
        data = rounded(plain(self), ("focus_probability", "style_probability"))
        return {**data, "watermelon": self.is_watermelon}


def is_target(metric: Metric | InventoryMetric) -> bool:
    """A service-level target (a percentage, a score, or a named metric), not a bare deadline."""
    unit = metric.unit or ""
    return metric.value is not None and (unit == "%" or unit.startswith("/") or unit == "score" or metric.name is not None)


def build_inventory(clauses: Iterable[TaggedClause]) -> tuple[InventoryEntry, ...]:
    """Every clause tagged `is_sla`, in document order."""
    return tuple(inventory_entry(c) for c in clauses if c.tags.is_sla)


def inventory_entry(tagged: TaggedClause) -> InventoryEntry:
    clause, tags = tagged.clause, tagged.tags
    cells = _cells(tagged)
    kinds = tuple(sorted({c.kind for c in tagged.consequences}))
    credit = _first(tagged.consequences, SANCTION_KINDS, with_value=True)
    cap = _cap(tagged.consequences)
    if cap is not None and credit is not None and cap.value == credit.value and "cap" in kinds:
        credit = None  # the percentage is the cap's size, not a credit for a missed level
    metrics = tuple(_metric(m) for m in tagged.metrics)
    collaborative = tags.style == "collaborative" and tags.style_probability >= GOVERNANCE_STYLE_CONFIDENCE
    return InventoryEntry(
        clause_id=clause.id,
        section=clause.section,
        heading=" > ".join(clause.heading_path),
        page_start=clause.page_start,
        page_end=clause.page_end,
        kind=clause.kind,
        text=clause.text,
        focus=tags.focus,
        style=tags.style,
        focus_probability=tags.focus_probability,
        style_probability=tags.style_probability,
        metrics=metrics,
        target=_cell(cells, "target_header") or next((m.target for m in metrics if m.target), None),
        window=_cell(cells, "window_header")
        or next((m.window for m in metrics if m.window), None)
        or _phrase("measurement_window", clause.text),
        measurement=_cell(cells, "measurement_header") or _measurement_sentence(clause.text),
        consequence_kinds=kinds,
        credit_value=credit.value if credit else None,
        credit_unit=credit.unit if credit else None,
        cap_value=cap.value if cap else None,
        cap_unit=cap.unit if cap else None,
        earn_back="earn_back" in kinds,
        termination="termination" in kinds,
        step_in="step_in" in kinds,
        sole_remedy="sole_remedy" in kinds,
        governance=bool(GOVERNANCE_KINDS.intersection(kinds)) or collaborative,
    )


def format_target(metric: Metric) -> str | None:
    if metric.value is None:
        return None
    value = f"{metric.value:g}"
    unit = metric.unit or ""
    if unit in ("score", "number"):
        unit = ""  # "at least 7.5", not "at least 7.5 score": the metric's name says what is scored
    if metric.value == 1 and unit.endswith("s") and unit[:1].isalpha():
        unit = unit[:-1]  # "within 1 hour", not "1 hours" (the structured unit stays as it is)
    amount = f"{value}{unit}" if unit in ("%",) or unit.startswith("/") else f"{value} {unit}".strip()
    if not metric.comparator:
        return amount
    if is_postfix_comparator(metric.comparator):
        return f"{amount} {metric.comparator}"  # "99.5% or higher"
    return f"{metric.comparator} {amount}"


def _metric(metric: Metric) -> InventoryMetric:
    return InventoryMetric(
        name=metric.name,
        target=format_target(metric),
        comparator=metric.comparator,
        value=metric.value,
        unit=metric.unit,
        window=metric.window,
        text=metric.text,
    )


def _cells(tagged: TaggedClause) -> tuple[tuple[str, str], ...]:
    clause = tagged.clause
    return tuple(zip((h.lower() for h in clause.table_header), clause.table_cells))


def _cell(cells: tuple[tuple[str, str], ...], header_key: str) -> str | None:
    names = vocabulary.words(header_key)
    for header, value in cells:
        if value.strip() and any(name in header for name in names):
            return value.strip()
    return None


def _phrase(key: str, text: str) -> str | None:
    span = vocabulary.first(key, text)
    return span.text.lower() if span else None


def _measurement_sentence(text: str) -> str | None:
    """The sentence that says how the metric is measured (a '.' or ';' followed by
    a space ends a sentence, so '99.5%' does not)."""
    span = vocabulary.first("measurement_method", text)
    if span is None:
        return None
    start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, span.start)), default=0)
    end_match = _SENTENCE_END.search(text, span.end)
    sentence = text[start : end_match.end() if end_match else len(text)].strip()
    return sentence if len(sentence) <= 300 else sentence[:297] + "..."


def _first(consequences: Iterable[Consequence], kinds: frozenset[str], with_value: bool) -> Consequence | None:
    candidates = [c for c in consequences if c.kind in kinds]
    valued = [c for c in candidates if c.value is not None]
    if with_value and valued:
        return valued[0]
    return candidates[0] if candidates else None


def _cap(consequences: tuple[Consequence, ...]) -> Consequence | None:
    """The cap's size: the extractor often attaches '12% of the charges' to the credit
    word next to 'Cap', so a cap without a value borrows the clause's valued sanction."""
    caps = [c for c in consequences if c.kind == "cap"]
    if not caps:
        return None
    valued = next((c for c in caps if c.value is not None), None)
    if valued:
        return valued
    borrowed = _first(consequences, SANCTION_KINDS, with_value=True)
    if borrowed and borrowed.value is not None:
        return Consequence("cap", borrowed.value, borrowed.unit, caps[0].text, caps[0].start, caps[0].end)
    return caps[0]
