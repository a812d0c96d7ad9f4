"""A keyword-rule baseline, the bar the trained model has to clear by a margin."""

from __future__ import annotations

import re

_SLA = re.compile(
    r"service level|\bsla\b|\bkpi|availability|uptime|response time|resolution time|service credit|"
    r"beschikbaarheid|responstijd|oplostijd|servicenorm|boete|satisfaction|tevredenheid",
    re.I,
)
_OUTCOME = re.compile(r"satisf|tevreden|\bnps\b|net promoter|experience|ervaring|complain|klacht", re.I)
_PENALTY = re.compile(r"credit|penalt|liquidated|boete|korting|malus|terminat|ontbind|withh", re.I)
_COLLABORATIVE = re.compile(r"review|improvement|jointly|joint |together|earn.?back|gain.?share|overleg|verbeter|gezamenlijk", re.I)


def baseline_labels(text: str) -> tuple[bool, str | None, str | None]:
    is_sla = bool(_SLA.search(text))
    if not is_sla:
        return False, None, None
    focus = "outcome" if _OUTCOME.search(text) else "output"
    style = "penalty" if _PENALTY.search(text) else "collaborative" if _COLLABORATIVE.search(text) else None
    return True, focus, style
