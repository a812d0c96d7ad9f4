"""Suggestions for risky KPIs: an outcome-oriented counterpart and a collaborative
remedy, in the contract's language, from the catalogue in `data/suggestions.json`.

One suggestion per kind of KPI (calls answered, response time, ...) listing the
clauses it applies to, so twelve resolution-time rows give one suggestion."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..model import Language, TaggedClause, plain
from . import vocabulary
from .flags import Flag
from .inventory import InventoryEntry

#: A KPI is risky when one of these flags is on its clause.
RISKY_FLAGS = frozenset({"watermelon", "gameable_kpi"})


@dataclass(frozen=True)
class KpiAdvice:
    key: str
    patterns: re.Pattern[str] | None
    measures: dict[str, str]
    outcome: dict[str, str]


@dataclass(frozen=True)
class RemedyAdvice:
    key: str
    kinds: frozenset[str]
    remedy: dict[str, str]


@dataclass(frozen=True)
class Catalogue:
    kpis: tuple[KpiAdvice, ...]
    remedies: tuple[RemedyAdvice, ...]

    def kpi_for(self, text: str) -> KpiAdvice:
        for advice in self.kpis:
            if advice.patterns is None or advice.patterns.search(text):
                return advice
        raise LookupError("the suggestion catalogue needs a fallback entry without `match`")

    def remedy_for(self, kinds: set[str]) -> RemedyAdvice:
        for advice in self.remedies:
            if not advice.kinds or advice.kinds & kinds:
                return advice
        raise LookupError("the suggestion catalogue needs a fallback remedy without `kinds`")


@dataclass(frozen=True)
class Suggestion:
    key: str
    language: Language
    measures: str
    outcome_counterpart: str
    remedy_key: str
    collaborative_remedy: str
    clause_ids: tuple[str, ...]
    sections: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = plain(self)
        return data


@lru_cache(maxsize=1)
def load_catalogue() -> Catalogue:
    data = vocabulary.load_json("suggestions.json")
    kpis = tuple(
        KpiAdvice(
            key=item["key"],
            patterns=vocabulary.compile_any(tuple(item["match"])) if item.get("match") else None,
            measures=dict(item["measures"]),
            outcome=dict(item["outcome"]),
        )
        for item in data["kpis"]
    )
    remedies = tuple(RemedyAdvice(item["key"], frozenset(item["kinds"]), dict(item["remedy"])) for item in data["remedies"])
    return Catalogue(kpis, remedies)


def suggest(
    clauses: Sequence[TaggedClause],
    inventory: Sequence[InventoryEntry],
    flags: Sequence[Flag],
    language: Language,
    catalogue: Catalogue | None = None,
) -> tuple[Suggestion, ...]:
    catalogue = catalogue or load_catalogue()
    risky = {f.clause_id for f in flags if f.code in RISKY_FLAGS}
    texts = {c.clause.id: c.clause.text for c in clauses}
    contract_kinds = {k for e in inventory if e.style == "penalty" for k in e.consequence_kinds}
    groups: dict[str, list[InventoryEntry]] = {}
    for entry in inventory:
        if entry.clause_id in risky and entry.states_metric:
            groups.setdefault(catalogue.kpi_for(texts.get(entry.clause_id, entry.text)).key, []).append(entry)
    suggestions: list[Suggestion] = []
    for advice in catalogue.kpis:
        entries = groups.get(advice.key)
        if not entries:
            continue
        kinds = {k for e in entries for k in e.consequence_kinds} or contract_kinds
        remedy = catalogue.remedy_for(kinds)
        suggestions.append(
            Suggestion(
                key=advice.key,
                language=language,
                measures=_in(advice.measures, language),
                outcome_counterpart=_in(advice.outcome, language),
                remedy_key=remedy.key,
                collaborative_remedy=_in(remedy.remedy, language),
                clause_ids=tuple(e.clause_id for e in entries),
                sections=tuple(dict.fromkeys(e.section for e in entries if e.section)),
            )
        )
    return tuple(suggestions)


def _in(texts: dict[str, str], language: str) -> str:
    return texts.get(language) or texts["en"]
