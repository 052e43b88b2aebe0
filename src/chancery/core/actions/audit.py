"""Writes around the audit chain: signed checkpoints, and the audit trail of reading it."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from chancery.core.audit import GENESIS, record
from chancery.core.audit_signing import (
    Statement,
    key_id,
    load_signing_key,
    public_key_pem,
    sign,
    write_checkpoint_file,
)
from chancery.core.audit_verify import CHECKPOINT_LOCK
from chancery.core.audit_walk import Problem, walk_chain
from chancery.core.models.audit import AuditCheckpoint, AuditEntry

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from django.http import HttpRequest

    from chancery.core.models import User

logger = logging.getLogger(__name__)


class AuditChainBroken(Exception):
    """The entries since the last checkpoint do not verify; nothing was signed."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def create_checkpoint(
    *, checkpoint_dir: Path | None = None, private_key: Ed25519PrivateKey | None = None
) -> AuditCheckpoint | None:
    """Sign the chain's head; store the checkpoint as a row and as a file outside the database.

    Called by the periodic job and by ``chancery audit checkpoint`` (operators); no user acts.
    Returns ``None`` and does nothing when the chain is empty or its head is already
    checkpointed, so running it twice is harmless. Refuses with ``AuditChainBroken`` when the
    entries since the last checkpoint do not verify: a rewritten chain is never signed.
    The file is written before the row commits, so a committed row always has its file.
    """
    directory = Path(checkpoint_dir or settings.CHANCERY_AUDIT_CHECKPOINT_DIR)
    key = private_key or load_signing_key()
    public = key.public_key()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHECKPOINT_LOCK])
        head = AuditEntry.objects.order_by("-seq").values_list("seq", "hash").first()
        last = AuditCheckpoint.objects.order_by("-seq").values_list("seq", "head_hash").first()
        if head is None or (last is not None and last[0] >= head[0]):
            return None
        after_seq, after_hash = last or (0, GENESIS)
        walk = walk_chain(after_seq=after_seq, after_hash=after_hash, until=head[0])
        if walk.problems:
            logger.error("audit chain broken, checkpoint refused: %s", walk.problems[0].message)
            raise AuditChainBroken(walk.problems[0])
        created = timezone.now()
        signed = sign(Statement(head[0], head[1], created.isoformat(), key_id(public)), key)
        checkpoint = AuditCheckpoint.objects.create(
            seq=head[0],
            head_hash=head[1],
            created=created,
            key_id=signed.statement.key_id,
            signature=signed.signature,
        )
        write_checkpoint_file(directory, signed, public_key_pem(public))
    logger.info("audit checkpoint at entry %s", checkpoint.seq)
    return checkpoint


def record_search(
    actor: User, filters: dict[str, Any], *, request: HttpRequest | None = None
) -> AuditEntry:
    """Record that ``actor`` searched the audit log with ``filters``.

    Called by the audit search page after it has read its results: recording takes the chain's
    append lock until commit, so it comes last to keep a slow search from holding up writers.
    """
    return record(actor, "audit.search", data={"filters": filters}, request=request)


def record_entry_view(
    actor: User, entry: AuditEntry, *, request: HttpRequest | None = None
) -> None:
    """Record that ``actor`` opened one audit entry; classified like the entry it reveals."""
    record(
        actor,
        "audit.view",
        object_type="core.auditentry",
        object_id=str(entry.seq),
        object_label=str(entry)[:255],
        classification=entry.classification,
        request=request,
    )
