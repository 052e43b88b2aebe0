"""Jobs of intake."""
