"""Search: the weighted vector kept by a trigger, name folding and trigram indexes.

The vector is maintained by a ``BEFORE INSERT OR UPDATE`` trigger on ``documents_document`` so
that no code path (intake, editing, bulk SQL, the admin) can forget it; the trigger also
normalises the searchable text columns to Unicode NFC in place. See docs/documents-search.md.
"""

import django.contrib.postgres.fields
from django.db import migrations, models

FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION documents_nfc(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT CASE WHEN value IS NFC NORMALIZED THEN value ELSE normalize(value, NFC) END $$;

CREATE OR REPLACE FUNCTION documents_fold(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary,
                                  CASE WHEN value IS NFC NORMALIZED THEN value
                                       ELSE normalize(value, NFC) END)) $$;

CREATE OR REPLACE FUNCTION documents_search_config(language text) RETURNS regconfig
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT CASE language WHEN 'en' THEN 'public.chancery_en'::regconfig
                           WHEN 'fr' THEN 'public.chancery_fr'::regconfig
                           ELSE 'public.chancery_vi'::regconfig END $$;

-- The vector of already NFC-normalised fields (the trigger normalises them first).
CREATE OR REPLACE FUNCTION documents_search_vector(
    number_symbol text, subject text, sender_name text, signer_name text, tags text[],
    content text, language text
) RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
DECLARE
  a text := coalesce(number_symbol, '') || ' ' || coalesce(subject, '');
  b text := coalesce(sender_name, '') || ' ' || coalesce(signer_name, '') || ' '
            || array_to_string(coalesce(tags, '{}'::text[]), ' ');
  -- A tsvector is limited to 1 MB: the first 200,000 characters of the text are indexed.
  c text := left(coalesce(content, ''), 200000);
  cfg regconfig := documents_search_config(language);
  v tsvector;
BEGIN
  v := setweight(to_tsvector('public.chancery_vi'::regconfig, a), 'A')
    || setweight(to_tsvector('public.chancery_vi'::regconfig, b), 'B')
    || setweight(to_tsvector('public.chancery_vi'::regconfig, c), 'C');
  IF cfg <> 'public.chancery_vi'::regconfig THEN
    v := v || setweight(to_tsvector(cfg, a), 'A')
           || setweight(to_tsvector(cfg, b), 'B')
           || setweight(to_tsvector(cfg, c), 'C');
  END IF;
  RETURN v;
END $$;

CREATE OR REPLACE FUNCTION documents_document_search_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.number_symbol := documents_nfc(NEW.number_symbol);
  NEW.subject := documents_nfc(NEW.subject);
  NEW.sender_name := documents_nfc(NEW.sender_name);
  NEW.signer_name := documents_nfc(NEW.signer_name);
  NEW.content_text := documents_nfc(NEW.content_text);
  IF cardinality(NEW.tags) > 0 THEN
    NEW.tags := (SELECT array_agg(documents_nfc(t) ORDER BY n)
                 FROM unnest(NEW.tags) WITH ORDINALITY AS u(t, n));
  END IF;
  NEW.search_vector := documents_search_vector(
    NEW.number_symbol, NEW.subject, NEW.sender_name, NEW.signer_name, NEW.tags::text[],
    NEW.content_text, NEW.language);
  RETURN NEW;
END $$;

CREATE TRIGGER documents_document_search
BEFORE INSERT OR UPDATE OF number_symbol, subject, sender_name, signer_name, tags,
                           content_text, language, search_vector
ON documents_document FOR EACH ROW EXECUTE FUNCTION documents_document_search_trigger();

CREATE INDEX documents_sender_trgm ON documents_document
  USING gin (documents_fold(sender_name) gin_trgm_ops);
CREATE INDEX documents_signer_trgm ON documents_document
  USING gin (documents_fold(signer_name) gin_trgm_ops);
-- The date order of results (search/query.py), and the path of common words: walked newest
-- first, the access rule checked on the included columns without reading the row (an
-- index-only scan), the text match then checked on readable rows only, stopping after the
-- window of the newest matches.
CREATE INDEX documents_date_idx ON documents_document
  (document_date DESC NULLS LAST, created_at DESC, id)
  INCLUDE (classification, access_compartments, access_readers, access_units);

-- The share of documents whose vector matches q, measured on a sample of ~2,000 rows (whole
-- pages, the same ones every time): search/query.py takes the date walk when it is large.
-- The planner's own estimate assumes words independent, and the words of a ministry's
-- subjects are not ("biên giới trên biển": estimated 0.6 %, found in 13 %).
CREATE OR REPLACE FUNCTION documents_search_share(q tsquery) RETURNS double precision
LANGUAGE plpgsql STABLE AS $$
DECLARE
  total double precision := (SELECT greatest(reltuples, 1) FROM pg_class
                             WHERE oid = 'documents_document'::regclass);
  pct double precision := least(100, 2000 * 100 / total);
  hits bigint;
  seen bigint;
