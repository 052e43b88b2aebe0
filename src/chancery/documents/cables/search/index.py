"""The search index of cables: ``body_text`` and ``search_vector`` rebuilt in one statement.

``body_text`` is the cable's paragraphs in order (``number. text``), kept here so that the
snippets and the vector read the same text. The vector (SQL function ``cables_search_vector``,
migration 0011) weighs reference and subject A, tags B, body C, in ``chancery_vi``,
``chancery_en`` and ``chancery_fr``, every field normalised to Unicode NFC first, like the
documents' vector (docs/documents-search.md): ``ngoai giao`` finds ``ngoại giao`` whether the
text was typed composed or decomposed.
"""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from django.db import connection

from chancery.documents.models import Cable, CableParagraph

_SQL = """
UPDATE {cable} c SET
  body_text = b.body,
  search_vector = cables_search_vector(c.reference, c.subject, c.tags::text[], b.body)
FROM (
  SELECT x.id, documents_nfc(coalesce(
           (SELECT string_agg(p.number || '. ' || p.text, E'\n\n' ORDER BY p.number)
            FROM {paragraph} p WHERE p.cable_id = x.id), '')) AS body
  FROM {cable} x WHERE x.id = ANY(%s::uuid[])
) b
WHERE c.id = b.id
"""


def reindex(cable_ids: Iterable[UUID | str]) -> int:
    """Rebuild the body text and vector of these cables in the caller's transaction (one
    statement); returns how many rows changed. Any caller may (it reveals nothing)."""
    ids = [str(pk) for pk in cable_ids]
    if not ids:
        return 0
    statement = _SQL.format(
        cable=connection.ops.quote_name(Cable._meta.db_table),
        paragraph=connection.ops.quote_name(CableParagraph._meta.db_table),
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [ids])
        return int(cursor.rowcount)


def reindex_all() -> int:
    """Rebuild every cable's vector (after a change of the text-search configurations)."""
    return reindex(Cable.objects.values_list("pk", flat=True).iterator())
