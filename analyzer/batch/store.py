"""The batch's durable state: results.jsonl and errors.jsonl in the output folder.

Each line is written with one append + flush + fsync as soon as its document
finishes, so a killed run keeps everything it finished. A run killed mid-write can
leave at most a torn last line; opening the store cuts it off. What is done is
decided by the content sha256 of the file, so renamed or copied files are not
analyzed twice.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..jsontext import json_text

RESULTS = "results.jsonl"
ERRORS = "errors.jsonl"
_LOCK = ".watermelon-batch.lock"


class StoreLockedError(RuntimeError):
    """Another batch is writing to the same output folder."""


class ResultStore:
    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.results_path = folder / RESULTS
        self.errors_path = folder / ERRORS
        self._lock_fd = os.open(folder / _LOCK, os.O_WRONLY | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self._lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self._lock_fd)
            raise StoreLockedError(f"another batch is writing to {folder}") from None
        self.torn_bytes_dropped = _cut_torn_tail(self.results_path) + _cut_torn_tail(self.errors_path)
        self.done: set[str] = set(_result_shas(self.results_path))
        self._results_fd = os.open(self.results_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        self._errors_fd = os.open(self.errors_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        _fsync_dir(folder)

    def add_result(self, sha256: str, line: str) -> None:
        _append_line(self._results_fd, line)
        self.done.add(sha256)

    def add_error(self, record: dict[str, Any]) -> None:
        _append_line(self._errors_fd, json_text(record))

    def failures(self, current: dict[str, str] | None = None) -> dict[str, dict[str, Any]]:
        """The latest error of each document still failing, keyed by sha256 (by path if
        unreadable). An error drops out when its document has since got a result, or when
        `current` (path -> sha256 of this run's inputs) shows the file has changed since."""
        current = current or {}
        latest: dict[str, dict[str, Any]] = {}
        for record in read_jsonl(self.errors_path):
            sha, path = record.get("sha256") or "", record.get("path", "")
            if sha in self.done or (path in current and current[path] != sha):
                continue
            key = sha or path
            latest.pop(key, None)  # re-insert so the order follows the latest attempt
            latest[key] = record
        return latest

    def compact_errors(self, current: dict[str, str] | None = None) -> dict[str, dict[str, Any]]:
        """Rewrite errors.jsonl as one line per still-failing document; returns them."""
        failures = self.failures(current)
        text = "".join(json_text(record) + "\n" for record in failures.values())
        write_atomically(self.errors_path, text)
        os.close(self._errors_fd)
        self._errors_fd = os.open(self.errors_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        return failures

    def close(self) -> None:
        for fd in (self._results_fd, self._errors_fd, self._lock_fd):
            try:
                os.close(fd)
            except OSError:
                pass

    def __enter__(self) -> ResultStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _complete_lines(path: Path) -> Iterator[bytes]:
    """Every line that ends in a newline; a torn last line (a killed writer) is not one."""
    if not path.exists():
        return
    with path.open("rb") as handle:
        for raw in handle:
            if not raw.endswith(b"\n"):
                return
            yield raw


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """Complete, parseable lines only: a torn or damaged line is skipped, never fatal."""
    for raw in _complete_lines(path):
        try:
            record = json.loads(raw)
        except ValueError:
            continue
        if isinstance(record, dict):
            yield record


_SHA_PREFIX = b'{"sha256": "'


def _result_shas(path: Path) -> Iterator[str]:
    """The sha256 of every complete result line; reads it from the line's start when
    the runner wrote it (no need to parse megabytes of result per document)."""
    for raw in _complete_lines(path):
        if raw.startswith(_SHA_PREFIX) and raw[len(_SHA_PREFIX) + 64 : len(_SHA_PREFIX) + 65] == b'"':
            yield raw[len(_SHA_PREFIX) : len(_SHA_PREFIX) + 64].decode("ascii")
            continue
        try:
            record = json.loads(raw)
        except ValueError:
            continue
        if isinstance(record, dict) and isinstance(record.get("sha256"), str):
            yield record["sha256"]


def write_atomically(path: Path, text: str) -> None:
    """Readers see the old file or the new one, never half of it."""
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("w", encoding="utf-8", errors="backslashreplace", newline="") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def _append_line(fd: int, line: str) -> None:
    data = (line.rstrip("\n") + "\n").encode("utf-8")
    # One write(2) on an O_APPEND descriptor; the loop only matters on a short write
    # (disk full), and a torn tail from that is cut off on the next open.
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]
    os.fsync(fd)


def _cut_torn_tail(path: Path) -> int:
    """Truncate a file to its last newline; returns how many bytes were dropped."""
    if not path.exists():
        return 0
    size = path.stat().st_size
    if size == 0:
        return 0
    with path.open("r+b") as handle:
        handle.seek(size - 1)
        if handle.read(1) == b"\n":
            return 0
        end = size
        keep = 0
        while end > 0:
            start = max(0, end - (1 << 16))
            handle.seek(start)
            block = handle.read(end - start)
            index = block.rfind(b"\n")
            if index >= 0:
                keep = start + index + 1
                break
            end = start
        handle.truncate(keep)
        handle.flush()
        os.fsync(handle.fileno())
    return size - keep


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
