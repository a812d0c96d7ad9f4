"""The `watermelon` command line. Only this module imports typer."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .documents import load_document
from .errors import IngestError
from .ingest import ReadLimits
from .report import BINARY_FORMATS, FORMATS, ContractReport, render, report_from_clauses
from .tagging.tagger import Tagger

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Watermelon: find output-and-penalty SLAs (green outside, red inside) in outsourcing contracts.",
)

@app.callback()
def _root() -> None:
    """Watermelon: find output-and-penalty SLAs in outsourcing contracts."""


EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_USAGE = 2


def _error(message: str) -> None:
    typer.echo(f"error: {message}", err=True)


@app.command()
def analyze(
    files: Annotated[list[Path], typer.Argument(help="Contracts to analyze: PDF, DOCX, text or Markdown.")],
    format: Annotated[str, typer.Option("--format", "-f", help=f"Output format: {', '.join(FORMATS)}.")] = "json",
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Write here instead of standard output.")] = None,
    max_pages: Annotated[int, typer.Option(help="Refuse documents with more pages.")] = ReadLimits().max_pages,
    max_mb: Annotated[float, typer.Option(help="Refuse files larger than this many megabytes.")] = ReadLimits().max_bytes / 1024 / 1024,
    include_text: Annotated[bool, typer.Option(help="Include the full document text in JSON.")] = True,
) -> None:
    """Read, tag and score contracts: clauses with provenance and tags, the SLA
    inventory, watermelon scores, flags and suggestions. Several files give a
    portfolio view."""
    if format not in FORMATS:
        _error(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
        raise typer.Exit(EXIT_USAGE)
    if format in BINARY_FORMATS and out is None:
        _error(f"--format {format} writes a binary file: give --out PATH")
        raise typer.Exit(EXIT_USAGE)
    limits = ReadLimits(max_bytes=int(max_mb * 1024 * 1024), max_pages=max_pages)
    reports: list[ContractReport] = []
    tagger: Tagger | None = None
    failed = 0
    for path in files:
        try:
            document = load_document(path, limits=limits)
        except IngestError as exc:
            failed += 1
            _error(str(exc))
            continue
        tagger = tagger or Tagger.load()  # once per call, and only if a file was readable
        reports.append(report_from_clauses(document, tagger.tag_document(document)))
    portfolio = not (len(files) == 1 and reports)
    output = render(format, reports, portfolio=portfolio, include_text=include_text)
    if out is not None:
        if isinstance(output, bytes):
            out.write_bytes(output)
        else:
            out.write_text(output, encoding="utf-8")
    elif reports:
        assert isinstance(output, str)
        sys.stdout.write(output)
    if failed:
        raise typer.Exit(EXIT_SOME_FAILED)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
