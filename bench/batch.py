"""Batch throughput and memory: documents/s with 1 worker, with all cores, and on a
Dask LocalCluster, as ratios from one run on the same input; and the peak memory
of the whole process tree for N and 2N documents.

Input: the corpus PDFs plus the sample contracts (PDF, DOCX, text), repeated as
distinct copies (a trailing comment/newline changes each copy's sha256, so the
runner does not skip them as duplicates) up to --documents.

Memory: a thread samples, every 0.1 s, the RSS of this process (the parent: plan,
results.jsonl writer, CSV rebuild) plus every descendant (pool workers, or Dask
nannies and workers) with psutil, and keeps the largest sum. RSS counts pages
shared between processes once per process, so the figure is an upper bound.

The machine's own headroom is measured the same way, before and after: a pure
Python loop in 1 process vs in N processes at once. On a shared or SMT-limited
machine that ratio is below N, and the batch cannot beat it; the bench prints
both so "2 jobs / 1 job" can be read against what the cores really gave.

Run: python -m bench.batch [--documents 60]
"""

from __future__ import annotations

import argparse
import multiprocessing
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

from analyzer.batch import BatchConfig, Outcome, default_jobs, run_batch
from bench._corpus import REPO, corpus_pdfs


@dataclass
class Run:
    label: str
    documents: int
    seconds: float  # wall clock, worker start-up included
    steady_seconds: float  # first result to last: throughput once workers are up
    peak_rss_mb: float
    failed: int

    @property
    def per_second(self) -> float:
        return self.documents / self.seconds

    @property
    def steady_per_second(self) -> float:
        return (self.documents - 1) / self.steady_seconds if self.steady_seconds > 0 else float("nan")


class TreeMemory:
    """Largest sum of RSS over this process and its descendants, sampled in a thread."""

    def __init__(self, interval: float = 0.1) -> None:
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for process in [me, *me.children(recursive=True)]:
                try:
                    total += process.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            self._stop.wait(self.interval)


def _spin(seconds: float) -> int:
    end = time.perf_counter() + seconds
    count = 0
    while time.perf_counter() < end:
        for _ in range(10_000):
            count += 1
    return count


def machine_parallel_ratio(processes: int, seconds: float = 3.0) -> float:
    """Work done by `processes` busy loops at once, relative to one loop alone."""
    context = multiprocessing.get_context("spawn")
    with context.Pool(processes) as pool:
        alone = pool.apply(_spin, (seconds,))
        together = sum(pool.map(_spin, [seconds] * processes))
    return together / alone


def make_inputs(folder: Path, count: int) -> list[Path]:
    originals = corpus_pdfs() + sorted(p for p in (REPO / "sample_contracts").iterdir() if p.suffix in {".pdf", ".docx", ".txt"})
    files: list[Path] = []
    copy = 0
    while len(files) < count:
        for source in originals:
            if len(files) == count:
                break
            if copy and source.suffix == ".docx":
                continue  # a zip with trailing bytes is not a clean copy; use the original only
            target = folder / f"{copy:02d}-{source.name}"
            shutil.copyfile(source, target)
            if copy:
                with target.open("ab") as handle:
                    handle.write(f"\n% copy {copy}\n".encode() if source.suffix == ".pdf" else b"\n" * copy)
            files.append(target)
        copy += 1
    return files


def run(label: str, files: list[Path], out: Path, **config: object) -> Run:
    finished: list[float] = []

    def on_outcome(outcome: Outcome) -> None:
        finished.append(time.perf_counter())

    with TreeMemory() as memory:
        start = time.perf_counter()
        report = run_batch(files, BatchConfig(out=out, **config), on_outcome=on_outcome)  # type: ignore[arg-type]
        seconds = time.perf_counter() - start
    steady = finished[-1] - finished[0] if len(finished) > 1 else 0.0
    return Run(label, len(files), seconds, steady, memory.peak / 1024 / 1024, len(report.failed_inputs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=60)
    args = parser.parse_args()
    cores = default_jobs()
    headroom_before = machine_parallel_ratio(cores)
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        inputs = root / "in"
        inputs.mkdir()
        files = make_inputs(inputs, args.documents)
        half = files[: len(files) // 2]
        runs = [
            run("pool, 1 job", files, root / "one", jobs=1),
            run(f"pool, {cores} jobs", files, root / "all", jobs=cores),
            run(f"dask local, {cores} workers", files, root / "dask", jobs=cores, dask_local=True),
            run(f"pool, {cores} jobs, N/2 docs", half, root / "half", jobs=cores),
        ]
    headroom_after = machine_parallel_ratio(cores)
    one, pool, dask, small = runs
    print(f"input: {len(files)} documents ({len(corpus_pdfs())} corpus PDFs + sample contracts, repeated as distinct copies)")
    print(f"{'run':32} {'docs':>5} {'wall s':>8} {'docs/s':>8} {'steady docs/s':>14} {'peak RSS MB':>12} {'failed':>7}")
    for r in runs:
        print(
            f"{r.label:32} {r.documents:5d} {r.seconds:8.1f} {r.per_second:8.2f} {r.steady_per_second:14.2f} "
            f"{r.peak_rss_mb:12.0f} {r.failed:7d}"
        )
    print(f"ratio {cores} jobs / 1 job (wall)        : {pool.per_second / one.per_second:5.2f}x   (target >= 1.7x)")
    print(f"ratio {cores} jobs / 1 job (steady)      : {pool.steady_per_second / one.steady_per_second:5.2f}x")
    print(
        f"machine headroom: {cores} busy loops do {headroom_before:.2f}x the work of one (before), "
        f"{headroom_after:.2f}x (after); {cores}.00x on an idle machine"
    )
    print(f"ratio dask local / 1 job (wall)     : {dask.per_second / one.per_second:5.2f}x")
    print(f"ratio dask local / pool (wall)      : {dask.per_second / pool.per_second:5.2f}x")
    print(
        f"memory: peak RSS of parent + workers {small.peak_rss_mb:.0f} MB for {small.documents} docs, "
        f"{pool.peak_rss_mb:.0f} MB for {pool.documents} docs (ratio {pool.peak_rss_mb / small.peak_rss_mb:.2f}; flat is ~1.0)"
    )


if __name__ == "__main__":
    main()
