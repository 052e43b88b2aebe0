"""Jobs of records."""
