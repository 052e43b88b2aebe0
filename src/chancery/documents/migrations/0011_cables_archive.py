"""Cable archive search: the vector of a cable, computed in SQL by ``cables_search_vector``.

``cables/search/index.py`` calls it from ``reindex`` (after release, after receipt): the body
text is rebuilt from the paragraphs and the vector from reference and subject (weight A),
tags (B) and body (C), in the three configurations (``chancery_vi`` unaccented words,
``chancery_en``/``chancery_fr`` unaccented stems), all fields NFC-normalised first
(``documents_nfc`` of migration 0006), as for documents.
"""

from django.db import migrations

FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION cables_search_vector(
    reference text, subject text, tags text[], body text
) RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
DECLARE
  a text := documents_nfc(coalesce(reference, '') || ' ' || coalesce(subject, ''));
  b text := documents_nfc(array_to_string(coalesce(tags, '{}'::text[]), ' '));
  -- A tsvector is limited to 1 MB: the first 200,000 characters of the body are indexed.
  c text := documents_nfc(left(coalesce(body, ''), 200000));
  v tsvector := ''::tsvector;
  cfg regconfig;
BEGIN
  FOREACH cfg IN ARRAY ARRAY['public.chancery_vi', 'public.chancery_en',
                             'public.chancery_fr']::regconfig[] LOOP
    v := v || setweight(to_tsvector(cfg, a), 'A')
           || setweight(to_tsvector(cfg, b), 'B')
           || setweight(to_tsvector(cfg, c), 'C');
  END LOOP;
  RETURN v;
END $$;
"""

REVERSE = "DROP FUNCTION IF EXISTS cables_search_vector(text, text, text[], text);"


class Migration(migrations.Migration):
    dependencies = [("documents", "0010_cables_delivery")]
    operations = [migrations.RunSQL(FUNCTIONS, REVERSE)]
