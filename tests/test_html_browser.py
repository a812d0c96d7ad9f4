"""The HTML report in a real headless Chromium (Debian's /usr/bin/chromium; browsers
are never downloaded): it loads without console errors, shows the chart and the
flagged clauses, the filter works, and injected markup stays inert."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from analyzer.report import render
from tests.browser import NEEDS_CHROMIUM, launch_chromium
from tests.samples import SAMPLE_NAMES, sample_report

pytestmark = [pytest.mark.slow, NEEDS_CHROMIUM]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launch_chromium()


def open_page(browser: Any, path: Path) -> tuple[Any, list[str]]:
    page = browser.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(f"{message.type}: {message.text}") if message.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: problems.append(f"pageerror: {error}"))
    page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on("request", lambda request: None if request.url.startswith(("file:", "data:")) else problems.append(f"request: {request.url}"))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, problems


def test_portfolio_report_loads_with_chart_and_flagged_clauses(browser: Any, tmp_path: Path) -> None:
    path = tmp_path / "portfolio.html"
    path.write_text(str(render("html", [sample_report(n) for n in SAMPLE_NAMES], portfolio=True)), encoding="utf-8")
    page, problems = open_page(browser, path)
    assert page.locator("svg#risk-chart").count() == 1
    assert page.locator("svg#risk-chart g.point circle").count() == 4
    assert page.locator("table.summary tbody tr").count() == 4
    watermelon = page.locator("#contract-1")
    assert "servicedesk_watermelon.pdf" in watermelon.locator("h2").inner_text()
    cards = watermelon.locator("article.clause")
    assert cards.count() > 5
    assert watermelon.locator("article.clause mark.ev").count() > 0
    watermelon.locator(".filters button[data-flag='sole_remedy']").click()
    visible = watermelon.locator("article.clause:not(.hidden)")
    assert visible.count() >= 1 and "sole and exclusive remedy" in visible.first.inner_text()
    assert problems == []
    page.close()


def test_injected_markup_stays_text_in_the_browser(browser: Any, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from analyzer.cli import app
    from tests.test_report import EVIL

    contract = tmp_path / "evil.txt"
    contract.write_text(EVIL, encoding="utf-8")
    out = tmp_path / "evil.html"
    result = CliRunner().invoke(app, ["analyze", str(contract), "--format", "html", "--out", str(out)])
    assert result.exit_code == 0, result.output
    page, problems = open_page(browser, out)
    assert page.evaluate("document.querySelectorAll('script').length") == 1
    assert page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert "<script>alert(1)</script>" in page.locator("body").inner_text()
    assert problems == []
    page.close()
