"""End to end on the sample contracts (golden-style expectations), and the writers:
JSON against its schema, CSV/XLSX inventory, Markdown, HTML escaping, CLI formats."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from analyzer.cli import app
from analyzer.report import build_portfolio, render, report_from_clauses, report_schema
from analyzer.report.highlight import Mark, highlight
from analyzer.report.markdown_writer import md_cell
from analyzer.report.tabular import INVENTORY_COLUMNS, safe_cell
from analyzer.tagging.tagger import Tagger
from tests.clause_factory import consequence, document, tagged
from tests.conftest import SAMPLES
from tests.samples import SAMPLE_NAMES, sample_report, tagger

runner = CliRunner()
EVIL = (
    "1. Service Levels\n\n"
    "1.1 The Supplier shall answer 90% of calls within 30 seconds <script>alert(1)</script>, measured monthly by the "
    "Supplier's telephony platform. If it fails, the Supplier shall credit the Customer 5% of the Monthly Charges.\n\n"
    "1.2 Service Credits are the Customer's sole and exclusive remedy <img src=x onerror=alert(2)> | a | b | for any "
    "Service Level Failure.\n"
)


@pytest.fixture
def cached_tagger(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The CLI's Tagger.load returns the session's tagger; the list counts the loads."""
    calls: list[int] = []

    def load(cls: type[Tagger], folder: Path | None = None) -> Tagger:
        calls.append(1)
        return tagger()

    monkeypatch.setattr(Tagger, "load", classmethod(load))
    return calls


def validate(payload: dict) -> None:
    jsonschema.Draft202012Validator(report_schema()).validate(payload)


# --- golden-style expectations on the sample contracts -------------------------------


def test_servicedesk_watermelon_is_high_risk_with_the_expected_flags() -> None:
    report = sample_report("servicedesk_watermelon")
    assert report.scores.watermelon_risk is not None and report.scores.watermelon_risk >= 60
    assert report.scores.verdict == "high"
    assert not report.scores.governance_present
    codes = {f.code for f in report.flags}
    assert {"watermelon", "gameable_kpi", "sole_remedy", "termination_trigger", "supplier_measurement"} <= codes
    sole = next(f for f in report.flags if f.code == "sole_remedy")
    assert sole.section == "5.5" and sole.page == 3
    keys = {s.key for s in report.suggestions}
    assert {"calls_answered", "tickets_closed"} <= keys
    calls = next(s for s in report.suggestions if s.key == "calls_answered")
    assert "caller satisfaction after the call" in calls.outcome_counterpart.lower()
    assert "earn-back" in calls.collaborative_remedy.lower()


def test_xla_experience_is_low_risk_without_gameable_kpis() -> None:
    report = sample_report("xla_experience")
    assert report.scores.watermelon_risk is not None and report.scores.watermelon_risk <= 35
    assert report.scores.governance_present
    assert report.scores.outcome_share is not None and report.scores.outcome_share > 0.5
    assert not {"gameable_kpi", "sole_remedy", "termination_trigger"} & {f.code for f in report.flags}


def test_appmanagement_mixed_sits_between_the_two() -> None:
    risks = {name: sample_report(name).scores.watermelon_risk for name in SAMPLE_NAMES}
    assert risks["xla_experience"] < risks["appmanagement_mixed"] < risks["servicedesk_watermelon"]
    report = sample_report("appmanagement_mixed")
    assert report.scores.verdict == "medium"
    assert report.scores.governance_present
    assert "watermelon" in {f.code for f in report.flags}
    # KPI-6 (end-user satisfaction) counters the speed KPIs: nothing is "gameable".
    assert "gameable_kpi" not in {f.code for f in report.flags}


def test_dutch_contract_is_a_watermelon_with_dutch_suggestions() -> None:
    report = sample_report("dienstverlening_nl")
    assert report.document.language == "nl"
    assert report.scores.verdict == "high"
    assert {"watermelon", "gameable_kpi", "termination_trigger", "supplier_measurement"} <= {f.code for f in report.flags}
    assert report.suggestions and all(s.language == "nl" for s in report.suggestions)
    assert any("gebruiker" in s.outcome_counterpart for s in report.suggestions)


def test_inventory_of_the_watermelon_lists_its_service_level_table() -> None:
    rows = [e for e in sample_report("servicedesk_watermelon").inventory if e.kind == "table_row" and e.text.startswith("Ref: SL")]
    assert len(rows) == 7
    sl1 = rows[0]
    assert (sl1.section, sl1.page_start, sl1.target) == ("2.1", 7, "At least 90%")
    assert sl1.measurement and "Calls Answered within 30 seconds" in sl1.measurement
    assert (sl1.credit_value, sl1.credit_unit) == (3.0, "%")


# --- JSON -------------------------------------------------------------------------------


