"""Background jobs of the core app."""
