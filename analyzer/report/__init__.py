"""Reports: the ContractReport / Portfolio objects and the writers (JSON, CSV, XLSX,
HTML, Markdown). Writers format; they never tag or score."""

from .contract import ContractReport, Portfolio, PortfolioRow, build_portfolio, build_report, report_from_clauses
from .json_writer import SCHEMA_PATH, report_schema
from .writers import BINARY_FORMATS, FORMATS, render

__all__ = [
    "BINARY_FORMATS",
    "FORMATS",
    "ContractReport",
    "Portfolio",
    "PortfolioRow",
    "SCHEMA_PATH",
    "build_portfolio",
    "build_report",
    "render",
    "report_schema",
    "report_from_clauses",
]