def test_json_report_validates_against_the_schema_and_keeps_clause_fields() -> None:
    report = sample_report("servicedesk_watermelon")
    payload = json.loads(render("json", [report], portfolio=False))
    validate(payload)
    assert set(report.document.info()) <= set(payload["document"])
    clause_fields = set(report.clauses[0].clause.to_dict()) | set(report.clauses[0].tags.to_dict()) | {"metrics", "consequences"}
    assert all(clause_fields <= set(c) for c in payload["clauses"])
    assert payload["scores"]["watermelon_risk"] == report.scores.watermelon_risk
    assert {"inventory", "flags", "suggestions"} <= set(payload)


def test_portfolio_json_validates_and_summarises_every_contract() -> None:
    reports = [sample_report(name) for name in SAMPLE_NAMES]
    payload = build_portfolio(reports).to_dict(include_text=False)
    validate(payload)
    assert [row["contract"] for row in payload["portfolio"]] == [f"{n}.pdf" for n in SAMPLE_NAMES]
    assert all("text" not in d["document"] for d in payload["documents"])


def test_cli_json_output_validates_for_one_and_several_files(tmp_path: Path, cached_tagger: list[int]) -> None:
    one = runner.invoke(app, ["analyze", str(SAMPLES / "xla_experience.txt")])
    assert one.exit_code == 0, one.output
    validate(json.loads(one.stdout))
    several = runner.invoke(app, ["analyze", str(SAMPLES / "xla_experience.txt"), str(SAMPLES / "dienstverlening_nl.txt")])
    assert several.exit_code == 0
    data = json.loads(several.stdout)
    validate(data)
    assert len(data["documents"]) == 2 and len(data["portfolio"]) == 2


