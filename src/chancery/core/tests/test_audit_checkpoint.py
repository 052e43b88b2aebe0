"""Checkpoints: the signing key, idempotent signing, files outside the database, the job."""

from __future__ import annotations

import json
import stat
from io import StringIO

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.utils import translation

from chancery.core.actions.audit import AuditChainBroken, create_checkpoint
from chancery.core.audit_signing import (
    Statement,
    checkpoint_path,
    key_id,
    load_signing_key,
)
from chancery.core.models import AuditCheckpoint
from chancery.core.tasks import checkpoint_audit_chain
from chancery.core.tests.audit_helpers import (
    audit_paths,
    isolated_audit_files,  # noqa: F401
    make_chain,
    tampering,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("isolated_audit_files")]


def test_the_key_is_generated_once_with_owner_only_permissions() -> None:
    first = load_signing_key()
    second = load_signing_key()

    assert stat.S_IMODE(audit_paths().key.stat().st_mode) == 0o600
    assert stat.S_IMODE(audit_paths().key.parent.stat().st_mode) == 0o700
    assert key_id(first.public_key()) == key_id(second.public_key())


def test_without_autocreate_a_missing_key_is_a_configuration_error(settings: object) -> None:
    settings.CHANCERY_AUDIT_SIGNING_KEY_AUTOCREATE = False  # type: ignore[attr-defined]
    make_chain(1)

    with pytest.raises(ImproperlyConfigured, match="does not exist"):
        create_checkpoint()
    with pytest.raises(CommandError, match="does not exist"):
        call_command("audit", "checkpoint", stdout=StringIO())
    assert not audit_paths().key.exists()


def test_a_checkpoint_signs_the_head_in_the_database_and_in_a_file() -> None:
    entries = make_chain(3)

    checkpoint = create_checkpoint()

    assert checkpoint is not None
    assert (checkpoint.seq, checkpoint.head_hash) == (3, entries[-1].hash)
    document = json.loads(checkpoint_path(audit_paths().checkpoints, 3).read_text())
    public = load_pem_public_key(document["public_key"].encode())
    assert isinstance(public, Ed25519PublicKey)
    statement = Statement(3, entries[-1].hash, checkpoint.created.isoformat(), key_id(public))
    assert document["statement"] == statement.as_dict()
    public.verify(bytes.fromhex(document["signature"]), statement.canonical())
    assert document["signature"] == AuditCheckpoint.objects.get().signature
    assert list(audit_paths().checkpoints.iterdir()) == [
        checkpoint_path(audit_paths().checkpoints, 3)
    ]


def test_checkpointing_an_already_signed_head_does_nothing() -> None:
    make_chain(2)
    create_checkpoint()

    assert create_checkpoint() is None
    out = StringIO()
    with translation.override("en"):
        call_command("audit", "checkpoint", stdout=out)
    assert "Nothing to do" in out.getvalue()
    assert AuditCheckpoint.objects.count() == 1


def test_an_empty_chain_gets_no_checkpoint() -> None:
    assert create_checkpoint() is None
    assert not AuditCheckpoint.objects.exists()


def test_a_chain_broken_since_the_last_checkpoint_is_never_signed() -> None:
    make_chain(2)
    create_checkpoint()
    make_chain(3)
    with tampering() as cursor:
        cursor.execute("UPDATE core_auditentry SET object_id = 'x' WHERE seq = 4")

    with pytest.raises(AuditChainBroken) as refusal:
        create_checkpoint()
    with pytest.raises(CommandError) as command_refusal:
        call_command("audit", "checkpoint", stdout=StringIO())

    assert refusal.value.problem.seq == 4
    assert command_refusal.value.returncode != 0
    assert list(AuditCheckpoint.objects.values_list("seq", flat=True)) == [2]
    assert not checkpoint_path(audit_paths().checkpoints, 5).exists()


def test_the_periodic_job_checkpoints_every_ten_minutes_and_is_idempotent() -> None:
    from procrastinate.contrib.django import app

    periodic = [
        task
        for task in app.periodic_registry.periodic_tasks.values()
        if task.task.name == "core.checkpoint_audit_chain"
    ]
    make_chain(4)

    checkpoint_audit_chain(timestamp=0)
    checkpoint_audit_chain(timestamp=600)

    assert [task.cron for task in periodic] == ["*/10 * * * *"]
    assert list(AuditCheckpoint.objects.values_list("seq", flat=True)) == [4]


def test_the_public_key_command_prints_the_key_that_signs() -> None:
    out, err = StringIO(), StringIO()

    call_command("audit", "public-key", stdout=out, stderr=err)

    public = load_pem_public_key(out.getvalue().encode())
    assert isinstance(public, Ed25519PublicKey)
    assert key_id(public) == key_id(load_signing_key().public_key())
    assert key_id(public) in err.getvalue()
