"""A PDF page as a PNG with a clause's boxes drawn on it, for the reviewer to see
the clause where it stands in the contract.

pypdfium2 renders (fast, no pdfplumber page parse); PIL draws. Boxes are PDF
points with the origin top-left (`PageBox`), so they scale straight to pixels.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from ..errors import CorruptDocumentError
from ..model import PageBox

POINTS_PER_INCH = 72.0
HIGHLIGHT_FILL = (255, 196, 0, 80)
HIGHLIGHT_OUTLINE = (214, 40, 40, 255)
OUTLINE_PX = 3
# Glyph boxes hug the ink; a little air keeps the outline off the letters.
PADDING_PT = 2.0


def render_page_png(pdf: bytes, page: int, resolution: int = 110) -> bytes:
    """Page `page` (1-based) as PNG bytes at `resolution` dots per inch."""
    return highlighted_page_png(pdf, page, (), resolution)


def highlighted_page_png(pdf: bytes, page: int, boxes: Sequence[PageBox], resolution: int = 110) -> bytes:
    """Page `page` (1-based) as PNG bytes with every box on that page filled and
    outlined; boxes of other pages are ignored."""
    from PIL import Image, ImageDraw

    if resolution <= 0:
        raise ValueError(f"resolution must be positive, not {resolution}")
    document = _open(pdf)
    try:
        if not 1 <= page <= len(document):
            raise ValueError(f"page {page} is outside the document (1..{len(document)})")
        pdf_page = document[page - 1]
        try:
            scale = resolution / POINTS_PER_INCH
            image = pdf_page.render(scale=scale).to_pil().convert("RGBA")
        finally:
            pdf_page.close()
    finally:
        document.close()
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for box in boxes:
        if box.page != page:
            continue
        rectangle = [
            max(0.0, (box.x0 - PADDING_PT) * scale),
            max(0.0, (box.top - PADDING_PT) * scale),
            min(image.width - 1.0, (box.x1 + PADDING_PT) * scale),
            min(image.height - 1.0, (box.bottom + PADDING_PT) * scale),
        ]
        draw.rectangle(rectangle, fill=HIGHLIGHT_FILL, outline=HIGHLIGHT_OUTLINE, width=OUTLINE_PX)
    buffer = io.BytesIO()
    Image.alpha_composite(image, overlay).convert("RGB").save(buffer, format="PNG")
    return buffer.getvalue()


def _open(pdf: bytes) -> Any:
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError as exc:
        raise CorruptDocumentError("<pdf>", f"cannot render: {exc}") from exc
