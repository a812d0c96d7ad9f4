"""Plan a batch (hash inputs, skip what is done), run it on a backend, stream each
finished document into the store, and rebuild the portfolio files at the end."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from .inputs import file_sha256
from .outputs import write_outputs
from .store import ResultStore
from .work import Outcome, Task, WorkOptions, error_record

DEFAULT_TIMEOUT = 120.0


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class Backend(Protocol):
    def run(self, tasks: Sequence[Task]) -> Iterator[Outcome]: ...


@dataclass(frozen=True)
class BatchConfig:
    out: Path
    jobs: int = field(default_factory=default_jobs)
    timeout: float = DEFAULT_TIMEOUT
    formats: tuple[str, ...] = ("csv", "md")
    dask_scheduler: str | None = None  # tcp://host:port of an existing cluster
    dask_local: bool = False  # start a LocalCluster with `jobs` worker processes
    options: WorkOptions = field(default_factory=WorkOptions)

    def backend(self) -> Backend:
        if self.dask_scheduler or self.dask_local:
            from .cluster import DaskRunner

            return DaskRunner(self.options, self.timeout, scheduler=self.dask_scheduler, local_workers=self.jobs)
        from .pool import LocalPool

        return LocalPool(self.jobs, self.options, self.timeout)


@dataclass
class BatchReport:
    inputs: int = 0
    to_do: int = 0
    already_done: int = 0
    duplicates: int = 0
    analyzed: int = 0
    failed_inputs: list[dict[str, Any]] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    torn_bytes_dropped: int = 0

    @property
    def all_succeeded(self) -> bool:
        return not self.failed_inputs


def run_batch(
    files: Sequence[Path],
    config: BatchConfig,
    *,
    on_start: Callable[[BatchReport], None] | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
    backend: Backend | None = None,
) -> BatchReport:
    """Analyze `files` into `config.out`; documents already in results.jsonl (same
    content sha256) are skipped, so rerunning after an interruption resumes."""
    report = BatchReport(inputs=len(files))
    with ResultStore(config.out) as store:
        report.torn_bytes_dropped = store.torn_bytes_dropped
        tasks: list[Task] = []
        keys: list[str] = []  # how each input is known in errors.jsonl (sha256, or path if unreadable)
        current: dict[str, str] = {}  # path -> sha256 now, so errors about older contents drop out
        planned: set[str] = set()
        for path in files:
            try:
                sha = file_sha256(path)
            except OSError as exc:
                record = error_record(str(path), "", "unreadable", exc.strerror or str(exc), 0.0)
                current[str(path)] = ""
                store.add_error(record)
                keys.append(str(path))
                if on_outcome:
                    on_outcome(Outcome(str(path), "", 0.0, error=record))
                continue
            keys.append(sha)
            current[str(path)] = sha
            if sha in store.done:
                report.already_done += 1
            elif sha in planned:
                report.duplicates += 1
            else:
                planned.add(sha)
                tasks.append(Task(str(path), sha))
        report.to_do = len(tasks)
        if on_start:
            on_start(report)
        runner = backend or (config.backend() if tasks else None)
        if runner is not None:
            for outcome in runner.run(tasks):
                if outcome.line is not None:
                    store.add_result(outcome.sha256, outcome.line)
                    report.analyzed += 1
                elif outcome.error is not None:
                    store.add_error(outcome.error)
                if on_outcome:
                    on_outcome(outcome)
            report.notes.extend(getattr(runner, "notes", []))
        failures = store.compact_errors(current)
        report.failed_inputs = [failures[key] for key in dict.fromkeys(keys) if key in failures]
        report.outputs = [store.results_path, store.errors_path]
        report.outputs += write_outputs(config.out, store.results_path, failures.values(), config.formats)
    return report
