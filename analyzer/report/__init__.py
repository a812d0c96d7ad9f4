"""Reports: the ContractReport / Portfolio objects and the writers (JSON, CSV, XLSX,
HTML, Markdown). Writers format; they never tag or score."""

from .contract import ContractReport, Portfolio, PortfolioRow, build_portfolio, build_report, report_from_clauses

__all__ = ["ContractReport", "Portfolio", "PortfolioRow", "build_portfolio", "build_report", "report_from_clauses"]
