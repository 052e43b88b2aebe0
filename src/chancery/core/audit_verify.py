"""Proving the audit chain untouched: the logic behind ``chancery audit verify``.

:func:`verify_chain` walks every entry in ``seq`` order, recomputes its hash and checks the
links, and compares the chain with every signed checkpoint, both the database rows and the
files in the checkpoint directory. It reports what it finds as data; printing is the
command's job.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection, transaction

from chancery.core.audit import GENESIS
from chancery.core.audit_parallel import default_workers, walk_in_parallel
from chancery.core.audit_signing import (
    FILE_PATTERN,
    CheckpointFile,
    SignedStatement,
    Statement,
    configured_public_keys,
    parse_checkpoint_file,
)
from chancery.core.audit_walk import (
    CheckpointClaim,
    Problem,
    ProblemKind,
    WalkResult,
    walk_chain,
)
from chancery.core.models.audit import AuditCheckpoint, AuditEntry

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

__all__ = ["CHECKPOINT_LOCK", "Problem", "ProblemKind", "VerificationResult", "verify_chain"]

# Held exclusively while a checkpoint's row and file are written, shared while verification
# lists the files and reads the rows, so it never sees one without the other mid-creation.
CHECKPOINT_LOCK = 0x43_48_41_4E_43_4B_50  # "CHANCKP"


@dataclass
class VerificationResult:
    entries: int = 0
    last_seq: int = 0
    head_hash: str = GENESIS
    checkpoints: int = 0
    checkpoint_files: int = 0
    seconds: float = 0.0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first_problem(self) -> Problem | None:
        """The problem earliest in the chain (problems without a position come last)."""
        if not self.problems:
            return None
        return min(self.problems, key=lambda p: (p.seq is None, p.seq or 0))

    @property
    def rate(self) -> float:
        return self.entries / self.seconds if self.seconds > 0 else 0.0

    def as_dict(self) -> dict[str, Any]:
        first = self.first_problem
        return {
            "ok": self.ok,
            "entries": self.entries,
            "last_seq": self.last_seq,
            "head_hash": self.head_hash,
            "checkpoints": self.checkpoints,
            "checkpoint_files": self.checkpoint_files,
            "seconds": round(self.seconds, 3),
            "entries_per_second": round(self.rate),
            "first_problem": first.as_dict() if first else None,
            "problems": [problem.as_dict() for problem in sorted_problems(self.problems)],
        }


def sorted_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.seq is None, p.seq or 0))


def _read_files(directory: Path, problems: list[Problem]) -> list[CheckpointFile]:
    files = []
    for path in sorted(directory.glob(FILE_PATTERN)) if directory.is_dir() else []:
        try:
            files.append(parse_checkpoint_file(path))
        except (OSError, ValueError) as exc:
            problems.append(
                Problem.of(ProblemKind.CHECKPOINT_FILE_UNREADABLE, None, str(path), exc)
            )
    return files


def _row_statement(row: AuditCheckpoint) -> SignedStatement:
    statement = Statement(row.seq, row.head_hash, row.created.isoformat(), row.key_id)
    return SignedStatement(statement, row.signature)


def _collect_claims(
    rows: list[AuditCheckpoint],
    files: list[CheckpointFile],
    trusted: Mapping[str, Ed25519PublicKey],
    problems: list[Problem],
) -> list[CheckpointClaim]:
    """Check every signature and that rows and files agree; return what the valid ones claim.

    A file whose row is gone still counts as a claim: removing a checkpoint row must not hide
    a truncated chain while its file remains.
    """
    claims: list[CheckpointClaim] = []
    valid: dict[SignedStatement, bool] = {}

    def check(signed: SignedStatement, source: str) -> None:
        if signed not in valid:
            valid[signed] = signed.is_valid(trusted)
            if valid[signed]:
                claims.append(CheckpointClaim(signed.statement.seq, signed.statement.head, source))
        if not valid[signed]:
            kind = (
                ProblemKind.CHECKPOINT_BAD_SIGNATURE
                if signed.statement.key_id in trusted
                else ProblemKind.CHECKPOINT_UNKNOWN_KEY
            )
            problems.append(Problem.of(kind, signed.statement.seq, source))

    by_seq = {row.seq: _row_statement(row) for row in rows}
    for signed in by_seq.values():
        check(signed, "database")
    file_seqs = set()
    for checkpoint_file in files:
        signed, source = checkpoint_file.signed, str(checkpoint_file.path)
        file_seqs.add(signed.statement.seq)
        check(signed, source)
        in_db = by_seq.get(signed.statement.seq)
        if in_db is None:
            problems.append(
                Problem.of(ProblemKind.CHECKPOINT_ROW_MISSING, signed.statement.seq, source)
            )
        elif in_db != signed:
            problems.append(
                Problem.of(ProblemKind.CHECKPOINT_FILE_MISMATCH, signed.statement.seq, source)
            )
    for seq in by_seq.keys() - file_seqs:
        problems.append(Problem.of(ProblemKind.CHECKPOINT_FILE_MISSING, seq, "database"))
    return sorted(claims)


def _lock_checkpoints(shared: bool) -> None:
    with connection.cursor() as cursor:
        function = "pg_advisory_lock_shared" if shared else "pg_advisory_unlock_shared"
        cursor.execute(f"SELECT {function}(%s)", [CHECKPOINT_LOCK])


def _walk(
    claims: list[CheckpointClaim],
    progress: Callable[[int], None] | None,
    chunk_size: int,
    workers: int | None,
) -> WalkResult:
    last_seq = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    if workers is None:
        workers = default_workers(last_seq)
    if workers <= 1:
        return walk_chain(claims=claims, progress=progress, chunk_size=chunk_size)
    parts = walk_in_parallel(last_seq, claims, workers, progress)
    merged = WalkResult(
        entries=sum(part.entries for part in parts),
        last_seq=parts[-1].last_seq,
        last_hash=parts[-1].last_hash,
    )
    for part in parts:
        merged.problems.extend(part.problems)
    return merged


def verify_chain(
    *,
    checkpoint_dir: Path | None = None,
    public_keys: Mapping[str, Ed25519PublicKey] | None = None,
    progress: Callable[[int], None] | None = None,
    chunk_size: int = 20_000,
    workers: int | None = None,
) -> VerificationResult:
    """Verify the whole chain and every checkpoint; never writes anything.

    ``public_keys`` are the keys checkpoints may be signed with (default: the configured
    signing key's public half). The chain and the checkpoint rows are read in one
    repeatable-read snapshot, so entries appended meanwhile neither help nor hurt. A long chain
    is walked by ``workers`` processes (default: one per 250,000 entries, up to half the
    cores);
    inside a caller's transaction it is always walked here, as other sessions cannot see it.
    """
    started = time.perf_counter()
    directory = Path(checkpoint_dir or settings.CHANCERY_AUDIT_CHECKPOINT_DIR)
    trusted = configured_public_keys() if public_keys is None else public_keys
    result = VerificationResult()
    outermost = not connection.in_atomic_block
    # Files first, then rows, under the shared checkpoint lock taken before the snapshot: a
    # checkpoint created meanwhile is then either in both or in neither.
    _lock_checkpoints(shared=True)
    locked = True
    try:
        files = _read_files(directory, result.problems)
        with transaction.atomic():
            if outermost:
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            rows = list(AuditCheckpoint.objects.order_by("seq"))
            _lock_checkpoints(shared=False)
            locked = False
            result.checkpoints, result.checkpoint_files = len(rows), len(files)
            claims = _collect_claims(rows, files, trusted, result.problems)
            walk = _walk(claims, progress, chunk_size, workers if outermost else 1)
    finally:
        if locked:
            _lock_checkpoints(shared=False)
    result.entries, result.last_seq, result.head_hash = walk.entries, walk.last_seq, walk.last_hash
    result.problems.extend(walk.problems)
    result.seconds = time.perf_counter() - started
    result.problems = sorted_problems(result.problems)
    return result
