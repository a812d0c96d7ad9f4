"""Scoring: the SLA inventory, contract scores, clause flags and suggestions.

Pure functions over tagged clauses; no NLP models, no I/O beyond the package's own
data files (`data/*.json`)."""

from .flags import FLAG_CODES, FLAG_TITLES, Flag, FlagCode, flag_clauses, has_counter_metric
from .inventory import InventoryEntry, InventoryMetric, build_inventory
from .scores import NO_SERVICE_LEVELS, ContractScores, score_inventory, watermelon_risk
from .suggestions import Suggestion, load_catalogue, suggest
from .vocabulary import Span

__all__ = [
    "FLAG_CODES",
    "FLAG_TITLES",
    "NO_SERVICE_LEVELS",
    "ContractScores",
    "Flag",
    "FlagCode",
    "InventoryEntry",
    "InventoryMetric",
    "Span",
    "Suggestion",
    "build_inventory",
    "flag_clauses",
    "has_counter_metric",
    "load_catalogue",
    "score_inventory",
    "suggest",
    "watermelon_risk",
]
