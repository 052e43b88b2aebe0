"""Jobs of search."""
