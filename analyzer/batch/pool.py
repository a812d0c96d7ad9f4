"""Run tasks on a pool of local worker processes, each with its own time limit.

concurrent.futures cannot stop one running task, so this is a small pool of our
own: each worker loads the Tagger once, then takes one task at a time over a pipe.
A worker that overruns its task's time limit, or dies, is killed and replaced;
its task becomes an error record and the rest of the batch carries on.
"""

from __future__ import annotations

import multiprocessing
import signal
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any

from .work import Outcome, Task, WorkOptions, error_record, run_task, warm_up


class WorkerStartError(RuntimeError):
    """A worker could not load the models; no document can be analyzed."""


def _worker_main(conn: Connection, options: WorkOptions) -> None:
    # Ctrl-C reaches the whole process group; the parent handles it and stops us.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        warm_up()
    except Exception as exc:
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", None))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):  # the parent is gone
            return
        if task is None:
            return
        conn.send(("done", run_task(task, options)))


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    ready: bool = False
    task: Task | None = None
    started: float = 0.0


class LocalPool:
    """`run(tasks)` yields one Outcome per task, in the order they finish."""

    def __init__(self, jobs: int, options: WorkOptions, timeout: float) -> None:
        self.jobs = max(1, jobs)
        self.options = options
        self.timeout = timeout
        # spawn, not fork: the parent runs a progress thread, and a fork taken while
        # it holds a lock would deadlock the child.
        self._context = multiprocessing.get_context("spawn")

    def _start(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_worker_main, args=(child, self.options), daemon=True)
        process.start()
        child.close()
        return _Worker(process, parent)

    def run(self, tasks: Sequence[Task]) -> Iterator[Outcome]:
        queue = list(reversed(tasks))
        workers = [self._start() for _ in range(min(self.jobs, len(queue)))]
        try:
            while True:
                for worker in workers:
                    if worker.ready and worker.task is None and queue:
                        worker.task = queue.pop()
                        worker.started = time.monotonic()
                        worker.conn.send(worker.task)
                busy = [w for w in workers if w.task is not None]
                if not busy and not queue:
                    return
                now = time.monotonic()
                wait_for = min((w.started + self.timeout - now for w in busy), default=None)
                handles: list[Any] = [w.conn for w in workers] + [w.process.sentinel for w in workers]
                ready = set(wait(handles, timeout=None if wait_for is None else max(0.0, wait_for)))
                survivors: list[_Worker] = []
                finished: list[Outcome] = []
                for worker in workers:
                    outcome: Outcome | None = None
                    alive = True
                    if worker.conn in ready or worker.process.sentinel in ready:
                        outcome, alive = self._receive(worker)
                    elif worker.task is not None and time.monotonic() - worker.started > self.timeout:
                        outcome, alive = self._timed_out(worker), False
                    if alive:
                        survivors.append(worker)
                    else:
                        _stop(worker, force=True)
                        if queue:
                            survivors.append(self._start())
                    if outcome is not None:
                        finished.append(outcome)
                workers = survivors
                yield from finished
        finally:
            for worker in workers:
                _stop(worker)

    def _receive(self, worker: _Worker) -> tuple[Outcome | None, bool]:
        """Read what the worker sent; (outcome, still alive)."""
        try:
            if worker.conn.poll():
                kind, payload = worker.conn.recv()
                if kind == "ready":
                    worker.ready = True
                    return None, True
                if kind == "failed":
                    raise WorkerStartError(f"a worker could not load the models: {payload}")
                worker.task = None
                return payload, True
        except (EOFError, OSError):
            pass
        worker.process.join(timeout=5)
        if not worker.ready:
            raise WorkerStartError(f"a worker died while loading the models (exit code {worker.process.exitcode})")
        task = worker.task
        worker.task = None
        if task is None:
            return None, False
        message = f"the worker process died (exit code {worker.process.exitcode}) while analyzing this document"
        seconds = time.monotonic() - worker.started
        return Outcome(task.path, task.sha256, seconds, error=error_record(task.path, task.sha256, "crash", message, seconds)), False

    def _timed_out(self, worker: _Worker) -> Outcome:
        task = worker.task
        assert task is not None
        seconds = time.monotonic() - worker.started
        worker.task = None
        message = f"analysis took longer than {self.timeout:g} s; the worker was stopped and replaced"
        return Outcome(task.path, task.sha256, seconds, error=error_record(task.path, task.sha256, "timeout", message, seconds))


def _stop(worker: _Worker, force: bool = False) -> None:
    process = worker.process
    if process.is_alive() and not force:
        try:
            worker.conn.send(None)
        except (OSError, ValueError):
            pass
        process.join(timeout=2)
    if process.is_alive():
        process.kill()
        process.join(timeout=5)
    worker.conn.close()
