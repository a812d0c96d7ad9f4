"""HTML tables inside text or Markdown (pandoc writes them so) become pipe-table lines,
which the text reader already turns into table rows: one clause per `<tr>`."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_HTML_TABLE = re.compile(r"<table\b.*?</table\s*>", re.I | re.S)
_SPACE = re.compile(r"\s+")


class _TableParser(HTMLParser):
    """The cell texts of each row; markup inside a cell (`<p>`, `<strong>`) is dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            if not self.rows:
                self.rows.append([])
            self._cell = []
        elif self._cell is not None and tag in ("br", "p", "li", "div"):
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(_cell_text("".join(self._cell)))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _cell_text(raw: str) -> str:
    # A '|' inside a cell would split it when the pipe table is read back.
    return _SPACE.sub(" ", raw).strip().replace("|", "/")


def html_table_rows(markup: str) -> list[list[str]]:
    """The non-empty rows of one HTML table, each as wide as the widest."""
    parser = _TableParser()
    parser.feed(markup)
    parser.close()
    rows = [row for row in parser.rows if any(row)]
    width = max((len(row) for row in rows), default=0)
    return [row + [""] * (width - len(row)) for row in rows]


def html_tables_as_pipes(text: str) -> str:
    """`text` with each HTML table written as pipe-table lines on lines of their own;
    a table of a single column stays as its cell texts, one per line."""
    lowered = text.lower()
    if "<table" not in lowered or "</table" not in lowered:
        return text  # (an unclosed table would make every '<table' scan to the end)
    return _HTML_TABLE.sub(_as_pipes, text)


def _as_pipes(match: re.Match[str]) -> str:
    rows = html_table_rows(match.group(0))
    if not rows:
        return "\n"
    if len(rows[0]) == 1:
        return "\n" + "\n\n".join(row[0] for row in rows) + "\n"
    return "\n" + "\n".join("| " + " | ".join(row) + " |" for row in rows) + "\n"
