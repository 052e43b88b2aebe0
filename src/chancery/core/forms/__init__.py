"""Core's forms, one module per area."""
