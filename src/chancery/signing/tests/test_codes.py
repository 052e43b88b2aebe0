"""Verification codes: unique enough, typed leniently, typos caught."""

from __future__ import annotations

from chancery.signing.codes import ALPHABET, new_code, normalise


def test_a_new_code_reads_back_in_any_case_and_spacing() -> None:
    code = new_code()
    assert normalise(code) == code
    assert normalise(code.lower().replace("-", " ")) == code


def test_every_single_symbol_typo_is_caught_except_the_zero_z_pair() -> None:
    code = new_code().replace("-", "")
    caught = missed = 0
    for position in range(len(code) - 1):
        for symbol in ALPHABET:
            if symbol == code[position]:
                continue
            typo = code[:position] + symbol + code[position + 1 :]
            if normalise(typo) is None:
                caught += 1
            else:
                missed += 1
                assert {symbol, code[position]} == {"0", "Z"}
    assert caught > 300
    assert missed <= len(code)


def test_swapping_neighbours_is_caught() -> None:
    code = new_code().replace("-", "")
    for position in range(len(code) - 2):
        swapped = code[:position] + code[position + 1] + code[position] + code[position + 2 :]
        # 0 and Z weigh the same modulo 31: the one pair the check symbol cannot tell apart.
        if swapped != code and {code[position], code[position + 1]} != {"0", "Z"}:
            assert normalise(swapped) is None


def test_codes_differ() -> None:
    assert len({new_code() for _ in range(2000)}) == 2000
