"""The four sample contracts analyzed once per test session, with one Tagger."""

from __future__ import annotations

from functools import lru_cache

from analyzer.analysis import analyze
from analyzer.report import ContractReport, build_report
from analyzer.tagging.tagger import Tagger
from tests.conftest import SAMPLES

SAMPLE_NAMES = ("servicedesk_watermelon", "appmanagement_mixed", "xla_experience", "dienstverlening_nl")


@lru_cache(maxsize=1)
def tagger() -> Tagger:
    return Tagger.load()


@lru_cache(maxsize=16)
def sample_report(name: str, suffix: str = "pdf") -> ContractReport:
    return build_report(analyze(SAMPLES / f"{name}.{suffix}", tagger=tagger()))
