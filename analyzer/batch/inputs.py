"""Turn the command line's INPUT arguments into a list of files, and hash them."""

from __future__ import annotations

import glob
import hashlib
from dataclasses import dataclass
from pathlib import Path

CONTRACT_SUFFIXES = frozenset({".pdf", ".docx", ".txt", ".md"})
_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True)
class InputFiles:
    files: tuple[Path, ...]
    unmatched: tuple[str, ...]  # arguments that matched no file


def find_inputs(arguments: list[str]) -> InputFiles:
    """Files are taken as given (any type: a wrong type becomes an error line);
    folders are searched recursively for .pdf .docx .txt .md (any case), skipping
    hidden files and Word lock files; globs expand to either."""
    seen: dict[Path, None] = {}
    unmatched: list[str] = []
    for argument in arguments:
        found = list(_expand(argument))
        if not found:
            unmatched.append(argument)
        for path in found:
            seen.setdefault(path, None)
    return InputFiles(tuple(seen), tuple(unmatched))


def _expand(argument: str) -> list[Path]:
    if any(char in argument for char in _GLOB_CHARS) and not Path(argument).exists():
        matches = [Path(m) for m in sorted(glob.glob(argument, recursive=True))]
    else:
        matches = [Path(argument)] if Path(argument).exists() else []
    files: list[Path] = []
    for match in matches:
        if match.is_dir():
            files.extend(_contracts_in(match))
        elif match.is_file():
            files.append(match)
    return files


def _contracts_in(folder: Path) -> list[Path]:
    return sorted(
        path
        for path in folder.rglob("*")
        if path.suffix.lower() in CONTRACT_SUFFIXES
        and path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
        and not path.name.startswith("~$")
    )


def file_sha256(path: Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()
