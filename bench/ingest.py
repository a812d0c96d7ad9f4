"""Reading + segmenting speed on the corpus PDFs, as ratios against pdfplumber's
extract_text alone and raw pypdfium2 text, all measured in this one run.

Run: python -m bench.ingest [--repeat N]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench._corpus import corpus_pdfs


def _pdfplumber_text(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
        return len(pdf.pages)


def _pypdfium2_text(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            page.get_textpage().get_text_range()
        return len(pdf)
    finally:
        pdf.close()


def _watermelon(path: Path) -> int:
    from analyzer import load_document

    return load_document(path).pages


def _pages_per_second(reader: Callable[[Path], int], paths: list[Path], repeat: int) -> float:
    best = float("inf")
    pages = 0
    for _ in range(repeat):
        start = time.perf_counter()
        pages = sum(reader(path) for path in paths)
        best = min(best, time.perf_counter() - start)
    return pages / best


def _peak_rss_mb_reading(path: Path) -> float:
    # A fresh process, so the figure is this one document's peak and nothing else's.
    # VmHWM, not ru_maxrss: the latter survives exec and would report the parent's peak.
    code = (
        "import sys; from analyzer import load_document; load_document(sys.argv[1]);"
        "print([l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')][0])"
    )
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    return int(out.stdout.strip()) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    paths = corpus_pdfs()
    _watermelon(paths[0])  # warm imports so no reader pays for them
    _pdfplumber_text(paths[0])
    raw = _pages_per_second(_pypdfium2_text, paths, args.repeat)
    ours = _pages_per_second(_watermelon, paths, args.repeat)
    plumber = _pages_per_second(_pdfplumber_text, paths, 1)
    largest = max(paths, key=lambda p: p.stat().st_size)
    peak = _peak_rss_mb_reading(largest)
    total_pages = sum(_pypdfium2_text(p) for p in paths)
    print(f"corpus: {len(paths)} PDFs, {total_pages} pages")
    print(f"pypdfium2 raw text      {raw:8.1f} pages/s")
    print(f"watermelon read+segment {ours:8.1f} pages/s")
    print(f"pdfplumber extract_text {plumber:8.1f} pages/s")
    print(f"ratio watermelon / pdfplumber : {ours / plumber:6.1f}x   (target >= 25x)")
    print(f"ratio pypdfium2 raw / watermelon: {raw / ours:6.1f}x   (target <= 3x)")
    print(f"peak RSS reading the largest PDF ({largest.name}): {peak:.0f} MB   (target < 400 MB)")


if __name__ == "__main__":
    main()
