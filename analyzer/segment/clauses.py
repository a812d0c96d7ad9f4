"""Segmentation: a `RawDocument` becomes an ordered tuple of `Clause`s with provenance.

A clause starts at a numbering marker, a definition, a paragraph break or a table
row; headings are not clauses but feed the heading path of the clauses under them.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from ..ingest.layout import Block, Box, Line, RawDocument, TableBlock, TableRow
from ..language import detect_language
from ..model import Clause, ClauseKind, Document, Language, PageBox
from .numbering import INLINE_MARKER, LIST_ITEM_GAP, LIST_RUN, PARAGRAPH_GAP, WRAPPED_GAP, Marker, is_roman_continuation, parse_marker
from .tables import detect_column_tables, drop_table_of_contents, with_sound_headers

_DEFINITION = re.compile(
    r"^\s*(?:\([a-z0-9]{1,3}\)\s*|\d{1,3}(?:\.\d{1,3})*\.?\s*)?[\"“'‘][^\"”’]{1,80}[\"”’]\s*(?:\([^)]{0,60}\)\s*)?"
    r"(?:shall\s+(?:have\s+the\s+meaning|mean)|means?\b|has\s+the\s+meaning|includes?\b|refers?\s+to|is\s+defined|:|betekent|wordt\s+verstaan)",
    re.I,
)
_LIST_KINDS = ("alpha", "roman", "upper", "list")
_SENTENCE_END = (".", ";", ":", "!", "?")
_MODAL = re.compile(r"\b(shall|will|must|may|agrees?|zal|zullen|moet|dient|wordt|is|are)\b", re.I)
# A title never ends on a verb or a function word: "6.1 The Hosting Services shall" is
# the first line of a wrapped sentence.
_DANGLING_END = re.compile(
    r"\b(?:shall|will|must|may|can|be|is|are|the|a|an|of|and|or|to|in|for|with|by|on|at|as|that|which"
    r"|de|het|een|van|en|te|voor|met|door|zal|zullen|moet|wordt)$",
    re.I,
)
_RECITAL = re.compile(r"(?:WHEREAS|Whereas|NOW,?\s+THEREFORE|Now,?\s+therefore|OVERWEGENDE)\b")
_SENTENCE_BREAK = re.compile(r"[^\W\d_]{2}[.?!]\s+[A-Z]")
_JUNK = re.compile(r"^[\W\d_]*$|^(?:\[\*+\]\s*)+$")


@dataclass
class _Level:
    kind: str
    label: str
    title: str = ""


@dataclass
class _Open:
    """The clause being assembled."""

    start: int
    section: str | None
    heading_path: tuple[str, ...]
    kind: ClauseKind
    boxes: list[tuple[int, Box | None]] = field(default_factory=list)
    ends_with_colon: bool = False


@dataclass
class _Segmenter:
    raw: RawDocument
    text_parts: list[str] = field(default_factory=list)
    part_starts: list[int] = field(default_factory=list)
    length: int = 0
    levels: list[_Level] = field(default_factory=list)
    floating_heading: str = ""
    clauses: list[Clause] = field(default_factory=list)
    current: _Open | None = None
    last_alpha: str | None = None

    # --- document text -------------------------------------------------
    def _append(self, text: str) -> int:
        start = self.length
        self.text_parts.append(text)
        self.part_starts.append(start)
        self.length += len(text)
        return start

    def _newline(self) -> None:
        if self.length:
            self._append("\n")

    # --- hierarchy -----------------------------------------------------
    def _section(self) -> str | None:
        base = ""
        suffix = ""
        for level in self.levels:
            if level.kind in ("decimal", "article"):
                base, suffix = level.label, ""
            elif level.kind == "list":
                suffix += f"({level.label})"
            elif level.kind in ("alpha", "roman", "upper"):
                suffix += f"({level.label})"
        if not base and not suffix:
            return None
        return f"{base}{suffix}"

    def _heading_path(self) -> tuple[str, ...]:
        path = [_level_heading(lv) for lv in self.levels if lv.title or lv.kind == "container"]
        if self.floating_heading:
            path.append(self.floating_heading)
        return tuple(path)

    def _push(self, marker: Marker, title: str = "") -> None:
        kind = marker.kind
        label = marker.label
        if kind == "container":
            self.levels = [_Level("container", label, title)]
            self.floating_heading = ""
            return
        if kind == "article":
            self._pop_to({"container"})
            self.levels.append(_Level("article", _article_number(label) or label, title))
            self.floating_heading = ""
            return
        if kind == "decimal":
            if marker.depth == 1 and self._is_nested_list(label):
                self._push_list(label, title)
                return
            while self.levels and (
                self.levels[-1].kind in _LIST_KINDS
                or (self.levels[-1].kind == "decimal" and self.levels[-1].label.count(".") + 1 >= marker.depth)
                or (self.levels[-1].kind == "article" and not _extends(label, self.levels[-1].label))
            ):
                self.levels.pop()
            self.levels.append(_Level("decimal", label, title))
            self.floating_heading = ""
            self.last_alpha = None
            return
        if kind == "roman" and not is_roman_continuation(label, self.last_alpha if self._has("alpha") and not self._has("roman") else None):
            kind = "alpha"
        if kind == "alpha":
            self.last_alpha = label
        for index in range(len(self.levels) - 1, -1, -1):
            if self.levels[index].kind == kind:
                del self.levels[index:]
                break
        self.levels.append(_Level(kind, label, title))

    def _push_list(self, label: str, title: str) -> None:
        while self.levels and self.levels[-1].kind in _LIST_KINDS:
            self.levels.pop()
        self.levels.append(_Level("list", label, title))

    def _is_nested_list(self, label: str) -> bool:
        # "1." under "8.5": a numbered list inside the clause, not a new top-level 1.
        deep = [lv for lv in self.levels if lv.kind == "decimal" and "." in lv.label]
        if not deep:
            return False
        lists = [lv for lv in self.levels if lv.kind == "list"]
        if lists:
            return lists[-1].label.isdigit() and int(label) == int(lists[-1].label) + 1 or label == "1"
        top = [lv for lv in self.levels if lv.kind == "decimal"]
        head = top[0].label.split(".")[0] if top else ""
        current_top = int(head) if head.isdigit() else 0  # lettered schedules ("D.1") have no number
        return int(label) not in (current_top, current_top + 1)

    def _has(self, kind: str) -> bool:
        return any(level.kind == kind for level in self.levels)

    def _pop_to(self, keep: set[str]) -> None:
        while self.levels and self.levels[-1].kind not in keep:
            self.levels.pop()

    # --- clauses -------------------------------------------------------
    def _open(self, start: int, kind: ClauseKind = "clause") -> None:
        self._close()
        self.current = _Open(start, self._section(), self._heading_path(), kind)

    def _close(self, end: int | None = None) -> None:
        current = self.current
        self.current = None
        if current is None:
            return
        text = self._slice(current.start, self.length if end is None else end)
        stripped = text.rstrip()
        end = current.start + len(stripped)
        lead = len(stripped) - len(stripped.lstrip())
        start = current.start + lead
        body = stripped.strip()
        if not body or _JUNK.match(body) or len(body) < 3:
            return
        placement = _placement(current.boxes)
        self.clauses.append(
            Clause(
                id="",
                text=body,
                kind=current.kind,
                section=current.section,
                heading_path=current.heading_path,
                char_start=start,
                char_end=end,
                page_start=placement.page_start,
                page_end=placement.page_end,
                boxes=placement.boxes,
            )
        )

    def _slice(self, start: int, end: int) -> str:
        # Join only the parts under [start, end): joining the whole text per clause
        # would make segmentation quadratic in document length.
        first = bisect.bisect_right(self.part_starts, start) - 1
        pieces: list[str] = []
        for index in range(max(first, 0), len(self.text_parts)):
            part_start = self.part_starts[index]
            if part_start >= end:
                break
            pieces.append(self.text_parts[index])
        base = self.part_starts[max(first, 0)] if self.part_starts else 0
        return "".join(pieces)[start - base : end - base]

    # --- driving -------------------------------------------------------
    def run(self) -> Document:
        tolerance = 8.0 if self.raw.format == "pdf" else 1.5
        for block in with_sound_headers(_prepare(self.raw.blocks, tolerance)):
            if isinstance(block, TableBlock):
                self._table(block)
            else:
                self._line(block)
        self._close()
        text = "".join(self.text_parts)
        language = detect_language(text[:20000])
        clauses = tuple(_finish(c, i, language) for i, c in enumerate(self.clauses, start=1))
        return Document(
            path=self.raw.name,
            sha256=self.raw.sha256,
            format=self.raw.format,
            pages=self.raw.page_count,
            language=language,
            text=text,
            clauses=clauses,
            page_sizes=tuple((s.width, s.height) for s in self.raw.page_sizes),
        )

    def _line(self, line: Line) -> None:
        segments = list(_split_inline(line.text))
        first_offset, first_text = segments[0]
        marker = parse_marker(first_text)
        if marker is not None and marker.kind in ("container", "article") and not line.break_before and _continues_sentence(self._tail()):
            marker = None  # "... contained in the SLA in" + "Schedule B": a wrapped reference
        continuing = (
            self.current is not None
            and first_offset == 0
            and marker is None
            and not _DEFINITION.match(first_text)
            and (not line.break_before or _continues(self._tail(), first_text))
            and not line.style
        )
        bullet_item = marker is not None and marker.kind == "bullet" and self.current is not None and self.current.ends_with_colon
        if continuing or bullet_item:
            self._append(" " if continuing else "\n")
        else:
            self._close()
            self._newline()
        line_start = self._append(line.text)
        if continuing or bullet_item:
            assert self.current is not None
            self.current.boxes.append((line.page, line.box))
        else:
            whole = len(segments) == 1
            self._start_unit(line, first_text, line_start + first_offset, marker, whole)
        for offset, text in segments[1:]:
            start = line_start + offset
            self._close(end=start)
            self._start_unit(line, text, start, parse_marker(text), whole_line=False)

    def _start_unit(self, line: Line, text: str, start: int, marker: Marker | None, whole_line: bool) -> None:
        """Open a clause at `start`, or take `text` as a heading."""
        if marker is not None and marker.kind != "bullet":
            title = marker.rest.strip()
            bare_container = marker.kind in ("container", "article") and not title
            list_item = marker.kind in ("alpha", "roman", "upper")
            if bare_container or ((not list_item or title[:1].isupper()) and _is_heading(title, line, whole_line)):
                self._close()
                self._push(marker, title)
                return
            self._push(marker)
        elif marker is None and _is_heading(text, line, whole_line):
            self._close()
            self.floating_heading = text.strip()
            return
        if marker is None:
            # an unnumbered paragraph after the items of a list belongs to the list's
            # parent ("4.4.1", not the last item "4.4.1(15)"); under an item that is a
            # heading ("(c) Problem Reports") it is that item's text
            while self.levels and self.levels[-1].kind in _LIST_KINDS and not self.levels[-1].title:
                self.levels.pop()
        kind: ClauseKind = "definition" if _DEFINITION.match(text) else "clause"
        self._open(start, kind)
        assert self.current is not None
        self.current.boxes.append((line.page, line.box))
        self.current.ends_with_colon = text.rstrip().endswith(":")

    def _tail(self) -> str:
        """The end of the open clause: its last part, and the parts before it up to
        _CAPITALS_TAIL characters (a part may be a single word such as "BY")."""
        if self.current is None or not self.text_parts:
            return ""
        index = len(self.text_parts) - 1
        size = len(self.text_parts[index])
        while size < _CAPITALS_TAIL and index > 0 and self.part_starts[index] > self.current.start:
            index -= 1
            size += len(self.text_parts[index])
        tail = "".join(self.text_parts[index:])
        return tail[max(0, self.current.start - self.part_starts[index]) :]

    def _table(self, table: TableBlock) -> None:
        self._close()
        if table.header and any(table.header):
            self._newline()
            self._append(" | ".join(table.header))
        for row in table.rows:
            if not any(cell.strip() for cell in row.cells):
                continue
            self._newline()
            start = self._append(" | ".join(row.cells))
            end = self.length
            placement = _placement([(row.page, row.box)])
            self.clauses.append(
                Clause(
                    id="",
                    text=_row_text(table.header, row),
                    kind="table_row",
                    section=self._section(),
                    heading_path=self._heading_path(),
                    char_start=start,
                    char_end=end,
                    table_header=table.header,
                    table_cells=row.cells,
                    page_start=placement.page_start,
                    page_end=placement.page_end,
                    boxes=placement.boxes,
                )
            )


def _prepare(blocks: Sequence[Block], tolerance: float) -> Iterator[Block]:
    run: list[Line] = []
    for block in blocks:
        if isinstance(block, Line):
            run.append(block)
            continue
        yield from detect_column_tables(drop_table_of_contents(run), tolerance)
        run = []
        yield block
    yield from detect_column_tables(drop_table_of_contents(run), tolerance)


def _split_inline(text: str) -> Iterator[tuple[int, str]]:
    position = 0
    gaps = list(INLINE_MARKER.finditer(text))
    if "   " in text and not WRAPPED_GAP.search(text):
        gaps.extend(PARAGRAPH_GAP.finditer(text))
    gaps.extend(_numbered_items(text))
    gaps.sort(key=lambda gap: gap.start())
    for match in gaps:
        if match.start() < position:
            continue  # a gap found by both patterns
        if match.start() > position:
            yield position, text[position : match.start()]
        position = match.end()
    if position < len(text):
        yield position, text[position:]


def _numbered_items(text: str) -> list[re.Match[str]]:
    """The gaps before numbered items run together in a line, when at least LIST_RUN
    of them count up one by one (a lone "2. " after a full stop is prose)."""
    found = list(LIST_ITEM_GAP.finditer(text))
    items: list[re.Match[str]] = []
    run: list[re.Match[str]] = []
    for match in found:
        if run and int(match.group(1)) != int(run[-1].group(1)) + 1:
            items.extend(run if len(run) >= LIST_RUN else [])
            run = []
        run.append(match)
    items.extend(run if len(run) >= LIST_RUN else [])
    return items


def _continues(previous: str, text: str) -> bool:
    """A line after a break still continues the clause when the sentence is unfinished
    and the line starts in lower case (page breaks, wrapped lines with wide spacing), or
    when both are in capitals: a disclaimer set in capitals runs on over a page break."""
    if not previous or previous.rstrip().endswith(_SENTENCE_END):
        return False
    return text[:1].islower() or _in_capitals(previous[-_CAPITALS_TAIL:]) and _in_capitals(text)


# How much of the clause before a break must be in capitals for a line in capitals to
# continue it; a heading in capitals follows a finished sentence, not a cut one.
_CAPITALS_TAIL = 60
_MIN_CAPITAL_LETTERS = 12


def _in_capitals(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= _MIN_CAPITAL_LETTERS and all(ch.isupper() for ch in letters)


def _continues_sentence(previous: str) -> bool:
    return bool(previous.strip()) and not previous.rstrip().endswith(_SENTENCE_END)


def _is_heading(text: str, line: Line, whole_line: bool) -> bool:
    text = text.strip()
    if line.style == "heading" and whole_line:
        return 0 < len(text) <= 200
    if not whole_line or not text or len(text) > 100 or text.endswith((".", ";", ",", ":")):
        return False
    if " " in text and (_DANGLING_END.search(text) or _SENTENCE_BREAK.search(text)):
        return False  # a wrapped sentence ("6.1 The Hosting Services shall", "... AROSE. THE FOREGOING")
    if _RECITAL.match(text):
        return False  # "WHEREAS, the parties have entered into" opens a recital, wrapped
    words = text.split()
    if len(words) > 14 or _MODAL.search(text) and len(words) > 4:
        return False
    if not any(ch.isalpha() for ch in text):
        return False
    significant = [w for w in words if len(w) > 3 and w[0].isalpha()]
    if not significant:
        return text.isupper() or len(words) <= 3 and words[0][:1].isupper()
    capitalised = sum(w[0].isupper() for w in significant)
    return capitalised / len(significant) >= 0.6


def _row_text(header: Sequence[str], row: TableRow) -> str:
    parts = []
    for index, cell in enumerate(row.cells):
        if not cell.strip():
            continue
        name = header[index].strip() if index < len(header) else ""
        parts.append(f"{name}: {cell.strip()}" if name else cell.strip())
    return " | ".join(parts)


@dataclass(frozen=True)
class _Placement:
    page_start: int | None
    page_end: int | None
    boxes: tuple[PageBox, ...]


def _placement(boxes: Sequence[tuple[int, Box | None]]) -> _Placement:
    """Pages a clause spans and one box per page (the union of its lines there)."""
    pages = [page for page, _ in boxes]
    merged: dict[int, Box] = {}
    for page, box in boxes:
        if box is None:
            continue
        merged[page] = merged[page].union(box) if page in merged else box
    return _Placement(
        min(pages) if pages else None,
        max(pages) if pages else None,
        tuple(PageBox(page, round(b.x0, 1), round(b.top, 1), round(b.x1, 1), round(b.bottom, 1)) for page, b in sorted(merged.items())),
    )


def _finish(clause: Clause, index: int, document_language: Language) -> Clause:
    from dataclasses import replace

    return replace(clause, id=f"c{index:04d}", language=detect_language(clause.text, document_language))


def _level_heading(level: _Level) -> str:
    return f"{level.label} {level.title}".strip()


def _article_number(label: str) -> str:
    parts = label.split()
    return parts[-1] if len(parts) > 1 and parts[-1][:1].isdigit() else ""


def _extends(label: str, parent: str) -> bool:
    return label.startswith(parent + ".")


def segment(raw: RawDocument) -> Document:
    """Split a read document into clauses with section, heading path, pages, boxes and spans."""
    return _Segmenter(raw).run()
