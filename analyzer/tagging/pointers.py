"""Definitions that only say where the service levels are written down.

LABELING.md: a definition of how a service-level metric is measured is an SLA
clause; GUIDANCE.md: a definition of the term "Service Levels" / "SLA" that points
to a schedule is not. Such a clause is full of the words the classifier has learnt
("Service Levels", "SLA", "KPI") and scores near 1.0, so the distinction is made by
its form: a short definition whose body is the service levels "set out in" some
other place, or any term that "has the meaning given" elsewhere.
"""

from __future__ import annotations

import re

# A pointer says nothing else; longer clauses may carry a measurement rule too.
_MAX_CHARS = 250

_TERM = r'(?:["“\'‘][^"”’]{1,60}["”’]|[A-Z][\w -]{1,40}?)'
_SLA_WORDS = (
    r"(?:service[- ]?levels?(?:\s+agreements?)?|SLAs?|KPIs?|key\s+performance\s+indicators?"
    r"|performance\s+(?:standards?|indicators?|levels?)|dienstverleningsniveaus?|servicelevels?|prestatie-?indicatoren)"
)
_PLACE = r"(?:set\s+(?:out|forth)|described|defined|specified|contained|referred\s+to|listed|attached|opgenomen|vermeld|beschreven)"

_POINTS_TO_SERVICE_LEVELS = re.compile(
    rf"^\s*(?:[\w.()]+\s+)?{_TERM}\s+(?:shall\s+mean|means|betekent)\s+"
    rf"(?:the\s+|de\s+|het\s+)?(?:minimum\s+|applicable\s+|agreed\s+|overeengekomen\s+)?{_SLA_WORDS}\b[^.;]{{0,120}}?\b{_PLACE}\b",
    re.I,
)
_MEANING_GIVEN_ELSEWHERE = re.compile(
    rf"^\s*(?:[\w.()]+\s+)?{_TERM}\s+(?:shall\s+)?ha(?:s|ve)\s+the\s+meaning\s+(?:given|set\s+(?:out|forth)|ascribed|assigned)\b",
    re.I,
)


def is_pointer_definition(text: str) -> bool:
    """'"Service Levels" means the service levels set out in Schedule 3' and
    '"KPIs" has the meaning given in the Performance Schedule': not SLA clauses."""
    if len(text) > _MAX_CHARS:
        return False
    lowered = text.lower()
    if "mean" not in lowered and "betekent" not in lowered:  # both forms need one ("means", "meaning")
        return False
    return bool(_POINTS_TO_SERVICE_LEVELS.match(text) or _MEANING_GIVEN_ELSEWHERE.match(text))
