"""Unit words: the words after a number that say what it is measured in, and the
units of time, which make a value a duration. Extraction reads them for durations
(`extract`) and for bare numbers (`compared`)."""

from __future__ import annotations

# Unit words and the unit they give (Dutch plurals are listed; an English plural's final s is dropped before lookup).
UNIT_WORDS = {
    "millisecond": "milliseconds",
    "ms": "milliseconds",
    "msec": "milliseconds",
    "milliseconde": "milliseconds",
    "milliseconden": "milliseconds",
    "second": "seconds",
    "sec": "seconds",
    "s": "seconds",
    "seconde": "seconds",
    "seconden": "seconds",
    "minute": "minutes",
    "min": "minutes",
    "minuut": "minutes",
    "minuten": "minutes",
    "hour": "hours",
    "hr": "hours",
    "h": "hours",
    "u": "hours",
    "uur": "hours",
    "uren": "hours",
    "werkuur": "business hours",
    "werkuren": "business hours",
    "day": "days",
    "dag": "days",
    "dagen": "days",
    "werkdag": "business days",
    "werkdagen": "business days",
    "workday": "business days",
    "week": "weeks",
    "weken": "weeks",
    "month": "months",
    "maand": "months",
    "maanden": "months",
    "kalendermaand": "months",
    "kalendermaanden": "months",
    "kalenderdag": "days",
    "kalenderdagen": "days",
    "point": "points",
    "punt": "points",
    "punten": "points",
}
_TIME_UNITS = frozenset({"milliseconds", "seconds", "minutes", "hours", "business hours", "days", "business days", "weeks", "months"})


def unit_of_word(word: str) -> str | None:
    """The unit a lower-case word names ("uur": "hours", "minutes": "minutes"), or None."""
    return UNIT_WORDS.get(word) or UNIT_WORDS.get(word.rstrip("s"))


def is_time_unit(unit: str | None) -> bool:
    """Whether a unit is one of time: such a value is a duration, which needs no name to
    be a metric ("binnen vierentwintig (24) uur")."""
    return unit in _TIME_UNITS