def test_document_without_service_levels_reports_none_not_zero(tmp_path: Path, cached_tagger: list[int]) -> None:
    path = tmp_path / "law.txt"
    path.write_text("1. Governing law\n\n1.1 This Agreement is governed by the laws of the Netherlands.\n")
    result = runner.invoke(app, ["analyze", str(path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    validate(data)
    assert data["scores"]["watermelon_risk"] is None
    assert data["scores"]["verdict"] == "none"
    assert data["scores"]["explanation"].startswith("No service levels found")
    html = runner.invoke(app, ["analyze", str(path), "--format", "html"])
    assert html.exit_code == 0 and "no service levels found" in html.stdout


# --- CLI ----------------------------------------------------------------------------


def test_tagger_is_loaded_once_per_call(tmp_path: Path, cached_tagger: list[int]) -> None:
    files = [str(SAMPLES / f"{n}.txt") for n in SAMPLE_NAMES[:3]]
    result = runner.invoke(app, ["analyze", *files, "--format", "md"])
    assert result.exit_code == 0, result.output
    assert len(cached_tagger) == 1


def test_xlsx_without_out_is_a_usage_error(cached_tagger: list[int]) -> None:
    result = runner.invoke(app, ["analyze", str(SAMPLES / "xla_experience.txt"), "--format", "xlsx"])
    assert result.exit_code == 2
    assert "--out" in result.stderr
    assert cached_tagger == []


def test_broken_file_does_not_stop_an_html_portfolio(tmp_path: Path, cached_tagger: list[int]) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 truncated")
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["analyze", str(SAMPLES / "xla_experience.txt"), str(broken), "--format", "html", "--out", str(out)])
    assert result.exit_code == 1
    assert "corrupt or truncated PDF" in result.stderr
    assert "xla_experience.txt" in out.read_text(encoding="utf-8")


# --- CSV / XLSX -------------------------------------------------------------------


def test_csv_inventory_has_a_contract_column_and_one_row_per_sla_clause(tmp_path: Path, cached_tagger: list[int]) -> None:
    out = tmp_path / "inventory.csv"
    files = [str(SAMPLES / "servicedesk_watermelon.txt"), str(SAMPLES / "xla_experience.txt")]
    result = runner.invoke(app, ["analyze", *files, "--format", "csv", "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert tuple(rows[0]) == INVENTORY_COLUMNS
    assert {r["contract"] for r in rows} == {"servicedesk_watermelon.txt", "xla_experience.txt"}
    watermelon = [r for r in rows if r["contract"] == "servicedesk_watermelon.txt"]
    assert any("sole_remedy" in r["flags"] for r in watermelon)


def _formula_report():
    text = '=HYPERLINK("http://evil.example","click") Availability of 99.5% per month; credit 5% of the charges.'
    clause = tagged(text, "output", "penalty", consequences=(consequence(text, "credit", "credit", 5.0, "%"),))
    return report_from_clauses(document([clause]), [clause])


def test_csv_and_xlsx_never_turn_clause_text_into_formulas(tmp_path: Path) -> None:
    report = _formula_report()
    assert safe_cell("=1+1") == "'=1+1" and safe_cell("@x") == "'@x" and safe_cell(3.0) == 3.0
    rows = list(csv.DictReader(io.StringIO(str(render("csv", [report], portfolio=False)))))
    assert rows[0]["text"].startswith("'=HYPERLINK")

    from openpyxl import load_workbook

    data = render("xlsx", [report], portfolio=False)
    assert isinstance(data, bytes)
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Portfolio", "Inventory", "Flags", "Suggestions"]
    sheet = workbook["Inventory"]
    header = [c.value for c in sheet[1]]
    text_cell = sheet.cell(row=2, column=header.index("text") + 1)
    assert text_cell.data_type == "s" and str(text_cell.value).startswith("=HYPERLINK")


def test_xlsx_portfolio_from_the_cli(tmp_path: Path, cached_tagger: list[int]) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "portfolio.xlsx"
    files = [str(SAMPLES / f"{n}.txt") for n in SAMPLE_NAMES]
    result = runner.invoke(app, ["analyze", *files, "--format", "xlsx", "--out", str(out)])
    assert result.exit_code == 0, result.output
    workbook = load_workbook(out)
    portfolio = list(workbook["Portfolio"].iter_rows(values_only=True))
    assert portfolio[0][0] == "contract" and len(portfolio) == 5
    inventory = list(workbook["Inventory"].iter_rows(values_only=True))
    assert inventory[0][0] == "contract" and {r[0] for r in inventory[1:]} == {f"{n}.txt" for n in SAMPLE_NAMES}


# --- Markdown ---------------------------------------------------------------------


def test_markdown_escapes_pipes_and_markup_in_cells() -> None:
    assert md_cell("a | b\nc <b>") == "a \\| b c &lt;b&gt;"
    text = "Availability of 99.5% | per month | credit 5% of the charges <script>x</script>."
    clause = tagged(text, "output", "penalty")
    markdown = str(render("md", [report_from_clauses(document([clause]), [clause])], portfolio=False))
    flag_rows = [line for line in markdown.splitlines() if line.startswith("| 1.1 |")]
    assert flag_rows and all("99.5% \\| per month \\| credit" in line for line in flag_rows)
    # every table row still has the header's number of cells
    for line in flag_rows:
        assert line.replace("\\|", "").count("|") == 6
    assert "<script>" not in markdown


# --- HTML -------------------------------------------------------------------------


def test_highlight_escapes_text_and_marks_evidence() -> None:
    text = "<b>Calls</b> answered & closed"
    html = highlight(text, [Mark(3, 8, "focus"), Mark(0, 12, "flag"), Mark(40, 50, "flag"), Mark(5, 5, "focus")])
    assert "<b>" not in html
    assert '<mark class="ev ev-flag">&lt;b&gt;</mark>' in html
    assert '<mark class="ev ev-flag ev-focus">Calls</mark>' in html
    assert html.endswith(" answered &amp; closed")


def test_untrusted_clause_text_is_escaped_through_the_whole_pipeline(tmp_path: Path, cached_tagger: list[int]) -> None:
    path = tmp_path / "evil<img src=y onerror=alert(3)>.txt"  # file names are untrusted too
    path.write_text(EVIL, encoding="utf-8")
    out = tmp_path / "evil.html"
    result = runner.invoke(app, ["analyze", str(path), "--format", "html", "--out", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "evil&lt;img src=y onerror=alert(3)&gt;.txt" in html
    assert "<script>alert" not in html and "<img" not in html
    assert html.count("<script") == 1  # ours, at the end
    assert "Content-Security-Policy" in html and "'unsafe-inline'" not in html
    markdown = runner.invoke(app, ["analyze", str(path), "--format", "md"]).stdout
    assert "<script>" not in markdown and "<img" not in markdown


def test_html_report_is_self_contained() -> None:
    html = str(render("html", [sample_report(n) for n in SAMPLE_NAMES], portfolio=True))
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html and "<link" not in html and " src=" not in html
    assert html.count('<g class="point"') == 4
    assert '<article class="clause"' in html


# --- the same verdicts whatever the file format ---------------------------------------

EXPECTED_VERDICTS = {
    "servicedesk_watermelon": "high",
    "appmanagement_mixed": "medium",
    "xla_experience": "low",
    "dienstverlening_nl": "high",
}


@pytest.mark.parametrize("suffix", ["docx", "txt"])
def test_verdicts_do_not_depend_on_the_file_format(suffix: str) -> None:
    verdicts = {name: sample_report(name, suffix).scores.verdict for name in SAMPLE_NAMES}
    assert verdicts == EXPECTED_VERDICTS


# --- real contracts: every report is valid, whatever the classifier says ---------------


@pytest.mark.slow
def test_corpus_reports_validate_and_explain_themselves(corpus: Path) -> None:
    from analyzer.analysis import analyze
    from analyzer.report import build_report

    paths = sorted((corpus / "pdf").glob("*.pdf"))[:4] + sorted((corpus / "pdf").glob("cuad-*.pdf"))[:3]
    reports = [build_report(analyze(p, tagger=tagger())) for p in paths]
    validate(build_portfolio(reports).to_dict(include_text=False))
    for report in reports:
        s = report.scores
        assert s.explanation
        assert (s.watermelon_risk is None) == (s.sla_clauses == 0)
        for flag in report.flags:
            text = next(c.clause.text for c in report.clauses if c.clause.id == flag.clause_id)
            assert all(text[span.start : span.end] == span.text for span in flag.evidence)
    html = str(render("html", reports, portfolio=True))
    assert html.count("<tr><td>") >= len(reports)
