"""The hot loop of verification: stream the chain, recompute hashes, check links and claims.

Kept apart from the checkpoint bookkeeping in ``audit_verify`` because it is the part whose
speed matters (every entry ever written goes through it) and the part that decides what a
broken chain looks like.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext, gettext_noop

from chancery.core.audit import (
    CHAIN_FIELDS,
    GENESIS,
    STORED_ANNOTATIONS,
    STORED_FIELDS,
    canonical_row,
)
from chancery.core.models.audit import AuditEntry

PROGRESS_EVERY = 10_000
_HASH = len(CHAIN_FIELDS)  # position of the stored hash in a fetched row
_PREV = CHAIN_FIELDS.index("prev_hash")


class ProblemKind(StrEnum):
    CONTENT_MISMATCH = "content_mismatch"
    REORDERED = "reordered"
    MISSING_ENTRIES = "missing_entries"
    BROKEN_LINK = "broken_link"
    TRUNCATED = "truncated"
    CHECKPOINT_MISMATCH = "checkpoint_mismatch"
    CHECKPOINT_BAD_SIGNATURE = "checkpoint_bad_signature"
    CHECKPOINT_UNKNOWN_KEY = "checkpoint_unknown_key"
    CHECKPOINT_ROW_MISSING = "checkpoint_row_missing"
    CHECKPOINT_FILE_MISSING = "checkpoint_file_missing"
    CHECKPOINT_FILE_MISMATCH = "checkpoint_file_mismatch"
    CHECKPOINT_FILE_UNREADABLE = "checkpoint_file_unreadable"


_MESSAGES = {
    ProblemKind.CONTENT_MISMATCH: gettext_noop(
        "Entry %(seq)s was altered: its content does not match its recorded hash."
    ),
    ProblemKind.REORDERED: gettext_noop(
        "Entry %(seq)s was originally entry %(original)s: entries were reordered, "
        "or removed and renumbered."
    ),
    ProblemKind.MISSING_ENTRIES: gettext_noop(
        "Entries %(seq)s to %(last)s are missing: they were deleted."
    ),
    ProblemKind.BROKEN_LINK: gettext_noop(
        "Entry %(seq)s does not follow entry %(previous)s: its previous hash differs from that "
        "entry's hash, so an entry was rewritten or removed and the chain renumbered."
    ),
    ProblemKind.TRUNCATED: gettext_noop(
        "The chain ends at entry %(last)s but a signed checkpoint (%(source)s) vouches for "
        "entries up to %(checkpoint)s: entries %(seq)s to %(checkpoint)s were removed."
    ),
    ProblemKind.CHECKPOINT_MISMATCH: gettext_noop(
        "Entry %(seq)s does not have the hash its signed checkpoint (%(source)s) records: the "
        "chain was rewritten up to this entry."
    ),
    ProblemKind.CHECKPOINT_BAD_SIGNATURE: gettext_noop(
        "The checkpoint for entry %(seq)s (%(source)s) has an invalid signature: it was forged "
        "or altered."
    ),
    ProblemKind.CHECKPOINT_UNKNOWN_KEY: gettext_noop(
        "The checkpoint for entry %(seq)s (%(source)s) is signed by a key that is not trusted; "
        "give the right public key with --public-key."
    ),
    ProblemKind.CHECKPOINT_ROW_MISSING: gettext_noop(
        "The checkpoint file %(source)s for entry %(seq)s has no row in the database: the row "
        "was deleted."
    ),
    ProblemKind.CHECKPOINT_FILE_MISSING: gettext_noop(
        "The checkpoint for entry %(seq)s has no file in the checkpoint directory."
    ),
    ProblemKind.CHECKPOINT_FILE_MISMATCH: gettext_noop(
        "The checkpoint file %(source)s for entry %(seq)s differs from the database row."
    ),
    ProblemKind.CHECKPOINT_FILE_UNREADABLE: gettext_noop(
        "%(source)s is not a readable checkpoint file: %(detail)s"
    ),
}


@dataclass(frozen=True)
class Problem:
    """One way in which the chain or a checkpoint is not what was written and signed."""

    kind: ProblemKind
    seq: int | None
    message: str
    source: str = "database"
    details: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        kind: ProblemKind,
        seq: int | None,
        source: str = "database",
        detail: object = "",
        **details: Any,
    ) -> Problem:
        params = {"seq": seq, "source": source, "detail": detail, **details}
        return cls(kind, seq, gettext(_MESSAGES[kind]) % params, source, details)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": str(self.kind),
            "seq": self.seq,
            "message": self.message,
            "source": self.source,
            **self.details,
        }


@dataclass(frozen=True, order=True)
class CheckpointClaim:
    """A validly signed statement that entry ``seq`` had hash ``head``."""

    seq: int
    head: str
    source: str


@dataclass
class WalkResult:
    entries: int = 0
    last_seq: int = 0
    last_hash: str = GENESIS
    problems: list[Problem] = field(default_factory=list)


def _hash_as(row: Sequence[Any], seq: int) -> str:
    return hashlib.sha256(canonical_row((seq, *row[1:_HASH]))).hexdigest()


def _content_problem(row: Sequence[Any]) -> Problem:
    """Altered in place, or moved? An entry moved elsewhere still hashes right at its old seq."""
    seq, stored = row[0], row[_HASH]
    candidates = {seq - 1, seq + 1}
    before = AuditEntry.objects.filter(hash=row[_PREV]).values_list("seq", flat=True).first()
    after = AuditEntry.objects.filter(prev_hash=stored).values_list("seq", flat=True).first()
    candidates.update(s for s in (before and before + 1, after and after - 1) if s)
    for original in sorted(candidates - {seq}):
        if original > 0 and _hash_as(row, original) == stored:
            return Problem.of(ProblemKind.REORDERED, seq, original=original)
    return Problem.of(
        ProblemKind.CONTENT_MISMATCH, seq, recorded_hash=stored, computed_hash=_hash_as(row, seq)
    )


def walk_chain(
    *,
    after_seq: int = 0,
    after_hash: str | None = GENESIS,
    until: int | None = None,
    claims: Sequence[CheckpointClaim] = (),
    progress: Callable[[int], None] | None = None,
    chunk_size: int = 20_000,
) -> WalkResult:
    """Stream entries after ``after_seq`` (whose hash is ``after_hash``) up to ``until``.

    ``after_hash=None`` leaves the first link unchecked (used when that entry is missing and
    whoever walks the range before this one reports it).

    Stops at the first problem in the chain; if there is none, reports every checkpoint
    claim that reaches beyond the last entry as a truncated tail.
    """
    entries = AuditEntry.objects.filter(seq__gt=after_seq)
    if until is not None:
        entries = entries.filter(seq__lte=until)
    rows = (
        entries.annotate(**STORED_ANNOTATIONS)
        .order_by("seq")
        .values_list(*STORED_FIELDS)
        .iterator(chunk_size)
    )
    pending = sorted(claim for claim in claims if claim.seq > after_seq)
    position, next_claim = 0, pending[0].seq if pending else -1
    result = WalkResult(last_seq=after_seq, last_hash=after_hash or "")
    sha256, canonical = hashlib.sha256, canonical_row
    expected, previous, reported = after_seq + 1, after_hash, after_seq
    problem = None
    for row in rows:
        seq = row[0]
        if seq != expected:
            problem = Problem.of(ProblemKind.MISSING_ENTRIES, expected, last=seq - 1)
            break
        stored = row[_HASH]
        if sha256(canonical(row)).hexdigest() != stored:
            problem = _content_problem(row)
            break
        if row[_PREV] != previous and previous is not None:
            problem = Problem.of(ProblemKind.BROKEN_LINK, seq, previous=seq - 1)
            break
        if seq == next_claim:
            while position < len(pending) and pending[position].seq == seq:
                claim = pending[position]
                if claim.head != stored and problem is None:
                    problem = Problem.of(ProblemKind.CHECKPOINT_MISMATCH, seq, claim.source)
                position += 1
            if problem is not None:
                break
            next_claim = pending[position].seq if position < len(pending) else -1
        previous, expected = stored, seq + 1
        if progress is not None and not seq % PROGRESS_EVERY:
            progress(seq - reported)
            reported = seq
    result.entries = expected - after_seq - 1
    result.last_seq, result.last_hash = expected - 1, previous or ""
    if progress is not None:
        progress(result.last_seq - reported)
    if problem is None and until is not None and result.last_seq < until:
        # A range that should run to ``until`` stopped short: its last entries are gone.
        problem = Problem.of(ProblemKind.MISSING_ENTRIES, result.last_seq + 1, last=until)
    if problem is not None:
        result.problems.append(problem)
    elif position < len(pending):
        furthest = pending[-1]
        result.problems.append(
            Problem.of(
                ProblemKind.TRUNCATED,
                result.last_seq + 1,
                furthest.source,
                last=result.last_seq,
                checkpoint=furthest.seq,
            )
        )
    return result
