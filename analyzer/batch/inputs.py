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


def find_inputs(arguments: list[str], output_folder: Path | None = None) -> InputFiles:
    """Files are taken as given (any type: a wrong type becomes an error line);
    folders are searched recursively for .pdf .docx .txt .md (any case), skipping
    hidden files, Word lock files and the batch's own output folder (its summary.md
    is no contract, and a rerun would analyze it); globs expand to either."""
    seen: dict[Path, None] = {}
    unmatched: list[str] = []
    outputs = output_folder.resolve() if output_folder is not None else None
    for argument in arguments:
        found = list(_expand(argument, outputs))
        if not found:
            unmatched.append(argument)
        for path in found:
            seen.setdefault(path, None)
    return InputFiles(tuple(seen), tuple(unmatched))


def _expand(argument: str, outputs: Path | None) -> list[Path]:
    if any(char in argument for char in _GLOB_CHARS) and not Path(argument).exists():
        matches = [Path(m) for m in sorted(glob.glob(argument, recursive=True))]
    else:
        matches = [Path(argument)] if Path(argument).exists() else []
    files: list[Path] = []
    for match in matches:
        if match.is_dir():
            skipped = _inside(match, outputs)
            files.extend(path for path in _contracts_in(match) if skipped is None or skipped not in path.parents)
        elif match.is_file():
            files.append(match)
    return files


def _inside(folder: Path, outputs: Path | None) -> Path | None:
    """The output folder as a path under `folder` (as its files are listed), if it is in it."""
    if outputs is None:
        return None
    try:
        return folder / outputs.relative_to(folder.resolve())
    except ValueError:
        return None


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
