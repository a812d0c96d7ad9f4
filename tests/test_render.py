"""A real corpus PDF page rendered with a clause highlighted: the marked pixels lie
inside the clause's box scaled to the resolution, and cover it."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest

from analyzer import load_document
from analyzer.errors import CorruptDocumentError
from analyzer.ingest.render import OUTLINE_PX, PADDING_PT, highlighted_page_png, render_page_png
from analyzer.model import Clause
from tests.conftest import CORPUS

BENCHMARKING = CORPUS / "pdf" / "ccs-fm-rm3830-calloff-sched12-benchmarking.pdf"
RESOLUTION = 100


def pixels(png: bytes) -> np.ndarray:
    from PIL import Image

    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    return np.asarray(image.convert("RGB"), dtype=np.int16)


@pytest.fixture(scope="module")
def pdf_and_clause() -> tuple[bytes, Clause]:
    if not BENCHMARKING.is_file():
        pytest.skip(f"{BENCHMARKING} is missing; set WATERMELON_SHARED")
    data = Path(BENCHMARKING).read_bytes()
    document = load_document(data, name=BENCHMARKING.name)
    clause = next(c for c in document.clauses if c.page_start == 2 and len(c.boxes) == 1 and c.boxes[0].x1 - c.boxes[0].x0 > 200)
    return data, clause


def test_highlight_lies_inside_the_scaled_clause_box(pdf_and_clause: tuple[bytes, Clause]) -> None:
    data, clause = pdf_and_clause
    [box] = clause.boxes
    plain = pixels(render_page_png(data, box.page, RESOLUTION))
    marked = pixels(highlighted_page_png(data, box.page, clause.boxes, RESOLUTION))
    assert plain.shape == marked.shape
    height, width = plain.shape[:2]
    assert abs(width - 595.3 * RESOLUTION / 72) <= 1 and abs(height - 841.9 * RESOLUTION / 72) <= 1

    changed = np.abs(plain - marked).sum(axis=2) > 30
    ys, xs = np.nonzero(changed)
    assert len(xs) > 0
    scale = RESOLUTION / 72
    slack = PADDING_PT * scale + 1
    assert xs.min() >= box.x0 * scale - slack and xs.max() <= box.x1 * scale + slack
    assert ys.min() >= box.top * scale - slack and ys.max() <= box.bottom * scale + slack
    # The whole box is covered, not a corner of it.
    inner = changed[
        round(box.top * scale) + OUTLINE_PX : round(box.bottom * scale) - OUTLINE_PX,
        round(box.x0 * scale) + OUTLINE_PX : round(box.x1 * scale) - OUTLINE_PX,
    ]
    assert inner.mean() > 0.5
    # The outline is red: the reviewer's eye lands on it.
    top_edge = marked[round((box.top - PADDING_PT) * scale) + 1, round((box.x0 + box.x1) / 2 * scale)]
    assert top_edge[0] > 150 and top_edge[1] < 100 and top_edge[2] < 100


def test_boxes_of_other_pages_are_not_drawn(pdf_and_clause: tuple[bytes, Clause]) -> None:
    data, clause = pdf_and_clause
    assert np.array_equal(pixels(render_page_png(data, 1, 50)), pixels(highlighted_page_png(data, 1, clause.boxes, 50)))


def test_bad_page_and_bad_pdf_are_refused(pdf_and_clause: tuple[bytes, Clause]) -> None:
    data, _ = pdf_and_clause
    with pytest.raises(ValueError, match="outside the document"):
        render_page_png(data, 99)
    with pytest.raises(CorruptDocumentError):
        render_page_png(b"%PDF-1.4 truncated", 1)
