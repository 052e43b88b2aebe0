"""SQL run by core's migrations: extensions and the text-search configurations."""

# pgvector where the server has it (the embedded server does; Debian's PostgreSQL 15 does
# not). Nothing in the core requires it; vector features check ``core.service.has_vector()``.
VECTOR_IF_AVAILABLE = """
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') THEN
    CREATE EXTENSION IF NOT EXISTS vector;
  END IF;
END
$$;
"""

# Diacritics-insensitive full-text search: Vietnamese has no stemmer, so words are unaccented
# and kept whole; English and French are unaccented, then stemmed.
SEARCH_CONFIGURATIONS = """
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'chancery_vi') THEN
    CREATE TEXT SEARCH CONFIGURATION chancery_vi (COPY = simple);
    ALTER TEXT SEARCH CONFIGURATION chancery_vi
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'chancery_en') THEN
    CREATE TEXT SEARCH CONFIGURATION chancery_en (COPY = english);
    ALTER TEXT SEARCH CONFIGURATION chancery_en
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'chancery_fr') THEN
    CREATE TEXT SEARCH CONFIGURATION chancery_fr (COPY = french);
    ALTER TEXT SEARCH CONFIGURATION chancery_fr
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
  END IF;
END
$$;
"""
