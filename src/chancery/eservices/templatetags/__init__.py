"""Template tags of the e-services."""
