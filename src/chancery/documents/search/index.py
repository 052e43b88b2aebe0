"""The search index of documents.

``documents_document.search_vector`` is computed by the PostgreSQL trigger of migration
``0006_search`` on every insert and on every update of a searchable column (number and symbol,
subject, sender, signer, tags, extracted text, language), in the same statement as the write:
no code path can forget it, bulk SQL included. The trigger also normalises those columns to
Unicode NFC, so decomposed input (NFD, as some scanners and Mac clipboards produce) is stored
composed.

Weights: A number and symbol, subject; B sender, signer, tags; C extracted text. Every document
is indexed with ``chancery_vi`` (unaccent + simple: diacritics-insensitive, no stemming, which
also suits names, numbers and symbols in any language) and, when its language is English or
French, also with ``chancery_en`` / ``chancery_fr`` (unaccent + stemming).
"""

from __future__ import annotations

import unicodedata

from django.db import connection


def normalise(text: str) -> str:
    """Unicode NFC, the form the index and the queries use."""
    return unicodedata.normalize("NFC", text)


def refresh_search_vector(document_id: object) -> None:
    """Recompute the vector of one document now (intake calls it after text extraction).

    The trigger already does it on every write of a searchable column; this forces it, e.g.
    after a change of the configurations. Runs in the caller's transaction.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE documents_document SET search_vector = NULL WHERE id = %s", [str(document_id)]
        )


def rebuild_search_index() -> int:
    """Recompute every document's vector (after changing the text-search configurations)."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE documents_document SET search_vector = NULL")
        return int(cursor.rowcount)
