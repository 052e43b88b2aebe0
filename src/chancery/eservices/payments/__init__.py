"""E-services: payments."""
