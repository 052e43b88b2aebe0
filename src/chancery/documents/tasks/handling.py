"""Jobs of handling."""
