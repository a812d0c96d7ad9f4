"""Where a clause stands changes how likely it is to be a service level.

`analyze` knows each clause's heading path; `classify` gets bare text. A clause
under a heading such as "Schedule 3 > Service Levels" or "Prestatie-indicatoren" is
an SLA far more often than one elsewhere (80% against 24% on our dev set), so such
a clause needs less evidence from its own words: a lower P(is_sla) threshold. The
rest keep the text-only threshold, so `analyze` and `classify` agree outside those
sections.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Measured on the dev set mapped onto `analyze` clauses (826 real clauses): 0.25 under
# these headings and the usual threshold elsewhere lifted macro-F1 is_sla / focus /
# style from 0.807 / 0.784 / 0.741 to 0.815 / 0.792 / 0.752, and no tag was worse in
# any of 300 bootstrap resamples but for is_sla in 4%. Lowering it further, or raising
# the threshold outside these headings, traded focus for is_sla.
IN_SLA_SECTION_THRESHOLD = 0.25
SLA_HEADING = re.compile(
    r"service level|\bsla\b|\bkpis?\b|performance (?:indicator|standard|metric)|quality assurance|surveillance|"
    r"support (?:level|service)|response time|availability|rebate|service credit|escalat|reporting|\bqasp\b|"
    r"dienstverlening|service ?niveau|prestatie|storing",
    re.IGNORECASE,
)


def in_sla_section(heading_path: Sequence[str]) -> bool:
    """Whether any heading above a clause names service levels or their kin."""
    return any(SLA_HEADING.search(heading) for heading in heading_path)


def threshold_for_headings(heading_path: Sequence[str], default: float) -> float:
    return min(IN_SLA_SECTION_THRESHOLD, default) if in_sla_section(heading_path) else default
