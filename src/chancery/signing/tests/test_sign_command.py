"""``chancery sign``: a batch from the command line with one PIN."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from chancery.lib.pdfgen import sample_letter
from chancery.signing.queries.validation import validate
from chancery.signing.tests.db_pki import PIN, SigningWorld


def test_the_command_signs_every_file_and_prints_codes(world: SigningWorld, tmp_path: Path) -> None:
    files = []
    for n in range(3):
        path = tmp_path / f"letter{n}.pdf"
        path.write_bytes(sample_letter(f"{n}/BNG-LS"))
        files.append(str(path))
    pin_file = tmp_path / "pin"
    pin_file.write_text(PIN + "\n")
    out = StringIO()
    call_command(
        "sign",
        *files,
        "--user",
        world.head.username,
        "--pin-file",
        str(pin_file),
        "--level",
        "B-B",
        "--out",
        str(tmp_path / "signed"),
        "--json",
        stdout=out,
    )
    results = json.loads(out.getvalue())
    assert [Path(r["signed"]).name for r in results] == [
        "letter0.signed.pdf",
        "letter1.signed.pdf",
        "letter2.signed.pdf",
    ]
    for result in results:
        assert validate(Path(result["signed"]).read_bytes()).verdict == "valid"


def test_a_wrong_pin_exits_2_and_writes_nothing(world: SigningWorld, tmp_path: Path) -> None:
    path = tmp_path / "letter.pdf"
    path.write_bytes(sample_letter())
    pin_file = tmp_path / "pin"
    pin_file.write_text("000000")
    with pytest.raises(SystemExit) as exit_info:
        call_command(
            "sign",
            str(path),
            "--user",
            world.head.username,
            "--pin-file",
            str(pin_file),
            "--out",
            str(tmp_path / "signed"),
            stderr=StringIO(),
        )
    assert exit_info.value.code == 2
    assert not (tmp_path / "signed").exists() or not any((tmp_path / "signed").iterdir())
