"""The per-document work of a batch: one file in, one JSON-ready record out.

Everything a worker does lives here, so the local process pool and Dask run the
same code and the runner never looks inside a result. To change what a batch
stores per document (e.g. the scored report instead of the analysis), change
`analyze_file` only.
"""

from __future__ import annotations

import os
import threading
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..analysis import analyze
from ..errors import IngestError
from ..ingest import ReadLimits
from ..jsontext import json_text
from ..report import build_report
from ..tagging.tagger import Tagger

# Test-only hooks: when WATERMELON_TEST_SLOW_SECONDS is set, `analyze_file` sleeps
# that many seconds for files named *.slowtest.txt and kills its own process for
# files named *.crashtest.txt, so tests can exercise --timeout and worker crashes
# without a pathological PDF. Nothing else reads it; leave it unset in real runs.
SLOW_TEST_ENV = "WATERMELON_TEST_SLOW_SECONDS"
SLOW_TEST_SUFFIX = ".slowtest.txt"
CRASH_TEST_SUFFIX = ".crashtest.txt"


@dataclass(frozen=True)
class WorkOptions:
    """What every worker needs to analyze a file; small and picklable."""

    max_bytes: int = ReadLimits().max_bytes
    max_pages: int = ReadLimits().max_pages
    include_text: bool = False

    @property
    def limits(self) -> ReadLimits:
        return ReadLimits(max_bytes=self.max_bytes, max_pages=self.max_pages)


@dataclass(frozen=True)
class Task:
    """One document to analyze. `data` carries the bytes when the worker cannot
    see the caller's files (a remote Dask cluster); otherwise the worker reads `path`."""

    path: str
    sha256: str
    data: bytes | None = None


@dataclass(frozen=True)
class Outcome:
    """What a worker hands back: either `line` (the results.jsonl line, already
    serialised in the worker so the parent only writes bytes) or `error`."""

    path: str
    sha256: str
    seconds: float
    line: str | None = None
    error: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        return self.line is not None


# One Tagger per worker process, loaded on first use (or by `warm_up`). Keyed by pid
# so a forked child never reuses a parent's half-initialised copy.
_taggers: dict[int, Tagger] = {}
_tagger_lock = threading.Lock()


def worker_tagger() -> Tagger:
    pid = os.getpid()
    with _tagger_lock:
        if pid not in _taggers:
            _taggers[pid] = Tagger.load()
        return _taggers[pid]


def warm_up() -> None:
    """Load the models and build the spaCy pipelines now, so the first document's
    time limit covers only its own work."""
    worker_tagger().tag_texts(
        ["The Supplier shall resolve 95% of incidents within 4 hours.", "De Leverancier lost 95% van de storingen binnen 4 uur op."],
        ["en", "nl"],
    )


def analyze_file(path: str, options: WorkOptions, data: bytes | None = None) -> dict[str, Any]:
    """Analyze one contract and return its JSON-ready result (raises IngestError on bad input)."""
    _slow_test_hook(path)
    source: str | bytes = data if data is not None else path
    analysis = analyze(source, tagger=worker_tagger(), name=path, limits=options.limits)
    return build_report(analysis).to_dict(include_text=options.include_text)


def run_task(task: Task, options: WorkOptions) -> Outcome:
    """Never raises: a failure becomes an error record naming the file."""
    start = time.perf_counter()
    try:
        result = analyze_file(task.path, options, task.data)
    except IngestError as exc:
        return _failed(task, start, exc.kind, exc.problem)
    except OSError as exc:
        return _failed(task, start, "unreadable", exc.strerror or str(exc))
    except MemoryError:
        return _failed(task, start, "out-of-memory", "ran out of memory analyzing this document")
    except Exception as exc:  # a bug on one document must not stop the batch
        detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
        return _failed(task, start, "internal", detail)
    seconds = time.perf_counter() - start
    # sha256 first: a resume reads it from the start of each line without parsing the result.
    record = {"sha256": task.sha256, "path": task.path, "seconds": round(seconds, 3), "result": result}
    return Outcome(task.path, task.sha256, seconds, line=json_text(record))


def error_record(path: str, sha256: str, kind: str, message: str, seconds: float) -> dict[str, Any]:
    return {"path": path, "sha256": sha256, "type": kind, "message": message, "seconds": round(seconds, 3)}


def _failed(task: Task, start: float, kind: str, message: str) -> Outcome:
    seconds = time.perf_counter() - start
    return Outcome(task.path, task.sha256, seconds, error=error_record(task.path, task.sha256, kind, message, seconds))


def _slow_test_hook(path: str) -> None:
    delay = os.environ.get(SLOW_TEST_ENV)
    if not delay:
        return
    if Path(path).name.endswith(SLOW_TEST_SUFFIX):
        time.sleep(float(delay))
    elif Path(path).name.endswith(CRASH_TEST_SUFFIX):
        os._exit(70)
