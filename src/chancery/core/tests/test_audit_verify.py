"""``chancery audit verify`` finds the first thing wrong with the chain, precisely."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command

from chancery.core.actions.audit import create_checkpoint
from chancery.core.audit import compute_hash
from chancery.core.audit_signing import checkpoint_path, key_id, public_key_pem
from chancery.core.audit_verify import ProblemKind, verify_chain
from chancery.core.models import AuditCheckpoint, AuditEntry
from chancery.core.tests.audit_helpers import (
    audit_paths,
    isolated_audit_files,  # noqa: F401
    make_chain,
    run_verify,
    tampering,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("isolated_audit_files")]


def test_an_intact_chain_with_checkpoints_verifies_and_exits_zero() -> None:
    make_chain(5)
    create_checkpoint()
    make_chain(3)
    create_checkpoint()

    status, output = run_verify()

    assert status == 0
    assert "intact" in output
    result = verify_chain()
    assert result.ok
    assert (result.entries, result.checkpoints) == (8, 2)
    assert result.checkpoint_files == 2


def test_an_empty_chain_is_intact() -> None:
    assert run_verify()[0] == 0


@pytest.mark.parametrize("position", ["first", "middle", "last"])
def test_an_altered_entry_is_reported_at_its_seq(position: str) -> None:
    make_chain(9)
    create_checkpoint()
    seq = {"first": 1, "middle": 5, "last": 9}[position]
    with tampering() as cursor:
        cursor.execute(
            "UPDATE core_auditentry SET object_label = 'nothing to see' WHERE seq = %s", [seq]
        )

    status, output = run_verify()

    assert status != 0
    problem = verify_chain().first_problem
    assert problem is not None
    assert (problem.kind, problem.seq) == (ProblemKind.CONTENT_MISMATCH, seq)
    assert f"Entry {seq} was altered" in output


def test_an_entry_rewritten_with_a_fresh_hash_breaks_the_link_to_the_next() -> None:
    make_chain(6)
    entry = AuditEntry.objects.get(seq=3)
    entry.action = "test.harmless"
    with tampering() as cursor:
        cursor.execute(
            "UPDATE core_auditentry SET action = %s, hash = %s WHERE seq = 3",
            [entry.action, compute_hash(entry)],
        )

    problem = verify_chain().first_problem

    assert problem is not None
    assert (problem.kind, problem.seq) == (ProblemKind.BROKEN_LINK, 4)


def test_rewriting_the_head_is_caught_by_its_signed_checkpoint() -> None:
    make_chain(4)
    create_checkpoint()
    entry = AuditEntry.objects.get(seq=4)
    entry.object_id = "999"
    with tampering() as cursor:
        cursor.execute(
            "UPDATE core_auditentry SET object_id = '999', hash = %s WHERE seq = 4",
            [compute_hash(entry)],
        )

    status, _ = run_verify()

    assert status != 0
    problem = verify_chain().first_problem
    assert problem is not None
    assert (problem.kind, problem.seq) == (ProblemKind.CHECKPOINT_MISMATCH, 4)


@pytest.mark.parametrize("seq", [1, 4])
def test_a_deleted_entry_is_reported_as_missing(seq: int) -> None:
    make_chain(7)
    with tampering() as cursor:
        cursor.execute("DELETE FROM core_auditentry WHERE seq = %s", [seq])

    status, _ = run_verify()

    assert status != 0
    problem = verify_chain().first_problem
    assert problem is not None
    assert (problem.kind, problem.seq) == (ProblemKind.MISSING_ENTRIES, seq)


def test_two_swapped_entries_are_reported_as_reordered() -> None:
    make_chain(8)
    with tampering() as cursor:
        cursor.execute("UPDATE core_auditentry SET seq = -1 WHERE seq = 3")
        cursor.execute("UPDATE core_auditentry SET seq = 3 WHERE seq = 6")
        cursor.execute("UPDATE core_auditentry SET seq = 6 WHERE seq = -1")

    status, _ = run_verify()

    assert status != 0
    problem = verify_chain().first_problem
    assert problem is not None
    assert (problem.kind, problem.seq) == (ProblemKind.REORDERED, 3)
    assert problem.details["original"] == 6


def test_a_truncated_tail_is_caught_by_a_checkpoint_beyond_the_end() -> None:
    make_chain(10)
    create_checkpoint()
    with tampering() as cursor:
        cursor.execute("DELETE FROM core_auditentry WHERE seq >= 8")

    status, output = run_verify()

    assert status != 0
    assert "entries 8 to 10 were removed" in output
    problem = verify_chain().first_problem
    assert problem is not None
    assert (problem.kind, problem.seq) == (ProblemKind.TRUNCATED, 8)
    assert problem.details == {"last": 7, "checkpoint": 10}


def test_deleting_the_checkpoint_row_does_not_hide_truncation() -> None:
    make_chain(10)
    create_checkpoint()
    with tampering() as cursor:
        cursor.execute("DELETE FROM core_auditentry WHERE seq >= 8")
        cursor.execute("DELETE FROM core_auditcheckpoint")

    status, _ = run_verify()

    assert status != 0
    result = verify_chain()
    first = result.first_problem
    assert first is not None
    assert (first.kind, first.seq) == (ProblemKind.TRUNCATED, 8)
    assert first.source == str(checkpoint_path(audit_paths().checkpoints, 10))
    assert ProblemKind.CHECKPOINT_ROW_MISSING in {problem.kind for problem in result.problems}


def test_a_checkpoint_row_with_a_forged_signature_is_reported() -> None:
    make_chain(3)
    create_checkpoint()
    make_chain(2)
    create_checkpoint()
    with tampering() as cursor:
        cursor.execute("UPDATE core_auditcheckpoint SET signature = %s WHERE seq = 3", ["ab" * 64])

    status, output = run_verify()

    assert status != 0
    assert "invalid signature" in output
    problem = verify_chain().first_problem
    assert problem is not None
    assert (problem.kind, problem.seq) == (ProblemKind.CHECKPOINT_BAD_SIGNATURE, 3)


def test_a_checkpoint_signed_by_an_attackers_own_key_is_not_trusted() -> None:
    make_chain(3)
    create_checkpoint()
    with tampering() as cursor:
        cursor.execute("DELETE FROM core_auditcheckpoint")
    create_checkpoint(private_key=Ed25519PrivateKey.generate())

    problem = verify_chain().first_problem

    assert problem is not None
    assert (problem.kind, problem.seq) == (ProblemKind.CHECKPOINT_UNKNOWN_KEY, 3)


def test_a_checkpoint_file_edited_to_match_a_rewritten_chain_fails_its_signature() -> None:
    make_chain(4)
    create_checkpoint()
    path = checkpoint_path(audit_paths().checkpoints, 4)
    document = json.loads(path.read_text())
    document["statement"]["head"] = "f" * 64
    path.write_text(json.dumps(document))

    result = verify_chain()

    kinds = {(problem.kind, problem.seq) for problem in result.problems}
    assert (ProblemKind.CHECKPOINT_BAD_SIGNATURE, 4) in kinds
    assert (ProblemKind.CHECKPOINT_FILE_MISMATCH, 4) in kinds


def test_a_missing_or_unreadable_checkpoint_file_is_reported() -> None:
    make_chain(2)
    create_checkpoint()
    checkpoint_path(audit_paths().checkpoints, 2).unlink()
    (audit_paths().checkpoints / "checkpoint-000000000009.json").write_text("{not json")

    result = verify_chain()

    kinds = {problem.kind for problem in result.problems}
    assert kinds == {ProblemKind.CHECKPOINT_FILE_MISSING, ProblemKind.CHECKPOINT_FILE_UNREADABLE}


def test_an_auditor_verifies_with_the_exported_public_key_alone(tmp_path: Path) -> None:
    make_chain(3)
    create_checkpoint()
    exported, other = tmp_path / "audit-public.pem", tmp_path / "other.pem"
    out = StringIO()
    call_command("audit", "public-key", stdout=out, stderr=StringIO())
    exported.write_text(out.getvalue())
    other.write_text(public_key_pem(Ed25519PrivateKey.generate().public_key()))
    audit_paths().key.unlink()  # the auditor's machine has no private key

    assert run_verify("--public-key", str(exported))[0] == 0
    assert run_verify("--public-key", str(other))[0] != 0
    problem = verify_chain(public_keys={}).first_problem
    assert problem is not None
    assert problem.kind == ProblemKind.CHECKPOINT_UNKNOWN_KEY


def test_json_output_names_the_first_problem() -> None:
    make_chain(5)
    with tampering() as cursor:
        cursor.execute("UPDATE core_auditentry SET data = '{\"number\": 0}' WHERE seq = 2")

    status, output = run_verify("--json")

    report = json.loads(output)
    assert status != 0
    assert report["ok"] is False
    assert report["first_problem"]["kind"] == "content_mismatch"
    assert report["first_problem"]["seq"] == 2
    assert report["entries"] == 1


def test_checkpoint_key_id_is_the_fingerprint_in_row_and_file() -> None:
    make_chain(1)
    create_checkpoint()
    row = AuditCheckpoint.objects.get()
    document = json.loads(checkpoint_path(audit_paths().checkpoints, 1).read_text())
    from cryptography.hazmat.primitives.serialization import load_pem_public_key

    public = load_pem_public_key(document["public_key"].encode())
    assert isinstance(public, type(Ed25519PrivateKey.generate().public_key()))
    assert row.key_id == key_id(public) == document["statement"]["key_id"]
    assert document["public_key_fingerprint"] == f"sha256:{row.key_id}"


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_several_processes_find_the_same_problems_as_one() -> None:
    make_chain(30)
    create_checkpoint()
    with tampering() as cursor:
        # Entry 15 ends the first of two ranges; 25 is inside the second.
        cursor.execute("DELETE FROM core_auditentry WHERE seq = 15")
        cursor.execute("UPDATE core_auditentry SET action = 'test.other' WHERE seq = 25")

    parallel, serial = verify_chain(workers=2), verify_chain(workers=1)

    found = [(problem.kind, problem.seq) for problem in parallel.problems]
    assert found[0] == (ProblemKind.MISSING_ENTRIES, 15)
    assert (ProblemKind.CONTENT_MISMATCH, 25) in found
    assert parallel.checkpoints == 1
    assert serial.first_problem is not None
    assert (serial.first_problem.kind, serial.first_problem.seq) == found[0]
