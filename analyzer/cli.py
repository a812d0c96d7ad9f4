"""The `watermelon` command line. Only this module imports typer."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from .documents import load_document
from .errors import IngestError, ModelError
from .ingest import ReadLimits
from .jsontext import json_text, writable
from .language import language_code
from .report import BINARY_FORMATS, FORMATS, ContractReport, render, report_from_clauses
from .tagging.tagger import Tagger

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
        tagger = tagger or _load_tagger(None)  # once per call, and only if a file was readable
        reports.append(report_from_clauses(document, tagger.tag_document(document)))
    portfolio = not (len(files) == 1 and reports)
    output = render(format, reports, portfolio=portfolio, include_text=include_text)
    if out is not None:
        if isinstance(output, bytes):
            out.write_bytes(output)
        else:
            out.write_text(writable(output), encoding="utf-8")
    elif reports:
        assert isinstance(output, str)
        sys.stdout.write(writable(output))
    if failed:
        raise typer.Exit(EXIT_SOME_FAILED)


def _load_tagger(models: Path | None) -> Tagger:
    try:
        return Tagger.load(models)
    except ModelError as exc:
        _error(str(exc))
        raise typer.Exit(EXIT_USAGE) from exc


@app.command()
def classify(
    models: Annotated[Optional[Path], typer.Option(help="Folder with the trained *.skops models.")] = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Clauses tagged together.")] = 256,
) -> None:
    """Tag clauses given as JSON lines on stdin: {"id": ..., "text": ..., "language": "en"|"nl"}.

    Writes one JSON line per input, in order; a bad line gets {"id": ..., "error": ...}
    and the others still come out (exit code 1 if any line was bad)."""
    tagger = _load_tagger(models)
    failed = False
    pending: list[tuple[object, str, Optional[str]]] = []

    def flush() -> None:
        results = tagger.tag_texts([t for _, t, _ in pending], [lang for _, _, lang in pending])  # type: ignore[misc]
        for (item_id, _, _), result in zip(pending, results):
            line = {"id": item_id, **result.tags.to_dict()}
            line["metrics"] = [m.to_dict() for m in result.metrics]
            line["consequences"] = [c.to_dict() for c in result.consequences]
            sys.stdout.write(json_text(line) + "\n")
        pending.clear()

    for number, raw in enumerate(sys.stdin, start=1):
        if not raw.strip():
            continue
        item_id: object = number
        try:
            item = json.loads(raw)
            if not isinstance(item, dict):
                raise ValueError("expected a JSON object")
            item_id = item.get("id", number)
            text = item.get("text")
            if not isinstance(text, str) or not text.strip():
                raise ValueError("missing or empty 'text'")
            language = language_code(item.get("language"))
        except ValueError as exc:  # json.JSONDecodeError is a ValueError
            failed = True
            flush()
            sys.stdout.write(json_text({"id": item_id, "error": f"line {number}: {exc}"}) + "\n")
            continue
        pending.append((item_id, text, language))
        if len(pending) >= batch_size:
            flush()
    flush()
    if failed:
        raise typer.Exit(EXIT_SOME_FAILED)


@app.command()
def evaluate(
    gold: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="Gold JSONL: text, is_sla, focus, style.")],
    models: Annotated[Optional[Path], typer.Option(help="Folder with the trained *.skops models.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print scores as JSON.")] = False,
) -> None:
    """Per-tag precision, recall, F1 and confusion matrix against gold labels."""
    from .tagging.assess import assess_tagger
    from .tagging.data import read_labeled
    from .tagging.evaluate import format_scores

    try:
        rows = read_labeled([gold])
    except ValueError as exc:  # its message names the file and line
        _error(str(exc))
        raise typer.Exit(EXIT_USAGE) from exc
    except (KeyError, OSError) as exc:
        _error(f"{gold}: {exc}")
        raise typer.Exit(EXIT_USAGE) from exc
    scores = assess_tagger(_load_tagger(models), rows)
    if as_json:
        typer.echo(json.dumps({tag: s.to_dict() for tag, s in scores.items()}, indent=2))
    else:
        typer.echo("\n\n".join(format_scores(s) for s in scores.values()))


@app.command()
def train(
    data: Annotated[Path, typer.Option(help="Folder of labeled *.jsonl training files.")] = Path("models/training"),
    out: Annotated[Path, typer.Option(help="Where to write the models and model card.")] = Path("models"),
    seed: Annotated[int, typer.Option(help="Random seed: same data and seed give the same model.")] = 0,
    folds: Annotated[int, typer.Option(min=2, help="Cross-validation folds for the model card.")] = 5,
    devset: Annotated[Optional[Path], typer.Option(help="Dev-set labels (file + offsets) to score on real contracts.")] = None,
    corpus: Annotated[Optional[Path], typer.Option(help="The corpus folder the dev set points into.")] = None,
) -> None:
    """Train the three tag models from labeled JSONL and write them with a model card."""
    from .nlp.assess import extraction_summary, load_metric_gold
    from .tagging.agreement import BLIND_LABELS, agreement, load_blind_pairs
    from .tagging.assess import assess_baseline, assess_tagger_in_context, ranking_of, scores_of, tag_gold
    from .tagging.card import render_card
    from .tagging.data import read_labeled, training_files
    from .tagging.devset import headings_in_analyze, load_devset
    from .tagging.models import save_models
    from .tagging.training import model_metadata
    from .tagging.training import train as train_models

    sources = training_files(data)
    if not sources:
        _error(f"{data}: no *.jsonl training files")
        raise typer.Exit(EXIT_USAGE)
    try:
        rows = read_labeled(sources)
    except (ValueError, KeyError) as exc:
        _error(str(exc))
        raise typer.Exit(EXIT_USAGE) from exc
    typer.echo(f"training on {len(rows)} clauses from {len(sources)} files", err=True)
    run = train_models(rows, seed=seed, folds=folds)
    save_models(run.models, out)
    metadata = model_metadata(run, sources)
    dev_scores = baseline_scores = in_context = None
    dev_size = 0
    if devset is not None and corpus is not None:
        dev_rows = load_devset(devset, corpus)
        dev_size = len(dev_rows)
        tagger = Tagger(run.models)
        dev_results = tag_gold(tagger, dev_rows)  # scores and ranking read the same results
        dev_scores = scores_of(dev_rows, dev_results)
        in_context = assess_tagger_in_context(tagger, dev_rows, headings_in_analyze(dev_rows, corpus))
        baseline_scores = assess_baseline(dev_rows)
        metadata["dev"] = {tag: s.to_dict() for tag, s in dev_scores.items()}
        metadata["dev_in_context"] = {tag: s.to_dict() for tag, s in in_context.items()}
        metadata["dev_ranking"] = ranking_of(dev_rows, dev_results)
        metadata["baseline"] = {tag: s.to_dict() for tag, s in baseline_scores.items()}
        metric_gold = devset / "metrics_dev.jsonl"
        if metric_gold.is_file():
            metadata["extraction"] = extraction_summary(load_metric_gold(metric_gold, corpus))
        if (devset / BLIND_LABELS).is_file():
            metadata["agreement"] = agreement(load_blind_pairs(devset / BLIND_LABELS, corpus)).to_dict()
    (out / "model.json").write_text(json.dumps(metadata, indent=2) + "\n", encoding="utf-8")
    card = render_card(metadata, run.cross_validation, dev_scores, baseline_scores, dev_size, in_context)
    (out / "MODEL_CARD.md").write_text(card, encoding="utf-8")
    for tag, score in run.cross_validation.items():
        line = f"{tag}: cross-validated macro-F1 {score.macro_f1:.3f}"
        if dev_scores is not None:
            line += f", dev macro-F1 {dev_scores[tag].macro_f1:.3f}"
        if in_context is not None:
            line += f" ({in_context[tag].macro_f1:.3f} with heading context)"
        typer.echo(line)


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
    found = find_inputs(inputs, output_folder=out)
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


@app.command("app")
def serve_app(
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to serve the web app on.")] = 8501,
    review_db: Annotated[
        Optional[Path],
        typer.Option(
            "--review-db",
            help="SQLite file for review decisions (default: $WATERMELON_REVIEW_DB, else ~/.watermelon/reviews.sqlite3).",
            show_default=False,
        ),
    ] = None,
    headless: Annotated[bool, typer.Option("--headless/--no-headless", help="Serve without opening a browser.")] = False,
) -> None:
    """Start the web app (Streamlit): upload contracts, see the portfolio, review flagged clauses."""
    import os
    import subprocess

    from .appview import APP_SCRIPT, REVIEW_DB_ENV

    if not APP_SCRIPT.is_file():
        _error(f"the web app {APP_SCRIPT} is not installed here: run from a checkout or an editable install (pip install -e .)")
        raise typer.Exit(EXIT_USAGE)
    env = dict(os.environ)
    if review_db is not None:
        env[REVIEW_DB_ENV] = str(review_db.expanduser().resolve())
    command = streamlit_command(APP_SCRIPT, port=port, headless=headless)
    try:
        code = subprocess.call(command, env=env)
    except KeyboardInterrupt:
        code = 130
    raise typer.Exit(code)


def streamlit_command(script: Path, *, port: int, headless: bool) -> list[str]:
    # Usage statistics off: the app must not reach the network.
    return [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.port", str(port),
        "--server.headless", "true" if headless else "false",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip


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
