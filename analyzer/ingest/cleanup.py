"""Pure clean-ups shared by the readers: running headers/footers, page numbers,
hyphenation at line ends, and splitting a text line into column pieces."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from .layout import Line, Piece

_PAGE_NUMBER = re.compile(
    r"^\s*(?:page|pagina|blz\.?|p\.)?\s*[-–—]?\s*\d{1,4}\s*(?:(?:of|van|/)\s*\d{1,4})?\s*[-–—]?\s*$",
    re.IGNORECASE,
)
_PAGE_OF = re.compile(r"^\s*(?:page|pagina)\s+\d{1,4}\s+(?:of|van)\s+\d{1,4}\s*$", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
_HYPHEN_END = re.compile(r"[A-Za-zÀ-ÿ]{2,}-$")
_COLUMN_GAP = re.compile(r"\S(?:[^\S\n]{2,}|\t+|\s\|\s)(?=\S)")


def _signature(text: str) -> str:
    # Page numbers and dates differ from page to page; the rest of a running header doesn't.
    return _DIGITS.sub("#", text.strip().lower())


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text)) and any(ch.isdigit() for ch in text)


def remove_running_lines(pages: Sequence[Sequence[Line]], margin_lines: int = 3) -> list[list[Line]]:
    """Drop page numbers and lines repeated at the top or bottom of many pages.

    Digits are ignored when comparing, so 'Page 4 of 9' matches 'Page 5 of 9'.
    """
    if not pages:
        return []

    def key(line: Line) -> str:
        return _signature(line.text)

    counts: Counter[str] = Counter()
    for lines in pages:
        edge = list(lines[:margin_lines]) + list(lines[-margin_lines:])
        counts.update({key(line) for line in edge if line.text.strip()})
    threshold = max(2, int(0.3 * len(pages) + 0.5))
    running = {k for k, n in counts.items() if n >= threshold} if len(pages) >= 3 else set()
    # Filings printed from HTML put "page" breaks mid-sheet; there, a short line on
    # most pages is a running line wherever it stands.
    everywhere: Counter[str] = Counter()
    for lines in pages:
        everywhere.update({key(line) for line in lines if len(line.text) <= 80})
    frequent = {k for k, n in everywhere.items() if n >= 0.5 * len(pages)} if len(pages) >= 4 else set()
    cleaned: list[list[Line]] = []
    for lines in pages:
        keep: list[Line] = []
        last = len(lines) - 1
        for i, line in enumerate(lines):
            at_edge = i < margin_lines or i > last - margin_lines
            if at_edge and (is_page_number(line.text) or key(line) in running):
                continue
            if _PAGE_OF.match(line.text) or key(line) in frequent:
                continue
            keep.append(line)
        cleaned.append(keep)
    return cleaned


_SENTENCE_END = re.compile(r"[.;:!?)\]]\s*$")


# A section number standing alone ("1.1.16") repeats in digit-folded form without being a running line.
_NUMBERING_ONLY = re.compile(r"^#(?:\.#)+\.?$")
# "Page 2 of 22 ACME Reseller Agreement 04.18.2018 ACME Confidential" is a running line too.
_RUNNING_LINE_MAX_CHARS = 120
# At least one repeat per this many characters (about three pages) for a running line.
_CHARS_PER_REPEAT = 8000
# ...and at most one per this many (the corpus filings run 1,500-6,000 characters a page).
_MIN_CHARS_PER_PAGE = 800


def remove_repeated_lines(lines: Sequence[Line], min_repeats: int = 5) -> list[Line]:
    """Running lines of a text without page breaks (filings saved as text carry
    "Source: COMPANY, 8-K, 1/20/2009" and "Page 3 of 36" at every old page end).

    A short line standing alone between blank lines, not a heading and not ending like
    a sentence, is a running line when its digit-folded form stands alone at least
    `min_repeats` times (a table row or a list item repeated three or four times is
    content).
    """

    def alone(i: int) -> bool:
        line = lines[i]
        after = i + 1 == len(lines) or lines[i + 1].break_before
        return (
            line.break_before
            and after
            and not line.style
            and len(line.text.strip()) <= _RUNNING_LINE_MAX_CHARS
            and not _SENTENCE_END.search(line.text)
        )

    standing = [i for i in range(len(lines)) if alone(i)]
    counts = Counter(_signature(lines[i].text) for i in standing)
    # Running lines come back every page or so; a sub-heading repeated under each of a
    # few services ("Measurement") does not come back that often in a long document.
    # Nor does one come back more often than pages do: a line repeated every few
    # hundred characters is the document's own structure.
    total = sum(len(line.text) for line in lines)
    fewest, most = max(min_repeats, total / _CHARS_PER_REPEAT), total / _MIN_CHARS_PER_PAGE
    running = {
        i for i in standing if fewest <= counts[_signature(lines[i].text)] <= most and not _NUMBERING_ONLY.match(_signature(lines[i].text))
    }
    if len(running) == len(lines):
        return list(lines)  # nothing but repeats: that is the text itself
    # A sentence a running line cut in two joins again in the segmenter, which
    # continues a clause over a break when the sentence is unfinished.
    return [line for i, line in enumerate(lines) if i not in running]


# "Page 4 of 38", maybe with a short legend after it ("*Confidential Treatment Requested")
# (no leading \s+ in the pattern: on a long run of spaces that would be quadratic; the
# caller takes the spaces before it by hand)
_PAGE_OF_AT_END = re.compile(r"\b(?:page|pagina)\s+\d{1,4}\s+(?:of|van)\s+\d{1,4}(?:\s+[^\n]{1,40}?)?\s*$", re.IGNORECASE)
_WIDE_GAP = re.compile(r"\s{3,}")
_PAGE_PIECE = re.compile(r"^(?:page|pagina)\s+\d{1,4}(?:\s+(?:of|van)\s+\d{1,4})?$", re.IGNORECASE)
_FOOTER_PIECES = 4


def strip_trailing_running_text(lines: Sequence[Line], min_repeats: int = 3) -> list[Line]:
    """Running footers glued to the end of a line in filings saved as text: '... for
    such Product. Page 3 of 38', '... WAN   Commercial in Confidence   Page 4   May 2004'.

    A line end is a footer when it holds a page marker and, digits folded, ends at
    least `min_repeats` lines: a trailing 'Page N of M', or the last few pieces after
    wide gaps (three spaces or more) with a 'Page N' among them. Of a line's possible
    footers the longest that is about as common as the commonest is cut: the whole
    footer goes, a table cell before it stays.
    """
    candidates = [_footer_ends(line.text) for line in lines]
    counts = Counter(_signature(end) for ends in candidates for end in ends)
    out: list[Line] = []
    for line, ends in zip(lines, candidates):
        usual = max((counts[_signature(end)] for end in ends), default=0)
        common = [end for end in ends if counts[_signature(end)] >= max(min_repeats, usual / 2)]
        if common:
            end = max(common, key=len)
            kept = line.text[: len(line.text) - len(end)].rstrip()
            if kept:
                line = replace(line, text=kept, pieces=column_pieces(kept))
        out.append(line)
    return out


def _footer_ends(text: str) -> list[str]:
    """Every line end that may be a running footer."""
    ends = []
    for gap in list(_WIDE_GAP.finditer(text.rstrip()))[-_FOOTER_PIECES:]:
        pieces = _WIDE_GAP.split(text[gap.start() :].strip())
        if any(_PAGE_PIECE.match(piece) for piece in pieces):
            ends.append(text[gap.start() :])
    page_of = _PAGE_OF_AT_END.search(text)
    if page_of and page_of.start() > 0 and text[page_of.start() - 1].isspace():
        start = len(text[: page_of.start()].rstrip())
        ends.append(text[start:])
    return ends


def repair_hyphenation(lines: Sequence[Line]) -> list[Line]:
    """Join a word split over two lines ('measure-' + 'ment'), keeping real hyphens
    ('end-' + 'User' or a number range) as they are."""
    out: list[Line] = []
    for line in lines:
        if out and _HYPHEN_END.search(out[-1].text) and line.text[:1].islower() and not line.break_before:
            prev = out[-1]
            head, _, rest = line.text.partition(" ")
            joined = prev.text[:-1] + head
            out[-1] = replace(prev, text=joined, pieces=_merge_pieces(prev, head))
            if rest.strip():
                shift = len(head) + 1
                pieces = tuple(replace(p, start=p.start - shift) for p in line.pieces if p.start >= shift)
                out.append(replace(line, text=rest, pieces=pieces))
            continue
        out.append(line)
    return out


def _merge_pieces(prev: Line, head: str) -> tuple[Piece, ...]:
    if not prev.pieces:
        return ()
    last = prev.pieces[-1]
    merged = replace(last, text=last.text[:-1] + head)
    return prev.pieces[:-1] + (merged,)


def column_pieces(text: str) -> tuple[Piece, ...]:
    """Split a plain-text line into pieces at runs of 2+ spaces, tabs or ' | '.

    Columns are measured in characters, so aligned text tables line up as in a PDF.
    """
    pieces: list[Piece] = []
    start = len(text) - len(text.lstrip())
    for match in _COLUMN_GAP.finditer(text):
        end = match.start() + 1
        chunk = text[start:end]
        if chunk.strip(" |"):
            pieces.append(Piece(start, chunk, float(start), float(end)))
        start = match.end()
    tail = text[start:].rstrip()
    if tail.strip(" |"):
        pieces.append(Piece(start, tail, float(start), float(start + len(tail))))
    return tuple(pieces)
