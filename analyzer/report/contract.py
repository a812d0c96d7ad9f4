"""ContractReport: everything a reviewer sees about one contract, and the portfolio
of several. Every writer (JSON, CSV, XLSX, HTML, Markdown) consumes these objects."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..analysis import ContractAnalysis
from ..model import SCHEMA_VERSION, Document, TaggedClause, plain, rounded
from ..scoring import (
    ContractScores,
    Flag,
    InventoryEntry,
    Suggestion,
    build_inventory,
    flag_clauses,
    score_inventory,
    suggest,
)


@dataclass(frozen=True)
class ContractReport:
    document: Document
    clauses: tuple[TaggedClause, ...]
    inventory: tuple[InventoryEntry, ...]
    scores: ContractScores
    flags: tuple[Flag, ...]
    suggestions: tuple[Suggestion, ...]

    @property
    def name(self) -> str:
        """The contract as reviewers call it: the file name."""
        return Path(self.document.path).name

    def flags_of(self, clause_id: str) -> tuple[Flag, ...]:
        return tuple(f for f in self.flags if f.clause_id == clause_id)

    def to_dict(self, include_text: bool = True) -> dict[str, Any]:
        info = self.document.info()
        if include_text:
            info["text"] = self.document.text
        codes: dict[str, list[str]] = {}
        for flag in self.flags:
            codes.setdefault(flag.clause_id, []).append(flag.code)
        clauses = []
        for tagged in self.clauses:
            data = tagged.to_dict()
            data["flags"] = codes.get(tagged.clause.id, [])
            clauses.append(data)
        return {
            "schema_version": SCHEMA_VERSION,
            "document": info,
            "clauses": clauses,
            "inventory": [e.to_dict() for e in self.inventory],
            "scores": self.scores.to_dict(),
            "flags": [f.to_dict() for f in self.flags],
            "suggestions": [s.to_dict() for s in self.suggestions],
        }


@dataclass(frozen=True)
class PortfolioRow:
    """One line of the portfolio summary table."""

    contract: str
    path: str
    language: str
    watermelon_risk: int | None
    verdict: str
    outcome_share: float | None
    penalty_share: float | None
    governance_present: bool
    sla_clauses: int
    watermelon_clauses: int
    flags: int

    def to_dict(self) -> dict[str, Any]:
        return rounded(plain(self), ("outcome_share", "penalty_share"))


@dataclass(frozen=True)
class Portfolio:
    reports: tuple[ContractReport, ...]

    @property
    def rows(self) -> tuple[PortfolioRow, ...]:
        return tuple(portfolio_row(r) for r in self.reports)

    def to_dict(self, include_text: bool = True) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "documents": [r.to_dict(include_text=include_text) for r in self.reports],
            "portfolio": [row.to_dict() for row in self.rows],
        }


def portfolio_row(report: ContractReport) -> PortfolioRow:
    s = report.scores
    return PortfolioRow(
        contract=report.name,
        path=report.document.path,
        language=report.document.language,
        watermelon_risk=s.watermelon_risk,
        verdict=s.verdict,
        outcome_share=s.outcome_share,
        penalty_share=s.penalty_share,
        governance_present=s.governance_present,
        sla_clauses=s.sla_clauses,
        watermelon_clauses=s.watermelon_clauses,
        flags=len(report.flags),
    )


def build_report(analysis: ContractAnalysis) -> ContractReport:
    """Inventory, scores, flags and suggestions for one analyzed contract."""
    return report_from_clauses(analysis.document, analysis.clauses)


def report_from_clauses(document: Document, clauses: Sequence[TaggedClause]) -> ContractReport:
    tagged = tuple(clauses)
    inventory = build_inventory(tagged)
    flags = flag_clauses(tagged, inventory)
    return ContractReport(
        document=document,
        clauses=tagged,
        inventory=inventory,
        scores=score_inventory(inventory, clause_count=len(tagged)),
        flags=flags,
        suggestions=suggest(tagged, inventory, flags, document.language),
    )


def build_portfolio(reports: Sequence[ContractReport]) -> Portfolio:
    return Portfolio(tuple(reports))
