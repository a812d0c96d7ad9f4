"""The wheel must carry every subpackage and the trained models (Dask workers
only run `pip install watermelon`)."""

from __future__ import annotations

import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_every_analyzer_subpackage_is_listed_for_the_wheel() -> None:
    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    on_disk = {".".join(path.parent.relative_to(REPO).parts) for path in (REPO / "analyzer").rglob("__init__.py")}
    assert on_disk <= listed, f"add to pyproject.toml [tool.setuptools] packages: {sorted(on_disk - listed)}"
    assert "watermelon_models" in listed


def test_models_folder_is_a_package_with_the_three_models() -> None:
    assert (REPO / "models" / "__init__.py").is_file()
    for tag in ("is_sla", "focus", "style"):
        assert (REPO / "models" / f"{tag}.skops").is_file()
