"""Contract-level scores, computed from the SLA inventory alone (see README, "Scores").

- outcome share: outcome KPIs / KPIs with a focus (output + outcome), where a focus
  tag counts when the clause states a metric or the tag is confident
  (`InventoryEntry.kpi_focus`);
- penalty share: penalty clauses / clauses with a style (penalty + collaborative);
  collaborative share is its complement;
- governance present: at least `GOVERNANCE_MIN_CLAUSES` clauses with joint governance
  (review, improvement plan or earn-back, or a confidently collaborative clause);
- watermelon risk 0..100:
  `100 * (0.25*O + 0.25*P + 0.5*O*P) - 10 * governance`, clamped, where O and P are
  the output and penalty shares smoothed with one pseudo-count on each side
  ((k + 1) / (n + 2)), so a handful of clauses or one misclassified clause cannot
  swing the score to an extreme, and a contract with no KPI focus (or no
  consequence style) counts as 0.5 on that axis rather than failing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ..model import plain, rounded
from .inventory import InventoryEntry

Verdict = Literal["high", "medium", "low", "none"]

GOVERNANCE_MIN_CLAUSES = 2
GOVERNANCE_DISCOUNT = 10
HIGH_RISK = 60
MEDIUM_RISK = 35
NO_SERVICE_LEVELS = "no service levels found"


@dataclass(frozen=True)
class ContractScores:
    sla_clauses: int
    kpi_clauses: int
    output_kpis: int
    outcome_kpis: int
    styled_clauses: int
    penalty_clauses: int
    collaborative_clauses: int
    watermelon_clauses: int
    governance_clauses: int
    outcome_share: float | None
    penalty_share: float | None
    collaborative_share: float | None
    governance_present: bool
    watermelon_risk: int | None
    verdict: Verdict
    explanation: str

    def to_dict(self) -> dict[str, Any]:
        return rounded(plain(self), ("outcome_share", "penalty_share", "collaborative_share"))


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def smoothed(part: int, whole: int) -> float:
    return (part + 1) / (whole + 2)


def watermelon_risk(output_kpis: int, kpi_clauses: int, penalty_clauses: int, styled_clauses: int, governance_present: bool) -> int:
    o = smoothed(output_kpis, kpi_clauses)
    p = smoothed(penalty_clauses, styled_clauses)
    raw = 100 * (0.25 * o + 0.25 * p + 0.5 * o * p) - (GOVERNANCE_DISCOUNT if governance_present else 0)
    return int(round(min(100.0, max(0.0, raw))))


def verdict_for(risk: int | None) -> Verdict:
    if risk is None:
        return "none"
    if risk >= HIGH_RISK:
        return "high"
    return "medium" if risk >= MEDIUM_RISK else "low"


def score_inventory(inventory: Sequence[InventoryEntry], clause_count: int | None = None) -> ContractScores:
    """Scores from the inventory; `clause_count` (all clauses) only feeds the explanation."""
    output_kpis = sum(e.kpi_focus == "output" for e in inventory)
    outcome_kpis = sum(e.kpi_focus == "outcome" for e in inventory)
    penalty = sum(e.style == "penalty" for e in inventory)
    collaborative = sum(e.style == "collaborative" for e in inventory)
    watermelons = sum(e.is_watermelon for e in inventory)
    governance = sum(e.governance for e in inventory)
    kpis = output_kpis + outcome_kpis
    styled = penalty + collaborative
    governance_present = governance >= GOVERNANCE_MIN_CLAUSES
    if not inventory:
        risk: int | None = None
        total = f"none of the {clause_count} clauses" if clause_count is not None else "no clause"
        explanation = (
            f"No service levels found: {total} states a service level, KPI or what follows from missing one, "
            "so no watermelon risk is scored."
        )
    else:
        risk = watermelon_risk(output_kpis, kpis, penalty, styled, governance_present)
        explanation = _explain(risk, output_kpis, outcome_kpis, penalty, styled, watermelons, governance, governance_present)
    penalty_share = share(penalty, styled)
    return ContractScores(
        sla_clauses=len(inventory),
        kpi_clauses=kpis,
        output_kpis=output_kpis,
        outcome_kpis=outcome_kpis,
        styled_clauses=styled,
        penalty_clauses=penalty,
        collaborative_clauses=collaborative,
        watermelon_clauses=watermelons,
        governance_clauses=governance,
        outcome_share=share(outcome_kpis, kpis),
        penalty_share=penalty_share,
        collaborative_share=None if penalty_share is None else 1.0 - penalty_share,
        governance_present=governance_present,
        watermelon_risk=risk,
        verdict=verdict_for(risk),
        explanation=explanation,
    )


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def _explain(risk: int, output: int, outcome: int, penalty: int, styled: int, watermelons: int, governance: int, present: bool) -> str:
    kpis = output + outcome
    if kpis:
        focus = f"{output} of {kpis} KPIs measure output and {outcome} measure outcomes (outcome share {_percent(share(outcome, kpis))})"
    else:
        focus = "no clause names a KPI with an output or outcome focus (counted as 50/50)"
    if styled:
        style = f"{penalty} of {styled} consequence clauses are sanctions (penalty share {_percent(share(penalty, styled))})"
    else:
        style = "no clause sets a penalty or collaborative consequence (counted as 50/50)"
    noun = "clause is a watermelon" if watermelons == 1 else "clauses are watermelons"
    if present:
        gov = f"joint governance appears in {governance} clauses (-{GOVERNANCE_DISCOUNT})"
    elif governance:
        gov = f"joint governance appears in only {governance} clause, too little to count"
    else:
        gov = "no joint governance (reviews, improvement plans, earn-back) was found"
    return f"Watermelon risk {risk}/100 ({verdict_for(risk)}): {focus}, {style}, {watermelons} {noun} (output + penalty), and {gov}."
