"""Admin registrations, one module per area; each is imported here."""
