"""Shared fixtures: where the real corpus lives, and small real files made on the fly."""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("WATERMELON_SHARED", REPO.parent / "shared"))
CORPUS = SHARED / "corpus"
SAMPLES = REPO / "sample_contracts"


def output_within(script: str, seconds: float) -> str:
    """What a Python script prints, run in a fresh interpreter that must finish in time:
    a hang guard fails instead of stalling the test run."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=seconds, check=True)
    return done.stdout.strip()


def metrics_in(text: str, lang: str = "en") -> tuple:
    """The metrics extraction finds in one clause, parsed by the full pipeline."""
    from analyzer.nlp.extract import extract
    from analyzer.nlp.pipeline import build_nlp

    return extract(build_nlp(lang)(text))[0]


def corpus_files(kind: str) -> list[Path]:
    folder = CORPUS / kind
    return sorted(folder.glob("*")) if folder.is_dir() else []


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not at {CORPUS}; set WATERMELON_SHARED")
    return CORPUS


def make_pdf(
    pages: list[list[str]],
    *,
    header: str | None = None,
    footer: bool = False,
    encrypt: str | None = None,
    font_size: int = 10,
) -> bytes:
    """A real PDF with a text layer, one line of text per list item (reportlab)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, encrypt=encrypt)
    width, height = A4
    for number, lines in enumerate(pages, start=1):
        if header:
            pdf.setFont("Helvetica", 8)
            pdf.drawString(72, height - 40, header)
        pdf.setFont("Helvetica", font_size)
        y = height - 80
        for line in lines:
            if line == "":
                y -= font_size * 1.6
                continue
            pdf.drawString(72, y, line)
            y -= font_size * 1.3
        if footer:
            pdf.setFont("Helvetica", 8)
            pdf.drawString(width / 2, 30, f"Page {number} of {len(pages)}")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


@pytest.fixture
def pdf_bytes() -> Callable[..., bytes]:
    return make_pdf
