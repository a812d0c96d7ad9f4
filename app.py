"""Watermelon web app: a thin Streamlit page over the analyzer library.

Procurement uploads contracts and sees how each one and the portfolio score; legal
reviews the flagged clauses on their PDF pages, records decisions in the SQLite
review store and reads each clause's review history. Everything computed lives in
`analyzer` (see analyzer/appview.py); this file only lays it out. Start it with
`watermelon app`."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from analyzer import appview
from analyzer.ingest.render import highlighted_page_png
from analyzer.model import PageBox
from analyzer.report import ContractReport
from analyzer.review import ReviewDecision, ReviewStore, ReviewStoreError, review_csv, review_json, review_xlsx, training_jsonl
from analyzer.tagging.tagger import Tagger


@st.cache_resource(show_spinner="Loading the model…")
def tagger() -> Tagger:
    return appview.load_tagger()


@st.cache_data(show_spinner=False, max_entries=256)
def analyze(name: str, data: bytes) -> appview.FileResult:
    return appview.analyze_bytes(name, data, tagger())


@st.cache_data(show_spinner=False, max_entries=64)
def page_png(data: bytes, page: int, boxes: tuple[PageBox, ...]) -> bytes:
    return highlighted_page_png(data, page, boxes, resolution=110)


@st.cache_data(show_spinner=False)
def sample_files() -> list[tuple[str, bytes]]:
    return appview.sample_files()


def sidebar() -> tuple[list[tuple[str, bytes]], Path, str]:
    with st.sidebar:
        st.header("Contracts")
        uploads = st.file_uploader(
            "Upload contracts (PDF, DOCX, TXT, MD)", type=list(appview.UPLOAD_TYPES), accept_multiple_files=True, key="uploads"
        )
        if st.button("Load the sample contracts", key="load_samples"):
            st.session_state["use_samples"] = True
        if st.session_state.get("use_samples") and st.button("Hide the sample contracts", key="hide_samples"):
            st.session_state["use_samples"] = False
            st.rerun()
        st.header("Review")
        reviewer = st.text_input("Your name (recorded with each decision)", key="reviewer")
        db = st.text_input("Review database", value=str(appview.review_db_path(os.environ)), key="review_db")
    files = [(f.name, f.getvalue()) for f in uploads or []]
    if st.session_state.get("use_samples"):
        files += sample_files()
    return files, Path(db).expanduser(), reviewer.strip()


def open_store(path: Path) -> ReviewStore | None:
    try:
        return ReviewStore(path)
    except (ReviewStoreError, OSError) as exc:
        st.error(f"Review database {path}: {exc}")
        return None


def decisions_for(path: Path) -> dict:
    store = open_store(path)
    if store is None:
        return {}
    with store:
        return store.latest()


def history_for(path: Path, sha256: str, clause_id: str) -> list[ReviewDecision]:
    store = open_store(path)
    if store is None:
        return []
    with store:
        return store.history(sha256, clause_id)


def download_buttons(reports: list[ContractReport], stem: str, key: str) -> None:
    columns = st.columns(len(appview.DOWNLOADS))
    for column, fmt in zip(columns, appview.DOWNLOADS):
        content, file_name, mime = appview.report_download(fmt, reports, stem)
        column.download_button(f"Report {fmt.upper()}", content, file_name=file_name, mime=mime, key=f"{key}-{fmt}", on_click="ignore")


def review_downloads(reports: list[ContractReport], db: Path, stem: str, key: str) -> None:
    decisions = decisions_for(db)
    own = {k: d for k, d in decisions.items() if k[0] in {r.document.sha256 for r in reports}}
    columns = st.columns(4)
    columns[0].download_button(
        "Review CSV", review_csv(reports, own), f"{stem}-review.csv", "text/csv", key=f"{key}-rcsv", on_click="ignore"
    )
    columns[1].download_button(
        "Review JSON", review_json(reports, own), f"{stem}-review.json", "application/json", key=f"{key}-rjson", on_click="ignore"
    )
    columns[2].download_button(
        "Review XLSX",
        review_xlsx(reports, own),
        f"{stem}-review.xlsx",
        appview.DOWNLOADS["xlsx"][1],
        key=f"{key}-rxlsx",
        on_click="ignore",
    )
    columns[3].download_button(
        "Labeled JSONL",
        training_jsonl(own.values()),
        f"{stem}-labels.jsonl",
        "application/jsonl",
        key=f"{key}-rjsonl",
        on_click="ignore",
        help="Reviewed clauses in the training format; add them to models/training yourself if you want them learned.",
    )


def portfolio_view(reports: list[ContractReport], db: Path) -> None:
    st.header("Portfolio")
    st.dataframe(appview.portfolio_table(reports), hide_index=True, key="portfolio")
    download_buttons(reports, "watermelon-portfolio", "portfolio")
    review_downloads(reports, db, "watermelon-portfolio", "portfolio")


def review_form(result: appview.FileResult, card: appview.ClauseCard, db: Path, reviewer: str) -> None:
    report = result.report
    assert report is not None
    form_id = f"{result.sha256[:12]}-{card.clause_id}"
    with st.form(key=f"review-{form_id}"):
        st.markdown("**Your review**")
        is_sla = st.radio("SLA clause", ("yes", "no"), index=0 if card.model.is_sla else 1, horizontal=True, key=f"is_sla-{form_id}")
        focus_options = (appview.NO_VALUE, "output", "outcome")
        style_options = (appview.NO_VALUE, "penalty", "collaborative")
        focus = st.radio(
            "Focus", focus_options, index=focus_options.index(card.model.focus or appview.NO_VALUE), horizontal=True, key=f"focus-{form_id}"
        )
        style = st.radio(
            "Style", style_options, index=style_options.index(card.model.style or appview.NO_VALUE), horizontal=True, key=f"style-{form_id}"
        )
        comment = st.text_area("Comment", key=f"comment-{form_id}")
        agree_clicked = st.form_submit_button("Agree with the model")
        correct_clicked = st.form_submit_button("Save correction")
    if notice := st.session_state.pop("review_notice", None):
        st.success(notice)
    if not (agree_clicked or correct_clicked):
        return
    if not reviewer:
        st.error("Enter your name in the sidebar first: every decision records who made it.")
        return
    try:
        decision = appview.decision_from_form(
            report,
            card.clause_id,
            reviewer=reviewer,
            action="agree" if agree_clicked else "correct",
            is_sla=is_sla == "yes",
            focus=focus,
            style=style,
            comment=comment,
        )
    except ValueError as exc:
        st.error(str(exc))
        return
    store = open_store(db)
    if store is None:
        return
    with store:
        store.register_document(appview.document_record(result))
        saved = store.record(decision)
    # Rerun so the queue table above shows the new status; the notice survives the rerun.
    st.session_state["review_notice"] = f"Saved: {saved.reviewer} {'agreed' if saved.agrees else 'corrected the tags'} on {card.label}."
    st.rerun()


def review_history(result: appview.FileResult, card: appview.ClauseCard, db: Path) -> None:
    rows = appview.history_rows(history_for(db, result.sha256, card.clause_id))
    # A fixed label: a count in it would make Streamlit see a new expander and close it after each save.
    with st.expander("Review history"):
        if rows:
            st.dataframe(rows, hide_index=True)
        else:
            st.caption("No decision recorded on this clause yet.")


def page_images(data: bytes, card: appview.ClauseCard) -> None:
    shown, note = appview.pages_to_show(card.pages)
    for page in shown:
        st.image(page_png(data, page.number, page.boxes), caption=page.caption, width="stretch")
    if note:
        st.caption(note)


def contract_view(result: appview.FileResult, data: bytes, db: Path, reviewer: str) -> None:
    report = result.report
    assert report is not None
    scores = report.scores
    st.header(report.name)
    columns = st.columns(4)
    risk = "—" if scores.watermelon_risk is None else f"{scores.watermelon_risk}/100"
    columns[0].metric("Watermelon risk", f"{risk} ({scores.verdict})")
    columns[1].metric("Outcome share", "—" if scores.outcome_share is None else f"{scores.outcome_share:.0%}")
    columns[2].metric("Penalty share", "—" if scores.penalty_share is None else f"{scores.penalty_share:.0%}")
    columns[3].metric("Governance", "yes" if scores.governance_present else "no")
    st.write(scores.explanation)
    download_buttons([report], Path(report.name).stem, f"contract-{result.sha256}")

    cards = appview.clause_cards(report)
    if not cards:
        st.info("No SLA or flagged clause to review in this contract.")
        return
    st.subheader("Clauses to review, most important first")
    decisions = decisions_for(db)
    st.dataframe(appview.queue_table(report, decisions), hide_index=True, key=f"queue-{result.sha256}")
    by_id = {card.clause_id: card for card in cards}
    clause_id = st.selectbox("Clause", list(by_id), format_func=lambda cid: by_id[cid].label, key=f"clause-{result.sha256}")
    card = by_id[clause_id]
    left, right = st.columns([3, 2])
    with left:
        st.caption(card.tags)
        st.html(card.text_html)
        for title, reason in card.flags:
            st.markdown(f"- **{title}**: {reason}")
        if (result.sha256, card.clause_id) in decisions:
            st.caption(f"Current review: {appview.review_status(card, result.sha256, decisions)}")
        review_form(result, card, db, reviewer)
        review_history(result, card, db)
    with right:
        if report.document.format == "pdf":
            page_images(data, card)
        else:
            st.caption("Page images are shown for PDF contracts.")
    review_downloads([report], db, Path(report.name).stem, f"contract-{result.sha256}")


def main() -> None:
    st.set_page_config(page_title="Watermelon", page_icon="🍉", layout="wide")
    st.html(appview.CLAUSE_CSS)
    st.title("Watermelon: contract and SLA review")
    files, db, reviewer = sidebar()
    files, duplicates = appview.unique_files(files)
    for name in duplicates:
        st.info(f"{name}: same content as another file, shown once.")
    if not files:
        st.info("Upload contracts in the sidebar, or load the bundled sample contracts.")
        return
    results: list[appview.FileResult] = []
    with st.spinner(f"Analyzing {len(files)} file(s)…"):
        for name, data in files:
            results.append(analyze(name, data))
    for failed in (r for r in results if not r.ok):
        st.error(f"{failed.name}: {failed.error}")
    ok = [r for r in results if r.report is not None]
    if not ok:
        return
    reports = [r.report for r in ok if r.report is not None]
    portfolio_view(reports, db)
    ordered = appview.by_risk(reports)
    by_sha = {r.sha256: r for r in ok}
    data_by_sha = {r.sha256: data for r, (_, data) in zip(results, files) if r.ok}
    names = {r.document.sha256: r.name for r in ordered}
    st.divider()
    chosen = st.selectbox("Contract", list(names), format_func=names.__getitem__, key="contract")
    contract_view(by_sha[chosen], data_by_sha[chosen], db, reviewer)


main()
