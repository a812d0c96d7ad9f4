"""Limits that protect a run from one oversized document."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReadLimits:
    max_bytes: int = 50 * 1024 * 1024
    max_pages: int = 2000
