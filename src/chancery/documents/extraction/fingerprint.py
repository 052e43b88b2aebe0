"""Fingerprints for duplicate detection: SimHash of the normalised text (near-duplicates)."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_WORD = re.compile(r"\w+", re.UNICODE)
BITS = 64


def normalise(text: str) -> str:
    """Lower case, no diacritics (đ → d), words separated by single spaces."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(_WORD.findall(text))


def simhash(text: str) -> int:
    """A 64-bit SimHash over word trigrams, as a signed integer (PostgreSQL ``bigint``);
    0 when there is no text."""
    words = normalise(text).split()
    if not words:
        return 0
    shingles = [" ".join(words[i : i + 3]) for i in range(max(len(words) - 2, 1))]
    weights = [0] * BITS
    for shingle in shingles:
        value = int.from_bytes(hashlib.blake2b(shingle.encode(), digest_size=8).digest(), "big")
        for bit in range(BITS):
            weights[bit] += 1 if value >> bit & 1 else -1
    unsigned = sum(1 << bit for bit in range(BITS) if weights[bit] > 0)
    signed = unsigned - (1 << BITS) if unsigned >= 1 << (BITS - 1) else unsigned
    return signed or 1  # 0 means "not computed"


def hamming(a: int, b: int) -> int:
    return ((a ^ b) & ((1 << BITS) - 1)).bit_count()
