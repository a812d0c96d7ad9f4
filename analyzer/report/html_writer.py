"""A self-contained HTML report: inline CSS, inline JS and an inline SVG chart, no
network access, opens offline. Everything from a contract is escaped; a Content
Security Policy with hashes of our own style and script blocks keeps any markup that
slipped through from running."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from html import escape

from .. import __version__
from ..model import TaggedClause
from ..scoring import FLAG_CODES, FLAG_TITLES, Flag
from .contract import ContractReport, PortfolioRow, portfolio_row
from .highlight import Mark, highlight

CSS = """
:root{--ink:#1d2a22;--muted:#5b6b61;--line:#d9e2dc;--red:#c0392b;--amber:#d68910;--green:#1e8449;--bg:#f7faf8}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{margin:0 0 4px}
h2{margin:32px 0 8px;border-bottom:2px solid var(--line);padding-bottom:4px}
h3{margin:20px 0 8px}
.muted{color:var(--muted)}
table{border-collapse:collapse;width:100%;background:#fff;margin:8px 0}
th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top;font-size:14px}
th{background:#eef3ef}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:8px 0}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px 14px;min-width:140px}
.card .value{font-size:20px;font-weight:700}
.card .label{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
.risk-high{color:var(--red)}
.risk-medium{color:var(--amber)}
.risk-low{color:var(--green)}
.risk-none{color:var(--muted)}
.explanation{background:#fff;border-left:4px solid var(--line);padding:8px 12px}
.clause{background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px 14px;margin:10px 0}
.clause header{font-size:13px;color:var(--muted);margin-bottom:4px}
.clause .text{margin:4px 0;white-space:pre-wrap}
.chip{display:inline-block;border-radius:10px;padding:0 8px;margin-right:4px;font-size:12px;background:#eef3ef}
.chip.output{background:#fde2de}
.chip.outcome{background:#d5f5e3}
.chip.penalty{background:#fadbd8}
.chip.collaborative{background:#d6eaf8}
.flag{display:inline-block;border-radius:4px;padding:0 6px;margin-right:4px;font-size:12px;background:#fdebd0;border:1px solid #f5cba7}
.flag.watermelon{background:#fadbd8;border-color:#e6b0aa}
ul.reasons{margin:6px 0 0 18px;padding:0}
mark.ev{background:#fff3b0;padding:0 1px;border-radius:2px}
mark.ev-flag{background:#ffd6a5;font-weight:600}
mark.ev-focus.ev-style{background:#ffe08a}
.filters button{margin:0 4px 4px 0;border:1px solid var(--line);background:#fff;border-radius:14px;padding:2px 10px;cursor:pointer}
.filters button.active{background:var(--ink);color:#fff}
.hidden{display:none}
svg.chart{background:#fff;border:1px solid var(--line);border-radius:8px;max-width:100%;height:auto}
svg.chart text{font:12px system-ui,sans-serif;fill:#1d2a22}
svg.chart text.num{font-size:10px;font-weight:700}
svg.chart .axis{stroke:#5b6b61}
svg.chart .grid{stroke:#e6ece8}
details{margin:8px 0}
summary{cursor:pointer;font-weight:600}
footer{margin:40px 0 0;font-size:12px;color:var(--muted)}
""".strip()

SCRIPT = """
(function () {
  document.querySelectorAll('.filters').forEach(function (bar) {
    var section = bar.closest('section');
    bar.addEventListener('click', function (event) {
      var button = event.target.closest('button');
      if (!button) { return; }
      var code = button.getAttribute('data-flag');
      bar.querySelectorAll('button').forEach(function (b) { b.classList.toggle('active', b === button); });
      section.querySelectorAll('article.clause').forEach(function (card) {
        var codes = (card.getAttribute('data-flags') || '').split(' ');
        card.classList.toggle('hidden', code !== 'all' && codes.indexOf(code) < 0);
      });
    });
  });
})();
""".strip()

NAMED_POINTS = 6  # more contracts than this: points show their table number only
VERDICT_COLOURS = {"high": "#c0392b", "medium": "#d68910", "low": "#1e8449", "none": "#7f8c8d"}


def _hash(source: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")


def _e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def render_html(reports: Sequence[ContractReport], *, title: str = "Watermelon report") -> str:
    rows = [portfolio_row(r) for r in reports]
    csp = f"default-src 'none'; style-src '{_hash(CSS)}'; script-src '{_hash(SCRIPT)}'; img-src data:; base-uri 'none'; form-action 'none'"
    body = [
        "<main>",
        f'<header><h1>{_e(title)}</h1><p class="muted">{len(reports)} contract{"s" if len(reports) != 1 else ""} · '
        f"watermelon {_e(__version__)} · risk 0–100 rises with output metrics enforced by sanctions, falls with outcome "
        "metrics and joint governance</p></header>",
        '<section id="portfolio"><h2>Portfolio</h2>',
        _summary_table(rows),
        _chart(rows),
        "</section>",
    ]
    body.extend(_contract_section(index, report) for index, report in enumerate(reports, start=1))
    body.append(
        "<footer>Generated by Watermelon. Scores and flags come from automatic tagging: check each cited clause "
        "before acting on it.</footer></main>"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_e(csp)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{CSS}</style></head><body>" + "".join(body) + f"<script>{SCRIPT}</script></body></html>\n"
    )


def _summary_table(rows: Sequence[PortfolioRow]) -> str:
    head = (
        '<table class="summary"><thead><tr><th>#</th><th>Contract</th><th>Watermelon risk</th><th>Verdict</th><th>Outcome share</th>'
        "<th>Penalty share</th><th>Joint governance</th><th>SLA clauses</th><th>Watermelon clauses</th><th>Flags</th></tr></thead><tbody>"
    )
    lines = []
    for index, row in enumerate(rows, start=1):
        risk = "—" if row.watermelon_risk is None else str(row.watermelon_risk)
        lines.append(
            f'<tr><td>{index}</td><td><a href="#contract-{index}">{_e(row.contract)}</a></td>'
            f'<td class="risk-{_e(row.verdict)}"><strong>{_e(risk)}</strong></td><td>{_e(_verdict_text(row.verdict))}</td>'
            f"<td>{_percent(row.outcome_share)}</td><td>{_percent(row.penalty_share)}</td>"
            f"<td>{'yes' if row.governance_present else 'no'}</td><td>{row.sla_clauses}</td><td>{row.watermelon_clauses}</td>"
            f"<td>{row.flags}</td></tr>"
        )
    return head + "".join(lines) + "</tbody></table>"


def _verdict_text(verdict: str) -> str:
    return {"high": "look first", "medium": "mixed", "low": "low risk", "none": "no service levels found"}.get(verdict, verdict)


def _chart(rows: Sequence[PortfolioRow]) -> str:
    """Contracts on the outcome-share (x) vs penalty-share (y) plane; the watermelon
    corner is top left: few outcome KPIs, consequences by sanction."""
    width, height, left, right, top, bottom = 560, 440, 60, 20, 20, 50
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(value: float) -> float:
        return left + value * plot_w

    def y(value: float) -> float:
        return top + (1 - value) * plot_h

    parts = [
        f'<svg class="chart" id="risk-chart" role="img" aria-labelledby="chart-title" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">',
        '<title id="chart-title">Contracts by outcome share and penalty share</title>',
        f'<rect x="{x(0)}" y="{y(1)}" width="{plot_w / 2}" height="{plot_h / 2}" fill="#fdecea"/>',
        f'<rect x="{x(0.5)}" y="{y(0.5)}" width="{plot_w / 2}" height="{plot_h / 2}" fill="#e9f7ef"/>',
    ]
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        parts.append(f'<line class="grid" x1="{x(tick)}" y1="{y(0)}" x2="{x(tick)}" y2="{y(1)}"/>')
        parts.append(f'<line class="grid" x1="{x(0)}" y1="{y(tick)}" x2="{x(1)}" y2="{y(tick)}"/>')
        parts.append(f'<text x="{x(tick)}" y="{y(0) + 16}" text-anchor="middle">{tick:.0%}</text>')
        parts.append(f'<text x="{x(0) - 8}" y="{y(tick) + 4}" text-anchor="end">{tick:.0%}</text>')
    parts.append(f'<line class="axis" x1="{x(0)}" y1="{y(0)}" x2="{x(1)}" y2="{y(0)}"/>')
    parts.append(f'<line class="axis" x1="{x(0)}" y1="{y(0)}" x2="{x(0)}" y2="{y(1)}"/>')
    parts.append(f'<text x="{x(0.5)}" y="{height - 10}" text-anchor="middle">outcome share of KPIs →</text>')
    parts.append(
        f'<text x="16" y="{y(0.5)}" text-anchor="middle" transform="rotate(-90 16 {y(0.5)})">penalty share of consequences →</text>'
    )
    placed: list[tuple[float, float]] = []
    numbered = list(enumerate(rows, start=1))
    plotted = [(n, r) for n, r in numbered if r.outcome_share is not None and r.penalty_share is not None]
    missing = [f"{n}. {r.contract}" for n, r in numbered if r.outcome_share is None or r.penalty_share is None]
    named = len(plotted) <= NAMED_POINTS
    for number, row in sorted(plotted, key=lambda item: (-(item[1].penalty_share or 0.0), item[1].outcome_share or 0.0)):
        assert row.outcome_share is not None and row.penalty_share is not None
        cx, cy = x(row.outcome_share), y(row.penalty_share)
        radius = 8 + min(8, row.sla_clauses / 10)
        colour = VERDICT_COLOURS.get(row.verdict, "#7f8c8d")
        risk = "—" if row.watermelon_risk is None else row.watermelon_risk
        label = ""
        if named:
            anchor, dx = ("end", -radius - 4) if row.outcome_share > 0.6 else ("start", radius + 4)
            label_x, label_y = cx + dx, cy + 4
            while any(abs(label_y - py) < 14 and abs(label_x - px) < 200 for px, py in placed):
                label_y += 14  # keep labels of nearby contracts apart
            placed.append((label_x, label_y))
            label = f'<text x="{label_x:.1f}" y="{label_y:.1f}" text-anchor="{anchor}">{_e(_short(row.contract))} ({_e(risk)})</text>'
        parts.append(
            f'<g class="point" data-contract="{_e(row.contract)}"><title>{number}. {_e(row.contract)}: risk {_e(risk)}, '
            f"outcome share {_percent(row.outcome_share)}, penalty share {_percent(row.penalty_share)}</title>"
            f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{radius:.1f}" fill="{colour}" fill-opacity="0.7" stroke="#1d2a22"/>'
            f'<text class="num" x="{cx:.1f}" y="{cy + 4:.1f}" text-anchor="middle">{number}</text>{label}</g>'
        )
    parts.append("</svg>")
    parts.append(
        '<p class="muted">Red area: the watermelon zone (few outcome KPIs, consequences by sanction). '
        "Green area: outcomes with collaborative consequences. Numbers are the rows of the table above; "
        "colour is the verdict, size the number of SLA clauses.</p>"
    )
    if missing:
        parts.append(
            '<p class="muted">Not on the chart (no KPI with a focus, or no consequence with a style): '
            + ", ".join(_e(m) for m in missing)
            + "</p>"
        )
    return "".join(parts)


def _short(name: str, limit: int = 34) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _contract_section(index: int, report: ContractReport) -> str:
    s = report.scores
    doc = report.document
    risk = "—" if s.watermelon_risk is None else str(s.watermelon_risk)
    cards = [
        ("Watermelon risk", risk, f"risk-{s.verdict}"),
        ("Verdict", _verdict_text(s.verdict), f"risk-{s.verdict}"),
        ("Outcome share", f"{_percent(s.outcome_share)} ({s.outcome_kpis}/{s.kpi_clauses})", ""),
        ("Penalty share", f"{_percent(s.penalty_share)} ({s.penalty_clauses}/{s.styled_clauses})", ""),
        ("Collaborative share", f"{_percent(s.collaborative_share)} ({s.collaborative_clauses}/{s.styled_clauses})", ""),
        ("Joint governance", f"{'yes' if s.governance_present else 'no'} ({s.governance_clauses} clauses)", ""),
        ("Watermelon clauses", str(s.watermelon_clauses), ""),
    ]
    card_html = "".join(
        f'<div class="card"><div class="label">{_e(label)}</div><div class="value {_e(cls)}">{_e(value)}</div></div>'
        for label, value, cls in cards
    )
    parts = [
        f'<section class="contract" id="contract-{index}"><h2>{_e(report.name)}</h2>',
        f'<p class="muted">{_e(doc.format)} · {doc.pages} page{"s" if doc.pages != 1 else ""} · language {_e(doc.language)} · '
        f"{len(report.clauses)} clauses, {s.sla_clauses} SLA clauses · sha256 {_e(doc.sha256[:12])}…</p>",
        f'<div class="cards">{card_html}</div>',
        f'<p class="explanation">{_e(s.explanation)}</p>',
    ]
    parts.append(_flagged_clauses(report))
    parts.append(_suggestions(report))
    parts.append(_inventory(report))
    parts.append("</section>")
    return "".join(parts)


def _flagged_clauses(report: ContractReport) -> str:
    if not report.flags:
        return '<h3>Flagged clauses</h3><p class="muted">No clause flagged.</p>'
    by_clause: dict[str, list[Flag]] = {}
    for flag in report.flags:
        by_clause.setdefault(flag.clause_id, []).append(flag)
    counts = {code: sum(f.code == code for f in report.flags) for code in FLAG_CODES}
    buttons = ['<button type="button" class="active" data-flag="all">all</button>'] + [
        f'<button type="button" data-flag="{_e(code)}">{_e(FLAG_TITLES[code])} ({n})</button>' for code, n in counts.items() if n
    ]
    parts = [
        f"<h3>Flagged clauses ({len(by_clause)})</h3>",
        '<p class="muted"><mark class="ev ev-focus">Yellow</mark>: words that decided the clause\'s focus or style. '
        '<mark class="ev ev-flag">Orange</mark>: words that triggered a flag.</p>',
        f'<div class="filters" role="toolbar" aria-label="Filter flagged clauses">{"".join(buttons)}</div>',
    ]
    for tagged in report.clauses:
        flags = by_clause.get(tagged.clause.id)
        if flags:
            parts.append(_clause_card(tagged, flags))
    return "".join(parts)


def _clause_card(tagged: TaggedClause, flags: Sequence[Flag]) -> str:
    clause, tags = tagged.clause, tagged.tags
    marks = [Mark(e.start, e.end, tag) for tag in ("focus", "style") for e in tags.evidence.get(tag, ()) if e.weight > 0]
    # A watermelon flag's evidence is the focus/style evidence itself, already marked.
    marks += [Mark(span.start, span.end, "flag") for flag in flags if flag.code != "watermelon" for span in flag.evidence]
    page = "?" if clause.page_start is None else str(clause.page_start)
    if clause.page_end is not None and clause.page_end != clause.page_start:
        page += f"–{clause.page_end}"
    chips = "".join(f'<span class="chip {_e(v)}">{_e(v)}</span>' for v in (tags.focus, tags.style) if v)
    badges = "".join(f'<span class="flag {_e(f.code)}">{_e(f.title)}</span>' for f in flags)
    reasons = "".join(f"<li><strong>{_e(f.title)}:</strong> {_e(f.reason)}</li>" for f in flags)
    codes = " ".join(dict.fromkeys(f.code for f in flags))
    return (
        f'<article class="clause" data-flags="{_e(codes)}" data-clause="{_e(clause.id)}">'
        f"<header>Section {_e(clause.section or '—')} · page {_e(page)} · {chips} {badges}</header>"
        f'<p class="text">{highlight(clause.text, marks)}</p><ul class="reasons">{reasons}</ul></article>'
    )


def _suggestions(report: ContractReport) -> str:
    if not report.suggestions:
        return '<h3>Suggestions</h3><p class="muted">No risky KPI to rework.</p>'
    rows = "".join(
        f"<tr><td>{_e(s.measures)}</td><td>{_e(s.outcome_counterpart)}</td><td>{_e(s.collaborative_remedy)}</td>"
        f"<td>{_e(', '.join(s.sections) or '—')}</td></tr>"
        for s in report.suggestions
    )
    return (
        f'<h3>Suggestions ({len(report.suggestions)})</h3><table class="suggestions"><thead><tr><th>Measures now</th>'
        f"<th>Outcome-oriented counterpart</th><th>Collaborative remedy</th><th>Sections</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def _inventory(report: ContractReport) -> str:
    rows = []
    for e in report.inventory:
        metrics = "; ".join(" ".join(filter(None, (m.name, m.target))) for m in e.metrics if m.name or m.target)
        credit = "" if e.credit_value is None else f"{e.credit_value:g} {e.credit_unit or ''}".strip()
        cap = "" if e.cap_value is None else f"{e.cap_value:g} {e.cap_unit or ''}".strip()
        rows.append(
            f"<tr><td>{_e(e.section or '—')}</td><td>{_e(e.page_start)}</td><td>{_e(e.focus or '')}</td><td>{_e(e.style or '')}</td>"
            f"<td>{_e(metrics)}</td><td>{_e(e.target or '')}</td><td>{_e(e.window or '')}</td><td>{_e(e.measurement or '')}</td>"
            f"<td>{_e(' '.join(e.consequence_kinds))}</td><td>{_e(credit)}</td><td>{_e(cap)}</td><td>{_e(_short(e.text, 160))}</td></tr>"
        )
    return (
        f'<details><summary>SLA inventory ({len(report.inventory)} clauses)</summary><table class="inventory"><thead><tr>'
        "<th>Section</th><th>Page</th><th>Focus</th><th>Style</th><th>Metrics</th><th>Target</th><th>Window</th>"
        "<th>Measurement</th><th>Consequences</th><th>Credit</th><th>Cap</th><th>Clause</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></details>"
    )
