"""The number a value span states: digits ("99.5", "1,000", Dutch "1.000,50") or
words ("twenty-four", "one hundred and twenty", "vierentwintig").

Contracts write a number in words and digits ("five percent (5%)"); the digits win
when both are there, as they are the unambiguous form.
"""

from __future__ import annotations

import re

_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_ONES = {
    # English
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    # Dutch
    "nul": 0,
    "een": 1,
    "één": 1,
    "twee": 2,
    "drie": 3,
    "vier": 4,
    "vijf": 5,
    "zes": 6,
    "zeven": 7,
    "acht": 8,
    "negen": 9,
    "tien": 10,
    "elf": 11,
    "twaalf": 12,
    "dertien": 13,
    "veertien": 14,
    "vijftien": 15,
    "zestien": 16,
    "zeventien": 17,
    "achttien": 18,
    "negentien": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "twintig": 20,
    "dertig": 30,
    "veertig": 40,
    "vijftig": 50,
    "zestig": 60,
    "zeventig": 70,
    "tachtig": 80,
    "negentig": 90,
}
_SCALES = {"hundred": 100, "thousand": 1000, "honderd": 100, "duizend": 1000}
# Dutch writes units before tens in one word: "vierentwintig" (four-and-twenty).
_DUTCH_COMPOUND = re.compile(rf"^({'|'.join(k for k in _ONES if _ONES[k] < 10)})[eë]n({'|'.join(_TENS)})$")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def parse_number(text: str) -> float | None:
    """The first number in `text`: its digits if it has any, else its number words."""
    match = _DIGITS.search(text)
    if match:
        return _parse_digits(match.group())
    return _parse_words(text)


def _parse_digits(digits: str) -> float:
    separators = [c for c in digits if c in ".,"]
    if not separators:
        return float(digits)
    if len(set(separators)) == 2:  # "1,000.50" / "1.000,50": the last one is the decimal point
        decimal = separators[-1]
        grouping = "," if decimal == "." else "."
        return float(digits.replace(grouping, "").replace(decimal, "."))
    separator = separators[0]
    groups = digits.split(separator)
    # "1,000" and "10.000.000" group thousands; "99.5", "99,95" and "0,125" are decimals.
    if len(groups) > 2 or (len(groups[1]) == 3 and groups[0] != "0"):
        return float("".join(groups))
    return float(digits.replace(",", "."))


def _parse_words(text: str) -> float | None:
    """The first run of number words ('twenty-four', 'one hundred and five'), or None."""
    total = current = 0
    found = False
    for word in _WORD.findall(text.lower()):
        value = _word_value(word)
        if value is None:
            if word in ("and", "en") and found:
                continue
            if found:
                break
            continue
        found = True
        if word in _SCALES:
            current = max(current, 1) * _SCALES[word]
            if _SCALES[word] >= 1000:
                total, current = total + current, 0
        else:
            current += value
    return float(total + current) if found else None


def _word_value(word: str) -> int | None:
    if word in _ONES:
        return _ONES[word]
    if word in _TENS:
        return _TENS[word]
    if word in _SCALES:
        return _SCALES[word]
    compound = _DUTCH_COMPOUND.match(word)
    if compound:
        return _ONES[compound.group(1)] + _TENS[compound.group(2)]
    return None
