"""The model card: how the model was made and how well it does, written by `train`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .context import IN_SLA_SECTION_THRESHOLD
from .evaluate import TagScores
from .tagger import SLA_THRESHOLD

_HOW_MADE = """\
## Training data

Every training clause was written by the Watermelon team for this purpose (no
sentence comes from a real contract; the real contracts in `shared/corpus/` are
only used to measure generalisation, never to train). The files in
`models/training/` (JSONL, format in `FORMAT.md`) cover service desk, hosting,
network, application management, facilities, BPO, cloud, telecom and software
maintenance; table rows as the segmenter renders them; metric definitions; the
hard cases of LABELING.md (first-contact resolution, availability at the network
edge, satisfaction surveys, earn-back, sole-remedy credits, rectification plans,
joint service boards, gain-share); and non-SLA boilerplate with hard negatives
(percentages and deadlines that are not service levels). Clauses were drafted in
batches per theme, labeled by LABELING.md as they were written, then checked
for duplicates and label consistency by script. Borderline types (support hours,
severity definitions, continuous improvement, joint reviews of service levels,
exclusions) follow the decisions in `tests/devset/GUIDANCE.md`; when that guidance
was written, a reviewer re-read the whole training set against it and relabeled
the clauses that contradicted it. The latest batches, `mixed_collaboration_non_sla.jsonl`,
`mixed_duties_numbers_non_sla.jsonl` and `mixed_legal_senses_non_sla.jsonl`, answer words
our data tied to service levels (see Caveats and `FORMAT.md`). Before them,
`mixed_severity_pointers.jsonl`
(115 clauses, written without looking at the corpus), holds only non-SLA clauses of
the types the model most often called SLA on real contracts: severity and priority
definitions without a target, pointer definitions of "Service Levels", KPI-table
lead-ins, change control over the KPI set, and deadlines that are not service
levels. Its writer also wrote 55 contrasting SLA clauses; they were left out because
the existing data already holds such clauses and, on the dev set, adding them moved
focus predictions of three clauses the wrong way (a dev-set choice).

## Model

