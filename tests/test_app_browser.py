"""The web app in a real headless Chromium (Debian's /usr/bin/chromium; browsers are
never downloaded): `streamlit run app.py` serves it, a click loads the samples, the
portfolio and the riskiest contract show without an exception box, and an
uploaded broken file gets an error naming it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from analyzer.appview import by_risk
from tests.browser import NEEDS_CHROMIUM, launch_chromium, stop_process_group
from tests.conftest import REPO
from tests.samples import SAMPLE_NAMES, sample_report
from tests.test_app_cli import free_port

pytestmark = [
    pytest.mark.slow,
    NEEDS_CHROMIUM,
]
STARTUP_SECONDS = 60
ANALYSIS_MS = 180_000  # model load and four contracts, on a busy machine


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    folder = tmp_path_factory.mktemp("app")
    review_db = folder / "reviews.sqlite3"
    port = free_port()
    log = (folder / "server.log").open("wb")
    env = {**os.environ, "WATERMELON_REVIEW_DB": str(review_db), "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "streamlit", "run", str(REPO / "app.py"), "--server.headless", "true"]
    command += ["--server.port", str(port), "--browser.gatherUsageStats", "false"]
    process = subprocess.Popen(command, cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.read() == b"ok":
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                output = (folder / "server.log").read_text(errors="replace")[-2000:]
                pytest.fail(f"streamlit did not start (exit code {process.poll()}):\n{output}")
            time.sleep(0.3)
        yield url, review_db
    finally:
        stop_process_group(process)
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launch_chromium()


def test_samples_show_the_portfolio_and_the_riskiest_contract(server: tuple[str, Path], browser: Any, tmp_path: Path) -> None:
    url, _ = server
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page_errors: list[str] = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    page.goto(url)
    page.get_by_text("Upload contracts in the sidebar").wait_for(timeout=STARTUP_SECONDS * 1000)
    page.get_by_role("button", name="Load the sample contracts").click()
    page.get_by_role("heading", name="Portfolio").wait_for(timeout=ANALYSIS_MS)
    tables = page.locator('[data-testid="stDataFrame"]')
    tables.nth(1).wait_for(timeout=30_000)  # the portfolio and the review queue
    # the contract view opens on the riskiest contract, whichever the current model says it
    # is, in the app's own order (ties included)
    riskiest = by_risk([sample_report(name) for name in SAMPLE_NAMES])[0].name
    page.locator('[data-testid="stHeading"]', has_text=riskiest).first.wait_for(timeout=30_000)
    page.locator('[data-testid="stImage"] img').first.wait_for(timeout=30_000)  # the clause's page, highlighted
    assert page.locator(".wm-clause mark").count() > 0
    assert page.locator('[data-testid="stException"]').count() == 0

    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really a PDF")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(broken))
    alert = page.locator('[data-testid="stAlertContentError"]', has_text="broken.pdf")
    alert.first.wait_for(timeout=60_000)
    assert "corrupt" in alert.first.inner_text()
    page.get_by_role("heading", name="Portfolio").wait_for()
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page_errors == []
    page.close()
