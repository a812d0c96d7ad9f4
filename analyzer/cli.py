"""The `watermelon` command line. Only this module imports typer."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .documents import load_document
from .errors import IngestError, ModelError
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
        tagger = tagger or _load_tagger(None)  # once per call, and only if a file was readable
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
            sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
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
            language = item.get("language")
            if language not in (None, "en", "nl"):
                raise ValueError(f"language must be 'en' or 'nl', not {language!r}")
        except ValueError as exc:  # json.JSONDecodeError is a ValueError
            failed = True
            flush()
            sys.stdout.write(json.dumps({"id": item_id, "error": f"line {number}: {exc}"}, ensure_ascii=False) + "\n")
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
    except (ValueError, KeyError) as exc:
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
    from .tagging.assess import assess_baseline, assess_tagger
    from .tagging.card import render_card
    from .tagging.data import read_labeled, training_files
    from .tagging.devset import load_devset
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
    dev_scores = baseline_scores = None
    dev_size = 0
    if devset is not None and corpus is not None:
        dev_rows = load_devset(devset, corpus)
        dev_size = len(dev_rows)
        dev_scores = assess_tagger(Tagger(run.models), dev_rows)
        baseline_scores = assess_baseline(dev_rows)
        metadata["dev"] = {tag: s.to_dict() for tag, s in dev_scores.items()}
        metadata["baseline"] = {tag: s.to_dict() for tag, s in baseline_scores.items()}
    (out / "model.json").write_text(json.dumps(metadata, indent=2) + "\n", encoding="utf-8")
    (out / "MODEL_CARD.md").write_text(render_card(metadata, run.cross_validation, dev_scores, baseline_scores, dev_size), encoding="utf-8")
    for tag, score in run.cross_validation.items():
        line = f"{tag}: cross-validated macro-F1 {score.macro_f1:.3f}"
        if dev_scores is not None:
            line += f", dev macro-F1 {dev_scores[tag].macro_f1:.3f}"
        typer.echo(line)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