Three scikit-learn `Pipeline`s, one per tag, each: hashed word 1-2-grams and
character 3-4-grams (tf-idf, digits folded to 0, the clause's own number such as
"4.23" or "(b)" blanked, plus one token per spaCy rule
span such as `wm_percent`, `wm_credit`) into a logistic regression calibrated
with Platt scaling (`CalibratedClassifierCV`, sigmoid, 3 folds). `is_sla` learns
from all clauses; `focus` (output / outcome / none) and `style` (penalty /
collaborative / none) learn from SLA clauses only. At run time a clause is SLA
when P(is_sla) >= {threshold} (below 0.5 because real clauses score lower than ours;
chosen on the dev set, see `tagger.SLA_THRESHOLD`); its focus and style are the most probable class, the
reported probability is that class's probability given an SLA clause (for a
non-SLA clause, 1 - P(is_sla)). In `analyze` a clause under a heading that names
service levels, KPIs and the like needs only P(is_sla) >= {in_section}
(`analyzer/tagging/context.py`); the dev-set scores below are for bare text, as
`classify` and `evaluate` see it. Some clauses are settled by their form, not their
score (`tagging/forms.py`, each form a decision of LABELING.md / GUIDANCE.md): SLA
are a definition of how a service-level metric is measured and a commitment to meet the
service levels by reference (both with no style unless the clause adds a consequence or
governance), a service level stated with its target ("the SLA is a
minimum of 99.9 percent"), service levels applying to a period, relief from the
service levels (which also settles style `penalty`, one-sided fault allocation, unless
the relief is for joint work such as a jointly run recovery plan or earn-back), a
row of a performance table keyed by its column ("Acceptable Quality Level: ...") and a
joint review of performance ("the parties shall meet monthly to review performance against
the KPIs", style `collaborative`; not when the clause carries a sanction, or is
benchmarking or change control); never SLA are a fragment of three words or fewer without a
number, a short definition that only points to where the service levels are
written (`tagging/pointers.py`), support hours or a coverage window without any
target, a severity or priority definition that opens with the level's label and states
no target ("Severity 2 - Major Impact. ..."), a boilerplate provision (disputes, force majeure, termination for
convenience, warranty, governing law, insurance, liability, indemnity, confidentiality,
intellectual property; in a dispute clause resolving and escalating count as the dispute's), price indexation (CPI,
inflation) and the customer's payment terms ("Invoices are payable within 30 days"), each only when it
names no service level or performance word. The
clause's `is_sla_form` names the form and its evidence is the matched words;
P(is_sla) is still reported. On our own training data the forms match {form_matches}
clauses and contradict none of their labels, nor do they fall for any of 216 clauses
written to trap them (`tests/form_traps.jsonl`, test data only; tests keep both so; the
87 written against this session's forms caught three: severity definitions with a target
in words ("restored the same working day", "acknowledged inside the hour") and a Dutch
review of a project's progress reports; fixed). Evidence: the words whose tf-idf weight times the
class coefficient pushed the decision most. Saved with skops; loading trusts only
the types pinned in `analyzer/tagging/models.py`.
"""


_CAVEATS = """\
## Caveats

- The dev set is ours too: 826 real clauses from `shared/corpus/`, labeled by one
  team member, relabeled blind by a second (kappa 0.71 on `is_sla`), the 127
  disagreements adjudicated from LABELING.md, and a third pass against the written
  guidance changed 22 labels (see `tests/devset/FORMAT.md`). It was
  used for error analysis: when whole genres were missed (US federal QASP tables, UK
  framework performance indicators, consequence wording of SEC filings, severity and
  support-hours near-misses) we wrote new original clauses in those genres. It is
  therefore somewhat optimistic; the sealed set held by the product owner is the
  honest measure.
- Real clauses are harder than ours (cross-validated F1 ~0.95 vs ~0.80 on the dev
  set): loosely worded commitments, Markdown table pieces and clauses that point to
  a schedule are missed, and generic service descriptions are over-called.
  `outcome` has only 12 dev examples and `collaborative` 25, so their scores (and the
  focus and style macro-F1) move a lot with a single clause or a small threshold change.
- Broad rounds of our own data no longer help: a further round of 769 original
  clauses in the register of the missed genres (and, tried alone, its 30 QASP-style
  rows) left `is_sla` unchanged and lowered focus and style on the dev set, so it is
  not in the training set. A narrow batch aimed at the commonest false positives
  did help: the 115 severity-definition and pointer negatives took dev `is_sla`
  from 0.807 to 0.827 (higher in all of 300 paired bootstrap resamples), focus
  0.784 -> 0.780 (one clause), style 0.741 -> 0.746; the pointer-definition rule
  (`tagging/pointers.py`) then took `is_sla` to 0.831 (five dev clauses, all labeled
  not SLA; no dev SLA clause matches it); the clause forms (`tagging/forms.py`) then
  took the three from 0.831 / 0.780 / 0.746 to 0.868 / 0.821 / 0.757 bare (better in
  100% / 100% / 85% of 300 paired bootstrap resamples) and from 0.836 / 0.786 / 0.757
  to 0.867 / 0.821 / 0.768 in context. The forms are decisions from the guidance,
  checked against our training labels (390 matches, no contradiction) and against
  129 trap clauses a second writer made to break them (the first version fell for 9:
  "Resolution" as a board decision, a tender called "Initial Response", "Norm:" rows
  that are a security standard or a pay cap, a vague "Performance Standard", change
  control over proposed service levels; fixed), but which
  forms to write was chosen by reading dev-set errors (QASP rows, metric definitions,
  SLA suspensions, commitments by reference, support hours), so this gain is
  optimistic; forms tried and dropped for lack of precision on our training data:
  payment and interest clauses as never SLA (31 of 196 training matches are SLA:
  payroll and billing services pay), and severity definitions without a target anywhere
  in the clause (27 of 88 training matches are SLA: "no more than two Severity 1 defects per
  release"). The narrower form now used (the level's label opens the clause, no duration,
  deadline, duty, service level or consequence anywhere in it) matches 8 training clauses and
  17 dev clauses, all labeled not SLA; it turned 2 dev false positives into true negatives
  (is_sla 0.867 -> 0.869). Dispute, force-majeure, termination-for-convenience,
  warranty, governing-law and insurance clauses are never SLA only when they name no
  service level or performance word at all: 139 training matches, all labeled not SLA,
  and on the dev set 4 clauses changed, all to their label (is_sla 0.868 -> 0.873 bare,
  0.867 -> 0.872 in context). A second, broader batch of 153
  negatives (vague operational duties, dispute escalation, commercial numbers,
  one-off deadlines, support hours) lowered `is_sla` to 0.819 and is not used;
  116 SLA clauses in plainer collaborative shapes (escalation to joint contacts,
  joint review of measurements, credits waived under a joint plan, with penalty
  contrasts) lowered `is_sla` to 0.802 and focus to 0.621 (style alone: 0.746 ->
  0.752, within noise) and are not used either.
- Two batches of original clauses aimed at the commonest remaining false positives
  (271 statement-of-work duty items, 76 of them SLA contrasts; 253 clauses with numbers
  that are no service level: notice periods, one-off deadlines, payment, quotas,
  fines not tied to service levels, 64 SLA contrasts) lowered the dev scores at the
  fixed threshold (both: 0.857 / 0.696 / 0.754; their non-SLA clauses alone: `is_sla`
  0.849) and are not used; nor did a lower or higher regularisation (C = 1, 2, 10),
  a threshold moved by the neighbouring clauses' scores in the document, or another
  estimator for `is_sla` on the same data beat the current model (dev macro-F1 at the
  best of seven thresholds: word n-grams alone 0.857, character n-grams alone 0.860,
  word 1-3-grams 0.870, character 2-5-grams 0.870, averages of two of these 0.870-0.873,
  calibrated linear SVM 0.869, NB-weighted logistic regression 0.871, L1 0.846, no
  class weights 0.872; the current model 0.873 at its threshold).
- A batch of 135 clauses against the false friends the trap clauses exposed in the
  classifier (105 not SLA: change control over the service-level set, duties to agree
  measures later, benchmarking, metric words in other senses, covenants and rate-card
  rows; 30 SLA contrasts: joint reviews, commitments, new targets) lifted the model on
  the trap clauses (is_sla 0.829 -> 0.867) but lowered it on the real dev clauses
  (0.868 / 0.821 / 0.757 -> 0.858 / 0.789 / 0.766), so it is not used.
- Also no gain: scoring each sentence of a long clause and pooling with the clause
  score (best 0.873 at the best threshold), and reweighting the outcome and collaborative
  class probabilities (x0.7 to x3: focus 0.70-0.82, style 0.74-0.76).
- Dev macro-F1 at the fixed threshold moves by about 0.01 whenever the rule spans change
  (a retrain recalibrates on three folds): correcting legal false friends ("not
  unreasonably withheld", "creates a partnership") moved it from 0.872 / 0.821 / 0.762 to
  0.864 / 0.812 / 0.752 with an unchanged dev ROC-AUC for `is_sla` (0.895 vs 0.894), and
  adding deadline comparators ("no later than", "ten hoogste") moved it back up to the
  scores above. Read differences of that size as noise.
- Targets from the issue (macro-F1 0.90 / 0.85 / 0.85 on real clauses) are not met. The
  `is_sla` target is above what our two blind labelers reached against each other (0.853,
  kappa 0.71; see Human agreement). Focus and style are different: the final labels call 232
  clauses SLA, like the second labeler (227), and against the second labeler the first reached
  0.962 / 0.928, well above the model. There the model, not the target, falls short.
- Relief from the service levels settling style `penalty` (GUIDANCE.md: exclusions and
  suspensions are one-sided fault allocation) took dev style from 0.757 to 0.771 (two
  clauses: suspended SLAs the model called no style, a quarter without service levels it
  called collaborative); the form settles the style of 5 training clauses, all labeled
  penalty, and leaves the 2 whose relief is a jointly run plan to the model. Commitments by
  reference and metric definitions with no consequence or governance word getting no style
  (GUIDANCE.md: style null) took it to 0.776 (one commitment the model called collaborative
  for "as the Parties have agreed"); 35 training clauses settled, all labeled with no style.
  A joint review of performance as SLA, collaborative (GUIDANCE.md: performance review
  meetings on service levels) then took is_sla to 0.871 and style to 0.788 (one clause the
  model had scored 0.33: "the parties will analyse monthly these measurements"); 20 training
  clauses match, all labeled SLA and collaborative; 2 benchmarking clauses that matched an
  earlier draft are why benchmarking is excluded. As with the earlier forms, which guidance
  rows to write as forms was chosen by reading dev errors, so these gains are optimistic;
  each form was checked against our training labels and trap clauses, not tuned on the dev set.
- Tried against the style gap, no gain worth keeping: the style model alone on the gold SLA
  clauses (is_sla taken as known) reaches 0.806, so most of the gap is the style model, not
  the gate; a style per sentence taken when the clause-level answer is none (0.771 -> 0.793
  at a sentence probability of 0.6, unchanged at 0.7: six clauses, a dev-tuned cut); training
  copies of each clause joined to a random non-SLA clause of ours, to mimic long real
  clauses (is_sla 0.863, focus 0.700, style 0.716); the rule-span tokens as their own
  feature block (is_sla 0.854, style 0.739); shuffled calibration folds (is_sla 0.876 at a
  threshold of 0.3 against 0.869 at 0.35 now, style 0.765: a shift of the probabilities,
  same ROC-AUC 0.895); calibration with five folds or isotonic (style 0.753, 0.739). Forms
  tried and dropped: vague standards ("within a reasonable period") as never SLA (one dev
  clause right, one wrong) and definitions of terms that name no metric (12 of 120
  training matches are SLA: metric definitions written "Complaint Rate: ...").
- Generic dispute escalation as boilerplate (GUIDANCE.md; resolving and escalating in a
  dispute clause are about the dispute): 12 more training matches, all labeled not SLA;
  on the dev set 3 matches labeled not SLA and 1 labeled SLA (a referral to the Dispute
  Resolution Procedure after a disputed performance score, whose trigger is only in the
  clause before). Liability, indemnity, confidentiality and IP provisions that name no
  service level or performance as boilerplate (LABELING.md): 100 more training matches,
  all labeled not SLA, 17 dev matches, all labeled not SLA and already so predicted.
  Retrained for new rule spans (attainment metrics, comparators after their value,
  working times qualified by their calendar): 0.871 / 0.824 / 0.788 bare before, the
  scores above after; the same noise as the item on rule spans above. A form for interest
  on late payment was dropped: 3 of its 10 training matches are SLA (invoice processing
  services that pay the late interest their errors cause).
- The clause's own number ("4.23", "(b)", "ii.") is blanked before the n-grams: it says
  where a clause stands, not what it is. Half the dev clauses open with one (23% of those
  are SLA) against one in nine of ours (58% SLA), so the number had become a feature of its
  own: the earlier model, given the dev clauses without their numbers, scored as the
  current one does with them (is_sla 0.869 vs 0.867), and the answers for 11 clauses
  (5 of them is_sla) changed on that alone. The cost on the dev set at the same threshold:
  0.873 / 0.827 / 0.788 -> 0.867 / 0.778 / 0.782. Most of the focus drop is two rows
  (cost savings confirmed by the buyer, labeled outcome) whose outcome probability was
  0.54 and 0.52 with their numbers and is 0.43 and 0.47 without; `outcome` has 12 dev
  examples. The answers no longer change when a clause comes with or without its number.
- Counting words per clause showed vocabulary our data tied to service levels: "joint",
  "meet", "review", "plan", "agreed", "escalate", Dutch "overleg" and "gezamenlijk" stood in
  74-92% SLA clauses in our data against 0-48% in the dev set's real clauses (project
  meetings, exit plans, consultation on staff), and deadlines and day counts showed the same
  skew. Two batches of non-SLA clauses answer it (`models/training/FORMAT.md`): 170 new
  ones using collaboration words in clauses that govern no performance, and the 384
  statement-of-work duties and non-service-level numbers written in session 6, left out
  then because dev macro-F1 fell at the fixed threshold. Read without the threshold, both
  rank real clauses better: dev ROC-AUC of P(is_sla) 0.893 -> 0.898 (collaboration batch
  alone), 0.902 (session-6 batch alone), 0.904 (both; average precision 0.812 -> 0.820).
  With both, at the same threshold: 0.867 / 0.778 / 0.782 -> 0.875 / 0.775 / 0.791 (13 dev
  clauses' is_sla right that were wrong, among them four Dutch "in overleg" clauses, 7
  the other way). A third batch, 200 clauses using "terminate", "failure", "performance",
  "agreed", "progress", "completion" and the like in their ordinary legal senses
  (termination for breach or insolvency, performance of obligations, a project's
  milestones), took ROC-AUC to 0.908 (average precision 0.827) and dev `is_sla` to 0.880
  (5 clauses right that were wrong, 1 the other way; focus and style unchanged). A
  fourth, 180 clauses with the next words on the list ("improvement", "critical",
  "error", "below", "sprint") in ordinary senses, left ROC-AUC where it was (0.908) and
  lowered dev focus (0.775 -> 0.738) and `is_sla` (0.880 -> 0.876): not used; the skew
  that is left is in words that also carry service levels in real contracts.
- Tried again, read without the threshold (dev ROC-AUC of P(is_sla), 0.908 now), no gain:
  training copies joined to a random non-SLA clause (0.896 with copies of every clause,
  0.864 with copies of SLA clauses only); the larger of a clause's probability and its
  best sentence's (0.909 at best, macro-F1 within 0.004); other estimators on the same
  features (multinomial naive Bayes 0.876, a linear SVM 0.910, rank averages of the two
  with ours 0.905-0.910, C=16 0.912): all within noise. 160 clauses of business results
  (revenue targets, cost savings and accuracy confirmed by the client; 100 outcome SLA
  clauses, 60 non-SLA contrasts with the same money words): ROC-AUC 0.909, average
  precision 0.826 (0.827), focus 0.769 (0.775), and the four revenue-target definitions
  they were written for stayed below P(is_sla) 0.2: not used.
- Retrained for comparators read whole ("in excess of", "no greater than", Dutch
  "hoogstens", "minstens", "kleiner dan"; a new rule span in about 50 of our clauses):
  0.880 / 0.775 / 0.791 bare before, 0.882 / 0.775 / 0.800 after (ROC-AUC 0.908 both; three
  dev clauses changed). Retrained again for windows named by their length ("rolling 12-month
  period") and units joined to their number ("50ms", "4 h"): 0.878 / 0.744 / 0.790, four dev
  clauses changed, all at P(is_sla) 0.34-0.37 around the 0.35 threshold (a Dutch outcome clause
  on re-testing a fix fell below it, which alone cost focus 0.03); and once more for sums in
  words ("two hundred dollars ($200)"): the scores above, the same clauses back across the
  threshold (ROC-AUC 0.908). Noise both ways; the model is retrained each time so that
  `watermelon train` on this repository gives the shipped model. Tokens for a clause's length (four buckets by word
  count) raised ROC-AUC to 0.910 and focus to 0.814 by moving two cost-savings rows that sat
  at P(is_sla) 0.37, and lowered `is_sla` to 0.877 and style to 0.791: noise, not used.
"""


def _table(scores: Mapping[str, TagScores]) -> list[str]:
    lines = ["| tag | class | precision | recall | F1 | support |", "|---|---|---|---|---|---|"]
    for tag, score in scores.items():
        for label in score.labels:
            p, r, f = score.precision[label], score.recall[label], score.f1[label]
            lines.append(f"| {tag} | {label} | {p:.3f} | {r:.3f} | {f:.3f} | {score.support[label]} |")
        lines.append(f"| {tag} | **macro** | | | **{score.macro_f1:.3f}** | |")
    return lines


def _agreement_section(human: Mapping[str, Any], dev: Mapping[str, TagScores]) -> list[str]:
    """Two labelers scored against each other the way the model is scored: what
    agreement on real clauses looks like, next to the model's."""
    first_ref, second_ref = human["second_against_first"], human["first_against_second"]
    return [
        f"## Human agreement on the same {human['clauses']} clauses",
        "",
        "Two of us labeled every dev clause blind, from LABELING.md alone (`tests/devset/blind_labels.jsonl`,",
        "both labelings before adjudication; `tagging/agreement.py`). Each is scored here against the other",
        "exactly as the model is scored against the final labels: `focus` and `style` on the reference's SLA",
        "clauses, so those two depend on whose SLA clauses are the reference (the first labeler called",
        f"{human['sla_first']} clauses SLA, the second {human['sla_second']}). Cohen's kappa on `is_sla`: {human['kappa_is_sla']:.2f}.",
        "",
        "| tag | second labeler against the first (macro-F1) | first against the second | model against the final labels |",
        "|---|---|---|---|",
        *(
            f"| {tag} | {first_ref[tag]['macro_f1']:.3f} | {second_ref[tag]['macro_f1']:.3f} | {dev[tag].macro_f1:.3f} |"
            for tag in dev
            if tag in first_ref
        ),
        "",
        "A target above what two people agree on cannot be reached against one person's labels:",
        "read the model's scores next to these, not only next to the targets.",
        "",
    ]


def render_card(
    metadata: Mapping[str, Any],
    cross_validation: Mapping[str, TagScores],
    dev: Mapping[str, TagScores] | None,
    baseline: Mapping[str, TagScores] | None,
    dev_size: int = 0,
    dev_in_context: Mapping[str, TagScores] | None = None,
) -> str:
    counts = metadata["counts"]
    lines = [
        "# Watermelon clause tagger: model card",
        "",
        "Written by `watermelon train`; do not edit by hand (rerun training instead).",
        "",
        f"- data fingerprint (sha256 of the training rows): `{metadata['data_sha256'][:16]}`",
        f"- seed: {metadata['seed']}; library versions: " + ", ".join(f"{k} {v}" for k, v in metadata["versions"].items()),
        f"- training files: {', '.join(metadata['sources'])}",
        f"- training clauses per tag and class: {counts}",
        "",
        _HOW_MADE.format(
            threshold=SLA_THRESHOLD, in_section=IN_SLA_SECTION_THRESHOLD, form_matches=sum(metadata.get("form_matches", {}).values())
        ),
        f"## Cross-validated scores on the training data ({metadata.get('folds', 5)}-fold, stratified)",
        "",
        *_table(cross_validation),
        "",
    ]
    if dev is not None:
        lines += [
            f"## Generalisation: our dev set of real contract clauses ({dev_size} clauses)",
            "",
            "Labels by file and character offsets in `tests/devset/` (the text stays in",
            "`shared/corpus/`). `focus` and `style` are scored on the gold SLA clauses, with",
            "a clause the model calls non-SLA counted as `none`.",
            "",
            *_table(dev),
            "",
        ]
        ranking = metadata.get("dev_ranking")
        if ranking:
            lines += [
                f"Without a threshold: ROC-AUC of P(is_sla) {ranking['roc_auc']:.3f}, average precision",
                f"{ranking['average_precision']:.3f} (the model's probability, before forms decide). A change to",
                "the training data moves F1 at a fixed threshold by the shift of the probabilities as much as",
                "by better answers; these two are not moved by that shift.",
                "",
            ]
    if dev is not None and dev_in_context is not None:
        lines += [
            "As `analyze` tags the same clauses, with their heading paths (each dev clause found in",
            "the document `analyze` reads; see `tagging/devset.headings_in_analyze` and `tagging/context.py`):",
            "",
            "| tag | bare text (`classify`) macro-F1 | with heading context (`analyze`) macro-F1 |",
            "|---|---|---|",
            *(f"| {tag} | {dev[tag].macro_f1:.3f} | {dev_in_context[tag].macro_f1:.3f} |" for tag in dev),
            "",
        ]
    human = metadata.get("agreement")
    if dev is not None and human:
        lines += _agreement_section(human, dev)
    extraction = metadata.get("extraction")
    if extraction:
        lines += [
            f"## Metric extraction on real clauses ({extraction['clauses']} dev SLA clauses, {extraction['gold']} metrics)",
            "",
            "Hand-labeled targets (value, unit, comparator, window; `tests/devset/metrics_dev.jsonl`),",
            "scored by `analyzer/nlp/assess.py`: a metric is found when its value and unit are.",
            "",
            "| precision | recall | F1 | comparator right (of found) | window right (of found) |",
            "|---|---|---|---|---|",
            f"| {extraction['precision']:.3f} | {extraction['recall']:.3f} | {extraction['f1']:.3f} "
            f"| {extraction['comparators_right']}/{extraction['found']} | {extraction['windows_right']}/{extraction['found']} |",
            "",
        ]
    lines += [_CAVEATS]
    if baseline is not None and dev is not None:
        lines += [
            "## Against a keyword-rule baseline (same dev set)",
            "",
            "| tag | keyword baseline macro-F1 | model macro-F1 | gain |",
            "|---|---|---|---|",
        ]
        for tag in dev:
            b, m = baseline[tag].macro_f1, dev[tag].macro_f1
            lines.append(f"| {tag} | {b:.3f} | {m:.3f} | {m - b:+.3f} |")
        lines.append("")
    return "\n".join(lines)
