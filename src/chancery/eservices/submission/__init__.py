"""E-services: submission."""
