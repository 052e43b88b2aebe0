"""Search: the distinct folded sender and signer names, for typo-tolerant name matching.

``search/query.py`` compares a name typed with typos with sender and signer names by trigram
word similarity (``%>``). On the documents themselves that reads the trigram GIN indexes of
``documents_fold(name)`` of migration 0006, whose posting lists for the trigrams of common
given and family names (``thi``, `` ng``) cover most of a million documents (~100-350 ms).
There are only a few thousand distinct names: the comparison now runs on
``documents_search_name`` (one row per distinct folded name, trigram GIN index), and the
documents carrying the names found are looked up by equality on ``documents_fold(name)``
(btree expression indexes). Same predicate on the same values, so the same documents.

The table is kept by an ``AFTER INSERT OR UPDATE OF sender_name, signer_name`` trigger in the
same statement as the write. Names are never removed when the last document carrying them
changes: a name no document has any more matches no document (the lookup is by equality on
the documents' own columns), so a superset costs a few rows and changes no result.
See docs/documents-search.md.
"""

from django.db import migrations

FORWARD = r"""
CREATE TABLE documents_search_name (folded text PRIMARY KEY);

CREATE OR REPLACE FUNCTION documents_search_name_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- An empty or missing name is never word-similar to a query: not stored.
  INSERT INTO documents_search_name (folded)
  SELECT DISTINCT f FROM (VALUES (documents_fold(NEW.sender_name)),
                                 (documents_fold(NEW.signer_name))) AS v(f)
  WHERE f <> ''
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

CREATE TRIGGER documents_document_search_name
AFTER INSERT OR UPDATE OF sender_name, signer_name ON documents_document
FOR EACH ROW EXECUTE FUNCTION documents_search_name_trigger();

INSERT INTO documents_search_name (folded)
SELECT f FROM (SELECT documents_fold(sender_name) FROM documents_document
               UNION SELECT documents_fold(signer_name) FROM documents_document) AS v(f)
WHERE f <> ''
ON CONFLICT DO NOTHING;

CREATE INDEX documents_search_name_trgm ON documents_search_name
  USING gin (folded gin_trgm_ops);
CREATE INDEX documents_sender_folded ON documents_document (documents_fold(sender_name));
CREATE INDEX documents_signer_folded ON documents_document (documents_fold(signer_name));
ANALYZE documents_search_name;

-- The recent range of a common text's first look-up (search/query.py, _recent_rows): ANDed
-- as a bitmap with the GIN bitmap of the text. documents_date_idx would do, but its
-- included access columns make a range of it ~6 times as many pages to read.
CREATE INDEX documents_recent_date_idx ON documents_document (document_date);

-- The folded names word-similar to q (the threshold: pg_trgm.word_similarity_threshold). The
-- planner prices %> like any cheap operator and so prefers reading the few thousand names
-- (~60 ms of word_similarity calls) to the trigram index (~0.5 ms): not here.
CREATE OR REPLACE FUNCTION documents_similar_names(q text) RETURNS text[]
LANGUAGE sql STABLE PARALLEL SAFE SET enable_seqscan = off
AS $$ SELECT coalesce(array_agg(folded), '{}') FROM documents_search_name
      WHERE folded %> documents_fold(q) $$;
"""

REVERSE = r"""
DROP FUNCTION IF EXISTS documents_similar_names(text);
DROP INDEX IF EXISTS documents_recent_date_idx;
DROP INDEX IF EXISTS documents_signer_folded;
DROP INDEX IF EXISTS documents_sender_folded;
DROP TRIGGER IF EXISTS documents_document_search_name ON documents_document;
DROP FUNCTION IF EXISTS documents_search_name_trigger();
DROP TABLE IF EXISTS documents_search_name;
"""


class Migration(migrations.Migration):
    dependencies = [("documents", "0011_cables_archive")]

    operations: list[migrations.operations.base.Operation] = [
        migrations.RunSQL(FORWARD, REVERSE),
    ]
