"""Where benchmarks find their input: the shared corpus beside the repository."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("WATERMELON_SHARED", REPO.parent / "shared")) / "corpus"


def corpus_pdfs() -> list[Path]:
    pdfs = sorted((CORPUS / "pdf").glob("*.pdf"))
    if not pdfs:
        raise SystemExit(f"no PDFs under {CORPUS / 'pdf'}; set WATERMELON_SHARED")
    return pdfs
