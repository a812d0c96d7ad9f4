"""Which clauses of a contract legal should review, and in what order.

A clause is up for review when the model calls it an SLA or a flag points at it.
Flagged clauses come first, the most serious flag first (a watermelon before a vague
target); unflagged SLA clauses follow, the least certain first, because that is
where the model is most likely wrong."""

from __future__ import annotations

from ..model import ClauseTags, TaggedClause
from ..report import ContractReport
from .store import Tags

# Most serious first: what a reviewer should read before anything else.
FLAG_PRIORITY: tuple[str, ...] = (
    "watermelon",
    "termination_trigger",
    "sole_remedy",
    "gameable_kpi",
    "supplier_measurement",
    "unmeasured_metric",
    "vague_target",
)


def model_tags(tags: ClauseTags) -> Tags:
    """The model's labels in review form (a non-SLA clause carries no focus or style)."""
    if not tags.is_sla:
        return Tags(False, None, None)
    return Tags(True, tags.focus, tags.style)


def is_reviewable(report: ContractReport, tagged: TaggedClause) -> bool:
    return tagged.tags.is_sla or bool(report.flags_of(tagged.clause.id))


def confidence(tags: ClauseTags) -> float:
    """The weakest of the clause's tag probabilities: low means the model hesitated."""
    probabilities = [tags.is_sla_probability if tags.is_sla else 1 - tags.is_sla_probability]
    if tags.is_sla:
        probabilities += [tags.focus_probability, tags.style_probability]
    return min(probabilities)


def review_queue(report: ContractReport) -> list[TaggedClause]:
    """The clauses to review, in the order a reviewer should read them."""
    rank = {code: i for i, code in enumerate(FLAG_PRIORITY)}
    position = {tagged.clause.id: i for i, tagged in enumerate(report.clauses)}

    def key(tagged: TaggedClause) -> tuple[int, int, int, float, int]:
        codes = [f.code for f in report.flags_of(tagged.clause.id)]
        most_serious = min((rank.get(code, len(rank)) for code in codes), default=len(rank))
        unflagged = 0 if codes else 1
        order = 0.0 if codes else confidence(tagged.tags)
        return (unflagged, most_serious, -len(codes), order, position[tagged.clause.id])

    return sorted((c for c in report.clauses if is_reviewable(report, c)), key=key)
