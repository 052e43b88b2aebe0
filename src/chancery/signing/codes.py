"""Verification codes printed on every signed document: short, unambiguous, self-checking.

Twelve Crockford base32 symbols in three groups (``7KQM-4XT2-9BZ5``): 55 random bits and a
check symbol (position-weighted sum modulo 31, so that any single mistyped symbol but the
0/Z pair and any swap of neighbours is caught), so that a mistyped code is recognised as
such instead of answering "not found". Every symbol is URL-safe. Reading is lenient: case,
``I``/``L`` for 1, ``O`` for 0, missing or extra dashes and spaces are accepted.
"""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_RANDOM_SYMBOLS = 11


def _check_symbol(symbols: str) -> str:
    total = sum((weight + 1) * ALPHABET.index(symbol) for weight, symbol in enumerate(symbols))
    return ALPHABET[total % 31]


def new_code() -> str:
    symbols = "".join(secrets.choice(ALPHABET) for _ in range(_RANDOM_SYMBOLS))
    full = symbols + _check_symbol(symbols)
    return f"{full[0:4]}-{full[4:8]}-{full[8:12]}"


def normalise(text: str) -> str | None:
    """The canonical form of a typed code, or ``None`` if it cannot be one of ours."""
    cleaned = (
        text.strip()
        .upper()
        .replace("-", "")
        .replace(" ", "")
        .replace("O", "0")
        .replace("I", "1")
        .replace("L", "1")
    )
    if len(cleaned) != _RANDOM_SYMBOLS + 1:
        return None
    body, check = cleaned[:-1], cleaned[-1]
    if any(symbol not in ALPHABET for symbol in body) or _check_symbol(body) != check:
        return None
    return f"{cleaned[0:4]}-{cleaned[4:8]}-{cleaned[8:12]}"
