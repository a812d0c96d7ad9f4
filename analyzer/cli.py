"""The `watermelon` command line. Only this module imports typer."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .documents import load_document
from .errors import IngestError
from .ingest import ReadLimits

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
    format: Annotated[str, typer.Option("--format", "-f", help="Output format: json.")] = "json",
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Write here instead of standard output.")] = None,
    max_pages: Annotated[int, typer.Option(help="Refuse documents with more pages.")] = ReadLimits().max_pages,
    max_mb: Annotated[float, typer.Option(help="Refuse files larger than this many megabytes.")] = ReadLimits().max_bytes / 1024 / 1024,
    include_text: Annotated[bool, typer.Option(help="Include the full document text in JSON.")] = True,
) -> None:
    """Read contracts and print their clauses with provenance."""
    if format != "json":
        _error(f"unknown format {format!r}; choose json")
        raise typer.Exit(EXIT_USAGE)
    limits = ReadLimits(max_bytes=int(max_mb * 1024 * 1024), max_pages=max_pages)
    results = []
    failed = 0
    for path in files:
        try:
            document = load_document(path, limits=limits)
        except IngestError as exc:
            failed += 1
            _error(str(exc))
            continue
        results.append(document.to_dict(include_text=include_text))
    payload = results[0] if len(files) == 1 and results else {"documents": results}
    text = json.dumps(payload, ensure_ascii=False, indent=2)
    if out is not None:
        out.write_text(text + "\n", encoding="utf-8")
    elif results:
        sys.stdout.write(text + "\n")
    if failed:
        raise typer.Exit(EXIT_SOME_FAILED)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
