"""`watermelon app`: its options, the command it runs, and a real server start."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from analyzer import cli
from analyzer.appview import APP_SCRIPT
from tests.browser import stop_process_group
from tests.conftest import REPO


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_app_help_lists_the_options() -> None:
    result = CliRunner().invoke(cli.app, ["app", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for option in ("--port", "--review-db", "--headless", "--no-headless"):
        assert option in result.output


def test_app_script_is_the_checkouts_app_py() -> None:
    assert APP_SCRIPT == REPO / "app.py" and APP_SCRIPT.is_file()


def test_app_runs_streamlit_on_app_py_with_the_review_db_in_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[list[str], dict[str, str]]] = []

    def record(command: list[str], env: dict[str, str]) -> int:
        calls.append((command, env))
        return 0

    monkeypatch.setattr(subprocess, "call", record)
    result = CliRunner().invoke(cli.app, ["app", "--port", "8765", "--headless", "--review-db", str(tmp_path / "r.sqlite3")])
    assert result.exit_code == 0, result.output
    [(command, env)] = calls
    assert command[:5] == [sys.executable, "-m", "streamlit", "run", str(APP_SCRIPT)]
    assert command[command.index("--server.port") + 1] == "8765"
    assert command[command.index("--server.headless") + 1] == "true"
    assert command[command.index("--browser.gatherUsageStats") + 1] == "false"
    assert env["WATERMELON_REVIEW_DB"] == str(tmp_path / "r.sqlite3")


@pytest.mark.slow
def test_app_command_serves_the_app(tmp_path: Path) -> None:
    port = free_port()
    env: dict[str, Any] = {**os.environ, "PYTHONPATH": str(REPO)}
    log = (tmp_path / "server.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "analyzer.cli", "app", "--headless", "--port", str(port), "--review-db", str(tmp_path / "r.sqlite3")],
        cwd=tmp_path,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # the launcher and its streamlit child die together
    )
    try:
        deadline = time.monotonic() + 60
        health = ""
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
                    health = response.read().decode()
                    break
            except OSError:
                time.sleep(0.3)
        output = (tmp_path / "server.log").read_text(errors="replace")[-2000:]
        assert health == "ok", f"server did not come up; exit code {server.poll()}; output:\n{output}"
    finally:
        stop_process_group(server)
        log.close()
