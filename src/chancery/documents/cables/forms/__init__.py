"""Forms of the cables workspace (compose area: drafts, clearance, release)."""
