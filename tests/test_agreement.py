"""Human agreement on the dev set: the scorer, the stored blind labelings, and the card."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analyzer.tagging.agreement import BLIND_LABELS, BlindPair, agreement, cohen_kappa, load_blind_pairs
from analyzer.tagging.card import render_card
from analyzer.tagging.evaluate import score_tag
from tests.conftest import CORPUS, REPO

DEVSET = REPO / "tests" / "devset"


def test_kappa_matches_scikit_learn() -> None:
    from sklearn.metrics import cohen_kappa_score

    a = [True, True, False, False, True, False, True, True, False, True]
    b = [True, False, False, False, True, True, True, True, False, False]
    assert cohen_kappa(a, b) == pytest.approx(cohen_kappa_score(a, b))
    assert cohen_kappa(a, a) == pytest.approx(1.0)


def test_kappa_refuses_sequences_of_different_length() -> None:
    with pytest.raises(ValueError):
        cohen_kappa([True], [True, False])


def test_labelers_who_agree_everywhere_score_one_and_disagreement_lowers_it() -> None:
    labelings = [(True, "output", "penalty"), (False, None, None), (True, "outcome", None)]
    same = [BlindPair(f"c{i}", labels, labels) for i, labels in enumerate(labelings)]
    perfect = agreement(same)
    assert perfect.kappa_is_sla == 1.0
    assert all(s.macro_f1 == 1.0 for s in perfect.second_against_first.values())

    differing = [*same[:2], BlindPair("c2", (True, "outcome", None), (False, None, None))]
    result = agreement(differing)
    assert result.sla_first == 2 and result.sla_second == 1
    assert result.second_against_first["is_sla"].macro_f1 < 1.0
    # focus is scored on the reference's SLA clauses: the second labeler missed one of them
    assert result.second_against_first["focus"].recall["outcome"] == 0.0
    # with the second labeler as reference, the first matches on every clause the second calls SLA
    assert result.first_against_second["focus"].macro_f1 == 1.0


def test_a_blind_label_that_breaks_labeling_md_names_the_file(tmp_path: Path, corpus: Path) -> None:
    row = json.loads((DEVSET / BLIND_LABELS).read_text(encoding="utf-8").splitlines()[0])
    row["second"] = {"is_sla": False, "focus": "output", "style": None}
    bad = tmp_path / BLIND_LABELS
    bad.write_text(json.dumps(row) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=f"{BLIND_LABELS}.*{row['file']}.*no focus"):
        load_blind_pairs(bad, CORPUS)


def test_blind_labelings_cover_the_dev_set_and_agree_with_its_history(corpus: Path) -> None:
    from analyzer.tagging.devset import load_devset

    pairs = load_blind_pairs(DEVSET / BLIND_LABELS, CORPUS)
    final = {row.id: (row.is_sla, row.focus, row.style) for row in load_devset(DEVSET, CORPUS)}
    assert [p.id for p in pairs] == list(final)
    # where the two labelers agreed nobody adjudicated; only the third pass (22 labels,
    # FORMAT.md) changed such clauses afterwards
    changed_later = [p.id for p in pairs if p.first == p.second and final[p.id] != p.first]
    assert len(changed_later) <= 22
    # the adjudicator chose between the two labelings: a final label neither proposed
    # comes from the third pass
    neither = [p.id for p in pairs if final[p.id] not in (p.first, p.second)]
    assert len(neither) <= 22


def test_model_card_sets_the_model_beside_human_agreement() -> None:
    pairs = [
        BlindPair("a", (True, "output", "penalty"), (True, "output", None)),
        BlindPair("b", (False, None, None), (True, "output", None)),
        BlindPair("c", (True, "outcome", "collaborative"), (True, "outcome", "collaborative")),
        BlindPair("d", (False, None, None), (False, None, None)),
    ]
    human = agreement(pairs).to_dict()
    scores = {tag: score_tag(tag, ["True", "False"], ["True", "True"]) for tag in ("is_sla", "focus", "style")}
    metadata = {"counts": {}, "data_sha256": "0" * 16, "seed": 0, "versions": {}, "sources": [], "agreement": human}
    card = render_card(metadata, scores, scores, None, dev_size=4)
    section = card.split("## Human agreement on the same 4 clauses", 1)[1].split("\n## ", 1)[0]
    is_sla_row = next(line for line in section.splitlines() if line.startswith("| is_sla |"))
    cells = [cell.strip() for cell in is_sla_row.strip("|").split("|")]
    assert cells[1] == f"{human['second_against_first']['is_sla']['macro_f1']:.3f}"
    assert cells[3] == f"{scores['is_sla'].macro_f1:.3f}"
    assert f"kappa on `is_sla`: {human['kappa_is_sla']:.2f}" in section
    assert "first labeler called\n2 clauses SLA, the second 3" in section
