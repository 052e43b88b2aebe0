"""Full-text search of official documents: the index (kept by a trigger), the query, and the
access-filtered results with highlighted snippets. See docs/documents-search.md."""
