"""The `watermelon` command line. Only this module imports typer."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from .documents import load_document
from .errors import IngestError
from .ingest import ReadLimits

if TYPE_CHECKING:
    from rich.progress import Progress, Task

    from .batch import BatchReport, Outcome

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


@app.command()
def batch(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders (searched for .pdf .docx .txt .md) or globs.", show_default=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder; rerun with the same folder to resume.", show_default=False)],
    jobs: Annotated[
        Optional[int], typer.Option("--jobs", "-j", min=1, help="Worker processes (default: all cores; Dask workers with --dask local).")
    ] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="Portfolio files to write, comma-separated: csv, md.")] = "csv,md",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or messages; the exit code says how it went.")] = False,
    timeout: Annotated[float, typer.Option(min=0.001, help="Seconds one document may take before it is stopped and reported.")] = 120.0,
    dask_scheduler: Annotated[
        Optional[str], typer.Option("--dask-scheduler", help="Run on an existing Dask cluster: tcp://HOST:PORT.", show_default=False)
    ] = None,
    dask: Annotated[
        Optional[str], typer.Option("--dask", help="'local': start a Dask LocalCluster with --jobs worker processes.", show_default=False)
    ] = None,
    max_pages: Annotated[int, typer.Option(help="Refuse documents with more pages.")] = ReadLimits().max_pages,
    max_mb: Annotated[float, typer.Option(help="Refuse files larger than this many megabytes.")] = ReadLimits().max_bytes / 1024 / 1024,
    include_text: Annotated[bool, typer.Option(help="Store each document's full text in results.jsonl.")] = False,
) -> None:
    """Analyze many contracts into one folder: results.jsonl (one line per document, written as
    each finishes), errors.jsonl, clauses.csv, summary.csv and summary.md. Resumable: rerun the
    same command after an interruption and finished documents are skipped."""
    from .batch import FORMATS, BatchConfig, StoreLockedError, WorkerStartError, WorkOptions, default_jobs, find_inputs, run_batch

    formats = tuple(dict.fromkeys(f.strip().lower() for f in format.split(",") if f.strip()))
    if unknown := [f for f in formats if f not in FORMATS]:
        _error(f"unknown format {', '.join(unknown)}; choose from {', '.join(FORMATS)}")
        raise typer.Exit(EXIT_USAGE)
    if dask is not None and dask != "local":
        _error(f"--dask takes only 'local' (got {dask!r}); use --dask-scheduler tcp://HOST:PORT for a cluster")
        raise typer.Exit(EXIT_USAGE)
    if dask is not None and dask_scheduler is not None:
        _error("use either --dask local or --dask-scheduler, not both")
        raise typer.Exit(EXIT_USAGE)
    if out.exists() and not out.is_dir():
        _error(f"--out {out} exists and is not a folder")
        raise typer.Exit(EXIT_USAGE)
    found = find_inputs(inputs)
    if found.unmatched:
        for argument in found.unmatched:
            _error(f"{argument}: no such file, or no .pdf .docx .txt .md file in it")
        raise typer.Exit(EXIT_USAGE)
    config = BatchConfig(
        out=out,
        jobs=jobs or default_jobs(),
        timeout=timeout,
        formats=formats,
        dask_scheduler=dask_scheduler,
        dask_local=dask == "local",
        options=WorkOptions(max_bytes=int(max_mb * 1024 * 1024), max_pages=max_pages, include_text=include_text),
    )
    progress = None if quiet else _batch_progress()
    bar: list[Any] = []

    def on_start(report: BatchReport) -> None:
        if progress is None:
            return
        if report.already_done or report.duplicates:
            progress.console.print(
                f"{report.inputs} files: {report.already_done} already in {out / 'results.jsonl'}, "
                f"{report.duplicates} duplicate content, {report.to_do} to analyze"
            )
        progress.start()
        bar.append(progress.add_task("analyzing", total=report.to_do))

    def on_outcome(outcome: Outcome) -> None:
        if progress is None:
            return
        if outcome.error is not None:
            message = f"error: {outcome.path}: {outcome.error['message']} [{outcome.error['type']}]"
            progress.console.print(message, markup=False, highlight=False, soft_wrap=True)
        if bar and outcome.sha256:
            progress.advance(bar[0])

    try:
        report = run_batch(found.files, config, on_start=on_start, on_outcome=on_outcome)
    except StoreLockedError as exc:
        _error(str(exc))
        raise typer.Exit(EXIT_USAGE) from None
    except WorkerStartError as exc:
        _error(f"{exc}; set WATERMELON_MODELS to the folder with the .skops models")
        raise typer.Exit(EXIT_USAGE) from None
    except (OSError, TimeoutError) as exc:
        if dask_scheduler is None:
            raise
        _error(f"cannot use the Dask scheduler {dask_scheduler}: {exc}")
        raise typer.Exit(EXIT_USAGE) from None
    except KeyboardInterrupt:
        _error(f"interrupted; finished documents are in {out / 'results.jsonl'}; rerun the same command to resume")
        raise typer.Exit(130) from None
    finally:
        if progress is not None:
            progress.stop()
    if not quiet:
        for note in report.notes:
            typer.echo(f"note: {note}", err=True)
        typer.echo(
            f"{report.analyzed} analyzed, {report.already_done} already done, {len(report.failed_inputs)} failed; "
            f"wrote {', '.join(str(p) for p in report.outputs)}",
            err=True,
        )
    if report.failed_inputs:
        raise typer.Exit(EXIT_SOME_FAILED)


def _batch_progress() -> Progress:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn
    from rich.text import Text

    class FilesPerSecond(ProgressColumn):
        def render(self, task: Task) -> Text:
            elapsed = task.elapsed or 0.0
            rate = task.completed / elapsed if elapsed > 0 and task.completed else 0.0
            return Text(f"{rate:.2f} files/s", style="progress.data.speed")

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        FilesPerSecond(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=False,
    )


def main() -> None:
    app()


if __name__ == "__main__":
    main()
