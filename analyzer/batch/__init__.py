"""Batch analysis: many contracts into one output folder, resumable, on a local
process pool or a Dask cluster. The per-document work is `work.analyze_file`."""

from .inputs import CONTRACT_SUFFIXES, InputFiles, find_inputs
from .outputs import FORMATS
from .pool import WorkerStartError
from .runner import DEFAULT_TIMEOUT, BatchConfig, BatchReport, default_jobs, run_batch
from .store import ResultStore, StoreLockedError
from .work import Outcome, Task, WorkOptions, analyze_file

__all__ = [
    "CONTRACT_SUFFIXES",
    "DEFAULT_TIMEOUT",
    "FORMATS",
    "BatchConfig",
    "BatchReport",
    "InputFiles",
    "Outcome",
    "ResultStore",
    "StoreLockedError",
    "Task",
    "WorkOptions",
    "WorkerStartError",
    "analyze_file",
    "default_jobs",
    "find_inputs",
    "run_batch",
]