BEGIN
  EXECUTE format('SELECT count(*) FILTER (WHERE search_vector @@ $1), count(*)
                  FROM documents_document TABLESAMPLE SYSTEM (%s) REPEATABLE (0)', pct)
    INTO hits, seen USING q;
  RETURN CASE WHEN seen = 0 THEN 0 ELSE hits::double precision / seen END;
END $$;

UPDATE documents_document SET search_vector = NULL;

-- Denormalised access for search: the ids of the document's compartments, distribution and
-- assigned units, rewritten by these triggers whenever a row of the through tables changes,
-- in the same transaction. search/access.py filters on them; a test proves that it answers
-- exactly like GuardedQuerySet.visible_to.
CREATE OR REPLACE FUNCTION documents_sync_access(document uuid) RETURNS void
LANGUAGE sql AS $$
  UPDATE documents_document SET
    access_compartments = ARRAY(SELECT compartment_id FROM documents_document_compartments
                                WHERE document_id = document ORDER BY 1),
    access_readers = ARRAY(SELECT user_id FROM documents_document_distribution
                           WHERE document_id = document ORDER BY 1),
    access_units = ARRAY(SELECT unit_id FROM documents_document_assigned_units
                         WHERE document_id = document ORDER BY 1)
  WHERE id = document
$$;

CREATE OR REPLACE FUNCTION documents_access_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM documents_sync_access(OLD.document_id);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT')
     AND (TG_OP = 'INSERT' OR NEW.document_id IS DISTINCT FROM OLD.document_id) THEN
    PERFORM documents_sync_access(NEW.document_id);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER documents_access_compartments
AFTER INSERT OR UPDATE OR DELETE ON documents_document_compartments
FOR EACH ROW EXECUTE FUNCTION documents_access_trigger();
CREATE TRIGGER documents_access_distribution
AFTER INSERT OR UPDATE OR DELETE ON documents_document_distribution
FOR EACH ROW EXECUTE FUNCTION documents_access_trigger();
CREATE TRIGGER documents_access_units
AFTER INSERT OR UPDATE OR DELETE ON documents_document_assigned_units
FOR EACH ROW EXECUTE FUNCTION documents_access_trigger();

-- TRUNCATE of a through table would bypass the row triggers: refuse it, except on test
-- connections (conf/test.py), where pytest-django empties every table at once after a
-- transactional test, documents included, so no access column is left stale.
CREATE OR REPLACE FUNCTION documents_access_no_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('chancery.allow_audit_truncate', true), '') = 'on' THEN
    RETURN NULL;
  END IF;
  RAISE EXCEPTION 'truncating % would leave documents_document.access_* stale', TG_TABLE_NAME;
END $$;
CREATE TRIGGER documents_access_compartments_truncate BEFORE TRUNCATE
ON documents_document_compartments EXECUTE FUNCTION documents_access_no_truncate();
CREATE TRIGGER documents_access_distribution_truncate BEFORE TRUNCATE
ON documents_document_distribution EXECUTE FUNCTION documents_access_no_truncate();
CREATE TRIGGER documents_access_units_truncate BEFORE TRUNCATE
ON documents_document_assigned_units EXECUTE FUNCTION documents_access_no_truncate();

SELECT documents_sync_access(id) FROM documents_document;
"""

REVERSE = r"""
DROP TRIGGER IF EXISTS documents_access_compartments_truncate ON documents_document_compartments;
DROP TRIGGER IF EXISTS documents_access_distribution_truncate ON documents_document_distribution;
DROP TRIGGER IF EXISTS documents_access_units_truncate ON documents_document_assigned_units;
DROP TRIGGER IF EXISTS documents_access_compartments ON documents_document_compartments;
DROP TRIGGER IF EXISTS documents_access_distribution ON documents_document_distribution;
DROP TRIGGER IF EXISTS documents_access_units ON documents_document_assigned_units;
DROP FUNCTION IF EXISTS documents_access_no_truncate();
DROP FUNCTION IF EXISTS documents_access_trigger();
DROP FUNCTION IF EXISTS documents_sync_access(uuid);
DROP INDEX IF EXISTS documents_date_idx;
DROP INDEX IF EXISTS documents_signer_trgm;
DROP INDEX IF EXISTS documents_sender_trgm;
DROP TRIGGER IF EXISTS documents_document_search ON documents_document;
DROP FUNCTION IF EXISTS documents_document_search_trigger();
DROP FUNCTION IF EXISTS documents_search_vector(text, text, text, text, text[], text, text);
DROP FUNCTION IF EXISTS documents_search_share(tsquery);
DROP FUNCTION IF EXISTS documents_search_config(text);
DROP FUNCTION IF EXISTS documents_fold(text);
DROP FUNCTION IF EXISTS documents_nfc(text);
"""


class Migration(migrations.Migration):
    dependencies = [("documents", "0005_drafting")]

    operations: list[migrations.operations.base.Operation] = [
        *[
            migrations.AddField(
                model_name="document",
                name=name,
                field=django.contrib.postgres.fields.ArrayField(
                    base_field=models.BigIntegerField(), default=list, editable=False, size=None
                ),
            )
            for name in ("access_compartments", "access_readers", "access_units")
        ],
        migrations.RunSQL(FUNCTIONS, REVERSE),
    ]
