"""A test-only app with one guarded model, to exercise ``core.access`` on real tables."""
