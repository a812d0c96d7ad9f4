"""One entry point for every output format, used by the CLI (and any other front end)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from .contract import ContractReport
from .html_writer import render_html
from .json_writer import render_json
from .markdown_writer import render_markdown
from .tabular import render_csv, render_xlsx

Format = Literal["json", "csv", "xlsx", "html", "md"]
FORMATS: tuple[str, ...] = ("json", "csv", "xlsx", "html", "md")
BINARY_FORMATS = frozenset({"xlsx"})


def render(fmt: str, reports: Sequence[ContractReport], *, portfolio: bool, include_text: bool = True) -> str | bytes:
    """The reports in `fmt`; `portfolio` chooses the several-files shape for JSON."""
    if fmt == "json":
        return render_json(reports, portfolio=portfolio, include_text=include_text)
    if fmt == "csv":
        return render_csv(reports)
    if fmt == "xlsx":
        return render_xlsx(reports)
    if fmt == "html":
        return render_html(reports)
    if fmt == "md":
        return render_markdown(reports)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
