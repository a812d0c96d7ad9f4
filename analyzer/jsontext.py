"""JSON text that can always be written as UTF-8.

A file name that is not valid UTF-8 (legal on Linux, common in archives made on
other systems) reaches Python as a str with lone surrogates, and so can an input id
or a broken PDF's text. Readable UTF-8 JSON cannot hold them; JSON's own escapes can,
and a JSON reader gets the same str back. So text is readable where it can be, and
escaped only where it must be."""

from __future__ import annotations

import json
from typing import Any


def json_text(value: Any, indent: int | None = None) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return text if _is_utf8(text) else json.dumps(value, indent=indent)


def writable(text: str) -> str:
    """Text for a UTF-8 file or console: a lone surrogate (from a file name that is not
    UTF-8) becomes its backslash escape, visible instead of failing the write."""
    return text if _is_utf8(text) else text.encode("utf-8", "backslashreplace").decode("utf-8")


def _is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
