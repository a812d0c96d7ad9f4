"""Clause numbering: recognise a marker at the start of a text and place it in the
hierarchy. Patterns are data; the order of `_MARKERS` decides which reading wins."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

MarkerKind = Literal["container", "article", "decimal", "alpha", "upper", "roman", "bullet"]

_CONTAINER_WORDS = (
    r"(?:Schedule|SCHEDULE|Exhibit|EXHIBIT|Annex|ANNEX|Appendix|APPENDIX|Attachment|ATTACHMENT|Addendum|ADDENDUM|Bijlage|BIJLAGE)"
)
_ARTICLE_ID = r"(?:\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,6})"
_CONTAINER_ID = r"(?:\s+(?:[A-Z]{1,2}|\d{1,3}|[IVX]{1,5})(?:[.\-]\d+)?)?"
_ARTICLE_WORDS = r"(?:Article|ARTICLE|Artikel|ARTIKEL|Section|SECTION|Clause|CLAUSE)"

_MARKERS: tuple[tuple[MarkerKind, re.Pattern[str]], ...] = (
    ("container", re.compile(rf"^(?P<label>{_CONTAINER_WORDS}{_CONTAINER_ID})\b[.:\-–—]?\s*(?P<rest>.*)$", re.S)),
    ("article", re.compile(rf"^(?P<label>{_ARTICLE_WORDS}\s+{_ARTICLE_ID})\b[.:\-–—]?\s*(?P<rest>.*)$", re.S)),
    ("decimal", re.compile(r"^(?P<label>\d{1,3}(?:\.\d{1,3})+)\.?(?=\s|[A-Z(\"“])\s*(?P<rest>.*)$", re.S)),
    # Lettered schedule numbering: "B.2 Key Performance Indicators" in Exhibit B.
    ("decimal", re.compile(r"^(?P<label>[A-Z]\.\d{1,2}(?:\.\d{1,2})*)\.?(?=\s)\s*(?P<rest>.*)$", re.S)),
    ("decimal", re.compile(r"^(?P<label>\d{1,3})(?:[.)](?!\d)|(?=\([a-z]\)))\s*(?P<rest>.*)$", re.S)),
    ("decimal", re.compile(r"^(?P<label>\d{1,2})\s{1,4}(?=[A-Z][a-z])(?P<rest>.*)$", re.S)),
    ("roman", re.compile(r"^\((?P<label>(?:i{1,3}|iv|v|vi{1,3}|ix|x|xi{1,3}|xiv|xv))\)\s*(?P<rest>.*)$", re.S)),
    ("alpha", re.compile(r"^\((?P<label>[a-z]{1,2})\)\s*(?P<rest>.*)$", re.S)),
    # "ii. BSP's approval rights": a roman numeral with a full stop ("i." after "h." is
    # the letter again, as "(i)" after "(h)" is: see is_roman_continuation).
    ("roman", re.compile(r"^(?P<label>(?:i{1,3}|iv|vi{0,3}|ix|xi{0,3}))\.\s+(?P<rest>.*)$", re.S)),
    ("alpha", re.compile(r"^(?P<label>[a-z])[.)]\s+(?P<rest>.*)$", re.S)),
    ("upper", re.compile(r"^\((?P<label>[A-Z])\)\s*(?P<rest>.*)$", re.S)),
    ("upper", re.compile(r"^(?P<label>[A-Z])[.)]\s+(?P<rest>.*)$", re.S)),
    ("bullet", re.compile(r"^(?P<label>[•·▪◦●■□➢►o\-–*])\s+(?P<rest>.*)$", re.S)),
)


@dataclass(frozen=True)
class Marker:
    kind: MarkerKind
    label: str  # as written, without brackets: "4.2", "b", "iv", "Schedule 2"
    rest: str  # the text after the marker
    length: int  # characters the marker takes, including the space after it

    @property
    def depth(self) -> int:
        return self.label.count(".") + 1 if self.kind == "decimal" else 0


def parse_marker(text: str) -> Marker | None:
    """The numbering marker at the start of `text`, if any."""
    stripped = text.lstrip()
    lead = len(text) - len(stripped)
    for kind, pattern in _MARKERS:
        match = pattern.match(stripped)
        if not match:
            continue
        rest = match.group("rest")
        if kind == "decimal" and _looks_like_quantity(match.group("label"), rest):
            continue
        if kind in ("alpha", "upper") and not stripped.startswith("(") and not rest[:1].isupper():
            continue
        if kind == "container" and rest and rest[:1].islower():
            continue  # "Schedule B of this Agreement sets out..." is prose, not a heading
        if kind == "article" and rest[:1].islower():
            continue  # "Section 4 of the Agreement ..."
        return Marker(kind, match.group("label"), rest, lead + len(stripped) - len(rest))
    return None


def _looks_like_quantity(label: str, rest: str) -> bool:
    # "99.5 percent", "4.5 hours", "1. January" are numbers in prose, not clause numbers.
    word = rest.split(" ", 1)[0].lower().strip(",.;:")
    return word in {"percent", "per", "%", "hours", "hour", "days", "day", "minutes", "seconds", "uur", "dagen", "procent", "million", "x"}


_ROMAN_LETTERS = set("ivxlc")


def is_roman_continuation(label: str, previous_alpha: str | None) -> bool:
    """'(i)' after '(h)' is the letter i; after anything else it is roman one."""
    if not set(label) <= _ROMAN_LETTERS:
        return False
    if previous_alpha is not None and len(label) == 1 and ord(label) == ord(previous_alpha[-1]) + 1:
        return False
    return True


# Markers that may start a new clause in the middle of a line, as SEC filings run
# numbered clauses together: after a sentence end or a wide gap.
# A gap starts where the whitespace starts ((?<!\s)): from every space of a long run the
# search would be quadratic (a line of 20,000 spaces took 75 s).
INLINE_MARKER = re.compile(
    r"(?:(?<=[.;:])\s+|(?<!\s)\s{3,})"
    r"(?=(?:\d{1,3}(?:\.\d{1,3})+\.?\s*[A-Z\"“(]"
    r"|\((?:[a-z]{1,2}|[ivx]{1,5})\)\s+\S"
    r"|(?:Section|SECTION|Article|ARTICLE|Artikel)\s+\d{1,3}(?:\.\d{1,3})*\.?\s+[A-Z]"
    r"|[\"“][A-Z][^\"”]{1,80}[\"”]\s+(?:shall\s+)?(?:means?|has the meaning|includes)\b))"
)
# A paragraph run into the line: a sentence end (after a word, not a clause number such
# as "1."), a wide gap, a capital or a bullet. Only where wide gaps do not also stand
# inside sentences: there they are line wraps flattened into spaces (WRAPPED_GAP).
PARAGRAPH_GAP = re.compile(r"(?<=[a-z)\]\"”'][.;!?])\s{3,}(?=[A-Z•·▪\"“])")
# Numbered list items run together after a semicolon or a full stop ("...; 10. post
# weekly reports; 11. recommend ..."): counted as items only in a run of consecutive numbers.
LIST_ITEM_GAP = re.compile(r"(?<=[;:.])\s+(?=(\d{1,2})\.\s+[A-Za-z])")
LIST_RUN = 3
WRAPPED_GAP = re.compile(r"[a-z,]\s{3,}[a-z(]")
