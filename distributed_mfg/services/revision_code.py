# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Letter codes of design revisions: A, B, ... Z, AA, AB ... (pure Python).

Revisions are numbered 1, 2, 3... per design; the code is the bijective
base-26 spelling of that number, as drawing revision blocks use.
"""

from collections.abc import Iterable

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def revision_code(number: int) -> str:
    """Return the letter code of revision ``number`` (1-based).

    >>> [revision_code(n) for n in (1, 2, 26, 27, 28, 52, 53, 702, 703)]
    ['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']
    """
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        raise ValueError(f"A revision number is a positive integer, got {number!r}.")
    code = ""
    while number:
        number, rest = divmod(number - 1, 26)
        code = _LETTERS[rest] + code
    return code


def revision_number(code: str) -> int:
    """Return the number of revision ``code`` (inverse of :func:`revision_code`).

    >>> [revision_number(c) for c in ("A", "Z", "AA", "aaa")]
    [1, 26, 27, 703]
    """
    if not code or not code.isascii() or not code.isalpha():
        raise ValueError(f"A revision code is made of letters A-Z, got {code!r}.")
    number = 0
    for letter in code.upper():
        number = number * 26 + _LETTERS.index(letter) + 1
    return number


def next_revision_number(existing: Iterable[int]) -> int:
    """Return the number following the highest of ``existing`` (1 if none).

    >>> next_revision_number([]), next_revision_number([1, 3])
    (1, 4)
    """
    return max(existing, default=0) + 1
