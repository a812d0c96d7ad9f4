"""Run tasks on a dask.distributed cluster: an existing one, or a LocalCluster.

Workers need only `pip install watermelon` (and WATERMELON_MODELS if the models
are not inside the install); the scheduler needs the package too, because recent
Dask unpickles tasks there. A worker plugin loads the Tagger once per worker
process; results stream back with `as_completed`. Remote workers get each file's
bytes with its task, so no shared filesystem is needed.

Time limits: Dask cannot interrupt a running task, so at most one task per worker
is in flight and a task that overruns is cancelled and its worker restarted
through its nanny (the default for `dask worker`).
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from distributed import Client, LocalCluster, as_completed
from distributed.diagnostics.plugin import WorkerPlugin

from .work import Outcome, Task, WorkOptions, error_record, run_task, warm_up

log = logging.getLogger(__name__)

# pypdfium2 and spaCy are not safe to share between threads, so a worker started
# with several threads analyzes one document at a time (start workers with
# `--nthreads 1 --nworkers N` to use the cores).
_analysis_lock = threading.Lock()


def dask_task(task: Task, options: WorkOptions) -> Outcome:
    with _analysis_lock:
        return run_task(task, options)


class TaggerPlugin(WorkerPlugin):
    """Dask worker plugin: load the models when a worker starts, before any task."""

    name = "watermelon-tagger"

    async def setup(self, worker: Any) -> None:
        await asyncio.get_running_loop().run_in_executor(None, warm_up)

    def teardown(self, worker: Any) -> None:
        pass


class DaskRunner:
    """`run(tasks)` yields one Outcome per task as they finish on the cluster."""

    def __init__(
        self,
        options: WorkOptions,
        timeout: float,
        *,
        scheduler: str | None = None,
        local_workers: int = 1,
        send_bytes: bool | None = None,
    ) -> None:
        self.options = options
        self.timeout = timeout
        self.scheduler = scheduler
        self.local_workers = max(1, local_workers)
        # A LocalCluster shares our filesystem; a remote one may not.
        self.send_bytes = scheduler is not None if send_bytes is None else send_bytes
        self.notes: list[str] = []

    def run(self, tasks: Sequence[Task]) -> Iterator[Outcome]:
        cluster = None
        if self.scheduler is None:
            cluster = LocalCluster(
                n_workers=self.local_workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            client = Client(cluster)
        else:
            client = Client(self.scheduler, timeout="15s")
        try:
            client.register_plugin(TaggerPlugin(), name=TaggerPlugin.name)
            client.wait_for_workers(1, timeout=120)
            queue = list(reversed(tasks))
            in_flight: dict[Any, tuple[Task, float]] = {}
            finished = as_completed()
            slots, slots_checked = 0, 0.0
            while queue or in_flight:
                if time.monotonic() - slots_checked > 2:
                    slots, slots_checked = max(1, len(client.nthreads())), time.monotonic()
                while queue and len(in_flight) < slots:
                    task = queue.pop()
                    future = client.submit(dask_task, self._with_bytes(task), self.options, pure=False)
                    in_flight[future] = (task, time.monotonic())
                    finished.add(future)
                if finished.has_ready():
                    for future in finished.next_batch(block=False):
                        if future in in_flight:
                            task, started = in_flight.pop(future)
                            yield self._collect(future, task, started)
                    continue
                yield from self._stop_overruns(client, in_flight)
                time.sleep(0.02)
        finally:
            client.close()
            if cluster is not None:
                cluster.close()

    def _with_bytes(self, task: Task) -> Task:
        return Task(task.path, task.sha256, Path(task.path).read_bytes()) if self.send_bytes else task

    def _collect(self, future: Any, task: Task, started: float) -> Outcome:
        seconds = time.monotonic() - started
        if future.status == "finished":
            outcome: Outcome = future.result()
            return outcome
        try:
            exception = future.exception()
            message = f"the Dask worker failed on this document: {type(exception).__name__}: {exception}"
        except Exception as exc:  # cancelled futures have no exception to fetch
            message = f"the Dask task did not finish: {type(exc).__name__}"
        return Outcome(task.path, task.sha256, seconds, error=error_record(task.path, task.sha256, "crash", message, seconds))

    def _stop_overruns(self, client: Any, in_flight: dict[Any, tuple[Task, float]]) -> Iterator[Outcome]:
        now = time.monotonic()
        overdue = [future for future, (_, started) in in_flight.items() if now - started > self.timeout]
        if not overdue:
            return
        processing = client.processing()
        keys = {future.key: future for future in overdue}
        stuck_workers = [worker for worker, running in processing.items() if any(key in keys for key in running)]
        for future in overdue:
            task, started = in_flight.pop(future)
            future.cancel()
            seconds = now - started
            message = f"analysis took longer than {self.timeout:g} s; the task was cancelled and its worker restarted"
            yield Outcome(task.path, task.sha256, seconds, error=error_record(task.path, task.sha256, "timeout", message, seconds))
        if stuck_workers:
            try:
                client.restart_workers(stuck_workers)
            except Exception as exc:  # e.g. a worker without a nanny cannot be restarted
                self.notes.append(f"could not restart Dask worker(s) {stuck_workers}: {exc}")
